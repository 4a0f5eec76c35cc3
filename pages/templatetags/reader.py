"""Template helpers of the reader pages."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, localize, time_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from common.html import html, html_join, lang_attribute
from events.models import Event
from pages.list_items import Link, TalkItem, Version
from talks.languages import language_name as _language_name
from talks.markdown import markdown_excerpt

register = template.Library()

# Days written in each language: a few hundred kilobytes at most.
REMEMBERED_DAYS = 4096


@register.filter
def language_name(code: str) -> str:
    """The name of a language code in the reader's language: `fr` → French, or Français."""
    return _language_name(code)


@register.filter
def language_names(codes: Iterable[str]) -> str:
    """The names of language codes, in the reader's language: `["en", "fr"]` → English, French."""
    return ", ".join(_language_name(code) for code in codes)


register.filter("markdown_excerpt", markdown_excerpt)
# `<h1{{ talk.text_language|lang_attribute }}>`: the element's own language, when known.
register.filter("lang_attribute", lang_attribute)


def written_day(day: date) -> str:
    """`day` as the site writes dates in the current language (DATE_FORMAT)."""
    return _written_day(get_language(), day)


# A page lists up to a hundred days, mostly the same from one request to the next; writing
# one costs more than the rest of the list item that shows it.
@lru_cache(maxsize=REMEMBERED_DAYS)
def _written_day(language: str, day: date) -> str:
    # The language is in the key for the format and the month names date_format reads from it.
    return date_format(day)


@register.simple_tag
def in_language(text: str, code: str) -> SafeString:
    """`text` in a <span> marked with its language when that is known, for a title quoted in a
    sentence of the page: `{% in_language talk.title talk.text_language as title %}`."""
    return html("<span{}>{}</span>", lang_attribute(code), text) if code else html("{}", text)


@register.simple_tag
def dates(first: date, last: date) -> SafeString:
    """A day, or the days from `first` to `last`, as the site writes dates."""
    days = [
        html('<time datetime="{}">{}</time>', day.isoformat(), written_day(day))
        for day in (first, last)
    ]
    return days[0] if first == last else html("{} \N{EN DASH} {}", *days)


@register.simple_tag
def event_items(events: Iterable[Event]) -> SafeString:
    """An <li> for each of `events` (annotated with `talk_count`): its name, days, place and
    number of published talks. Built in Python as `talk_items` is, for the same reason."""
    return html_join("", (_event_item(event) for event in events))


def _event_item(event: Event) -> SafeString:
    place = ""
    if event.city:
        country = html(" ({})", event.country) if event.country else ""
        place = html("<span>{}{}</span>", event.city, country)
    talks = ""
    if count := event.talk_count:
        talks = ngettext("%(counter)s talk", "%(counter)s talks", count)
        talks = html("<span>{}</span>", talks % {"counter": localize(count)})
    return html(
        '<li class="event-item">\n  <a class="event-name" href="{}">{}</a>\n'
        '  <p class="event-meta">\n    <span>{}</span>\n    {}\n    {}\n  </p>\n</li>\n',
        event.get_absolute_url(),
        event.name,
        dates(event.start_date, event.end_date),
        place,
        talks,
    )


def _talk_dates(talk: TalkItem) -> SafeString:
    return _dates_of(talk.date, talk.event_dates)


def _dates_of(day: date | None, event_dates: tuple[date, date]) -> SafeString:
    """A talk's own day; without one (a schedule that gave none), its event's days."""
    return dates(day, day) if day else dates(*event_dates)


@register.simple_tag
def talk_items(
    talks: Iterable[TalkItem],
    *,
    show_event: bool = False,
    show_date: bool = False,
    show_time: bool = False,
    show_versions: bool = False,
) -> SafeString:
    """An <li> for each of `talks` (pages/list_items.py), with its event, day or start time
    and its other versions when asked, and where a search matched it.

    Built in Python, as the admin builds the rows of its lists: a template costs about four
    times as much for a page of talks, and was the largest part of rendering the finder.
    Every value goes into the HTML through common.html.html, which escapes it.
    """
    labels = _ItemLabels(in_the_notes=gettext("In the notes:"), topics=gettext("Topics"))
    return html_join(
        "",
        (
            _talk_item(
                talk,
                labels,
                show_event=show_event,
                show_date=show_date,
                show_time=show_time,
                show_versions=show_versions,
            )
            for talk in talks
        ),
    )


