"""import_schedule reading Sessionize's "All data" JSON: the sessions of a one-day conference,
re-imported in place, refused where malformed, and only into an event named with --event."""

import datetime
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError

from events.models import Event
from people.models import Speaker
from talks.languages import language_code
from talks.models import Talk, TalkFormat
from tests.factories import EventFactory, TopicFactory

pytestmark = pytest.mark.django_db

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
EXPORT = INTEROP / "sessionize-all.json"


def document() -> dict:
    return json.loads(EXPORT.read_text())


def talk_sessions() -> list[dict]:
    """The export's sessions that are talks, counted here independently of the reader."""
    return [session for session in document()["sessions"] if not session["isServiceSession"]]


def item_names(session: dict, category_title: str) -> list[str]:
    """The names of a session's items in one category, in the session's order."""
    items = {
        item["id"]: (category["title"], item["name"])
        for category in document()["categories"]
        for item in category["items"]
    }
    return [items[item][1] for item in session["categoryItems"] if items[item][0] == category_title]


def talk_of(session: dict) -> Talk:
    return Talk.objects.get(source_guid=f"sessionize:{session['id']}")


@pytest.fixture
def event():
    return EventFactory(
        slug="pate-a-code-2025",
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 6, 2),
    )


@pytest.fixture
def import_sessionize(event, run_command):
    """Import the export, or a changed copy of it, into the event."""

    def run(path: Path = EXPORT) -> str:
        return run_command("import_schedule", str(path), "--event", event.slug)

    return run


@pytest.fixture
def changed_export(tmp_path):
    """A copy of the export, changed by `change(document)`."""

    def copy(change) -> Path:
        changed = document()
        change(changed)
        path = tmp_path / "sessionize.json"
        path.write_text(json.dumps(changed))
        return path

    return copy


def test_import_creates_its_talks_rooms_days_and_speakers_in_order(event, import_sessionize):
    sessions = talk_sessions()
    rooms = {room["id"]: room["name"] for room in document()["rooms"]}
    speakers = {speaker["id"]: speaker["fullName"] for speaker in document()["speakers"]}

    import_sessionize()

    talks = Talk.objects.filter(event=event)
    assert talks.count() == len(sessions) == 15
    assert (
        set(talks.values_list("room", flat=True))
        == {rooms.get(session["roomId"], "") for session in sessions}
        == {"Amphi Lumière", "Salle Jacquard", "Atelier 3", ""}
    )
    assert set(talks.values_list("date", flat=True)) == {datetime.date(2025, 6, 12), None}
    for session in sessions:
        talk = talk_of(session)
        assert [link.speaker.name for link in talk.talk_speakers.order_by("order")] == [
            speakers[speaker] for speaker in session["speakers"]
        ]
        assert (talk.title, talk.abstract, talk.status) == (
            session["title"],
            session["description"],
            "published",
        )
    assert Speaker.objects.count() == len(speakers) == 16


def test_import_takes_each_sessions_day_time_and_duration_as_given(import_sessionize):
    import_sessionize()

    workshop = Talk.objects.get(source_guid="sessionize:912304")
    assert (workshop.date, workshop.start_time, workshop.duration, workshop.room) == (
        datetime.date(2025, 6, 12),
        datetime.time(10, 15),
        120,
        "Atelier 3",
    )


def test_a_session_not_scheduled_yet_becomes_a_talk_without_day_or_time(import_sessionize):
    import_sessionize()

    talk = Talk.objects.get(source_guid="sessionize:912315")
    assert (talk.date, talk.start_time, talk.duration, talk.room) == (None, None, None, "")


def test_service_sessions_are_left_out_and_plenum_sessions_kept(import_sessionize):
    services = [s["title"] for s in document()["sessions"] if s["isServiceSession"]]
    plenums = [s["title"] for s in talk_sessions() if s["isPlenumSession"]]

    import_sessionize()

    assert services == ["Accueil et café", "Déjeuner", "Pause"]
    assert not Talk.objects.filter(title__in=services).exists()
    assert Talk.objects.filter(title__in=plenums).count() == len(plenums) == 2


def test_import_maps_the_session_format_category_to_formats(import_sessionize):
    import_sessionize()

    formats = {
        (item_names(session, "Session format")[0], talk_of(session).format)
        for session in talk_sessions()
    }
    assert formats == {
        ("Keynote", TalkFormat.KEYNOTE),
        ("Talk", TalkFormat.TALK),
        ("Workshop", TalkFormat.WORKSHOP),
        ("Lightning talk (10 min)", TalkFormat.LIGHTNING),
        ("Panel", TalkFormat.PANEL),
    }


