import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import EventStatus
from events.services import ProposedEvent
from talks.models import Talk, TalkStatus, TopicSuggestionStatus
from talks.services.programmes import ProposedTalk, programme_propose
from tests.factories import EventFactory, SeriesFactory, SpeakerFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 12)


def _row(title: str, **fields) -> ProposedTalk:
    return ProposedTalk(
        title=title, speaker_names=fields.pop("speaker_names", ["Ada"]), languages=["fr"], **fields
    )


def test_a_new_conference_and_its_talks_are_one_pending_proposal():
    proposer = UserFactory()
    kubernetes = TopicFactory(name="Kubernetes")
    proposal = programme_propose(
        proposer=proposer,
        event=ProposedEvent(
            name="KCD Lyon 2026",
            start_date=DAY,
            end_date=DAY,
            city="Lyon",
            country="FR",
            venue="Halle Tony Garnier",
        ),
        talks=[
            _row("Ouverture", talk_format="keynote", date=DAY, start_time=datetime.time(9)),
            _row("Maillage de services", topics=[kubernetes], suggested_topics=["Service Mesh"]),
            _row("Stockage", suggested_topics=["Storage", "storage", "Kafka"]),
        ],
        comment="Programme recopié du site.",
    )
    event = proposal.event
    assert (event.status, event.proposed_by, event.country, event.venue, proposal.event_is_new) == (
        EventStatus.PENDING,
        proposer,
        "FR",
        "Halle Tony Garnier",
        True,
    )
    talks = list(proposal.talks.order_by("title"))
    assert [(talk.title, talk.status, talk.proposed_by) for talk in talks] == [
        ("Maillage de services", TalkStatus.PENDING, proposer),
        ("Ouverture", TalkStatus.PENDING, proposer),
        ("Stockage", TalkStatus.PENDING, proposer),
    ]
    assert list(talks[0].topics.all()) == [kubernetes]
    suggestions = sorted(
        (suggestion.talk.title, suggestion.name, suggestion.status)
        for talk in talks
        for suggestion in talk.topic_suggestions.all()
    )
    assert suggestions == [
        ("Maillage de services", "Service Mesh", TopicSuggestionStatus.PENDING),
        ("Stockage", "Kafka", TopicSuggestionStatus.PENDING),
        ("Stockage", "Storage", TopicSuggestionStatus.PENDING),
    ]
    assert (talks[1].format, talks[1].date, talks[1].start_time) == (
        "keynote",
        DAY,
        datetime.time(9),
    )


def test_talks_for_an_existing_event_reuse_it_and_known_speakers():
    event = EventFactory()
    speaker = SpeakerFactory(name="Hélène Dupont")
    proposal = programme_propose(
        proposer=UserFactory(),
        event=event,
        talks=[_row("Un", speaker_names=["helene dupont", "Nouvelle Personne"]), _row("Deux")],
    )
    assert (proposal.event, proposal.event_is_new, event.status) == (
        event,
        False,
        EventStatus.PUBLISHED,
    )
    first = proposal.talks.get(title="Un")
    assert [link.speaker.name for link in first.talk_speakers.order_by("order")] == [
        speaker.name,
        "Nouvelle Personne",
    ]


def test_a_series_is_matched_by_name_or_created():
    known = SeriesFactory(name="DevFest Nantes")
    first = programme_propose(
        proposer=UserFactory(),
        event=ProposedEvent(
            name="DevFest Nantes 2026", start_date=DAY, end_date=DAY, series_name="devfest nantes"
        ),
        talks=[_row("A")],
    )
    second = programme_propose(
        proposer=UserFactory(),
        event=ProposedEvent(
            name="Volcamp 2026", start_date=DAY, end_date=DAY, series_name="Volcamp"
        ),
        talks=[_row("B")],
    )
    assert first.event.series == known
    assert (second.event.series.name, second.event.series.slug) == ("Volcamp", "volcamp")


def test_nothing_is_written_when_one_row_is_invalid():
    with pytest.raises(ValidationError):
        programme_propose(
            proposer=UserFactory(),
            event=ProposedEvent(name="X 2026", start_date=DAY, end_date=DAY),
            talks=[_row("Valid"), ProposedTalk(title="Bad", speaker_names=[], languages=["xx"])],
        )
    assert not Talk.objects.exists()
