"""What the JSON API says about caching and its rate limit, and what a page of it costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from tests.factories import NoteFactory, ReviewFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_a_list_carries_an_etag_and_answers_304_while_it_is_unchanged(client):
    talk = TalkFactory(title="Before")

    first = client.get("/api/talks/")
    etag = first["ETag"]
    unchanged = client.get("/api/talks/", headers={"if-none-match": etag})
    talk.title = "After"
    talk.save()
    changed = client.get("/api/talks/", headers={"if-none-match": etag})

    assert first.status_code == 200
    assert first["Vary"] == "Accept, Accept-Language"
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_last_modified_is_the_latest_change_of_the_items_shown(client):
    talk = TalkFactory(speakers=[SpeakerFactory()])
    speaker = talk.speakers.get()
    speaker.name = "Renamed later"
    speaker.save()

    response = client.get("/api/talks/")
    since = client.get("/api/talks/", headers={"if-modified-since": response["Last-Modified"]})

    assert response["Last-Modified"] == http_date(speaker.updated_at.timestamp())
    assert since.status_code == 304


def test_a_detail_answers_304_to_its_etag(client):
    talk = TalkFactory()
    address = f"/api/talks/{talk.event.slug}/{talk.slug}/"

    etag = client.get(address)["ETag"]

    assert client.get(address, headers={"if-none-match": etag}).status_code == 304
    assert client.get(address, headers={"if-none-match": '"other"'}).status_code == 200


def test_anonymous_clients_past_the_rate_get_a_429_saying_when_to_come_back(client, settings):
    settings.API_ANONYMOUS_RATE = "3/minute"

    talk = TalkFactory()
    notes = f"/api/talks/{talk.event.slug}/{talk.slug}/notes/"

    statuses = [client.get(address).status_code for address in ["/api/topics/"] * 3 + [notes]]
    refused = client.get("/api/topics/", headers={"accept-language": "fr"})

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"].startswith("Requête ralentie")


def test_the_rate_counts_each_client_address_apart(client, settings):
    settings.API_ANONYMOUS_RATE = "1/minute"

    assert client.get("/api/topics/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/api/topics/", REMOTE_ADDR="192.0.2.2").status_code == 200
    # A client cannot pass for another by naming it.
    spoofed = client.get("/api/topics/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert spoofed.status_code == 429


def make_catalogue(size):
    shared = TopicFactory(slug="shared")
    for _ in range(size):
        talk = TalkFactory(
            speakers=[SpeakerFactory(), SpeakerFactory()], topics=[shared, TopicFactory()]
        )
        NoteFactory(talk=talk)
        ReviewFactory(talk=talk)


LISTS = [
    # The page's ids, then the talks, their speakers, their topics.
    ("/api/talks/", 4),
    # One more: the topic's slug is looked up among the public ones.
    ("/api/talks/?topic=shared&language=en&has_notes=true&sort=rating", 5),
    # The text search, which ranks the ids, then the talks, their speakers, their topics.
    ("/api/talks/?q=talk", 4),
    # The page's ids, then the items.
    ("/api/events/", 2),
    ("/api/series/", 2),
    ("/api/speakers/", 2),
    ("/api/topics/", 2),
    ("/api/notes/", 2),
    ("/api/reviews/", 2),
    ("/api/languages/", 1),
]


@pytest.mark.parametrize(("address", "queries"), LISTS)
@pytest.mark.parametrize("size", [3, 30])
def test_every_list_runs_a_fixed_number_of_queries(client, address, queries, size):
    make_catalogue(size)
    separator = "&" if "?" in address else "?"

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{address}{separator}page_size={size}")

    assert response.status_code == 200
    results = response.json() if address == "/api/languages/" else response.json()["results"]
    assert len(results) == (1 if address == "/api/languages/" else size)
    assert len(captured.captured_queries) == queries, [q["sql"] for q in captured]


@pytest.mark.parametrize("contributions", ["notes", "reviews"])
@pytest.mark.parametrize("size", [3, 30])
def test_a_talks_notes_and_reviews_run_a_fixed_number_of_queries(client, contributions, size):
    talk = TalkFactory()
    NoteFactory.create_batch(size, talk=talk)
    ReviewFactory.create_batch(size, talk=talk)
    address = f"/api/talks/{talk.event.slug}/{talk.slug}/{contributions}/?page_size={size}"

    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)

    assert response.status_code == 200
    assert len(response.json()["results"]) == size
    # The talk, then the page's ids, then the items.
    assert len(captured.captured_queries) == 3, [q["sql"] for q in captured]


def test_a_talks_notes_carry_an_etag_and_last_modified(client):
    talk = TalkFactory()
    note = NoteFactory(talk=talk)
    address = f"/api/talks/{talk.event.slug}/{talk.slug}/notes/"

    response = client.get(address)
    unchanged = client.get(address, headers={"if-none-match": response["ETag"]})

    assert response["Last-Modified"] == http_date(note.updated_at.timestamp())
    assert unchanged.status_code == 304


def test_an_address_or_a_query_that_django_refuses_gets_json_on_the_api(client):
    missing = client.get("/api/nothing-here/")
    not_a_slug = client.get("/api/speakers/not a slug/")
    unreadable = client.get("/api/talks/?q=%00")

    assert (missing.status_code, missing["Content-Type"]) == (404, "application/json")
    assert missing.json() == {"detail": "Not found."}
    assert not_a_slug.status_code == 404
    assert (unreadable.status_code, unreadable.json()) == (400, {"detail": "Malformed request."})
    # The site's own pages are unchanged.
    assert client.get("/nothing-here/")["Content-Type"].startswith("text/html")


def test_the_api_only_reads(client):
    TalkFactory()

    assert client.post("/api/talks/").status_code == 405
    assert client.delete("/api/talks/").status_code == 405
