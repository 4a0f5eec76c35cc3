"""Reading a published conference schedule: frab/pretalx schedule JSON (version 1, sessions
under the days' rooms, or version 2, sessions in `schedule.events`) or frab's schedule.xml.

The format is recognised from the file's content. All are read into the same `Schedule`;
anything missing or malformed stops the reading with a `ScheduleError` that names its place: a
JSON path (`schedule.conference.days[2].rooms["Hall A"][3].date`, `schedule.events[3].start`)
or an XML line.
"""

import datetime
import json
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
# Schedule JSON v2's entries that are no session: breaks and the venue's own announcements.
_V2_META_TYPES = {"BREAK", "META"}


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


@dataclass
class Session:
    """One entry of the schedule ("event" in frab's words), where it is in the file."""

    place: str
    guid: str
    source_id: int | None
    url: str
    title: str
    start: datetime.datetime
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
    time_zone: zoneinfo.ZoneInfo
    base_url: str
    sessions: list[Session]


def read_schedule(path: str) -> Schedule:
    """The schedule in the file at `path`; raises ScheduleError, or OSError if unreadable."""
    with open(path, "rb") as file:
        return read_schedule_content(file.read(), path)


def read_schedule_content(content: bytes, path: str) -> Schedule:
    """The schedule in `content`, an upload's or a download's; raises ScheduleError, whose
    message starts with `path`, the file's name or address."""
    start = content.lstrip()[:1]
    if start == b"{":
        return _JsonReader(path).read(content)
    if start == b"<":
        return _XmlReader(path).read(content)
    raise ScheduleError(path, "", "neither a schedule JSON nor a schedule.xml file")


class _Reader:
    """What both formats share: the conference's fields and each session's, checked."""

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


