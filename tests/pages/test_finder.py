"""The talk finder, /talks/: every filter, their combinations, facet counts, htmx, pages."""

import datetime

import pytest
from django.urls import reverse

from events.models import EventStatus
from pages.finder import facets
from talks.models import NoteStatus, TalkFormat, TalkStatus
from tests.catalogue import make_catalogue
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

FINDER = reverse("talks:list")


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


def titles(response) -> list[str]:
    return [talk.title for talk in response.context["talks"]]


def options(response, facet: str) -> list[tuple[str, int, bool]]:
    return [
        (option.value, option.count, option.selected)
        for option in response.context["facets"].options[facet]
    ]


NEWEST_FIRST = ["eBPF with Go", "Kubernetes operators", "Platform as a product"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", NEWEST_FIRST),
        ("event=kubecon-europe-2024", ["Kubernetes operators", "Platform as a product"]),
        ("series=devfest-nantes", ["eBPF with Go"]),
        ("year=2024", ["Kubernetes operators", "Platform as a product"]),
        ("topic=kubernetes", ["eBPF with Go", "Kubernetes operators"]),
        ("topic=go&topic=platform-engineering", ["Kubernetes operators", "Platform as a product"]),
        ("language=fr", ["eBPF with Go", "Kubernetes operators"]),
        ("language=en&language=fr", NEWEST_FIRST),
        ("speaker=bob-durand", ["eBPF with Go", "Platform as a product"]),
        ("format=keynote", ["Platform as a product"]),
        ("has_notes=true", ["eBPF with Go", "Kubernetes operators"]),
        ("has_notes=false", ["Platform as a product"]),
        ("min_rating=4", ["Kubernetes operators"]),
        ("min_rating=2", ["Kubernetes operators", "Platform as a product"]),
        ("q=ebpf", ["eBPF with Go"]),
        ("q=RECONCILE", ["Kubernetes operators"]),
        ("q=durand", ["eBPF with Go", "Platform as a product"]),
        ("topic=kubernetes&language=fr&year=2024", ["Kubernetes operators"]),
        ("speaker=alice-martin&format=lightning", ["eBPF with Go"]),
        ("series=kubecon-europe&has_notes=true&min_rating=3", ["Kubernetes operators"]),
        ("topic=kubernetes&language=en&event=kubecon-europe-2024", []),
        ("topic=secret", []),
        ("event=pending-summit", []),
    ],
)
def test_each_filter_and_combinations(client, catalogue, query, expected):
    response = client.get(f"{FINDER}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["paginator"].count == len(expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-date", NEWEST_FIRST),
        ("date", ["Platform as a product", "Kubernetes operators", "eBPF with Go"]),
        ("title", ["Kubernetes operators", "Platform as a product", "eBPF with Go"]),
        ("rating", ["Kubernetes operators", "Platform as a product", "eBPF with Go"]),
        ("notes", ["Kubernetes operators", "eBPF with Go", "Platform as a product"]),
    ],
)
def test_sort_orders(client, catalogue, sort, expected):
    # The default order, -date, redirects to the address without it.
    assert titles(client.get(f"{FINDER}?sort={sort}", follow=True)) == expected


def test_facets_count_each_option_with_the_other_filters(client, catalogue):
    response = client.get(f"{FINDER}?topic=kubernetes&language=fr")

    # Topics are counted with the language filter only, languages with the topic filter only.
    assert options(response, "topic") == [
        ("kubernetes", 2, True),
        ("ebpf", 1, False),
        ("go", 1, False),
    ]
    assert options(response, "language") == [("fr", 2, True), ("en", 1, False)]
    assert options(response, "event") == [
        ("devfest-nantes-2025", 1, False),
        ("kubecon-europe-2024", 1, False),
    ]
    assert options(response, "series") == [
        ("devfest-nantes", 1, False),
        ("kubecon-europe", 1, False),
    ]
    assert options(response, "year") == [("2025", 1, False), ("2024", 1, False)]
    assert options(response, "format") == [("talk", 1, False), ("lightning", 1, False)]
    assert options(response, "has_notes") == [("true", 2, False)]
    assert options(response, "min_rating") == [
        ("4", 1, False),
        ("3", 1, False),
        ("2", 1, False),
        ("1", 1, False),
    ]
    html = response.content.decode()
    assert 'value="kubernetes" checked' in html
    assert 'Kubernetes <span class="count">(2)</span>' in html


