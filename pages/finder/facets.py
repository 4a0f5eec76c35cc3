"""The talk finder's option counts ("Kubernetes (42)"), every filter at once, in one query.

A materialized CTE, `matching`, holds the talks in scope (published, matching the text and
the speaker) with the few columns that facets group by and one boolean flag per active
filter. Each facet then counts the rows that pass the flags of every other filter: what
choosing one of its options would give. A last SELECT counts the talks passing all flags,
which is the number of results, so the finder needs no separate COUNT.

With `versions=one` (one row per talk given several times), every count is of talks rather
than versions: of the distinct `work_key` (the talk's work, or the talk itself when it was
given once) among the rows that pass, so that an option counts a talk once however many of
its versions it finds, as the results show it once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from django.core.cache import cache
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext

from common.names import alphabetical_key
from events.models import Event, Series
from talks.languages import language_name
from talks.models import TaggedTalk, Talk, TalkFormat, Topic

# How old the counts may be, in seconds. The facet query reads every talk in scope, and the
# same filters come back again and again (shared links, the back button, crawlers), so its
# rows are cached; labels are translated after the cache, for each reader's language. The
# finder keeps the facet lists it renders of them as long, per language (Facets.version).
FACET_CACHE_SECONDS = 60

# Most options a facet lists, selected ones first: the finder stays small with thousands of
# topics or events.
FACET_OPTION_LIMIT = 30


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    """How many talks each filter option gives, with the other active filters applied.

    The rows of the facet query become `options` when these are first read, which a page
    whose facet lists come from the cache never does. `version` names these counts, from
    these filters: a new query gives a new version, so that what is cached under it (the
    rendered facet lists) never shows older counts.
    """

    total: int
    rows: list[tuple]
    selected: dict[str, str | list[str]]
    names: dict[str, dict[str, str]]
    version: str
    cache_seconds: ClassVar[int] = FACET_CACHE_SECONDS

    @cached_property
    def options(self) -> dict[str, list[FacetOption]]:
        return _options_from_rows(self.rows, self.selected, self.names)


# A SELECT of the facet query and its parameters, which fill its %s placeholders in order.
Select = tuple[str, list[Any]]

# What the CTE keeps of each talk in scope: narrow columns (a wide CTE spills to disk);
# names, series and years are joined from the event after counting.
SCOPE_COLUMNS = {
    "event_key": F("event_id"),
    "talk_format": F("format"),
    "talk_languages": F("languages"),
    "has_notes": ExpressionWrapper(Q(published_note_count__gt=0), output_field=BooleanField()),
    "has_recording": ExpressionWrapper(~Q(video_url=""), output_field=BooleanField()),
    "rating": F("rating_average"),
}
# What the CTE keeps too when it counts talks rather than versions: what the versions of one
# talk share, their work, or the talk alone (negative, so that it never equals a work's id).
TALK_COLUMNS = {"work_key": Coalesce(F("work_id"), -F("id"))}

EVENTS = Event._meta.db_table
SERIES = Series._meta.db_table
TOPICS = Topic._meta.db_table
TAGGED = TaggedTalk._meta.db_table


def _flag(name: str) -> str:
    """The CTE's column telling whether a talk passes the active filter `name`."""
    return f"matches_{name}"


def _where(conditions: dict[str, Q], excluded: str | None = None) -> str:
    """The flags of the active filters but `excluded`: what the talks a facet counts pass."""
    return " AND ".join(_flag(name) for name in conditions if name != excluded) or "TRUE"


def _count(one_per_talk: bool) -> str:
    """How the rows of `matching` that pass are counted: as talks or as versions."""
    return "count(DISTINCT work_key)" if one_per_talk else "count(*)"


def _by_event(where: str, one_per_talk: bool) -> str:
    """The talks passing `where`, counted by event: the base of the event facet."""
    return f"""(SELECT event_key, {_count(one_per_talk)} AS talks FROM matching
                WHERE {where} GROUP BY event_key) AS counted
            JOIN {EVENTS} AS event ON event.id = counted.event_key"""


