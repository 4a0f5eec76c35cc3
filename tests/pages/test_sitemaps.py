"""The sitemap index, its sections and robots.txt: valid sitemaps of the public pages only."""

import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.utils import timezone

from events.models import EventStatus
from pages import sitemaps
from people.models import SpeakerAlias
from talks.models import TalkStatus, TopicAlias
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

SCHEMAS = Path(__file__).parent.parent / "data" / "sitemaps"
SITEMAP_SCHEMA = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd")
INDEX_SCHEMA = xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")
NAMESPACE = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "notes.example.org"
SECTIONS = [
    "pages",
    "events",
    "series",
    "talks",
    "speakers",
    "topics",
    "topic-trends",
    "languages",
]


@pytest.fixture(autouse=True)
def crawlers_host(settings):
    settings.ALLOWED_HOSTS = [HOST]


def get(client, url: str):
    """`url` as a crawler gets it from HOST over HTTPS."""
    return client.get(url, HTTP_HOST=HOST, secure=True)


def day(moment: datetime.datetime) -> str:
    """The day of `moment` as sitemaps write it: in the site's time zone."""
    return timezone.localdate(moment).isoformat()


def section_addresses(client) -> list[str]:
    """The addresses of every sitemap file the index lists, checked against siteindex.xsd."""
    response = get(client, "/sitemap.xml")
    assert response.status_code == 200
    INDEX_SCHEMA.validate(response.content)
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iterfind("sitemap:sitemap/sitemap:loc", NAMESPACE)]


def listed(client, address: str) -> dict[str, str | None]:
    """The addresses a sitemap file lists with their lastmod, checked against sitemap.xsd."""
    response = get(client, address.removeprefix(f"https://{HOST}"))
    assert response.status_code == 200
    SITEMAP_SCHEMA.validate(response.content)
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sitemap:loc", namespaces=NAMESPACE): url.findtext(
            "sitemap:lastmod", namespaces=NAMESPACE
        )
        for url in root.iterfind("sitemap:url", NAMESPACE)
    }


def everything_listed(client) -> dict[str, str | None]:
    urls = {}
    for address in section_addresses(client):
        urls |= listed(client, address)
    return urls


@pytest.fixture
def published_and_pending():
    """One of each kind of public page, and what readers must not find."""
    series = SeriesFactory(slug="devfest")
    event = EventFactory(series=series, slug="devfest-2025")
    speaker = SpeakerFactory(slug="ada")
    topic = TopicFactory(slug="kubernetes")
    TalkFactory(event=event, slug="ebpf", speakers=[speaker], topics=[topic], languages=["fr"])
    # A pending talk with its own speaker and topic: none of them is public.
    TalkFactory(
        event=event,
        slug="secret",
        status=TalkStatus.PENDING,
        speakers=[SpeakerFactory(slug="hidden")],
        topics=[TopicFactory(slug="hidden-topic")],
        languages=["de"],
    )
    # A pending event of a series of its own, with a published talk.
    TalkFactory(
        event=EventFactory(slug="pending-conf", status=EventStatus.PENDING, series=SeriesFactory()),
        slug="on-pending",
    )
    SpeakerAlias.objects.create(speaker=speaker, slug="ada-old", name="Ada Old")
    TopicAlias.objects.create(topic=topic, slug="k8s", name="k8s")


def test_sitemaps_list_exactly_the_public_pages(client, published_and_pending):
    urls = everything_listed(client)

    assert sorted(urls) == [
        f"https://{HOST}{path}"
        for path in sorted(
            [
                "/",
                "/events/",
                "/events/devfest-2025/",
                "/languages/fr/",
                "/series/devfest/",
                "/speakers/",
                "/speakers/ada/",
                "/talks/",
                "/talks/devfest-2025/ebpf/",
                "/topics/",
                "/topics/kubernetes/",
                "/topics/kubernetes/trends/",
                "/trends/",
            ]
        )
    ]


def test_every_listed_page_is_one_readers_get(client, published_and_pending):
    for url in everything_listed(client):
        response = get(client, url.removeprefix(f"https://{HOST}"))
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


def test_index_lists_every_section_at_the_requests_host(client, published_and_pending):
    assert section_addresses(client) == [
        f"https://{HOST}/sitemap-{section}.xml" for section in SECTIONS
    ]


