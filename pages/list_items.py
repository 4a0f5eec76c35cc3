"""What a talk list shows of each talk, read in one query as plain values.

Every list of talks (the finder, search, topics, languages, events, speakers) shows these
items, with the `{% talk_items %}` tag of pages/templatetags/reader.py. They are built from
rows rather than from models with prefetches: a page of twenty talks would otherwise build
about a hundred model instances and three querysets, which costs several times the query
itself.
"""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from common.links import detail_url
from talks.models import Talk, TalkFormat
from talks.search import Highlight


@dataclass(frozen=True, slots=True)
class Link:
    """A speaker, a topic or an event as a list links it."""

    name: str
    url: str


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
    highlight: Highlight | None = None


# Speakers and topics as arrays of [slug, name] pairs, in one statement whatever the page size.
_TALK_ITEMS_SQL = """
SELECT talk.id, talk.title, talk.text_language,
    COALESCE(NULLIF(talk.abstract_language, ''), talk.text_language),
    talk.slug, talk.format, talk.languages, talk.date, talk.day, talk.start_time, talk.room,
    talk.published_note_count, talk.rating_average,
    event.slug, event.name, event.start_date, event.end_date,
    ARRAY(
        SELECT ARRAY[speaker.slug, speaker.name]
        FROM talks_talkspeaker AS talk_speaker
        JOIN people_speaker AS speaker ON speaker.id = talk_speaker.speaker_id
        WHERE talk_speaker.talk_id = talk.id
        ORDER BY talk_speaker."order", talk_speaker.id
    ),
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


def talks_by_id(ids: list[int], *, among: QuerySet[Talk] | None = None) -> dict[int, TalkItem]:
    """The list items of the talks of `ids`, by id: the second step of a page of talks.

    With `among`, only those of its talks, in the same query: ids kept for a while (in the
    cache) then never bring back a talk that has stopped being public.
    """
    if not ids:
        return {}
    sql, params = _TALK_ITEMS_SQL, [list(ids)]
    if among is not None:
        among_sql, among_params = among.order_by().values("pk").query.sql_with_params()
        sql, params = f"{sql} AND talk.id IN ({among_sql})", [*params, *among_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: _talk_item(row) for row in rows}


def talk_items(talks: QuerySet[Talk]) -> list[TalkItem]:
    """The list items of `talks`, in their order (two queries)."""
    ids = list(talks.values_list("pk", flat=True))
    items = talks_by_id(ids)
    return [items[talk_id] for talk_id in ids]


def _talk_item(row: tuple) -> TalkItem:
    (
        talk_id, title, text_language, abstract_language, slug, talk_format, languages, talk_date,
        day, start_time, room, published_note_count, rating_average, event_slug, event_name,
        event_start, event_end, speakers, topics,
    ) = row  # fmt: skip
    return TalkItem(
        id=talk_id,
        title=title,
        text_language=text_language,
        abstract_language=abstract_language,
        url=detail_url("talks:detail", event_slug=event_slug, slug=slug),
        event=Link(name=event_name, url=detail_url("events:detail", slug=event_slug)),
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
            Link(name=name, url=detail_url("people:speaker-detail", slug=speaker_slug))
            for speaker_slug, name in speakers
        ],
        topics=[
            Link(name=name, url=detail_url("talks:topic-detail", slug=topic_slug))
            for topic_slug, name in topics
        ],
    )
