"""The sitemaps of the public pages, one section per kind of page (docs/api.md).

Each section reads its addresses and their lastmod as plain values in one query per file,
whatever its size: a page's lastmod is computed by PostgreSQL along with its slug, never by a
query per address. A section longer than `limit` addresses is split into files of `limit`,
which the index lists one by one (`?p=2`, ...).

Only what readers see is listed: published events and talks, the series, speakers and topics
of published ones (`public()`, or `published_talks()` through their talks), never a pending
proposal nor the former slugs of merged speakers and topics, which only redirect.
"""

from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Series
from people.models import Speaker
from talks.models import Note, Talk, Topic
from talks.models.talks import published_talks

# Addresses in one file: the sitemap protocol allows up to 50,000 (sitemaps.org), which take
# several seconds to write; a file of 10,000 takes about one. The benchmark's 100,000 talks
# are ten files.
URLS_PER_FILE = 10_000


def _path(viewname: str, **kwargs: str) -> str:
    """The page's path. Reversed each time, not remembered as lists do (common.links): the tens
    of thousands of a sitemap file would push the addresses lists link again and again out of
    that memory."""
    return reverse(viewname, kwargs=kwargs)


def _day(moment: datetime | None) -> date | None:
    """The day of `moment` in the site's time zone: sitemaps give the day a page changed."""
    return timezone.localdate(moment) if moment else None


def _latest(rows: QuerySet, field: str) -> Subquery:
    """The latest `field` of `rows`, which refer to the outer query's row."""
    return Subquery(rows.order_by(f"-{field}").values(field)[:1])


def _last_talk_change() -> datetime | None:
    return Talk.objects.published().aggregate(latest=Max("updated_at"))["latest"]


def _last_note_published() -> datetime | None:
    """When the latest note on a public talk was published: down the index of published notes,
    newest first, to the first on a public talk (MAX() would read them all)."""
    notes = Note.objects.published().filter(published_talks("talk__"))
    return notes.order_by("-published_at").values_list("published_at", flat=True).first()


def _latest_of(*moments: datetime | None) -> datetime | None:
    return max(filter(None, moments), default=None)


class Section(Sitemap):
    """A section of the sitemap, which counts its pages once per request: the index asks
    whether it has any, then how many files it takes."""

    @cached_property
    def paginator(self) -> Paginator:
        return Paginator(self._items(), self.limit)


class ValuesSitemap(Section):
    """A section whose items are rows of values with their page's `lastmod`, by id."""

    limit = URLS_PER_FILE

    def rows(self) -> QuerySet:
        """The section's pages, as values with `lastmod` and what their address needs."""
        raise NotImplementedError

    def items(self) -> QuerySet:
        return self.rows().order_by("pk")

    def lastmod(self, item: dict[str, Any]) -> date | None:
        return _day(item["lastmod"])

    def get_latest_lastmod(self) -> datetime | None:
        """The latest lastmod of the section, in one query (Django's reads every item)."""
        return self.rows().aggregate(latest=Max("lastmod"))["latest"]


class EventSitemap(ValuesSitemap):
    """An event's page changes with the event and with its talks."""

    def rows(self) -> QuerySet:
        talks = Talk.objects.published().filter(event=OuterRef("pk"))
        return Event.objects.published().values(
            "pk", "slug", lastmod=Greatest("updated_at", _latest(talks, "updated_at"))
        )

    def location(self, item: dict[str, Any]) -> str:
        return _path("events:detail", slug=item["slug"])


class SeriesSitemap(ValuesSitemap):
    """A series' page lists its published editions."""

    def rows(self) -> QuerySet:
        editions = Event.objects.published().filter(series=OuterRef("pk"))
        return Series.objects.public().values("pk", "slug", lastmod=_latest(editions, "updated_at"))

    def location(self, item: dict[str, Any]) -> str:
        return _path("events:series-detail", slug=item["slug"])


class TalkSitemap(ValuesSitemap):
    """A talk's page changes with the talk and when a note on it is published."""

    def rows(self) -> QuerySet:
        notes = Note.objects.published().filter(talk=OuterRef("pk"))
        latest_note = _latest(notes, "published_at")
        return Talk.objects.published().values(
            "pk",
            "slug",
            event_slug=F("event__slug"),
            lastmod=Greatest("updated_at", latest_note),
        )

    def location(self, item: dict[str, Any]) -> str:
        return _path("talks:detail", event_slug=item["event_slug"], slug=item["slug"])

    def get_latest_lastmod(self) -> datetime | None:
        """The latest change to a published talk or note: two walks down an index rather than
        the latest note of each of the 100,000 talks."""
        return _latest_of(_last_talk_change(), _last_note_published())


