"""Saving a read schedule: the event, then each session as a talk, matched by its source guid.

See docs/importing.md. Importing the same file again changes nothing; a talk no longer in the
schedule is reported, never deleted. Everything is written in one transaction.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Prefetch

from common.names import NameIndex, name_slug, normalize_name, unique_slug
from events.models import Event, EventStatus
from people.models import Speaker, SpeakerAlias
from talks.languages import language_code, likely_text_language
from talks.models import TaggedTalk, Talk, TalkFormat, TalkSpeaker, TalkStatus, Topic, TopicAlias
from talks.schedule.readers.base import Schedule, ScheduleError, Session
from talks.services.slides import talk_slides_resolve_on_commit
from talks.writeup.importer import ImportReport, Outcome, describe_validation_error

# frab's and pretalx's session types, and schedule JSON v2's fixed ones, lowercased, by our
# format; anything else is a talk.
FORMATS = {
    "lecture": TalkFormat.TALK,
    "talk": TalkFormat.TALK,
    "keynote": TalkFormat.KEYNOTE,
    "workshop": TalkFormat.WORKSHOP,
    "lightning": TalkFormat.LIGHTNING,
    "lightning talk": TalkFormat.LIGHTNING,
    "lightningtalk": TalkFormat.LIGHTNING,
    "lightning_talk": TalkFormat.LIGHTNING,
    "panel": TalkFormat.PANEL,
    "podium": TalkFormat.PANEL,
    "discussion": TalkFormat.PANEL,
    "round table": TalkFormat.ROUND_TABLE,
    "roundtable": TalkFormat.ROUND_TABLE,
    "hands-on lab": TalkFormat.HANDS_ON_LAB,
    "hands-on": TalkFormat.HANDS_ON_LAB,
}
# A talk whose schedule gives no language we know is in this one (and reported).
FALLBACK_LANGUAGE = "en"
VIDEO_HOSTS = {"media.ccc.de", "www.youtube.com", "youtube.com", "youtu.be", "vimeo.com"}


class EventRequired(ScheduleError):
    """The schedule names no conference, and no event was given to import it into."""


def talk_format(session_type: str) -> str:
    """The format of a session of this type."""
    return FORMATS.get(session_type.casefold(), TalkFormat.TALK)


def talk_languages(language: str) -> tuple[list[str], list[str]]:
    """The codes of the languages a session gives, FALLBACK_LANGUAGE if none is known, and the
    texts naming no language the site knows.

    A schedule gives one code, or several joined ("de/en" at some camps); Sessionize gives
    names ("English/French").
    """
    given = [text.strip() for text in language.replace(",", "/").split("/")]
    codes = {text: language_code(text) for text in given if text}
    unknown = [text for text, code in codes.items() if code is None]
    known = list(dict.fromkeys(code for code in codes.values() if code))
    return known or [FALLBACK_LANGUAGE], unknown


@dataclass
class ScheduleReport(ImportReport):
    """The write-up importer's counts, of a schedule's kinds, and what it could not place."""

    kinds: ClassVar[tuple[str, ...]] = ("events", "talks", "speakers", "topics")

    unmapped_tracks: Counter = field(default_factory=Counter)
    unknown_languages: Counter = field(default_factory=Counter)
    removed_talks: list[str] = field(default_factory=list)
    # What the admin's preview asks the editor about: the people the import creates as new
    # speakers, by their names in the schedule; each track, with its talks and the topic its
    # name matches (or None).
    new_speakers: list[str] = field(default_factory=list)
    track_talks: Counter = field(default_factory=Counter)
    track_topics: dict[str, int | None] = field(default_factory=dict)
    # The event the talks went into (rolled back by a dry run).
    event_id: int | None = None

    def details(self) -> list[str]:
        lines = []
        if self.unmapped_tracks:
            lines.append("  tracks matching no topic (talks left without it):")
            lines.extend(f"    {name} ({n})" for name, n in sorted(self.unmapped_tracks.items()))
        if self.unknown_languages:
            lines.append(f"  unknown languages (talks in '{FALLBACK_LANGUAGE}' instead):")
            lines.extend(f"    {code} ({n})" for code, n in sorted(self.unknown_languages.items()))
        if self.removed_talks:
            lines.append("  talks no longer in the schedule (kept):")
            lines.extend(f"    {title}" for title in self.removed_talks)
        return lines


@dataclass(frozen=True)
class ImportChoices:
    """An editor's answers to the admin's preview. Without any, a schedule imports as
    import_schedule imports it: people matched by name, tracks by a topic's name."""

    # A person's name in the schedule, as normalize_name gives it → the existing speaker they
    # are. Their name becomes an alias of the speaker, so that importing again finds them.
    speakers: Mapping[str, int] = field(default_factory=dict)
    # A track → the existing topic it maps to. Without a topic of its name, the track becomes
    # an alias of the topic, so that importing again maps it the same way.
    topics: Mapping[str, int] = field(default_factory=dict)
    # Tracks that become topics of their name, if none has it yet.
    new_topics: frozenset[str] = frozenset()
    # Tracks whose talks get no topic, even one of its name.
    left_out: frozenset[str] = frozenset()