def test_index_leaves_out_a_section_without_pages(client):
    TalkFactory(event=EventFactory(series=None))

    addresses = section_addresses(client)

    assert f"https://{HOST}/sitemap-series.xml" not in addresses
    assert f"https://{HOST}/sitemap-talks.xml" in addresses
    for address in addresses:
        assert listed(client, address)


def test_a_talks_lastmod_is_its_latest_published_note(client):
    talk = TalkFactory(slug="noted")
    later = timezone.now() + datetime.timedelta(days=3)
    NoteFactory(talk=talk, published_at=later)

    urls = listed(client, "/sitemap-talks.xml")

    assert urls[f"https://{HOST}{talk.get_absolute_url()}"] == day(later)


def test_index_gives_each_section_its_latest_lastmod(client):
    later = timezone.now() + datetime.timedelta(days=3)
    NoteFactory(talk=TalkFactory(), published_at=later)
    # A later note on a pending talk changes no public page.
    NoteFactory(
        talk=TalkFactory(status=TalkStatus.PENDING),
        published_at=later + datetime.timedelta(days=6),
    )

    root = ElementTree.fromstring(get(client, "/sitemap.xml").content)
    lastmods = {
        entry.findtext("sitemap:loc", namespaces=NAMESPACE): entry.findtext(
            "sitemap:lastmod", namespaces=NAMESPACE
        )
        for entry in root.iterfind("sitemap:sitemap", NAMESPACE)
    }

    assert lastmods[f"https://{HOST}/sitemap-talks.xml"][:10] == day(later)
    assert lastmods[f"https://{HOST}/sitemap-pages.xml"][:10] == day(later)
    assert lastmods[f"https://{HOST}/sitemap-events.xml"][:10] < day(later)


def test_every_page_has_a_lastmod(client, published_and_pending):
    urls = everything_listed(client)

    assert [url for url, lastmod in urls.items() if lastmod is None] == []


def test_small_limit_splits_a_section_into_several_valid_files(client, monkeypatch):
    event = EventFactory(slug="big")
    for index in range(5):
        TalkFactory(event=event, slug=f"talk-{index}")
    monkeypatch.setattr(sitemaps.TalkSitemap, "limit", 2)

    addresses = [address for address in section_addresses(client) if "talks" in address]
    talks = [listed(client, address) for address in addresses]

    assert addresses == [
        f"https://{HOST}/sitemap-talks.xml",
        f"https://{HOST}/sitemap-talks.xml?p=2",
        f"https://{HOST}/sitemap-talks.xml?p=3",
    ]
    assert [len(urls) for urls in talks] == [2, 2, 1]
    assert sorted(url for urls in talks for url in urls) == sorted(
        f"https://{HOST}/talks/big/talk-{index}/" for index in range(5)
    )


def test_no_sitemap_file_holds_more_than_the_protocol_allows():
    assert [name for name, section in sitemaps.SITEMAPS.items() if section.limit > 50_000] == []


def test_a_page_beyond_the_last_or_not_a_number_is_not_found(client):
    TalkFactory()

    assert get(client, "/sitemap-talks.xml?p=2").status_code == 404
    assert get(client, "/sitemap-talks.xml?p=abc").status_code == 404
    assert get(client, "/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("size", [2, 8])
def test_sitemaps_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_catalogue(size)
    for index in range(size):
        EventFactory(start_date=datetime.date(2020 + index, 1, 1))

    # Each section: its latest lastmod (two for the talks: talks and notes, three for the
    # fixed pages) and its count (none for the fixed pages; the languages read their list).
    with django_assert_num_queries(19):
        get(client, "/sitemap.xml")
    # The fixed pages' latest note, talk and event.
    with django_assert_num_queries(4):
        get(client, "/sitemap-pages.xml")
    # A count and a page of addresses with their lastmods.
    for section in ["events", "series", "talks", "speakers", "topics", "topic-trends"]:
        with django_assert_num_queries(3):
            response = get(client, f"/sitemap-{section}.xml")
        assert response.status_code == 200
    # The languages with their lastmods, in one list.
    with django_assert_num_queries(2):
        get(client, "/sitemap-languages.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = get(client, "/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: https://{HOST}/sitemap.xml" in lines
    assert {"User-agent: *", "Disallow: /admin/", "Disallow: /accounts/"} <= set(lines)
