"""The notes of a talk page, and the line that says who wrote a note, when and in what.

Built in Python, as the talk lists are (reader.py): a talk page shows every note on the talk
with its byline and its report form, and the templates that did it for each note cost three
times as much as the rest of the page. What is the same for every note (the translated
labels, the report form's fields, the CSRF token, the report address) is made once per page.
Every value goes into the HTML through common.html.html, which escapes it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from common.html import html, html_join, lang_attribute
from common.links import detail_url
from pages.forms.talks import NoteReportForm
from pages.templatetags.reader import written_day
from talks.languages import language_name
from talks.models import Note, NoteStatus, Talk
from talks.selectors import NoteOnTalkPage

register = template.Library()

# What the report address of note number REPORT_MARKER looks like, with the number cut out:
# the address of every note's form from one reversal.
REPORT_MARKER = 987_654_321


@register.simple_tag
def note_byline(note: Note) -> SafeString:
    """The note's author, language and day: "By ada, in French · <time>…</time>"."""
    return _Bylines().of(note)


class _Bylines:
    """The bylines of a page's notes, which share their wording and a few languages."""

    def __init__(self) -> None:
        self.wording = gettext("By %(author)s, in %(language)s")
        self.language_names: dict[str, SafeString] = {}

    def of(self, note: Note) -> SafeString:
        return self.written(note.author.username, note.language, note.published_at)

    def written(self, author: str, language: str, published_at: datetime) -> SafeString:
        """The byline of a note by `author` in `language`, published at `published_at`."""
        published_at = timezone.localtime(published_at)
        names = {"author": html("{}", author), "language": self._name(language)}
        return html(
            '{} · <time datetime="{}">{}</time>\n',
            SafeString(self.wording % names),
            published_at.isoformat(),
            written_day(published_at.date()),
        )

    def _name(self, language: str) -> SafeString:
        if language not in self.language_names:
            self.language_names[language] = html("{}", language_name(language))
        return self.language_names[language]


@register.simple_tag(takes_context=True)
def talk_notes(
    context: template.Context, notes: Iterable[NoteOnTalkPage], talk: Talk
) -> SafeString:
    """An <article> for each of `notes` on the page of `talk`: its byline, the version of the
    talk it was taken at when another, its body and the form to report it (a link to the
    report's own page for readers who are not signed in)."""
    page = _NotePage(
        language=get_language(),
        bylines=_Bylines(),
        version_line=gettext(
            'Notes on the version given at <a href="%(url)s">%(event)s</a>, in %(languages)s'
        ),
        report_form=_report_parts(context),
    )
    return html_join("", (_note_article(note, talk, page) for note in notes))


@dataclass(frozen=True)
class _NotePage:
    """What every note of a page shares, made once."""

    language: str
    bylines: _Bylines
    version_line: str
    # The report form's (or link's) markup before the note's number in its address and ids,
    # between them, and after the last.
    report_form: tuple[str, ...]


def _note_article(note: NoteOnTalkPage, talk: Talk, page: _NotePage) -> SafeString:
    version = "" if note.talk_id == talk.pk else _version(note, page.version_line)
    report = ""
    if note.status == NoteStatus.PUBLISHED:
        report = SafeString(str(note.pk).join(page.report_form))
    return html(
        '\n    <article class="note" id="note-{pk}"{lang} aria-labelledby="note-{pk}-byline">\n'
        '      <header class="byline" id="note-{pk}-byline" lang="{language}">'
        "{version}{byline}</header>\n"
        '      <div class="note-body">{body}</div>\n'
        "      {report}\n"
        "    </article>\n    ",
        pk=note.pk,
        lang=lang_attribute(note.language),
        language=page.language,
        version=version,
        byline=page.bylines.written(note.author_username, note.language, note.published_at),
        body=SafeString(note.body_html),
        report=report,
    )


def _version(note: NoteOnTalkPage, version_line: str) -> SafeString:
    """The line that says which version of the talk `note` was taken at."""
    url = detail_url("talks:detail", event_slug=note.event_slug, slug=note.talk_slug)
    languages = ", ".join(language_name(code) for code in note.talk_languages)
    names = {
        "url": html("{}", url),
        "event": html("{}", note.event_name),
        "languages": html("{}", languages),
    }
    return html('<p class="note-version">{}</p>\n', SafeString(version_line % names))


def _report_parts(context: template.Context) -> tuple[str, ...]:
    """How a note is reported, cut where the note's number goes. Readers who are not signed
    in report on the report's own page: the talk page they are sent carries no CSRF token,
    so that caches may share it."""
    if context["user"].is_authenticated:
        return _report_form_parts(context.get("csrf_token"))
    markup = html(
        '\n\n<p class="note-report" lang="{}"><a href="{}">{}</a></p>\n\n',
        get_language(),
        reverse("talks:note-report", kwargs={"pk": REPORT_MARKER}),
        gettext("Report this note"),
    )
    return tuple(markup.split(str(REPORT_MARKER)))


def _report_form_parts(csrf_token: object) -> tuple[str, ...]:
    """The report form of a note, cut where the note's number goes.

    `form` is one empty report form for the whole page, and the fields are written out with
    ids of the note: a form per note rendered by the form renderer's templates costs more
    than the rest of the page.
    """
    form = NoteReportForm()
    reason, comment = form["reason"], form["comment"]
    marker = str(REPORT_MARKER)
    token = ""
    if csrf_token and csrf_token != "NOTPROVIDED":
        token = html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    choices = reason.field.choices
    options = html_join("", (html('<option value="{}">{}</option>', *choice) for choice in choices))
    markup = html(
        '\n\n<details class="note-report" lang="{language}">\n'
        "  <summary>{summary}</summary>\n"
        '  <form method="post" action="{action}">\n'
        "    {token}\n    \n"
        "    <div>\n"
        '      <label for="report-{n}-reason">{reason_label}</label>\n'
        '      <select name="{reason_name}" id="report-{n}-reason" required>\n'
        "        {options}\n"
        "      </select>\n"
        "    </div>\n"
        "    <div>\n"
        '      <label for="report-{n}-comment">{comment_label}</label>\n'
        '      <div class="helptext" id="report-{n}-comment-help">{comment_help}</div>\n'
        '      <textarea name="{comment_name}" id="report-{n}-comment" rows="3" maxlength="2000"'
        ' aria-describedby="report-{n}-comment-help"></textarea>\n'
        "    </div>\n    \n"
        '    <button type="submit">{send}</button>\n'
        "  </form>\n"
        "</details>\n\n",
        language=get_language(),
        summary=gettext("Report this note"),
        action=reverse("talks:note-report", kwargs={"pk": REPORT_MARKER}),
        token=token,
        n=marker,
        reason_label=reason.label,
        reason_name=reason.html_name,
        options=options,
        comment_label=comment.label,
        comment_help=comment.help_text,
        comment_name=comment.html_name,
        send=gettext("Send the report"),
    )
    return tuple(markup.split(marker))
