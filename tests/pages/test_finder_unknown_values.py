"""Unknown filter values: reported by name, in the reader's language, and ignored, while the
other values, of the same parameter too, still apply; the shareable address leaves them out."""

import pytest
from django.urls import reverse

from pages.views.events import EventListView
from tests.catalogue import make_catalogue
from tests.factories import EventFactory, SeriesFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

FINDER = reverse("talks:list")
EVENTS = reverse("events:list")
SPEAKERS = reverse("people:speaker-list")


def titles(response) -> list[str]:
    return [talk.title for talk in response.context["talks"]]


# (query with an unknown value, the same query without it, the parameter's label, the value)
UNKNOWN_FINDER_VALUES = [
    ("topic=nope", "", "Topics", "nope"),
    ("topic=kubernetes&topic=nope", "topic=kubernetes", "Topics", "nope"),
    (
        "topic=nope&topic=go&topic=platform-engineering",
        "topic=go&topic=platform-engineering",
        "Topics",
        "nope",
    ),
    ("topic=Not%20a%20slug&topic=go", "topic=go", "Topics", "Not a slug"),
    # Topics, events and series that readers may not see are unknown to them.
    ("topic=secret&topic=kubernetes", "topic=kubernetes", "Topics", "secret"),
    ("event=nope&language=en", "language=en", "Event", "nope"),
    ("event=pending-summit", "", "Event", "pending-summit"),
    ("series=nope&year=2024", "year=2024", "Series", "nope"),
    ("language=fr&language=xx", "language=fr", "Languages", "xx"),
    ("language=xx", "", "Languages", "xx"),
    ("format=opera&topic=kubernetes", "topic=kubernetes", "Format", "opera"),
    ("year=soon&topic=kubernetes", "topic=kubernetes", "Year", "soon"),
    ("year=1800", "", "Year", "1800"),
    ("speaker=nobody&language=fr", "language=fr", "Speaker", "nobody"),
    ("has_notes=maybe", "", "With notes", "maybe"),
    ("has_recording=yes&language=fr", "language=fr", "With a recording", "yes"),
    ("min_rating=9", "", "Minimum rating", "9"),
    ("sort=random", "", "Sort by", "random"),
    ("page=abc", "", "Page", "abc"),
    ("page=7&language=en", "language=en", "Page", "7"),
    ("page=0", "", "Page", "0"),
]


@pytest.mark.parametrize(("query", "without", "label", "value"), UNKNOWN_FINDER_VALUES)
def test_an_unknown_finder_value_is_reported_and_ignored(
    client, catalogue, query, without, label, value
):
    response = client.get(f"{FINDER}?{query}")

    assert response.status_code == 200
    assert titles(response) == titles(client.get(f"{FINDER}?{without}"))
    assert f"<li>{label}: “{value}” is not a known value.</li>" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "topic=kubernetes&topic=nope",
            "<li>Sujets\u00a0: «\u00a0nope\u00a0» n\u2019est pas une valeur connue.</li>",
        ),
        ("page=abc", "<li>Page\u00a0: «\u00a0abc\u00a0» n\u2019est pas une valeur connue.</li>"),
        ("year=soon", "<li>Année\u00a0: «\u00a0soon\u00a0» n\u2019est pas une valeur connue.</li>"),
    ],
)
def test_unknown_values_are_reported_in_french(client, catalogue, query, message):
    html = client.get(f"{FINDER}?{query}", headers={"Accept-Language": "fr"}).content.decode()

    assert "Certains filtres ont été ignorés\u00a0:" in html
    assert message in html


def test_every_unknown_value_of_a_parameter_is_named(client, catalogue):
    response = client.get(f"{FINDER}?topic=nope&topic=kubernetes&topic=other")

    assert titles(response) == ["eBPF with Go", "Kubernetes operators"]
    html = response.content.decode()
    assert "<li>Topics: “nope” is not a known value.</li>" in html
    assert "<li>Topics: “other” is not a known value.</li>" in html
    selected = [o.value for o in response.context["facets"].options["topic"] if o.selected]
    assert selected == ["kubernetes"]


def test_known_values_are_not_reported(client, catalogue):
    html = client.get(
        f"{FINDER}?topic=kubernetes&event=kubecon-europe-2024&series=kubecon-europe"
        "&speaker=alice-martin&language=fr&year=2024&format=talk&sort=title&page=1"
    ).content.decode()

    assert "form-errors" not in html


def test_a_plain_request_keeps_its_address_to_show_the_message(client, catalogue):
    response = client.get(f"{FINDER}?topic=kubernetes&topic=nope")

    assert response.status_code == 200
    assert 'value="/talks/?topic=kubernetes"' in response.content.decode()


