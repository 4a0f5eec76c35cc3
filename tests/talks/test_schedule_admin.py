"""Importing a schedule in the admin: upload or address, preview, choices, import, report."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.fetching import MAX_BYTES
from events.models import Event
from people.models import Speaker, SpeakerAlias
from talks.models import ScheduleUpload, Talk, Topic
from tests.factories import SpeakerFactory, TopicFactory, UserFactory
from tests.http_server import answer

pytestmark = pytest.mark.django_db

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
DEMOCON = (INTEROP / "pretalx-democon.json").read_bytes()
# In pretalx-democon.json: 36 sessions, 27 people (Curtis Andrews speaks five times, Mariah
# Estrada three), 21 talks in the Horizontal track and 15 in the Phased one.
PEOPLE = 27
UPLOAD_URL = reverse("admin:talks_scheduleupload_add")


def preview_url(upload: ScheduleUpload) -> str:
    return reverse("admin:talks_scheduleupload_change", args=[upload.pk])


def upload_file(client, content: bytes = DEMOCON, name: str = "pretalx-democon.json", **fields):
    return client.post(
        UPLOAD_URL, {"file": SimpleUploadedFile(name, content), "address": "", **fields}
    )


def counts(response) -> dict[str, tuple[int, int, int]]:
    return {str(kind): tuple(numbers) for kind, *numbers in response.context["count_rows"]}


def as_filled(client, upload: ScheduleUpload, **changes) -> dict:
    """The preview's choices as the page fills them in, with `changes`."""
    form = client.get(preview_url(upload)).context["form"]
    return {**{name: form[name].initial for name in form.fields}, **changes}


def speaker_field(upload: ScheduleUpload, name: str) -> str:
    return f"speaker-{upload.preview['new_speakers'].index(name)}"


def track_field(upload: ScheduleUpload, track: str) -> str:
    return f"track-{[row[0] for row in upload.preview['tracks']].index(track)}"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def alike():
    """Existing speakers like two people of the schedule, and a topic for a track."""
    return {
        "curtis": SpeakerFactory(name="Curtis J. Andrews"),
        "maria": SpeakerFactory(name="Maria Estrada"),
        "design": TopicFactory(name="Design"),
    }


def test_the_talk_and_event_lists_offer_the_import_to_editors(editor_client):
    for name in ("admin:talks_talk_changelist", "admin:events_event_changelist"):
        page = editor_client.get(reverse(name)).content.decode()

        assert f'<a href="{UPLOAD_URL}" class="addlink">Import a schedule</a>' in page


def test_upload_preview_choices_import_and_import_again(editor_client, editor, alike):
    curtis, maria, design = alike["curtis"], alike["maria"], alike["design"]

    # The upload is read and kept; nothing of it is written yet.
    response = upload_file(editor_client)
    upload = ScheduleUpload.objects.get()
    assert response.status_code == 302
    assert response.url == preview_url(upload)
    assert (upload.name, bytes(upload.content), upload.uploaded_by) == (
        "pretalx-democon.json",
        DEMOCON,
        editor,
    )
    assert (Event.objects.count(), Talk.objects.count(), Speaker.objects.count()) == (0, 0, 2)

    # The preview: the dry run's counts, the speakers alike, each track's topic.
    preview = editor_client.get(response.url)
    assert counts(preview) == {
        "Events": (1, 0, 0),
        "Talks": (36, 0, 0),
        "Speakers": (PEOPLE, 0, 0),
        "Topics": (0, 0, 0),
    }
    form = preview.context["form"]
    assert {
        field.label: [value for value, _ in field.field.choices] for field in form.speaker_fields()
    } == {
        "Curtis Andrews": [str(curtis.pk), "new"],
        "Mariah Estrada": [str(maria.pk), "new"],
    }
    assert [(track, talks, field.initial) for track, talks, field in form.track_rows()] == [
        ("Phased", 15, "leave-out"),
        ("Horizontal", 21, "leave-out"),
    ]
    assert "Is “Curtis Andrews” one of these speakers?" in preview.content.decode()

    # Curtis is the existing speaker, Mariah is not Maria; Horizontal is Design, Phased a new
    # topic: the preview again, with these choices, still writes nothing.
    choices = {
        speaker_field(upload, "Curtis Andrews"): str(curtis.pk),
        speaker_field(upload, "Mariah Estrada"): "new",
        track_field(upload, "Horizontal"): str(design.pk),
        track_field(upload, "Phased"): "new",
    }
    again = editor_client.post(preview_url(upload), {**choices, "_preview": "Preview"})
    assert counts(again) == {
        "Events": (1, 0, 0),
        "Talks": (36, 0, 0),
        "Speakers": (PEOPLE - 1, 1, 0),
        "Topics": (1, 1, 0),
    }
    assert (Talk.objects.count(), Topic.objects.count()) == (0, 1)

    # Import: the talks, speakers and topics as chosen.
    imported = editor_client.post(preview_url(upload), {**choices, "_import": "Import"})
    assert imported.status_code == 302
    assert Talk.objects.count() == 36
    assert Talk.objects.filter(speakers=curtis).count() == 5
    assert not Talk.objects.filter(speakers=maria).exists()
    assert Talk.objects.filter(speakers__name="Mariah Estrada").count() == 3
    assert Talk.objects.filter(topics=design).count() == 21
    assert Talk.objects.filter(topics__name="Phased").count() == 15
    assert SpeakerAlias.objects.get(name="Curtis Andrews").speaker == curtis
    upload.refresh_from_db()
    assert (upload.imported_by, upload.event) == (editor, Event.objects.get())
    report = editor_client.get(preview_url(upload))
    assert counts(report) == counts(again)
    assert "Imported on " in report.content.decode()

    # The same schedule again: everything unchanged, nothing to ask.
    upload_file(editor_client)
    second = ScheduleUpload.objects.latest("pk")
    preview = editor_client.get(preview_url(second))
    assert counts(preview) == {
        "Events": (0, 0, 1),
        "Talks": (0, 0, 36),
        "Speakers": (0, 0, PEOPLE),
        "Topics": (0, 0, 2),
    }
    assert preview.context["form"].speaker_fields() == []
    assert [field.initial for _, _, field in preview.context["form"].track_rows()] == [
        str(Topic.objects.get(name="Phased").pk),
        str(design.pk),
    ]


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_schedule_is_fetched_from_its_address(editor_client, http_server):
    http_server.routes["/democon/schedule.json"] = answer(DEMOCON)
    url = http_server.url("/democon/schedule.json")

    response = editor_client.post(UPLOAD_URL, {"address": url})

    upload = ScheduleUpload.objects.get()
    assert response.url == preview_url(upload)
    assert (upload.name, upload.source_url, bytes(upload.content)) == (url, url, DEMOCON)
    assert counts(editor_client.get(response.url))["Talks"] == (36, 0, 0)


