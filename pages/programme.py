"""An event's programme: its published talks by day, in the order of their times and rooms.

Read in one query as plain values, whatever the number of talks: a large conference lists
more than three hundred, and model instances with prefetches would cost several times the
query itself.
"""

from dataclasses import dataclass
from datetime import date, time
from itertools import groupby

from django.db.models import QuerySet

from common.compiled_queries import CompiledQuery
from common.links import slug_url
from events.models import Event
from pages.list_items import Link
from talks.models import Talk


@dataclass(slots=True)
class ProgrammeTalk:
    """A talk as the programme shows it."""

    title: str
    # The language of the title, blank when unknown.
    text_language: str
    url: str
    # The talk's own day and start time, when the schedule gave them.
    date: date | None
    start_time: time | None
    room: str
    languages: list[str]
    published_note_count: int
    # In the order the talk gives them.
    speakers: list[Link]


@dataclass(frozen=True, slots=True)
class ProgrammeDay:
    """The talks of one day, or of no day given (`date` None)."""

    date: date | None
    talks: list[ProgrammeTalk]

    @property
    def anchor(self) -> str:
        """The id of the day's heading, the same whatever the other days: `day-2025-10-16`."""
        return f"day-{self.date.isoformat()}" if self.date else "day-not-given"

    @property
    def has_times(self) -> bool:
        return any(talk.start_time for talk in self.talks)

    @property
    def has_rooms(self) -> bool:
        return any(talk.room for talk in self.talks)


def _programme_rows(event_id: int) -> QuerySet:
    return (
        Talk.objects.published()
        .filter(event_id=event_id)
        # PostgreSQL puts the talks without a day, time or room after the others.
        .order_by("date", "start_time", "room", "title", "pk")
        .values_list(
            "title",
            "text_language",
            "slug",
            "date",
            "start_time",
            "room",
            "languages",
            "published_note_count",
            # [slug, name] of each speaker, kept on the talk by the database's triggers.
            "speaker_links",
        )
    )


# Compiled once: building the query cost twice as much as running it at three hundred talks.
_PROGRAMME_ROWS = CompiledQuery(_programme_rows)


def event_programme(event: Event) -> list[ProgrammeDay]:
    """The published talks of `event` by day, the talks without a day last (one query)."""
    rows = _PROGRAMME_ROWS.rows(event.pk)
    talk_url = slug_url("talks:detail", event_slug=event.slug)
    speaker_url = slug_url("people:speaker-detail")
    talks = [
        ProgrammeTalk(
            title=title,
            text_language=text_language,
            url=talk_url(slug),
            date=talk_date,
            start_time=start_time,
            room=room,
            languages=languages,
            published_note_count=published_note_count,
            speakers=[Link(name=name, url=speaker_url(slug)) for slug, name in speaker_links],
        )
        for (
            title, text_language, slug, talk_date, start_time, room, languages,
            published_note_count, speaker_links,
        ) in rows
    ]  # fmt: skip
    return [
        ProgrammeDay(date=day, talks=list(day_talks))
        for day, day_talks in groupby(talks, key=lambda talk: talk.date)
    ]
