"""Sessionize's "All data" JSON, the answer of its API's `view/All`."""

import datetime
import json
import re

from talks.schedule.readers.base import Link, Reader, Schedule, Session

# The top-level lists by which Sessionize's JSON is recognised.
SESSIONIZE_KEYS = {"sessions", "speakers", "rooms"}
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


class SessionizeReader(Reader):
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
