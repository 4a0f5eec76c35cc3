"""HTML written in Python, for the lists that templates render too slowly.

Safe by construction: a value gets into that HTML only through `html()` (or `html_join()`),
which escapes it unless it is HTML already (a SafeString, such as what `html()` returns). No
f-string or `%` puts a value into markup, so no escape call can be forgotten. The one exception
is the programme's rows (pages/templatetags/programme.py), hundreds per page, which call
`escaped()` on each of a talk's values themselves; tests/pages/test_hostile_list_html.py puts
hostile text in every field of a programme talk to hold them to it.
"""

import html as stdlib_html
import json
import re
from collections.abc import Iterable

from django.utils.safestring import SafeData, SafeString

# What html.escape changes: a string without any of these is its own escaped form.
_NEEDS_ESCAPE = re.compile("[&<>\"']").search


def escaped(value: object) -> str:
    """conditional_escape(value): HTML (a SafeString) as it is, any other value escaped.

    Without the check for lazy arguments of django.utils.html.escape, which costs more than
    escaping a name; the same html.escape does the escaping.
    """
    if type(value) is str:  # the usual case, checked first (a lazy string is not one)
        # Most names and addresses have nothing to escape: one search finds that out faster
        # than the five replacements of html.escape.
        return stdlib_html.escape(value) if _NEEDS_ESCAPE(value) else value
    if isinstance(value, SafeData):
        return value
    return stdlib_html.escape(str(value))


def html(template: str, *values: object, **named_values: object) -> SafeString:
    """`template` with each `{}` (or `{name}`) replaced by one of the values, escaped unless
    it is HTML already.

    `format_html` does the same, at about twice the cost for the short pieces of a list item.
    """
    if named_values:
        named_values = {name: escaped(value) for name, value in named_values.items()}
    return SafeString(template.format(*map(escaped, values), **named_values))


def html_join(separator: str, pieces: Iterable[object]) -> SafeString:
    """The pieces, each escaped unless already HTML, with `separator` (markup) between them."""
    return SafeString(separator.join(map(escaped, pieces)))


def html_for_each(separator: str, template: str, rows: Iterable[Iterable[object]]) -> SafeString:
    """`template` filled with each row of values as `html()` fills it, with `separator`
    (markup) between them: one string for the hundreds of rows of a long list."""
    return SafeString(separator.join([template.format(*map(escaped, row)) for row in rows]))


def json_ld(data: dict) -> SafeString:
    """`data` as a schema.org JSON-LD block: a <script> that browsers keep as data and never
    run, so that the Content Security Policy, which allows no inline script, has nothing to
    say about it. Any text in `data` stays inside the JSON."""
    # What could end a <script> element or open a comment in it, written as JSON escapes
    # instead: the same text to a JSON parser, never markup to an HTML one. (Three replace()
    # cost a tenth of a translate() on the JSON of an event with hundreds of talks.)
    # `data` is made of fresh dictionaries and lists: no need to look for a loop in it, which
    # costs a sixth of writing the JSON of a large event.
    text = (
        json.dumps(data, ensure_ascii=False, check_circular=False)
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )
    return SafeString(f'<script type="application/ld+json">{text}</script>')


def lang_attribute(code: str) -> SafeString:
    """` lang="fr"` for a text whose language is known, nothing when it is not.

    Titles, abstracts, notes and reviews carry their own language whenever it is known,
    whatever the page's, so that it stays right in every language of the site.
    """
    return html(' lang="{}"', code) if code else SafeString("")
