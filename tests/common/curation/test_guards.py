"""The admin's own parameters, on every admin of the site: a bad one gets the admin's answer
to bad input (a message, the list with "?e=1", the form with its error), never a 500."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from common.curation.guards import CheckedAdmin
from talks.models import TalkStatus
from tests.factories import EventFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

NOT_KEYS = ["abc", "", "²", "٣", "1" + "0" * 30]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_admin_of_the_site_is_checked():
    # Other apps' admins too: the accounts', the groups', the login lockouts'.
    unchecked = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, CheckedAdmin)
    ]
    assert unchecked == []
    assert admin.site.site_header == "confnotes curation"


@pytest.mark.parametrize("key", NOT_KEYS)
def test_action_on_a_selection_that_is_not_keys_changes_nothing(admin_client, key):
    talk = TalkFactory(status=TalkStatus.PENDING)
    url = reverse("admin:talks_talk_changelist")

    response = admin_client.post(
        url, {"action": "approve", "index": "0", ACTION_CHECKBOX_NAME: [str(talk.pk), key]}
    )

    assert response.status_code == 302
    assert response.url == url
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "This selection is not valid: nothing was changed."
    ]
    talk.refresh_from_db()
    assert talk.status == TalkStatus.PENDING


def test_another_apps_admin_checks_its_selection_too(admin_client):
    Group.objects.create(name="Readers")
    url = reverse("admin:auth_group_changelist")

    response = admin_client.post(url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: "abc"})

    assert response.status_code == 302
    assert Group.objects.filter(name="Readers").exists()


@pytest.mark.parametrize("page", ["change", "delete"])
def test_empty_to_field_is_no_field(admin_client, page):
    talk = TalkFactory(title="Operators")

    response = admin_client.get(
        reverse(f"admin:talks_talk_{page}", args=[talk.pk]), {"_to_field": ""}
    )

    assert response.status_code == 200
    assert "Operators" in response.content.decode()


@pytest.mark.parametrize(
    ("changelist", "parameter"),
    [
        ("talks_talk", "date__year"),
        ("talks_talk", "date__month"),
        ("admin_logentry", "action_time__day"),
        ("axes_accessattempt", "attempt_time__year"),
    ],
)
@pytest.mark.parametrize("value", ["1" + "0" * 30, "²", "0"])
def test_date_drilldown_out_of_any_calendar_is_reported(admin_client, changelist, parameter, value):
    AccessAttempt.objects.create(username="ada", ip_address="192.0.2.1", failures_since_start=1)
    url = reverse(f"admin:{changelist}_changelist")

    response = admin_client.get(
        url, {**{parameter.split("__")[0] + "__year": "2025"}, parameter: value}
    )

    assert response.status_code == 302
    assert response.url == url + "?e=1"


@pytest.mark.parametrize("key", [key for key in NOT_KEYS if key])
def test_autocomplete_field_posted_with_a_value_that_is_not_a_key_comes_back_with_its_error(
    admin_client, key
):
    talk = TalkFactory(title="Operators")
    data = {
        "event": key,
        "title": "Operators",
        "slug": talk.slug,
        "format": talk.format,
        "languages": "en",
        "status": talk.status,
        "talk_speakers-TOTAL_FORMS": "1",
        "talk_speakers-INITIAL_FORMS": "0",
        "talk_speakers-0-speaker": key,
        "talk_speakers-0-order": "0",
    }

    response = admin_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["event"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["speaker"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_autocomplete_field_shows_the_chosen_object(admin_client):
    event, speaker = EventFactory(name="KubeCon"), SpeakerFactory(name="Ada")
    talk = TalkFactory(event=event, speakers=[speaker])

    html = admin_client.get(reverse("admin:talks_talk_change", args=[talk.pk])).content.decode()

    # The event as its autocomplete answers describe it (test_autocomplete.py).
    assert (
        f'<option value="{event.pk}" selected>'
        "KubeCon · Oct. 16, 2025 \N{EN DASH} Oct. 17, 2025 · Nantes · Published</option>"
    ) in html
    assert f'<option value="{speaker.pk}" selected>Ada</option>' in html