def test_import_maps_the_language_category_to_languages(import_sessionize):
    import_sessionize()

    languages = {
        (tuple(item_names(session, "Language")), tuple(talk_of(session).languages))
        for session in talk_sessions()
    }
    assert languages == {
        (("French",), ("fr",)),
        (("English",), ("en",)),
        (("English", "French"), ("en", "fr")),
    }


def test_language_names_in_either_language_of_the_site_give_their_code():
    assert [language_code(text) for text in ["French", "Français", "FR", "anglais", "Klingon"]] == [
        "fr",
        "fr",
        "fr",
        "en",
        None,
    ]


def test_an_unknown_language_name_falls_back_and_is_reported(changed_export, import_sessionize):
    def rename_french(document):
        language = next(c for c in document["categories"] if c["title"] == "Language")
        next(item for item in language["items"] if item["name"] == "French")["name"] = "Klingon"

    french = [s for s in talk_sessions() if item_names(s, "Language") == ["French"]]

    output = import_sessionize(changed_export(rename_french))

    assert f"  unknown languages (talks in 'en' instead):\n    klingon ({len(french) + 1})\n" in (
        output
    )
    assert {tuple(talk_of(session).languages) for session in french} == {("en",)}


def test_import_sets_topics_of_matching_tracks_and_reports_the_others(import_sessionize):
    web = TopicFactory(name="Web", slug="web")
    data = TopicFactory(name="Data", slug="data")
    sessions = talk_sessions()

    output = import_sessionize()

    for topic, track in ((web, "Web"), (data, "Data")):
        assert set(Talk.objects.filter(topics=topic).values_list("source_guid", flat=True)) == {
            f"sessionize:{s['id']}" for s in sessions if item_names(s, "Track") == [track]
        }
    unmapped = {
        track: sum(1 for s in sessions if item_names(s, "Track") == [track])
        for track in ("Communauté", "Ops & Cloud")
    }
    assert (
        "  tracks matching no topic (talks left without it):\n"
        f"    Communauté ({unmapped['Communauté']})\n"
        f"    Ops & Cloud ({unmapped['Ops & Cloud']})\n"
    ) in output


def test_the_recording_is_the_video_whatever_its_host(import_sessionize):
    import_sessionize()

    videos = dict(Talk.objects.exclude(video_url="").values_list("source_guid", "video_url"))
    assert videos == {
        f"sessionize:{s['id']}": s["recordingUrl"] for s in talk_sessions() if s["recordingUrl"]
    }
    assert videos["sessionize:912302"] == "https://peertube.example.org/w/7rKz2pQx4Lm"


def test_a_speaker_without_full_name_is_named_by_first_and_last_name(
    changed_export, import_sessionize
):
    def drop_full_names(document):
        for speaker in document["speakers"]:
            del speaker["fullName"]

    import_sessionize(changed_export(drop_full_names))

    talk = Talk.objects.get(source_guid="sessionize:912302")
    assert [link.speaker.name for link in talk.talk_speakers.order_by("order")] == [
        "Kalinka",
        "Priya Raman",
    ]


def test_the_events_days_become_the_sessions_days(event, import_sessionize):
    output = import_sessionize()

    event.refresh_from_db()
    assert (event.start_date, event.end_date) == (datetime.date(2025, 6, 12),) * 2
    assert output.startswith(
        f"{EXPORT}: imported\n"
        "  events:   0 created, 1 updated, 0 unchanged\n"
        "  talks:    15 created, 0 updated, 0 unchanged\n"
        "  speakers: 16 created, 0 updated, 0 unchanged\n"
    )