class SpeakerSitemap(ValuesSitemap):
    """A speaker's page changes with the speaker and with their talks."""

    def rows(self) -> QuerySet:
        # Public speakers are those of a published talk: grouped from the join, a speaker's
        # latest talk comes in one pass over the talks rather than a search for each speaker.
        return (
            Speaker.objects.filter(published_talks("talks__"))
            .values("pk", "slug")
            .annotate(lastmod=Greatest("updated_at", Max("talks__updated_at")))
        )

    def location(self, item: dict[str, Any]) -> str:
        return _path("people:speaker-detail", slug=item["slug"])


class TopicSitemap(ValuesSitemap):
    """A topic's page lists its published talks."""

    def rows(self) -> QuerySet:
        # As the speakers: public topics are those of a published talk.
        return (
            Topic.objects.filter(published_talks("talks__"))
            .values("pk", "slug")
            .annotate(lastmod=Max("talks__updated_at"))
        )

    def location(self, item: dict[str, Any]) -> str:
        return _path("talks:topic-detail", slug=item["slug"])


class TopicTrendsSitemap(TopicSitemap):
    """A topic's trends page counts its published talks year by year."""

    def location(self, item: dict[str, Any]) -> str:
        return _path("talks:topic-trends", slug=item["slug"])


class LanguageSitemap(Section):
    """The page of each language a published talk is in, which lists those talks."""

    limit = URLS_PER_FILE

    def items(self) -> list[tuple[str, datetime]]:
        """(code, lastmod) of each language, by code, from one query grouped by the talks'
        lists of languages ("en", "en fr"...), few groups."""
        latest: dict[str, datetime] = {}
        lists = Talk.objects.published().order_by().values("languages")
        for row in lists.annotate(lastmod=Max("updated_at")):
            for code in row["languages"]:
                latest[code] = max(latest.get(code, row["lastmod"]), row["lastmod"])
        return sorted(latest.items())

    def location(self, item: tuple[str, datetime]) -> str:
        return _path("talks:language-detail", code=item[0])

    def lastmod(self, item: tuple[str, datetime]) -> date | None:
        return _day(item[1])

    def get_latest_lastmod(self) -> datetime | None:
        return max((lastmod for _code, lastmod in self.items()), default=None)


class FixedPageSitemap(Section):
    """The home page and the lists, each changing with what it shows first."""

    def items(self) -> list[str]:
        return [
            "home",
            "talks:list",
            "events:list",
            "talks:topic-list",
            "people:speaker-list",
            "talks:trends",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> date | None:
        return _day(self._lastmods[item])

    def get_latest_lastmod(self) -> datetime | None:
        return _latest_of(*self._lastmods.values())

    @cached_property
    def _lastmods(self) -> dict[str, datetime | None]:
        """Read once for all the pages (three queries)."""
        note, talk = _last_note_published(), _last_talk_change()
        event = Event.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return {
            # The home page shows the latest notes, events and talks' topics.
            "home": _latest_of(note, talk, event),
            "talks:list": talk,
            "events:list": event,
            "talks:topic-list": talk,
            "people:speaker-list": talk,
            # The trends count the published talks and their notes.
            "talks:trends": _latest_of(note, talk),
        }


# Classes, not instances: each request reads its own lastmods and counts.
SITEMAPS = {
    "pages": FixedPageSitemap,
    "events": EventSitemap,
    "series": SeriesSitemap,
    "talks": TalkSitemap,
    "speakers": SpeakerSitemap,
    "topics": TopicSitemap,
    "topic-trends": TopicTrendsSitemap,
    "languages": LanguageSitemap,
}


def sections_with_pages() -> dict[str, Section]:
    """The sections that list at least one page, for the index: a file without any address
    is not a valid sitemap (a site without series yet has no series section)."""
    sections = {name: section() for name, section in SITEMAPS.items()}
    return {name: section for name, section in sections.items() if section.paginator.count}
