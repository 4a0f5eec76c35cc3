"""import_schedule: real frab and pretalx exports, re-imports in place, refusals that say where."""

import datetime
import json
import shutil
import zoneinfo
from pathlib import Path

import pytest
import xmlschema
from django.core.management import CommandError

from common.names import normalize_name
from events.models import Event
from people.models import Speaker
from talks.models import Talk, TalkFormat, TalkSpeaker
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, TopicFactory
from tests.http_server import answer

pytestmark = pytest.mark.django_db

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"


def sessions_of(name: str) -> list[dict]:
    """Every session of a schedule JSON, counted here independently of the importer."""
    conference = json.loads((INTEROP / name).read_text())["schedule"]["conference"]
    return [
        session
        for day in conference["days"]
        for sessions in (day.get("rooms") or {}).values()
        for session in sessions
    ]


def speaker_names(sessions: list[dict]) -> set[str]:
    """Speakers' names as matched: "Mo" and "mo" are one speaker."""
    return {
        normalize_name(person["public_name"])
        for session in sessions
        for person in session["persons"]
    }


@pytest.fixture
def schedule_copy(tmp_path):
    """A writable copy of a fixture, to alter before importing it again."""

    def copy(name: str) -> Path:
        path = tmp_path / name
        shutil.copy(INTEROP / name, path)
        return path

    return copy


@pytest.mark.parametrize("name", ["pretalx-democon.json", "frab-camp2019.json"])
def test_import_of_a_real_export_creates_its_talks_rooms_days_and_speakers(name, run_command):
    sessions = sessions_of(name)

    run_command("import_schedule", str(INTEROP / name))

    event = Event.objects.get()
    talks = Talk.objects.filter(event=event)
    assert talks.count() == len(sessions)
    assert set(talks.values_list("source_guid", flat=True)) == {s["guid"] for s in sessions}
    assert set(talks.values_list("room", flat=True)) == {s["room"] for s in sessions}
    assert {str(day) for day in talks.values_list("date", flat=True)} == {
        s["date"][:10] for s in sessions
    }
    names = Speaker.objects.values_list("name", flat=True)
    assert sorted(normalize_name(name) for name in names) == sorted(speaker_names(sessions))
    assert set(talks.values_list("status", flat=True)) <= {"published"}


def v2_sessions_of(name: str) -> list[dict]:
    """The sessions of a schedule JSON version 2, in `schedule.events`, counted here."""
    return json.loads((INTEROP / name).read_text())["schedule"]["events"]


def test_import_of_a_v2_export_creates_its_talks_from_schedule_events(run_command):
    sessions = v2_sessions_of("hub-schedule2.json")
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")

    run_command("import_schedule", str(INTEROP / "hub-schedule2.json"))

    expected = []
    for session in sessions:
        start = datetime.datetime.fromisoformat(session["start"]).astimezone(berlin)
        end = datetime.datetime.fromisoformat(session["end"]).astimezone(berlin)
        expected.append(
            (
                session["guid"],
                session["title"],
                session["room"]["name"],
                start.date(),
                start.time(),
                (end - start).seconds // 60,
                [person["name"] for person in session["participants"]],
            )
        )
    talks = [
        (
            talk.source_guid,
            talk.title,
            talk.room,
            talk.date,
            talk.start_time,
            talk.duration,
            [link.speaker.name for link in talk.talk_speakers.order_by("order")],
        )
        for talk in Talk.objects.order_by("date", "start_time")
    ]
    assert len(sessions) == 2
    assert talks == expected
    assert Event.objects.get().name == "38C3"


def test_import_of_a_v2_export_maps_its_types_and_tracks(run_command):
    TopicFactory(name="Hardware & Making")

    run_command("import_schedule", str(INTEROP / "hub-schedule2.json"))

    formats = {
        (s["type"], Talk.objects.get(source_guid=s["guid"]).format)
        for s in v2_sessions_of("hub-schedule2.json")
    }
    assert formats == {("OTHER", TalkFormat.TALK), ("TALK", TalkFormat.TALK)}
    talk = Talk.objects.get(source_guid="b1740c2f-0c44-5f1b-89ed-456a9eecf0b8")
    assert list(talk.topics.values_list("name", flat=True)) == ["Hardware & Making"]