def test_import_twice_changes_nothing(import_sessionize):
    import_sessionize()
    before = list(Talk.objects.order_by("pk").values_list("pk", "updated_at"))

    output = import_sessionize()

    assert output.startswith(
        f"{EXPORT}: imported\n"
        "  events:   0 created, 0 updated, 1 unchanged\n"
        "  talks:    0 created, 0 updated, 15 unchanged\n"
        "  speakers: 0 created, 0 updated, 16 unchanged\n"
    )
    assert list(Talk.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert Speaker.objects.count() == 16


def test_a_changed_session_is_updated_in_place(changed_export, import_sessionize):
    import_sessionize()
    keynote = Talk.objects.get(source_guid="sessionize:912301")

    def move_keynote(document):
        session = next(s for s in document["sessions"] if s["id"] == "912301")
        session["startsAt"], session["endsAt"] = "2025-06-12T09:30:00", "2025-06-12T10:30:00"
        session["title"] = "Vingt ans de communautés tech"

    output = import_sessionize(changed_export(move_keynote))

    assert "  talks:    0 created, 1 updated, 14 unchanged\n" in output
    moved = Talk.objects.get(source_guid="sessionize:912301")
    assert (moved.pk, moved.title, moved.start_time, moved.duration) == (
        keynote.pk,
        "Vingt ans de communautés tech",
        datetime.time(9, 30),
        60,
    )
    assert Talk.objects.count() == 15


def test_import_without_an_event_is_refused_and_writes_nothing(event, run_command):
    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(EXPORT))

    assert str(error.value) == (
        f"{EXPORT}: --event: this file names no conference (Sessionize's export does not): "
        "give the event to import it into with --event SLUG"
    )
    assert (Event.objects.count(), Talk.objects.count(), Speaker.objects.count()) == (1, 0, 0)


def test_the_format_is_recognised_from_the_content_whatever_the_files_name(
    tmp_path, import_sessionize
):
    path = tmp_path / "schedule.xml"
    shutil.copy(EXPORT, path)

    import_sessionize(path)

    assert Talk.objects.count() == 15


def test_the_malformed_export_is_refused_where_it_is_wrong(import_sessionize):
    path = INTEROP / "sessionize-malformed.json"

    with pytest.raises(CommandError) as error:
        import_sessionize(path)

    assert str(error.value) == (
        f"{path}: sessions[3].startsAt: not a date and time: '12/06/2025 10:15'"
    )
    assert (Talk.objects.count(), Speaker.objects.count()) == (0, 0)


def third_session(**fields):
    def change(document):
        document["sessions"][2].update(fields)

    return change


def replaced(key: str, number: int, value):
    def change(document):
        document[key][number] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (third_session(roomId=99), "sessions[2].roomId: no room has the id 99"),
        (
            third_session(speakers=["nobody"]),
            'sessions[2].speakers[0]: no speaker has the id "nobody"',
        ),
        (
            third_session(categoryItems=[300101, True]),
            "sessions[2].categoryItems[1]: expected text, found true",
        ),
        (
            third_session(endsAt="2025-06-12T09:00:00"),
            "sessions[2].endsAt: before the start: '2025-06-12T09:00:00'",
        ),
        (third_session(title=""), "sessions[2].title: missing"),
        (third_session(id=None), "sessions[2].id: missing"),
        (
            third_session(recordingUrl=["https://example.org"]),
            'sessions[2].recordingUrl: expected text, found ["https://example.org"]',
        ),
        (replaced("sessions", 2, "Pause"), "sessions[2]: expected an object"),
        (
            lambda document: document.update(rooms="Amphi Lumière"),
            "rooms: expected a list of objects",
        ),
        (
            replaced("speakers", 2, {"id": "x", "fullName": 5}),
            "speakers[2].fullName: expected text, found 5",
        ),
        (replaced("speakers", 2, {"id": "x"}), "speakers[2].fullName: missing"),
        (replaced("rooms", 1, {"id": 7, "name": None}), "rooms[1].name: missing"),
        (
            lambda document: document["categories"][0]["items"][1].pop("name"),
            "categories[0].items[1].name: missing",
        ),
    ],
)
def test_a_bad_field_is_refused_at_its_place(changed_export, import_sessionize, change, message):
    path = changed_export(change)

    with pytest.raises(CommandError) as error:
        import_sessionize(path)

    assert str(error.value) == f"{path}: {message}"
    assert (Talk.objects.count(), Speaker.objects.count()) == (0, 0)


def test_an_export_without_any_scheduled_session_is_refused(changed_export, import_sessionize):
    def unschedule(document):
        for session in document["sessions"]:
            session["startsAt"] = session["endsAt"] = None

    path = changed_export(unschedule)

    with pytest.raises(CommandError) as error:
        import_sessionize(path)

    assert str(error.value) == f"{path}: sessions: no session has a day yet (startsAt)"
