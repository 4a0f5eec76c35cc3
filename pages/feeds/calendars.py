"""iCalendar calendars of talks: an event's programme, and the talks of any search of the
finder (`/talks/calendar.ics?<the finder's query string>`).

Only talks with a recorded day (`Talk.date`, not the event's first day by which lists sort a
talk without one) and a start time are in it: a talk without them has no time, and none is
invented. Times are in the event's time zone, which the calendar describes (VTIMEZONE). Text
keeps only what iCalendar can carry (common.document_text).
"""

import datetime
from collections.abc import Iterable

import icalendar
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from common.document_text import document_text
from events.models import Event
from pages.feeds.atom import site_title
from pages.feeds.talks import search_subject, search_timeout
from pages.finder.pipeline import find_talks, talk_finder
from talks.markdown import markdown_text
from talks.models import Talk
from talks.search import SearchTimeout
from talks.selectors import talks_with_people_and_topics

# The most talks a search's calendar holds, the first the finder gives.
CALENDAR_MOST_TALKS = 500
PRODUCT_ID = "-//confnotes//confnotes//EN"
ONE_DAY = datetime.timedelta(days=1)
# The days around which icalendar describes a time zone's rules: past the end of year 9998, its
# search for the next change of offset goes beyond the last day Python counts.
DESCRIBABLE_DAYS = (datetime.date(1, 1, 2), datetime.date(9998, 12, 31))


def with_known_times(talks: QuerySet[Talk]) -> QuerySet[Talk]:
    return talks.filter(date__isnull=False, start_time__isnull=False)


def talks_calendar(talks: Iterable[Talk], *, name: str, base_url: str) -> bytes:
    """`talks`, which have a day and a start time, as an iCalendar calendar called `name`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("name", document_text(name))
    calendar.add("x-wr-calname", document_text(name))
    events = [_talk_event(talk, base_url) for talk in talks]
    for event in events:
        calendar.add_component(event)
    if events:
        # The zone's rules around the talks' days only, rather than those of seventy years.
        days = [_describable(event.start.date()) for event in events]
        calendar.add_missing_timezones(
            first_date=min(days) - ONE_DAY, last_date=max(days) + ONE_DAY
        )
    return calendar.to_ical()


def _describable(day: datetime.date) -> datetime.date:
    """The nearest day to `day` around which the time zone can be described."""
    first, last = DESCRIBABLE_DAYS
    return min(max(day, first), last)


def _talk_event(talk: Talk, base_url: str) -> icalendar.Event:
    url = base_url + talk.get_absolute_url()
    start = datetime.datetime.combine(talk.date, talk.start_time, talk.event.time_zone)
    language = {"LANGUAGE": talk.text_language or talk.languages[0]}
    event = icalendar.Event()
    event.add("uid", url)
    event.add("dtstamp", talk.updated_at)
    event.add("dtstart", start)
    if talk.duration:
        event.add("dtend", start + datetime.timedelta(minutes=talk.duration))
    event.add("summary", document_text(talk.title), parameters=language)
    speakers = ", ".join(speaker.name for speaker in talk.listed_speakers)
    description = "\n\n".join(part for part in (speakers, markdown_text(talk.abstract)) if part)
    if description:
        event.add("description", document_text(description), parameters=language)
    place = ", ".join(part for part in (talk.room, talk.event.venue, talk.event.city) if part)
    if place:
        event.add("location", document_text(place))
    topics = sorted(topic.name for topic in talk.listed_topics)
    if topics:
        event.add("categories", [document_text(topic) for topic in topics])
    event.add("url", url)
    return event


def _calendar_response(calendar: bytes) -> HttpResponse:
    return HttpResponse(calendar, content_type="text/calendar; charset=utf-8")


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A published event's programme."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    talks = with_known_times(Talk.objects.published().filter(event=event)).order_by(
        "date", "start_time", "room", "pk"
    )
    name = site_title(_("Programme of %(event)s") % {"event": event.name})
    return _calendar_response(
        talks_calendar(talks_with_people_and_topics(talks), name=name, base_url=_base_url(request))
    )


def search_calendar(request: HttpRequest) -> HttpResponse:
    """The talks that a search of the finder finds, those with a day and a start time."""
    filterset = talk_finder(request.GET, request=request)
    try:
        finding = find_talks(filterset)
        talks = talks_with_people_and_topics(with_known_times(finding.results))
        calendar = talks_calendar(
            talks[:CALENDAR_MOST_TALKS],
            name=site_title(search_subject(filterset, finding)),
            base_url=_base_url(request),
        )
    except SearchTimeout:
        return search_timeout()
    return _calendar_response(calendar)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")
