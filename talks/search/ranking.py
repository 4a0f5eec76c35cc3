"""Finding and ranking the talks that match a query, in one statement."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connections
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
from psycopg.errors import QueryCanceled

from talks.models import Talk
from talks.search.query import TextSearchQuery, text_search_query

# Ranking a talk on its notes reads all of them: only the talks that rank best on their own
# text get it; the other matches follow in the order of their own text.
FULLY_RANKED_TALKS = 100


class SearchTimeout(Exception):
    """The search took longer than settings.SEARCH_TIMEOUT_MS and was cancelled.

    A backstop: no search should come near it, but a pathological one must not hold a
    connection and a CPU.
    """


class Matches(Func):
    """document @@ query, for a tsquery that is not one of Django's SearchQuery."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


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
in_own_text (talk_id) AS MATERIALIZED ({{in_own_text}}),
candidate (talk_id) AS MATERIALIZED (
    SELECT talk_id FROM in_own_text
    UNION
    -- Only when the talks' own text did not fill the matches kept: the notes-only matches
    -- would rank after all of those, and looking for them is the costliest part.
    SELECT talk_id FROM ({{anywhere}}) AS anywhere (talk_id)
    WHERE (SELECT count(*) FROM in_own_text) < {{kept}}
),
ranked AS MATERIALIZED (
    SELECT search.talk_id, ts_rank(search.document, search_query.query) AS rank
    FROM candidate
    JOIN talks_talksearchdocument AS search ON search.talk_id = candidate.talk_id
    CROSS JOIN search_query
),
-- Materialized, so that each rank is computed once, not once per mention below.
fully_ranked AS MATERIALIZED (
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


@dataclass(frozen=True)
class TextMatches:
    """What a text search kept of the talks it searched: `talks`, the queryset narrowed to
    them, best first, annotated with `search_rank`; `ids`, their ids in that order, so that
    a page of them needs no query to list them; `limit_reached`, whether it kept only some
    of the matches (settings.SEARCH_MATCHES_KEPT, docs/search.md)."""

    talks: QuerySet[Talk]
    ids: list[int]
    limit_reached: bool


def search_talks(queryset: QuerySet[Talk], query: str) -> TextMatches:
    """The talks of queryset that match query, best first.

    The words of the query can be anywhere in a talk: title, speakers, topics, abstract or
    published notes. A talk ranks on its title first, then its speakers and topics, then its
    abstract and notes. One query finds and ranks the matches (settings.SEARCH_MATCHES_KEPT
    of each kind at most); the queryset of the matches reads the talks.
    """
    tsquery = text_search_query(query)
    ranking = _ranking(queryset, tsquery) if tsquery is not None else []
    # Even without matches, a filter that compiles to SQL: the finder builds its facet
    # query on it.
    talk_ids = [talk_id for talk_id, _rank in ranking]
    ranks = json.dumps({str(talk_id): rank for talk_id, rank in ranking})
    talks = (
        queryset.filter(_IdIn(F("pk"), talk_ids))
        .annotate(
            search_rank=_RankOf(
                Cast(Value(ranks), output_field=JSONField()),
                Cast(F("pk"), output_field=TextField()),
            )
        )
        .order_by("-search_rank", "-pk")
    )
    limit_reached = len(talk_ids) >= settings.SEARCH_MATCHES_KEPT
    return TextMatches(talks=talks, ids=talk_ids, limit_reached=limit_reached)


def _ranking(queryset: QuerySet[Talk], tsquery: TextSearchQuery) -> list[tuple[int, float]]:
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
    connection = connections[queryset.db]
    query_sql, query_params = tsquery.as_sql(None, connection)
    sql = _RANKING_SQL.format(
        query=query_sql, in_own_text=in_own_text_sql, anywhere=anywhere_sql, kept=int(kept)
    )
    params = [*query_params, *in_own_text_params, *anywhere_params]
    # One round trip, hence one transaction: SET LOCAL bounds this statement only.
    timeout = f"SET LOCAL statement_timeout = {int(settings.SEARCH_TIMEOUT_MS)}; "
    try:
        with connection.cursor() as cursor:
            cursor.execute(timeout + sql, params)
            cursor.nextset()
            return cursor.fetchall()
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            raise SearchTimeout from error
        raise