def _events_counted(where: str, one_per_talk: bool) -> tuple[str, str]:
    """The base of the series and year facets, with the sum of its talks for a group of its
    events. One talk given at several events of a series or a year counts once there: its
    rows are counted by work, not summed from the events' counts."""
    if one_per_talk:
        base = f"""(SELECT event_key, work_key FROM matching WHERE {where}) AS counted
            JOIN {EVENTS} AS event ON event.id = counted.event_key"""
        return base, "count(DISTINCT counted.work_key)"
    return _by_event(where, one_per_talk), "sum(counted.talks)::bigint"


def _total(where: str, one_per_talk: bool) -> Select:
    return f"SELECT 'total', '', '', 0, {_count(one_per_talk)} FROM matching WHERE {where}", []


def _event_counts(where: str, slug: str | None, one_per_talk: bool) -> Select:
    sql = f"""(SELECT 'event', event.slug, event.name,
                row_number() OVER (ORDER BY event.start_date DESC, event.slug), counted.talks
            FROM {_by_event(where, one_per_talk)}
            ORDER BY event.slug = %s DESC, event.start_date DESC LIMIT {FACET_OPTION_LIMIT})"""
    return sql, [slug or ""]


def _series_counts(where: str, slug: str | None, one_per_talk: bool) -> Select:
    events, talks = _events_counted(where, one_per_talk)
    sql = f"""(SELECT 'series', series.slug, series.name, 0, {talks}
            FROM {events}
            JOIN {SERIES} AS series ON series.id = event.series_id
            GROUP BY series.slug, series.name
            ORDER BY series.slug = %s DESC, {talks} DESC
            LIMIT {FACET_OPTION_LIMIT})"""
    return sql, [slug or ""]


def _year_counts(where: str, year: str | None, one_per_talk: bool) -> Select:
    events, talks = _events_counted(where, one_per_talk)
    sql = f"""SELECT 'year', extract(year FROM event.start_date)::integer::text, '', 0,
                {talks}
            FROM {events}
            GROUP BY extract(year FROM event.start_date)"""
    return sql, []


def _topic_counts(where: str, slugs: list[str] | None, one_per_talk: bool) -> Select:
    sql = f"""(SELECT 'topic', topic.slug, topic.name, 0, counted.talks
            FROM (SELECT tagged.tag_id, {_count(one_per_talk)} AS talks FROM matching
                  JOIN {TAGGED} AS tagged ON tagged.content_object_id = matching.id
                  WHERE {where} GROUP BY tagged.tag_id) AS counted
            JOIN {TOPICS} AS topic ON topic.id = counted.tag_id
            ORDER BY topic.slug = ANY(%s) DESC, counted.talks DESC, topic.name
            LIMIT {FACET_OPTION_LIMIT})"""
    return sql, [slugs or []]


def _language_counts(where: str, codes: list[str] | None, one_per_talk: bool) -> Select:
    if one_per_talk:
        # A talk whose versions are in English and in French counts once for each: by
        # language, not by list of languages.
        sql = f"""SELECT 'language', code, '', 0, count(DISTINCT work_key)
            FROM matching CROSS JOIN LATERAL unnest(talk_languages) AS code
            WHERE {where} GROUP BY code"""
        return sql, []
    # Grouped by the whole list of languages ("en fr"), which is much cheaper than unnesting
    # every talk's; `_by_language` then credits each language of the list.
    sql = f"""SELECT 'language', array_to_string(talk_languages, ' '), '', 0, count(*)
            FROM matching WHERE {where} GROUP BY talk_languages"""
    return sql, []


def _format_counts(where: str, talk_format: str | None, one_per_talk: bool) -> Select:
    sql = f"""SELECT 'format', talk_format, '', 0, {_count(one_per_talk)} FROM matching
            WHERE {where} GROUP BY talk_format"""
    return sql, []


def _has_notes_counts(where: str, has_notes: str | None, one_per_talk: bool) -> Select:
    sql = f"""SELECT 'has_notes', 'true', '', 0, {_count(one_per_talk)} FROM matching
            WHERE has_notes AND {where}"""
    return sql, []


def _has_recording_counts(where: str, has_recording: str | None, one_per_talk: bool) -> Select:
    sql = f"""SELECT 'has_recording', 'true', '', 0, {_count(one_per_talk)} FROM matching
            WHERE has_recording AND {where}"""
    return sql, []


