"""A small catalogue of published content, for the query-count tests of the reader pages."""

import datetime

from events.models import Event
from people.models import Speaker
from talks.models import NoteStatus, Topic
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
