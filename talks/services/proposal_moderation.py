"""Editors' decisions on attendees' proposals: the whole proposal, and the topics it suggests.

A proposal is approved or rejected as a whole, which decides everything in it still pending
(its talks and the event it brought), or talk by talk with `talk_approve` and `talk_reject`
(talks/services/moderation.py), which approving a whole proposal uses too. Suggested topics
are decided apart, by name across the whole proposal, before or after its talks: a proposal is
never refused for a topic. Every decision is one transaction and logs one admin entry per row
it changes; talks and events only become public through their status (Talk.objects.published),
and their speakers and topics with them (Speaker.objects.public, Topic.objects.public).
"""

from django.contrib.admin.models import ADDITION
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.curation.audit import log_editor_change
from common.curation.moderation import set_status, with_reason
from common.names import free_slug
from events.models import Event, EventStatus
from events.services import event_approve, event_reject
from people.models import User
from talks.models import (
    Proposal,
    TaggedTalk,
    Talk,
    TalkStatus,
    Topic,
    TopicAlias,
    TopicSuggestion,
    TopicSuggestionStatus,
)
from talks.services.moderation import talk_approve, talk_reject
from talks.services.topics import topic_named

TOPIC_SLUG_MAX_LENGTH = Topic._meta.get_field("slug").max_length


def _undecided_locked(proposals: QuerySet[Proposal]) -> list[Proposal]:
    """The proposals with something still to approve or reject, locked: two editors deciding
    on one proposal take turns."""
    return list(
        Proposal.objects.filter(pk__in=proposals.values("pk"))
        .undecided()
        .select_for_update(of=("self",))
        .order_by("pk")
    )


def _events_brought(proposals: list[Proposal]) -> QuerySet[Event]:
    return Event.objects.filter(
        pk__in=[proposal.event_id for proposal in proposals if proposal.event_is_new],
        status=EventStatus.PENDING,
    )


def proposal_approve(*, proposals: QuerySet[Proposal], editor: User) -> int:
    """Publish everything the proposals hold still pending: the events they brought and their
    talks. Talks already rejected stay so. Returns how many proposals had anything pending."""
    with transaction.atomic():
        undecided = _undecided_locked(proposals)
        event_approve(events=_events_brought(undecided), editor=editor)
        talk_approve(
            talks=Talk.objects.filter(proposal__in=undecided, status=TalkStatus.PENDING),
            editor=editor,
        )
        log_editor_change(
            editor=editor, objects=undecided, message="Approved: everything pending published."
        )
    return len(undecided)


def proposal_reject(*, proposals: QuerySet[Proposal], editor: User, reason: str = "") -> int:
    """Refuse everything the proposals hold still pending: the events they brought and their
    talks; the reason is shown to the proposer. Talks already published stay so. Returns how
    many proposals had anything pending."""
    with transaction.atomic():
        undecided = _undecided_locked(proposals)
        event_reject(events=_events_brought(undecided), editor=editor, reason=reason)
        talk_reject(
            talks=Talk.objects.filter(proposal__in=undecided, status=TalkStatus.PENDING),
            editor=editor,
            reason=reason,
        )
        log_editor_change(
            editor=editor,
            objects=undecided,
            message=with_reason("Rejected: everything pending.", reason),
        )
    return len(undecided)


def _suggestions_locked(proposal: Proposal, name: str) -> list[TopicSuggestion]:
    """The suggestions of `name` (case aside) on the proposal's talks awaiting a decision,
    locked; none is an error, which the editor sees: another editor decided meanwhile."""
    rows = list(
        TopicSuggestion.objects.filter(
            talk__proposal=proposal, name__iexact=name, status=TopicSuggestionStatus.PENDING
        )
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if not rows:
        raise ValidationError(
            _("No suggestion “%(name)s” awaits a decision in this proposal.") % {"name": name},
            code="no_suggestion",
        )
    return rows


def _decide(
    rows: list[TopicSuggestion],
    *,
    editor: User,
    status: TopicSuggestionStatus,
    message: str,
    topic: Topic | None = None,
) -> int:
    """Move the suggestions to `status`; with a topic, tag their talks with it (once)."""
    if topic is not None:
        TaggedTalk.objects.bulk_create(
            [TaggedTalk(content_object_id=row.talk_id, tag=topic) for row in rows],
            ignore_conflicts=True,
        )
    return set_status(
        TopicSuggestion.objects.filter(pk__in=[row.pk for row in rows]),
        editor=editor,
        status=status,
        message=message,
        updates={"topic": topic},
    )


def topic_suggestion_accept(*, proposal: Proposal, name: str, editor: User) -> tuple[Topic, bool]:
    """Create the suggested topic and tag the proposal's talks that suggested it.

    A topic of that name (case aside), or one a topic of that name was merged into, may exist
    by now: the talks get it instead, and the suggestions count as mapped to it. Returns the
    topic and whether it was created.
    """
    with transaction.atomic():
        rows = _suggestions_locked(proposal, name)
        topic = topic_named(rows[0].name)
        created = topic is None
        if created:
            topic = _topic_create(rows[0].name, proposal=proposal, editor=editor)
        _decide(
            rows,
            editor=editor,
            status=TopicSuggestionStatus.ACCEPTED if created else TopicSuggestionStatus.MAPPED,
            message=f"Accepted: topic {topic} created."
            if created
            else f"Mapped to the existing topic {topic}.",
            topic=topic,
        )
    return topic, created


def _topic_create(name: str, *, proposal: Proposal, editor: User) -> Topic:
    topic = Topic(
        name=name,
        slug=free_slug(name, Topic, TopicAlias, fallback="topic", max_length=TOPIC_SLUG_MAX_LENGTH),
    )
    topic.full_clean()
    topic.save()
    log_editor_change(
        editor=editor,
        objects=[topic],
        message=f"Created from a suggestion in proposal {proposal.pk}.",
        action_flag=ADDITION,
    )
    return topic


def topic_suggestion_map(*, proposal: Proposal, name: str, topic: Topic, editor: User) -> int:
    """Tag the proposal's talks that suggested `name` with an existing topic instead; returns
    how many suggestions were decided."""
    with transaction.atomic():
        return _decide(
            _suggestions_locked(proposal, name),
            editor=editor,
            status=TopicSuggestionStatus.MAPPED,
            message=f"Mapped to the topic {topic}.",
            topic=topic,
        )


def topic_suggestion_drop(*, proposal: Proposal, name: str, editor: User) -> int:
    """Leave the suggested topic out: the talks keep their other topics. Returns how many
    suggestions were decided."""
    with transaction.atomic():
        return _decide(
            _suggestions_locked(proposal, name),
            editor=editor,
            status=TopicSuggestionStatus.DROPPED,
            message="Dropped.",
        )
