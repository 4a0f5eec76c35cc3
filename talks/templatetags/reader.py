"""Template helpers of the reader pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, localize, time_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from confnotes.html import escaped
from talks.languages import language_name as _language_name
from talks.list_items import Link, TalkItem

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The name of a language code in the reader's language: `fr` → French, or Français."""
    return _language_name(code)


@register.simple_tag
def talk_items(
    talks: Iterable[TalkItem],
    *,
    show_event: bool = False,
    show_date: bool = False,
    show_time: bool = False,
) -> SafeString:
    """An <li> for each of `talks` (talks/list_items.py), with its event, day or start time
    when asked, and where a search matched it.

    Built in Python, as the admin builds the rows of its lists: a template costs about four
    times as much for a page of talks, and was the largest part of rendering the finder.
    Every text goes through confnotes.html.escaped.
    """
    labels = _ItemLabels(in_the_notes=gettext("In the notes:"), topics=gettext("Topics"))
    return mark_safe(
        "".join(
            _talk_item(
                talk, labels, show_event=show_event, show_date=show_date, show_time=show_time
            )
            for talk in talks
        )
    )


@dataclass(frozen=True)
class _ItemLabels:
    """Translated once for a whole list."""

    in_the_notes: str
    topics: str


def _talk_item(
    talk: TalkItem, labels: _ItemLabels, *, show_event: bool, show_date: bool, show_time: bool
) -> str:
    url = escaped(talk.url)
    highlight = talk.highlight
    meta = []
    if talk.speakers:
        meta.append(f'<span class="speakers">{_links(talk.speakers, ", ")}</span>')
    if show_event:
        event = _link(talk.event)
        meta.append(f"<span>{event}</span>")
    if show_date:
        meta.append(f"<span>{escaped(date_format(talk.day, 'DATE_FORMAT'))}</span>")
    if show_time and talk.start_time:
        meta.append(f"<span>{escaped(time_format(talk.start_time, 'TIME_FORMAT'))}</span>")
    meta.append(f"<span>{escaped(talk.format_label)}</span>")
    languages = "".join(
        f'<abbr class="language-code" title="{escaped(_language_name(code))}">'
        f"{escaped(code)}</abbr>"
        for code in talk.languages
    )
    meta.append(f'<span class="languages">{languages}</span>')
    if count := talk.published_note_count:
        notes = ngettext("%(counter)s note", "%(counter)s notes", count)
        meta.append(f"<span>{escaped(notes % {'counter': localize(count)})}</span>")
    if talk.rating_average:
        rating = gettext("Rated %(rating)s/5") % {"rating": floatformat(talk.rating_average, 1)}
        meta.append(f"<span>{escaped(rating)}</span>")

    title = escaped(highlight.title if highlight else talk.title)
    meta_lines = "\n    ".join(meta)
    parts = [
        f'<li class="talk-item">\n  <a class="talk-title" href="{url}">{title}</a>\n'
        f'  <p class="talk-meta">\n    {meta_lines}\n  </p>\n'
    ]
    if highlight and highlight.abstract:
        language = escaped(talk.languages[0])
        parts.append(f'  <p class="snippet" lang="{language}">{escaped(highlight.abstract)}</p>\n')
    if highlight and highlight.note:
        note_url = f"{url}#note-{escaped(highlight.note_id)}"
        parts.append(
            f'  <p class="snippet"><a href="{note_url}">{escaped(labels.in_the_notes)}</a> '
            f'<span lang="{escaped(highlight.note_language)}">{escaped(highlight.note)}</span>'
            "</p>\n"
        )
    if talk.topics:
        topics = _links(talk.topics, "", item="<li>{}</li>")
        parts.append(f'  <ul class="topics" aria-label="{escaped(labels.topics)}">{topics}</ul>\n')
    parts.append("</li>\n")
    return "".join(parts)


def _link(link: Link) -> str:
    return f'<a href="{escaped(link.url)}">{escaped(link.name)}</a>'


def _links(links: Iterable[Link], separator: str, item: str = "{}") -> str:
    return separator.join(item.format(_link(link)) for link in links)
