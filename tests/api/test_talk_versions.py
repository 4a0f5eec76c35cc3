"""Versions of one talk in the JSON API: each talk names its other published versions, and
the talk list can give one item per talk."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talks.models import TalkStatus
from tests.factories import EventFactory, TalkFactory, WorkFactory

pytestmark = pytest.mark.django_db


def version(work, slug, *, languages, date, **fields):
    event = EventFactory(slug=slug, start_date=date, end_date=date)
    return TalkFactory(
        event=event, work=work, slug="operators", languages=languages, date=date, **fields
    )


@pytest.fixture
def versions():
    work = WorkFactory()
    return [
        version(work, "meetup-nantes", languages=["fr"], date=datetime.date(2024, 1, 11)),
        version(work, "kubecon-eu-2024", languages=["en"], date=datetime.date(2024, 3, 20)),
    ]


def test_a_talk_names_its_other_published_versions(client, versions):
    _meetup, kubecon = versions
    version(
        kubecon.work,
        "hidden-2024",
        languages=["en"],
        date=datetime.date(2024, 5, 1),
        status=TalkStatus.PENDING,
    )

    talk = client.get("/api/talks/meetup-nantes/operators/").json()

    assert talk["versions"] == [
        {
            "event": "kubecon-eu-2024",
            "slug": "operators",
            "title": kubecon.title,
            "languages": ["en"],
            "date": "2024-03-20",
            "url": "http://testserver/talks/kubecon-eu-2024/operators/",
            "api_url": "http://testserver/api/talks/kubecon-eu-2024/operators/",
        }
    ]
    other = client.get("/api/talks/kubecon-eu-2024/operators/").json()
    assert [item["event"] for item in other["versions"]] == ["meetup-nantes"]


def test_a_talk_given_once_has_no_versions(client):
    talk = TalkFactory()

    assert client.get(f"/api/talks/{talk.event.slug}/{talk.slug}/").json()["versions"] == []


def test_the_talk_list_names_each_talks_versions(client, versions):
    TalkFactory()

    results = client.get("/api/talks/").json()["results"]

    by_event = {talk["event"]["slug"]: talk["versions"] for talk in results}
    assert [item["event"] for item in by_event["meetup-nantes"]] == ["kubecon-eu-2024"]
    assert [item["event"] for item in by_event["kubecon-eu-2024"]] == ["meetup-nantes"]
    assert sorted(len(versions) for versions in by_event.values()) == [0, 1, 1]


@pytest.mark.parametrize("size", [2, 12])
def test_versions_cost_a_fixed_number_of_queries(client, size):
    works = [WorkFactory() for _ in range(2)]
    for number in range(size):
        version(
            works[number % 2],
            f"event-{number}",
            languages=["en"],
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )

    with CaptureQueriesContext(connection) as listed:
        results = client.get(f"/api/talks/?page_size={size}").json()["results"]
    with CaptureQueriesContext(connection) as detailed:
        talk = client.get("/api/talks/event-0/operators/").json()

    assert sorted(len(talk["versions"]) for talk in results) == [size // 2 - 1] * size
    assert len(talk["versions"]) == size // 2 - 1
    # The page's ids, the talks, their speakers, topics, works and the works' versions.
    assert len(listed.captured_queries) == 6, [query["sql"] for query in listed]
    # The talk, its speakers, topics, work and the work's versions.
    assert len(detailed.captured_queries) == 5, [query["sql"] for query in detailed]


def ids_of(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [talk["id"] for talk in response.json()["results"]]


@pytest.mark.parametrize(
    "parameters",
    [
        {"versions": "one"},
        {"versions": "one", "sort": "date"},
        {"versions": "one", "language": "fr"},
        {"versions": "one", "q": "number"},
    ],
)
def test_the_talk_list_gives_each_talk_once_as_the_finder_does(client, versions, parameters):
    meetup, kubecon = versions
    TalkFactory(title="Go generics", date=datetime.date(2024, 2, 1))

    listed = ids_of(client.get("/api/talks/", parameters))
    found = client.get("/talks/", parameters).context["talks"]

    assert listed == [item.id for item in found]
    latest = meetup if parameters.get("language") == "fr" else kubecon
    assert latest.pk in listed
    assert ({meetup.pk, kubecon.pk} - {latest.pk}).isdisjoint(listed)


def test_the_talk_list_pages_each_talk_once_by_cursor(client, versions):
    TalkFactory.create_batch(3)

    ids = []
    response = client.get("/api/talks/", {"versions": "one", "page_size": 2})
    while True:
        ids += ids_of(response)
        if response.json()["next"] is None:
            break
        response = client.get(response.json()["next"])

    assert len(ids) == len(set(ids)) == 4
    assert versions[1].pk in ids


def test_an_unknown_versions_value_gets_a_400_naming_it(client):
    response = client.get("/api/talks/", {"versions": "all-of-them"})

    assert response.status_code == 400
    assert list(response.json()) == ["versions"]


@pytest.mark.parametrize("size", [2, 12])
def test_one_per_talk_costs_a_fixed_number_of_queries(client, size):
    for number in range(size):
        work = WorkFactory()
        for year in (2023, 2024):
            version(
                work, f"event-{number}-{year}", languages=["en"], date=datetime.date(year, 5, 1)
            )

    with CaptureQueriesContext(connection) as listed:
        results = client.get(f"/api/talks/?versions=one&page_size={size}").json()["results"]
    with CaptureQueriesContext(connection) as searched:
        found = client.get(f"/api/talks/?versions=one&q=talk&page_size={size}").json()["results"]

    assert [len(talk["versions"]) for talk in results] == [1] * size
    assert len(found) == size
    # The page's ids, the talks, their speakers, topics, works and the works' versions.
    assert len(listed.captured_queries) == 6, [query["sql"] for query in listed]
    # The text search, then the ids of the latest versions among its matches, and the rest.
    assert len(searched.captured_queries) == 7, [query["sql"] for query in searched]