def _rating_counts(where: str, stars: str | None, one_per_talk: bool) -> Select:
    # Talks by whole stars of their average (3.5 counts as 3); `_at_least` turns these into
    # "n stars or more".
    if one_per_talk:
        # A talk by the whole stars of its best rated version, which passes "n stars or
        # more" when any of its versions does.
        sql = f"""SELECT 'min_rating', best::text, '', 0, count(*)
            FROM (SELECT max(floor(rating))::int AS best FROM matching
                  WHERE rating IS NOT NULL AND {where} GROUP BY work_key) AS talks
            GROUP BY best"""
        return sql, []
    sql = f"""SELECT 'min_rating', floor(rating)::int::text, '', 0, count(*) FROM matching
            WHERE rating IS NOT NULL AND {where} GROUP BY floor(rating)"""
    return sql, []


# A facet's rows as the query gives them, (value, label, position, count), and as options.
Rows = list[tuple[str, str, int, int]]


def _by_language(rows: Rows) -> Rows:
    """One row per language, out of the rows per list of languages."""
    languages: Counter[str] = Counter()
    for value, _label, _position, count in rows:
        for code in value.split():
            languages[code] += count
    return [(code, "", 0, count) for code, count in languages.items()]


def _at_least(rows: Rows) -> Rows:
    """ "n stars or more", out of the rows per whole stars."""
    talks_by_stars = Counter({int(value): count for value, _label, _position, count in rows})
    at_least = {
        stars: sum(count for whole, count in talks_by_stars.items() if whole >= stars)
        for stars in range(1, 6)
    }
    return [(str(stars), "", 0, count) for stars, count in at_least.items() if count]


def _format_label(value: str, label: str) -> str:
    return str(TalkFormat(value).label) if value in TalkFormat.values else label or value


def _format_position(value: str) -> int:
    return TalkFormat.values.index(value) if value in TalkFormat.values else len(TalkFormat)


def _stars_label(value: str, label: str) -> str:
    stars = int(value)
    return ngettext("%(stars)d star or more", "%(stars)d stars or more", stars) % {"stars": stars}


@dataclass(frozen=True)
class Facet:
    """One facet of the finder, declared once (its filter is in pages/finder/filters.py).

    `counts(where, selected, one_per_talk)` gives the SELECT of its rows (facet, value,
    label, position, count) over the talks of `matching` passing `where`, given its selected
    option(s) or None, counting versions of one talk once if `one_per_talk`, with its
    parameters. `options` turns its rows into one per option; `label` names
    an option in the reader's language from its value and the name its row carries;
    `sort_key` orders the options from the option and its position in the query's order.
    """

    counts: Callable[[str, Any, bool], Select]
    sort_key: Callable[[FacetOption, int], Any]
    label: Callable[[str, str], str] = lambda value, label: label or value
    options: Callable[[Rows], Rows] = lambda rows: rows


FACETS = {
    "event": Facet(
        counts=_event_counts,
        sort_key=lambda option, position: position,
    ),
    "series": Facet(
        counts=_series_counts,
        sort_key=lambda option, position: alphabetical_key(option.label),
    ),
    "year": Facet(counts=_year_counts, sort_key=lambda option, position: -int(option.value)),
    "topic": Facet(
        counts=_topic_counts,
        sort_key=lambda option, position: (
            not option.selected,
            -option.count,
            alphabetical_key(option.label),
        ),
    ),
    "language": Facet(
        counts=_language_counts,
        sort_key=lambda option, position: (-option.count, alphabetical_key(option.label)),
        label=lambda value, label: language_name(value),
        options=_by_language,
    ),
    "format": Facet(
        counts=_format_counts,
        sort_key=lambda option, position: _format_position(option.value),
        label=_format_label,
    ),
    "has_notes": Facet(
        counts=_has_notes_counts,
        sort_key=lambda option, position: option.value,
        label=lambda value, label: gettext("With notes"),
    ),
    "has_recording": Facet(
        counts=_has_recording_counts,
        sort_key=lambda option, position: option.value,
        label=lambda value, label: gettext("With a recording"),
    ),
    "min_rating": Facet(
        counts=_rating_counts,
        sort_key=lambda option, position: -int(option.value),
        label=_stars_label,
        options=_at_least,
    ),
}