def schedule_import(
    *,
    schedule: Schedule,
    event_slug: str | None = None,
    dry_run: bool = False,
    choices: ImportChoices | None = None,
) -> ScheduleReport:
    """Save `schedule` into the event named by `event_slug`, or the event it describes, as
    `choices` say; also creates its missing speakers (and topics, if chosen).

    With `dry_run`, everything is done and counted, then rolled back.
    """
    report = ScheduleReport(schedule.path, dry_run=dry_run)
    with transaction.atomic():
        _ScheduleImport(schedule, report, choices or ImportChoices()).run(event_slug)
        if dry_run:
            transaction.set_rollback(True)
    return report


class _ScheduleImport:
    def __init__(self, schedule: Schedule, report: ScheduleReport, choices: ImportChoices):
        self.schedule = schedule
        self.report = report
        self.choices = choices
        self.seen: dict[str, set[int]] = {"speakers": set(), "topics": set()}
        self.speakers = NameIndex(
            Speaker.objects.order_by("pk").values_list("pk", "name", "slug"),
            SpeakerAlias.objects.order_by("pk").values_list("speaker_id", "name", "slug"),
        )
        self.topics = NameIndex(
            Topic.objects.order_by("pk").values_list("pk", "name", "slug"),
            TopicAlias.objects.order_by("pk").values_list("topic_id", "name", "slug"),
        )
        # The topic of each track's talks, once decided.
        self.track_topic: dict[str, int | None] = {}

    def run(self, event_slug: str | None) -> None:
        self._check_choices()
        event = self._event(event_slug)
        self.report.event_id = event.pk
        talks = list(
            event.talks.order_by("pk").prefetch_related(
                Prefetch("talk_speakers", TalkSpeaker.objects.order_by("order")),
                Prefetch("taggedtalk_set", TaggedTalk.objects.all(), to_attr="tagged"),
            )
        )
        by_guid = {talk.source_guid: talk for talk in talks if talk.source_guid}
        # Talks entered by hand before the first import are adopted by their title.
        by_title = {normalize_name(talk.title): talk for talk in talks if not talk.source_guid}
        slugs = NameIndex((talk.pk, talk.title, talk.slug) for talk in talks)
        places: dict[str, str] = {}
        for session in self.schedule.sessions:
            if session.guid in places:
                raise self._error(
                    session, f"guid {session.guid} is already the one of {places[session.guid]}"
                )
            places[session.guid] = session.place
            talk = by_guid.get(session.guid) or by_title.pop(normalize_name(session.title), None)
            self._talk(event, session, talk, slugs)
        self.report.removed_talks = [
            talk.title for guid, talk in by_guid.items() if guid not in places
        ]

    def _check_choices(self) -> None:
        """The speakers and topics chosen still exist (slugs are unique: every one has one)."""
        for chosen, index, kind in [
            (self.choices.speakers, self.speakers, "speaker"),
            (self.choices.topics, self.topics, "topic"),
        ]:
            existing = set(index.by_slug.values())
            for name, pk in chosen.items():
                if pk not in existing:
                    raise ScheduleError(
                        self.schedule.path, "", f"the {kind} chosen for {name} no longer exists"
                    )

    def _error(self, session: Session, message: str) -> ScheduleError:
        return ScheduleError(self.schedule.path, session.place, message)

    def _save(
        self, obj: models.Model, session: Session | None, kind: str, outcome: Outcome | None = None
    ) -> None:
        """Save `obj` and count it, as created or updated unless `outcome` says otherwise."""
        outcome = outcome or (Outcome.UPDATED if obj.pk else Outcome.CREATED)
        try:
            relations = [field.name for field in obj._meta.concrete_fields if field.is_relation]
            # Slugs are chosen free from the indexes loaded at the start, and the database
            # checks its constraints anyway: a query per object to check them again would
            # double the queries of a first import.
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            obj.save()
        except ValidationError as error:
            raise self._save_error(session, describe_validation_error(error)) from None
        except (IntegrityError, DataError) as error:
            raise self._save_error(session, f"the database refused this: {error}") from None
        self.report.record(kind, outcome)

    def _save_error(self, session: Session | None, message: str) -> ScheduleError:
        place = session.place if session else "schedule.conference"
        return ScheduleError(self.schedule.path, place, message)

    # The event

    def _event(self, event_slug: str | None) -> Event:
        schedule = self.schedule
        dates = {"start_date": schedule.start, "end_date": max(schedule.end, schedule.start)}
        if event_slug is None and not schedule.title:
            raise EventRequired(
                schedule.path,
                "--event",
                "this file names no conference (Sessionize's export does not): "
                "give the event to import it into with --event SLUG",
            )
        if event_slug is not None:
            event = Event.objects.filter(slug=event_slug).first()
            if event is None:
                raise ScheduleError(schedule.path, "--event", f"no event has the slug {event_slug}")
        else:
            slug = name_slug(schedule.acronym, max_length=200, fallback="event")
            event = Event.objects.filter(slug=slug).first() or self._event_named(schedule.title)
        if event is None:
            event = Event(
                name=schedule.title[:200],
                slug=unique_slug(slug, taken=_event_slug_taken, max_length=200),
                status=EventStatus.PUBLISHED,
                **dates,
            )
            self._save(event, None, "events")
            return event
        if all(getattr(event, name) == value for name, value in dates.items()):
            self.report.record("events", Outcome.UNCHANGED)
        else:
            for name, value in dates.items():
                setattr(event, name, value)
            self._save(event, None, "events")
        return event

    def _event_named(self, title: str) -> Event | None:
        wanted = normalize_name(title)
        for pk, name in Event.objects.order_by("pk").values_list("pk", "name"):
            if normalize_name(name) == wanted:
                return Event.objects.get(pk=pk)
        return None

    # Talks

    def _values(self, session: Session) -> dict:
        return {
            "title": session.title[:300],
            "source_guid": session.guid,
            "source_url": session.url,
            "date": session.start.date() if session.start else None,
            "start_time": session.start.time().replace(tzinfo=None) if session.start else None,
            "duration": session.duration,
            "room": session.room[:100],
            "format": talk_format(session.type),
            "languages": self._languages(session),
            "abstract": session.abstract,
            **self._links(session),
        }

    def _languages(self, session: Session) -> list[str]:
        codes, unknown = talk_languages(session.language)
        for text in unknown:
            self.report.unknown_languages[text.lower()] += 1
        return codes

    def _links(self, session: Session) -> dict:
        """The first link that is the recording or goes to a video host as the video, the
        first one titled or named as slides (or a PDF) as the slides; relative addresses are
        the schedule's base URL's."""
        links = {}
        for link in session.links:
            url = urljoin(self.schedule.base_url, link.url)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or len(url) > 500:
                continue
            if link.video or parts.hostname in VIDEO_HOSTS:
                links.setdefault("video_url", url)
            elif "slides" in link.title.lower() or parts.path.lower().endswith(".pdf"):
                links.setdefault("slides_url", url)
        return {"video_url": links.get("video_url", ""), "slides_url": links.get("slides_url", "")}

    def _talk(self, event: Event, session: Session, talk: Talk | None, slugs: NameIndex) -> None:
        values = self._values(session)
        speakers = list(
            dict.fromkeys(self._speaker(person.name, session) for person in session.persons)
        )
        topics = self._topics(session)
        if talk is None:
            slug = unique_slug(
                name_slug(session.title, max_length=200, fallback="talk"),
                taken=slugs.slug_taken,
                max_length=200,
            )
            # Schedules name the languages a talk is given in, not the one its title is
            # written in: a new talk gets the likely one, which editors may correct and
            # importing again leaves alone.
            text_language = likely_text_language(values["languages"])
            talk = Talk(
                event=event,
                slug=slug,
                status=TalkStatus.PUBLISHED,
                text_language=text_language,
                **values,
            )
            self._save(talk, session, "talks")
            talk_slides_resolve_on_commit(talk=talk)
            slugs.add(talk.pk, talk.title, talk.slug)
            self._set_speakers(talk, speakers, current=[])
            self._set_topics(talk, topics, current=set())
            return
        changed = {name: value for name, value in values.items() if getattr(talk, name) != value}
        current_speakers = [link.speaker_id for link in talk.talk_speakers.all()]
        current_topics = {tagged.tag_id for tagged in talk.tagged}
        relations_changed = self._set_speakers(talk, speakers, current_speakers)
        relations_changed |= self._set_topics(talk, topics, current_topics)
        if changed:
            for name, value in changed.items():
                setattr(talk, name, value)
            self._save(talk, session, "talks")
            talk_slides_resolve_on_commit(talk=talk)
        elif relations_changed:
            talk.save(update_fields=["updated_at"])
            self.report.record("talks", Outcome.UPDATED)
        else:
            self.report.record("talks", Outcome.UNCHANGED)

    def _set_speakers(self, talk: Talk, wanted: list[int], current: list[int]) -> bool:
        if wanted == current:
            return False
        if current:
            TalkSpeaker.objects.filter(talk=talk).delete()
        TalkSpeaker.objects.bulk_create(
            TalkSpeaker(talk=talk, speaker_id=speaker_id, order=order)
            for order, speaker_id in enumerate(wanted)
        )
        return True

    def _set_topics(self, talk: Talk, wanted: set[int], current: set[int]) -> bool:
        """Adds the topic its track names; topics editors gave the talk are left alone."""
        missing = wanted - current
        TaggedTalk.objects.bulk_create(
            TaggedTalk(content_object=talk, tag_id=topic_id) for topic_id in missing
        )
        return bool(missing)

    def _topics(self, session: Session) -> set[int]:
        track = session.track
        if not track:
            return set()
        self.report.track_talks[track] += 1
        if track not in self.report.track_topics:
            slug = name_slug(track, max_length=100, fallback="")
            self.report.track_topics[track] = self.topics.find(track, slug)
            self.track_topic[track] = self._chosen_topic(track, session)
        pk = self.track_topic[track]
        if pk is None:
            if track not in self.choices.left_out:
                self.report.unmapped_tracks[track] += 1
            return set()
        if pk not in self.seen["topics"]:
            self.report.record("topics", Outcome.UNCHANGED)
            self.seen["topics"].add(pk)
        return {pk}

    def _chosen_topic(self, track: str, session: Session) -> int | None:
        """The topic of a track's talks, as chosen; its name's topic if nothing was chosen."""
        found = self.report.track_topics[track]
        slug = name_slug(track, max_length=100, fallback="topic")
        if track in self.choices.left_out:
            return None
        if (pk := self.choices.topics.get(track)) is not None:
            if found is None:
                self._add_alias("topics", pk, track, slug, session)
            return pk
        if track in self.choices.new_topics and found is None:
            topic = Topic(
                name=track[:100],
                slug=unique_slug(slug, taken=self.topics.slug_taken, max_length=100),
            )
            self._save(topic, session, "topics")
            self.topics.add(topic.pk, topic.name, topic.slug)
            self.seen["topics"].add(topic.pk)
            return topic.pk
        return found

    def _speaker(self, name: str, session: Session) -> int:
        base = name_slug(name, max_length=200, fallback="speaker")
        pk = self.speakers.find(name, base)
        chosen = self.choices.speakers.get(normalize_name(name))
        if pk is None and chosen is not None:
            self._add_alias("speakers", chosen, name, base, session)
            pk = chosen
        elif pk is None:
            speaker = Speaker(
                name=name[:200],
                slug=unique_slug(base, taken=self.speakers.slug_taken, max_length=200),
            )
            self._save(speaker, session, "speakers")
            self.speakers.add(speaker.pk, speaker.name, speaker.slug)
            self.report.new_speakers.append(name)
            pk = speaker.pk
        elif pk not in self.seen["speakers"]:
            self.report.record("speakers", Outcome.UNCHANGED)
        self.seen["speakers"].add(pk)
        return pk

    def _add_alias(self, kind: str, pk: int, name: str, slug: str, session: Session) -> None:
        """Give an existing speaker or topic the name the schedule knows it by, so that
        importing again finds it; counted as an update of it."""
        model, owner, index, length = {
            "speakers": (SpeakerAlias, "speaker_id", self.speakers, 200),
            "topics": (TopicAlias, "topic_id", self.topics, 100),
        }[kind]
        alias = model(
            **{owner: pk},
            name=name[:length],
            slug=unique_slug(slug, taken=index.slug_taken, max_length=length),
        )
        self._save(alias, session, kind, Outcome.UPDATED)
        index.add(pk, alias.name, alias.slug)
        self.seen[kind].add(pk)


def _event_slug_taken(slug: str) -> bool:
    return Event.objects.filter(slug=slug).exists()
