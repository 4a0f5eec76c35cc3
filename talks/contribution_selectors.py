"""Reads for attendees who write: what they may write on, what they wrote, what looks alike."""

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from common.names import normalize_name
from events.models import Event, EventStatus, Series
from people.models import Speaker, User
from talks.models import (
    Note,
    NoteStatus,
    Proposal,
    Review,
    Talk,
    TalkStatus,
    Topic,
    published_talks,
)

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
    # Each with its event and its talks in the order they were typed.
    proposals: QuerySet[Proposal]


def contributions_of(user: User) -> Contributions:
    """Everything a user wrote or proposed, whatever its status, newest first."""
    return Contributions(
        notes=user.notes.select_related("talk__event").order_by("-updated_at"),
        reviews=user.reviews.select_related("talk__event").order_by("-updated_at"),
        proposals=user.proposals.select_related("event").prefetch_related(
            Prefetch("talks", queryset=Talk.objects.select_related("event").order_by("pk"))
        ),
    )


def events_open_to_proposals(user: User) -> QuerySet[Event]:
    """The events a user may add talks to: the published ones and their own awaiting review,
    these first."""
    return Event.objects.visible_to(user).order_by(
        Case(When(status=EventStatus.PENDING, then=Value(0)), default=Value(1)),
        "-start_date",
        "name",
    )


def public_topic_names() -> list[str]:
    """The names of the topics readers see, suggested to whoever types a talk's topics."""
    return list(Topic.objects.public().order_by("name").values_list("name", flat=True))


def public_series_names() -> list[str]:
    """The names of the series readers see, suggested to whoever describes a new event."""
    return list(Series.objects.public().order_by("name").values_list("name", flat=True))


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


def likely_duplicate_talks(
    *, event: Event, titles: list[str], viewer: User
) -> dict[str, list[Talk]]:
    """For each title, the talks at the event with a similar one that the viewer can see (never
    others' pending), most similar first; in one query, however many titles."""
    titles = list(dict.fromkeys(titles))
    if not titles:
        return {}
    similarities = {
        f"similarity_{index}": _similarity_to("title", title) for index, title in enumerate(titles)
    }
    candidates = (
        talks_open_to(viewer)
        .filter(event=event)
        .annotate(**similarities)
        .filter(
            reduce(or_, (Q(**{f"{name}__gte": SIMILAR_TITLE_THRESHOLD}) for name in similarities))
        )
        .order_by("title", "pk")
    )
    found: dict[str, list[tuple[float, Talk]]] = {title: [] for title in titles}
    for talk in candidates:
        for title, name in zip(titles, similarities, strict=True):
            similarity = getattr(talk, name)
            if similarity >= SIMILAR_TITLE_THRESHOLD:
                found[title].append((similarity, talk))
    return {
        title: [talk for _, talk in sorted(matches, key=lambda match: -match[0])][:MAX_SUGGESTIONS]
        for title, matches in found.items()
    }


@dataclass(frozen=True)
class EventLookalikes:
    """Events with a name like a new event's: those the proposer may pick instead (published,
    or their own awaiting review), and whether someone else proposed one that awaits review,
    whose name is not theirs to see."""

    listed: list[Event]
    awaiting_review_elsewhere: bool = False

    def __bool__(self) -> bool:
        return bool(self.listed) or self.awaiting_review_elsewhere


def similar_events(name: str, *, viewer: User) -> EventLookalikes:
    """Events, published or awaiting review, whose name looks like a proposed new event's."""
    candidates = (
        Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.PENDING])
        .annotate(similarity=_similarity_to("name", name))
        .filter(similarity__gte=SIMILAR_TITLE_THRESHOLD)
        .order_by("-similarity", "-start_date")
    )
    listed, elsewhere = [], False
    for event in candidates:
        mine = viewer.is_authenticated and event.proposed_by_id == viewer.pk
        if event.status == EventStatus.PUBLISHED or mine:
            listed.append(event)
        else:
            elsewhere = True
    return EventLookalikes(listed=listed[:MAX_SUGGESTIONS], awaiting_review_elsewhere=elsewhere)


@dataclass(frozen=True)
class TopicChoice:
    """A talk's topics as typed: the existing ones, and the names the site does not have yet,
    which are suggested to the editors rather than refused."""

    topics: list[Topic]
    suggested: list[str]


def topic_choices(names_by_talk: list[list[str]]) -> list[TopicChoice]:
    """The topics typed for each talk, in one query for all of them. Synonyms that editors
    merged away lead to the topic they were merged into."""
    known = topics_named([name for names in names_by_talk for name in names])
    return [
        TopicChoice(
            topics=list(dict.fromkeys(known[name] for name in names if name in known)),
            suggested=[name for name in names if name not in known],
        )
        for names in names_by_talk
    ]


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
