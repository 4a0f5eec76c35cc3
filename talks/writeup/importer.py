"""Saving a parsed write-up: find what exists, create what is missing, update what changed.

Matching follows docs/writeup-format.md ("How things are matched"). A key left out of the file
leaves the stored value alone; nothing is ever deleted.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from common.names import NameIndex, name_slug, normalize_name, unique_slug
from events.models import Event, EventStatus, Series
from people.models import Speaker, SpeakerAlias, User
from talks.languages import likely_text_language
from talks.models import (
    Note,
    NoteRevision,
    NoteStatus,
    Review,
    TaggedTalk,
    Talk,
    TalkSpeaker,
    TalkStatus,
    Topic,
    TopicAlias,
)
from talks.services.reviews import review_save
from talks.services.slides import talk_slides_resolve_on_commit
from talks.services.versions import talk_versions_link
from talks.writeup.parser import (
    EventSpec,
    NoteSpec,
    ReviewSpec,
    TalkReference,
    TalkSpec,
    Writeup,
    WriteupError,
)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


KINDS = ("events", "series", "talks", "speakers", "topics", "notes", "reviews", "users")


@dataclass
class ImportReport:
    """How many things of each kind an import created, updated or found unchanged.

    The schedule importer's report (talks/schedule/importer.py) counts other kinds and adds
    lines of its own: `kinds` and `details()`.
    """

    kinds: ClassVar[tuple[str, ...]] = KINDS

    path: str
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    # What became of each `also given at`: linked, already linked, or not found.
    versions: list[str] = field(default_factory=list)

    def record(self, kind: str, outcome: Outcome) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def count(self, kind: str, outcome: Outcome) -> int:
        return self.counts.get(kind, Counter())[outcome]

    def summary(self) -> str:
        title = "dry run, nothing written" if self.dry_run else "imported"
        lines = [f"{self.path}: {title}"]
        for kind in self.kinds:
            tally = ", ".join(f"{self.count(kind, outcome)} {outcome}" for outcome in Outcome)
            lines.append(f"  {kind + ':':<10}{tally}")
        return "\n".join([*lines, *self.details()])

    def details(self) -> list[str]:
        """Lines after the counts."""
        return ["  versions:", *(f"    {line}" for line in self.versions)] if self.versions else []


def writeup_import(
    *, writeup: Writeup, author: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Save a write-up in one transaction; also creates its missing users, speakers and topics.

    `author` overrides the front matter's; users created for authors get no usable password.
    With `dry_run`, everything is done and counted, then rolled back.
    """
    report = ImportReport(writeup.path, dry_run=dry_run)
    with transaction.atomic():
        _WriteupImport(writeup, author, report).run()
        if dry_run:
            transaction.set_rollback(True)
    return report


