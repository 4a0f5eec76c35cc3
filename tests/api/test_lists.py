import datetime

import pytest
from django.utils import timezone

from events.models import Event, EventStatus, Series
from people.models import Speaker
from talks.models import Note, NoteStatus, Review, ReviewStatus, TalkStatus, Topic
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_talk_list_shows_published_talks_with_their_people_and_topics(client):
    speaker = SpeakerFactory(name="Anne First", slug="anne-first")
    topic = TopicFactory(name="Kubernetes", slug="kubernetes")
    talk = TalkFactory(
        title="Operators", slug="operators", speakers=[speaker], topics=[topic], languages=["fr"]
    )

    response = client.get("/api/talks/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    [item] = response.json()["results"]
    assert item["title"] == "Operators"
    assert item["event"] == {"slug": talk.event.slug, "name": talk.event.name}
    assert item["speakers"] == [{"slug": "anne-first", "name": "Anne First"}]
    assert item["topics"] == [{"slug": "kubernetes", "name": "Kubernetes"}]
    assert item["languages"] == ["fr"]
    assert item["url"] == f"http://testserver/talks/{talk.event.slug}/operators/"
    assert response.json()["next"] is None


def test_pending_and_rejected_content_never_appears(client):
    public = TalkFactory(slug="public", speakers=[SpeakerFactory(slug="shown")])
    pending_event = EventFactory(slug="pending-event", status=EventStatus.PENDING)
    TalkFactory(
        event=pending_event,
        slug="in-pending-event",
        speakers=[SpeakerFactory(slug="hidden-speaker")],
        topics=[TopicFactory(slug="hidden-topic")],
    )
    pending_talk = TalkFactory(slug="pending-talk", status=TalkStatus.PENDING)
    TalkFactory(slug="rejected-talk", status=TalkStatus.REJECTED)
    NoteFactory(talk=public, body="public note")
    NoteFactory(talk=public, body="pending note", status=NoteStatus.PENDING, published_at=None)
    NoteFactory(talk=pending_talk, body="note on a pending talk")
    ReviewFactory(talk=public, body="public review")
    ReviewFactory(talk=public, body="hidden review", status=ReviewStatus.HIDDEN)
    ReviewFactory(talk=pending_talk, body="review of a pending talk")

    assert slugs(client.get("/api/talks/")) == ["public"]
    assert slugs(client.get("/api/speakers/")) == ["shown"]
    assert "hidden-topic" not in slugs(client.get("/api/topics/"))
    assert "pending-event" not in slugs(client.get("/api/events/"))
    notes = client.get("/api/notes/").json()["results"]
    assert [note["body"] for note in notes] == ["public note"]
    reviews = client.get("/api/reviews/").json()["results"]
    assert [review["body"] for review in reviews] == ["public review"]
    for address in [
        "/api/events/pending-event/",
        f"/api/talks/{pending_talk.event.slug}/pending-talk/",
        "/api/speakers/hidden-speaker/",
        "/api/topics/hidden-topic/",
    ]:
        assert client.get(address).status_code == 404, address


def test_detail_endpoints_find_things_by_slug(client):
    speaker = SpeakerFactory(slug="anne-first", name="Anne First")
    topic = TopicFactory(slug="kubernetes", name="Kubernetes")
    talk = TalkFactory(slug="operators", speakers=[speaker], topics=[topic])
    event = talk.event

    assert client.get(f"/api/talks/{event.slug}/operators/").json()["id"] == talk.pk
    assert client.get(f"/api/events/{event.slug}/").json()["name"] == event.name
    assert client.get(f"/api/series/{event.series.slug}/").json()["name"] == event.series.name
    assert client.get("/api/speakers/anne-first/").json()["name"] == "Anne First"
    assert client.get("/api/topics/kubernetes/").json()["talk_count"] == 1
    assert client.get("/api/talks/other-event/operators/").status_code == 404


def test_language_list_counts_published_talks(client):
    TalkFactory(languages=["fr"])
    TalkFactory(languages=["fr", "en"])
    TalkFactory(languages=["de"], status=TalkStatus.PENDING)

    response = client.get("/api/languages/")

    assert response.json() == [
        {"code": "fr", "name": "French", "talk_count": 2},
        {"code": "en", "name": "English", "talk_count": 1},
    ]


def test_event_list_puts_the_newest_first(client):
    EventFactory(slug="old", start_date=datetime.date(2020, 1, 1))
    EventFactory(slug="new", start_date=datetime.date(2025, 1, 1))

    assert slugs(client.get("/api/events/")) == ["new", "old"]


def test_a_talk_lists_its_own_public_notes_and_reviews(client):
    talk = TalkFactory(slug="operators")
    other = TalkFactory()
    NoteFactory(talk=talk, body="public note")
    NoteFactory(talk=talk, body="pending note", status=NoteStatus.PENDING, published_at=None)
    NoteFactory(talk=other, body="note on another talk")
    ReviewFactory(talk=talk, body="public review")
    ReviewFactory(talk=talk, body="hidden review", status=ReviewStatus.HIDDEN)
    ReviewFactory(talk=other, body="review of another talk")
    address = f"/api/talks/{talk.event.slug}/operators/"

    detail = client.get(address).json()
    notes = client.get(detail["notes_url"]).json()["results"]
    reviews = client.get(detail["reviews_url"]).json()["results"]

    assert detail["notes_url"] == f"http://testserver{address}notes/"
    assert detail["reviews_url"] == f"http://testserver{address}reviews/"
    assert [note["body"] for note in notes] == ["public note"]
    assert [review["body"] for review in reviews] == ["public review"]


def test_the_notes_and_reviews_of_a_talk_that_is_not_public_are_not_found(client):
    pending = TalkFactory(slug="pending-talk", status=TalkStatus.PENDING)
    in_pending_event = TalkFactory(
        slug="in-pending-event", event=EventFactory(status=EventStatus.PENDING)
    )
    NoteFactory(talk=pending)
    ReviewFactory(talk=in_pending_event)
    talks = [
        f"/api/talks/{pending.event.slug}/pending-talk/",
        f"/api/talks/{in_pending_event.event.slug}/in-pending-event/",
        "/api/talks/no-event/no-talk/",
    ]

    for talk in talks:
        for address in [f"{talk}notes/", f"{talk}reviews/"]:
            response = client.get(address)
            assert response.status_code == 404, address
            assert response.json() == {"detail": "No talk is public at this address."}
    french = client.get(f"{talks[0]}notes/", headers={"accept-language": "fr"})
    assert french.json() == {"detail": "Aucune présentation publique à cette adresse."}


def every_item(client, address: str, key: str, page_size: int) -> list:
    """The `key` of every item of a list, following its `next` addresses."""
    items = []
    response = client.get(address, {"page_size": page_size})
    while True:
        assert response.status_code == 200, response.content
        items += [item[key] for item in response.json()["results"]]
        if response.json()["next"] is None:
            return items
        response = client.get(response.json()["next"])


@pytest.mark.parametrize(
    ("address", "key", "model"),
    [
        ("/api/events/", "slug", Event),
        ("/api/series/", "slug", Series),
        ("/api/speakers/", "slug", Speaker),
        ("/api/topics/", "slug", Topic),
        ("/api/notes/", "id", Note),
        ("/api/reviews/", "id", Review),
    ],
)
def test_paging_every_list_by_cursor_gives_each_item_once_in_its_order(client, address, key, model):
    # Items that tie on the list's order (same day, same moment): the primary key breaks ties.
    moment = timezone.now()
    day = datetime.date(2025, 10, 16)
    for _ in range(7):
        talk = TalkFactory(
            event=EventFactory(start_date=day), speakers=[SpeakerFactory()], topics=[TopicFactory()]
        )
        NoteFactory(talk=talk, published_at=moment)
        Review.objects.filter(pk=ReviewFactory(talk=talk).pk).update(created_at=moment)

    whole = [item[key] for item in client.get(address, {"page_size": 100}).json()["results"]]
    paged = every_item(client, address, key, page_size=2)

    assert paged == whole
    assert len(set(paged)) == len(paged) == model.objects.count() == 7