def test_a_private_address_is_refused_and_the_form_keeps_it(editor_client, http_server):
    http_server.routes["/schedule.json"] = answer(DEMOCON)
    url = http_server.url("/schedule.json")

    response = editor_client.post(UPLOAD_URL, {"address": url})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "address": [f"{url} points to a private address: only public addresses are fetched."]
    }
    assert f'value="{url}"' in response.content.decode()
    assert (http_server.requested, ScheduleUpload.objects.count()) == ([], 0)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            (INTEROP / "invalid-example.json").read_bytes(),
            'schedule.json: schedule.conference.days[0].rooms["Winterchaos"][0].persons[0].id: '
            'expected a whole number, found "dsadf"',
        ),
        (b"Day one: keynote", "schedule.json: neither a schedule JSON nor a schedule.xml file"),
        (
            b'{"schedule": ',
            "schedule.json: not valid JSON: Expecting value: line 1 column 14 (char 13)",
        ),
    ],
    ids=["malformed", "unrecognised", "broken"],
)
def test_a_file_that_cannot_be_read_is_refused_naming_the_place(editor_client, content, error):
    response = upload_file(editor_client, content, name="schedule.json")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"This schedule cannot be imported: {error}"
    ]
    assert (ScheduleUpload.objects.count(), Event.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {"__all__": ["Give a file or an address."]}),
        (
            {"file": "schedule.json", "address": "https://example.org/schedule.json"},
            {"__all__": ["Give a file or an address, not both."]},
        ),
        ({"address": "not an address"}, {"address": ["Enter a valid URL."]}),
        ({"file": "big.json"}, {"file": ["The document is larger than 5 MB."]}),
    ],
    ids=["nothing", "both", "bad-address", "too-big"],
)
def test_an_upload_form_with_no_usable_source_is_refused(editor_client, fields, errors):
    data = dict(fields)
    if data.get("file") == "schedule.json":
        data["file"] = SimpleUploadedFile("schedule.json", DEMOCON)
    elif data.get("file") == "big.json":
        data["file"] = SimpleUploadedFile("big.json", b" " * (MAX_BYTES + 1))

    response = editor_client.post(UPLOAD_URL, data)

    assert response.context["form"].errors == errors
    assert ScheduleUpload.objects.count() == 0


