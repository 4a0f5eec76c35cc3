"""iCalendar calendars of an event's programme and of any search, read by the icalendar
library: talks at their times in the event's time zone, none invented for the others."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from events.models import EventStatus
from talks.models import TalkStatus
from tests.catalogue import make_catalogue
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SERVER = "http://testserver"


@pytest.fixture
def programme():
    """An event with two timed talks, one with a day but no start time, one without a day of
    its own (lists show it on the event's first day, its page says "Day not given"), and a
    pending talk."""
    event = EventFactory(
        name="DevFest Nantes",
        slug="devfest-nantes",
        start_date=datetime.date(2025, 10, 16),
        venue="Cité des Congrès",
        city="Nantes",
    )
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    keynote = TalkFactory(
        event=event,
        title="Opening keynote",
        abstract="Why **we** are here.",
        date=datetime.date(2025, 10, 16),
        start_time=datetime.time(9, 0),
        duration=45,
        room="Grand amphi",
        languages=["fr"],
        speakers=[SpeakerFactory(name="Alice Martin")],
        topics=[kubernetes],
    )
    TalkFactory(
        event=event,
        title="Scaling Kubernetes",
        date=datetime.date(2025, 10, 17),
        start_time=datetime.time(14, 30),
        languages=["en"],
        topics=[kubernetes],
    )
    TalkFactory(event=event, title="No start time", start_time=None, topics=[kubernetes])
    TalkFactory(
        event=event,
        title="No day given",
        date=None,
        start_time=datetime.time(11, 0),
        topics=[kubernetes],
    )
    TalkFactory(
        event=event,
        title="Pending talk",
        start_time=datetime.time(10, 0),
        status=TalkStatus.PENDING,
        topics=[kubernetes],
    )
    return event, keynote


def read_calendar(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert icalendar.Calendar.from_ical(calendar.to_ical()) == calendar
    assert calendar.to_ical() == response.content
    return calendar


def talk_events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def test_event_calendar_holds_its_timed_talks_in_its_time_zone(client, programme):
    event, _ = programme

    calendar = read_calendar(client, f"/events/{event.slug}/programme.ics")

    assert [str(talk["SUMMARY"]) for talk in talk_events(calendar)] == [
        "Opening keynote",
        "Scaling Kubernetes",
    ]
    opening, scaling = talk_events(calendar)
    assert opening.start == datetime.datetime(2025, 10, 16, 9, 0, tzinfo=PARIS)
    assert opening.start.tzinfo.key == "Europe/Paris"
    assert opening["DTSTART"].params["TZID"] == "Europe/Paris"
    assert opening.end == datetime.datetime(2025, 10, 16, 9, 45, tzinfo=PARIS)
    assert scaling.start == datetime.datetime(2025, 10, 17, 14, 30, tzinfo=PARIS)
    assert "DTEND" not in scaling
    assert opening.start.astimezone(datetime.UTC) == datetime.datetime(
        2025, 10, 16, 7, 0, tzinfo=datetime.UTC
    )
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    # Summer time on both days.
    assert [rule["TZOFFSETTO"].td for rule in zone.walk("DAYLIGHT")] == [
        datetime.timedelta(hours=2)
    ]


def test_event_calendar_describes_each_talk(client, programme):
    event, keynote = programme

    opening = talk_events(read_calendar(client, f"/events/{event.slug}/programme.ics"))[0]

    url = SERVER + keynote.get_absolute_url()
    assert str(opening["UID"]) == url
    assert str(opening["URL"]) == url
    assert opening["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(opening["DESCRIPTION"]) == "Alice Martin\n\nWhy we are here."
    assert str(opening["LOCATION"]) == "Grand amphi, Cité des Congrès, Nantes"
    assert opening.categories == ["Kubernetes"]


def test_event_page_links_to_its_calendar(client, programme):
    event, _ = programme

    html = client.get(event.get_absolute_url()).content.decode()

    assert f'<a href="/events/{event.slug}/programme.ics" type="text/calendar">' in html


def test_pages_that_list_talks_link_to_the_calendar_of_their_search(client, programme):
    event, keynote = programme
    speaker = keynote.speakers.get()
    searches = {
        f"/series/{event.series.slug}/": f"?series={event.series.slug}",
        "/topics/kubernetes/": "?topic=kubernetes",
        f"/speakers/{speaker.slug}/": f"?speaker={speaker.slug}",
        "/languages/fr/": "?language=fr",
    }
    for page, search in searches.items():
        html = client.get(page).content.decode()
        link = f'<a href="/talks/calendar.ics{search}" type="text/calendar">'
        assert link in html, page
        calendar = read_calendar(client, f"/talks/calendar.ics{search}")
        assert "Opening keynote" in [str(talk["SUMMARY"]) for talk in talk_events(calendar)]


def test_calendar_of_an_event_readers_cannot_see_is_not_found(client):
    pending = EventFactory(status=EventStatus.PENDING)

    assert client.get(f"/events/{pending.slug}/programme.ics").status_code == 404
    assert client.get("/events/no-such-event/programme.ics").status_code == 404


@pytest.mark.parametrize(
    "query", ["?topic=kubernetes", "?topic=kubernetes&language=en", "?q=kubernetes", ""]
)
def test_search_calendar_holds_the_timed_talks_the_finder_finds(client, programme, query):
    TalkFactory(title="Elsewhere", start_time=datetime.time(16, 0), languages=["en"])
    finder = client.get(reverse("talks:list") + query)
    timed = {"Opening keynote", "Scaling Kubernetes", "Elsewhere"}

    calendar = read_calendar(client, reverse("talks:calendar") + query)

    found = [SERVER + talk.url for talk in finder.context["talks"] if talk.title in timed]
    assert found, "the finder finds timed talks"
    assert sorted(str(talk["UID"]) for talk in talk_events(calendar)) == sorted(found)


def test_search_calendar_is_named_after_the_search(client, programme):
    calendar = read_calendar(client, reverse("talks:calendar") + "?topic=kubernetes")

    assert str(calendar["X-WR-CALNAME"]) == "Talks (Topics: Kubernetes) — confnotes"


def test_talks_on_the_first_and_last_days_python_counts_are_in_the_calendar(client):
    event = EventFactory(start_date=datetime.date(1, 1, 1), end_date=datetime.date(9999, 12, 31))
    for day in (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        TalkFactory(event=event, date=day, start_time=datetime.time(12, 0))

    calendar = read_calendar(client, f"/events/{event.slug}/programme.ics")

    assert [talk.start.year for talk in talk_events(calendar)] == [1, 9999]


def test_control_characters_are_left_out_of_the_calendar(client, programme):
    _, keynote = programme
    keynote.title = "Opening\x07 keynote"
    keynote.save()

    response = client.get(reverse("talks:calendar") + "?q=opening%01")
    calendar = icalendar.Calendar.from_ical(response.content)

    assert b"\x07" not in response.content
    assert b"\x01" not in response.content
    assert [str(talk["SUMMARY"]) for talk in talk_events(calendar)] == ["Opening keynote"]
    assert str(calendar["X-WR-CALNAME"]) == "Talks (Search: “opening”) — confnotes"


@pytest.mark.parametrize("size", [2, 8])
def test_calendars_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    event, speaker, _ = make_catalogue(size)
    event.talks.update(start_time=datetime.time(10, 0))
    # The event, its talks, their speakers, their topics.
    with django_assert_num_queries(5):
        calendar = read_calendar(client, f"/events/{event.slug}/programme.ics")
    assert len(talk_events(calendar)) == size
    # The topic's or the speaker's slug among the public ones, the facets and count, the
    # talks, their speakers, their topics.
    for search, queries in [("?topic=kubernetes", 6), (f"?speaker={speaker.slug}", 6)]:
        with django_assert_num_queries(queries):
            calendar = read_calendar(client, reverse("talks:calendar") + search)
        assert len(talk_events(calendar)) == size


@pytest.mark.django_db(transaction=True)
def test_a_search_calendar_slower_than_the_time_limit_says_so(
    client, settings, search_documents_locked_elsewhere
):
    settings.SEARCH_TIMEOUT_MS = 100

    response = client.get(reverse("talks:calendar") + "?q=kubernetes")

    assert response.status_code == 503
    assert response.content.decode().startswith("This search took too long")
