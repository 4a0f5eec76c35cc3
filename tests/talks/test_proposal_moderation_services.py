"""Editors' decisions on a proposal: whole or talk by talk, and on the topics it suggests."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError

from events.models import Event, EventStatus
from events.services import ProposedEvent
from people.models import Speaker
from talks.models import (
    Proposal,
    Talk,
    Topic,
    TopicAlias,
    TopicSuggestion,
    TopicSuggestionStatus,
)
from talks.services.moderation import talk_approve, talk_reject
from talks.services.programmes import ProposedTalk, programme_propose
from talks.services.proposal_moderation import (
    proposal_approve,
    proposal_reject,
    topic_suggestion_accept,
    topic_suggestion_drop,
    topic_suggestion_map,
)
from tests.audit import admin_log
from tests.factories import EventFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 12)


def _propose(event=None, talks=None) -> Proposal:
    """A new conference by default, with three talks, the first two suggesting "Kafka"."""
    return programme_propose(
        proposer=UserFactory(username="proposer"),
        event=event or ProposedEvent(name="KCD Lyon 2026", start_date=DAY, end_date=DAY),
        talks=talks
        or [
            ProposedTalk("Streams", ["Ada Nouvelle"], ["fr"], suggested_topics=["Kafka"]),
            ProposedTalk("Topics", ["Grace Neuve"], ["fr"], suggested_topics=["kafka", "Flink"]),
            ProposedTalk("Closing", ["Ada Nouvelle"], ["en"]),
        ],
    )


def _statuses(proposal):
    talks = dict(proposal.talks.values_list("title", "status"))
    return Event.objects.get(pk=proposal.event_id).status, talks


def _only(proposal):
    return Proposal.objects.filter(pk=proposal.pk)


def test_approving_a_proposal_publishes_its_new_event_and_its_pending_talks(editor):
    proposal = _propose()
    spam = proposal.talks.get(title="Closing")
    talk_reject(talks=Talk.objects.filter(pk=spam.pk), editor=editor, reason="Spam.")

    assert proposal_approve(proposals=_only(proposal), editor=editor) == 1

    assert _statuses(proposal) == (
        EventStatus.PUBLISHED,
        {"Streams": "published", "Topics": "published", "Closing": "rejected"},
    )
    assert admin_log(proposal.event) == [("editor", CHANGE, "Approved: published.")]
    assert admin_log(proposal.talks.get(title="Streams")) == [
        ("editor", CHANGE, "Approved: published.")
    ]
    assert admin_log(proposal) == [("editor", CHANGE, "Approved: everything pending published.")]
    assert not Proposal.objects.undecided().exists()


def test_approving_a_decided_proposal_changes_and_logs_nothing(editor):
    proposal = _propose()
    proposal_approve(proposals=_only(proposal), editor=editor)
    logged = LogEntry.objects.count()

    assert proposal_approve(proposals=_only(proposal), editor=editor) == 0
    assert proposal_reject(proposals=_only(proposal), editor=editor) == 0

    assert LogEntry.objects.count() == logged
    assert _statuses(proposal)[0] == EventStatus.PUBLISHED


def test_speakers_and_topics_of_a_proposal_become_public_only_once_it_is_approved(editor):
    proposal = _propose()
    topic, _created = topic_suggestion_accept(proposal=proposal, name="Kafka", editor=editor)
    new_speakers = Speaker.objects.filter(name__in=["Ada Nouvelle", "Grace Neuve"])

    assert (Speaker.objects.public().count(), Topic.objects.public().count()) == (0, 0)

    proposal_approve(proposals=_only(proposal), editor=editor)

    assert sorted(Speaker.objects.public().values_list("name", flat=True)) == [
        "Ada Nouvelle",
        "Grace Neuve",
    ]
    assert list(Topic.objects.public()) == [topic]
    assert new_speakers.count() == 2


def test_rejecting_a_proposal_refuses_its_new_event_and_pending_talks_with_the_reason(editor):
    proposal = _propose()
    kept = proposal.talks.get(title="Streams")
    talk_approve(talks=Talk.objects.filter(pk=kept.pk), editor=editor)
    Event.objects.filter(pk=proposal.event_id).update(status=EventStatus.PENDING)

    assert (
        proposal_reject(proposals=_only(proposal), editor=editor, reason="Not a tech event.") == 1
    )

    event = Event.objects.get(pk=proposal.event_id)
    assert (event.status, event.moderation_reason) == (EventStatus.REJECTED, "Not a tech event.")
    assert sorted(proposal.talks.values_list("title", "status", "moderation_reason")) == [
        ("Closing", "rejected", "Not a tech event."),
        ("Streams", "published", ""),
        ("Topics", "rejected", "Not a tech event."),
    ]
    assert admin_log(proposal) == [
        ("editor", CHANGE, "Rejected: everything pending. Reason: Not a tech event.")
    ]


def test_a_proposal_for_an_existing_event_leaves_the_event_as_it_is(editor):
    rejected = EventFactory(status=EventStatus.REJECTED)
    proposal = _propose(event=rejected)

    proposal_approve(proposals=_only(proposal), editor=editor)

    assert _statuses(proposal) == (
        EventStatus.REJECTED,
        {"Streams": "published", "Topics": "published", "Closing": "published"},
    )


def test_approving_chosen_talks_publishes_their_pending_event_and_nothing_else(editor):
    proposal = _propose()

    talk_approve(talks=proposal.talks.filter(title="Streams"), editor=editor)

    assert _statuses(proposal) == (
        EventStatus.PUBLISHED,
        {"Streams": "published", "Topics": "pending", "Closing": "pending"},
    )
    assert Talk.objects.published().get().title == "Streams"
    assert list(Proposal.objects.undecided()) == [proposal]


def test_rejecting_chosen_talks_leaves_the_event_and_the_other_talks_pending(editor):
    proposal = _propose()

    talk_reject(talks=proposal.talks.filter(title="Closing"), editor=editor, reason="Duplicate.")

    assert _statuses(proposal) == (
        EventStatus.PENDING,
        {"Streams": "pending", "Topics": "pending", "Closing": "rejected"},
    )


def test_accepting_a_suggestion_creates_the_topic_and_tags_every_talk_that_suggested_it(editor):
    proposal = _propose()

    topic, created = topic_suggestion_accept(proposal=proposal, name="KAFKA", editor=editor)

    assert (created, topic.name, topic.slug) == (True, "Kafka", "kafka")
    assert sorted(Talk.objects.filter(topics=topic).values_list("title", flat=True)) == [
        "Streams",
        "Topics",
    ]
    assert sorted(TopicSuggestion.objects.values_list("name", "status", "topic")) == [
        ("Flink", TopicSuggestionStatus.PENDING, None),
        ("Kafka", TopicSuggestionStatus.ACCEPTED, topic.pk),
        ("kafka", TopicSuggestionStatus.ACCEPTED, topic.pk),
    ]
    assert admin_log(topic) == [
        ("editor", ADDITION, f"Created from a suggestion in proposal {proposal.pk}.")
    ]
    suggestion = TopicSuggestion.objects.get(name="Kafka")
    assert admin_log(suggestion) == [("editor", CHANGE, "Accepted: topic Kafka created.")]


def test_accepting_a_name_a_topic_has_by_now_maps_the_suggestion_to_it(editor):
    streaming = TopicFactory(name="Event streaming", slug="event-streaming")
    TopicAlias.objects.create(topic=streaming, name="kafka", slug="kafka")
    proposal = _propose()

    topic, created = topic_suggestion_accept(proposal=proposal, name="Kafka", editor=editor)

    assert (topic, created, Topic.objects.count()) == (streaming, False, 1)
    assert set(
        TopicSuggestion.objects.filter(name__iexact="kafka").values_list("status", flat=True)
    ) == {TopicSuggestionStatus.MAPPED}
    assert Talk.objects.filter(topics=streaming).count() == 2


def test_an_accepted_topic_never_takes_the_slug_of_an_alias(editor):
    TopicAlias.objects.create(topic=TopicFactory(name="Streams"), name="Old streams", slug="flink")
    proposal = _propose()

    topic, _created = topic_suggestion_accept(proposal=proposal, name="Flink", editor=editor)

    assert topic.slug == "flink-2"


def test_mapping_a_suggestion_tags_the_talks_once_with_the_existing_topic(editor):
    streaming = TopicFactory(name="Event streaming")
    proposal = _propose()
    proposal.talks.get(title="Streams").topics.add(streaming)

    assert (
        topic_suggestion_map(proposal=proposal, name="kafka", topic=streaming, editor=editor) == 2
    )

    assert sorted(Talk.objects.filter(topics=streaming).values_list("title", flat=True)) == [
        "Streams",
        "Topics",
    ]
    assert set(
        TopicSuggestion.objects.filter(name__iexact="kafka").values_list("status", "topic")
    ) == {(TopicSuggestionStatus.MAPPED, streaming.pk)}
    assert admin_log(TopicSuggestion.objects.get(name="Kafka")) == [
        ("editor", CHANGE, "Mapped to the topic Event streaming.")
    ]


def test_dropping_a_suggestion_tags_nothing(editor):
    proposal = _propose()

    assert topic_suggestion_drop(proposal=proposal, name="Flink", editor=editor) == 1

    suggestion = TopicSuggestion.objects.get(name="Flink")
    assert (suggestion.status, suggestion.topic) == (TopicSuggestionStatus.DROPPED, None)
    assert Topic.objects.count() == 0


def test_a_suggestion_is_decided_once_and_only_in_its_own_proposal(editor):
    proposal = _propose()
    other = _propose(event=EventFactory())
    topic_suggestion_drop(proposal=proposal, name="Flink", editor=editor)

    with pytest.raises(ValidationError):
        topic_suggestion_accept(proposal=proposal, name="Flink", editor=editor)
    with pytest.raises(ValidationError):
        topic_suggestion_drop(proposal=proposal, name="Unknown", editor=editor)

    assert Topic.objects.count() == 0
    assert other.talks.get(title="Topics").topic_suggestions.get(name="Flink").status == (
        TopicSuggestionStatus.PENDING
    )


def test_topics_are_decided_before_or_after_the_talks_and_keep_the_proposal_open(editor):
    proposal = _propose()
    proposal_approve(proposals=_only(proposal), editor=editor)

    assert (list(Proposal.objects.open()), list(Proposal.objects.undecided())) == ([proposal], [])

    topic, _created = topic_suggestion_accept(proposal=proposal, name="Kafka", editor=editor)
    topic_suggestion_drop(proposal=proposal, name="Flink", editor=editor)

    assert list(Proposal.objects.decided()) == [proposal]
    assert list(Topic.objects.public()) == [topic]


def test_suggestions_of_rejected_talks_keep_no_proposal_open(editor):
    proposal = _propose(event=EventFactory())
    talk_approve(talks=proposal.talks.filter(title="Closing"), editor=editor)
    talk_reject(talks=proposal.talks.exclude(title="Closing"), editor=editor)

    assert list(Proposal.objects.decided()) == [proposal]
