"""An event's programme as one table per day (pages/programme.py).

Written in Python, like the talk list items (reader.py): a large conference has more than
three hundred talks. What is translated or formatted (a time, languages, a number of notes) is
so once per process, language and value; what repeats of the talks' own text (a room) once per
page. Every value of a talk goes into the HTML escaped (common.html.escaped), and every cell
made once is HTML written by common.html.html.
"""

from collections.abc import Callable, Hashable
from datetime import time
from functools import lru_cache

from django import template
from django.utils.formats import localize, time_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from common.html import escaped, html, html_for_each, html_join, lang_attribute
from pages.programme import ProgrammeDay, ProgrammeTalk
from talks.languages import language_name

# Times of day, numbers of notes and sets of languages, in each language: a few thousand at
# most, a few hundred bytes each.
REMEMBERED_CELLS = 4_096

register = template.Library()


# Each of these is the same in every page of a language: `language` is in the key only, the
# active language does the translating.


@lru_cache(maxsize=REMEMBERED_CELLS)
def _time_cell(start: time, language: str) -> SafeString:
    return html(
        '<td class="programme-time"><time datetime="{}">{}</time></td>',
        start.strftime("%H:%M"),
        time_format(start, "TIME_FORMAT"),
    )


@lru_cache(maxsize=REMEMBERED_CELLS)
def _note_count(count: int, language: str) -> SafeString:
    words = ngettext("%(counter)s note", "%(counter)s notes", count)
    return html('<span class="note-count">{}</span>', words % {"counter": localize(count)})


@lru_cache(maxsize=REMEMBERED_CELLS)
def _languages(codes: tuple[str, ...], language: str) -> SafeString:
    return html_join(
        "",
        (
            html('<abbr class="language-code" title="{}">{}</abbr>', language_name(code), code)
            for code in codes
        ),
    )


class _Remembered(dict):
    """`remembered[key]` is `make(key)`, worked out once per page for each key: the programme
    repeats the same few times, rooms, languages and numbers of notes. (A dictionary's own
    lookup, for the thousands of cells of a large programme.)"""

    def __init__(self, make: Callable[[Hashable], SafeString]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Hashable) -> SafeString:
        made = self[key] = self.make(key)
        return made


@register.simple_tag(takes_context=True)
def programme_table(
    context: template.Context, day: ProgrammeDay, *, labelled_by: str
) -> SafeString:
    """The talks of `day` in a table named by the element `labelled_by`: their start time and
    room (the columns a day without any leaves out), then their title, speakers, languages
    and number of notes."""
    # One set of remembered cells for all the days of the page.
    cells = context.render_context.setdefault(_Cells, _Cells())
    has_times, has_rooms = day.has_times, day.has_rooms
    headings = [
        *([gettext("Time")] if has_times else []),
        *([gettext("Room")] if has_rooms else []),
        gettext("Talk"),
    ]
    return html(
        '<table class="programme" aria-labelledby="{}">\n'
        "  <thead><tr>{}</tr></thead>\n  <tbody>\n{}  </tbody>\n</table>",
        labelled_by,
        html_for_each("", '<th scope="col">{}</th>', ([heading] for heading in headings)),
        _rows(day.talks, cells, has_times=has_times, has_rooms=has_rooms),
    )


class _Cells:
    """The pieces of rows that repeat, each looked up once per page."""

    def __init__(self) -> None:
        language = get_language()
        self.time = _Remembered(lambda start: _time_cell(start, language))
        self.room = _Remembered(_room_cell)
        self.languages = _Remembered(lambda codes: _languages(codes, language))
        self.note_count = _Remembered(lambda count: _note_count(count, language))
        self.lang_attribute = _Remembered(lang_attribute)


_ROW = (
    "    <tr>{}{}<td>"
    '<a class="talk-title" href="{}"{}>{}</a><span class="programme-details">'
    '<span class="speakers">{}</span>{}{}</span></td></tr>\n'
).format
_SPEAKER = '<a href="{}">{}</a>'.format


def _rows(
    talks: list[ProgrammeTalk], cells: _Cells, *, has_times: bool, has_rooms: bool
) -> SafeString:
    # A plain loop that escapes each of the talk's values and puts the cells (HTML already) as
    # they are: for every talk of the event, html_for_each's generic escaping of every value
    # cost two thirds more. tests/pages/test_hostile_list_html.py holds every field to it.
    time, room, languages = cells.time, cells.room, cells.languages
    note_count, lang = cells.note_count, cells.lang_attribute
    rows = []
    for talk in talks:
        speakers = ", ".join(
            [_SPEAKER(escaped(link.url), escaped(link.name)) for link in talk.speakers]
        )
        rows.append(
            _ROW(
                (time[talk.start_time] if talk.start_time else _EMPTY_TIME_CELL)
                if has_times
                else "",
                room[talk.room] if has_rooms else "",
                escaped(talk.url),
                lang[talk.text_language],
                escaped(talk.title),
                speakers,
                languages[tuple(talk.languages)],
                note_count[talk.published_note_count] if talk.published_note_count else "",
            )
        )
    return SafeString("".join(rows))


_EMPTY_TIME_CELL = SafeString('<td class="programme-time"></td>')


def _room_cell(room: str) -> SafeString:
    return html('<td class="programme-room">{}</td>', room)