@pytest.mark.parametrize(
    ("kind", "format"),
    [
        ("WORKSHOP", TalkFormat.WORKSHOP),
        ("LIGHTNING_TALK", TalkFormat.LIGHTNING),
        ("DISCUSSION", TalkFormat.PANEL),
        ("HANDS-ON", TalkFormat.HANDS_ON_LAB),
        ("CONCERT", TalkFormat.TALK),
    ],
)
def test_import_of_v2_types_gives_their_formats(schedule_copy, run_command, kind, format):
    path = schedule_copy("hub-schedule2.json")
    document = json.loads(path.read_text())
    document["schedule"]["events"][1]["type"] = kind
    path.write_text(json.dumps(document))

    run_command("import_schedule", str(path))

    assert Talk.objects.get(source_guid="b1740c2f-0c44-5f1b-89ed-456a9eecf0b8").format == format


def test_import_of_a_v2_export_twice_changes_nothing(run_command):
    path = str(INTEROP / "hub-schedule2.json")
    run_command("import_schedule", path)
    before = list(Talk.objects.order_by("pk").values_list("pk", "updated_at"))
    speakers = Speaker.objects.count()

    output = run_command("import_schedule", path)

    assert output.startswith(
        f"{path}: imported\n"
        "  events:   0 created, 0 updated, 1 unchanged\n"
        "  talks:    0 created, 0 updated, 2 unchanged\n"
    )
    assert list(Talk.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert Speaker.objects.count() == speakers == 4


def test_import_of_v2_leaves_out_breaks(schedule_copy, run_command):
    path = schedule_copy("hub-schedule2.json")
    document = json.loads(path.read_text())
    document["schedule"]["events"][0]["type"] = "BREAK"
    path.write_text(json.dumps(document))

    run_command("import_schedule", str(path))

    assert list(Talk.objects.values_list("source_guid", flat=True)) == [
        "b1740c2f-0c44-5f1b-89ed-456a9eecf0b8"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "soon", "schedule.events[1].start: not a date and time: 'soon'"),
        ("end", "2024-12-28T00:05:00+01:00", "schedule.events[1].end: before the start: "),
        ("room", {"name": 5}, "schedule.events[1].room.name: expected text, found 5"),
        (
            "participants",
            [{"name": ""}],
            "schedule.events[1].participants[0].name: missing",
        ),
    ],
)
def test_a_bad_v2_session_is_refused_at_its_place(
    schedule_copy, run_command, field, value, message
):
    path = schedule_copy("hub-schedule2.json")
    document = json.loads(path.read_text())
    document["schedule"]["events"][1][field] = value
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(path))

    assert str(error.value).startswith(f"{path}: {message}")
    assert (Event.objects.count(), Talk.objects.count()) == (0, 0)


def test_import_keeps_each_sessions_fields(run_command):
    run_command("import_schedule", str(INTEROP / "frab-camp2019.json"))

    event = Event.objects.get()
    talk = Talk.objects.get(source_guid="24b58c74-2bba-412e-84ac-c206f714f0b7")
    assert (event.name, event.slug, event.start_date, event.end_date, event.status) == (
        "Chaos Communication Camp 2019",
        "camp2019",
        datetime.date(2019, 8, 21),
        datetime.date(2019, 8, 26),
        "published",
    )
    assert (talk.title, talk.date, talk.start_time, talk.duration, talk.room) == (
        "Hacking Containers and Kubernetes",
        datetime.date(2019, 8, 21),
        datetime.time(13, 0),
        45,
        "Curie",
    )
    assert (talk.format, talk.languages, talk.status) == (TalkFormat.TALK, ["en"], "published")
    assert talk.source_url == (
        "https://fahrplan.events.ccc.de/camp/2019/Fahrplan/events/10178.html"
    )
    assert talk.slides_url.startswith(
        "https://fahrplan.events.ccc.de/system/event_attachments/attachments/000/003/792/"
    )
    assert [link.speaker.name for link in talk.talk_speakers.order_by("order")] == ["Thomas Fricke"]


