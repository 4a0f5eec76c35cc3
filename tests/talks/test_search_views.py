"""The /search/ page: results with highlights, filters and facets, garbage, time limit."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from talks.search import Facet
from tests.factories import EventFactory, NoteFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("talks:search")


def result_titles(response) -> list[str]:
    return [talk.title for talk, _highlight in response.context["results"]]


def test_every_page_has_the_search_box(client):
    html = client.get(reverse("home")).content.decode()

    assert f'<form class="site-search" action="{SEARCH_URL}" method="get" role="search">' in html
    assert '<input id="site-search-q" type="search" name="q"' in html


def test_search_shows_highlighted_results_best_first(client):
    talk = TalkFactory(title="Observability on a budget", speakers=[SpeakerFactory(name="Ada")])
    NoteFactory(talk=talk, language="en", body="Sampling keeps tracing cheap.")
    TalkFactory(title="Cheap tricks", abstract="Observability in the abstract only.")
    TalkFactory(title="Unrelated")

    response = client.get(SEARCH_URL, {"q": "observability"})
    html = response.content.decode()

    assert response.status_code == 200
    assert result_titles(response) == ["Observability on a budget", "Cheap tricks"]
    assert "<mark>Observability</mark> on a budget</a>" in html
    assert '<p class="snippet" lang="en"><mark>Observability</mark> in the abstract only.' in html
    assert "2 talks found" in html


def test_search_shows_the_matching_note(client):
    talk = TalkFactory(title="Tracing")
    note = NoteFactory(talk=talk, language="fr", body="L'échantillonnage réduit les coûts.")

    html = client.get(SEARCH_URL, {"q": "coût"}).content.decode()

    assert (
        f'<a href="{talk.get_absolute_url()}#note-{note.pk}">In the notes:</a> '
        '<span lang="fr">L&#x27;échantillonnage réduit les <mark>coûts</mark>.</span>'
    ) in html


def test_search_page_without_query_shows_only_the_form(client):
    TalkFactory(title="Anything")

    response = client.get(SEARCH_URL)

    assert response.status_code == 200
    assert response.context["results"] == []
    assert "talks found" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "\\",
        "\\\\'",
        "&|!:*()",
        "a & b | !c",
        "<-> <2>",
        "foo:*",
        "x\x00y",
        "-",
        "or or or",
        "-kubernetes",
        "a" * 10_000,
        "é" * 10_000,
        "(" * 5_000,
    ],
)
def test_garbage_queries_answer_cleanly(client, query):
    TalkFactory(title="Kubernetes")

    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code == 200
    assert result_titles(response) == []


def test_search_combines_with_topic_language_and_event_filters(client):
    event = EventFactory(slug="devfest-nantes-2025")
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TalkFactory(title="Security FR", event=event, languages=["fr"], topics=[kubernetes])
    TalkFactory(title="Security EN", event=event, languages=["en"], topics=[kubernetes])
    TalkFactory(title="Security elsewhere", languages=["fr"], topics=[kubernetes])
    TalkFactory(title="Security untagged", event=event, languages=["fr"])

    def titles(**filters) -> list[str]:
        response = client.get(SEARCH_URL, {"q": "security", **filters})
        return sorted(result_titles(response))

    assert titles(topic="kubernetes") == ["Security EN", "Security FR", "Security elsewhere"]
    assert titles(language="fr") == ["Security FR", "Security elsewhere", "Security untagged"]
    assert titles(event="devfest-nantes-2025") == [
        "Security EN",
        "Security FR",
        "Security untagged",
    ]
    assert titles(topic="kubernetes", language="fr", event="devfest-nantes-2025") == ["Security FR"]
    # An unknown language is ignored rather than an error.
    assert len(titles(language="xx")) == 4


def test_facets_count_the_results(client):
    event = EventFactory(name="DevFest Nantes 2025", slug="devfest-nantes-2025")
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    security = TopicFactory(name="Security", slug="security")
    TalkFactory(title="Cluster hardening", event=event, languages=["fr", "en"], topics=[kubernetes])
    TalkFactory(
        title="Cluster upgrades", event=event, languages=["fr"], topics=[kubernetes, security]
    )
    TalkFactory(title="Unrelated", event=event, languages=["en"], topics=[security])

    response = client.get(SEARCH_URL, {"q": "cluster"})
    facets = response.context["facets"]

    assert facets.topics == [Facet("kubernetes", "Kubernetes", 2), Facet("security", "Security", 1)]
    assert facets.languages == [Facet("fr", "French", 2), Facet("en", "English", 1)]
    assert facets.events == [Facet("devfest-nantes-2025", "DevFest Nantes 2025", 2)]
    assert 'href="?q=cluster&amp;topic=security">Security</a> (1)' in response.content.decode()


def test_results_are_paginated(client):
    for number in range(25):
        TalkFactory(title=f"Serverless {number}")

    first = client.get(SEARCH_URL, {"q": "serverless"})
    second = client.get(SEARCH_URL, {"q": "serverless", "page": 2})

    assert (len(first.context["results"]), len(second.context["results"])) == (20, 5)
    assert not {*result_titles(first)} & {*result_titles(second)}


@pytest.mark.parametrize("talk_count", [3, 25])
def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, talk_count):
    topic = TopicFactory()
    for number in range(talk_count):
        talk = TalkFactory(
            title=f"Serverless {number}",
            speakers=[SpeakerFactory(), SpeakerFactory()],
            topics=[topic],
        )
        NoteFactory(talk=talk, body="serverless notes")

    # Savepoint, time limit, ranking, count, page, speakers, topics, highlights, three facets,
    # release.
    with django_assert_num_queries(12):
        response = client.get(SEARCH_URL, {"q": "serverless"})

    assert response.status_code == 200


@pytest.fixture
def talks_table_locked_elsewhere():
    """Another connection holds a lock on the talks, so that any search waits."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        dbname=database["NAME"],
    ) as other:
        other.execute("LOCK TABLE talks_talk IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


def test_slow_search_stops_with_a_friendly_message(client, settings, talks_table_locked_elsewhere):
    settings.SEARCH_TIMEOUT_MS = 100

    response = client.get(SEARCH_URL, {"q": "kubernetes"})

    assert response.status_code == 503
    assert "This search took too long and was stopped." in response.content.decode()
