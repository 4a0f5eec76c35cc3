"""A made-up conference written as frab's schedule.xml, the same bytes on every run, so that
confnotes and another conference system (bench/pretalx.py) load exactly the same programme:
300 talks over 3 days in 12 rooms, by 300 speakers: each gives one talk, and every third talk
has a second speaker, who then gives two.

The file is checked against the schedule.xml schema (tests/data/interop/schedule.xml.xsd)
before anything reads it.
"""

import datetime
import random
import uuid
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

import xmlschema

SCHEMA = Path(__file__).resolve().parent.parent / "tests" / "data" / "interop" / "schedule.xml.xsd"
ACRONYM = "benchcon2025"
TITLE = "Bench Conference 2025"
TALKS = 300
DAYS = 3
ROOMS = 12
SPEAKERS = 300
# A second speaker for every third talk: the speaker of the talk this many further on.
CO_SPEAKER_OFFSET = 7
FIRST_DAY = datetime.date(2025, 4, 1)
FIRST_HOUR = 9
TALK_MINUTES = 45
# Talks start on the hour: 9:00, 10:00 and so on, one after another in each room.
SLOT_MINUTES = 60
SEED = 1
# The talks' guids are UUIDs derived from their numbers in this namespace, the same every run.
GUID_NAMESPACE = uuid.UUID("6f1c8a52-3b0e-4d3c-9a57-0c6c2a1e5b10")


def _words(text: str, sep: str = " ") -> list[str]:
    return text.split(sep)


TRACKS = ["Operations", "Security", "Databases", "Web", "Community", "Hardware"]
FIRST_NAMES = _words(
    "Ada Alan Barbara Carlos Chen Dana Elif Emil Fatima Grace Hana Ivan Jonas Kemal Lea "
    "Linus Maya Noor Olga Pablo Quinn Rosa Sven Tariq Uma Vera Wei Yara Zoe Anouk"
)
LAST_NAMES = _words(
    "Lovelace Turing Liskov Ortiz Wang Scott Demir Larsen Haddad Hopper Sato Petrov Berg "
    "Yilmaz Moreau Nilsson Patel Rahman Smirnova Garcia Murphy Rossi Lindqvist Aziz Okafor "
    "Novak Zhang Haddou Klein Bakker"
)
ADJECTIVES = _words(
    "Scalable Resilient Practical Secure Incremental Observable Declarative Distributed "
    "Reproducible Sustainable Accessible Fast"
)
SUBJECTS = _words(
    "deployments;database migrations;service meshes;build pipelines;search indexes;"
    "message queues;edge caches;package registries;schedulers;storage engines;"
    "identity providers;embedded firmware",
    sep=";",
)
WORDS = _words(
    "system team cluster request latency budget query index failure review release "
    "operator network language policy memory schema shard replica trace metric upgrade "
    "cache workload incident lesson design tool practice community"
)


def schedule_xml() -> bytes:
    """The conference as a schedule.xml document, valid against the schema."""
    rng = random.Random(SEED)
    speakers = _speaker_names(rng)
    titles = _titles(rng)
    root = Element("schedule")
    SubElement(root, "version").text = "1.0"
    conference = SubElement(root, "conference")
    SubElement(conference, "acronym").text = ACRONYM
    SubElement(conference, "title").text = TITLE
    SubElement(conference, "start").text = FIRST_DAY.isoformat()
    SubElement(conference, "end").text = (FIRST_DAY + datetime.timedelta(days=DAYS - 1)).isoformat()
    SubElement(conference, "days").text = str(DAYS)
    SubElement(conference, "time_zone_name").text = "UTC"
    per_day = -(-TALKS // DAYS)
    for day_index in range(DAYS):
        date = FIRST_DAY + datetime.timedelta(days=day_index)
        day = SubElement(
            root,
            "day",
            index=str(day_index + 1),
            date=date.isoformat(),
            start=f"{date}T08:00:00+00:00",
            end=f"{date}T20:00:00+00:00",
        )
        numbers = range(day_index * per_day, min(TALKS, (day_index + 1) * per_day))
        for room_index in range(ROOMS):
            room = SubElement(day, "room", name=_room_name(room_index))
            for number in numbers[room_index::ROOMS]:
                slot = (number - numbers.start) // ROOMS
                _add_talk(room, number, date, slot, titles[number], speakers, rng)
    indent(root)
    return tostring(root, encoding="utf-8", xml_declaration=True)


def validate(content: bytes) -> None:
    """Raise xmlschema's error, naming the element, unless `content` fits the schema."""
    xmlschema.XMLSchema(SCHEMA).validate(content.decode("utf-8"))


def talk_guid(number: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"talk-{number}"))


def talk_id(number: int) -> int:
    return number + 1


def _speaker_names(rng: random.Random) -> list[str]:
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    return rng.sample(names, SPEAKERS)


def _titles(rng: random.Random) -> list[str]:
    titles: list[str] = []
    while len(titles) < TALKS:
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(SUBJECTS)}: {_phrase(rng, 3)}"
        if title not in titles:
            titles.append(title)
    return titles


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _sentences(rng: random.Random, count: int) -> str:
    return " ".join(f"{_phrase(rng, rng.randint(6, 12)).capitalize()}." for _ in range(count))


def _room_name(index: int) -> str:
    return f"Room {index + 1}"


def _add_talk(
    room: Element,
    number: int,
    date: datetime.date,
    slot: int,
    title: str,
    speakers: list[str],
    rng: random.Random,
) -> None:
    start = datetime.time(FIRST_HOUR + slot * SLOT_MINUTES // 60)
    event = SubElement(room, "event", guid=talk_guid(number), id=str(talk_id(number)))
    SubElement(event, "date").text = f"{date}T{start:%H:%M}:00+00:00"
    SubElement(event, "start").text = f"{start:%H:%M}"
    SubElement(event, "duration").text = f"00:{TALK_MINUTES}"
    SubElement(event, "room").text = room.get("name")
    SubElement(event, "title").text = title
    SubElement(event, "subtitle")
    SubElement(event, "track").text = TRACKS[number % len(TRACKS)]
    SubElement(event, "type").text = "Talk"
    SubElement(event, "language").text = "en"
    SubElement(event, "abstract").text = _sentences(rng, 3)
    SubElement(event, "description").text = _sentences(rng, 8)
    persons = SubElement(event, "persons")
    SubElement(persons, "person").text = speakers[number % SPEAKERS]
    if number % 3 == 0:
        SubElement(persons, "person").text = speakers[(number + CO_SPEAKER_OFFSET) % SPEAKERS]
