"""Atom feeds of new talks and new notes, read by feedparser as feed readers read them: each
holds what its page shows, only published content, each entry in its own language."""

import datetime
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse

from events.models import EventStatus
from pages.views.talks import TALKS_PER_PAGE
from people.models import SpeakerAlias
from talks.models import NoteStatus, TalkStatus, Topic, TopicAlias
from tests.catalogue import make_catalogue
from tests.factories import (
    EventFactory,
    NoteFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SERVER = "http://testserver"
FRENCH = {"Accept-Language": "fr"}


@pytest.fixture
def catalogue():
    """Public talks at two events of a series, in English and French, and what readers must
    never see: a pending talk, a talk of a pending event, a pending note."""
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    go = TopicFactory(name="Go", slug="go")
    alice = SpeakerFactory(name="Alice Martin", slug="alice-martin")
    bob = SpeakerFactory(name="Bob Durand", slug="bob-durand")
    series = SeriesFactory(name="KubeCon Europe", slug="kubecon-europe")
    kubecon = EventFactory(
        name="KubeCon Europe 2024",
        slug="kubecon-europe-2024",
        series=series,
        start_date=datetime.date(2024, 3, 19),
    )
    devfest = EventFactory(name="DevFest Nantes", slug="devfest-nantes")
    scaling = TalkFactory(
        event=kubecon,
        title="Scaling Kubernetes",
        abstract="How **we** scaled.",
        languages=["en"],
        speakers=[alice, bob],
        topics=[kubernetes],
    )
    operateurs = TalkFactory(
        event=kubecon,
        title="Les opérateurs Kubernetes",
        languages=["fr"],
        speakers=[bob],
        topics=[kubernetes, go],
    )
    go_talk = TalkFactory(
        event=devfest, title="Go en production", languages=["fr", "en"], speakers=[alice]
    )
    go_talk.topics.add(go)
    TalkFactory(event=kubecon, title="Pending talk", status=TalkStatus.PENDING, topics=[kubernetes])
    TalkFactory(
        event=EventFactory(series=series, status=EventStatus.PENDING),
        title="Talk of a pending event",
        topics=[kubernetes],
        speakers=[alice],
    )
    NoteFactory(talk=scaling, language="en", body="Notes in **English**")
    NoteFactory(talk=operateurs, language="fr", body="Des notes en *français*")
    NoteFactory(
        talk=scaling, body="Not yet moderated", status=NoteStatus.PENDING, published_at=None
    )
    return {"kubecon": kubecon, "devfest": devfest, "scaling": scaling, "alice": alice}


def read_feed(client, url: str, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo is False, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entries(feed) -> list[tuple[str, str]]:
    return [(entry.title, entry.link) for entry in feed.entries]


def page_talks(talks) -> list[tuple[str, str]]:
    """The titles and addresses of a page's talk items, as a feed's entries give them."""
    return [(talk.title, SERVER + talk.url) for talk in talks]


def feed_link(html: str) -> str:
    """The address of the feed that a page's head announces."""
    announced = r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]*)"'
    links = re.findall(announced, html)
    assert len(links) == 1, links
    return links[0].replace("&amp;", "&")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?topic=kubernetes",
        "?topic=kubernetes&language=fr",
        "?language=en&sort=title",
        "?q=kubernetes",
        "?speaker=alice-martin&series=kubecon-europe",
        "?year=2024&has_notes=true",
    ],
)
def test_search_feed_holds_the_talks_the_finder_shows_for_the_same_query(client, catalogue, query):
    page = client.get(reverse("talks:list") + query)
    assert feed_link(page.content.decode()) == reverse("talks:feed") + query

    feed = read_feed(client, reverse("talks:feed") + query)

    assert page.context["talks"], "the page shows talks"
    assert entries(feed) == page_talks(page.context["talks"])
    assert feed.feed.link == SERVER + reverse("talks:list") + query


def test_the_feed_of_a_search_with_unknown_values_leaves_them_out_as_the_page_does(
    client, catalogue
):
    query = "?topic=kubernetes&topic=nope&year=abc"
    page = client.get(reverse("talks:list") + query)
    assert feed_link(page.content.decode()) == reverse("talks:feed") + "?topic=kubernetes"

    for address in (query, "?topic=kubernetes"):
        feed = read_feed(client, reverse("talks:feed") + address)
        assert entries(feed) == page_talks(page.context["talks"])


def test_search_feed_of_a_later_page_holds_that_page(client):
    make_catalogue(TALKS_PER_PAGE + 3)
    page = client.get(reverse("talks:list") + "?page=2")

    feed = read_feed(client, reverse("talks:feed") + "?page=2")

    assert len(feed.entries) == 3
    assert entries(feed) == page_talks(page.context["talks"])