def test_import_maps_types_to_formats(run_command):
    run_command("import_schedule", str(INTEROP / "pretalx-democon.json"))

    formats = {
        (s["type"], Talk.objects.get(source_guid=s["guid"]).format)
        for s in sessions_of("pretalx-democon.json")
    }
    assert formats == {("Talk", TalkFormat.TALK), ("Workshop", TalkFormat.WORKSHOP)}


def test_import_matches_speakers_by_normalized_name(run_command):
    speaker = SpeakerFactory(name="BRIAN  robinson")

    run_command("import_schedule", str(INTEROP / "pretalx-democon.json"))

    assert not Speaker.objects.filter(name="Brian Robinson").exists()
    assert TalkSpeaker.objects.filter(speaker=speaker).count() == sum(
        1
        for s in sessions_of("pretalx-democon.json")
        for p in s["persons"]
        if p["public_name"] == "Brian Robinson"
    )


def test_import_sets_topics_of_matching_tracks_and_reports_the_others(run_command):
    topic = TopicFactory(name="phased")

    output = run_command("import_schedule", str(INTEROP / "pretalx-democon.json"))

    phased = [s["guid"] for s in sessions_of("pretalx-democon.json") if s["track"] == "Phased"]
    horizontal = len(sessions_of("pretalx-democon.json")) - len(phased)
    assert set(Talk.objects.filter(topics=topic).values_list("source_guid", flat=True)) == set(
        phased
    )
    assert "  topics:   0 created, 0 updated, 1 unchanged\n" in output
    assert (
        f"tracks matching no topic (talks left without it):\n    Horizontal ({horizontal})\n"
        in (output)
    )


def test_import_twice_changes_nothing(run_command):
    path = str(INTEROP / "frab-camp2019.json")
    run_command("import_schedule", path)
    before = list(Talk.objects.order_by("pk").values_list("pk", "updated_at"))
    speakers = Speaker.objects.count()

    output = run_command("import_schedule", path)

    assert output.startswith(
        f"{path}: imported\n"
        "  events:   0 created, 0 updated, 1 unchanged\n"
        "  talks:    0 created, 0 updated, 79 unchanged\n"
    )
    assert list(Talk.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert Speaker.objects.count() == speakers


def test_import_of_a_changed_title_updates_the_talk_in_place(schedule_copy, run_command):
    path = schedule_copy("pretalx-democon.json")
    run_command("import_schedule", str(path))
    document = json.loads(path.read_text())
    session = next(iter(document["schedule"]["conference"]["days"][0]["rooms"].values()))[0]
    session["title"] = "A new title"
    path.write_text(json.dumps(document))

    output = run_command("import_schedule", str(path))

    assert "  talks:    0 created, 1 updated, 35 unchanged\n" in output
    assert Talk.objects.count() == 36
    assert Talk.objects.get(source_guid=session["guid"]).title == "A new title"


def test_import_reports_a_talk_removed_from_the_schedule_and_keeps_it(schedule_copy, run_command):
    path = schedule_copy("pretalx-democon.json")
    run_command("import_schedule", str(path))
    document = json.loads(path.read_text())
    removed = next(iter(document["schedule"]["conference"]["days"][0]["rooms"].values())).pop(0)
    path.write_text(json.dumps(document))

    output = run_command("import_schedule", str(path))

    assert output.endswith(f"  talks no longer in the schedule (kept):\n    {removed['title']}\n")
    assert Talk.objects.count() == 36


def test_import_into_a_named_event_adopts_talks_entered_by_hand(run_command):
    event = EventFactory(slug="democon-2020", name="Our DemoCon")
    talk = TalkFactory(event=event, title="Focused 5thgeneration HARDWARE")

    run_command("import_schedule", str(INTEROP / "pretalx-democon.json"), "--event", event.slug)

    talk.refresh_from_db()
    assert talk.source_guid == "8079583e-8321-506c-95af-fd2903a5f075"
    assert Event.objects.get().name == "Our DemoCon"
    assert Talk.objects.count() == 36


def test_import_into_an_event_that_does_not_exist_is_refused(run_command):
    path = str(INTEROP / "pretalx-democon.json")

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", path, "--event", "nope")

    assert str(error.value) == f"{path}: --event: no event has the slug nope"


def test_an_invalid_schedule_is_refused_where_it_is_wrong_and_nothing_written(run_command):
    path = str(INTEROP / "invalid-example.json")

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", path)

    assert str(error.value) == (
        f'{path}: schedule.conference.days[0].rooms["Winterchaos"][0].persons[0].id: '
        'expected a whole number, found "dsadf"'
    )
    assert (Event.objects.count(), Talk.objects.count(), Speaker.objects.count()) == (0, 0, 0)


def test_a_bad_session_late_in_the_file_leaves_nothing_written(schedule_copy, run_command):
    path = schedule_copy("pretalx-democon.json")
    document = json.loads(path.read_text())
    document["schedule"]["conference"]["days"][2]["rooms"]["Gray Room"][1]["date"] = "soon"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(path))

    assert str(error.value) == (
        f'{path}: schedule.conference.days[2].rooms["Gray Room"][1].date: '
        "not a date and time: 'soon'"
    )
    assert (Event.objects.count(), Talk.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name: value", "neither a schedule JSON nor a schedule.xml file"),
        ('{"schedule": []}', "schedule: missing, or not an object"),
        (
            "{",
            "not valid JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        ("<schedule><conference>", "line 1: not valid XML: no element found: line 1, column 22"),
    ],
)
def test_an_unrecognised_file_is_refused_clearly(tmp_path, run_command, content, message):
    path = tmp_path / "schedule"
    path.write_text(content)

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(path))

    assert str(error.value) == f"{path}: {message}"