class _WriteupImport:
    def __init__(self, writeup: Writeup, author: str | None, report: ImportReport):
        self.writeup = writeup
        self.author_override = author
        self.report = report
        self.users: dict[str, User] = {}
        self.seen: dict[str, set[int]] = {"speakers": set(), "topics": set()}
        self.speakers = NameIndex(
            Speaker.objects.order_by("pk").values_list("pk", "name", "slug"),
            SpeakerAlias.objects.order_by("pk").values_list("speaker_id", "name", "slug"),
        )
        self.topics = NameIndex(
            Topic.objects.order_by("pk").values_list("pk", "name", "slug"),
            TopicAlias.objects.order_by("pk").values_list("topic_id", "name", "slug"),
        )

    def run(self) -> None:
        event = self._event(self.writeup.event)
        talks = NameIndex(event.talks.order_by("pk").values_list("pk", "title", "slug"))
        saved: dict[int, int] = {}
        linked: list[tuple[Talk, TalkSpec]] = []
        for spec in self.writeup.talks:
            talk = self._talk(event, spec, talks)
            if talk.pk in saved:
                raise self._error(
                    spec.line, f"this is the same talk as the one on line {saved[talk.pk]}"
                )
            saved[talk.pk] = spec.line
            self._notes(talk, spec.notes)
            self._reviews(talk, spec.reviews)
            if spec.also_given_at:
                linked.append((talk, spec))
        # Once every talk of the file is saved: one may be given as a version of another.
        for talk, spec in linked:
            for reference in spec.also_given_at:
                self._link_version(talk, reference)

    # Saving, with errors that point at the file

    def _error(self, line: int, message: str) -> WriteupError:
        return WriteupError(self.writeup.path, line, message)

    def _save(self, obj: models.Model, line: int, kind: str, exclude=()) -> None:
        outcome = Outcome.UPDATED if obj.pk else Outcome.CREATED
        try:
            # The parser already checked what the database constraints check; one query per
            # constraint per object would make importing several times slower.
            # Related objects are in hand, so their existence needs no query either.
            relations = [field.name for field in obj._meta.concrete_fields if field.is_relation]
            obj.full_clean(exclude=[*exclude, *relations], validate_constraints=False)
            obj.save()
        except ValidationError as error:
            raise self._error(line, describe_validation_error(error)) from None
        except IntegrityError as error:
            raise self._error(line, f"the database refused this: {error}") from None
        self.report.record(kind, outcome)

    def _save_changes(self, obj: models.Model, values: dict, line: int, kind: str, exclude=()):
        """Set `values` on an existing object; save and count it as updated if any differ."""
        changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not changed:
            self.report.record(kind, Outcome.UNCHANGED)
            return False
        for name, value in changed.items():
            setattr(obj, name, value)
        self._save(obj, line, kind, exclude)
        return True

    # Event

    def _event(self, spec: EventSpec) -> Event:
        event = self._find_event(spec)
        values = {
            "start_date": spec.start,
            **_given(city=spec.city, country=spec.country, venue=spec.venue, website=spec.website),
        }
        if spec.series:
            values["series"] = self._series(spec.series, spec.line)
        if event is None:
            slug = spec.slug or unique_slug(
                name_slug(spec.name, max_length=200, fallback="event"),
                taken=_event_slug_taken,
                max_length=200,
            )
            event = Event(
                name=spec.name,
                slug=slug,
                end_date=spec.end or spec.start,
                status=EventStatus.PUBLISHED,
                **values,
            )
            self._save(event, spec.line, "events")
            return event
        # A write-up without `end` leaves the stored one, unless the new start passes it.
        stored_end = event.end_date if event.end_date >= spec.start else spec.start
        values["end_date"] = spec.end or stored_end
        self._save_changes(event, values, spec.line, "events")
        return event

    def _find_event(self, spec: EventSpec) -> Event | None:
        if spec.slug and (event := Event.objects.filter(slug=spec.slug).first()):
            return event
        wanted = normalize_name(spec.name)
        for pk, name in Event.objects.order_by("pk").values_list("pk", "name"):
            if normalize_name(name) == wanted:
                return Event.objects.get(pk=pk)
        return None

    def _series(self, name: str, line: int) -> Series:
        index = NameIndex(Series.objects.order_by("pk").values_list("pk", "name", "slug"))
        base = name_slug(name, max_length=200, fallback="series")
        pk = index.find(name, base)
        if pk is not None:
            self.report.record("series", Outcome.UNCHANGED)
            return Series.objects.get(pk=pk)
        series = Series(name=name, slug=unique_slug(base, taken=index.slug_taken, max_length=200))
        self._save(series, line, "series")
        return series

    # Talks, their speakers and topics

    def _talk(self, event: Event, spec: TalkSpec, index: NameIndex) -> Talk:
        values = {
            "languages": spec.languages,
            **_given(
                format=spec.format,
                date=spec.date,
                start_time=spec.start_time,
                duration=spec.duration,
                room=spec.room,
                slides_url=spec.slides_url,
                video_url=spec.video_url,
                abstract=spec.abstract,
                text_language=spec.text_language,
                abstract_language=spec.abstract_language,
            ),
        }
        pk = index.by_slug.get(spec.slug) if spec.slug else None
        pk = pk or index.by_name.get(normalize_name(spec.title))
        if pk is None:
            slug = spec.slug or unique_slug(
                name_slug(spec.title, max_length=200, fallback="talk"),
                taken=index.slug_taken,
                max_length=200,
            )
            values.setdefault("text_language", likely_text_language(spec.languages))
            talk = Talk(
                event=event, title=spec.title, slug=slug, status=TalkStatus.PUBLISHED, **values
            )
            self._save(talk, spec.line, "talks")
            talk_slides_resolve_on_commit(talk=talk)
            index.add(talk.pk, talk.title, talk.slug)
            self._set_speakers(talk, spec, created=True)
            self._set_topics(talk, spec, created=True)
            return talk
        talk = Talk.objects.get(pk=pk)
        fields_changed = any(getattr(talk, name) != value for name, value in values.items())
        relations_changed = self._set_speakers(talk, spec) | self._set_topics(talk, spec)
        if fields_changed or not relations_changed:
            self._save_changes(talk, values, spec.line, "talks")
            talk_slides_resolve_on_commit(talk=talk)
        else:
            talk.save(update_fields=["updated_at"])
            self.report.record("talks", Outcome.UPDATED)
        return talk

    def _set_speakers(self, talk: Talk, spec: TalkSpec, created: bool = False) -> bool:
        if spec.speakers is None:
            return False
        wanted = list(dict.fromkeys(self._speaker(name, spec.line) for name in spec.speakers))
        current = (
            []
            if created
            else list(
                TalkSpeaker.objects.filter(talk=talk)
                .order_by("order")
                .values_list("speaker_id", flat=True)
            )
        )
        if wanted == current:
            return False
        if current:
            TalkSpeaker.objects.filter(talk=talk).delete()
        TalkSpeaker.objects.bulk_create(
            TalkSpeaker(talk=talk, speaker_id=speaker_id, order=order)
            for order, speaker_id in enumerate(wanted)
        )
        return True

    def _set_topics(self, talk: Talk, spec: TalkSpec, created: bool = False) -> bool:
        if spec.topics is None:
            return False
        wanted = list(dict.fromkeys(self._topic(name, spec.line) for name in spec.topics))
        current = (
            set()
            if created
            else set(
                TaggedTalk.objects.filter(content_object=talk).values_list("tag_id", flat=True)
            )
        )
        if set(wanted) == current:
            return False
        if current - set(wanted):
            TaggedTalk.objects.filter(content_object=talk).exclude(tag_id__in=wanted).delete()
        TaggedTalk.objects.bulk_create(
            TaggedTalk(content_object=talk, tag_id=topic_id)
            for topic_id in wanted
            if topic_id not in current
        )
        return True

    def _speaker(self, name: str, line: int) -> int:
        return self._named(Speaker, self.speakers, "speakers", name, line, max_length=200)

    def _topic(self, name: str, line: int) -> int:
        return self._named(Topic, self.topics, "topics", name, line, max_length=100)

    def _named(self, model, index: NameIndex, kind: str, name: str, line: int, max_length: int):
        """The id of the speaker or topic called `name`, created if there is none."""
        base = name_slug(name, max_length=max_length, fallback=model._meta.model_name)
        pk = index.find(name, base)
        if pk is None:
            obj = model(
                name=name, slug=unique_slug(base, taken=index.slug_taken, max_length=max_length)
            )
            self._save(obj, line, kind)
            index.add(obj.pk, obj.name, obj.slug)
            pk = obj.pk
        elif pk not in self.seen[kind]:
            self.report.record(kind, Outcome.UNCHANGED)
        self.seen[kind].add(pk)
        return pk

    # Versions

    def _link_version(self, talk: Talk, reference: TalkReference) -> None:
        """Link `talk` and the talk `reference` names, if it exists; say so if it does not,
        as it may be imported later (by its own write-up, which names this talk in turn)."""
        here = f"{talk.event.slug}/{talk.slug}"
        other = (
            Talk.objects.filter(event__slug=reference.event_slug, slug=reference.slug)
            .only("pk", "work_id")
            .first()
        )
        if other is None:
            self.report.versions.append(
                f"line {reference.line}: {here} not linked to {reference}: no such talk here "
                "(yet: importing its write-up links them)"
            )
            return
        # Another link of the file may have moved it into another talk's versions.
        talk.refresh_from_db(fields=["work"])
        if talk.work_id is not None and talk.work_id == other.work_id:
            self.report.versions.append(f"{here} already linked to {reference}")
            return
        try:
            talk_versions_link(talk=talk, other=other, editor=None)
        except ValidationError as error:
            raise self._error(reference.line, " ".join(error.messages)) from None
        self.report.versions.append(f"{here} linked to {reference}")

    # Notes and reviews

    def _author(self, spec: NoteSpec | ReviewSpec) -> User:
        username = spec.author or self.author_override or self.writeup.author
        if username is None:
            raise self._error(
                spec.line,
                "nobody to attribute this to: give 'author' in the front matter, "
                "'(by USERNAME)' in this heading, or --author",
            )
        key = username.lower()
        if key not in self.users:
            user = User.objects.filter(username__iexact=username).first()
            if user is None:
                user = User(username=username)
                user.set_unusable_password()
                self._save(user, spec.line, "users")
            else:
                self.report.record("users", Outcome.UNCHANGED)
            self.users[key] = user
        return self.users[key]

    def _notes(self, talk: Talk, specs: list[NoteSpec]) -> None:
        """Match the k-th notes of an author in a language with their k-th published ones."""
        existing: dict[tuple, list[Note]] = {}
        for note in talk.notes.published().order_by("pk"):
            existing.setdefault((note.author_id, note.language), []).append(note)
        for spec in specs:
            author = self._author(spec)
            matches = existing.get((author.pk, spec.language), [])
            if matches:
                self._update_note(matches.pop(0), spec, author)
                continue
            note = Note(
                talk=talk,
                author=author,
                language=spec.language,
                body=spec.body,
                status=NoteStatus.PUBLISHED,
                published_at=_note_time(talk, spec.date or talk.date or talk.event.start_date),
            )
            self._save(note, spec.line, "notes", exclude=["body_html"])

    def _update_note(self, note: Note, spec: NoteSpec, author: User) -> None:
        """A new body, and the heading's date if it gives one; a note without one keeps its
        date."""
        previous_body = note.body
        values = {"body": spec.body}
        if spec.date is not None and timezone.localdate(note.published_at) != spec.date:
            values["published_at"] = _note_time(note.talk, spec.date)
        changed = self._save_changes(note, values, spec.line, "notes", exclude=["body_html"])
        if changed and note.body != previous_body:
            NoteRevision.objects.create(
                note=note, language=note.language, body=previous_body, edited_by=author
            )

    def _reviews(self, talk: Talk, specs: list[ReviewSpec]) -> None:
        lines_by_author: dict[int, int] = {}
        for spec in specs:
            author = self._author(spec)
            if author.pk in lines_by_author:
                raise self._error(
                    spec.line,
                    f"a second review by {author.username} of this talk "
                    f"(the first is on line {lines_by_author[author.pk]})",
                )
            lines_by_author[author.pk] = spec.line
            review = Review.objects.filter(talk=talk, author=author).first()
            wanted = (spec.rating, spec.body, spec.language)
            if review is not None and (review.rating, review.body, review.language) == wanted:
                self.report.record("reviews", Outcome.UNCHANGED)
                continue
            try:
                review_save(
                    talk=talk,
                    author=author,
                    rating=spec.rating,
                    body=spec.body,
                    language=spec.language,
                )
            except ValidationError as error:
                raise self._error(spec.line, describe_validation_error(error)) from None
            self.report.record("reviews", Outcome.CREATED if review is None else Outcome.UPDATED)


def _note_time(talk: Talk, day: datetime.date) -> datetime.datetime:
    """When a note of a write-up was published: on its day, at its talk's start time if known
    (so that the notes of one day follow the programme), or else at midnight."""
    return timezone.make_aware(datetime.datetime.combine(day, talk.start_time or datetime.time()))


def _event_slug_taken(slug: str) -> bool:
    return Event.objects.filter(slug=slug).exists()


def _given(**values) -> dict:
    """The values that the write-up gives, without those it leaves out."""
    return {name: value for name, value in values.items() if value is not None}


def describe_validation_error(error: ValidationError) -> str:
    messages = []
    for name, errors in error.message_dict.items():
        text = " ".join(errors)
        messages.append(text if name == "__all__" else f"{name}: {text}")
    return "; ".join(messages)
