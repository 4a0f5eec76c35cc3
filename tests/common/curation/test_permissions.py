"""Who reaches the admin: editors and superusers curate; attendees and visitors never get in."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from people.services import EDITORS_GROUP_NAME
from tests.factories import TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

CURATED_CHANGELISTS = [
    "admin:admin_logentry_changelist",
    "admin:events_event_changelist",
    "admin:events_series_changelist",
    "admin:people_speaker_changelist",
    "admin:people_speakeralias_changelist",
    "admin:talks_note_changelist",
    "admin:talks_notereport_changelist",
    "admin:talks_proposal_changelist",
    "admin:talks_noterevision_changelist",
    "admin:talks_review_changelist",
    "admin:talks_talk_changelist",
    "admin:talks_topic_changelist",
    "admin:talks_topicalias_changelist",
]
ACCOUNT_CHANGELISTS = ["admin:people_user_changelist", "admin:auth_group_changelist"]


@pytest.fixture
def log_in_as(client, editor, superuser, attendee):
    def log_in(role):
        users = {"editor": editor, "superuser": superuser, "attendee": attendee}
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return log_in


def test_editors_group_has_exactly_the_curation_permissions():
    group = Group.objects.get(name=EDITORS_GROUP_NAME)

    permissions = sorted(
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    )

    assert permissions == [
        "admin.view_logentry",
        "events.add_event",
        "events.add_series",
        "events.change_event",
        "events.change_series",
        "events.view_event",
        "events.view_series",
        "people.add_speaker",
        "people.add_speakeralias",
        "people.change_speaker",
        "people.change_speakeralias",
        "people.view_speaker",
        "people.view_speakeralias",
        "talks.add_talk",
        "talks.add_talkspeaker",
        "talks.add_topic",
        "talks.add_topicalias",
        "talks.change_note",
        "talks.change_notereport",
        "talks.change_review",
        "talks.change_talk",
        "talks.change_talkspeaker",
        "talks.change_topic",
        "talks.change_topicalias",
        "talks.delete_talkspeaker",
        "talks.view_note",
        "talks.view_notereport",
        "talks.view_noterevision",
        "talks.view_review",
        "talks.view_talk",
        "talks.view_talkspeaker",
        "talks.view_topic",
        "talks.view_topicalias",
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("attendee", 302), ("editor", 200), ("superuser", 200)],
)
@pytest.mark.parametrize("url_name", ["admin:index", *CURATED_CHANGELISTS])
def test_curated_pages_are_for_editors_and_superusers_only(log_in_as, role, status, url_name):
    response = log_in_as(role).get(reverse(url_name))

    assert response.status_code == status
    if status == 302:
        assert response.url == f"{reverse('admin:login')}?next={reverse(url_name)}"


@pytest.mark.parametrize(("role", "status"), [("editor", 403), ("superuser", 200)])
@pytest.mark.parametrize("url_name", ACCOUNT_CHANGELISTS)
def test_accounts_and_groups_stay_with_superusers(log_in_as, role, status, url_name):
    assert log_in_as(role).get(reverse(url_name)).status_code == status


@pytest.mark.parametrize(("role", "status"), [("editor", 403), ("superuser", 200)])
def test_only_superusers_delete_talks(log_in_as, role, status):
    talk = TalkFactory()

    response = log_in_as(role).get(reverse("admin:talks_talk_delete", args=[talk.pk]))

    assert response.status_code == status


@pytest.mark.parametrize("model", ["note", "noterevision", "notereport", "review"])
def test_nobody_adds_contributions_in_the_admin(log_in_as, model):
    client = log_in_as("superuser")
    url = reverse(f"admin:talks_{model}_add")

    assert client.get(url).status_code == 403
    assert client.post(url, {"_save": "Save"}).status_code == 403


def test_staff_without_the_editors_group_sees_no_curated_list(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("admin:talks_note_changelist")).status_code == 403


def test_editors_are_offered_the_moderation_actions_and_no_deletion(log_in_as):
    response = log_in_as("editor").get(reverse("admin:talks_note_changelist"))

    assert [name for name, _ in response.context["action_form"].fields["action"].choices] == [
        "",
        "approve",
        "hide",
        "reject",
    ]


def test_superusers_are_also_offered_deletion(log_in_as):
    response = log_in_as("superuser").get(reverse("admin:talks_note_changelist"))

    assert [name for name, _ in response.context["action_form"].fields["action"].choices] == [
        "",
        "delete_selected",
        "approve",
        "hide",
        "reject",
    ]