def test_finder_links_to_the_feed_and_calendar_of_the_search_on_screen(client, catalogue):
    response = client.get(reverse("talks:list") + "?topic=kubernetes&language=fr")
    html = response.content.decode()

    assert (
        '<a href="/talks/feed.atom?topic=kubernetes&amp;language=fr" type="application/atom+xml">'
        in html
    )
    assert (
        '<a href="/talks/calendar.ics?topic=kubernetes&amp;language=fr" type="text/calendar">'
        in html
    )


def test_filters_applied_in_place_update_the_links_to_the_feed_and_calendar(client, catalogue):
    response = client.get(
        reverse("talks:list") + "?q=&topic=kubernetes&sort=-date", headers={"HX-Request": "true"}
    )
    html = response.content.decode()

    assert '<a href="/talks/feed.atom?topic=kubernetes" type="application/atom+xml">' in html
    assert '<a href="/talks/calendar.ics?topic=kubernetes" type="text/calendar">' in html


def test_search_page_links_to_the_feed_of_its_search(client, catalogue):
    page = client.get(reverse("talks:search") + "?q=kubernetes")

    link = feed_link(page.content.decode())
    feed = read_feed(client, link)

    assert link == reverse("talks:feed") + "?q=kubernetes"
    assert entries(feed) == page_talks(page.context["talks"])


def test_search_feed_says_what_the_search_looks_for(client, catalogue):
    feed = read_feed(client, reverse("talks:feed") + "?topic=kubernetes&language=fr&q=scaling")
    everything = read_feed(client, reverse("talks:feed"))

    assert feed.feed.title == (
        "Talks (Search: “scaling”; Topics: Kubernetes; Languages: French) — confnotes"
    )
    assert everything.feed.title == "New talks — confnotes"


def test_feeds_speak_the_readers_language(client, catalogue):
    topic = read_feed(client, "/topics/kubernetes/talks.atom", headers=FRENCH)
    search = read_feed(client, reverse("talks:feed") + "?topic=kubernetes", headers=FRENCH)
    notes = read_feed(client, reverse("talks:note-feed"), headers=FRENCH)
    two_filters = read_feed(
        client, reverse("talks:feed") + "?topic=kubernetes&q=scaling", headers=FRENCH
    )

    assert topic.feed.title == "Présentations sur Kubernetes — confnotes"
    assert topic.feed.language == "fr"
    assert search.feed.title == "Présentations (Sujets\u00a0: Kubernetes) — confnotes"
    assert notes.feed.title == "Nouvelles notes — confnotes"
    assert two_filters.feed.title == (
        "Présentations (Recherche\u00a0: «\u00a0scaling\u00a0»\u00a0; Sujets\u00a0: Kubernetes)"
        " — confnotes"
    )


@pytest.mark.parametrize(
    ("feed_url", "page_url", "listed"),
    [
        ("/topics/kubernetes/talks.atom", "/topics/kubernetes/", "page_obj"),
        ("/languages/fr/talks.atom", "/languages/fr/", "page_obj"),
        ("/speakers/alice-martin/talks.atom", "/speakers/alice-martin/", "talks"),
    ],
)
def test_a_pages_feed_holds_its_talks_in_its_order(client, catalogue, feed_url, page_url, listed):
    page = client.get(page_url)
    assert feed_link(page.content.decode()) == feed_url

    feed = read_feed(client, feed_url)

    assert entries(feed) == page_talks(page.context[listed])
    assert feed.feed.link == SERVER + page_url


def test_event_feed_holds_its_talks_newest_first(client, catalogue):
    event = catalogue["kubecon"]
    page = client.get(event.get_absolute_url())
    assert feed_link(page.content.decode()) == f"/events/{event.slug}/talks.atom"

    feed = read_feed(client, f"/events/{event.slug}/talks.atom")
    finder = client.get(reverse("talks:list") + f"?event={event.slug}")

    assert entries(feed) == page_talks(finder.context["talks"])
    programme = [talk for day in page.context["programme"] for talk in day.talks]
    assert sorted(entries(feed)) == sorted(page_talks(programme))
    assert feed.feed.title == "Talks at KubeCon Europe 2024 — confnotes"


def test_series_feed_holds_the_talks_of_its_published_editions(client, catalogue):
    page = client.get("/series/kubecon-europe/")
    assert feed_link(page.content.decode()) == "/series/kubecon-europe/talks.atom"

    feed = read_feed(client, "/series/kubecon-europe/talks.atom")

    assert [entry.title for entry in feed.entries] == [
        "Les opérateurs Kubernetes",
        "Scaling Kubernetes",
    ]


