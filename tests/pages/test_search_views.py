"""/search/ and the finder's text: full-text results, highlights, filters and facets, garbage,
the time limit, query counts."""

import pytest
from django.urls import reverse

from pages.finder.facets import FacetOption
from talks.models import Talk
from talks.search import search_talks
from tests.factories import EventFactory, NoteFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("talks:search")
FINDER = reverse("talks:list")


def titles(response) -> list[str]:
    return [talk.title for talk in response.context["talks"]]


def test_every_page_has_the_search_box(client):
    html = client.get(reverse("home")).content.decode()

    assert (
        f'<form class="site-search" action="{SEARCH}" method="get" role="search" '
        'aria-label="Search talks and notes">' in html
    )
    assert '<input id="site-search-q" type="search" name="q"' in html


def test_search_shows_the_best_matches_first_with_highlights(client):
    talk = TalkFactory(title="Observability on a budget", speakers=[SpeakerFactory(name="Ada")])
    NoteFactory(talk=talk, language="en", body="Sampling keeps tracing cheap.")
    TalkFactory(title="Cheap tricks", abstract="Observability in the abstract only.")
    TalkFactory(title="Unrelated")

    response = client.get(SEARCH, {"q": "observability"})
    html = response.content.decode()

    assert response.status_code == 200
    assert titles(response) == ["Observability on a budget", "Cheap tricks"]
    assert "><mark>Observability</mark> on a budget</a>" in html
    assert '<p class="snippet" lang="en"><mark>Observability</mark> in the abstract only.' in html
    assert '<option value="relevance" selected>Best match</option>' in html


def test_search_shows_the_matching_note(client):
    talk = TalkFactory(title="Tracing")
    note = NoteFactory(talk=talk, language="fr", body="L'échantillonnage réduit les coûts.")

    html = client.get(SEARCH, {"q": "coût"}).content.decode()

    assert (
        f'<a href="{talk.get_absolute_url()}#note-{note.pk}">In the notes:</a> '
        '<span lang="fr">L&#x27;échantillonnage réduit les <mark>coûts</mark>.</span>'
    ) in html


def test_the_finder_text_uses_the_same_engine_and_sorts_by_date_on_request(client):
    older = TalkFactory(title="Kubernetes", date="2023-01-01")
    newer = TalkFactory(title="Operators", date="2025-01-01")
    NoteFactory(talk=newer, language="fr", body="Des conférences sur Kubernetes.")

    best_first = client.get(FINDER, {"q": "kubernetes"})
    newest_first = client.get(FINDER, {"q": "kubernetes", "sort": "-date"})

    assert titles(best_first) == [older.title, newer.title]
    assert titles(newest_first) == [newer.title, older.title]
    assert titles(client.get(FINDER, {"q": "conferences"})) == ["Operators"]


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
        "-",
        "or or or",
        "-kubernetes",
        "the",
        "(" * 150,
    ],
)
def test_garbage_queries_find_nothing_cleanly(client, query):
    TalkFactory(title="Kubernetes")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert titles(response) == []


@pytest.mark.parametrize("query", ["a" * 10_000, "é" * 10_000])
def test_queries_too_long_are_reported_and_ignored(client, query):
    TalkFactory(title="Kubernetes")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert titles(response) == ["Kubernetes"]
    assert '<div class="form-errors" role="alert">' in response.content.decode()


def test_query_with_a_nul_byte_gets_the_400_page(client):
    response = client.get(SEARCH, {"q": "x\x00y"})

    assert response.status_code == 400
    assert response.templates[0].name == "400.html"


def test_search_combines_with_topic_language_and_event_filters(client):
    event = EventFactory(slug="devfest-nantes-2025")
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TalkFactory(title="Security FR", event=event, languages=["fr"], topics=[kubernetes])
    TalkFactory(title="Security EN", event=event, languages=["en"], topics=[kubernetes])
    TalkFactory(title="Security elsewhere", languages=["fr"], topics=[kubernetes])
    TalkFactory(title="Security untagged", event=event, languages=["fr"])

    def found(**filters) -> list[str]:
        return sorted(titles(client.get(SEARCH, {"q": "security", **filters})))

    assert found(topic="kubernetes") == ["Security EN", "Security FR", "Security elsewhere"]
    assert found(language="fr") == ["Security FR", "Security elsewhere", "Security untagged"]
    assert found(event="devfest-nantes-2025") == ["Security EN", "Security FR", "Security untagged"]
    assert found(topic="kubernetes", language="fr", event="devfest-nantes-2025") == ["Security FR"]


