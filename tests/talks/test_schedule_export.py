"""Exporting an event's programme: schedule JSON v2 and schedule.xml that validate against their
schemas, and that import_schedule reads back into the same talks."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from events.models import Event
from people.models import Speaker
from talks.models import Talk, TalkFormat, TalkSpeaker, TalkStatus
from talks.schedule.exporter import schedule_json, schedule_xml
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
BASE_URL = "https://notes.example.org"


@pytest.fixture
def event_with_talks():
    event = EventFactory(
        slug="devfest-nantes-2025",
        start_date=datetime.date(2025, 10, 16),
        end_date=datetime.date(2025, 10, 17),
    )
    keynote = TalkFactory(
        event=event,
        title="Opening keynote",
        format=TalkFormat.KEYNOTE,
        date=datetime.date(2025, 10, 16),
        start_time=datetime.time(9, 0),
        duration=45,
        room="Grand amphi",
        languages=["fr", "en"],
        slides_url="https://example.org/slides.pdf",
        source_guid="",
    )
    keynote.topics.add(TopicFactory(name="Cloud", slug="cloud"))
    for order, name in enumerate(["Zoé Martin", "Alex Chen"]):
        TalkSpeaker.objects.create(talk=keynote, speaker=SpeakerFactory(name=name), order=order)
    TalkFactory(
        event=event,
        title="Lightning round",
        format=TalkFormat.LIGHTNING,
        date=datetime.date(2025, 10, 17),
        start_time=datetime.time(14, 30),
        duration=None,
        room="",
        languages=["en"],
    )
    return event


def placed_titles(document: dict) -> list[str]:
    return [session["title"] for session in document["schedule"]["events"]]


def test_json_export_validates_against_schema2(event_with_talks):
    schema = json.loads((INTEROP / "schema2.json").read_text())

    document = schedule_json(event_with_talks, base_url=BASE_URL)

    jsonschema.validate(document, schema)
    assert placed_titles(document) == ["Opening keynote", "Lightning round"]


def test_json_export_gives_each_talks_slot_speakers_and_links(event_with_talks):
    document = schedule_json(event_with_talks, base_url=BASE_URL)

    conference = document["schedule"]["conference"]
    keynote = document["schedule"]["events"][0]
    assert conference["acronym"] == "devfest_nantes_2025"
    assert conference["time_zone_name"] == "Europe/Paris"
    assert [day["date"] for day in conference["days"]] == ["2025-10-16", "2025-10-17"]
    assert keynote["start"] == "2025-10-16T09:00:00+02:00"
    assert keynote["end"] == "2025-10-16T09:45:00+02:00"
    assert keynote["room"]["name"] == "Grand amphi"
    assert keynote["type"] == "TALK"
    assert keynote["language"] == "fr"
    assert keynote["track"] == {"slug": "cloud"}
    assert (
        keynote["url"] == f"{BASE_URL}/talks/devfest-nantes-2025/{keynote_slug(event_with_talks)}/"
    )
    assert [person["name"] for person in keynote["participants"]] == ["Zoé Martin", "Alex Chen"]
    assert keynote["links"] == [
        {"url": "https://example.org/slides.pdf", "title": "Slides", "type": "SLIDES"}
    ]


def test_export_guid_is_the_source_guid_or_the_same_one_each_time(event_with_talks):
    Talk.objects.filter(title="Lightning round").update(
        source_guid="8079583e-8321-506c-95af-fd2903a5f075"
    )

    first = schedule_json(event_with_talks, base_url=BASE_URL)["schedule"]["events"]
    second = schedule_json(event_with_talks, base_url=BASE_URL)["schedule"]["events"]

    assert first[1]["guid"] == "8079583e-8321-506c-95af-fd2903a5f075"
    assert first[0]["guid"] == second[0]["guid"]


def test_export_leaves_out_talks_without_day_or_time_and_unpublished_ones(event_with_talks):
    TalkFactory(event=event_with_talks, title="No day", date=None, start_time=datetime.time(9))
    TalkFactory(
        event=event_with_talks, title="No time", date=datetime.date(2025, 10, 16), start_time=None
    )
    TalkFactory(
        event=event_with_talks,
        title="Pending",
        date=datetime.date(2025, 10, 16),
        start_time=datetime.time(11),
        status=TalkStatus.PENDING,
    )

    document = schedule_json(event_with_talks, base_url=BASE_URL)
    xml = schedule_xml(event_with_talks, base_url=BASE_URL).decode()

    assert placed_titles(document) == ["Opening keynote", "Lightning round"]
    for title in ("No day", "No time", "Pending"):
        assert title not in xml


def test_xml_export_validates_against_schedule_xml_xsd(event_with_talks):
    schema = xmlschema.XMLSchema(INTEROP / "schedule.xml.xsd")

    xml = schedule_xml(event_with_talks, base_url=BASE_URL)

    schema.validate(xml.decode())
    assert b"<title>Opening keynote</title>" in xml
    assert b"<language>fr/en</language>" in xml


def programme() -> list[tuple]:
    """Every talk as the schedule places it, with its speakers in order, by title."""
    return [
        (
            talk.title,
            talk.date,
            talk.start_time,
            talk.duration,
            talk.room,
            talk.format,
            talk.languages,
            [link.speaker.name for link in talk.talk_speakers.order_by("order")],
        )
        for talk in Talk.objects.order_by("title", "date", "start_time")
    ]


@pytest.mark.parametrize("fixture", ["pretalx-democon.json", "democon-day1.xml"])
def test_an_exported_schedule_imports_back_into_the_same_programme(fixture, tmp_path, run_command):
    run_command("import_schedule", str(INTEROP / fixture))
    imported = programme()
    exported = tmp_path / "schedule.xml"
    exported.write_bytes(schedule_xml(Event.objects.get(), base_url=BASE_URL))
    Event.objects.all().delete()
    Speaker.objects.all().delete()

    run_command("import_schedule", str(exported))

    assert len(imported) >= 12
    assert programme() == imported


@pytest.mark.parametrize("fixture", ["pretalx-democon.json", "democon-day1.xml"])
def test_an_exported_json_imports_back_into_the_same_programme(fixture, tmp_path, run_command):
    run_command("import_schedule", str(INTEROP / fixture))
    # The JSON carries one language per talk, the first.
    imported = [(*talk[:6], talk[6][:1], talk[7]) for talk in programme()]
    exported = tmp_path / "schedule.json"
    exported.write_text(json.dumps(schedule_json(Event.objects.get(), base_url=BASE_URL)))
    Event.objects.all().delete()
    Speaker.objects.all().delete()

    run_command("import_schedule", str(exported))

    assert len(imported) >= 12
    assert programme() == imported


def keynote_slug(event: Event) -> str:
    return event.talks.get(title="Opening keynote").slug


def set_event(**fields):
    def change(event):
        Event.objects.filter(pk=event.pk).update(**fields)

    return change


def set_talks(**fields):
    def change(event):
        event.talks.update(**fields)

    return change


def set_keynote(**fields):
    def change(event):
        event.talks.filter(title="Opening keynote").update(**fields)

    return change


def one_letter_topic(event):
    event.talks.get(title="Opening keynote").topics.set([TopicFactory(name="C", slug="c")])


def one_letter_talk_with_a_one_digit_id(event):
    """The XML wants four characters after the acronym: `{id}-{slug}` is three here."""
    Talk.objects.filter(pk=7).delete()
    TalkFactory(
        pk=7,
        event=event,
        title="A",
        slug="a",
        date=event.start_date,
        start_time=datetime.time(11),
        duration=5,
    )


def control_characters(event):
    """Characters XML 1.0 cannot carry, in every kind of text the export writes."""
    set_keynote(title="Bell\x07 rings\x0b twice", abstract="Escape\x1b[0m", room="A\x0c")(event)
    Speaker.objects.filter(name="Alex Chen").update(name="Alex\x08 Chen")
    Event.objects.filter(pk=event.pk).update(name="DevFest\x01")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(set_event(slug="js"), id="slug-shorter-than-an-acronym"),
        pytest.param(set_event(slug="JS-"), id="slug-in-capitals-ending-in-a-hyphen"),
        pytest.param(set_keynote(duration=100 * 60 + 30), id="talk-longer-than-99-hours"),
        pytest.param(set_talks(duration=None), id="talks-without-duration"),
        pytest.param(control_characters, id="control-characters"),
        pytest.param(set_talks(date=None), id="talks-without-day"),
        pytest.param(set_talks(start_time=None), id="talks-without-start-time"),
        pytest.param(set_talks(room=""), id="talks-without-room"),
        pytest.param(set_keynote(slug="Opening-Keynote-"), id="talk-slug-in-capitals"),
        pytest.param(one_letter_topic, id="one-letter-topic"),
        pytest.param(one_letter_talk_with_a_one_digit_id, id="one-letter-talk-slug"),
    ],
)
def test_exports_validate_against_their_schemas_in_edge_cases(event_with_talks, change):
    change(event_with_talks)
    event = Event.objects.get(pk=event_with_talks.pk)

    document = schedule_json(event, base_url=BASE_URL)
    xml = schedule_xml(event, base_url=BASE_URL).decode()

    jsonschema.validate(document, json.loads((INTEROP / "schema2.json").read_text()))
    xmlschema.XMLSchema(INTEROP / "schedule.xml.xsd").validate(xml)


def test_a_short_event_slug_is_followed_by_the_year_in_the_acronym(event_with_talks):
    Event.objects.filter(pk=event_with_talks.pk).update(slug="js")
    event = Event.objects.get(pk=event_with_talks.pk)

    document = schedule_json(event, base_url=BASE_URL)
    xml = schedule_xml(event, base_url=BASE_URL).decode()

    assert document["schedule"]["conference"]["acronym"] == "js_2025"
    assert "<acronym>js_2025</acronym>" in xml
    assert document["schedule"]["events"][1]["track"] == {"slug": "js_2025"}


def test_a_talk_longer_than_the_xml_can_say_ends_at_its_time_in_the_json(event_with_talks):
    event_with_talks.talks.filter(title="Opening keynote").update(duration=100 * 60 + 30)

    keynote = schedule_json(event_with_talks, base_url=BASE_URL)["schedule"]["events"][0]
    xml = schedule_xml(event_with_talks, base_url=BASE_URL).decode()

    assert (keynote["start"], keynote["end"]) == (
        "2025-10-16T09:00:00+02:00",
        "2025-10-20T13:30:00+02:00",
    )
    assert "<duration>99:59</duration>" in xml


def test_characters_xml_cannot_carry_are_left_out_of_the_xml_only(event_with_talks):
    event_with_talks.talks.filter(title="Opening keynote").update(
        title="Bell\x07 rings\x0b twice", room="Amphi\x0c A"
    )

    keynote = schedule_json(event_with_talks, base_url=BASE_URL)["schedule"]["events"][0]
    xml = schedule_xml(event_with_talks, base_url=BASE_URL).decode()

    assert keynote["title"] == "Bell\x07 rings\x0b twice"
    assert "<title>Bell rings twice</title>" in xml
    assert '<room name="Amphi A"' in xml
