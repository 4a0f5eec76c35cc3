"""Fixtures of the talk finder's tests."""

import datetime

import pytest

from events.models import EventStatus
from talks.models import NoteStatus, TalkFormat, TalkStatus
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)


@pytest.fixture
def catalogue():
    """Three public talks at two events, and talks that readers must never see."""
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    go = TopicFactory(name="Go", slug="go")
    platform = TopicFactory(name="Platform Engineering", slug="platform-engineering")
    ebpf = TopicFactory(name="eBPF", slug="ebpf")
    alice = SpeakerFactory(name="Alice Martin", slug="alice-martin")
    bob = SpeakerFactory(name="Bob Durand", slug="bob-durand")
    kubecon = EventFactory(
        name="KubeCon Europe 2024",
        slug="kubecon-europe-2024",
        series=SeriesFactory(name="KubeCon Europe", slug="kubecon-europe"),
        start_date=datetime.date(2024, 3, 19),
        country="FR",
    )
    devfest = EventFactory(
        name="DevFest Nantes 2025",
        slug="devfest-nantes-2025",
        series=SeriesFactory(name="DevFest Nantes", slug="devfest-nantes"),
        start_date=datetime.date(2025, 10, 16),
    )
    operators = TalkFactory(
        event=kubecon,
        title="Kubernetes operators",
        abstract="Reconcile loops explained.",
        languages=["fr"],
        start_time=datetime.time(10, 0),
        speakers=[alice],
        topics=[kubernetes, go],
    )
    platform_talk = TalkFactory(
        event=kubecon,
        title="Platform as a product",
        format=TalkFormat.KEYNOTE,
        languages=["en"],
        start_time=datetime.time(9, 0),
        speakers=[bob],
        topics=[platform],
    )
    ebpf_talk = TalkFactory(
        event=devfest,
        title="eBPF with Go",
        format=TalkFormat.LIGHTNING,
        languages=["en", "fr"],
        speakers=[alice, bob],
        topics=[kubernetes, ebpf],
    )
    NoteFactory(talk=operators)
    NoteFactory(talk=operators)
    NoteFactory(talk=ebpf_talk)
    NoteFactory(talk=platform_talk, status=NoteStatus.PENDING, published_at=None)
    ReviewFactory(talk=operators, rating=5)
    ReviewFactory(talk=operators, rating=4)
    ReviewFactory(talk=platform_talk, rating=2)

    secret_topic = TopicFactory(name="Secret", slug="secret")
    TalkFactory(
        event=devfest,
        title="Proposed talk",
        status=TalkStatus.PENDING,
        languages=["fr"],
        speakers=[alice],
        topics=[kubernetes, secret_topic],
    )
    pending_event = EventFactory(
        name="Pending Summit", slug="pending-summit", status=EventStatus.PENDING
    )
    TalkFactory(
        event=pending_event,
        title="Talk of a pending event",
        languages=["fr"],
        topics=[kubernetes, secret_topic],
    )
