"""The field over the years: published talks and their published notes counted by year, by
language and by topic, and the busiest speakers, for the trends pages and the API's trends.

Each count is one SQL aggregate grouped by year, whatever the number of talks; the results
are cached for TRENDS_CACHE_SECONDS, so that a page reads them once in that time. A note is
counted in the year of its talk, through the talk's count of published notes
(`Talk.published_note_count`, which triggers keep equal to `Note.objects.published()`), so
that a million notes cost no more to count than the talks they are on.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from talks.languages import language_name
from talks.models import TaggedTalk, Talk, TalkSpeaker, Topic, published_talks
from talks.selectors import topics_with_counts

# Counts move slowly: a talk published now is in the pictures within a quarter of an hour.
TRENDS_CACHE_SECONDS = 15 * 60
# Changing what is cached changes this, so that a deployment never reads the former shape.
CACHE_VERSION = 1
BUSIEST_SPEAKERS_SHOWN = 10
RELATED_TOPICS_SHOWN = 10
LANGUAGES_SHOWN = 6
MOVING_TOPICS_SHOWN = 5
# A topic rises or falls by its share of the talks in the latest TREND_YEARS years against
# its share in the TREND_YEARS years before; one with fewer than MIN_MOVING_TALKS talks in
# those years is too rare to say.
TREND_YEARS = 3
MIN_MOVING_TALKS = 3


@dataclass(frozen=True)
class YearActivity:
    year: int
    talks: int
    notes: int


@dataclass(frozen=True, kw_only=True)
class Series:
    """Something counted in each year (a language, a topic): `counts` and `shares` (of the
    year's talks, from 0 to 1) follow `years` of the trends that hold it."""

    key: str
    counts: tuple[int, ...]
    shares: tuple[float, ...]
    # For a rising or falling topic: its share in the latest years minus the years before.
    change: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, kw_only=True)
class TopicSeries(Series):
    name: str


@dataclass(frozen=True, kw_only=True)
class LanguageSeries(Series):
    @property
    def name(self) -> str:
        """In the reader's language: the cache holds the code only."""
        return language_name(self.key)


@dataclass(frozen=True)
class Ranked:
    """A speaker or a topic, and how many published talks it has."""

    slug: str
    name: str
    talks: int


@dataclass(frozen=True)
class Trends:
    """The whole site's pictures."""

    # When it was counted: what is drawn of it is cached under this too.
    counted_at: datetime
    years: tuple[int, ...]
    activity: tuple[YearActivity, ...]
    languages: tuple[LanguageSeries, ...]
    rising: tuple[TopicSeries, ...]
    falling: tuple[TopicSeries, ...]
    speakers: tuple[Ranked, ...]


@dataclass(frozen=True)
class TopicTrends:
    """One topic's pictures; `years` are the site's, so that its share reads against them."""

    counted_at: datetime
    years: tuple[int, ...]
    activity: tuple[YearActivity, ...]
    share: TopicSeries
    languages: tuple[LanguageSeries, ...]
    related: tuple[Ranked, ...]
    speakers: tuple[Ranked, ...]


def site_trends() -> Trends:
    """The site's trends (three queries, cached)."""
    return cache.get_or_set(f"trends:{CACHE_VERSION}:site", _site_trends, TRENDS_CACHE_SECONDS)


def topic_trends(topic: Topic) -> TopicTrends:
    """`topic`'s trends (four queries, cached)."""
    return cache.get_or_set(
        f"trends:{CACHE_VERSION}:topic:{topic.pk}",
        lambda: _topic_trends(topic),
        TRENDS_CACHE_SECONDS,
    )


def _site_trends() -> Trends:
    talks = Talk.objects.published()
    rows = _by_year_and_languages(talks)
    years = _year_range(row["year"] for row in rows)
    activity = _activity(years, rows)
    totals = [year.talks for year in activity]
    topics = _topic_series(years, totals)
    moving = sorted(
        (topic for topic in topics if topic.change), key=lambda topic: (-topic.change, topic.name)
    )
    return Trends(
        counted_at=timezone.now(),
        years=years,
        activity=activity,
        languages=_language_series(years, totals, rows),
        rising=tuple(topic for topic in moving if topic.change > 0)[:MOVING_TOPICS_SHOWN],
        falling=tuple(reversed([topic for topic in moving if topic.change < 0]))[
            :MOVING_TOPICS_SHOWN
        ],
        speakers=_busiest_speakers(talks),
    )