def test_xml_with_entities_is_refused_without_expanding_them(tmp_path, run_command):
    path = tmp_path / "schedule.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY a "aaaaaaaaaa">]>\n'
        "<schedule>&a;</schedule>\n"
    )

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(path))

    assert "refused" in str(error.value)
    assert Event.objects.count() == 0


def test_the_xml_fixture_is_a_valid_schedule_xml():
    schema = xmlschema.XMLSchema(INTEROP / "schedule.xml.xsd")

    assert schema.is_valid(str(INTEROP / "democon-day1.xml"))


def talks_as_read() -> list[tuple]:
    return list(
        Talk.objects.order_by("source_guid").values_list(
            "source_guid",
            "source_url",
            "title",
            "date",
            "start_time",
            "duration",
            "room",
            "format",
            "languages",
            "abstract",
        )
    )


def test_xml_imports_the_same_as_its_json_twin(run_command):
    run_command("import_schedule", str(INTEROP / "democon-day1.json"))
    from_json = talks_as_read()
    speakers = list(
        TalkSpeaker.objects.order_by("talk__source_guid", "order").values_list(
            "talk__source_guid", "speaker__name"
        )
    )
    Event.objects.all().delete()
    Speaker.objects.all().delete()

    run_command("import_schedule", str(INTEROP / "democon-day1.xml"))

    assert len(from_json) == 12
    assert talks_as_read() == from_json
    assert (
        list(
            TalkSpeaker.objects.order_by("talk__source_guid", "order").values_list(
                "talk__source_guid", "speaker__name"
            )
        )
        == speakers
    )


def test_dry_run_counts_everything_and_writes_nothing(run_command):
    path = str(INTEROP / "pretalx-democon.json")

    output = run_command("import_schedule", path, "--dry-run")

    assert output.startswith(
        f"{path}: dry run, nothing written\n"
        "  events:   1 created, 0 updated, 0 unchanged\n"
        "  talks:    36 created, 0 updated, 0 unchanged\n"
        f"  speakers: {len(speaker_names(sessions_of('pretalx-democon.json')))} created, "
        "0 updated, 0 unchanged\n"
    )
    assert (Event.objects.count(), Talk.objects.count(), Speaker.objects.count()) == (0, 0, 0)


def test_unknown_languages_fall_back_and_are_reported(schedule_copy, run_command):
    path = schedule_copy("pretalx-democon.json")
    document = json.loads(path.read_text())
    session = document["schedule"]["conference"]["days"][0]["rooms"]["Gray Room"][0]
    session["language"] = "tlh"
    path.write_text(json.dumps(document))

    output = run_command("import_schedule", str(path))

    assert Talk.objects.get(source_guid=session["guid"]).languages == ["en"]
    assert "  unknown languages (talks in 'en' instead):\n    tlh (1)\n" in output