def test_talk_entries_carry_their_language_speakers_topics_and_abstract(client, catalogue):
    feed = read_feed(client, "/topics/kubernetes/talks.atom")

    scaling, operateurs = sorted(feed.entries, key=lambda entry: entry.title, reverse=True)
    assert scaling.title_detail.language == "en"
    assert operateurs.title_detail.language == "fr"
    assert scaling.author == "Alice Martin, Bob Durand"
    assert [tag.term for tag in operateurs.tags] == ["Go", "Kubernetes"]
    assert scaling.content[0].value == "<p>How <strong>we</strong> scaled.</p>"
    assert scaling.content[0].language == "en"
    assert scaling.id == SERVER + catalogue["scaling"].get_absolute_url()


def test_a_bilingual_talk_is_tagged_with_its_first_language(client, catalogue):
    feed = read_feed(client, "/events/devfest-nantes/talks.atom")

    assert [entry.title_detail.language for entry in feed.entries] == ["fr"]


def test_an_entry_is_in_its_titles_language_and_its_content_in_its_abstracts(client, catalogue):
    TalkFactory(
        event=catalogue["scaling"].event,
        title="Observability at scale",
        abstract="Comment *nous* observons.",
        languages=["fr"],
        text_language="en",
        abstract_language="fr",
        topics=[catalogue["scaling"].topics.get()],
    )
    feed = read_feed(client, "/topics/kubernetes/talks.atom")

    entry = next(entry for entry in feed.entries if entry.title == "Observability at scale")
    assert entry.title_detail.language == "en"
    assert entry.content[0].language == "fr"


def test_feeds_hold_only_published_talks(client, catalogue):
    for url in [
        reverse("talks:feed"),
        "/topics/kubernetes/talks.atom",
        "/series/kubecon-europe/talks.atom",
        "/speakers/alice-martin/talks.atom",
        "/events/kubecon-europe-2024/talks.atom",
    ]:
        titles = [entry.title for entry in read_feed(client, url).entries]
        assert "Pending talk" not in titles
        assert "Talk of a pending event" not in titles


def test_feeds_of_what_readers_cannot_see_are_not_found(client, catalogue):
    pending = EventFactory(status=EventStatus.PENDING)
    TalkFactory(event=pending)

    for url in [
        f"/events/{pending.slug}/talks.atom",
        "/events/no-such-event/talks.atom",
        "/series/no-such-series/talks.atom",
        "/topics/no-such-topic/talks.atom",
        "/speakers/no-such-speaker/talks.atom",
        "/languages/xx/talks.atom",
        "/talks/kubecon-europe-2024/pending-talk/notes.atom",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_feed_at_a_former_slug_redirects_permanently_to_the_current_one(client, catalogue):
    TopicAlias.objects.create(topic=Topic.objects.get(slug="kubernetes"), name="k8s", slug="k8s")
    SpeakerAlias.objects.create(speaker=catalogue["alice"], name="Alice M.", slug="alice-m")

    topic = client.get("/topics/k8s/talks.atom?page=2")
    speaker = client.get("/speakers/alice-m/talks.atom")

    assert (topic.status_code, topic["Location"]) == (301, "/topics/kubernetes/talks.atom?page=2")
    assert (speaker.status_code, speaker["Location"]) == (301, "/speakers/alice-martin/talks.atom")


def test_the_feed_at_a_former_slug_of_what_readers_cannot_see_is_not_found(client, catalogue):
    hidden_topic = TopicFactory(slug="hidden")
    hidden_speaker = SpeakerFactory(slug="hidden")
    TalkFactory(status=TalkStatus.PENDING, topics=[hidden_topic], speakers=[hidden_speaker])
    TopicAlias.objects.create(topic=hidden_topic, name="Former", slug="former")
    SpeakerAlias.objects.create(speaker=hidden_speaker, name="Former", slug="former")

    assert client.get("/topics/former/talks.atom").status_code == 404
    assert client.get("/speakers/former/talks.atom").status_code == 404


def test_note_feed_holds_the_latest_notes_of_the_home_page(client, catalogue):
    home = client.get(reverse("home"))
    html = home.content.decode()
    assert f'href="{reverse("talks:note-feed")}"' in html

    feed = read_feed(client, reverse("talks:note-feed"))

    assert entries(feed) == [
        (f"Notes by {note.author.username} on {note.talk.title}", SERVER + note.get_absolute_url())
        for note in home.context["notes"]
    ]
    assert [entry.title_detail.language for entry in feed.entries] == ["fr", "en"]


def test_home_page_announces_the_feeds_of_new_notes_and_new_talks(client, catalogue):
    html = client.get(reverse("home")).content.decode()

    announced = r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]*)"'
    feeds = re.findall(announced, html)
    assert feeds == [reverse("talks:note-feed"), reverse("talks:feed")]
    for feed in feeds:
        assert read_feed(client, feed).entries


