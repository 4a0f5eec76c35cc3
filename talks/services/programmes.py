"""Attendees propose what the site is missing: a conference with its whole programme, talks for
an event, or one talk with their notes.

Everything sent in one go is one `Proposal`, pending until an editor approves it, whole or talk
by talk. Speakers are matched to known ones by name, ignoring accents and case; unknown names
become new speakers. Topics the site does not have are suggested, for editors to decide on.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from common.names import first_spellings, free_slug
from events.models import Event
from events.services import ProposedEvent, event_propose
from people.models import Speaker, SpeakerAlias, User
from talks.languages import likely_text_language
from talks.models import (
    Proposal,
    Talk,
    TalkFormat,
    TalkSpeaker,
    TalkStatus,
    Topic,
    TopicSuggestion,
)
from talks.services.notes import note_create


@dataclass(frozen=True)
class ProposedTalk:
    """One row of a programme: a talk as the proposer describes it."""

    title: str
    speaker_names: Sequence[str]
    languages: Sequence[str]
    talk_format: str = TalkFormat.TALK
    topics: Sequence[Topic] = ()
    # Topics the site does not have yet, as typed: editors accept, map or drop each one.
    suggested_topics: Sequence[str] = ()
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    duration: int | None = None
    room: str = ""
    abstract: str = ""
    # The language of the title and abstract; left blank, the talk's if it has only one.
    text_language: str = ""
    source_url: str = ""


def speaker_for_name(name: str) -> Speaker:
    """The known speaker with this name or former name (accents and case aside), or a new one."""
    known = (
        Speaker.objects.filter(name__unaccent__iexact=name).order_by("pk").first()
        or Speaker.objects.filter(aliases__name__unaccent__iexact=name).order_by("pk").first()
    )
    if known is not None:
        return known
    speaker = Speaker(name=name, slug=free_slug(name, Speaker, SpeakerAlias, fallback="speaker"))
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def programme_propose(
    *,
    proposer: User,
    event: Event | ProposedEvent,
    talks: Sequence[ProposedTalk],
    comment: str = "",
) -> Proposal:
    """One pending proposal: the event (a new pending one if described) and all its talks."""
    event_is_new = isinstance(event, ProposedEvent)
    if event_is_new:
        event = event_propose(proposer=proposer, proposal=event)
    proposal = Proposal.objects.create(
        proposer=proposer, event=event, event_is_new=event_is_new, comment=comment
    )
    for proposed in talks:
        _talk_create(proposal, proposed)
    return proposal


def _talk_create(proposal: Proposal, proposed: ProposedTalk) -> Talk:
    talk = Talk(
        event=proposal.event,
        proposal=proposal,
        title=proposed.title,
        slug=free_slug(proposed.title, Talk, fallback="talk", event=proposal.event),
        format=proposed.talk_format,
        languages=list(proposed.languages),
        date=proposed.date,
        start_time=proposed.start_time,
        duration=proposed.duration,
        room=proposed.room,
        abstract=proposed.abstract,
        text_language=proposed.text_language or likely_text_language(proposed.languages),
        source_url=proposed.source_url,
        status=TalkStatus.PENDING,
        proposed_by=proposal.proposer,
    )
    talk.full_clean(exclude=["proposal"])
    talk.save()
    # Two spellings of one known speaker name them once.
    speakers = {speaker.pk: speaker for speaker in map(speaker_for_name, proposed.speaker_names)}
    TalkSpeaker.objects.bulk_create(
        TalkSpeaker(talk=talk, speaker=speaker, order=order)
        for order, speaker in enumerate(speakers.values())
    )
    talk.topics.add(*proposed.topics)
    TopicSuggestion.objects.bulk_create(
        TopicSuggestion(talk=talk, name=name) for name in first_spellings(proposed.suggested_topics)
    )
    return talk


@transaction.atomic
def talk_propose(
    *,
    proposer: User,
    event: Event | ProposedEvent,
    talk: ProposedTalk,
    note_body: str = "",
    note_language: str = "",
) -> Talk:
    """Propose one talk (and its event if new) with the proposer's notes on it."""
    proposal = programme_propose(proposer=proposer, event=event, talks=[talk])
    created = proposal.talks.get()
    if note_body:
        note_create(
            talk=created, author=proposer, body=note_body, language=note_language, submit=True
        )
    return created
