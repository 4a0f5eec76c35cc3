"""An event's programme as a schedule other tools read: schedule JSON version 2 (the CCC
hub's, `schema2.json`) and frab's schedule.xml (Giggity, ConfClerk, EventFahrplan).

See docs/importing.md, "Exporting". Only published talks with a day and a start time are
placed: a talk without them has no slot, and none is invented. Times are given in the event's
time zone (`Event.time_zone`, the site's).
"""

import datetime
import uuid
import zoneinfo
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from django.db.models import Prefetch

from common.document_text import document_text
from events.models import Event
from talks.models import TaggedTalk, Talk, TalkFormat, TalkSpeaker

GENERATOR = "confnotes"
# schedule.xml's durations have two digits of hours: 99:59 at the most.
XML_LONGEST_DURATION = 99 * 60 + 59
# The formats as frab's free-text type, in the words import_schedule reads back.
XML_TYPES = {
    TalkFormat.KEYNOTE: "Keynote",
    TalkFormat.TALK: "Talk",
    TalkFormat.LIGHTNING: "Lightning talk",
    TalkFormat.WORKSHOP: "Workshop",
    TalkFormat.PANEL: "Panel",
    TalkFormat.ROUND_TABLE: "Round table",
    TalkFormat.HANDS_ON_LAB: "Hands-on lab",
}
# The formats among schema2.json's fixed types.
JSON_TYPES = {
    TalkFormat.KEYNOTE: "TALK",
    TalkFormat.TALK: "TALK",
    TalkFormat.LIGHTNING: "LIGHTNING_TALK",
    TalkFormat.WORKSHOP: "WORKSHOP",
    TalkFormat.PANEL: "DISCUSSION",
    TalkFormat.ROUND_TABLE: "DISCUSSION",
    TalkFormat.HANDS_ON_LAB: "HANDS-ON",
}


@dataclass
class _Slot:
    talk: Talk
    guid: str
    url: str
    slug: str
    start: datetime.datetime
    end: datetime.datetime
    track: str  # the first topic's name, or ""
    track_slug: str
    speakers: list[tuple[str, str]]  # name, guid
    links: list[tuple[str, str, str]]  # url, title, schema2 type


@dataclass
class _Programme:
    event: Event
    base_url: str
    url: str
    acronym: str
    time_zone: zoneinfo.ZoneInfo
    days: list[datetime.date]
    slots: list[_Slot]

    def day_bounds(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        start = datetime.datetime.combine(day, datetime.time(), self.time_zone)
        return start, start + datetime.timedelta(days=1, minutes=-1)

    def room_guid(self, room: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.url}#room={room}"))


def _programme(event: Event, base_url: str) -> _Programme:
    """The event's placed talks, in 3 queries: talks, their speakers, their topics."""
    time_zone = event.time_zone
    base_url = base_url.rstrip("/")
    acronym = _acronym(event)
    talks = (
        Talk.objects.published()
        .filter(event=event, date__isnull=False, start_time__isnull=False)
        .order_by("date", "start_time", "room", "pk")
        .prefetch_related(
            Prefetch(
                "talk_speakers",
                TalkSpeaker.objects.select_related("speaker").order_by("order", "pk"),
            ),
            Prefetch(
                "taggedtalk_set",
                TaggedTalk.objects.select_related("tag").order_by("tag__name"),
                to_attr="tagged",
            ),
        )
    )
    slots = []
    for talk in talks:
        talk.event = event
        url = base_url + talk.get_absolute_url()
        start = datetime.datetime.combine(talk.date, talk.start_time, time_zone)
        topic = talk.tagged[0].tag if talk.tagged else None
        slots.append(
            _Slot(
                talk=talk,
                guid=_guid(talk.source_guid, url),
                url=url,
                # schedule.xml wants four characters after the acronym: "7-_a" for talk 7, "a".
                slug=f"{acronym}-{talk.pk}-{_schema_slug(talk.slug).rjust(2, '_')}",
                start=start,
                end=start + datetime.timedelta(minutes=talk.duration or 0),
                track=topic.name if topic else "",
                # schema2.json's slugs have two characters at least: "_c" for the topic C.
                track_slug=_schema_slug(topic.slug).rjust(2, "_") if topic else acronym,
                speakers=[
                    (link.speaker.name, _guid("", base_url + link.speaker.get_absolute_url()))
                    for link in talk.talk_speakers.all()
                ],
                links=[
                    (address, title, kind)
                    for address, title, kind in (
                        (talk.slides_url, "Slides", "SLIDES"),
                        (talk.video_url, "Video", "MEDIA"),
                    )
                    if address
                ],
            )
        )
    days = _days(event, slots)
    return _Programme(
        event, base_url, base_url + event.get_absolute_url(), acronym, time_zone, days, slots
    )


def _acronym(event: Event) -> str:
    """The event's slug as both formats' acronym: in small letters, `_` for `-` (schema2.json
    allows no hyphen), and followed by the year if shorter than the four characters both
    require. Sessions' slugs are made from it too."""
    acronym = _schema_slug(event.slug).replace("-", "_")
    return acronym if len(acronym) >= 4 else f"{acronym}_{event.start_date.year}"


def _schema_slug(slug: str) -> str:
    """A slug as schema2.json's are: small letters, ending with a letter or a digit."""
    return slug.lower().strip("-_")


def _days(event: Event, slots: list[_Slot]) -> list[datetime.date]:
    """The event's days, and any other day a talk is on."""
    length = (event.end_date - event.start_date).days + 1
    days = {event.start_date + datetime.timedelta(days=n) for n in range(max(length, 1))}
    return sorted(days | {slot.talk.date for slot in slots})


def _guid(source_guid: str, url: str) -> str:
    """The source's guid if it is a UUID, as both formats require; otherwise one derived
    from the address, the same at each export."""
    try:
        return str(uuid.UUID(source_guid))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, url))


