"""Hostile text in any field of a list item or a facet option stays text: the HTML written in
Python (pages/templatetags) has the same elements and attributes whatever the values."""

import dataclasses
import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template import Context
from django.utils.safestring import mark_safe

from pages.finder.facets import FacetOption
from pages.list_items import Link, TalkItem
from pages.programme import ProgrammeDay, ProgrammeTalk
from pages.templatetags.finder import facet_checkboxes, facet_select
from pages.templatetags.programme import programme_table
from pages.templatetags.reader import talk_items
from talks.search import Highlight

HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;{0}{name}"
BENIGN = "plain"


class Structure(HTMLParser):
    """The elements and attribute names of a piece of HTML, and all its text and values."""

    def __init__(self):
        super().__init__()
        self.shape: list[tuple[str, tuple[str, ...]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.shape.append((tag, tuple(name for name, _ in attrs)))
        self.texts.extend(value for _, value in attrs if value)

    def handle_data(self, data):
        self.texts.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def talk_item(text: str) -> TalkItem:
    link = Link(name=text, url=text)
    return TalkItem(
        id=1,
        title=text,
        text_language=text,
        abstract_language=text,
        url=text,
        event=link,
        date=None,
        day=datetime.date(2025, 10, 16),
        event_dates=(datetime.date(2025, 10, 16), datetime.date(2025, 10, 17)),
        start_time=datetime.time(9, 30),
        room=text,
        format_label=text,
        languages=[text, text],
        published_note_count=3,
        rating_average=Decimal("4.5"),
        speakers=[link, link],
        topics=[link, link],
        highlight=Highlight(
            # Highlights are HTML already: the search marks the matches up and escapes the rest.
            title=mark_safe("<mark>title</mark>"),
            abstract=mark_safe("<mark>abstract</mark>"),
            note=mark_safe("<mark>note</mark>"),
            note_id=7,
            note_language=text,
        ),
    )


def render_talk_items(text: str) -> str:
    return talk_items([talk_item(text)], show_event=True, show_date=True, show_time=True)


def programme_talk(text: str) -> ProgrammeTalk:
    return ProgrammeTalk(
        title=text,
        text_language=text,
        url=text,
        date=datetime.date(2025, 10, 16),
        start_time=datetime.time(9, 30),
        room=text,
        languages=[text, text],
        published_note_count=3,
        speakers=[Link(name=text, url=text)] * 2,
    )


def render_programme(text: str) -> str:
    day = ProgrammeDay(date=datetime.date(2025, 10, 16), talks=[programme_talk(text)])
    return programme_table(Context(), day, labelled_by=text)


def render_facets(text: str) -> str:
    options = [FacetOption(value=text, label=text, count=2, selected=True)]
    return facet_checkboxes(text, text, options, empty_label=text, long=True) + facet_select(
        text, text, options, any_label=text
    )


@pytest.mark.parametrize("render", [render_talk_items, render_programme, render_facets])
def test_hostile_values_change_no_element_or_attribute(render):
    benign, hostile = structure(render(BENIGN)), structure(render(HOSTILE))

    assert hostile.shape == benign.shape
    assert "script" not in [tag for tag, _ in hostile.shape]


@pytest.mark.parametrize("render", [render_talk_items, render_programme, render_facets])
def test_hostile_values_come_back_as_the_text_they_were(render):
    texts = structure(render(HOSTILE)).texts

    assert HOSTILE in texts
    assert all(HOSTILE in text for text in texts if "alert" in text)


def test_every_text_field_of_a_talk_item_is_in_the_hostile_test():
    """A new field of TalkItem or Link must be added to talk_item() above."""
    item = talk_item(HOSTILE)
    text_fields = [
        field.name
        for field in dataclasses.fields(TalkItem)
        if getattr(item, field.name) in (HOSTILE, [HOSTILE, HOSTILE])
        or isinstance(getattr(item, field.name), Link)
        or getattr(item, field.name) == [Link(HOSTILE, HOSTILE)] * 2
    ]

    assert text_fields == [
        "title",
        "text_language",
        "abstract_language",
        "url",
        "event",
        "room",
        "format_label",
        "languages",
        "speakers",
        "topics",
    ]


def test_every_text_field_of_a_programme_talk_is_in_the_hostile_test():
    """A new field of ProgrammeTalk must be added to programme_talk() above."""
    talk = programme_talk(HOSTILE)
    text_fields = [
        field.name
        for field in dataclasses.fields(ProgrammeTalk)
        if getattr(talk, field.name) in (HOSTILE, [HOSTILE, HOSTILE])
        or getattr(talk, field.name) == [Link(HOSTILE, HOSTILE)] * 2
    ]

    assert text_fields == ["title", "text_language", "url", "room", "languages", "speakers"]
