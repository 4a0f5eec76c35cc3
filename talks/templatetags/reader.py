"""Template helpers of the reader pages."""

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, localize, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from talks.languages import language_name as _language_name
from talks.list_items import TalkItem

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

    Built with format_html, as the admin builds the rows of its lists: a template costs
    about twice as much for a page of talks, the largest part of rendering the finder.
    """
    labels = {"in_the_notes": gettext("In the notes:"), "topics": gettext("Topics")}
    return mark_safe(
        "".join(
            _talk_item(
                talk, labels, show_event=show_event, show_date=show_date, show_time=show_time
            )
            for talk in talks
        )
    )


def _talk_item(
    talk: TalkItem, labels: dict[str, str], *, show_event: bool, show_date: bool, show_time: bool
) -> str:
    highlight = talk.highlight
    meta = []
    if talk.speakers:
        speakers = format_html_join(", ", '<a href="{}">{}</a>', _links(talk.speakers))
        meta.append(format_html('<span class="speakers">{}</span>', speakers))
    if show_event:
        meta.append(
            format_html('<span><a href="{}">{}</a></span>', talk.event.url, talk.event.name)
        )
    if show_date:
        meta.append(format_html("<span>{}</span>", date_format(talk.day, "DATE_FORMAT")))
    if show_time and talk.start_time:
        meta.append(format_html("<span>{}</span>", time_format(talk.start_time, "TIME_FORMAT")))
    meta.append(format_html("<span>{}</span>", talk.format_label))
    languages = format_html_join(
        "",
        '<abbr class="language-code" title="{}">{}</abbr>',
        ((_language_name(code), code) for code in talk.languages),
    )
    meta.append(format_html('<span class="languages">{}</span>', languages))
    if count := talk.published_note_count:
        notes = ngettext("%(counter)s note", "%(counter)s notes", count)
        meta.append(format_html("<span>{}</span>", notes % {"counter": localize(count)}))
    if talk.rating_average:
        rating = gettext("Rated %(rating)s/5") % {"rating": floatformat(talk.rating_average, 1)}
        meta.append(format_html("<span>{}</span>", rating))

    parts = [
        format_html(
            '<li class="talk-item">\n  <a class="talk-title" href="{}">{}</a>\n'
            '  <p class="talk-meta">\n    {}\n  </p>\n',
            talk.url,
            highlight.title if highlight else talk.title,
            mark_safe("\n    ".join(meta)),
        )
    ]
    if highlight and highlight.abstract:
        parts.append(
            format_html(
                '  <p class="snippet" lang="{}">{}</p>\n', talk.languages[0], highlight.abstract
            )
        )
    if highlight and highlight.note:
        parts.append(
            format_html(
                '  <p class="snippet"><a href="{}#note-{}">{}</a> <span lang="{}">{}</span></p>\n',
                talk.url,
                highlight.note_id,
                labels["in_the_notes"],
                highlight.note_language,
                highlight.note,
            )
        )
    if talk.topics:
        topics = format_html_join("", '<li><a href="{}">{}</a></li>', _links(talk.topics))
        parts.append(
            format_html('  <ul class="topics" aria-label="{}">{}</ul>\n', labels["topics"], topics)
        )
    parts.append("</li>\n")
    return "".join(parts)


def _links(links):
    return ((link.url, link.name) for link in links)