def test_talk_note_feed_holds_its_published_notes_newest_first(client, catalogue):
    talk = catalogue["scaling"]
    later = NoteFactory(talk=talk, body="Later notes")
    page = client.get(talk.get_absolute_url())
    assert feed_link(page.content.decode()) == reverse(
        "talks:talk-note-feed", args=[talk.event.slug, talk.slug]
    )

    feed = read_feed(client, f"{talk.get_absolute_url()}notes.atom")

    assert [entry.link for entry in feed.entries] == [
        f"{SERVER}{talk.get_absolute_url()}#note-{note.pk}"
        for note in reversed(page.context["notes"])
    ]
    assert feed.entries[0].link == SERVER + later.get_absolute_url()
    assert feed.feed.title == "Notes on Scaling Kubernetes — confnotes"


def test_note_content_is_the_sanitized_html_of_the_note(client, catalogue):
    note = NoteFactory(
        talk=catalogue["scaling"],
        body='<script>alert(1)</script> [a](javascript:alert(2)) <img src=x onerror="alert(3)">',
    )

    response = client.get(reverse("talks:note-feed"))

    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == note.body_html
    assert "<script" not in content.text
    assert "<img" not in content.text
    assert 'href="javascript' not in content.text
    assert entry.get(XML_LANG) == "en"


def test_a_control_character_in_a_search_or_a_title_leaves_the_feed_readable(client, catalogue):
    TalkFactory(event=catalogue["kubecon"], title="Bell\x07 talk", topics=[])

    search = read_feed(client, reverse("talks:feed") + "?q=kubernetes%01")
    everything = read_feed(client, reverse("talks:feed"))

    assert search.feed.title == "Talks (Search: “kubernetes”) — confnotes"
    assert "Bell talk" in [entry.title for entry in everything.entries]


@pytest.mark.parametrize("size", [2, 8])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    event, speaker, topic = make_catalogue(size)
    talk = event.talks.first()
    # The topic's slug among the public ones, the facets and count, the page's ids, its
    # talks, their speakers, their topics.
    with django_assert_num_queries(7):
        feed = read_feed(client, reverse("talks:feed") + "?topic=kubernetes&language=fr")
    assert len(feed.entries) == size
    # The speaker's slug, and their name with it, instead of the topic's.
    with django_assert_num_queries(7):
        feed = read_feed(client, reverse("talks:feed") + f"?speaker={speaker.slug}")
    assert len(feed.entries) == size
    # One more: what the scope is (event, series, topic, speaker or language); the finder
    # then looks its slug up among the public ones.
    for url, queries in [
        (f"/events/{event.slug}/talks.atom", 8),
        (f"/series/{event.series.slug}/talks.atom", 8),
        (f"/topics/{topic.slug}/talks.atom", 8),
        (f"/speakers/{speaker.slug}/talks.atom", 8),
        ("/languages/fr/talks.atom", 6),
    ]:
        # The finder's facet counts are cached: each feed counts its own.
        cache.clear()
        with django_assert_num_queries(queries):
            feed = read_feed(client, url)
        assert len(feed.entries) == size, url
    # The notes with their talk and author.
    with django_assert_num_queries(2):
        feed = read_feed(client, reverse("talks:note-feed"))
    assert len(feed.entries) == size
    # The talk, its notes with their author.
    with django_assert_num_queries(3):
        feed = read_feed(client, f"{talk.get_absolute_url()}notes.atom")
    assert len(feed.entries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_search_feed_slower_than_the_time_limit_says_so(
    client, settings, search_documents_locked_elsewhere
):
    settings.SEARCH_TIMEOUT_MS = 100

    response = client.get(reverse("talks:feed") + "?q=kubernetes", headers=FRENCH)

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Cette recherche a pris trop de temps")


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=999999999999999999999",
        "?year=99999999999&min_rating=-1",
        "?topic=%3Cscript%3E&language=xx&sort=bogus",
        "?speaker=%E2%80%AE&event=..%2F..",
        "?q=%22%22%22-&q=two",
        "?q=%ED%A0%80",
        "?q=a%00b",
    ],
)
def test_hostile_query_strings_get_a_feed_or_a_clear_refusal(client, catalogue, query):
    for url in (reverse("talks:feed") + query, reverse("talks:calendar") + query):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        if response.status_code == 200 and "atom" in url:
            assert feedparser.parse(response.content).bozo is False, url
