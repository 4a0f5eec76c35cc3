"""Reading a write-up file (docs/writeup-format.md) into plain data, or a precise error.

Nothing here touches the database: the result is checked as far as the file alone allows
(keys, dates, language codes, ratings...), and every piece remembers its line so that later
errors can point at it too.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify

from common.names import normalize_name
from talks.languages import LANGUAGE_CODES
from talks.models import MAX_BODY_LENGTH, TalkFormat
from talks.writeup.markdown_lines import classify, strip_blank_lines

# The format's spelling of each talk format.
FORMAT_NAMES = {
    "keynote": TalkFormat.KEYNOTE,
    "talk": TalkFormat.TALK,
    "lightning talk": TalkFormat.LIGHTNING,
    "workshop": TalkFormat.WORKSHOP,
    "panel": TalkFormat.PANEL,
    "round table": TalkFormat.ROUND_TABLE,
    "hands-on lab": TalkFormat.HANDS_ON_LAB,
}
EVENT_KEYS = ("name", "slug", "series", "start", "end", "city", "country", "venue", "website")
FRONT_MATTER_KEYS = ("event", "author", "language")
TALK_KEYS = (
    "speakers",
    "languages",
    "text language",
    "abstract language",
    "topics",
    "format",
    "date",
    "time",
    "duration",
    "room",
    "slides",
    "video",
    "slug",
    "also given at",
)

_FRONT_MATTER_DELIMITER = "---"
# The YAML text starts on the line after the opening `---`; YAML counts lines from 0.
_YAML_LINE_OFFSET = 2
_METADATA_ITEM = re.compile(r"^-\s+([A-Za-z][\w -]*?)\s*:\s*(.*?)\s*$")
_SECTION = re.compile(r"^(notes|my take)\s*(?:\((.*)\))?$", re.IGNORECASE)
_AUTHOR_SUFFIX = re.compile(r"^by\s+(\S+)$")
_RATING_LINE = re.compile(r"^rating\s*:", re.IGNORECASE)
_RATING = re.compile(r"^rating\s*:\s*(\d+)\s*/\s*5$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LIST_SEPARATOR = re.compile(r"\s*,\s*")
_SPEAKER_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:and|et)\s+")
_TALK_REFERENCE = re.compile(r"^([^/\s]+)/([^/\s]+)$")
_TALK_REFERENCE_HELP = (
    "an event's slug and a talk's slug, such as 'kcd-france-2023/database-operators', or "
    "the address of the talk's page on confnotes"
)
_validate_url = URLValidator(schemes=["http", "https"])
validate_username = UnicodeUsernameValidator()


class WriteupError(Exception):
    """What is wrong in a write-up, and where: `file:line: message`."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class EventSpec:
    """The front matter's `event`; None means the key was left out."""

    line: int
    name: str
    start: datetime.date
    slug: str | None = None
    series: str | None = None
    end: datetime.date | None = None
    city: str | None = None
    country: str | None = None
    venue: str | None = None
    website: str | None = None


@dataclass
class NoteSpec:
    line: int
    language: str
    body: str
    author: str | None = None  # the `by` suffix of the heading, if any
    date: datetime.date | None = None  # the day the heading gives, if any


@dataclass
class ReviewSpec:
    line: int
    rating: int | None
    body: str
    author: str | None = None
    language: str = ""  # blank when unknown


@dataclass(frozen=True)
class TalkReference:
    """Another talk, by its event's slug and its own: `kcd-france-2023/database-operators`."""

    line: int
    event_slug: str
    slug: str

    def __str__(self):
        return f"{self.event_slug}/{self.slug}"


@dataclass
class TalkSpec:
    """One `## ` section; None means the key was left out (or given an empty value)."""

    line: int
    title: str
    languages: list[str]
    # The language of the title and abstract, and the abstract's when it is another.
    text_language: str | None = None
    abstract_language: str | None = None
    slug: str | None = None
    speakers: list[str] | None = None
    topics: list[str] | None = None
    format: str | None = None
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    duration: int | None = None
    room: str | None = None
    slides_url: str | None = None
    video_url: str | None = None
    abstract: str | None = None
    # The same talk given at other events (`also given at`): versions of one talk.
    also_given_at: list[TalkReference] | None = None
    notes: list[NoteSpec] = field(default_factory=list)
    reviews: list[ReviewSpec] = field(default_factory=list)