def test_facets_without_filters_count_only_public_talks(client, catalogue):
    response = client.get(FINDER)

    assert options(response, "topic") == [
        ("kubernetes", 2, False),
        ("ebpf", 1, False),
        ("go", 1, False),
        ("platform-engineering", 1, False),
    ]
    assert options(response, "language") == [("en", 2, False), ("fr", 2, False)]
    assert [value for value, _, _ in options(response, "event")] == [
        "devfest-nantes-2025",
        "kubecon-europe-2024",
    ]
    assert options(response, "has_notes") == [("true", 2, False)]
    html = response.content.decode()
    for secret in ("Proposed talk", "pending event", "Pending Summit", "Secret"):
        assert secret not in html


def test_talks_without_notes_leave_the_notes_option_unchecked(client, catalogue):
    response = client.get(f"{FINDER}?has_notes=false")

    assert options(response, "has_notes") == [("true", 2, False)]
    assert '<input type="checkbox" id="filter-has-notes" name="has_notes" value="true">' in (
        response.content.decode()
    )


def test_a_selected_option_without_talks_stays_visible(client, catalogue):
    response = client.get(f"{FINDER}?event=devfest-nantes-2025&format=keynote&topic=unknown")

    assert titles(response) == []
    assert ("devfest-nantes-2025", 0, True) in options(response, "event")
    assert ("keynote", 0, True) in options(response, "format")
    assert ("unknown", 0, True) in options(response, "topic")
    html = response.content.decode()
    assert '<option value="devfest-nantes-2025" selected>DevFest Nantes 2025 (0)</option>' in html


def test_selected_topic_and_series_keep_their_names_without_talks(client, catalogue):
    response = client.get(f"{FINDER}?series=kubecon-europe&topic=ebpf&topic=secret")

    assert titles(response) == []
    assert ("kubecon-europe", 0, True) in options(response, "series")
    assert [
        (option.value, option.label)
        for option in response.context["facets"].options["topic"]
        if option.selected
    ] == [("ebpf", "eBPF"), ("secret", "secret")]
    html = response.content.decode()
    assert '<option value="kubecon-europe" selected>KubeCon Europe (0)</option>' in html
    assert "Secret" not in html


def test_invalid_parameters_are_reported_and_the_others_still_apply(client, catalogue):
    response = client.get(f"{FINDER}?year=soon&language=xx&topic=kubernetes")

    assert titles(response) == ["eBPF with Go", "Kubernetes operators"]
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    assert "Year: Enter a whole number." in html
    assert "Languages: Select a valid choice. xx is not one of the available choices." in html


def test_empty_parameters_redirect_to_the_shareable_address(client, catalogue):
    response = client.get(f"{FINDER}?q=&topic=kubernetes&event=&sort=-date&language=fr")

    assert response.status_code == 302
    assert response["Location"] == f"{FINDER}?topic=kubernetes&language=fr"


def test_speaker_filter_names_the_speaker_and_keeps_it_in_the_form(client, catalogue):
    html = client.get(f"{FINDER}?speaker=alice-martin").content.decode()

    assert "Talks by Alice Martin" in html
    assert '<input type="hidden" name="speaker" value="alice-martin">' in html
    assert '<a href="?" hx-get="?">Any speaker</a>' in html


