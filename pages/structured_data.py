"""What event, talk and speaker pages say of themselves to search engines: schema.org JSON-LD
(docs/api.md), built from what their views have read already, without a query of its own.

`absolute` turns a path into an address at the request's host (`request.build_absolute_uri`,
or `at_host(request)` for a page that links hundreds of paths).
"""

import datetime
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django.http import HttpRequest

from events.models import Event
from pages.programme import ProgrammeTalk
from people.models import Speaker
from talks.models import Talk

Absolute = Callable[[str], str]
SCHEMA_ORG = "https://schema.org"
# Conferences take place somewhere: an event with a place is attended there.
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def at_host(request: HttpRequest) -> Absolute:
    """request.build_absolute_uri for the paths of the site's own pages, which need no
    quoting: worked out once for the host, then joined to each path."""
    origin = request.build_absolute_uri("/").removesuffix("/")
    return lambda path: origin + path


def event_data(
    event: Event, talks: Iterable[ProgrammeTalk], summary: str, absolute: Absolute
) -> dict:
    """An Event with its place, its series and its talks as sub-events."""
    return {
        "@context": SCHEMA_ORG,
        **_event(event, absolute),
        "description": summary,
        "subEvent": [_talk_item(talk, absolute) for talk in talks],
    }


def talk_data(talk: Talk, versions: list[Talk], summary: str, absolute: Absolute) -> dict:
    """An Event given by its speakers, within its conference, with its recording if any, and
    the talk it performs when given elsewhere too (its other published `versions`)."""
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Event",
        "name": talk.title,
        "url": absolute(talk.get_absolute_url()),
        "description": summary,
        "inLanguage": talk.languages,
        "performer": _people(talk.listed_speakers, absolute),
        **_dates(talk.date, talk.start_time, talk.duration),
        **_place(talk.event),
        "superEvent": _event(talk.event, absolute),
    }
    if talk.listed_topics:
        data["keywords"] = [topic.name for topic in talk.listed_topics]
    if versions:
        data["workPerformed"] = _work(talk, versions, absolute)
    if talk.video_url:
        data["recordedIn"] = {"@type": "VideoObject", "name": talk.title, "url": talk.video_url}
    return data


def _work(talk: Talk, versions: list[Talk], absolute: Absolute) -> dict:
    """The talk that every version performs: one CreativeWork, named after its earliest
    version and identified by that version's address, whichever version's page describes it;
    its other versions are the events about it. (schema.org has no `sameAs` for one event
    given twice: each is an event of its own.)"""
    earliest = min([talk, *versions], key=_first_given)
    return {
        "@type": "CreativeWork",
        "@id": absolute(earliest.get_absolute_url()) + "#work",
        "name": earliest.title,
        "subjectOf": [
            {
                "@type": "Event",
                "name": version.title,
                "url": absolute(version.get_absolute_url()),
                "inLanguage": version.languages,
                **_dates(version.date, version.start_time, version.duration),
                "superEvent": {
                    "@type": "Event",
                    "name": version.event.name,
                    "url": absolute(version.event.get_absolute_url()),
                },
            }
            for version in versions
        ],
    }


def _first_given(talk: Talk) -> tuple:
    """The order of versions in time: the order of lists from the earliest (Talk.day)."""
    return (talk.day, talk.start_time is None, talk.start_time or datetime.time.min, talk.pk)


def speaker_data(speaker: Speaker, absolute: Absolute) -> dict:
    """A Person, with their affiliation and their own pages elsewhere."""
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        **_person(speaker.name, speaker.get_absolute_url(), absolute),
    }
    if speaker.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
    if speaker.website:
        data["sameAs"] = [speaker.website]
    return data


def _event(event: Event, absolute: Absolute) -> dict:
    data: dict[str, Any] = {
        "@type": "Event",
        "name": event.name,
        "url": absolute(event.get_absolute_url()),
        "startDate": event.start_date.isoformat(),
        "endDate": event.end_date.isoformat(),
        **_place(event),
    }
    if event.series:
        data["superEvent"] = {
            "@type": "EventSeries",
            "name": event.series.name,
            "url": absolute(event.series.get_absolute_url()),
        }
    return data


def _place(event: Event) -> dict:
    """The event's location and attendance mode, when it says where it takes place."""
    address = {
        "@type": "PostalAddress",
        **({"addressLocality": event.city} if event.city else {}),
        **({"addressCountry": event.country} if event.country else {}),
    }
    if not (event.venue or event.city or event.country):
        return {}
    return {
        "eventAttendanceMode": OFFLINE,
        "location": {"@type": "Place", "name": event.venue or event.city, "address": address},
    }


def _talk_item(talk: ProgrammeTalk, absolute: Absolute) -> dict:
    # Written out rather than through _dates() and _person(): an event has hundreds of talks.
    item = {"@type": "Event", "name": talk.title, "url": absolute(talk.url)}
    if talk.date is not None:
        item["startDate"] = _start(talk.date, talk.start_time)
    item["performer"] = [
        {"@type": "Person", "name": link.name, "url": absolute(link.url)} for link in talk.speakers
    ]
    return item


# A programme repeats a few dozen start times over its days: each is written once per process.
@lru_cache(maxsize=4_096)
def _start(day: datetime.date, start: datetime.time | None) -> str:
    if start is None:
        return day.isoformat()
    return datetime.datetime.combine(day, start).isoformat()


def _dates(
    day: datetime.date | None, start: datetime.time | None, minutes: int | None
) -> dict[str, str]:
    """The talk's own day and times, only when known: its day in lists (`Talk.day`) falls back
    on its event's first day, which would be a guess here."""
    if day is None:
        return {}
    if start is None:
        return {"startDate": day.isoformat()}
    starts = datetime.datetime.combine(day, start)
    dates = {"startDate": starts.isoformat()}
    if minutes:
        dates["endDate"] = (starts + datetime.timedelta(minutes=minutes)).isoformat()
    return dates


def _people(speakers: Iterable[Speaker], absolute: Absolute) -> list[dict]:
    return [_person(speaker.name, speaker.get_absolute_url(), absolute) for speaker in speakers]


def _person(name: str, path: str, absolute: Absolute) -> dict:
    return {"@type": "Person", "name": name, "url": absolute(path)}
