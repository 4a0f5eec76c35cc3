"""An event written out as a write-up (docs/writeup-format.md) that import_writeup reads back.

Every note and review heading names its author, and every note its language and the day it
was published, so the text is the same whoever imports it; exporting, importing elsewhere and
exporting again gives the same text.
"""

import yaml
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, OuterRef, Prefetch, Value
from django.db.models.functions import Concat
from django.utils import timezone

from common.names import name_slug
from events.models import Event
from talks.languages import likely_text_language
from talks.models import Note, Review, TaggedTalk, Talk, TalkSpeaker, TalkStatus
from talks.writeup.markdown_lines import demote_headings, strip_blank_lines
from talks.writeup.parser import FORMAT_NAMES

_FORMAT_SPELLING = {value: name for name, value in FORMAT_NAMES.items()}


def export_event(*, event: Event) -> str:
    """An event's write-up: its published talks with everybody's published notes and reviews."""
    talks = (
        # The talk's own status only, not published_talks(): an editor exports an event
        # whatever its status, a proposed one included.
        event.talks.filter(status=TalkStatus.PUBLISHED)
        # Talks without a day or time keep the order in which they were imported.
        .order_by(F("date").asc(nulls_last=True), F("start_time").asc(nulls_last=True), "pk")
        .annotate(other_versions=ArraySubquery(_other_versions()))
        .prefetch_related(
            Prefetch(
                "talk_speakers",
                queryset=TalkSpeaker.objects.select_related("speaker").order_by("order"),
            ),
            Prefetch(
                "taggedtalk_set", queryset=TaggedTalk.objects.select_related("tag").order_by("pk")
            ),
            Prefetch(
                "notes", queryset=Note.objects.published().select_related("author").order_by("pk")
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.published().select_related("author").order_by("pk"),
            ),
        )
    )
    sections = [_front_matter(event), *(_talk_section(talk) for talk in talks)]
    return "\n\n".join(sections) + "\n"


def _other_versions():
    """`event-slug/talk-slug` of the talk's other published versions, oldest event first."""
    return (
        Talk.objects.filter(work_id=OuterRef("work_id"), status=TalkStatus.PUBLISHED)
        .exclude(pk=OuterRef("pk"))
        .order_by("event__start_date", "pk")
        .values(reference=Concat("event__slug", Value("/"), "slug", output_field=CharField()))
    )


def _front_matter(event: Event) -> str:
    details = {
        "name": event.name.strip(),
        "slug": event.slug,
        "series": event.series.name.strip() if event.series else "",
        "start": event.start_date,
        "end": event.end_date,
        "city": event.city.strip(),
        "country": event.country,
        "venue": event.venue.strip(),
        "website": event.website,
    }
    front = yaml.safe_dump(
        {"event": {key: value for key, value in details.items() if value}},
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
    )
    return f"---\n{front}---"


def _talk_section(talk: Talk) -> str:
    title = " ".join(talk.title.split("\n")).strip()
    metadata = {
        "slug": talk.slug if talk.slug != name_slug(title, max_length=200, fallback="talk") else "",
        "speakers": ", ".join(item.speaker.name.strip() for item in talk.talk_speakers.all()),
        "languages": ", ".join(talk.languages),
        # Written, like the slug, only when importing could not tell it.
        "text language": talk.text_language
        if talk.text_language != likely_text_language(talk.languages)
        else "",
        "abstract language": talk.abstract_language
        if talk.abstract and talk.abstract_language != talk.text_language
        else "",
        "topics": ", ".join(item.tag.name.strip() for item in talk.taggedtalk_set.all()),
        "format": _FORMAT_SPELLING[talk.format],
        "date": talk.date.isoformat() if talk.date else "",
        "time": talk.start_time.strftime("%H:%M") if talk.start_time else "",
        "duration": str(talk.duration or ""),
        "room": talk.room.strip(),
        "slides": talk.slides_url,
        "video": talk.video_url,
        "also given at": ", ".join(talk.other_versions),
    }
    parts = [
        f"## {title}",
        "\n".join(f"- {key}: {value}" for key, value in metadata.items() if value),
    ]
    if abstract := _markdown(talk.abstract):
        parts.append(abstract)
    for note in talk.notes.all():
        day = timezone.localdate(note.published_at).isoformat()
        heading = f"### Notes ({note.language}, by {note.author.username}, {day})"
        parts += [heading, _markdown(note.body)]
    for review in talk.reviews.all():
        language = f"{review.language}, " if review.language else ""
        parts.append(f"### My take ({language}by {review.author.username})")
        if review.rating is not None:
            parts.append(f"Rating: {review.rating}/5")
        if body := _markdown(review.body):
            parts.append(body)
    return "\n\n".join(parts)


def _markdown(text: str) -> str:
    """Markdown as a write-up section holds it: headings from level 4, no blank lines around."""
    return "\n".join(strip_blank_lines(demote_headings(text).split("\n")))