def _hours_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule_json(event: Event, *, base_url: str) -> dict:
    """The event's programme as schedule JSON version 2; `base_url` is the site's address."""
    programme = _programme(event, base_url)
    rooms = sorted({slot.talk.room for slot in programme.slots})
    first, last = programme.days[0], programme.days[-1]
    return {
        "$schema": "https://c3voc.de/schedule/schema2.json",
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": event.updated_at.isoformat(),
            "base_url": programme.base_url + "/",
            "conference": {
                "acronym": programme.acronym,
                "title": event.name,
                "start": programme.day_bounds(first)[0].isoformat(),
                "end": programme.day_bounds(last)[1].isoformat(),
                "time_zone_name": programme.time_zone.key,
                "url": programme.url,
                "rooms": [{"name": room, "guid": programme.room_guid(room)} for room in rooms],
                "days": [
                    {
                        "index": index,
                        "date": day.isoformat(),
                        "start": programme.day_bounds(day)[0].isoformat(),
                        "end": programme.day_bounds(day)[1].isoformat(),
                    }
                    for index, day in enumerate(programme.days, start=1)
                ],
            },
            "events": [_json_session(programme, slot) for slot in programme.slots],
        },
    }


def _json_session(programme: _Programme, slot: _Slot) -> dict:
    talk = slot.talk
    return {
        "guid": slot.guid,
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "room": {"name": talk.room, "guid": programme.room_guid(talk.room)},
        "slug": slot.slug,
        "url": slot.url,
        "title": talk.title,
        "subtitle": None,
        "track": {"slug": slot.track_slug},
        "type": JSON_TYPES[talk.format],
        # One language only in this format: the talk's first.
        "language": talk.languages[0],
        "abstract": talk.abstract,
        "participants": [
            {"guid": guid, "name": name, "role": "SPEAKER"} for name, guid in slot.speakers
        ],
        "links": [
            {"url": address, "title": title, "type": kind} for address, title, kind in slot.links
        ],
    }


def schedule_xml(event: Event, *, base_url: str) -> bytes:
    """The event's programme as frab's schedule.xml; `base_url` is the site's address."""
    programme = _programme(event, base_url)
    root = Element("schedule")
    SubElement(root, "generator", name=GENERATOR)
    SubElement(root, "version").text = event.updated_at.isoformat()
    conference = SubElement(root, "conference")
    for name, value in (
        ("acronym", programme.acronym),
        ("title", event.name),
        ("start", programme.days[0].isoformat()),
        ("end", programme.days[-1].isoformat()),
        ("days", str(len(programme.days))),
        ("base_url", programme.base_url + "/"),
        ("url", programme.url),
        ("time_zone_name", programme.time_zone.key),
    ):
        SubElement(conference, name).text = value
    for index, day in enumerate(programme.days, start=1):
        start, end = programme.day_bounds(day)
        day_element = SubElement(
            root,
            "day",
            index=str(index),
            date=day.isoformat(),
            start=start.isoformat(),
            end=end.isoformat(),
        )
        slots = [slot for slot in programme.slots if slot.talk.date == day]
        for room in sorted({slot.talk.room for slot in slots}):
            room_element = SubElement(
                day_element, "room", name=room, guid=programme.room_guid(room)
            )
            for slot in slots:
                if slot.talk.room == room:
                    _xml_session(room_element, slot)
    for element in root.iter():
        element.text = document_text(element.text or "")
        element.attrib.update({name: document_text(v) for name, v in element.attrib.items()})
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _xml_session(room: Element, slot: _Slot) -> None:
    talk = slot.talk
    event = SubElement(room, "event", guid=slot.guid, id=str(talk.pk))
    for name, value in (
        ("date", slot.start.isoformat()),
        ("start", slot.start.strftime("%H:%M")),
        ("duration", _hours_minutes(min(talk.duration or 0, XML_LONGEST_DURATION))),
        ("room", talk.room),
        ("slug", slot.slug),
        ("url", slot.url),
        ("title", talk.title),
        ("subtitle", ""),
        ("track", slot.track),
        ("type", XML_TYPES[talk.format]),
        # Several languages as some camps write them, "de/en"; import_schedule reads them.
        ("language", "/".join(talk.languages)),
        ("abstract", talk.abstract),
    ):
        SubElement(event, name).text = value
    persons = SubElement(event, "persons")
    for name, guid in slot.speakers:
        SubElement(persons, "person", guid=guid).text = name
    links = SubElement(event, "links")
    for address, title, _kind in slot.links:
        SubElement(links, "link", href=address).text = title
