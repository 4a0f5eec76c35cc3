"""The talk finder's option counts ("Kubernetes (42)"), every filter at once, in one query.

A materialized CTE, `matching`, holds the talks in scope (published, matching the text and
the speaker) with the few columns that facets group by and one boolean flag per active
filter. Each facet then counts the rows that pass the flags of every other filter: what
choosing one of its options would give. A last SELECT counts the talks passing all flags,
which is the number of results, so the finder needs no separate COUNT.
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
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils.translation import gettext, ngettext

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
    version: str
    cache_seconds: ClassVar[int] = FACET_CACHE_SECONDS

    @cached_property
    def options(self) -> dict[str, list[FacetOption]]:
        return _options_from_rows(self.rows, self.selected)


@dataclass(frozen=True)
class FacetSelect:
    """One SELECT of the facet query, giving rows of (facet, value, label, position, count).

    `{where}` in `sql` becomes the flags of the other active filters; `params` names the
    filters whose selected values fill its %s placeholders, in order.
    """

    sql: str
    params: tuple[str, ...] = ()


# What the CTE keeps of each talk in scope: narrow columns (a wide CTE spills to disk);
# names, series and years are joined from the event after counting.
SCOPE_COLUMNS = {
    "event_key": F("event_id"),
    "talk_format": F("format"),
    "talk_languages": F("languages"),
    "has_notes": ExpressionWrapper(Q(published_note_count__gt=0), output_field=BooleanField()),
    "rating": F("rating_average"),
}

EVENTS = Event._meta.db_table
SERIES = Series._meta.db_table
TOPICS = Topic._meta.db_table
TAGGED = TaggedTalk._meta.db_table
# The talks passing {where}, counted by event: the base of the event, series and year facets.
BY_EVENT = f"""(SELECT event_key, count(*) AS talks FROM matching WHERE {{where}}
                GROUP BY event_key) AS counted
            JOIN {EVENTS} AS event ON event.id = counted.event_key"""

FACET_SELECTS = {
    "event": FacetSelect(
        f"""(SELECT 'event', event.slug, event.name,
                row_number() OVER (ORDER BY event.start_date DESC, event.slug), counted.talks
            FROM {BY_EVENT}
            ORDER BY event.slug = %s DESC, event.start_date DESC LIMIT {FACET_OPTION_LIMIT})""",
        ("event",),
    ),
    "series": FacetSelect(
        f"""(SELECT 'series', series.slug, series.name, 0, sum(counted.talks)::bigint
            FROM {BY_EVENT}
            JOIN {SERIES} AS series ON series.id = event.series_id
            GROUP BY series.slug, series.name
            ORDER BY series.slug = %s DESC, sum(counted.talks) DESC
            LIMIT {FACET_OPTION_LIMIT})""",
        ("series",),
    ),
    "year": FacetSelect(
        f"""SELECT 'year', extract(year FROM event.start_date)::integer::text, '', 0,
                sum(counted.talks)::bigint
            FROM {BY_EVENT}
            GROUP BY extract(year FROM event.start_date)"""
    ),
    "topic": FacetSelect(
        f"""(SELECT 'topic', topic.slug, topic.name, 0, counted.talks
            FROM (SELECT tagged.tag_id, count(*) AS talks FROM matching
                  JOIN {TAGGED} AS tagged ON tagged.content_object_id = matching.id
                  WHERE {{where}} GROUP BY tagged.tag_id) AS counted
            JOIN {TOPICS} AS topic ON topic.id = counted.tag_id
            ORDER BY topic.slug = ANY(%s) DESC, counted.talks DESC, topic.name
            LIMIT {FACET_OPTION_LIMIT})""",
        ("topic",),
    ),
    # Grouped by the whole list of languages ("en fr"), which is much cheaper than unnesting
    # every talk's; `_expanded` then credits each language of the list.
    "language": FacetSelect(
        """SELECT 'language', array_to_string(talk_languages, ' '), '', 0, count(*)
            FROM matching WHERE {where} GROUP BY talk_languages"""
    ),
    "format": FacetSelect(
        """SELECT 'format', talk_format, '', 0, count(*) FROM matching
            WHERE {where} GROUP BY talk_format"""
    ),
    "has_notes": FacetSelect(
        """SELECT 'has_notes', 'true', '', 0, count(*) FROM matching
            WHERE has_notes AND {where}"""
    ),
    # Talks by whole stars of their average (3.5 counts as 3); `_expanded` turns these into
    # "n stars or more".
    "min_rating": FacetSelect(
        """SELECT 'min_rating', floor(rating)::int::text, '', 0, count(*) FROM matching
            WHERE rating IS NOT NULL AND {where} GROUP BY floor(rating)"""
    ),
}
TOTAL_SELECT = FacetSelect("SELECT 'total', '', '', 0, count(*) FROM matching WHERE {where}")

# A selected option keeps its name when the other filters leave it no talk, if readers may
# see it: the rows named by the selected value(s), as the facet query selects them.
SELECTED_NAMES: dict[str, Callable[[Any], QuerySet]] = {
    "event": lambda slug: Event.objects.published().filter(slug=slug),
    "series": lambda slug: Series.objects.public().filter(slug=slug),
    "topic": lambda slugs: Topic.objects.public().filter(slug__in=slugs),
}


def _selected_names(facet: str, selected: str | list[str]) -> tuple[str, tuple]:
    """The SELECT giving the rows (facet, value, label, position, count) of the selected
    options of `facet` that readers may see, and its parameters."""
    rows = (
        SELECTED_NAMES[facet](selected)
        .order_by()
        .annotate(facet=Value(facet), position=Value(0), count=Value(0))
        .values_list("facet", "slug", "name", "position", "count")
    )
    return rows.query.sql_with_params()


def talk_facets(
    scope: QuerySet[Talk], conditions: dict[str, Q], selected: dict[str, str | list[str]]
) -> Facets:
    """Count, in one query, the talks of `scope` passing every condition (the facet filters,
    by name) and the talks each option of each filter gives with the other conditions.
    `selected` holds the selected option(s) of each active facet."""
    flags = {
        f"matches_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    in_scope = (
        scope.annotate(**SCOPE_COLUMNS, **flags).order_by().values("id", *SCOPE_COLUMNS, *flags)
    )
    scope_sql, scope_params = in_scope.query.sql_with_params()

    def where(excluded: str | None) -> str:
        return " AND ".join(f"matches_{name}" for name in conditions if name != excluded) or "TRUE"

    selects = [FacetSelect(TOTAL_SELECT.sql.format(where=where(None)))]
    selects += [
        FacetSelect(select.sql.format(where=where(name)), select.params)
        for name, select in FACET_SELECTS.items()
    ]

    params = [*scope_params]
    for select in selects:
        params += [selected.get(name, [] if name == "topic" else "") for name in select.params]
    sql = f"WITH matching AS MATERIALIZED ({scope_sql}) " + " UNION ALL ".join(
        select.sql for select in selects
    )
    # Named apart from the bare rows that earlier releases cached. The selected values are in
    # `params` already: the names of the selected options are built only to count afresh.
    cache_key = "talk-facet-counts:" + hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
    counted = cache.get(cache_key)
    if counted is None:
        for name in [name for name in SELECTED_NAMES if name in selected]:
            names_sql, names_params = _selected_names(name, selected[name])
            sql += f" UNION ALL {names_sql}"
            params += names_params
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            counted = {"version": uuid.uuid4().hex, "rows": cursor.fetchall()}
        cache.set(cache_key, counted, FACET_CACHE_SECONDS)
    rows = counted["rows"]
    total = next(count for facet, *_, count in rows if facet == "total")
    return Facets(total=total, rows=rows, selected=selected, version=counted["version"])


def _expanded(rows: Iterable[tuple]) -> Iterable[tuple]:
    """The rows as one per option: languages out of their lists, ratings made cumulative."""
    languages: Counter[str] = Counter()
    talks_by_stars: Counter[int] = Counter()
    for facet, value, label, position, count in rows:
        if facet == "language":
            for code in value.split():
                languages[code] += count
        elif facet == "min_rating":
            talks_by_stars[int(value)] += count
        else:
            yield facet, value, label, position, count
    for code, count in languages.items():
        yield "language", code, "", 0, count
    for stars in range(1, 6):
        at_least = sum(count for whole, count in talks_by_stars.items() if whole >= stars)
        if at_least:
            yield "min_rating", str(stars), "", 0, at_least


def _options_from_rows(
    rows: Iterable[tuple], selected: dict[str, str | list[str]]
) -> dict[str, list[FacetOption]]:
    found: dict[str, dict[str, FacetOption]] = {facet: {} for facet in FACET_SELECTS}
    positions: dict[str, int] = {}
    for facet, value, label, position, count in _expanded(rows):
        if facet == "total":
            continue
        if value not in found[facet] or count > found[facet][value].count:
            chosen = selected.get(facet, [])
            found[facet][value] = FacetOption(
                value=value,
                label=_option_label(facet, value, label),
                count=count,
                selected=value in chosen if isinstance(chosen, list) else value == chosen,
            )
            if position:
                positions[value] = position
    # A selected value that no talk has (a typo in a shared link, say) stays visible, so
    # that the reader can unselect it.
    for facet, chosen in selected.items():
        for value in chosen if isinstance(chosen, list) else [chosen]:
            if facet in found and value not in found[facet]:
                label = _option_label(facet, value, value)
                found[facet][value] = FacetOption(value, label, count=0, selected=True)

    sort_keys: dict[str, Callable[[FacetOption], Any]] = {
        "event": lambda option: positions.get(option.value, FACET_OPTION_LIMIT + 1),
        "series": lambda option: option.label.lower(),
        "year": lambda option: -int(option.value),
        "topic": lambda option: (not option.selected, -option.count, option.label.lower()),
        "language": lambda option: (-option.count, option.label),
        "format": lambda option: _format_position(option.value),
        "has_notes": lambda option: option.value,
        "min_rating": lambda option: -int(option.value),
    }
    return {facet: sorted(found[facet].values(), key=sort_keys[facet]) for facet in FACET_SELECTS}


def _format_position(value: str) -> int:
    return TalkFormat.values.index(value) if value in TalkFormat.values else len(TalkFormat)


def _option_label(facet: str, value: str, label: str) -> str:
    """The option's name in the reader's language, for facets whose rows carry no name."""
    if facet == "language":
        return language_name(value)
    if facet == "format" and value in TalkFormat.values:
        return str(TalkFormat(value).label)
    if facet == "has_notes":
        return gettext("With notes")
    if facet == "min_rating":
        stars = int(value)
        return ngettext("%(stars)d star or more", "%(stars)d stars or more", stars) % {
            "stars": stars
        }
    return label or value
