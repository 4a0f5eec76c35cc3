"""The public pages render what readers need, and nothing unpublished."""

import pytest
from django.urls import reverse

from events.models import EventStatus
from talks.models import NoteStatus, TalkStatus
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_published_events_only(client):
    EventFactory(name="DevFest Nantes 2025")
    EventFactory(name="Secret Summit", status=EventStatus.PENDING)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert [event.name for event in response.context["events"]] == ["DevFest Nantes 2025"]
    assert "Secret Summit" not in response.content.decode()


def test_event_page_lists_its_published_talks(client):
    event = EventFactory()
    speaker = SpeakerFactory(name="Mathieu Herbert")
    TalkFactory(event=event, title="Terramate", speakers=[speaker])
    TalkFactory(event=event, title="Proposed talk", status=TalkStatus.PENDING)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert [talk.title for talk in response.context["talks"]] == ["Terramate"]
    assert "Mathieu Herbert" in response.content.decode()


def test_pending_event_is_not_found(client):
    event = EventFactory(status=EventStatus.PENDING)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_talk_page_shows_published_notes_and_reviews(client):
    talk = TalkFactory(title="Observability on a budget")
    NoteFactory(talk=talk, body="Published **insight**", language="fr")
    NoteFactory(talk=talk, body="Pending secret", status=NoteStatus.PENDING, published_at=None)
    ReviewFactory(talk=talk, rating=4)
    ReviewFactory(talk=talk, rating=2)

    response = client.get(talk.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert '<article class="note"' in html and 'lang="fr"' in html
    assert "<strong>insight</strong>" in html
    assert "Pending secret" not in html
    assert response.context["rating"] == {"average": 3.0, "count": 2}


def test_pending_talk_is_not_found(client):
    talk = TalkFactory(status=TalkStatus.PENDING)
    assert client.get(talk.get_absolute_url()).status_code == 404


def test_series_speaker_and_topic_pages(client):
    event = EventFactory()
    speaker = SpeakerFactory(name="Jérôme Petazzoni")
    topic = TopicFactory(name="Kubernetes", slug="kubernetes")
    TalkFactory(event=event, title="Containers from scratch", speakers=[speaker], topics=[topic])

    series_page = client.get(event.series.get_absolute_url())
    speaker_page = client.get(speaker.get_absolute_url())
    topic_page = client.get(topic.get_absolute_url())

    assert list(series_page.context["events"]) == [event]
    assert [talk.title for talk in speaker_page.context["talks"]] == ["Containers from scratch"]
    assert [talk.title for talk in topic_page.context["talks"]] == ["Containers from scratch"]


def test_html_lang_follows_the_chosen_language(client):
    client.cookies["django_language"] = "fr"
    response = client.get(reverse("home"))
    assert '<html lang="fr">' in response.content.decode()