def _facet_query(
    scope: QuerySet[Talk],
    conditions: dict[str, Q],
    selected: dict[str, str | list[str]],
    one_per_talk: bool,
) -> Select:
    """The facet query: the talks in scope with their flags, then the count of the results
    and the counts of each facet, each under the flags of the other active filters."""
    flags = {
        _flag(name): ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    columns = {**SCOPE_COLUMNS, **(TALK_COLUMNS if one_per_talk else {})}
    in_scope = scope.annotate(**columns, **flags).order_by().values("id", *columns, *flags)
    scope_sql, scope_params = in_scope.query.sql_with_params()
    selects = [_total(_where(conditions), one_per_talk)]
    selects += [
        facet.counts(_where(conditions, name), selected.get(name), one_per_talk)
        for name, facet in FACETS.items()
    ]
    sql = f"WITH matching AS MATERIALIZED ({scope_sql}) " + " UNION ALL ".join(
        select_sql for select_sql, _params in selects
    )
    return sql, [*scope_params, *(param for _sql, params in selects for param in params)]


def talk_facets(
    scope: QuerySet[Talk],
    conditions: dict[str, Q],
    selected: dict[str, str | list[str]],
    names: dict[str, dict[str, str]],
    *,
    one_per_talk: bool = False,
) -> Facets:
    """Count, in one query, the talks of `scope` passing every condition (the facet filters,
    by name) and the talks each option of each filter gives with the other conditions; the
    versions of one talk count once if `one_per_talk`.
    `selected` holds the selected option(s) of each active facet, and `names` the names of
    those that are slugs, by facet: a selected option keeps its name when the other filters
    leave it no talk."""
    sql, params = _facet_query(scope, conditions, selected, one_per_talk)
    # Named apart from the rows that earlier releases cached. The selected values are in
    # `params` already.
    cache_key = "talk-facet-counts:" + hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
    counted = cache.get(cache_key)
    if counted is None:
        with connections[scope.db].cursor() as cursor:
            cursor.execute(sql, params)
            counted = {"version": uuid.uuid4().hex, "rows": cursor.fetchall()}
        cache.set(cache_key, counted, FACET_CACHE_SECONDS)
    rows = counted["rows"]
    total = next(count for facet, *_, count in rows if facet == "total")
    return Facets(
        total=total, rows=rows, selected=selected, names=names, version=counted["version"]
    )


def _options_from_rows(
    rows: Iterable[tuple], selected: dict[str, str | list[str]], names: dict[str, dict[str, str]]
) -> dict[str, list[FacetOption]]:
    rows_by_facet: dict[str, Rows] = {name: [] for name in FACETS}
    for facet, value, label, position, count in rows:
        if facet != "total":
            rows_by_facet[facet].append((value, label, position, count))
    return {
        name: _options(
            facet, facet.options(rows_by_facet[name]), selected.get(name, []), names.get(name, {})
        )
        for name, facet in FACETS.items()
    }


def _options(
    facet: Facet, rows: Rows, chosen: str | list[str], names: dict[str, str]
) -> list[FacetOption]:
    """The options of one facet from its rows, sorted, selected ones included, named by
    `names` when no row names them."""
    found: dict[str, FacetOption] = {}
    positions: dict[str, int] = {}
    for value, label, position, count in rows:
        if value not in found or count > found[value].count:
            found[value] = FacetOption(
                value=value,
                label=facet.label(value, label),
                count=count,
                selected=value in chosen if isinstance(chosen, list) else value == chosen,
            )
            if position:
                positions[value] = position
    # A selected value that the other filters leave no talk stays visible, so that the
    # reader can unselect it.
    for value in chosen if isinstance(chosen, list) else [chosen]:
        if value not in found:
            label = facet.label(value, names.get(value, value))
            found[value] = FacetOption(value, label, count=0, selected=True)
    return sorted(
        found.values(),
        key=lambda option: facet.sort_key(
            option, positions.get(option.value, FACET_OPTION_LIMIT + 1)
        ),
    )
