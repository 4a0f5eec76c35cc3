"""Full-text search over talks and their published notes, in French, English and other languages.

PostgreSQL does the work (migration talks 0005). Each talk has a TalkSearchDocument that
triggers keep current: `document` holds its title (weight A), speaker names and topics (B) and
abstract (C); `notes` its published notes (D). Every text is parsed with the configuration of its
language: confnotes_fr, confnotes_en or, for any other language, confnotes_simple, all three
with unaccent before the stemmer, so that "conference", "conférence" and "conférences" match.

A query is read in websearch syntax ("quoted phrase", -exclusion, or). Each word or phrase
matches its form in any of the three configurations, so one query finds notes in either
language, and a speaker's name matches next to a stemmed topic. Speaker names that look like the
query ("Petazoni") widen it with the real name, through a trigram index.
"""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection
from django.db.models import (
    BooleanField,
    Expression,
    F,
    FloatField,
    Func,
    JSONField,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from psycopg.errors import QueryCanceled

from talks.models import Talk

# Longer queries are cut: nobody types more, and the cost of parsing grows with the length.
MAX_QUERY_LENGTH = 200
# Words and phrases kept from a query, for the same reason.
MAX_TERMS = 12
# Fuzzy speaker names are looked up for queries of this many characters.
SPEAKER_NAME_LENGTHS = range(4, 31)
# Ranking a talk on its notes reads all of them: only the talks that rank best on their own
# text get it; the other matches follow in the order of their own text.
FULLY_RANKED_TALKS = 200

_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# C0 controls (NUL included, which PostgreSQL refuses in text), lone surrogates, and the
# private-use characters that mark highlights.
_UNWANTED_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000\ue001]")
_HIGHLIGHT_START = "\ue000"
_HIGHLIGHT_STOP = "\ue001"


class SearchTimeout(Exception):
    """The search took longer than settings.SEARCH_TIMEOUT_MS and was cancelled.

    A backstop: no search should come near it, but a pathological one must not hold a
    connection and a CPU.
    """


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase of a query; excluded when it was written with a minus sign."""

    text: str
    excluded: bool = False


def parse_query(query: str) -> tuple[tuple[Term, ...], ...]:
    """The query as alternatives ("or") of terms that must all match, in websearch syntax.

    Alternatives without a wanted term are dropped: "-kubernetes" alone would match nearly
    everything, slowly.
    """
    query = _UNWANTED_CHARACTERS.sub("", query[:MAX_QUERY_LENGTH])
    alternatives: list[list[Term]] = [[]]
    term_count = 0
    for match in _TERM.finditer(query):
        sign, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            alternatives.append([])
            continue
        if word is not None and word.startswith("-"):
            sign, word = "-", word[1:]
        text = (phrase if word is None else word).strip()
        if text and term_count < MAX_TERMS:
            alternatives[-1].append(Term(text, excluded=bool(sign)))
            term_count += 1
    return tuple(tuple(terms) for terms in alternatives if any(not term.excluded for term in terms))


class TextSearchQuery(Expression):
    """The tsquery of a parsed query, with the names of speakers whose name looks like it."""

    output_field = SearchQueryField()

    def __init__(self, alternatives: tuple[tuple[Term, ...], ...], *, speaker_names: bool):
        super().__init__()
        self.alternatives = alternatives
        self.speaker_names = speaker_names

    def as_sql(self, compiler, connection) -> tuple[str, list[str]]:
        parts, params = [], []
        unwanted = [term.text for terms in self.alternatives for term in terms if term.excluded]
        for terms in self.alternatives:
            wanted = [term.text for term in terms if not term.excluded]
            excluded = [term.text for term in terms if term.excluded]
            parts.append(
                f"confnotes_search_alternative({_any_of(wanted, ' && ')}, {_any_of(excluded)})"
            )
            params.extend([*wanted, *excluded])
        if not self.speaker_names:
            # Constant: PostgreSQL computes it once, while planning.
            return "(" + " || ".join(parts) + ")", params
        # Names found by similarity stand for the wanted words: the unwanted ones still apply.
        parts.append(
            "confnotes_search_alternative("
            f"confnotes_similar_speakers_query(%s), {_any_of(unwanted)})"
        )
        params.extend([_wanted_words(self.alternatives), *unwanted])
        # Reads the speakers: a sub-select runs once per statement, not once per row.
        return "(SELECT " + " || ".join(parts) + ")", params


def _any_of(terms: Sequence[str], operator: str = " || ") -> str:
    """SQL for the tsquery of terms joined by operator (or), with a placeholder for each."""
    if not terms:
        return "''::tsquery"
    return "(" + operator.join("confnotes_search_term(%s)" for _ in terms) + ")"


class Matches(Func):
    """document @@ query, for a tsquery that is not one of Django's SearchQuery."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _wanted_words(alternatives: Iterable[Iterable[Term]]) -> str:
    return " ".join(term.text for terms in alternatives for term in terms if not term.excluded)


