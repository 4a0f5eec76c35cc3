"""What every reader reads into, the `Schedule` and its sessions, and the checks they share.

Anything missing or malformed stops the reading with a `ScheduleError` that names its place.
"""

import datetime
import json
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


class ScheduleError(Exception):
    def __init__(self, path: str, place: str, message: str):
        super().__init__(f"{path}: {place}: {message}" if place else f"{path}: {message}")


@dataclass
class Person:
    name: str


@dataclass
class Link:
    url: str
    title: str
    # The session's recording, whatever its host.
    video: bool = False


@dataclass
class Session:
    """One entry of the schedule ("event" in frab's words), where it is in the file."""

    place: str
    guid: str
    source_id: int | None
    url: str
    title: str
    start: datetime.datetime | None  # none for a session not scheduled yet
    duration: int | None
    room: str
    type: str
    language: str
    track: str
    abstract: str
    persons: list[Person]
    links: list[Link] = field(default_factory=list)


@dataclass
class Schedule:
    path: str
    title: str
    acronym: str
    start: datetime.date
    end: datetime.date
    time_zone: zoneinfo.ZoneInfo | None  # none where times are local, without an offset
    base_url: str
    sessions: list[Session]


class Reader:
    """What the formats share: the conference's fields and each session's, checked."""

    def __init__(self, path: str):
        self.path = path

    def error(self, place: str, message: str) -> ScheduleError:
        return ScheduleError(self.path, place, message)

    def text(self, value, place: str, *, required: bool = True) -> str:
        if value is None or value == "":
            if required:
                raise self.error(place, "missing")
            return ""
        if not isinstance(value, str):
            raise self.error(place, f"expected text, found {json.dumps(value)[:60]}")
        return value.strip()

    def date(self, value, place: str, time_zone: zoneinfo.ZoneInfo) -> datetime.date:
        """A date, or the date in the conference's time zone of a date and time."""
        text = self.text(value, place)
        try:
            if "T" in text:
                return self.moment(text, place, time_zone).date()
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise self.error(place, f"not a date: {text!r}") from None

    def moment(self, value, place: str, time_zone: zoneinfo.ZoneInfo) -> datetime.datetime:
        text = self.text(value, place)
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise self.error(place, f"not a date and time: {text!r}") from None
        if moment.tzinfo is None:
            raise self.error(place, f"no time zone offset in {text!r}")
        return moment.astimezone(time_zone)

    def duration(self, value, place: str) -> int | None:
        """Minutes from "HH:MM" (or "D:HH:MM"); none for a zero duration."""
        text = self.text(value, place)
        match = _DURATION.match(text)
        if not match:
            raise self.error(place, f'not a duration "HH:MM": {text!r}')
        days, hours, minutes = (int(part or 0) for part in match.groups())
        total = (days * 24 + hours) * 60 + minutes
        return total or None

    def time_zone(self, value, place: str) -> zoneinfo.ZoneInfo:
        name = self.text(value, place, required=False) or "UTC"
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise self.error(place, f"unknown time zone {name!r}") from None

    def minutes(self, start: datetime.datetime, end: datetime.datetime, place: str) -> int | None:
        """The minutes from `start` to `end` (at `place`); none for zero."""
        if end < start:
            raise self.error(place, f"before the start: {end.isoformat()!r}")
        return int((end - start).total_seconds() // 60) or None

    def integer(self, value, place: str) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise self.error(place, f"expected a whole number, found {json.dumps(value)[:60]}")

    def slot(self, data: dict, at: Callable[[str], str], time_zone) -> tuple:
        """The start and the duration, from `date` (date, time and offset) and `duration`."""
        return (
            self.moment(data.get("date"), at("date"), time_zone),
            self.duration(data.get("duration"), at("duration")),
        )

    def session(
        self,
        data: dict,
        place: str,
        at: Callable[[str], str],
        time_zone,
        room: str,
        slot: tuple | None = None,
    ) -> Session:
        """A session from its fields by name; `at(name)` is the place of a field.

        `slot` is its start and duration when the format gives them otherwise than `slot()`
        reads them."""
        start, duration = slot or self.slot(data, at, time_zone)
        persons = []
        for person, person_place in data.get("persons") or []:
            key = "public_name" if person.get("public_name") else "name"
            persons.append(Person(self.text(person.get(key), f"{person_place}.{key}")))
            self.integer(person.get("id"), f"{person_place}.id")
        return Session(
            place=place,
            guid=self.text(data.get("guid"), at("guid")),
            source_id=self.integer(data.get("id"), at("id")),
            url=self.text(data.get("url"), at("url"), required=False),
            title=self.text(data.get("title"), at("title")),
            start=start,
            duration=duration,
            room=self.text(data.get("room"), at("room"), required=False) or room,
            type=self.text(data.get("type"), at("type"), required=False),
            language=self.text(data.get("language"), at("language"), required=False),
            track=self.text(data.get("track"), at("track"), required=False),
            abstract=self.text(data.get("abstract"), at("abstract"), required=False)
            or self.text(data.get("description"), at("description"), required=False),
            persons=persons,
            links=[
                Link(
                    url=self.text(link.get("url"), f"{link_place}.url"),
                    title=self.text(link.get("title"), f"{link_place}.title", required=False),
                )
                for key in ("links", "attachments")
                for link, link_place in data.get(key) or []
            ],
        )
