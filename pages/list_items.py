"""What a talk list shows of each talk, read in one query as plain values.

A list that shows a talk's other published versions (talks/models/versions.py) reads them
with its items, in one more query when a talk of the list has some.

Every list of talks (the finder, search, topics, languages, events, speakers) shows these
items, with the `{% talk_items %}` tag of pages/templatetags/reader.py. They are built from
rows rather than from models with prefetches: a page of twenty talks would otherwise build
about a hundred model instances and three querysets, which costs several times the query
itself.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.db import connections, router
from django.db.models import QuerySet

from common.links import slug_url
from talks.models import Talk, TalkFormat
from talks.search import Highlight
from talks.selectors import published_versions


@dataclass(frozen=True, slots=True)
class Link:
    """A speaker, a topic or an event as a list links it."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Version:
    """Another published version of a talk, as a list names it: where and when it was given,
    in which languages."""

    url: str
    event: Link
    date: date | None
    event_dates: tuple[date, date]
    languages: list[str]


@dataclass(slots=True)
class TalkItem:
    """A talk as a list item shows it; search results add where the talk matched."""

    id: int
    title: str
    # The languages of the title and of the abstract, blank when unknown.
    text_language: str
    abstract_language: str
    url: str
    event: Link
    # The talk's own day, if it has one; `day` is also its event's first day when it has
    # none (Talk.day), for sorting only: pages show the event's days then.
    date: date | None
    day: date
    # The event's first and last days.
    event_dates: tuple[date, date]
    start_time: time | None
    room: str
    format_label: str
    languages: list[str]
    published_note_count: int
    rating_average: Decimal | None
    # In the order the talk gives them.
    speakers: list[Link]
    # By name.
    topics: list[Link]
    # The talk's work when it was given several times, and its other published versions,
    # the earliest first.
    work_id: int | None = None
    versions: list[Version] = field(default_factory=list)
    highlight: Highlight | None = None


# Speakers (kept on the talk by the database's triggers) and topics as arrays of [slug, name]
# pairs, in one statement whatever the page size.
_TALK_ITEMS_SQL = """
SELECT talk.id, talk.title, talk.text_language,
    COALESCE(NULLIF(talk.abstract_language, ''), talk.text_language),
    talk.slug, talk.format, talk.languages, talk.date, talk.day, talk.start_time, talk.room,
    talk.published_note_count, talk.rating_average, talk.work_id,
    event.slug, event.name, event.start_date, event.end_date,
    talk.speaker_links,
    ARRAY(
        SELECT ARRAY[topic.slug, topic.name]
        FROM talks_taggedtalk AS tagged
        JOIN talks_topic AS topic ON topic.id = tagged.tag_id
        WHERE tagged.content_object_id = talk.id
        ORDER BY topic.name, topic.id
    )
FROM talks_talk AS talk
JOIN events_event AS event ON event.id = talk.event_id
WHERE talk.id = ANY(%s::bigint[])
"""


class _Addresses:
    """The addresses a list links, each kind reversed once (`slug_url`), a talk's once per
    event: a page of twenty talks links about a hundred."""

    def __init__(self) -> None:
        self.event = slug_url("events:detail")
        self.speaker = slug_url("people:speaker-detail")
        self.topic = slug_url("talks:topic-detail")
        self._talk_by_event: dict[str, Callable[[str], str]] = {}

    def talk(self, event_slug: str, slug: str) -> str:
        talk_url = self._talk_by_event.get(event_slug)
        if talk_url is None:
            talk_url = self._talk_by_event[event_slug] = slug_url(
                "talks:detail", event_slug=event_slug
            )
        return talk_url(slug)