@dataclass
class Writeup:
    path: str
    event: EventSpec
    author: str | None
    language: str | None
    talks: list[TalkSpec]


def read_writeup(path: str | Path) -> Writeup:
    """Parse the write-up in file `path`."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise WriteupError(str(path), line, "the file is not UTF-8 text") from None
    return parse_writeup(text, path=str(path))


def parse_writeup(text: str, *, path: str) -> Writeup:
    """Parse the text of a write-up; `path` is only used in error messages."""
    return _Parser(text, path).parse()


class _Parser:
    def __init__(self, text: str, path: str):
        self.lines = text.splitlines()
        self.path = path

    def error(self, line: int, message: str) -> WriteupError:
        return WriteupError(self.path, line, message)

    def parse(self) -> Writeup:
        body_start, front = self._front_matter()
        event = self._event(front)
        author = language = None
        if value := self._front_value(front, "author"):
            author = self._username(*value)
        if value := self._front_value(front, "language"):
            language = self._language(*value)
        talks = self._talks(body_start, event, language)
        return Writeup(self.path, event, author, language, talks)

    # Front matter

    def _front_matter(self) -> tuple[int, dict]:
        """The index of the first line after the front matter, and its top-level keys."""
        if not self.lines or self.lines[0].rstrip() != _FRONT_MATTER_DELIMITER:
            raise self.error(1, "the file must start with a '---' line opening the front matter")
        closing = next(
            (
                index
                for index, line in enumerate(self.lines[1:], start=1)
                if line.rstrip() == _FRONT_MATTER_DELIMITER
            ),
            None,
        )
        if closing is None:
            raise self.error(1, "the front matter is not closed by a '---' line")
        loader = yaml.SafeLoader("\n".join(self.lines[1:closing]))
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + _YAML_LINE_OFFSET if mark else 2
            raise self.error(line, f"invalid YAML: {error.problem or error.context}") from None
        finally:
            loader.dispose()
        if root is None:
            raise self.error(2, "missing 'event' in the front matter")
        front = self._mapping(root, FRONT_MATTER_KEYS, "the front matter")
        if "event" not in front:
            raise self.error(root.start_mark.line + _YAML_LINE_OFFSET, "missing 'event'")
        return closing + 1, front

    def _front_value(self, front: dict, key: str) -> tuple[int, str] | None:
        """(line, text) of a top-level key of the front matter, None when absent or empty."""
        if key not in front:
            return None
        line, node = front[key]
        value = self._scalar(line, key, node)
        return (line, value) if value else None

    def _mapping(self, node, keys: tuple[str, ...], what: str) -> dict:
        """{key: (line, value node)} of a YAML mapping whose keys must be among `keys`."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                node.start_mark.line + _YAML_LINE_OFFSET, f"{what} must be a list of 'key: value'"
            )
        entries = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + _YAML_LINE_OFFSET
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                raise self.error(line, _unknown_key_message(str(key), keys, what))
            if key in entries:
                raise self.error(line, f"'{key}' is given twice (first on line {entries[key][0]})")
            entries[key] = (line, value_node)
        return entries

    def _scalar(self, line: int, key: str, node) -> str | None:
        """The text of a YAML value as written (so `NO` stays a country), None when empty."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(line, f"'{key}' must be a single value")
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return node.value.strip()

    def _event(self, front: dict) -> EventSpec:
        event_line, event_node = front["event"]
        entries = self._mapping(event_node, EVENT_KEYS, "'event'")
        values = {}
        for key, (line, node) in entries.items():
            if value := self._scalar(line, key, node):
                values[key] = (line, value)
        for required in ("name", "start"):
            if required not in values:
                raise self.error(event_line, f"missing '{required}' in 'event'")
        start = self._date(*values["start"], "start")
        end = self._date(*values["end"], "end") if "end" in values else None
        if end is not None and end < start:
            raise self.error(values["end"][0], f"the event ends ({end}) before it starts ({start})")
        if "slug" in values:
            self._slug(*values["slug"])
        if "country" in values and not _COUNTRY.match(values["country"][1]):
            raise self.error(
                values["country"][0],
                f"country '{values['country'][1]}' must be a two-letter ISO 3166-1 code "
                "in capitals, such as FR",
            )
        if "website" in values:
            self._url(*values["website"], "website")
        text = {key: value for key, (_, value) in values.items()}
        return EventSpec(
            line=event_line,
            name=text["name"],
            start=start,
            end=end,
            slug=text.get("slug"),
            series=text.get("series"),
            city=text.get("city"),
            country=text.get("country"),
            venue=text.get("venue"),
            website=text.get("website"),
        )

    # Values

    def _date(self, line: int, value: str, key: str) -> datetime.date:
        try:
            if _DATE.match(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        raise self.error(line, f"'{key}' must be a date written YYYY-MM-DD, not '{value}'")

    def _time(self, line: int, value: str) -> datetime.time:
        match = _TIME.match(value)
        try:
            if match:
                return datetime.time(int(match.group(1)), int(match.group(2)))
        except ValueError:
            pass
        raise self.error(line, f"'time' must be written HH:MM on a 24-hour clock, not '{value}'")

    def _duration(self, line: int, value: str) -> int:
        if not (value.isascii() and value.isdigit()) or int(value) == 0:
            raise self.error(line, f"'duration' must be a whole number of minutes, not '{value}'")
        return int(value)

    def _slug(self, line: int, value: str) -> str:
        if slugify(value) != value:
            raise self.error(
                line,
                f"slug '{value}' must be lowercase letters, digits and hyphens, "
                "such as 'devfest-nantes-2025'",
            )
        return value

    def _url(self, line: int, value: str, key: str) -> str:
        try:
            _validate_url(value)
        except ValidationError:
            raise self.error(line, f"'{key}' must be an http:// or https:// address") from None
        return value

    def _talk_reference(self, line: int, value: str) -> TalkReference:
        """`event-slug/talk-slug`, or the address of a talk's page: `https://…/talks/…/…/`."""
        path = value
        if value.startswith(("http://", "https://")):
            self._url(line, value, "also given at")
            try:
                match = resolve(urlsplit(value).path)
            except Resolver404:
                match = None
            if match is None or match.view_name != "talks:detail":
                raise self.error(
                    line, f"'{value}' is not the address of a talk's page on confnotes"
                )
            path = f"{match.kwargs['event_slug']}/{match.kwargs['slug']}"
        reference = _TALK_REFERENCE.match(path)
        if reference is None or any(slugify(part) != part for part in reference.groups()):
            raise self.error(line, f"'also given at' takes {_TALK_REFERENCE_HELP}; not '{value}'")
        return TalkReference(line, *reference.groups())

    def _language(self, line: int, value: str) -> str:
        if value not in LANGUAGE_CODES:
            hint = (
                f" (write it in lowercase: '{value.lower()}')"
                if value.lower() in LANGUAGE_CODES
                else ""
            )
            raise self.error(line, f"unknown language code '{value}'{hint}")
        return value

    def _username(self, line: int, value: str) -> str:
        try:
            validate_username(value)
        except ValidationError:
            raise self.error(
                line,
                f"'{value}' is not a username: letters, digits and @ . + - _ only, no spaces",
            ) from None
        return value

    # Talks

    def _talks(self, start: int, event: EventSpec, language: str | None) -> list[TalkSpec]:
        talks, seen = [], {}
        block = None
        numbered = enumerate(self.lines[start:], start=start + 1)
        for (number, line), (_, level, heading) in zip(
            numbered, classify(self.lines[start:]), strict=True
        ):
            if level == 1:
                raise self.error(
                    number,
                    "'# ' headings are not used in a write-up: '## ' starts a talk, and "
                    "headings inside notes are '####' or deeper",
                )
            if level == 2:
                block = (number, heading.strip(), [])
                talks.append(block)
            elif block is None:
                if line.strip():
                    raise self.error(number, "expected a talk: '## ' followed by its title")
            else:
                block[2].append((number, line, level, heading))
        parsed = []
        for number, title, lines in talks:
            talk = self._talk(number, title, lines, event, language)
            key = ("slug", talk.slug) if talk.slug else ("title", normalize_name(talk.title))
            if key in seen:
                raise self.error(number, f"this talk is already in the file, on line {seen[key]}")
            seen[key] = number
            parsed.append(talk)
        return parsed

    def _talk(self, number, title, lines, event: EventSpec, language) -> TalkSpec:
        if not title:
            raise self.error(number, "missing title: '## ' must be followed by the talk's title")
        sections = [index for index, (_, _, level, _) in enumerate(lines) if level == 3]
        preamble = lines[: sections[0]] if sections else lines
        talk = self._metadata(number, title, preamble, event)
        if talk.abstract and talk.abstract_language is None:
            # Written in the author's own words, like the notes of the file.
            talk.abstract_language = language
        for position, index in enumerate(sections):
            end = sections[position + 1] if position + 1 < len(sections) else len(lines)
            section_line, _, _, heading = lines[index]
            self._section(
                talk, section_line, heading.strip(), lines[index + 1 : end], language, event
            )
        return talk

    def _metadata(self, number, title, preamble, event: EventSpec) -> TalkSpec:
        index = 0
        while index < len(preamble) and not preamble[index][1].strip():
            index += 1
        values = {}
        while index < len(preamble) and (item := _METADATA_ITEM.match(preamble[index][1])):
            line, key, value = preamble[index][0], item.group(1), item.group(2)
            if key not in TALK_KEYS:
                raise self.error(line, _unknown_key_message(key, TALK_KEYS, "a talk"))
            if key in values:
                raise self.error(line, f"'{key}' is given twice (first on line {values[key][0]})")
            values[key] = (line, value)
            index += 1
        abstract = "\n".join(strip_blank_lines([text for _, text, _, _ in preamble[index:]]))
        given = {key: (line, value) for key, (line, value) in values.items() if value}
        languages = [
            self._language(given["languages"][0], code)
            for code in _split(given.get("languages", (0, ""))[1], _LIST_SEPARATOR)
        ]
        if not languages:
            raise self.error(number, "missing 'languages': the language(s) the talk was given in")
        talk = TalkSpec(
            line=number,
            title=title,
            languages=list(dict.fromkeys(languages)),
            abstract=abstract or None,
        )
        for key, (line, value) in given.items():
            self._talk_value(talk, key, line, value, event)
        return talk

    def _talk_value(self, talk: TalkSpec, key: str, line: int, value: str, event: EventSpec):
        if key == "speakers":
            talk.speakers = self._names(line, _split(value, _SPEAKER_SEPARATOR), "speaker")
        elif key == "text language":
            talk.text_language = self._language(line, value)
        elif key == "abstract language":
            talk.abstract_language = self._language(line, value)
        elif key == "topics":
            talk.topics = self._names(line, _split(value, _LIST_SEPARATOR), "topic")
        elif key == "format":
            if value.lower() not in FORMAT_NAMES:
                raise self.error(
                    line, f"unknown format '{value}': use one of {', '.join(FORMAT_NAMES)}"
                )
            talk.format = FORMAT_NAMES[value.lower()]
        elif key == "date":
            talk.date = self._date(line, value, "date")
            last_day = event.end or event.start
            if not event.start <= talk.date <= last_day:
                raise self.error(
                    line,
                    f"the talk's date {talk.date} is outside the event "
                    f"({event.start} to {last_day})",
                )
        elif key == "time":
            talk.start_time = self._time(line, value)
        elif key == "duration":
            talk.duration = self._duration(line, value)
        elif key == "room":
            talk.room = value
        elif key == "slides":
            talk.slides_url = self._url(line, value, key)
        elif key == "video":
            talk.video_url = self._url(line, value, key)
        elif key == "slug":
            talk.slug = self._slug(line, value)
        elif key == "also given at":
            references = [
                self._talk_reference(line, part) for part in _split(value, _LIST_SEPARATOR)
            ]
            talk.also_given_at = list(dict.fromkeys(references)) or None

    def _names(self, line: int, names: list[str], what: str) -> list[str] | None:
        for name in names:
            if not normalize_name(name):
                raise self.error(line, f"{what} '{name}' has no letters or digits")
        unique = {}
        for name in names:
            unique.setdefault(normalize_name(name), name)
        return list(unique.values()) or None

    # Notes and reviews

    def _section(
        self, talk: TalkSpec, line: int, heading: str, lines, language, event: EventSpec
    ) -> None:
        match = _SECTION.match(heading)
        if not match:
            raise self.error(
                line,
                f"unknown section '### {heading}': a talk's sections are '### Notes' "
                "and '### My take'",
            )
        kind, suffix = match.group(1).lower(), match.group(2)
        content = _trim([(number, text) for number, text, _, _ in lines])
        if kind == "notes":
            note_language, author, date = self._suffix(line, suffix, of_notes=True)
            body = "\n".join(text for _, text in content)
            if not body:
                raise self.error(line, "'### Notes' is empty")
            self._check_length(line, body)
            if date is not None:
                self._check_note_date(line, date, event)
            talk.notes.append(
                NoteSpec(line, note_language or language or talk.languages[0], body, author, date)
            )
        else:
            review_language, author, _ = self._suffix(line, suffix, of_notes=False)
            review = self._review(line, content, author)
            review.language = review_language or language or ""
            talk.reviews.append(review)

    def _suffix(self, line: int, suffix: str | None, *, of_notes: bool):
        """(language, author, date) from a heading suffix such as `(fr, by alice, 2025-10-16)`;
        only notes take a date."""
        language = author = date = None
        for part in _split(suffix or "", _LIST_SEPARATOR):
            if by := _AUTHOR_SUFFIX.match(part):
                author = self._username(line, by.group(1))
            elif of_notes and date is None and _DATE.match(part):
                date = self._date(line, part, "date")
            elif language is None and not _DATE.match(part):
                language = self._language(line, part)
            else:
                expected = (
                    "a language code, 'by USERNAME' and a date written YYYY-MM-DD"
                    if of_notes
                    else "a language code and 'by USERNAME'"
                )
                raise self.error(line, f"cannot read '({suffix})': expected {expected}")
        return language, author, date

    def _check_note_date(self, line: int, date: datetime.date, event: EventSpec) -> None:
        if date < event.start:
            raise self.error(
                line, f"the note's date {date} is before the event starts ({event.start})"
            )
        if date > timezone.localdate():
            raise self.error(line, f"the note's date {date} is in the future")

    def _review(self, line: int, content: list[tuple[int, str]], author: str | None) -> ReviewSpec:
        rating = None
        if content and _RATING_LINE.match(content[0][1].strip()):
            rating_line = content[0][0]
            match = _RATING.match(content[0][1].strip())
            if not match:
                raise self.error(
                    rating_line, "the rating must read 'Rating: N/5', with N a whole number"
                )
            rating = int(match.group(1))
            if not 1 <= rating <= 5:
                raise self.error(rating_line, "rating must be between 1 and 5")
            content = _trim(content[1:])
        body = "\n".join(text for _, text in content)
        if rating is None and not body:
            raise self.error(line, "'### My take' needs a rating, some text, or both")
        self._check_length(line, body)
        return ReviewSpec(line, rating, body, author)

    def _check_length(self, line: int, body: str) -> None:
        if len(body) > MAX_BODY_LENGTH:
            raise self.error(
                line,
                f"this section is {len(body):,} characters long; the most is {MAX_BODY_LENGTH:,}",
            )


def _trim(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Numbered lines without the blank ones at the start and at the end."""
    kept = strip_blank_lines([text for _, text in numbered])
    if not kept:
        return []
    first = next(index for index, (_, text) in enumerate(numbered) if text.strip())
    return numbered[first : first + len(kept)]


def _split(value: str, separator: re.Pattern) -> list[str]:
    return [part for part in separator.split(value.strip()) if part]


def _unknown_key_message(key: str, keys: tuple[str, ...], where: str) -> str:
    close = difflib.get_close_matches(key, keys, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f"; {where} takes: {', '.join(keys)}"
    return f"unknown key '{key}'{hint}"
