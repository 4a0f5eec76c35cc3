"""frab's and pretalx's schedule JSON: version 1, sessions under the days' rooms, or version 2
(the CCC hub's), sessions in `schedule.events`."""

import json

from talks.schedule.readers.base import Reader, Schedule, Session

# Schedule JSON v2's entries that are no session: breaks and the venue's own announcements.
_V2_META_TYPES = {"BREAK", "META"}


class JsonReader(Reader):
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
