"""An event's programme as one table per day (pages/programme.py).

Written in Python, like the talk list items (reader.py): a large conference has more than
three hundred talks. What is translated or formatted is so once per page and per distinct
value (a time, a room, languages, a number of notes), not once per talk. Every value goes into the
HTML through common.html.html, which escapes it.
"""

from collections.abc import Callable, Hashable
from datetime import time

from django import template
from django.utils.formats import localize, time_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from common.html import html, html_for_each, html_join, lang_attribute
from pages.programme import ProgrammeDay, ProgrammeTalk
from talks.languages import language_name

register = template.Library()


def _time_cell(start: time) -> SafeString:
    return html(
        '<td class="programme-time"><time datetime="{}">{}</time></td>',
        start.strftime("%H:%M"),
        time_format(start, "TIME_FORMAT"),
    )


def _note_count(count: int) -> SafeString:
    words = ngettext("%(counter)s note", "%(counter)s notes", count)
    return html('<span class="note-count">{}</span>', words % {"counter": localize(count)})


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
    """The pieces of rows that repeat, each made once per page."""

    def __init__(self) -> None:
        self.time = _Remembered(_time_cell)
        self.room = _Remembered(_room_cell)
        self.languages = _Remembered(_languages)
        self.note_count = _Remembered(_note_count)
        self.lang_attribute = _Remembered(lang_attribute)


_ROW = (
    "    <tr>{}{}<td>"
    '<a class="talk-title" href="{}"{}>{}</a><span class="programme-details">'
    '<span class="speakers">{}</span>{}{}</span></td></tr>\n'
)


def _rows(
    talks: list[ProgrammeTalk], cells: _Cells, *, has_times: bool, has_rooms: bool
) -> SafeString:
    # One html_for_each() for the rows and one per talk for its speakers: this runs for every
    # talk of the event.
    time, room, languages = cells.time, cells.room, cells.languages
    note_count, lang = cells.note_count, cells.lang_attribute
    return html_for_each(
        "",
        _ROW,
        (
            (
                (time[talk.start_time] if talk.start_time else _EMPTY_TIME_CELL)
                if has_times
                else _NOTHING,
                room[talk.room] if has_rooms else _NOTHING,
                talk.url,
                lang[talk.text_language],
                talk.title,
                html_for_each(
                    ", ", '<a href="{}">{}</a>', ((link.url, link.name) for link in talk.speakers)
                ),
                languages[tuple(talk.languages)],
                note_count[talk.published_note_count] if talk.published_note_count else _NOTHING,
            )
            for talk in talks
        ),
    )


_NOTHING = SafeString("")
_EMPTY_TIME_CELL = SafeString('<td class="programme-time"></td>')


def _room_cell(room: str) -> SafeString:
    return html('<td class="programme-room">{}</td>', room)


def _languages(codes: tuple[str, ...]) -> SafeString:
    return html_join(
        "",
        (
            html('<abbr class="language-code" title="{}">{}</abbr>', language_name(code), code)
            for code in codes
        ),
    )
