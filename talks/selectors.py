"""Reads of talks that readers see: only published content, with what the pages show.

`talks_matching` is the one place that interprets the talk finder's free text `q`; the
finder's option counts are in pages/finder/facets.py.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lower, RowNumber, Upper

from people.models import Speaker
from talks.languages import language_name
from talks.models import (
    Note,
    Review,
    Talk,
    Topic,
    Work,
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


def other_versions(talk: Talk) -> list[Talk]:
    """The other published versions of `talk` (talks/models/versions.py), the earliest
    first, with their event."""
    if talk.work_id is None:
        return []
    return list(published_versions().filter(work_id=talk.work_id).exclude(pk=talk.pk))


def published_versions() -> QuerySet[Talk]:
    """The published talks as versions are listed: the earliest first, with their event."""
    return (
        Talk.objects.published().select_related("event").order_by(*_chronological(descending=False))
    )


def latest_versions(talks: QuerySet[Talk]) -> QuerySet[Talk]:
    """`talks` with each talk given several times once: the latest of its versions among
    `talks`, in the order of lists from the newest (NEWEST_FIRST)."""
    latest = (
        talks.filter(work__isnull=False)
        .order_by()
        .annotate(position=Window(RowNumber(), partition_by=F("work_id"), order_by=NEWEST_FIRST))
        .filter(position=1)
        .values("pk")
    )
    return talks.filter(Q(work__isnull=True) | Q(pk__in=latest))


def with_versions(talks: QuerySet[Talk]) -> QuerySet[Talk]:
    """`talks` with, for those given several times, their work's published versions
    (`talk.work.published_versions`, the talk itself included): two queries whatever the
    number of talks, none when no talk has versions."""
    return talks.prefetch_related(
        Prefetch(
            "work",
            queryset=Work.objects.prefetch_related(
                Prefetch("versions", queryset=published_versions(), to_attr="published_versions")
            ),
        )
    )


class NoteOnTalkPage(NamedTuple):
    """What a talk page shows of a note: its byline, body and report form, and the version of
    the talk it was taken at (pages/templatetags/notes.py)."""

    pk: int
    talk_id: int
    status: str
    language: str
    published_at: datetime
    body_html: str
    author_username: str
    talk_slug: str
    talk_languages: list[str]
    event_slug: str
    event_name: str


# The columns of NoteOnTalkPage, in its order.
_NOTE_ON_TALK_PAGE = (
    "pk",
    "talk_id",
    "status",
    "language",
    "published_at",
    "body_html",
    "author__username",
    "talk__slug",
    "talk__languages",
    "talk__event__slug",
    "talk__event__name",
)


def notes_on_versions(talk: Talk) -> list[NoteOnTalkPage]:
    """The published notes on `talk`, then those on its other published versions, version
    by version, with their author and their talk's event: a reader of one version finds the
    notes taken at the others. Only what a talk page shows of them is read, as rows rather
    than models: a version's abstract, read with each of its notes, would weigh more than the
    notes, and four models a note cost more than the rest of the query."""
    notes = Note.objects.published()
    if talk.work_id is None:
        notes = notes.filter(talk=talk)
    else:
        notes = notes.filter(published_talks("talk__"), talk__work_id=talk.work_id)
    rows = notes.order_by(
        Case(When(talk_id=talk.pk, then=Value(0)), default=Value(1)),
        "talk__day",
        "talk_id",
        "published_at",
        "pk",
    ).values_list(*_NOTE_ON_TALK_PAGE)
    return [NoteOnTalkPage._make(row) for row in rows]


def latest_notes(limit: int) -> QuerySet[Note]:
    """The most recently published notes on published talks, with their talk and author."""
    return (
        Note.objects.published()
        .filter(published_talks("talk__"))
        .select_related("talk__event", "author")
        .order_by("-published_at", "-pk")[:limit]
    )


# How related another talk is to a talk: SHARED_SPEAKER_WEIGHT for each speaker they share,
# plus one for each topic they share. A shared speaker counts as much as three shared topics.
SHARED_SPEAKER_WEIGHT = 3
# A popular topic has tens of thousands of talks: only the latest ones added with each of the
# talk's topics (and every talk of its speakers) are candidates, so that the cost of ranking
# them does not grow with the catalogue.
RELATED_CANDIDATES_PER_TOPIC = 200

_RELATED_SQL = f"""
WITH own_speaker AS MATERIALIZED (
    SELECT speaker_id FROM talks_talkspeaker WHERE talk_id = %s
),
own_topic AS MATERIALIZED (
    SELECT tag_id FROM talks_taggedtalk WHERE content_object_id = %s
),
candidate (talk_id) AS MATERIALIZED (
    SELECT link.talk_id FROM own_speaker JOIN talks_talkspeaker AS link USING (speaker_id)
    UNION
    SELECT latest.talk_id
    FROM own_topic CROSS JOIN LATERAL (
        -- Read from the index taggedtalk_topic_talks_idx alone.
        SELECT link.content_object_id FROM talks_taggedtalk AS link
        WHERE link.tag_id = own_topic.tag_id
        ORDER BY link.content_object_id DESC
        LIMIT {RELATED_CANDIDATES_PER_TOPIC}
    ) AS latest (talk_id)
),
scored (talk_id, score) AS (
    SELECT candidate.talk_id,
        {SHARED_SPEAKER_WEIGHT} * (
            SELECT count(*) FROM talks_talkspeaker AS link
            WHERE link.talk_id = candidate.talk_id
                AND link.speaker_id IN (SELECT speaker_id FROM own_speaker)
        ) + (
            SELECT count(*) FROM talks_taggedtalk AS link
            WHERE link.content_object_id = candidate.talk_id
                AND link.tag_id IN (SELECT tag_id FROM own_topic)
        )
    FROM candidate
)
SELECT other.id
FROM scored
JOIN ({{others}}) AS other (id, languages, day, start_time) ON other.id = scored.talk_id
ORDER BY scored.score DESC, other.languages @> ARRAY[%s]::varchar[] DESC,
    other.day DESC, other.start_time DESC NULLS LAST, other.id DESC
LIMIT %s
"""


def related_talk_ids(talk: Talk, *, language: str, limit: int) -> list[int]:
    """The ids of the published talks most related to `talk`, best first (one query).

    The most related share the most (SHARED_SPEAKER_WEIGHT for a speaker, one for a topic);
    among equally related talks, those given in `language` come first, then the newest.
    Neither `talk` nor its other versions (talks of the same work) are among them.
    """
    others = Talk.objects.published().exclude(pk=talk.pk)
    if talk.work_id is not None:
        others = others.exclude(work_id=talk.work_id)
    columns = others.order_by().values_list("pk", "languages", "day", "start_time")
    others_sql, others_params = columns.query.sql_with_params()
    with connections[columns.db].cursor() as cursor:
        cursor.execute(
            _RELATED_SQL.format(others=others_sql),
            [talk.pk, talk.pk, *others_params, language, limit],
        )
        return [talk_id for (talk_id,) in cursor.fetchall()]


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
