"""Reading a published conference schedule: frab/pretalx schedule JSON (version 1, sessions
under the days' rooms, or version 2, sessions in `schedule.events`), frab's schedule.xml, or
Sessionize's "All data" JSON.

The format is recognised from the file's content. All are read into the same `Schedule`;
anything missing or malformed stops the reading with a `ScheduleError` that names its place: a
JSON path (`schedule.conference.days[2].rooms["Hall A"][3].date`, `schedule.events[3].start`,
`sessions[3].startsAt`) or an XML line.
"""

import json

from talks.schedule.readers.base import Schedule, ScheduleError
from talks.schedule.readers.schedule_json import JsonReader
from talks.schedule.readers.schedule_xml import XmlReader
from talks.schedule.readers.sessionize import SESSIONIZE_KEYS, SessionizeReader


def read_schedule(path: str) -> Schedule:
    """The schedule in the file at `path`; raises ScheduleError, or OSError if unreadable."""
    with open(path, "rb") as file:
        return read_schedule_content(file.read(), path)


def read_schedule_content(content: bytes, path: str) -> Schedule:
    """The schedule in `content`, an upload's or a download's; raises ScheduleError, whose
    message starts with `path`, the file's name or address."""
    start = content.lstrip()[:1]
    if start == b"{":
        return _read_json(path, content)
    if start == b"<":
        return XmlReader(path).read(content)
    raise ScheduleError(path, "", "neither a schedule JSON nor a schedule.xml file")


def _read_json(path: str, content: bytes) -> Schedule:
    """A schedule JSON, or Sessionize's, recognised by its top-level keys."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ScheduleError(path, "", f"not valid JSON: {error}") from None
    if isinstance(document, dict) and document.keys() >= SESSIONIZE_KEYS:
        return SessionizeReader(path).read(document)
    return JsonReader(path).read(document)