def test_choices_that_are_not_offered_are_refused_and_nothing_written(editor_client, alike):
    upload_file(editor_client)
    upload = ScheduleUpload.objects.get()

    choices = as_filled(
        editor_client,
        upload,
        **{
            speaker_field(upload, "Curtis Andrews"): str(alike["maria"].pk + 1000),
            track_field(upload, "Horizontal"): "²",
        },
    )

    response = editor_client.post(preview_url(upload), {**choices, "_import": "Import"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == [
        speaker_field(upload, "Curtis Andrews"),
        track_field(upload, "Horizontal"),
    ]
    assert (Talk.objects.count(), ScheduleUpload.objects.get().imported_at) == (0, None)


def test_an_event_chosen_at_upload_receives_the_talks(editor_client, alike):
    event = Event.objects.create(
        name="DemoCon Autumn", slug="democon-autumn", start_date="2025-01-01", end_date="2025-01-01"
    )
    upload_file(editor_client, event=str(event.pk))
    upload = ScheduleUpload.objects.get()

    editor_client.post(
        preview_url(upload), {**as_filled(editor_client, upload), "_import": "Import"}
    )

    assert Talk.objects.filter(event=event).count() == 36
    assert list(Event.objects.values_list("slug", flat=True)) == ["democon-autumn"]


def test_a_second_import_of_the_same_upload_writes_nothing_more(editor_client):
    upload_file(editor_client)
    upload = ScheduleUpload.objects.get()
    fields = as_filled(editor_client, upload, **{track_field(upload, "Phased"): "new"})
    editor_client.post(preview_url(upload), {**fields, "_import": "Import"})

    response = editor_client.post(preview_url(upload), {**fields, "_import": "Import"})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/talks/scheduleupload/report.html"
    assert (Talk.objects.count(), Topic.objects.count()) == (36, 1)


@pytest.mark.parametrize(
    ("permissions", "status"),
    [
        ([], 403),
        (["talks.add_talk"], 403),
        (["events.add_event"], 403),
        (["talks.add_talk", "events.add_event"], 200),
    ],
)
def test_only_who_may_add_talks_and_events_imports(client, permissions, status):
    user = UserFactory(is_staff=True)
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client.force_login(user)

    assert client.get(UPLOAD_URL).status_code == status
    assert upload_file(client).status_code == (302 if status == 200 else 403)


def test_an_attendee_is_sent_to_the_login(client, attendee):
    client.force_login(attendee)

    response = client.get(UPLOAD_URL)

    assert response.url == f"{reverse('admin:login')}?next={UPLOAD_URL}"


def test_uploads_beyond_the_rate_limit_are_refused(
    editor_client, settings, rate_limit_clock_stopped
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "schedule-import": {"user": (1, 3600)}}
    upload_file(editor_client)

    response = upload_file(editor_client)

    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [
        "You have imported many schedules in a short time: try again in 60 minutes."
    ]
    assert ScheduleUpload.objects.count() == 1


def test_the_upload_page_speaks_french(editor_client):
    page = editor_client.get(UPLOAD_URL, headers={"accept-language": "fr"}).content.decode()

    assert "<title>Importer un programme" in page


def democon_sized(sessions: int) -> bytes:
    """A schedule of `sessions` talks, each with its own new speaker, all in three tracks."""
    entries = [
        {
            "guid": f"00000000-0000-4000-8000-{number:012d}",
            "title": f"Talk {number}",
            "date": "2025-10-16T10:00:00+02:00",
            "duration": "00:30",
            "track": f"Track {number % 3}",
            "persons": [{"public_name": f"Person Number{number}"}],
        }
        for number in range(sessions)
    ]
    return json.dumps(
        {
            "schedule": {
                "conference": {
                    "title": "Sized",
                    "acronym": "sized",
                    "start": "2025-10-16",
                    "end": "2025-10-16",
                    "days": [{"rooms": {"Hall": entries}}],
                }
            }
        }
    ).encode()


@pytest.mark.parametrize("sessions", [10, 40])
def test_the_preview_runs_a_fixed_number_of_queries(
    editor_client, django_assert_num_queries, sessions
):
    for number in range(sessions):
        SpeakerFactory(name=f"Person Numbr{number}")
    TopicFactory(name="Track 1")
    upload_file(editor_client, democon_sized(sessions), name="sized.json")
    url = preview_url(ScheduleUpload.objects.get())

    # Session, user, the user's and their groups' permissions, the upload, the speakers
    # alike, the topics.
    with django_assert_num_queries(7):
        response = editor_client.get(url)

    assert len(response.context["form"].speaker_fields()) == sessions


def test_a_sessionize_export_needs_an_event_chosen(editor_client):
    sessionize = (INTEROP / "sessionize-all.json").read_bytes()

    response = upload_file(editor_client, sessionize, name="sessionize.json")

    assert response.context["form"].errors == {
        "event": [
            "This file names no conference (Sessionize's export does not): choose the event to "
            "import it into."
        ]
    }
    assert ScheduleUpload.objects.count() == 0
