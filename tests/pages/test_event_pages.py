"""Home, event list, event and series pages: what they show, nothing unpublished, fast."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus
from talks.models import NoteStatus, TalkStatus
from tests.catalogue import make_catalogue
from tests.factories import (
    EventFactory,
    NoteFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_latest_notes_events_topics_and_languages(client):
    today = timezone.localdate()
    past = EventFactory(name="Past Conf", start_date=today - datetime.timedelta(days=30))
    EventFactory(name="Next Conf", start_date=today + datetime.timedelta(days=30))
    EventFactory(name="Secret Summit", status=EventStatus.PENDING, start_date=today)
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    go = TopicFactory(name="Go", slug="go")
    talk = TalkFactory(event=past, title="Operators", languages=["fr"], topics=[kubernetes, go])
    TalkFactory(event=past, title="Scheduling", languages=["en", "fr"], topics=[kubernetes])
    TalkFactory(event=past, status=TalkStatus.PENDING, languages=["de"], topics=[go])
    NoteFactory(talk=talk, body="Old note", published_at=timezone.now() - datetime.timedelta(1))
    NoteFactory(talk=talk, body="Fresh **note**", language="fr")
    NoteFactory(talk=talk, body="Pending note", status=NoteStatus.PENDING, published_at=None)

    response = client.get(reverse("home"))
    html = response.content.decode()

    assert [note.body for note in response.context["notes"]] == ["Fresh **note**", "Old note"]
    assert [event.name for event in response.context["upcoming_events"]] == ["Next Conf"]
    assert [event.name for event in response.context["recent_events"]] == ["Past Conf"]
    assert [(topic.name, topic.talk_count) for topic in response.context["topics"]] == [
        ("Kubernetes", 2),
        ("Go", 1),
    ]
    assert [(item.code, item.count) for item in response.context["languages"]] == [
        ("fr", 2),
        ("en", 1),
    ]
    assert '<p class="excerpt" lang="fr">Fresh note</p>' in html
    assert "Secret Summit" not in html and "Pending note" not in html


def test_home_note_excerpts_show_list_items_apart_without_markdown(client):
    NoteFactory(
        body="## Bilan\n\n- Ajout de **statistiques**\n- Trois [plugins](https://example.org)",
        language="fr",
    )

    html = client.get(reverse("home")).content.decode()

    assert '<p class="excerpt" lang="fr">Bilan · Ajout de statistiques · Trois plugins</p>' in html


def test_home_note_excerpts_stop_after_thirty_words(client):
    NoteFactory(body="\n".join(f"- word{number}" for number in range(40)))

    html = client.get(reverse("home")).content.decode()

    words = " · ".join(f"word{number}" for number in range(30))
    assert f'<p class="excerpt" lang="en">{words}…</p>' in html


def test_event_list_filters_by_year_series_and_country(client):
    devfest = SeriesFactory(name="DevFest Nantes", slug="devfest-nantes")
    EventFactory(name="DevFest 2024", series=devfest, start_date=datetime.date(2024, 10, 17))
    EventFactory(name="DevFest 2025", series=devfest, start_date=datetime.date(2025, 10, 16))
    EventFactory(name="KubeCon 2025", country="GB", start_date=datetime.date(2025, 4, 1))
    EventFactory(name="Secret 2025", status=EventStatus.PENDING)

    def names(query: str) -> list[str]:
        return [event.name for event in client.get(f"/events/?{query}").context["events"]]

    response = client.get("/events/")
    assert [event.name for event in response.context["events"]] == [
        "DevFest 2025",
        "KubeCon 2025",
        "DevFest 2024",
    ]
    assert response.context["years"] == [2025, 2024]
    assert [country.code for country in response.context["countries"]] == ["FR", "GB"]
    assert names("year=2025") == ["DevFest 2025", "KubeCon 2025"]
    assert names("series=devfest-nantes") == ["DevFest 2025", "DevFest 2024"]
    assert names("country=gb") == ["KubeCon 2025"]
    assert names("year=2025&country=FR") == ["DevFest 2025"]


@pytest.mark.parametrize(
    ("language", "options"),
    [
        ("en", ["France", "Germany", "Netherlands"]),
        ("fr", ["Allemagne", "France", "Pays-Bas"]),
    ],
)
def test_event_list_names_countries_in_alphabetical_order(client, language, options):
    for country in ("NL", "FR", "DE"):
        EventFactory(country=country)

    html = client.get("/events/", headers={"accept-language": language}).content.decode()

    assert re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', html) == options


def test_event_list_reports_a_bad_country(client):
    html = client.get("/events/?country=France").content.decode()
    assert "<li>Country: “France” is not a known value.</li>" in html


def test_event_page_shows_its_programme_by_day_time_and_room(client):
    event = EventFactory(
        name="KubeCon Europe 2024",
        slug="kubecon-2024",
        description="The cloud native conference.",
        start_date=datetime.date(2024, 3, 19),
    )
    day_one, day_two = datetime.date(2024, 3, 19), datetime.date(2024, 3, 20)
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    speaker = SpeakerFactory(name="Mathieu Herbert", slug="mathieu-herbert")
    co_speaker = SpeakerFactory(name="Ada Lovelace", slug="ada-lovelace")
    keynote = TalkFactory(
        event=event,
        title="Keynote",
        slug="keynote",
        date=day_one,
        start_time=datetime.time(9, 0),
        room="Main hall",
        speakers=[speaker, co_speaker],
    )
    NoteFactory(talk=keynote)
    TalkFactory(
        event=event,
        title="Operators",
        date=day_one,
        start_time=datetime.time(10, 30),
        room="Room B",
        topics=[kubernetes],
    )
    TalkFactory(
        event=event, title="Early bird", date=day_one, start_time=datetime.time(8, 0), room="B"
    )
    TalkFactory(event=event, title="Lunch talk", date=day_two, room="", languages=["fr"])
    TalkFactory(event=event, title="Somewhen", date=None, room="")
    TalkFactory(event=event, title="Proposed", date=day_one, status=TalkStatus.PENDING)

    response = client.get(event.get_absolute_url())
    html = response.content.decode()

    programme = response.context["programme"]
    assert [(day.date, [talk.title for talk in day.talks]) for day in programme] == [
        (day_one, ["Early bird", "Keynote", "Operators"]),
        (day_two, ["Lunch talk"]),
        (None, ["Somewhen"]),
    ]
    assert (
        '<nav class="programme-days" aria-label="Days of the programme"><ul>'
        '<li><a href="#day-2024-03-19">Tuesday 19 March</a></li>'
        '<li><a href="#day-2024-03-20">Wednesday 20 March</a></li>'
        '<li><a href="#day-not-given">Day not given</a></li></ul></nav>'
    ) in html
    assert '<h3 id="day-2024-03-19">Tuesday 19 March 2024</h3>' in html
    assert '<h3 id="day-not-given">Day not given</h3>' in html
    first_day = html[html.index('id="day-2024-03-19"') : html.index('id="day-2024-03-20"')]
    assert (
        '<table class="programme" aria-labelledby="day-2024-03-19">\n'
        '  <thead><tr><th scope="col">Time</th><th scope="col">Room</th>'
        '<th scope="col">Talk</th></tr></thead>'
    ) in first_day
    assert (
        '<tr><td class="programme-time"><time datetime="09:00">9 a.m.</time></td>'
        '<td class="programme-room">Main hall</td><td>'
        '<a class="talk-title" href="/talks/kubecon-2024/keynote/" lang="en">Keynote</a>'
        '<span class="programme-details"><span class="speakers">'
        '<a href="/speakers/mathieu-herbert/">Mathieu Herbert</a>, '
        '<a href="/speakers/ada-lovelace/">Ada Lovelace</a></span>'
        '<abbr class="language-code" title="English">en</abbr>'
        '<span class="note-count">1 note</span></span></td></tr>'
    ) in first_day
    # A day without times or rooms has no such columns.
    second_day = html[html.index('id="day-2024-03-20"') : html.index('id="day-not-given"')]
    assert '<thead><tr><th scope="col">Talk</th></tr></thead>' in second_day
    assert "Proposed" not in html
    assert [(topic.name, topic.talk_count) for topic in response.context["topics"]] == [
        ("Kubernetes", 1)
    ]
    assert [(item.code, item.count) for item in response.context["languages"]] == [
        ("en", 4),
        ("fr", 1),
    ]
    assert '<meta property="og:title" content="KubeCon Europe 2024">' in html
    assert '<meta property="og:description" content="The cloud native conference.">' in html


def test_event_page_of_a_single_day_lists_no_days_to_jump_to(client):
    event = EventFactory()
    TalkFactory(event=event, date=event.start_date)

    html = client.get(event.get_absolute_url()).content.decode()

    assert 'class="programme-days"' not in html
    assert '<table class="programme"' in html


def test_event_page_programme_speaks_the_readers_language(client):
    event = EventFactory(start_date=datetime.date(2024, 3, 19))
    talk = TalkFactory(
        event=event, date=event.start_date, start_time=datetime.time(14, 5), room="Amphi"
    )
    NoteFactory(talk=talk)
    NoteFactory(talk=talk)

    html = client.get(event.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()

    assert '<h3 id="day-2024-03-19">mardi 19 mars 2024</h3>' in html
    assert (
        '<th scope="col">Heure</th><th scope="col">Salle</th><th scope="col">Présentation</th>'
        in html
    )
    assert '<time datetime="14:05">14:05</time>' in html
    assert '<abbr class="language-code" title="anglais">en</abbr>' in html
    assert '<span class="note-count">2 notes</span>' in html


def test_event_page_links_its_series_for_anyone(client):
    series = SeriesFactory(name="DevFest Nantes", slug="devfest-nantes")
    edition = EventFactory(name="DevFest 2025", series=series, description="Nantes, in October.")
    alone = EventFactory(name="One-off Summit", series=None)
    breadcrumb_link = '<a href="/series/devfest-nantes/">DevFest Nantes</a>'

    page = client.get(edition.get_absolute_url()).content.decode()
    assert breadcrumb_link in page
    assert "Nantes, in October." in page
    assert "One-off Summit" in client.get(alone.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert breadcrumb_link in client.get(edition.get_absolute_url()).content.decode()


def test_unknown_event_is_not_found(client):
    assert client.get("/events/no-such-event/").status_code == 404


def test_pending_event_is_not_found(client):
    event = EventFactory(status=EventStatus.PENDING)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_pending_event_is_shown_to_its_proposer_only(client):
    proposer = UserFactory()
    event = EventFactory(name="Volcamp 2025", status=EventStatus.PENDING, proposed_by=proposer)
    rejected = EventFactory(status=EventStatus.REJECTED, proposed_by=proposer)

    client.force_login(UserFactory())
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(proposer)
    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert '<p class="awaiting-review">' in response.content.decode()
    assert client.get(rejected.get_absolute_url()).status_code == 404
    assert "Volcamp 2025" not in client.get("/events/").content.decode()


def test_series_without_a_published_edition_is_hidden(client):
    series = SeriesFactory(name="Secret Series", slug="secret-series")
    EventFactory(series=series, status=EventStatus.PENDING)
    SeriesFactory(name="Empty Series", slug="empty-series")

    assert client.get("/series/secret-series/").status_code == 404
    assert client.get("/series/empty-series/").status_code == 404
    assert "Secret Series" not in client.get("/events/").content.decode()
    assert "Secret Series" not in client.get("/talks/?series=secret-series").content.decode()


def test_series_page_lists_its_published_editions(client):
    series = SeriesFactory(name="DevFest Nantes")
    old = EventFactory(series=series, start_date=datetime.date(2023, 10, 19))
    new = EventFactory(series=series, start_date=datetime.date(2025, 10, 16))
    EventFactory(series=series, status=EventStatus.PENDING)
    TalkFactory(event=new)

    response = client.get(series.get_absolute_url())

    assert list(response.context["events"]) == [new, old]
    assert [event.talk_count for event in response.context["events"]] == [1, 0]


@pytest.mark.parametrize("size", [2, 8])
def test_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    event, _, _ = make_catalogue(size)
    for index in range(size):
        EventFactory(series=event.series, start_date=datetime.date(2020 + index, 1, 1))

    # Latest notes, upcoming and recent events, topics, languages.
    with django_assert_num_queries(6):
        client.get(reverse("home"))
    # Count, page, and the years, series and countries to filter by.
    with django_assert_num_queries(6):
        client.get(reverse("events:list"))
    # The content version, the event, its programme (which gives the language counts), topic
    # counts.
    with django_assert_num_queries(4):
        response = client.get(event.get_absolute_url())
    assert sum(len(day.talks) for day in response.context["programme"]) == size
    # Series, editions.
    with django_assert_num_queries(3):
        response = client.get(event.series.get_absolute_url())
    assert len(response.context["events"]) == size + 1


@pytest.mark.parametrize("size", [5, 300])
def test_event_page_runs_a_fixed_number_of_queries_up_to_a_large_conference(
    client, django_assert_num_queries, size
):
    event = EventFactory(start_date=datetime.date(2024, 3, 19))
    speakers = SpeakerFactory.create_batch(10)
    topics = TopicFactory.create_batch(5)
    for index in range(size):
        TalkFactory(
            event=event,
            date=event.start_date + datetime.timedelta(days=index % 3),
            start_time=datetime.time(9 + index % 8),
            room=f"Room {index % 12}",
            speakers=[speakers[index % 10], speakers[(index + 1) % 10]],
            topics=[topics[index % 5]],
        )

    # The content version, the event, its programme (which gives the language counts), topic
    # counts.
    with django_assert_num_queries(4):
        response = client.get(event.get_absolute_url())

    assert response.content.decode().count('<tr><td class="programme-time">') == size


def test_event_filters_without_javascript_redirect_to_the_short_address(client):
    response = client.get("/events/?year=&series=&country=FR")

    assert response.status_code == 302
    assert response["Location"] == "/events/?country=FR"


def test_home_reuses_cached_topic_and_language_counts(client, settings, django_assert_num_queries):
    # The counts' own cache, without the page cache that would answer the whole page.
    settings.PAGE_CACHE = False
    make_catalogue(3)
    first = client.get(reverse("home"))

    # The content version (common/page_cache.py), latest notes, upcoming and recent events;
    # topics and languages come from the cache.
    with django_assert_num_queries(4):
        second = client.get(reverse("home"))

    assert second.context["topics"] == first.context["topics"]
    assert [(row.code, row.count) for row in second.context["languages"]] == [
        (row.code, row.count) for row in first.context["languages"]
    ]
    assert first.context["languages"]


def test_an_event_without_talks_says_so_in_french_agreeing_with_each_list(client):
    event = EventFactory()

    html = client.get(event.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()

    topics, _, languages = html.partition('id="event-languages-heading"')
    assert "<li>Aucun pour l\u2019instant.</li>" in topics
    assert "<li>Aucune pour l\u2019instant.</li>" in languages
