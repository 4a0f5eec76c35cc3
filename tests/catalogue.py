"""A small catalogue of published content, for the query-count tests of the reader pages."""

import datetime

from events.models import Event, EventStatus
from people.models import Speaker
from talks.models import NoteStatus, TalkStatus, Topic
from talks.services.trends import trends_count
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)


def make_catalogue(size: int) -> tuple[Event, Speaker, Topic]:
    """An event with `size` talks by the same speaker and a co-speaker each, two topics, two
    languages, a recording and slides, a published and a pending note, and two ratings on
    every talk."""
    event = EventFactory(start_date=datetime.date(2024, 3, 19))
    speaker = SpeakerFactory()
    topic = TopicFactory(name="Kubernetes", slug="kubernetes")
    for index in range(size):
        talk = TalkFactory(
            event=event,
            languages=["en", "fr"],
            room=f"Room {index % 3}",
            speakers=[speaker, SpeakerFactory()],
            topics=[topic, TopicFactory()],
            video_url=f"https://www.youtube.com/watch?v=talk{index:07}",
            slides_url=f"https://speakerdeck.com/someone/talk-{index}",
        )
        NoteFactory(talk=talk)
        NoteFactory(talk=talk, status=NoteStatus.PENDING, published_at=None)
        ReviewFactory(talk=talk, rating=index % 5 + 1)
        ReviewFactory(talk=talk, rating=5)
    return event, speaker, topic


def event_in(year: int, **kwargs):
    return EventFactory(start_date=datetime.date(year, 5, 10), **kwargs)


def make_trends_catalogue() -> tuple[Topic, Topic]:
    """Talks from 2019 to 2024: Observability first, then Kubernetes; and what readers do not
    see, which counts nowhere."""
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    observability = TopicFactory(name="Observability", slug="observability")
    ada, bob = SpeakerFactory(name="Ada"), SpeakerFactory(name="Bob")
    for _ in range(2):
        TalkFactory(event=event_in(2019), topics=[observability])
    event_2022, event_2023, event_2024 = event_in(2022), event_in(2023), event_in(2024)
    first = TalkFactory(event=event_2022, topics=[kubernetes], speakers=[ada])
    TalkFactory(
        event=event_2022,
        topics=[kubernetes, observability],
        speakers=[ada, bob],
        languages=["en", "fr"],
    )
    third = TalkFactory(event=event_2023, topics=[observability], speakers=[bob], languages=["fr"])
    TalkFactory(event=event_2023, topics=[kubernetes], speakers=[ada])
    TalkFactory(event=event_2024, topics=[kubernetes])
    NoteFactory.create_batch(2, talk=first)
    NoteFactory(talk=third)
    # Unseen: a pending note, a pending talk, a published talk of a pending event, and its note.
    NoteFactory(talk=first, status=NoteStatus.PENDING, published_at=None)
    pending = TalkFactory(
        event=event_2024, status=TalkStatus.PENDING, topics=[kubernetes], languages=["de"]
    )
    NoteFactory(talk=pending)
    hidden = TalkFactory(
        event=event_in(2021, status=EventStatus.PENDING), topics=[observability], speakers=[bob]
    )
    NoteFactory(talk=hidden)
    # Counted as after any data load (production counts them every few minutes).
    trends_count()
    return kubernetes, observability