def _topic_trends(topic: Topic) -> TopicTrends:
    talks = Talk.objects.published().filter(topics=topic)
    rows = _by_year_and_languages(talks)
    all_talks = _talks_by_year(Talk.objects.published())
    years = _year_range(all_talks)
    activity = _activity(years, rows)
    totals = [all_talks.get(year, 0) for year in years]
    counts = tuple(year.talks for year in activity)
    return TopicTrends(
        counted_at=timezone.now(),
        years=years,
        activity=activity,
        share=TopicSeries(
            key=topic.slug, name=topic.name, counts=counts, shares=_shares(counts, totals)
        ),
        languages=_language_series(years, counts, rows),
        related=tuple(
            Ranked(slug=related.slug, name=related.name, talks=related.talk_count)
            for related in topics_with_counts(talks).exclude(pk=topic.pk)[:RELATED_TOPICS_SHOWN]
        ),
        speakers=_busiest_speakers(talks),
    )


def _by_year_and_languages(talks: QuerySet[Talk]) -> list[dict]:
    """Talks and their published notes by year and list of languages ("en", "en fr"...): few
    groups, the talks' counts by year and by language in one pass."""
    return list(
        talks.filter(day__isnull=False)
        .order_by()
        .values("languages", year=ExtractYear("day"))
        .annotate(talks=Count("pk"), notes=Sum("published_note_count"))
    )


def _talks_by_year(talks: QuerySet[Talk]) -> dict[int, int]:
    rows = (
        talks.filter(day__isnull=False)
        .order_by()
        .values(year=ExtractYear("day"))
        .annotate(talks=Count("pk"))
    )
    return {row["year"]: row["talks"] for row in rows}


def _year_range(years: Iterable[int]) -> tuple[int, ...]:
    """Every year from the first to the last, those without talks included."""
    years = set(years)
    return tuple(range(min(years), max(years) + 1)) if years else ()


def _activity(years: tuple[int, ...], rows: list[dict]) -> tuple[YearActivity, ...]:
    talks: dict[int, int] = defaultdict(int)
    notes: dict[int, int] = defaultdict(int)
    for row in rows:
        talks[row["year"]] += row["talks"]
        notes[row["year"]] += row["notes"]
    return tuple(YearActivity(year=year, talks=talks[year], notes=notes[year]) for year in years)


def _shares(counts: Iterable[int], totals: Iterable[int]) -> tuple[float, ...]:
    return tuple(
        count / total if total else 0.0 for count, total in zip(counts, totals, strict=True)
    )


def _language_series(
    years: tuple[int, ...], totals: list[int], rows: list[dict]
) -> tuple[LanguageSeries, ...]:
    """The most common languages, each with its talks by year (a talk in two languages counts
    in both)."""
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for code in row["languages"]:
            counts[code][row["year"]] += row["talks"]
    series = []
    for code, by_year in counts.items():
        yearly = tuple(by_year[year] for year in years)
        series.append(LanguageSeries(key=code, counts=yearly, shares=_shares(yearly, totals)))
    series.sort(key=lambda language: (-language.total, language.key))
    return tuple(series[:LANGUAGES_SHOWN])


def _topic_series(years: tuple[int, ...], totals: list[int]) -> list[TopicSeries]:
    """Every topic with its talks by year, and the change of its share between the latest
    TREND_YEARS years (up to this one) and the TREND_YEARS before."""
    rows = (
        TaggedTalk.objects.filter(published_talks("content_object__"))
        .filter(content_object__day__isnull=False)
        .order_by()
        .values("tag__slug", "tag__name", year=ExtractYear("content_object__day"))
        .annotate(talks=Count("pk"))
    )
    by_topic: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_topic[row["tag__slug"], row["tag__name"]][row["year"]] += row["talks"]
    latest = min(timezone.localdate().year, years[-1]) if years else 0
    recent = range(latest - TREND_YEARS + 1, latest + 1)
    earlier = range(latest - 2 * TREND_YEARS + 1, latest - TREND_YEARS + 1)
    all_talks = dict(zip(years, totals, strict=True))
    series = []
    for (slug, name), by_year in by_topic.items():
        yearly = tuple(by_year[year] for year in years)
        change = 0.0
        if sum(by_year[year] for year in [*earlier, *recent]) >= MIN_MOVING_TALKS:
            change = _window_share(by_year, all_talks, recent) - _window_share(
                by_year, all_talks, earlier
            )
        series.append(
            TopicSeries(
                key=slug, name=name, counts=yearly, shares=_shares(yearly, totals), change=change
            )
        )
    return series


def _window_share(by_year: dict[int, int], totals: dict[int, int], window: range) -> float:
    talks = sum(totals.get(year, 0) for year in window)
    return sum(by_year.get(year, 0) for year in window) / talks if talks else 0.0


def _busiest_speakers(talks: QuerySet[Talk]) -> tuple[Ranked, ...]:
    rows = (
        TalkSpeaker.objects.filter(talk__in=talks.order_by().values("pk"))
        .values("speaker__slug", "speaker__name")
        .annotate(talks=Count("talk"))
        .order_by("-talks", "speaker__name", "speaker__slug")[:BUSIEST_SPEAKERS_SHOWN]
    )
    return tuple(
        Ranked(slug=row["speaker__slug"], name=row["speaker__name"], talks=row["talks"])
        for row in rows
    )