def text_search_query(query: str) -> TextSearchQuery | None:
    """The tsquery for what a reader typed, or None when nothing in it can match.

    It also looks for the speakers whose name looks like the query, when it is short enough.
    """
    alternatives = parse_query(query)
    if not alternatives:
        return None
    return TextSearchQuery(
        alternatives,
        speaker_names=len(_wanted_words(alternatives)) in SPEAKER_NAME_LENGTHS,
    )


def _highlight_query(query: str) -> TextSearchQuery | None:
    """Any wanted word of the query: a note or an abstract shows the words it has."""
    wanted = tuple((term,) for terms in parse_query(query) for term in terms if not term.excluded)
    return TextSearchQuery(wanted, speaker_names=False) if wanted else None


class _ThisSearchQuery(Expression):
    """The tsquery that the search statement computes once, at its top (see _RANKING_SQL)."""

    output_field = SearchQueryField()

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        return "(SELECT query FROM search_query)", []


class _IdIn(Func):
    """id = ANY(array), the array in one parameter: __in would take one per value."""

    output_field = BooleanField()

    def __init__(self, expression: F, ids: list[int]):
        super().__init__(expression)
        self.ids = ids

    def as_sql(self, compiler, connection, **extra) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} = ANY(%s::bigint[]))", [*params, self.ids]


class _RankOf(Func):
    """The rank of a talk in a JSON object of ranks by talk id: a lookup, not a scan."""

    arg_joiner = " ->> "
    template = "((%(expressions)s)::float8)"
    output_field = FloatField()


_RANKING_SQL = f"""
WITH search_query AS MATERIALIZED (SELECT {{query}} AS query),
candidate (talk_id) AS MATERIALIZED (({{in_own_text}}) UNION ({{anywhere}})),
ranked AS MATERIALIZED (
    SELECT search.talk_id, ts_rank(search.document, search_query.query) AS rank
    FROM candidate
    JOIN talks_talksearchdocument AS search ON search.talk_id = candidate.talk_id
    CROSS JOIN search_query
),
fully_ranked AS (
    SELECT search.talk_id, ts_rank(search.document || search.notes, search_query.query) AS rank
    FROM (
        SELECT talk_id FROM ranked ORDER BY rank DESC, talk_id DESC LIMIT {FULLY_RANKED_TALKS}
    ) AS best
    JOIN talks_talksearchdocument AS search ON search.talk_id = best.talk_id
    CROSS JOIN search_query
)
SELECT ranked.talk_id, coalesce(fully_ranked.rank, ranked.rank) AS rank
FROM ranked LEFT JOIN fully_ranked ON fully_ranked.talk_id = ranked.talk_id
ORDER BY fully_ranked.rank IS NULL, rank DESC, ranked.talk_id DESC
"""


def search_talks(
    queryset: QuerySet[Talk], query: str, *, rankings: dict | None = None
) -> QuerySet[Talk]:
    """The talks of queryset that match query, best first, annotated with search_rank.

    The words of the query can be anywhere in a talk: title, speakers, topics, abstract or
    published notes. A talk ranks on its title first, then its speakers and topics, then its
    abstract and notes. One query finds and ranks the matches (settings.SEARCH_MATCHES_KEPT
    of each kind at most); the queryset returned reads the talks. `rankings`, a dict that
    the caller keeps, spares running that query twice for the same talks and text.
    """
    tsquery = text_search_query(query)
    ranking = _ranking(queryset, tsquery, rankings) if tsquery is not None else []
    # Even without matches, a filter that compiles to SQL: the finder builds its facet
    # query on it.
    talk_ids = [talk_id for talk_id, _rank in ranking]
    ranks = json.dumps({str(talk_id): rank for talk_id, rank in ranking})
    return (
        queryset.filter(_IdIn(F("pk"), talk_ids))
        .annotate(
            search_rank=_RankOf(
                Cast(Value(ranks), output_field=JSONField()),
                Cast(F("pk"), output_field=TextField()),
            )
        )
        .order_by("-search_rank", "-pk")
    )


