"""The field over the years: published talks and their published notes counted by year, by
language and by topic, and the busiest speakers, for the trends pages and the API's trends.

The counts are read from the trends' materialized views (talks/models/trends.py), which
`trends_count()` (talks/services/trends.py) counts again every few minutes: a page reads a
few hundred rows, whatever the number of talks, and says when they were counted. A note is
counted in the year of its talk, through the talk's count of published notes
(`Talk.published_note_count`, which triggers keep equal to `Note.objects.published()`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from talks.languages import language_name
from talks.models import (
    Topic,
    TrendSpeaker,
    TrendTopicPair,
    TrendTopicSpeaker,
    TrendTopicYear,
    TrendYear,
)

# The trends' views keep as many busiest speakers (talks/migrations/0023_trend_summary.py).
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

    # When it was counted (None before any talk has a day): what is drawn of it is cached
    # under this too.
    counted_at: datetime | None
    years: tuple[int, ...]
    activity: tuple[YearActivity, ...]
    languages: tuple[LanguageSeries, ...]
    rising: tuple[TopicSeries, ...]
    falling: tuple[TopicSeries, ...]
    speakers: tuple[Ranked, ...]


@dataclass(frozen=True)
class TopicTrends:
    """One topic's pictures; `years` are the site's, so that its share reads against them."""

    counted_at: datetime | None
    years: tuple[int, ...]
    activity: tuple[YearActivity, ...]
    share: TopicSeries
    languages: tuple[LanguageSeries, ...]
    related: tuple[Ranked, ...]
    speakers: tuple[Ranked, ...]


def site_trends() -> Trends:
    """The site's trends, as last counted (three queries)."""
    rows = _by_year_and_languages(TrendYear.objects.all(), "counted_at")
    years = _year_range(row["year"] for row in rows)
    activity = _activity(years, rows)
    totals = [year.talks for year in activity]
    topics = _topic_series(years, totals)
    moving = sorted(
        (topic for topic in topics if topic.change), key=lambda topic: (-topic.change, topic.name)
    )
    return Trends(
        counted_at=_counted_at(rows),
        years=years,
        activity=activity,
        languages=_language_series(years, totals, rows),
        rising=tuple(topic for topic in moving if topic.change > 0)[:MOVING_TOPICS_SHOWN],
        falling=tuple(reversed([topic for topic in moving if topic.change < 0]))[
            :MOVING_TOPICS_SHOWN
        ],
        speakers=_ranked_speakers(TrendSpeaker.objects.all()),
    )


def topic_trends(topic: Topic) -> TopicTrends:
    """`topic`'s trends, as last counted (four queries)."""
    rows = _by_year_and_languages(TrendTopicYear.objects.filter(topic=topic))
    all_talks = list(
        TrendYear.objects.order_by()
        .values("year")
        .annotate(talks=Sum("talks"), counted_at=Max("counted_at"))
    )
    years = _year_range(row["year"] for row in all_talks)
    activity = _activity(years, rows)
    by_year = {row["year"]: row["talks"] for row in all_talks}
    totals = [by_year.get(year, 0) for year in years]
    counts = tuple(year.talks for year in activity)
    related = TrendTopicPair.objects.filter(topic=topic).order_by("-talks", "related__name")
    return TopicTrends(
        counted_at=_counted_at(all_talks),
        years=years,
        activity=activity,
        share=TopicSeries(
            key=topic.slug, name=topic.name, counts=counts, shares=_shares(counts, totals)
        ),
        languages=_language_series(years, counts, rows),
        related=tuple(
            Ranked(slug=row["related__slug"], name=row["related__name"], talks=row["talks"])
            for row in related.values("related__slug", "related__name", "talks")[
                :RELATED_TOPICS_SHOWN
            ]
        ),
        speakers=_ranked_speakers(TrendTopicSpeaker.objects.filter(topic=topic)),
    )


def _by_year_and_languages(counts: QuerySet, *also: str) -> list[dict]:
    """Talks and their published notes by year and list of languages ("en", "en fr"...)."""
    return list(counts.order_by().values("year", "languages", "talks", "notes", *also))


def _counted_at(rows: list[dict]) -> datetime | None:
    """When the trends were counted; unknown before any talk has a day."""
    return rows[0]["counted_at"] if rows else None


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
        TrendTopicYear.objects.order_by()
        .values("topic__slug", "topic__name", "year")
        .annotate(talks=Sum("talks"))
    )
    by_topic: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_topic[row["topic__slug"], row["topic__name"]][row["year"]] += row["talks"]
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


def _ranked_speakers(counts: QuerySet) -> tuple[Ranked, ...]:
    rows = counts.order_by("-talks", "speaker__name", "speaker__slug").values(
        "speaker__slug", "speaker__name", "talks"
    )[:BUSIEST_SPEAKERS_SHOWN]
    return tuple(
        Ranked(slug=row["speaker__slug"], name=row["speaker__name"], talks=row["talks"])
        for row in rows
    )