class _JsonReader(_Reader):
    def read(self, content: bytes) -> Schedule:
        try:
            document = json.loads(content)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise self.error("", f"not valid JSON: {error}") from None
        schedule = self.object(document, "", "schedule")
        conference = self.object(schedule, "schedule", "conference")
        where = "schedule.conference"
        time_zone = self.time_zone(conference.get("time_zone_name"), f"{where}.time_zone_name")
        if "events" in schedule:
            sessions = self.v2_sessions(schedule["events"], conference, time_zone)
        else:
            sessions = self.v1_sessions(conference, time_zone)
        return Schedule(
            path=self.path,
            title=self.text(conference.get("title"), f"{where}.title"),
            acronym=self.text(conference.get("acronym"), f"{where}.acronym"),
            start=self.date(conference.get("start"), f"{where}.start", time_zone),
            end=self.date(conference.get("end"), f"{where}.end", time_zone),
            time_zone=time_zone,
            base_url=self.text(schedule.get("base_url"), "schedule.base_url", required=False),
            sessions=sessions,
        )

    def v1_sessions(self, conference: dict, time_zone) -> list[Session]:
        """Version 1: sessions listed under each day's rooms."""
        where = "schedule.conference"
        sessions = []
        days = conference.get("days")
        if not isinstance(days, list):
            raise self.error(f"{where}.days", "expected a list of days")
        for day_number, day in enumerate(days):
            day_place = f"{where}.days[{day_number}]"
            if not isinstance(day, dict):
                raise self.error(day_place, "expected an object")
            rooms = day.get("rooms") or {}
            if not isinstance(rooms, dict):
                raise self.error(f"{day_place}.rooms", "expected an object of rooms")
            for room, entries in rooms.items():
                room_place = f"{day_place}.rooms[{json.dumps(room, ensure_ascii=False)}]"
                if not isinstance(entries, list):
                    raise self.error(room_place, "expected a list of sessions")
                for number, entry in enumerate(entries):
                    place = f"{room_place}[{number}]"
                    sessions.append(self.json_session(entry, place, time_zone, room))
        return sessions

    def v2_sessions(self, events, conference: dict, time_zone) -> list[Session]:
        """Version 2: sessions in one list, each with its start and end, its room and track
        as objects, its speakers as `participants`."""
        if not isinstance(events, list):
            raise self.error("schedule.events", "expected a list of sessions")
        # A session names its track by slug; the conference's tracks give the name.
        track_names = {
            track.get("slug"): track.get("name")
            for track in conference.get("tracks") or []
            if isinstance(track, dict)
        }
        sessions = []
        for number, entry in enumerate(events):
            place = f"schedule.events[{number}]"
            if not isinstance(entry, dict):
                raise self.error(place, "expected an object")
            if entry.get("type") in _V2_META_TYPES:
                continue
            data = dict(entry)
            places = {}
            if "participants" in entry:
                data["persons"] = entry["participants"]
                places["persons"] = "participants"
            if isinstance(entry.get("room"), dict):
                data["room"] = entry["room"].get("name")
                places["room"] = "room.name"
            track = entry.get("track")
            if isinstance(track, dict):
                data["track"] = track.get("name") or track_names.get(track.get("slug"))
                data["track"] = data["track"] or track.get("slug")
                places["track"] = "track.name" if track.get("name") else "track.slug"
            slot = self.v2_slot(entry, place, time_zone)
            sessions.append(self.json_session(data, place, time_zone, "", slot, places))
        return sessions

    def v2_slot(self, entry: dict, place: str, time_zone) -> tuple:
        """The start, and the minutes to the `end`, or the (deprecated) `duration`."""
        start = self.moment(entry.get("start"), f"{place}.start", time_zone)
        if entry.get("end") is None and entry.get("duration") is not None:
            return start, self.duration(entry["duration"], f"{place}.duration")
        end = self.moment(entry.get("end"), f"{place}.end", start.tzinfo)
        if end < start:
            raise self.error(f"{place}.end", f"before the start: {entry['end']!r}")
        return start, int((end - start).total_seconds() // 60) or None

    def object(self, parent, place: str, key: str) -> dict:
        value = parent.get(key) if isinstance(parent, dict) else None
        inner = f"{place}.{key}" if place else key
        if not isinstance(value, dict):
            raise self.error(inner, "missing, or not an object")
        return value

    def json_session(
        self, entry, place: str, time_zone, room: str, slot=None, places=None
    ) -> Session:
        """`places` names the fields found elsewhere in the file than under their own key."""
        if not isinstance(entry, dict):
            raise self.error(place, "expected an object")
        places = places or {}

        def at(key: str) -> str:
            return f"{place}.{places.get(key, key)}"

        data = dict(entry)
        # Nested lists carry their own places, as the XML reader's do.
        for key in ("persons", "links", "attachments"):
            items = entry.get(key) or []
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise self.error(at(key), "expected a list of objects")
            data[key] = [(item, f"{at(key)}[{number}]") for number, item in enumerate(items)]
        return self.session(data, place, at, time_zone, room, slot)


class _LineTreeBuilder(TreeBuilder):
    """Remembers the line where each element starts, for error messages."""

    def __init__(self):
        super().__init__()
        self.lines: dict[int, int] = {}
        self.expat = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber
        return element


class _XmlReader(_Reader):
    def read(self, content: bytes) -> Schedule:
        builder = _LineTreeBuilder()
        # defusedxml refuses entity declarations and external references: a hostile file
        # cannot expand into gigabytes or read local files.
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        builder.expat = parser.parser
        try:
            parser.feed(content)
            root = parser.close()
        except ParseError as error:
            raise self.error(f"line {error.position[0]}", f"not valid XML: {error}") from None
        except DefusedXmlException as error:
            raise self.error("", f"refused: {error}") from None
        self.lines = builder.lines
        if root.tag != "schedule":
            raise self.error(self.line(root), f"expected <schedule>, found <{root.tag}>")
        conference = root.find("conference")
        if conference is None:
            raise self.error(self.line(root), "no <conference>")
        place = self.line(conference)
        time_zone = self.time_zone(conference.findtext("time_zone_name"), place)
        sessions = []
        for day in root.iter("day"):
            for room in day.iter("room"):
                for event in room.iter("event"):
                    sessions.append(self.xml_session(event, time_zone, room.get("name") or ""))
        return Schedule(
            path=self.path,
            title=self.text(conference.findtext("title"), f"{place}, <title>"),
            acronym=self.text(conference.findtext("acronym"), f"{place}, <acronym>"),
            start=self.date(conference.findtext("start"), f"{place}, <start>", time_zone),
            end=self.date(conference.findtext("end"), f"{place}, <end>", time_zone),
            time_zone=time_zone,
            base_url=self.text(root.findtext("base_url"), "<base_url>", required=False),
            sessions=sessions,
        )

    def line(self, element: Element) -> str:
        return f"line {self.lines[id(element)]}"

    def xml_session(self, event: Element, time_zone, room: str) -> Session:
        place = self.line(event)
        data = {child.tag: (child.text or "") for child in event if not len(child)}
        data["guid"] = event.get("guid")
        source_id = event.get("id")
        data["id"] = int(source_id) if source_id and source_id.isdigit() else source_id
        data["persons"] = [
            ({"name": person.text, "id": None}, self.line(person))
            for person in event.iterfind("persons/person")
        ]
        data["links"] = [
            ({"url": link.get("href"), "title": link.text}, self.line(link))
            for link in [*event.iterfind("links/link"), *event.iterfind("attachments/attachment")]
        ]

        def at(key: str) -> str:
            child = event.find(key)
            return f"{self.line(child if child is not None else event)}, <{key}>"

        return self.session(data, place, at, time_zone, room)
