"""Reads for attendees who write: what they may write on, what they wrote, what looks alike."""

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Lower

from common.names import normalize_name
from events.models import Event
from people.models import Speaker, User
from talks.models import Note, NoteStatus, Review, Talk, TalkStatus, Topic, published_talks

# pg_trgm similarity from which two titles (or event names) are worth a second look.
SIMILAR_TITLE_THRESHOLD = 0.45
# How close (difflib ratio) a typed speaker name and a known one must be to be suggested.
SIMILAR_NAME_RATIO = 0.6
MAX_SUGGESTIONS = 8


def talks_open_to(user: User) -> QuerySet[Talk]:
    """Talks a user may write notes and a review on: published ones and their own proposals."""
    visible = published_talks()
    if user.is_authenticated:
        visible |= Q(proposed_by=user, status=TalkStatus.PENDING)
    return Talk.objects.filter(visible).select_related("event")


def own_unpublished_notes(*, talk: Talk, user: User) -> QuerySet[Note]:
    """The user's own drafts and notes awaiting review on a talk, which only they see."""
    if not user.is_authenticated:
        return Note.objects.none()
    return Note.objects.filter(
        talk=talk, author=user, status__in=[NoteStatus.DRAFT, NoteStatus.PENDING]
    ).order_by("created_at")


@dataclass(frozen=True)
class Contributions:
    notes: QuerySet[Note]
    reviews: QuerySet[Review]
    talks: QuerySet[Talk]
    events: QuerySet[Event]


def contributions_of(user: User) -> Contributions:
    """Everything a user wrote or proposed, whatever its status, newest first."""
    return Contributions(
        notes=user.notes.select_related("talk__event").order_by("-updated_at"),
        reviews=user.reviews.select_related("talk__event").order_by("-updated_at"),
        talks=user.proposed_talks.select_related("event").order_by("-created_at"),
        events=user.proposed_events.order_by("-created_at"),
    )


def speakers_like(names: list[str], *, viewer: User) -> dict[str, list[Speaker]]:
    """Speakers the viewer may see (public ones, and those of their own proposals awaiting
    review) whose name or former name looks like each typed name, in one query."""
    names = [name for name in names if len(normalize_name(name)) >= 2]
    if not names:
        return {}
    # The database picks candidates, accents and case aside; normalize_name (in _looks_like)
    # decides, punctuation aside too: "Jean Pierre" is a trigram neighbour of "Jean-Pierre".
    name_or_alias = Unaccent(Lower("name"))
    matches = (
        Q(normalized_name__contains=_unaccented(name))
        | Q(normalized_name__trigram_similar=_unaccented(name))
        | Q(aliases__name__unaccent__icontains=name)
        for name in names
    )
    candidates = list(
        Speaker.objects.visible_to(viewer)
        .annotate(normalized_name=name_or_alias)
        .filter(reduce(or_, matches))
        .prefetch_related("aliases")
        .distinct()
        .order_by("name")[: MAX_SUGGESTIONS * len(names)]
    )
    return {
        name: [speaker for speaker in candidates if _looks_like(name, speaker)][:MAX_SUGGESTIONS]
        for name in names
    }


def _unaccented(text: str) -> Unaccent:
    return Unaccent(Lower(Value(text)))


def _looks_like(typed: str, speaker: Speaker) -> bool:
    typed = normalize_name(typed)
    for known in [speaker.name, *(alias.name for alias in speaker.aliases.all())]:
        known = normalize_name(known)
        if typed in known or SequenceMatcher(None, typed, known).ratio() >= SIMILAR_NAME_RATIO:
            return True
    return False


def _similarity_to(field: str, text: str) -> TrigramSimilarity:
    return TrigramSimilarity(Unaccent(Lower(field)), Unaccent(Lower(Value(text))))


def likely_duplicate_talks(*, event: Event, title: str, viewer: User) -> list[Talk]:
    """Talks at the event with a similar title that the viewer can see (never others' pending)."""
    return list(
        talks_open_to(viewer)
        .filter(event=event)
        .annotate(similarity=_similarity_to("title", title))
        .filter(similarity__gte=SIMILAR_TITLE_THRESHOLD)
        .order_by("-similarity", "title")[:MAX_SUGGESTIONS]
    )


def similar_events(name: str) -> list[Event]:
    """Published events whose name looks like a proposed new event's."""
    return list(
        Event.objects.published()
        .annotate(similarity=_similarity_to("name", name))
        .filter(similarity__gte=SIMILAR_TITLE_THRESHOLD)
        .order_by("-similarity", "-start_date")[:MAX_SUGGESTIONS]
    )


def topics_named(names: list[str]) -> dict[str, Topic]:
    """Existing topics by typed name, matched on name, slug or alias, ignoring accents and case."""
    if not names:
        return {}
    matches = (
        Q(name__unaccent__iexact=name) | Q(aliases__name__unaccent__iexact=name) for name in names
    )
    topics = Topic.objects.filter(reduce(or_, matches)).prefetch_related("aliases").distinct()
    found = {}
    for topic in topics:
        for known in [topic.name, *(alias.name for alias in topic.aliases.all())]:
            found.setdefault(normalize_name(known), topic)
    return {name: found[normalize_name(name)] for name in names if normalize_name(name) in found}
