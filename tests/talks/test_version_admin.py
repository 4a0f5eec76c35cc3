"""The "Versions" panel of a talk's admin page, the list's action that links talks, and its
filter by versions."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talks.models import Talk, VersionDismissal, Work
from talks.services.versions import talk_versions_link
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:talks_talk_changelist")


def _page(talk):
    return reverse("admin:talks_talk_change", args=[talk.pk])


def _versions_url(talk):
    return reverse("admin:talks_talk_versions", args=[talk.pk])


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _work_of(*talks) -> set:
    return {Talk.objects.get(pk=talk.pk).work_id for talk in talks}


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def operators():
    """The database operators talk given in French at KCD France, then in English at KubeCon,
    and a third talk by one of its speakers."""
    buisine, petazzoni = (
        SpeakerFactory(name="Alexandre Buisine"),
        SpeakerFactory(name="Jérôme Petazzoni"),
    )
    kcd = TalkFactory(
        title="Database operators in Kubernetes: a deep dive",
        event=EventFactory(name="KCD France 2023"),
        languages=["fr"],
        speakers=[buisine],
    )
    kubecon = TalkFactory(
        title="We Tested and Compared 6 Database Operators",
        event=EventFactory(name="KubeCon Europe 2024"),
        speakers=[petazzoni, buisine],
    )
    keynote = TalkFactory(
        title="Opening keynote", event=EventFactory(name="DevFest"), speakers=[petazzoni]
    )
    return kcd, kubecon, keynote


# The panel


def test_the_panel_shows_the_versions_and_the_candidates_with_their_buttons(
    editor_client, operators
):
    kcd, kubecon, keynote = operators
    talk_versions_link(talk=kcd, other=kubecon, editor=None)

    response = editor_client.get(_page(kubecon))

    panel = response.context["versions_panel"]
    assert panel["versions"] == [kcd, kubecon]
    assert panel["candidates"] == [keynote]
    html = response.content.decode()
    assert f'<a href="{_page(kcd)}">Database operators in Kubernetes: a deep dive</a>' in html
    assert "We Tested and Compared 6 Database Operators (this talk)" in html
    assert "Speakers in common: Jérôme Petazzoni" in html
    assert f'<form method="post" action="{_versions_url(kubecon)}">' in html
    assert html.count('name="action" value="unlink"') == 2
    assert html.count('name="action" value="link"') == 1
    assert html.count('name="action" value="dismiss"') == 1


def test_the_panel_of_a_talk_without_versions_says_so(editor_client):
    response = editor_client.get(_page(TalkFactory(title="Alone")))

    html = response.content.decode()
    assert "None: this talk is not linked to other versions." in html
    assert "None: no talk of another event has a title alike or a speaker in common." in html


def _talk_with_versions_and_candidates(size: int, title: str) -> Talk:
    speaker = SpeakerFactory()
    talk = TalkFactory(title=title, speakers=[speaker])
    for _ in range(size):
        talk_versions_link(talk=talk, other=TalkFactory(speakers=[speaker]), editor=None)
        TalkFactory(title=title, speakers=[speaker])
    return talk


def test_the_talk_page_runs_as_many_queries_whatever_its_versions(editor_client):
    counts = {}
    for size, title in ((1, "Observability for everyone"), (5, "Rust controllers in production")):
        talk = _talk_with_versions_and_candidates(size, title)
        # The first page fills caches that later pages read (content types).
        editor_client.get(_page(talk))
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(_page(talk))
        panel = response.context["versions_panel"]
        assert (len(panel["versions"]), len(panel["candidates"])) == (size + 1, size)
        counts[size] = len(queries)

    assert counts[1] == counts[5]


def test_a_viewer_sees_the_panel_without_buttons(client, operators):
    kcd, kubecon, _ = operators
    talk_versions_link(talk=kcd, other=kubecon, editor=None)
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_talk"))
    client.force_login(viewer)

    html = client.get(_page(kubecon)).content.decode()

    assert "Database operators in Kubernetes: a deep dive" in html
    assert 'name="action"' not in html


# What the buttons post


def test_link_makes_the_candidate_a_version(editor_client, operators):
    kcd, kubecon, _ = operators

    response = editor_client.post(_versions_url(kcd), {"action": "link", "other": kubecon.pk})

    assert response.status_code == 302
    assert response.url == f"{_page(kcd)}#versions"
    assert len(_work_of(kcd, kubecon) - {None}) == 1
    assert _messages(response) == [
        "“Database operators in Kubernetes: a deep dive” and “We Tested and Compared 6 Database "
        "Operators” are now versions of one talk."
    ]


def test_not_a_version_stops_the_suggestion(editor_client, operators):
    kcd, kubecon, _ = operators

    response = editor_client.post(_versions_url(kcd), {"action": "dismiss", "other": kubecon.pk})

    assert list(VersionDismissal.objects.values_list("talk", "other")) == [(kcd.pk, kubecon.pk)]
    assert _messages(response) == [
        "“We Tested and Compared 6 Database Operators” will no longer be suggested as a version "
        "of this talk."
    ]
    assert editor_client.get(_page(kcd)).context["versions_panel"]["candidates"] == []


def test_unlink_takes_a_version_out(editor_client, operators):
    kcd, kubecon, _ = operators
    talk_versions_link(talk=kcd, other=kubecon, editor=None)

    response = editor_client.post(_versions_url(kubecon), {"action": "unlink", "other": kcd.pk})

    assert _work_of(kcd, kubecon) == {None}
    assert Work.objects.count() == 0
    assert _messages(response) == [
        "“Database operators in Kubernetes: a deep dive” is no longer linked to other versions."
    ]


def test_unlink_refuses_a_talk_that_is_not_a_version(editor_client, operators):
    kcd, kubecon, keynote = operators
    talk_versions_link(talk=kcd, other=kubecon, editor=None)

    response = editor_client.post(_versions_url(kcd), {"action": "unlink", "other": keynote.pk})

    assert len(_work_of(kcd, kubecon) - {None}) == 1
    assert _messages(response) == [
        "“Opening keynote” is not a version of this talk: nothing was changed."
    ]


def test_linking_two_talks_of_one_event_gives_a_message(editor_client):
    event = EventFactory(name="DevFest Nantes 2025")
    talk, other = TalkFactory(event=event, title="One"), TalkFactory(event=event, title="Two")

    response = editor_client.post(_versions_url(talk), {"action": "link", "other": other.pk})

    assert response.status_code == 302
    assert _messages(response) == [
        "“One” and “Two” are two talks of the same event (DevFest Nantes 2025): they cannot be "
        "versions of one talk."
    ]
    assert Work.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "link"},
        {"action": "link", "other": "abc"},
        {"action": "link", "other": "99999999999999999999999"},
        {"action": "link", "other": "0"},
        {"action": "merge", "other": "1"},
        {"action": "link", "other": "\u0661"},
    ],
)
def test_bad_input_gives_a_message_never_an_error(editor_client, data):
    talk = TalkFactory()

    response = editor_client.post(_versions_url(talk), data)

    assert response.status_code == 302
    assert len(_messages(response)) == 1
    assert Work.objects.count() == 0


@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999999", "0"])
def test_a_bad_talk_address_gives_a_message_never_an_error(editor_client, object_id):
    other = TalkFactory()

    response = editor_client.post(
        f"/admin/talks/talk/{object_id}/versions/", {"action": "link", "other": other.pk}
    )

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert Work.objects.count() == 0


def test_the_panels_address_takes_no_get(editor_client):
    assert editor_client.get(_versions_url(TalkFactory())).status_code == 405


def test_an_anonymous_reader_cannot_link(client, operators):
    kcd, kubecon, _ = operators

    response = client.post(_versions_url(kcd), {"action": "link", "other": kubecon.pk})

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert Work.objects.count() == 0


def test_an_attendee_cannot_link(client, attendee, operators):
    kcd, kubecon, _ = operators
    client.force_login(attendee)

    response = client.post(_versions_url(kcd), {"action": "link", "other": kubecon.pk})

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert Work.objects.count() == 0


def test_staff_who_may_only_view_talks_cannot_link(client, operators):
    kcd, kubecon, _ = operators
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_talk"))
    client.force_login(viewer)

    response = client.post(_versions_url(kcd), {"action": "link", "other": kubecon.pk})

    assert response.status_code == 403
    assert Work.objects.count() == 0


def test_a_post_without_its_csrf_token_is_refused(editor, operators):
    kcd, kubecon, _ = operators
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(_versions_url(kcd), {"action": "link", "other": kubecon.pk})

    assert response.status_code == 403
    assert Work.objects.count() == 0


def test_the_panel_and_its_messages_are_in_french(editor_client, operators):
    kcd, kubecon, _ = operators
    headers = {"accept-language": "fr"}

    html = editor_client.get(_page(kcd), headers=headers).content.decode()
    response = editor_client.post(
        _versions_url(kcd), {"action": "link", "other": kubecon.pk}, headers=headers
    )

    assert "Versions liées" in html
    assert "Lier comme versions" in html
    assert "Intervenants en commun\u00a0: Alexandre Buisine" in html
    assert _messages(response) == [
        "«\u00a0Database operators in Kubernetes: a deep dive\u00a0» et «\u00a0We Tested and "
        "Compared 6 Database Operators\u00a0» sont désormais des versions d\u2019une même "
        "présentation."
    ]


# The list


def _act(client, talks, action="link_versions"):
    return client.post(LIST, {"action": action, ACTION_CHECKBOX_NAME: [talk.pk for talk in talks]})


def test_the_list_action_links_the_selected_talks(editor_client, operators):
    kcd, kubecon, keynote = operators

    response = _act(editor_client, [kcd, kubecon, keynote])

    assert len(_work_of(kcd, kubecon, keynote)) == 1
    assert _work_of(kcd) != {None}
    assert _messages(response) == ["3 talks are now versions of one talk."]


def test_the_list_action_needs_two_talks(editor_client, operators):
    response = _act(editor_client, operators[:1])

    assert Work.objects.count() == 0
    assert _messages(response) == ["Select between 2 and 20 talks to link: nothing was changed."]


def test_the_list_action_changes_nothing_when_one_pair_is_refused(editor_client):
    event = EventFactory(name="DevFest Nantes 2025")
    talks = [TalkFactory(), TalkFactory(event=event), TalkFactory(event=event)]

    response = _act(editor_client, talks)

    assert Work.objects.count() == 0
    assert _work_of(*talks) == {None}
    assert len(_messages(response)) == 1
    assert _messages(response)[0].endswith("Nothing was changed.")


def test_the_list_filters_talks_with_and_without_versions(editor_client, operators):
    kcd, kubecon, keynote = operators
    talk_versions_link(talk=kcd, other=kubecon, editor=None)

    listed = {
        value: set(editor_client.get(LIST, {"versions": value}).context["cl"].result_list)
        for value in ("yes", "no")
    }

    assert listed == {"yes": {kcd, kubecon}, "no": {keynote}}


def test_the_talk_form_leaves_versions_to_the_panel(editor_client):
    response = editor_client.get(_page(TalkFactory()))

    assert "work" not in response.context["adminform"].form.fields