def test_the_shareable_address_leaves_the_ignored_values_out(client, catalogue):
    response = client.get(
        f"{FINDER}?topic=nope&topic=kubernetes&language=xx&language=fr&year=soon&page=abc",
        headers={"HX-Request": "true"},
    )

    assert response["HX-Push-Url"] == f"{FINDER}?topic=kubernetes&language=fr"
    html = response.content.decode()
    assert "“nope” is not a known value." in html
    assert (
        '<input id="language-next" name="next" type="hidden" '
        'value="/talks/?topic=kubernetes&amp;language=fr" hx-swap-oob="true">'
    ) in html


def test_page_links_leave_the_ignored_values_out(client):
    make_catalogue(25)

    html = client.get(f"{FINDER}?topic=nope&topic=kubernetes").content.decode()

    assert 'href="?topic=kubernetes&amp;page=2"' in html


@pytest.mark.parametrize("unknown", [1, 5])
def test_unknown_values_are_found_in_one_query_however_many(
    client, django_assert_num_queries, unknown
):
    make_catalogue(2)
    unknown_topics = "".join(f"&topic=nope-{index}" for index in range(unknown))
    # The known slugs of every parameter, the facets and the count, the page's ids, its talks'
    # list items.
    with django_assert_num_queries(5):
        response = client.get(
            f"{FINDER}?topic=kubernetes{unknown_topics}&event=nope&series=nope&speaker=nope"
        )
    assert len(response.context["talks"]) == 2
    assert response.content.decode().count("is not a known value.") == unknown + 3


def test_the_speaker_is_named_from_the_known_slugs(client, catalogue, django_assert_num_queries):
    # The known slugs with the speaker's name, the facets, the ids, the list items.
    with django_assert_num_queries(5):
        html = client.get(f"{FINDER}?speaker=alice-martin").content.decode()
    assert "Talks by Alice Martin" in html


@pytest.fixture
def events():
    devfest = SeriesFactory(name="DevFest Nantes", slug="devfest-nantes")
    EventFactory(name="DevFest 2025", series=devfest, country="FR")
    EventFactory(name="KubeCon 2025", country="GB")


@pytest.mark.parametrize(
    ("query", "without", "label", "value"),
    [
        ("series=nope&country=FR", "country=FR", "Series", "nope"),
        ("country=ZZ", "", "Country", "ZZ"),
        ("country=France", "", "Country", "France"),
        ("year=soon&country=GB", "country=GB", "Year", "soon"),
        ("page=abc", "", "Page", "abc"),
        ("page=4", "", "Page", "4"),
    ],
)
def test_an_unknown_event_list_value_is_reported_and_ignored(
    client, events, query, without, label, value
):
    response = client.get(f"{EVENTS}?{query}")

    assert response.status_code == 200
    names = [event.name for event in response.context["events"]]
    assert names == [event.name for event in client.get(f"{EVENTS}?{without}").context["events"]]
    assert f"<li>{label}: “{value}” is not a known value.</li>" in response.content.decode()


def test_an_unknown_event_list_value_is_reported_in_french(client, events):
    html = client.get(f"{EVENTS}?series=nope", headers={"Accept-Language": "fr"}).content.decode()

    assert "<li>Série\u00a0: «\u00a0nope\u00a0» n\u2019est pas une valeur connue.</li>" in html


@pytest.mark.parametrize("query", ["page=abc", "page=9", "q=ada&page=0"])
def test_an_unknown_speaker_list_page_is_reported_and_the_first_shown(client, query):
    TalkFactory(speakers=[SpeakerFactory(name="Ada Lovelace")])

    response = client.get(f"{SPEAKERS}?{query}")

    assert response.status_code == 200
    assert [speaker.name for speaker in response.context["speakers"]] == ["Ada Lovelace"]
    value = query.rsplit("=", 1)[1]
    assert f"<li>Page: “{value}” is not a known value.</li>" in response.content.decode()


def test_event_list_page_links_leave_the_ignored_values_out(client, events, monkeypatch):
    monkeypatch.setattr(EventListView, "paginate_by", 1)

    html = client.get(f"{EVENTS}?series=nope").content.decode()

    assert 'href="?page=2"' in html


def test_the_event_list_looks_up_its_series_in_one_query(client, events, django_assert_num_queries):
    # The series' slug, the count, the page, and the years, series and countries to filter by.
    with django_assert_num_queries(7):
        response = client.get(f"{EVENTS}?series=nope")
    assert len(response.context["events"]) == 2