def talks_by_id(
    ids: list[int], *, with_versions: bool = False, among: QuerySet[Talk] | None = None
) -> dict[int, TalkItem]:
    """The list items of the talks of `ids`, by id: the second step of a page of talks; with
    their other versions if asked, for a list that shows them.

    With `among`, only those of its talks, in the same query: ids kept for a while (in the
    cache) then never bring back a talk that has stopped being public.
    """
    if not ids:
        return {}
    sql, params = _TALK_ITEMS_SQL, [list(ids)]
    if among is not None:
        among_sql, among_params = among.order_by().values("pk").query.sql_with_params()
        sql, params = f"{sql} AND talk.id IN ({among_sql})", [*params, *among_params]
    with connections[router.db_for_read(Talk)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    addresses = _Addresses()
    items = {row[0]: _talk_item(row, addresses) for row in rows}
    if with_versions:
        _add_versions(items.values(), addresses)
    return items


def talks_with_versions_by_id(ids: list[int]) -> dict[int, TalkItem]:
    """`talks_by_id` with the talks' other versions: how a list of talks given several times
    once reads its pages."""
    return talks_by_id(ids, with_versions=True)


def _add_versions(items: Iterable[TalkItem], addresses: _Addresses) -> None:
    """Give each of `items` its other published versions, in one query if any has some."""
    given_several_times = [item for item in items if item.work_id is not None]
    if not given_several_times:
        return
    rows = (
        published_versions()
        .filter(work_id__in={item.work_id for item in given_several_times})
        .values_list(
            "pk", "work_id", "slug", "date", "languages",
            "event__slug", "event__name", "event__start_date", "event__end_date",
        )
    )  # fmt: skip
    by_work: dict[int, list[tuple[int, Version]]] = {}
    for talk_id, work_id, slug, talk_date, languages, event_slug, name, start, end in rows:
        version = Version(
            url=addresses.talk(event_slug, slug),
            event=Link(name=name, url=addresses.event(event_slug)),
            date=talk_date,
            event_dates=(start, end),
            languages=languages,
        )
        by_work.setdefault(work_id, []).append((talk_id, version))
    for item in given_several_times:
        item.versions = [
            version for talk_id, version in by_work.get(item.work_id, []) if talk_id != item.id
        ]


def talk_items(talks: QuerySet[Talk], *, with_versions: bool = False) -> list[TalkItem]:
    """The list items of `talks`, in their order (two queries, three with their versions)."""
    ids = list(talks.values_list("pk", flat=True))
    items = talks_by_id(ids, with_versions=with_versions)
    return [items[talk_id] for talk_id in ids]


def one_per_talk(items: Iterable[TalkItem]) -> list[TalkItem]:
    """`items` with each talk given several times once, at its first version in their order:
    the others are named in its `versions`."""
    seen: set[int] = set()
    kept = []
    for item in items:
        if item.work_id is None or item.work_id not in seen:
            kept.append(item)
        if item.work_id is not None:
            seen.add(item.work_id)
    return kept


def _talk_item(row: tuple, addresses: _Addresses) -> TalkItem:
    (
        talk_id, title, text_language, abstract_language, slug, talk_format, languages, talk_date,
        day, start_time, room, published_note_count, rating_average, work_id, event_slug,
        event_name,
        event_start, event_end, speakers, topics,
    ) = row  # fmt: skip
    return TalkItem(
        id=talk_id,
        title=title,
        text_language=text_language,
        abstract_language=abstract_language,
        url=addresses.talk(event_slug, slug),
        event=Link(name=event_name, url=addresses.event(event_slug)),
        date=talk_date,
        day=day,
        event_dates=(event_start, event_end),
        start_time=start_time,
        room=room,
        format_label=TalkFormat(talk_format).label,
        languages=languages,
        published_note_count=published_note_count,
        rating_average=rating_average,
        speakers=[
            Link(name=name, url=addresses.speaker(speaker_slug)) for speaker_slug, name in speakers
        ],
        topics=[Link(name=name, url=addresses.topic(topic_slug)) for topic_slug, name in topics],
        work_id=work_id,
    )
