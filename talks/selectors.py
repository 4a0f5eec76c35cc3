"""Reads of talks that readers see: only published content, with what the pages show.

`talks_matching` is the one place that interprets the talk finder's free text `q`; the
finder's option counts are in pages/finder/facets.py.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import (
    Count,
    F,
    Func,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.functions import Lower, Upper

from people.models import Speaker
from talks.languages import language_name
from talks.models import (
    Note,
    Review,
    Talk,
    Topic,
    published_talks,
)
from talks.search import TextMatches, search_talks


def alphabetical(field: str) -> Lower:
    """A column of names for `order_by`, in alphabetical order: without case or accents, so
    that "Jérôme" comes before "Julien" and "eBPF" among the E. (The embedded PostgreSQL has
    no ICU collations; the speakers' index people_speaker_name_alphabetical is on the same
    expression.)"""
    return Lower(Func(field, function="confnotes_unaccent"))


def _chronological(*, descending: bool) -> list:
    # `day` is the talk's day, or its event's first day when it has none of its own.
    if descending:
        # The order of the index talk_published_day_idx.
        return [F("day").desc(), F("start_time").desc(nulls_last=True), "-pk"]
    return [F("day").asc(), F("start_time").asc(nulls_last=True), "pk"]


# The orders of the finder's `sort` parameter; each ends with the primary key, so that pages
# never overlap.
SORT_ORDERINGS = {
    "-date": _chronological(descending=True),
    "date": _chronological(descending=False),
    "title": ["title", "pk"],
    "rating": [F("rating_average").desc(nulls_last=True), *_chronological(descending=True)],
    "notes": [F("published_note_count").desc(), *_chronological(descending=True)],
}
NEWEST_FIRST = SORT_ORDERINGS["-date"]


def talks_with_people_and_topics(talks: QuerySet[Talk] | None = None) -> QuerySet[Talk]:
    """The published talks (or `talks`) with their event, their speakers in their order
    (`listed_speakers`) and their topics (`listed_topics`), as a talk's page shows
    them. Lists of talks read pages/list_items.py instead."""
    return (
        (Talk.objects.published() if talks is None else talks)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "speakers",
                # Ordered by the talk's own join row, the one the prefetch reads.
                queryset=Speaker.objects.order_by("talk_speakers__order"),
                to_attr="listed_speakers",
            ),
            Prefetch("topics", to_attr="listed_topics"),
        )
    )


@dataclass(frozen=True)
class LanguageCount:
    code: str
    count: int

    @property
    def name(self) -> str:
        return language_name(self.code)


def language_counts(talks: QuerySet[Talk]) -> list[LanguageCount]:
    """How many of `talks` are in each language, most common first (one query)."""
    # Grouped by the whole list of languages ("en", "en fr"...): few groups, and much cheaper
    # than unnesting every talk's list.
    counts: Counter[str] = Counter()
    for row in talks.order_by().values("languages").annotate(count=Count("pk")):
        for code in row["languages"]:
            counts[code] += row["count"]
    return ranked_language_counts(counts)


def ranked_language_counts(counts: Counter[str]) -> list[LanguageCount]:
    """The talks counted in each language, most common first, then by code: for a page that
    has read every talk's languages already."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [LanguageCount(code=code, count=count) for code, count in ranked]


def topics_with_counts(talks: QuerySet[Talk], limit: int | None = None) -> QuerySet[Topic]:
    """Topics of `talks`, each with `talk_count`, the busiest first."""
    topics = (
        Topic.objects.filter(tagged_talks__content_object__in=talks.order_by().values("pk"))
        .annotate(talk_count=Count("tagged_talks"))
        .order_by("-talk_count", "name")
    )
    return topics[:limit] if limit else topics


def latest_notes(limit: int) -> QuerySet[Note]:
    """The most recently published notes on published talks, with their talk and author."""
    return (
        Note.objects.published()
        .filter(published_talks("talk__"))
        .select_related("talk__event", "author")
        .order_by("-published_at", "-pk")[:limit]
    )


def talks_titled_like(text: str, limit: int) -> list[Talk]:
    """Published talks whose title holds words like those of `text`, the closest first, with
    their event: by trigrams, through the index on titles (talk_title_trgm)."""
    words = text.upper()
    return list(
        Talk.objects.published()
        .select_related("event")
        .alias(upper_title=Upper("title"))
        .filter(upper_title__trigram_word_similar=words)
        .annotate(likeness=TrigramWordSimilarity(Value(words), Upper("title")))
        .order_by("-likeness", "-pk")[:limit]
    )


def talks_matching(queryset: QuerySet[Talk], q: str) -> TextMatches:
    """The talks of `queryset` that match the text `q`, best match first, with `search_rank`.

    The only interpretation of the finder's free text: full-text search over titles,
    speakers, topics, abstracts and published notes, in French and English
    (talks/search/). Change how `q` matches here, and the results and the facet counts
    follow.
    """
    return search_talks(queryset, q)


@dataclass(frozen=True)
class RatingSummary:
    """The ratings of a talk's reviews: their number, average and spread over 1 to 5 stars."""

    count: int
    average: float | None
    # (stars, number of reviews) from 5 stars down to 1.
    distribution: list[tuple[int, int]]


def rating_summary(reviews: Iterable[Review]) -> RatingSummary:
    ratings = [review.rating for review in reviews if review.rating is not None]
    return RatingSummary(
        count=len(ratings),
        average=sum(ratings) / len(ratings) if ratings else None,
        distribution=[(stars, ratings.count(stars)) for stars in range(5, 0, -1)],
    )
