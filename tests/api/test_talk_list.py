"""The API's talk list is the finder's: same parameters, same talks, same order."""

import base64
import datetime
import json

import pytest

from talks.models import Talk
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Talks on a few days (several on the same day and hour), with and without start times,
    notes, ratings and recordings, in two years, languages and formats."""
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    rust = TopicFactory(name="Rust", slug="rust")
    anne = SpeakerFactory(name="Anne First", slug="anne-first")
    events = [
        EventFactory(slug="devfest-2024", start_date=datetime.date(2024, 10, 17)),
        EventFactory(slug="devfest-2025", start_date=datetime.date(2025, 10, 16)),
    ]
    for number in range(24):
        event = events[number % 2]
        talk = TalkFactory(
            event=event,
            title=f"{'Kubernetes operators' if number % 3 == 0 else 'Rust in production'} {number}",
            slug=f"talk-{number}",
            date=event.start_date + datetime.timedelta(days=number % 2),
            start_time=None if number % 4 == 0 else datetime.time(9 + number % 3),
            languages=["fr"] if number % 2 else ["en", "fr"],
            format="workshop" if number % 5 == 0 else "talk",
            topics=[kubernetes] if number % 3 == 0 else [rust],
            speakers=[anne] if number % 4 == 1 else [SpeakerFactory()],
            video_url=f"https://vimeo.com/{1000 + number}" if number % 3 == 1 else "",
        )
        for _ in range(number % 3):
            NoteFactory(talk=talk)
        if number % 2:
            ReviewFactory(talk=talk, rating=1 + number % 5)


def api_ids(client, parameters, page_size=7):
    """The ids of every talk of the API's list, following its `next` addresses."""
    ids = []
    response = client.get("/api/talks/", {**parameters, "page_size": page_size})
    while True:
        assert response.status_code == 200, response.content
        ids += [talk["id"] for talk in response.json()["results"]]
        if response.json()["next"] is None:
            return ids
        response = client.get(response.json()["next"])


def finder_ids(client, parameters):
    """The ids of every talk that `/talks/` lists, page after page."""
    ids = []
    page = 1
    while True:
        response = client.get("/talks/", {**parameters, "page": page})
        assert response.status_code == 200
        ids += [item.id for item in response.context["page_obj"].object_list]
        if not response.context["page_obj"].has_next():
            return ids
        page += 1


@pytest.mark.parametrize(
    "parameters",
    [
        {},
        {"topic": "kubernetes", "language": "fr"},
        {"topic": ["kubernetes", "rust"], "format": "workshop"},
        {"sort": "rating"},
        {"sort": "notes", "year": "2025"},
        {"sort": "title", "has_notes": "true"},
        {"sort": "date", "min_rating": "3"},
        {"has_recording": "true", "topic": "rust"},
        {"has_recording": "false", "sort": "title"},
        {"speaker": "anne-first"},
        {"event": "devfest-2024", "series": "series-does-not-exist"},
        {"q": "kubernetes"},
        {"q": "rust production", "sort": "-date"},
    ],
)
def test_talk_list_equals_the_finder(client, catalogue, parameters):
    ids = api_ids(client, parameters)

    assert ids == finder_ids(client, parameters)
    assert len(ids) == len(set(ids))


def test_talk_list_filters_talks_with_a_recording(client, catalogue):
    ids = api_ids(client, {"has_recording": "true"})

    assert sorted(ids) == sorted(Talk.objects.exclude(video_url="").values_list("id", flat=True))
    assert len(ids) == 8


@pytest.mark.parametrize("sort", ["-date", "date", "title", "rating", "notes"])
@pytest.mark.parametrize("page_size", [1, 5, 24])
def test_paging_with_the_cursor_returns_every_talk_exactly_once(client, catalogue, sort, page_size):
    ids = api_ids(client, {"sort": sort}, page_size=page_size)

    assert sorted(ids) == sorted(Talk.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids))


def test_a_talk_added_while_paging_neither_repeats_nor_hides_another(client, catalogue):
    first = client.get("/api/talks/", {"page_size": 10}).json()
    # Newer than every talk: it sorts before the cursor.
    TalkFactory(event=EventFactory(start_date=datetime.date(2026, 1, 1)), slug="late")

    rest = api_ids(client, {"cursor": first["next"].split("cursor=")[1], "page_size": 10})

    ids = [talk["id"] for talk in first["results"]] + rest
    assert len(ids) == len(set(ids)) == 24


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"year": "nineteen"}, "year"),
        ({"topic": "not a slug"}, "topic"),
        ({"language": "xx"}, "language"),
        ({"sort": "random"}, "sort"),
        ({"min_rating": "9"}, "min_rating"),
        ({"has_recording": "maybe"}, "has_recording"),
        ({"format": "party"}, "format"),
        ({"q": "x" * 201}, "q"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"cursor": "garbage!"}, "cursor"),
        ({"cursor": base64.urlsafe_b64encode(b"[1, 2]").decode()}, "cursor"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, parameters, field):
    response = client.get("/api/talks/", parameters)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field][0], str)


def encoded(position):
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


@pytest.mark.parametrize(
    "after",
    [
        ["not a day", None, 5],
        ["2025-10-16", "25:99", 5],
        ["2025-10-16", None, 10**30],
        ["2025-10-16", None, "\x00"],
        ["2025-10-16", None, None],
        [["2025-10-16"], {}, True],
        ["2025-10-16", None],
    ],
)
def test_a_forged_cursor_gets_a_400(client, catalogue, after):
    cursor = encoded({"order": ["day", "start_time", "pk"], "after": after})

    response = client.get("/api/talks/", {"cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_cursor_of_another_order_gets_a_400(client, catalogue):
    by_title = client.get("/api/talks/", {"sort": "title", "page_size": 3}).json()["next"]
    cursor = by_title.split("cursor=")[1]

    assert client.get("/api/talks/", {"cursor": cursor}).status_code == 400
    assert client.get("/api/talks/", {"cursor": cursor, "q": "rust"}).status_code == 400


def test_an_error_speaks_the_clients_language(client):
    response = client.get("/api/talks/?page_size=0", headers={"accept-language": "fr"})

    assert response.json() == {"page_size": ["Donnez un nombre entier de 1 à 100."]}
