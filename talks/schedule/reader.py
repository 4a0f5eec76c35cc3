"""Reading a published conference schedule: frab/pretalx schedule JSON (version 1, sessions
under the days' rooms, or version 2, sessions in `schedule.events`), frab's schedule.xml, or
Sessionize's "All data" JSON.

The format is recognised from the file's content. All are read into the same `Schedule`;
anything missing or malformed stops the reading with a `ScheduleError` that names its place: a
JSON path (`schedule.conference.days[2].rooms["Hall A"][3].date`, `schedule.events[3].start`,
`sessions[3].startsAt`) or an XML line.
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
# Sessionize's "All data" JSON is recognised by these top-level lists.
_SESSIONIZE_KEYS = {"sessions", "speakers", "rooms"}
# The event's own Sessionize categories that give a session's format, track and languages,
# recognised by a word of their title: "Session format", "Track", "Language".
_SESSIONIZE_CATEGORIES = {
    "format": "type",
    "type": "type",
    "track": "track",
    "language": "language",
    "langue": "language",
}
# A note in brackets after a format's name: "Lightning talk (10 min)".
_BRACKETED = re.compile(r"\s*\([^)]*\)")


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


def read_schedule(path: str) -> Schedule:
    """The schedule in the file at `path`; raises ScheduleError, or OSError if unreadable."""
    with open(path, "rb") as file:
        content = file.read()
    start = content.lstrip()[:1]
    if start == b"{":
        return _read_json(path, content)
    if start == b"<":
        return _XmlReader(path).read(content)
    raise ScheduleError(path, "", "neither a schedule JSON nor a schedule.xml file")


def _read_json(path: str, content: bytes) -> Schedule:
    """A schedule JSON, or Sessionize's, recognised by its top-level keys."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ScheduleError(path, "", f"not valid JSON: {error}") from None
    if isinstance(document, dict) and document.keys() >= _SESSIONIZE_KEYS:
        return _SessionizeReader(path).read(document)
    return _JsonReader(path).read(document)


class _Reader:
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


class _JsonReader(_Reader):
    def read(self, document) -> Schedule:
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
        return start, self.minutes(start, end, f"{place}.end")

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


class _SessionizeReader(_Reader):
    """Sessionize's "All data" JSON: sessions that name their speakers, room and category
    items by id. It names no conference; its days are the sessions'."""

    def read(self, document: dict) -> Schedule:
        rooms = {
            self.key(room.get("id"), f"{place}.id"): self.text(room.get("name"), f"{place}.name")
            for room, place in self.objects(document, "rooms")
        }
        speakers = {
            self.key(speaker.get("id"), f"{place}.id"): self.speaker_name(speaker, place)
            for speaker, place in self.objects(document, "speakers")
        }
        items = {}  # each category item's id: the field it gives, and its name
        for category, place in self.objects(document, "categories"):
            words = re.findall(r"\w+", self.text(category.get("title"), f"{place}.title").lower())
            field = next(
                (_SESSIONIZE_CATEGORIES[w] for w in words if w in _SESSIONIZE_CATEGORIES), ""
            )
            for item, item_place in self.objects(category, "items", place):
                name = self.text(item.get("name"), f"{item_place}.name")
                items[self.key(item.get("id"), f"{item_place}.id")] = (field, name)
        sessions = [
            self.sessionize_session(entry, place, rooms, speakers, items)
            for entry, place in self.objects(document, "sessions")
            # Breaks, meals, registration: no talk.
            if entry.get("isServiceSession") is not True
        ]
        days = sorted(session.start.date() for session in sessions if session.start)
        if not days:
            raise self.error("sessions", "no session has a day yet (startsAt)")
        return Schedule(self.path, "", "", days[0], days[-1], None, "", sessions)

    def objects(self, parent: dict, key: str, place: str = "") -> list[tuple[dict, str]]:
        """The objects listed under `key`, each with its place; none if there is no such key."""
        inner = f"{place}.{key}" if place else key
        values = parent.get(key) or []
        if not isinstance(values, list):
            raise self.error(inner, "expected a list of objects")
        for number, value in enumerate(values):
            if not isinstance(value, dict):
                raise self.error(f"{inner}[{number}]", "expected an object")
        return [(value, f"{inner}[{number}]") for number, value in enumerate(values)]

    def key(self, value, place: str) -> str:
        """An id, a number or a text, as text: rooms' are numbers, speakers' texts."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(value, place)

    def find(self, table: dict, value, place: str, kind: str):
        key = self.key(value, place)
        if key not in table:
            raise self.error(place, f"no {kind} has the id {json.dumps(value)}")
        return table[key]

    def speaker_name(self, speaker: dict, place: str) -> str:
        """Its full name, or else its first and last names (a speaker may have only one)."""
        names = [
            self.text(speaker.get(key), f"{place}.{key}", required=False)
            for key in ("fullName", "firstName", "lastName")
        ]
        name = names[0] or " ".join(name for name in names[1:] if name)
        if not name:
            raise self.error(f"{place}.fullName", "missing")
        return name

    def local_moment(self, value, place: str) -> datetime.datetime | None:
        """A date and time of the event's own clock, as Sessionize gives them; an offset, if
        any, is set aside."""
        if value is None:
            return None
        text = self.text(value, place)
        try:
            return datetime.datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            raise self.error(place, f"not a date and time: {text!r}") from None

    def ids(self, entry: dict, key: str, place: str) -> list[tuple[object, str]]:
        values = entry.get(key) or []
        if not isinstance(values, list):
            raise self.error(f"{place}.{key}", "expected a list of ids")
        return [(value, f"{place}.{key}[{number}]") for number, value in enumerate(values)]

    def sessionize_session(self, entry, place: str, rooms, speakers, items) -> Session:
        def at(key: str) -> str:
            return f"{place}.{key}"

        given = {"type": [], "track": [], "language": []}
        for item, item_place in self.ids(entry, "categoryItems", place):
            field, name = self.find(items, item, item_place, "category item")
            if field:
                given[field].append(name)
        start = self.local_moment(entry.get("startsAt"), at("startsAt"))
        end = self.local_moment(entry.get("endsAt"), at("endsAt"))
        room = entry.get("roomId")
        data = {
            "guid": f"sessionize:{self.key(entry.get('id'), at('id'))}",
            "title": entry.get("title"),
            "description": entry.get("description"),
            "room": "" if room is None else self.find(rooms, room, at("roomId"), "room"),
            "type": _BRACKETED.sub("", given["type"][0]) if given["type"] else "",
            "track": given["track"][0] if given["track"] else "",
            "language": "/".join(given["language"]),
            "persons": [
                ({"name": self.find(speakers, speaker, speaker_place, "speaker")}, speaker_place)
                for speaker, speaker_place in self.ids(entry, "speakers", place)
            ],
        }
        duration = self.minutes(start, end, at("endsAt")) if start and end else None
        session = self.session(data, place, at, None, "", (start, duration))
        recording = self.text(entry.get("recordingUrl"), at("recordingUrl"), required=False)
        if recording:
            session.links.append(Link(recording, "Recording", video=True))
        return session


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