def test_a_field_of_the_wrong_type_is_refused_where_it_is(schedule_copy, run_command):
    path = schedule_copy("frab-camp2019.json")
    document = json.loads(path.read_text())
    session = document["schedule"]["conference"]["days"][0]["rooms"]["Curie"][0]
    session["attachments"] = [{"url": "/slides.pdf", "title": 5}]
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(path))

    assert str(error.value) == (
        f'{path}: schedule.conference.days[0].rooms["Curie"][0].attachments[0].title: '
        "expected text, found 5"
    )


def test_a_bad_field_in_xml_is_refused_at_its_line(schedule_copy, run_command):
    path = schedule_copy("democon-day1.xml")
    lines = path.read_text().splitlines(keepends=True)
    number = [n for n, line in enumerate(lines, 1) if "<duration>" in line][2]
    lines[number - 1] = "        <duration>half an hour</duration>\n"
    path.write_text("".join(lines))

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", str(path))

    assert str(error.value) == (
        f"{path}: line {number}, <duration>: not a duration \"HH:MM\": 'half an hour'"
    )
    assert Event.objects.count() == 0


def test_editors_see_the_source_identifier_but_cannot_change_it(client, editor, run_command):
    run_command("import_schedule", str(INTEROP / "democon-day1.json"))
    talk = Talk.objects.order_by("pk").first()
    client.force_login(editor)

    html = client.get(f"/admin/talks/talk/{talk.pk}/change/").content.decode()

    assert talk.source_guid and str(talk.source_guid) in html
    assert 'name="source_guid"' not in html
    assert 'name="source_url"' not in html


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_import_from_an_address_fetches_the_schedule(http_server, run_command):
    http_server.routes["/democon/schedule.json"] = answer(
        (INTEROP / "pretalx-democon.json").read_bytes()
    )
    url = http_server.url("/democon/schedule.json")

    output = run_command("import_schedule", url)

    assert output.startswith(
        f"{url}: imported\n"
        "  events:   1 created, 0 updated, 0 unchanged\n"
        "  talks:    36 created, 0 updated, 0 unchanged\n"
    )
    assert Talk.objects.count() == 36


def test_import_from_a_private_address_is_refused_and_writes_nothing(http_server, run_command):
    http_server.routes["/schedule.json"] = answer((INTEROP / "pretalx-democon.json").read_bytes())
    url = http_server.url("/schedule.json")

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", url)

    assert str(error.value) == (
        f"{url}: {url} points to a private address: only public addresses are fetched."
    )
    assert (http_server.requested, Event.objects.count()) == ([], 0)


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_fetched_file_that_is_no_schedule_is_refused_naming_its_address(http_server, run_command):
    http_server.routes["/page.html"] = answer(b"<html><body>Not here</body></html>")
    url = http_server.url("/page.html")

    with pytest.raises(CommandError) as error:
        run_command("import_schedule", url)

    assert str(error.value) == f"{url}: line 1: expected <schedule>, found <html>"


def test_a_new_talk_in_one_language_gets_it_as_its_text_language(schedule_copy, run_command):
    path = schedule_copy("pretalx-democon.json")
    document = json.loads(path.read_text())
    french, bilingual = document["schedule"]["conference"]["days"][0]["rooms"]["Gray Room"][:2]
    french["language"] = "fr"
    bilingual["language"] = "de/en"
    path.write_text(json.dumps(document))

    run_command("import_schedule", str(path))

    assert Talk.objects.get(source_guid=french["guid"]).text_language == "fr"
    assert Talk.objects.get(source_guid=bilingual["guid"]).text_language == ""


def test_importing_again_keeps_the_text_language_editors_gave(run_command):
    run_command("import_schedule", str(INTEROP / "frab-camp2019.json"))
    guid = "24b58c74-2bba-412e-84ac-c206f714f0b7"
    Talk.objects.filter(source_guid=guid).update(text_language="de")

    run_command("import_schedule", str(INTEROP / "frab-camp2019.json"))

    assert Talk.objects.get(source_guid=guid).text_language == "de"
