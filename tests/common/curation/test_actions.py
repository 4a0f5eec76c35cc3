"""Every admin action, for every role: editors and superusers act, others change nothing."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from events.models import EventStatus
from people.models import Speaker, SpeakerAlias
from talks.models import NoteStatus, ReviewStatus, TalkStatus, Topic, TopicAlias
from tests.factories import (
    EventFactory,
    NoteFactory,
    NoteReportFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["editor", "superuser"])
def curator_client(request, client, editor, superuser):
    client.force_login({"editor": editor, "superuser": superuser}[request.param])
    return client


@pytest.fixture(params=["anonymous", "attendee"])
def outsider_client(request, client, attendee):
    if request.param == "attendee":
        client.force_login(attendee)
    return client


def _post(client, url_name, action, objects, **data):
    return client.post(
        reverse(url_name),
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data},
    )


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _pending_note(**kwargs):
    return NoteFactory(status=NoteStatus.PENDING, published_at=None, **kwargs)


# (changelist, action, factory of the selected object, its field, its value afterwards)
DIRECT_ACTIONS = [
    ("admin:talks_note_changelist", "approve", _pending_note, "status", NoteStatus.PUBLISHED),
    (
        "admin:talks_talk_changelist",
        "approve",
        lambda: TalkFactory(status=TalkStatus.PENDING),
        "status",
        TalkStatus.PUBLISHED,
    ),
    (
        "admin:events_event_changelist",
        "approve",
        lambda: EventFactory(status=EventStatus.PENDING),
        "status",
        EventStatus.PUBLISHED,
    ),
    ("admin:talks_review_changelist", "hide", ReviewFactory, "status", ReviewStatus.HIDDEN),
    (
        "admin:talks_review_changelist",
        "publish",
        lambda: ReviewFactory(status=ReviewStatus.HIDDEN),
        "status",
        ReviewStatus.PUBLISHED,
    ),
    ("admin:talks_notereport_changelist", "resolve", NoteReportFactory, "resolved", True),
]
REASON_ACTIONS = [
    ("admin:talks_note_changelist", "hide", NoteFactory, NoteStatus.HIDDEN),
    ("admin:talks_note_changelist", "reject", _pending_note, NoteStatus.REJECTED),
    (
        "admin:talks_talk_changelist",
        "reject",
        lambda: TalkFactory(status=TalkStatus.PENDING),
        TalkStatus.REJECTED,
    ),
    (
        "admin:events_event_changelist",
        "reject",
        lambda: EventFactory(status=EventStatus.PENDING),
        EventStatus.REJECTED,
    ),
]


@pytest.mark.parametrize(("url_name", "action", "make", "field", "expected"), DIRECT_ACTIONS)
def test_direct_action_applies_for_curators(
    curator_client, url_name, action, make, field, expected
):
    obj = make()

    response = _post(curator_client, url_name, action, [obj])

    obj.refresh_from_db()
    assert response.status_code == 302
    assert getattr(obj, field) == expected
    assert len(_messages(response)) == 1


@pytest.mark.parametrize(("url_name", "action", "make", "field", "expected"), DIRECT_ACTIONS)
def test_direct_action_is_refused_to_outsiders(
    outsider_client, url_name, action, make, field, expected
):
    obj = make()
    before = getattr(obj, field)

    response = _post(outsider_client, url_name, action, [obj])

    obj.refresh_from_db()
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert getattr(obj, field) == before


@pytest.mark.parametrize(("url_name", "action", "make", "expected"), REASON_ACTIONS)
def test_reason_action_asks_then_applies_with_the_reason(
    curator_client, url_name, action, make, expected
):
    obj = make()
    before = obj.status

    page = _post(curator_client, url_name, action, [obj])
    obj.refresh_from_db()
    assert page.status_code == 200
    assert page.templates[0].name == "admin/curation/action_reason.html"
    assert list(page.context["objects"]) == [obj]
    assert obj.status == before

    done = _post(curator_client, url_name, action, [obj], apply="1", reason="Off topic.")
    obj.refresh_from_db()
    assert done.status_code == 302
    assert (obj.status, obj.moderation_reason) == (expected, "Off topic.")


@pytest.mark.parametrize(("url_name", "action", "make", "expected"), REASON_ACTIONS)
def test_reason_action_is_refused_to_outsiders(outsider_client, url_name, action, make, expected):
    obj = make()
    before = obj.status

    response = _post(outsider_client, url_name, action, [obj], apply="1", reason="x")

    obj.refresh_from_db()
    assert response.status_code == 302
    assert obj.status == before


def test_reason_too_long_shows_the_page_again_with_the_text(curator_client):
    note = NoteFactory()
    reason = "x" * 2001

    response = _post(
        curator_client, "admin:talks_note_changelist", "hide", [note], apply="1", reason=reason
    )

    note.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reason": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }
    assert response.context["form"]["reason"].value() == reason
    assert note.status == NoteStatus.PUBLISHED


def test_reason_line_breaks_are_stored_as_line_feeds(client, editor):
    note = NoteFactory()
    client.force_login(editor)
    _post(client, "admin:talks_note_changelist", "hide", [note], apply="1", reason="Off\r\ntopic.")
    note.refresh_from_db()
    assert note.moderation_reason == "Off\ntopic."


def test_admin_text_fields_store_line_breaks_as_line_feeds(client, editor):
    series = SeriesFactory(name="DevFest Nantes", slug="devfest-nantes")
    client.force_login(editor)
    client.post(
        reverse("admin:events_series_change", args=[series.pk]),
        {
            "name": "DevFest Nantes",
            "slug": "devfest-nantes",
            "website": "",
            "description": "a\r\nb",
        },
    )
    series.refresh_from_db()
    assert series.description == "a\nb"


def test_report_hide_notes_action_hides_the_note_and_resolves_the_report(curator_client):
    report = NoteReportFactory()

    _post(curator_client, "admin:talks_notereport_changelist", "hide_notes", [report])
    response = _post(
        curator_client,
        "admin:talks_notereport_changelist",
        "hide_notes",
        [report],
        apply="1",
        reason="Spam.",
    )

    report.refresh_from_db()
    report.note.refresh_from_db()
    assert response.status_code == 302
    assert (report.resolved, report.note.status) == (True, NoteStatus.HIDDEN)
    assert _messages(response) == ["1 note hidden; its reports are resolved."]


def test_editor_clears_a_queue_of_pending_notes(client, editor):
    notes = [_pending_note() for _ in range(3)]
    client.force_login(editor)

    response = _post(client, "admin:talks_note_changelist", "approve", notes)

    assert _messages(response) == ["3 notes approved."]
    queue = client.get(reverse("admin:talks_note_changelist"), {"status__exact": "pending"})
    assert list(queue.context["cl"].result_list) == []


def test_speaker_merge_goes_through_choice_and_confirmation(curator_client):
    keep = SpeakerFactory(name="Jérôme Petazzoni", slug="jerome-petazzoni")
    duplicate = SpeakerFactory(name="Jerome Petazzoni", slug="jerome-petazzoni-2")
    talk = TalkFactory(title="Containers from scratch", speakers=[duplicate])
    url_name = "admin:people_speaker_changelist"

    choose = _post(curator_client, url_name, "merge", [keep, duplicate])
    assert choose.templates[0].name == "admin/curation/merge_choose.html"
    assert [candidate for candidate, _ in choose.context["candidates"]] == [duplicate, keep]

    confirm = _post(curator_client, url_name, "merge", [keep, duplicate], keep=keep.pk)
    assert confirm.templates[0].name == "admin/curation/merge_confirm.html"
    assert [(section.heading, list(section.lines)) for section in confirm.context["sections"]] == [
        ("Talks that move to Jérôme Petazzoni", [f"Containers from scratch ({talk.event})"]),
        ("Talks where both are listed: one entry remains, in the first place", []),
        (
            "Old links that will redirect",
            ["/speakers/jerome-petazzoni-2/ → /speakers/jerome-petazzoni/"],
        ),
        ("Aliases that move over", []),
        ("Details filled in", []),
    ]
    assert Speaker.objects.count() == 2

    done = _post(curator_client, url_name, "merge", [keep, duplicate], keep=keep.pk, confirm="1")
    assert done.status_code == 302
    assert done.url == reverse("admin:people_speaker_change", args=[keep.pk])
    assert list(Speaker.objects.all()) == [keep]
    assert list(talk.speakers.all()) == [keep]
    assert SpeakerAlias.objects.get(slug="jerome-petazzoni-2").speaker == keep


def test_speaker_merge_lists_the_details_filled_in_typeset_in_french(client, editor):
    keep = SpeakerFactory(name="Jérôme Petazzoni", affiliation="")
    duplicate = SpeakerFactory(name="Jerome Petazzoni", affiliation="Tiny Shell Script")
    client.force_login(editor)
    client.cookies["django_language"] = "fr"

    confirm = _post(
        client, "admin:people_speaker_changelist", "merge", [keep, duplicate], keep=keep.pk
    )

    sections = {section.heading: list(section.lines) for section in confirm.context["sections"]}
    assert sections["Informations complétées"] == ["affiliation\u00a0: Tiny Shell Script"]


def test_topic_merge_goes_through_choice_and_confirmation(curator_client):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    k8s = TopicFactory(name="k8s", slug="k8s")
    talk = TalkFactory(title="Operators", topics=[k8s])
    url_name = "admin:talks_topic_changelist"

    confirm = _post(curator_client, url_name, "merge", [kubernetes, k8s], keep=kubernetes.pk)
    assert [(section.heading, list(section.lines)) for section in confirm.context["sections"]] == [
        (
            "Talks retagged",
            [
                "Talks that get “Kubernetes” instead: 1; that already have it: 0.",
                f"Operators ({talk.event})",
            ],
        ),
        ("Old links that will redirect", ["/topics/k8s/ → /topics/kubernetes/"]),
        ("Aliases that move over", []),
        ("Description filled in", []),
    ]

    _post(curator_client, url_name, "merge", [kubernetes, k8s], keep=kubernetes.pk, confirm="1")

    assert list(Topic.objects.all()) == [kubernetes]
    assert list(talk.topics.all()) == [kubernetes]
    assert TopicAlias.objects.get(slug="k8s").topic == kubernetes


def test_merge_needs_two_selected(curator_client):
    speaker = SpeakerFactory()

    response = _post(curator_client, "admin:people_speaker_changelist", "merge", [speaker])

    assert response.status_code == 302
    assert _messages(response) == [
        "Select between 2 and 1000 speakers to merge: nothing was changed."
    ]


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("admin:people_speaker_changelist", SpeakerFactory),
        ("admin:talks_topic_changelist", TopicFactory),
    ],
)
def test_merge_is_refused_to_outsiders(outsider_client, url_name, make):
    keep, duplicate = make(), make()

    response = _post(
        outsider_client, url_name, "merge", [keep, duplicate], keep=keep.pk, confirm="1"
    )

    assert response.status_code == 302
    assert keep.__class__.objects.count() == 2


def test_editor_activity_lists_admin_edits_and_moderation_alike(client, editor):
    series = SeriesFactory(name="Devfest Nantes", slug="devfest-nantes")
    note = _pending_note()
    client.force_login(editor)

    client.post(
        reverse("admin:events_series_change", args=[series.pk]),
        {"name": "DevFest Nantes", "slug": "devfest-nantes", "website": "", "description": ""},
    )
    _post(client, "admin:talks_note_changelist", "approve", [note])
    response = client.get(reverse("admin:admin_logentry_changelist"))

    assert [
        (entry.user, entry.object_repr, entry.get_change_message())
        for entry in response.context["cl"].result_list
    ] == [
        (editor, str(note), "Approved: published."),
        (editor, "DevFest Nantes", "Changed Name."),
    ]


def test_merged_speakers_old_page_redirects_for_good(client, editor):
    keep = SpeakerFactory(name="Jérôme Petazzoni", slug="jerome-petazzoni")
    duplicate = SpeakerFactory(name="Jerome Petazzoni", slug="jerome-petazzoni-2")
    TalkFactory(speakers=[duplicate])
    old_url = duplicate.get_absolute_url()
    client.force_login(editor)

    _post(
        client,
        "admin:people_speaker_changelist",
        "merge",
        [keep, duplicate],
        keep=keep.pk,
        confirm="1",
    )
    response = client.get(old_url)

    assert (response.status_code, response.url) == (301, keep.get_absolute_url())


def test_merged_topics_old_page_redirects_for_good(client, editor):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    k8s = TopicFactory(name="k8s", slug="k8s")
    TalkFactory(topics=[k8s])
    old_url = k8s.get_absolute_url()
    client.force_login(editor)

    _post(
        client,
        "admin:talks_topic_changelist",
        "merge",
        [kubernetes, k8s],
        keep=kubernetes.pk,
        confirm="1",
    )
    response = client.get(old_url)

    assert (response.status_code, response.url) == (301, kubernetes.get_absolute_url())