def _ranking(
    queryset: QuerySet[Talk], tsquery: TextSearchQuery, rankings: dict | None
) -> list[tuple[int, float]]:
    """(talk id, rank) of the matches kept, best first."""
    this_query = _ThisSearchQuery()
    document = F("search_document__document")
    whole_talk = CombinedExpression(document, "||", F("search_document__notes"))
    # A word found in most talks must not cost a visit to every one of them: the search
    # keeps the first talks found whose own text matches, and as many found anywhere, notes
    # included. Unordered, so that PostgreSQL stops there instead of sorting every match.
    kept = settings.SEARCH_MATCHES_KEPT
    in_own_text = queryset.filter(Matches(document, this_query)).order_by().values("pk")
    anywhere = queryset.filter(Matches(whole_talk, this_query)).order_by().values("pk")
    try:
        in_own_text_sql, in_own_text_params = in_own_text[:kept].query.sql_with_params()
        anywhere_sql, anywhere_params = anywhere[:kept].query.sql_with_params()
    except EmptyResultSet:
        return []
    query_sql, query_params = tsquery.as_sql(None, connection)
    sql = _RANKING_SQL.format(query=query_sql, in_own_text=in_own_text_sql, anywhere=anywhere_sql)
    params = [*query_params, *in_own_text_params, *anywhere_params]
    key = (sql, repr(params))
    if rankings is not None and key in rankings:
        return rankings[key]
    # One round trip, hence one transaction: SET LOCAL bounds this statement only.
    timeout = f"SET LOCAL statement_timeout = {int(settings.SEARCH_TIMEOUT_MS)}; "
    try:
        with connection.cursor() as cursor:
            cursor.execute(timeout + sql, params)
            cursor.nextset()
            ranking = cursor.fetchall()
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            raise SearchTimeout from error
        raise
    if rankings is not None:
        rankings[key] = ranking
    return ranking


@dataclass(frozen=True)
class Highlight:
    """Where a talk matched, as HTML with the matching words in <mark>."""

    title: SafeString
    abstract: SafeString
    note: SafeString
    note_id: int | None
    note_language: str


_HEADLINE_MARKERS = f'StartSel="{_HIGHLIGHT_START}", StopSel="{_HIGHLIGHT_STOP}"'
# Titles and short texts are shown whole; longer ones as two fragments around matches.
_SHORT_TEXT_LENGTH = 300
# ts_headline reads the whole text it is given: a long note shows matches in its beginning.
_HEADLINE_SOURCE_LENGTH = 10_000
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


def search_highlights(talks: Sequence[Talk], query: str) -> dict[int, Highlight]:
    """Highlighted title, abstract and best matching published note of each talk, by talk id.

    Meant for the page of results shown: it reads every published note of these talks.
    """
    tsquery = _highlight_query(query)
    if tsquery is None or not talks:
        return {}
    query_sql, query_params = tsquery.as_sql(None, connection)
    params = [
        *query_params,
        _HIGHLIGHT_START + _HIGHLIGHT_STOP,
        _WHOLE_HEADLINE,
        _FRAGMENTS_HEADLINE,
        [talk.pk for talk in talks],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_HIGHLIGHTS_SQL.format(query=query_sql), params)
        rows = cursor.fetchall()
    return {
        talk_id: Highlight(
            title=_marked(title),
            abstract=_marked(abstract),
            note=_marked(note or ""),
            note_id=note_id,
            note_language=note_language or "",
        )
        for talk_id, title, abstract, note_id, note_language, note in rows
    }


def _marked(headline: str) -> SafeString:
    """The headline escaped, with PostgreSQL's highlight markers turned into <mark>."""
    html = escape(headline).replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)