def test_htmx_request_gets_the_finder_partial_and_the_clean_address(client, catalogue):
    response = client.get(
        f"{FINDER}?q=&topic=kubernetes&language=fr&sort=-date", headers={"HX-Request": "true"}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"{FINDER}?topic=kubernetes&language=fr"
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<div id="finder"')
    assert "<html" not in html
    assert titles(response) == ["eBPF with Go", "Kubernetes operators"]
    # The result count and the language switcher's return address follow, out of band.
    assert '<span id="finder-status" hx-swap-oob="innerHTML">2 talks</span>' in html
    assert (
        '<input id="language-next" name="next" type="hidden" '
        'value="/talks/?topic=kubernetes&amp;language=fr" hx-swap-oob="true">'
    ) in html


def test_history_restore_request_gets_the_whole_page(client, catalogue):
    response = client.get(
        f"{FINDER}?topic=kubernetes",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert response.content.decode().startswith("<!doctype html>")


def test_page_without_javascript_has_a_working_form(client, catalogue):
    html = client.get(FINDER).content.decode()

    assert '<form id="talk-filters" class="filters" method="get" action="/talks/"' in html
    assert '<button type="submit">Apply filters</button>' in html
    assert '<label for="filter-event">Event</label>' in html
    assert '<label for="topic-kubernetes">Kubernetes <span class="count">(2)</span></label>' in (
        html
    )


def test_talks_show_their_speakers_in_their_order(client):
    zoe = SpeakerFactory(name="Zoé Martin", slug="zoe-martin")
    ada = SpeakerFactory(name="Ada Lovelace", slug="ada-lovelace")
    talk = TalkFactory(speakers=[zoe, ada])
    TalkFactory(speakers=[ada, zoe])

    finder = client.get(FINDER).content.decode()
    talk_page = client.get(talk.get_absolute_url()).content.decode()

    zoe_then_ada = (
        '<a href="/speakers/zoe-martin/">Zoé Martin</a>, '
        '<a href="/speakers/ada-lovelace/">Ada Lovelace</a>'
    )
    ada_then_zoe = (
        '<a href="/speakers/ada-lovelace/">Ada Lovelace</a>, '
        '<a href="/speakers/zoe-martin/">Zoé Martin</a>'
    )
    assert zoe_then_ada in finder and ada_then_zoe in finder
    assert zoe_then_ada in talk_page


def test_facet_lists_are_rendered_in_the_reader_language(client):
    TalkFactory(languages=["fr"])

    english = client.get(FINDER)
    french = client.get(FINDER, headers={"Accept-Language": "fr"})

    assert french.context["facets"].version == english.context["facets"].version
    assert '<label for="language-fr">French <span class="count">(1)</span>' in (
        english.content.decode()
    )
    assert '<label for="language-fr">français <span class="count">(1)</span>' in (
        french.content.decode()
    )


def test_facet_lists_show_new_counts_as_soon_as_they_are_counted(client, monkeypatch):
    # Counted again at each request, as when the counts of a minute ago leave the cache.
    monkeypatch.setattr(facets, "FACET_CACHE_SECONDS", 0)
    TalkFactory(languages=["fr"])
    first = client.get(FINDER)
    TalkFactory(languages=["fr"])

    second = client.get(FINDER)

    assert second.context["facets"].version != first.context["facets"].version
    assert '<label for="language-fr">French <span class="count">(2)</span>' in (
        second.content.decode()
    )


def test_pages_keep_the_filters(client):
    event = EventFactory()
    for index in range(25):
        TalkFactory(event=event, title=f"Talk {index:02}", languages=["fr"])

    first = client.get(f"{FINDER}?language=fr&sort=title")
    second = client.get(f"{FINDER}?language=fr&sort=title&page=2")

    assert titles(first) == [f"Talk {index:02}" for index in range(20)]
    assert titles(second) == [f"Talk {index:02}" for index in range(20, 25)]
    assert 'href="?language=fr&amp;sort=title&amp;page=2"' in first.content.decode()
    assert client.get(f"{FINDER}?page=3").status_code == 404


@pytest.mark.parametrize("size", [2, 8])
def test_finder_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_catalogue(size)
    # Facets and count, the page's ids, its talks' list items.
    with django_assert_num_queries(3):
        response = client.get(f"{FINDER}?topic=kubernetes&language=fr&sort=rating")
    assert len(response.context["talks"]) == size


@pytest.mark.parametrize("size", [2, 8])
def test_finder_by_speaker_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    _, speaker, _ = make_catalogue(size)
    # One more: the speaker's name; and two for the text, ranked by full-text search for the
    # facets and again with "has notes" for the page, which gives the page's ids.
    with django_assert_num_queries(5):
        response = client.get(f"{FINDER}?speaker={speaker.slug}&has_notes=true&q=talk")
    assert len(response.context["talks"]) == size


def test_finder_without_results_runs_only_the_facet_query(client, django_assert_num_queries):
    make_catalogue(2)
    with django_assert_num_queries(1):
        response = client.get(f"{FINDER}?topic=kubernetes&language=de")
    assert response.context["paginator"].count == 0


def test_finder_reuses_cached_facet_counts_for_the_same_filters(client, django_assert_num_queries):
    make_catalogue(4)
    first = client.get(f"{FINDER}?topic=kubernetes&language=fr")

    # The facets and the count come from the cache: the page's ids and its talks' list items
    # remain.
    with django_assert_num_queries(2):
        second = client.get(f"{FINDER}?topic=kubernetes&language=fr")

    assert second.context["facets"] == first.context["facets"]
    assert titles(second) == titles(first)


def test_a_has_notes_value_neither_true_nor_false_is_reported_not_ignored(client):
    response = client.get("/talks/", {"has_notes": "maybe"})

    assert response.status_code == 200
    assert response.context["filter"].errors == {
        "has_notes": ["“maybe” is neither true nor false."]
    }
