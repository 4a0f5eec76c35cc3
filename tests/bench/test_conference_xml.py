"""The conference that bench/pretalx.py loads into confnotes and pretalx: the same bytes on
every run, valid against the schedule.xml schema, and imported whole by confnotes."""

import io
from xml.etree.ElementTree import fromstring

import pytest
from django.core.management import call_command

from bench import conference_xml
from events.models import Event
from people.models import Speaker
from talks.models import Talk


def test_the_conference_is_the_same_on_every_run_and_fits_the_schema():
    content = conference_xml.schedule_xml()

    conference_xml.validate(content)
    assert conference_xml.schedule_xml() == content
    root = fromstring(content)
    events = root.findall("day/room/event")
    assert len(events) == conference_xml.TALKS
    assert len(root.findall("day")) == conference_xml.DAYS
    assert {room.get("name") for room in root.findall("day/room")} == {
        f"Room {number}" for number in range(1, conference_xml.ROOMS + 1)
    }
    assert len({event.get("guid") for event in events}) == conference_xml.TALKS
    assert len({person.text for person in root.iter("person")}) == conference_xml.SPEAKERS


@pytest.mark.django_db
def test_confnotes_imports_every_talk_and_speaker(tmp_path):
    schedule = tmp_path / "schedule.xml"
    schedule.write_bytes(conference_xml.schedule_xml())

    call_command("import_schedule", str(schedule), stdout=io.StringIO())
    first_in_file = fromstring(schedule.read_bytes()).find("day/room/event")

    event = Event.objects.get(slug=conference_xml.ACRONYM)
    assert Talk.objects.published().filter(event=event).count() == conference_xml.TALKS
    assert Speaker.objects.count() == conference_xml.SPEAKERS
    first = Talk.objects.get(source_guid=first_in_file.get("guid"))
    assert first.title == first_in_file.findtext("title")
    assert {speaker.name for speaker in first.speakers.all()} == {
        person.text for person in first_in_file.iter("person")
    }
