"""An event's programme at /events/<slug>/schedule.json and schedule.xml."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from django.urls import reverse

from events.models import EventStatus
from talks.models import Talk
from tests.catalogue import make_catalogue
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"


def scheduled_catalogue(size: int):
    """make_catalogue's event, its talks given a start time so that they are placed."""
    event, _, _ = make_catalogue(size)
    Talk.objects.filter(event=event).update(start_time=datetime.time(10, 0), duration=30)
    return event


def test_schedule_json_serves_the_events_placed_talks(client):
    event = scheduled_catalogue(2)

    response = client.get(reverse("events:schedule-json", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    sessions = json.loads(response.content)["schedule"]["events"]
    assert sorted(session["title"] for session in sessions) == sorted(
        event.talks.values_list("title", flat=True)
    )
    assert sessions[0]["url"].startswith("http://testserver/talks/")


def test_schedule_xml_serves_a_valid_schedule_xml(client):
    event = scheduled_catalogue(2)

    response = client.get(reverse("events:schedule-xml", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    xmlschema.XMLSchema(INTEROP / "schedule.xml.xsd").validate(response.content.decode())
    assert response.content.count(b"<event ") == 2


def test_schedules_of_an_event_with_a_short_slug_and_control_characters_are_valid(client):
    event = scheduled_catalogue(2)
    event.slug = "js"
    event.save(update_fields=["slug"])
    event.talks.update(title="Bell\x07 rings", room="")

    json_response = client.get(reverse("events:schedule-json", args=["js"]))
    xml_response = client.get(reverse("events:schedule-xml", args=["js"]))

    jsonschema.validate(
        json.loads(json_response.content), json.loads((INTEROP / "schema2.json").read_text())
    )
    xmlschema.XMLSchema(INTEROP / "schedule.xml.xsd").validate(xml_response.content.decode())
    assert xml_response.content.count(b"<title>Bell rings</title>") == 2


@pytest.mark.parametrize("name", ["events:schedule-json", "events:schedule-xml"])
@pytest.mark.parametrize("status", [EventStatus.PENDING, EventStatus.REJECTED])
def test_schedules_of_an_unpublished_event_are_not_found(client, name, status):
    event = EventFactory(status=status)
    TalkFactory(event=event, start_time=datetime.time(9, 0))

    response = client.get(reverse(name, args=[event.slug]))

    assert response.status_code == 404


def test_schedule_of_an_unknown_event_is_not_found(client):
    response = client.get(reverse("events:schedule-xml", args=["no-such-event"]))

    assert response.status_code == 404


def test_event_page_links_to_its_schedules(client):
    event = EventFactory()

    response = client.get(event.get_absolute_url())

    assert f'href="/events/{event.slug}/schedule.xml"'.encode() in response.content
    assert f'href="/events/{event.slug}/schedule.json"'.encode() in response.content


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize("name", ["events:schedule-json", "events:schedule-xml"])
def test_schedules_run_a_fixed_number_of_queries(client, django_assert_num_queries, size, name):
    event = scheduled_catalogue(size)

    # Event, talks, their speakers, their topics.
    with django_assert_num_queries(5):
        response = client.get(reverse(name, args=[event.slug]))

    assert response.content.count(b"Talk number") == size