def test_facets_count_the_matches(client):
    event = EventFactory(name="DevFest Nantes 2025", slug="devfest-nantes-2025")
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    security = TopicFactory(name="Security", slug="security")
    TalkFactory(title="Cluster hardening", event=event, languages=["fr", "en"], topics=[kubernetes])
    TalkFactory(
        title="Cluster upgrades", event=event, languages=["fr"], topics=[kubernetes, security]
    )
    TalkFactory(title="Unrelated", event=event, languages=["en"], topics=[security])

    response = client.get(SEARCH, {"q": "cluster", "topic": "security"})
    options = response.context["facets"].options

    assert titles(response) == ["Cluster upgrades"]
    # Each option counts what it would give with the other filters: the text and the topic.
    assert options["topic"] == [
        FacetOption("security", "Security", 1, selected=True),
        FacetOption("kubernetes", "Kubernetes", 2, selected=False),
    ]
    assert options["language"] == [FacetOption("fr", "French", 1, selected=False)]
    assert options["event"] == [
        FacetOption("devfest-nantes-2025", "DevFest Nantes 2025", 1, selected=False)
    ]


def test_results_are_paginated_best_first(client):
    for number in range(25):
        TalkFactory(title=f"Serverless {number}", abstract="serverless " * (number % 4))

    first = client.get(SEARCH, {"q": "serverless"})
    second = client.get(SEARCH, {"q": "serverless", "page": 2})

    assert (len(titles(first)), len(titles(second))) == (20, 5)
    best_first = search_talks(Talk.objects.published(), "serverless").talks
    assert titles(first) + titles(second) == [talk.title for talk in best_first]
    assert titles(first)[0] in {f"Serverless {number}" for number in range(3, 25, 4)}


def test_an_htmx_request_gets_the_results_without_the_page(client):
    TalkFactory(title="Serverless")

    response = client.get(SEARCH, {"q": "serverless"}, headers={"HX-Request": "true"})
    html = response.content.decode()

    assert f'hx-get="{SEARCH}"' in html
    assert "<mark>Serverless</mark>" in html
    assert "<html" not in html


def test_a_text_that_matches_many_talks_keeps_the_best_and_says_so(client, settings):
    settings.SEARCH_MATCHES_KEPT = 3
    for number in range(8):
        TalkFactory(title=f"Serverless {number}")

    few = client.get(SEARCH, {"q": "serverless 5"})
    many = client.get(SEARCH, {"q": "serverless"})

    assert titles(few) == ["Serverless 5"]
    assert "of many more that match" not in few.content.decode()
    assert 3 <= len(titles(many)) <= 6
    assert "talks of many more that match: add a word or a filter" in many.content.decode()


def test_filters_choose_among_all_the_matches_before_the_search_keeps_the_best(client, settings):
    settings.SEARCH_MATCHES_KEPT = 2
    security = TopicFactory(name="Security", slug="security")
    for number in range(5):
        TalkFactory(title=f"Serverless {number}")
    TalkFactory(title="Serverless and secure", topics=[security])

    response = client.get(SEARCH, {"q": "serverless", "topic": "security"})

    assert titles(response) == ["Serverless and secure"]


def make_talks(count: int) -> None:
    topic = TopicFactory()
    for number in range(count):
        talk = TalkFactory(
            title=f"Serverless {number}",
            speakers=[SpeakerFactory(), SpeakerFactory()],
            topics=[topic],
        )
        NoteFactory(talk=talk, body="serverless notes")


@pytest.mark.parametrize("talk_count", [3, 25])
def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, talk_count):
    make_talks(talk_count)

    # The ranking (once, for the facets and the page, which gives the page's ids), the facets
    # and count, the page's talks' list items, the highlights.
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "serverless"})

    assert len(titles(response)) == min(talk_count, 20)


def test_a_search_that_kept_its_best_matches_is_counted_by_the_facet_query(
    client, settings, django_assert_num_queries
):
    settings.SEARCH_MATCHES_KEPT = 3
    make_talks(8)

    # As many queries as when the search keeps every match: no COUNT of the results.
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "serverless"})

    assert response.context["paginator"].count == len(titles(response)) >= 3


def test_a_search_that_kept_its_best_matches_among_filtered_talks_counts_them(client, settings):
    settings.SEARCH_MATCHES_KEPT = 2
    security = TopicFactory(name="Security", slug="security")
    for number in range(5):
        TalkFactory(title=f"Serverless {number}")
    for number in range(3):
        TalkFactory(title=f"Serverless and secure {number}", topics=[security])

    response = client.get(SEARCH, {"q": "serverless", "topic": "security"})

    # The facet query kept its matches among all the talks, the page among the secure ones:
    # the results are counted.
    assert response.context["paginator"].count == len(titles(response)) >= 2


@pytest.mark.parametrize("talk_count", [3, 25])
def test_finder_text_search_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, talk_count
):
    make_talks(talk_count)

    # As the search page, without highlights.
    with django_assert_num_queries(4):
        response = client.get(FINDER, {"q": "serverless"})

    assert len(titles(response)) == min(talk_count, 20)


@pytest.mark.django_db(transaction=True)
def test_slow_search_stops_with_a_friendly_message(
    client, settings, search_documents_locked_elsewhere
):
    settings.SEARCH_TIMEOUT_MS = 100

    response = client.get(SEARCH, {"q": "kubernetes"})

    assert response.status_code == 503
    assert "This search took too long and was stopped." in response.content.decode()
