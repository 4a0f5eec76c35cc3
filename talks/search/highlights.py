"""The matching words of the results shown, highlighted in their title, abstract and notes."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections, router
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talks.markdown import markdown_text
from talks.models import Note
from talks.search.query import HIGHLIGHT_START, HIGHLIGHT_STOP, highlight_query


@dataclass(frozen=True)
class Highlight:
    """Where a talk matched, as HTML with the matching words in <mark>."""

    title: SafeString
    abstract: SafeString
    note: SafeString
    note_id: int | None
    note_language: str


_HEADLINE_MARKERS = f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_STOP}"'
# Titles and short texts are shown whole; longer ones as two fragments around matches.
_SHORT_TEXT_LENGTH = 300
# ts_headline reads the whole text it is given: a long note shows matches in its beginning.
_HEADLINE_SOURCE_LENGTH = 5_000
_WHOLE_HEADLINE = f"{_HEADLINE_MARKERS}, HighlightAll=true"
_FRAGMENTS_HEADLINE = (
    f'{_HEADLINE_MARKERS}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "'
)
# The texts lose any marker character of their own before PostgreSQL adds its markers.
_HIGHLIGHTS_SQL = f"""
WITH search AS MATERIALIZED (
    SELECT {{query}} AS query, %s AS markers, %s AS whole, %s AS fragments
)
SELECT talk.id,
    ts_headline(
        confnotes_search_config(talk.languages[1]), translate(talk.title, search.markers, ''),
        search.query, search.whole
    ),
    ts_headline(
        confnotes_search_config(talk.languages[1]), translate(talk.abstract, search.markers, ''),
        search.query,
        CASE WHEN length(talk.abstract) <= {_SHORT_TEXT_LENGTH} THEN search.whole
            ELSE search.fragments END
    ),
    best_note.id,
    best_note.language,
    ts_headline(
        confnotes_search_config(best_note.language),
        translate(best_note.body, search.markers, ''),
        search.query,
        CASE WHEN length(best_note.body) <= {_SHORT_TEXT_LENGTH} THEN search.whole
            ELSE search.fragments END
    )
FROM talks_talk AS talk
CROSS JOIN search
LEFT JOIN LATERAL (
    SELECT note.id, note.language, left(note.body, {_HEADLINE_SOURCE_LENGTH}) AS body
    FROM talks_note AS note
    WHERE note.talk_id = talk.id AND note.status = 'published'
        AND note.search_vector @@ search.query
    ORDER BY ts_rank(note.search_vector, search.query) DESC, note.published_at, note.id
    LIMIT 1
) AS best_note ON true
WHERE talk.id = ANY(%s)
"""


def search_highlights(talk_ids: Sequence[int], query: str) -> dict[int, Highlight]:
    """Highlighted title, abstract and best matching published note of each talk of
    `talk_ids`, by talk id.

    Meant for the page of results shown: it reads the search vector of every published note
    of these talks.
    """
    tsquery = highlight_query(query)
    if tsquery is None or not talk_ids:
        return {}
    connection = connections[router.db_for_read(Note)]
    query_sql, query_params = tsquery.as_sql(None, connection)
    params = [
        *query_params,
        HIGHLIGHT_START + HIGHLIGHT_STOP,
        _WHOLE_HEADLINE,
        _FRAGMENTS_HEADLINE,
        list(talk_ids),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_HIGHLIGHTS_SQL.format(query=query_sql), params)
        rows = cursor.fetchall()
    return {
        talk_id: Highlight(
            title=_marked(title),
            abstract=_marked(markdown_text(abstract)),
            note=_marked(markdown_text(note or "")),
            note_id=note_id,
            note_language=note_language or "",
        )
        for talk_id, title, abstract, note_id, note_language, note in rows
    }


def _marked(headline: str) -> SafeString:
    """The headline escaped, with PostgreSQL's highlight markers turned into <mark>."""
    html = escape(headline).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)
