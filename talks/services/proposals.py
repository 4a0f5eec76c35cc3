"""Attendees propose a talk that is not listed yet (and its event, if new), with their notes.

Everything proposed is pending until an editor approves it. Speakers are matched to known
ones by name, ignoring accents and case; unknown names become new speakers.
"""

from django.db import transaction

from common.names import free_slug
from events.models import Event
from events.services import ProposedEvent, event_propose
from people.models import Speaker, SpeakerAlias, User
from talks.models import Talk, TalkSpeaker, TalkStatus, Topic
from talks.services.notes import note_create


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
def talk_propose(
    *,
    proposer: User,
    event: Event | ProposedEvent,
    title: str,
    talk_format: str,
    languages: list[str],
    speaker_names: list[str],
    topics: list[Topic],
    abstract: str,
    note_body: str,
    note_language: str,
) -> Talk:
    """Create a pending talk (and its pending event if new), its speakers, and the notes."""
    if isinstance(event, ProposedEvent):
        event = event_propose(proposer=proposer, proposal=event)
    talk = Talk(
        event=event,
        title=title,
        slug=free_slug(title, Talk, fallback="talk", event=event),
        format=talk_format,
        languages=languages,
        abstract=abstract,
        status=TalkStatus.PENDING,
        proposed_by=proposer,
    )
    talk.full_clean()
    talk.save()
    # Two spellings of one known speaker name them once.
    speakers = {speaker.pk: speaker for speaker in map(speaker_for_name, speaker_names)}
    for order, speaker in enumerate(speakers.values()):
        TalkSpeaker.objects.create(talk=talk, speaker=speaker, order=order)
    talk.topics.add(*topics)
    if note_body:
        note_create(talk=talk, author=proposer, body=note_body, language=note_language, submit=True)
    return talk