@dataclass(frozen=True)
class _ItemLabels:
    """Translated once for a whole list."""

    in_the_notes: str
    topics: str


def _talk_item(
    talk: TalkItem,
    labels: _ItemLabels,
    *,
    show_event: bool,
    show_date: bool,
    show_time: bool,
    show_versions: bool,
) -> SafeString:
    highlight = talk.highlight
    meta = []
    if talk.speakers:
        meta.append(html('<span class="speakers">{}</span>', _links(talk.speakers, ", ")))
    if show_event:
        meta.append(html("<span>{}</span>", _link(talk.event)))
    if show_date:
        meta.append(html("<span>{}</span>", _talk_dates(talk)))
    if show_time and talk.start_time:
        meta.append(html("<span>{}</span>", time_format(talk.start_time, "TIME_FORMAT")))
    meta.append(html("<span>{}</span>", talk.format_label))
    languages = html_join(
        "",
        (
            html('<abbr class="language-code" title="{}">{}</abbr>', _language_name(code), code)
            for code in talk.languages
        ),
    )
    meta.append(html('<span class="languages">{}</span>', languages))
    if count := talk.published_note_count:
        notes = ngettext("%(counter)s note", "%(counter)s notes", count)
        meta.append(html("<span>{}</span>", notes % {"counter": localize(count)}))
    if talk.rating_average:
        rating = gettext("Rated %(rating)s/5") % {"rating": floatformat(talk.rating_average, 1)}
        meta.append(html("<span>{}</span>", rating))

    parts = [
        html(
            '<li class="talk-item">\n  <a class="talk-title" href="{}"{}>{}</a>\n'
            '  <p class="talk-meta">\n    {}\n  </p>\n',
            talk.url,
            lang_attribute(talk.text_language),
            highlight.title if highlight else talk.title,
            html_join("\n    ", meta),
        )
    ]
    if highlight and highlight.abstract:
        parts.append(
            html(
                '  <p class="snippet"{}>{}</p>\n',
                lang_attribute(talk.abstract_language),
                highlight.abstract,
            )
        )
    if highlight and highlight.note:
        parts.append(
            html(
                '  <p class="snippet"><a href="{}#note-{}">{}</a> <span{}>{}</span></p>\n',
                talk.url,
                highlight.note_id,
                labels.in_the_notes,
                lang_attribute(highlight.note_language),
                highlight.note,
            )
        )
    if show_versions and talk.versions:
        parts.append(_versions(talk.versions))
    if talk.topics:
        topics = html_join("", (html("<li>{}</li>", _link(topic)) for topic in talk.topics))
        parts.append(html('  <ul class="topics" aria-label="{}">{}</ul>\n', labels.topics, topics))
    parts.append(html("</li>\n"))
    return html_join("", parts)


def _versions(versions: list[Version]) -> SafeString:
    """How many other versions the talk has, and where and when each was given."""
    count = len(versions)
    label = ngettext("%(counter)s other version:", "%(counter)s other versions:", count)
    given = html_join(
        ", ",
        (
            html(
                '<a href="{}">{}</a> ({}, {})',
                version.url,
                version.event.name,
                _dates_of(version.date, version.event_dates),
                language_names(version.languages),
            )
            for version in versions
        ),
    )
    return html(
        '  <p class="talk-versions">{} {}</p>\n', label % {"counter": localize(count)}, given
    )


def _link(link: Link) -> SafeString:
    return html('<a href="{}">{}</a>', link.url, link.name)


def _links(links: Iterable[Link], separator: str) -> SafeString:
    return html_join(separator, (_link(link) for link in links))
