import re

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from talks.models import TalkStatus
from talks.services.trends import trends_count
from talks.trend_selectors import site_trends, topic_trends
from tests.catalogue import event_in, make_trends_catalogue
from tests.factories import NoteFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return make_trends_catalogue()


def test_the_site_counts_published_talks_and_notes_by_year(catalogue):
    trends = site_trends()

    assert trends.years == (2019, 2020, 2021, 2022, 2023, 2024)
    assert [(year.year, year.talks, year.notes) for year in trends.activity] == [
        (2019, 2, 0),
        (2020, 0, 0),
        (2021, 0, 0),
        (2022, 2, 2),
        (2023, 2, 1),
        (2024, 1, 0),
    ]
    assert [(language.key, language.counts) for language in trends.languages] == [
        ("en", (2, 0, 0, 2, 1, 1)),
        ("fr", (0, 0, 0, 1, 1, 0)),
    ]
    assert trends.languages[1].shares == (0, 0, 0, 0.5, 0.5, 0)
    speakers = [(speaker.name, speaker.talks) for speaker in trends.speakers]
    assert speakers == [("Ada", 3), ("Bob", 2)]


def test_topics_rise_and_fall_by_their_share_of_the_latest_three_years_against_the_three_before(
    catalogue,
):
    trends = site_trends()

    # Kubernetes: none of the 2 talks of 2019-2021, 4 of the 5 of 2022-2024.
    assert [(topic.name, round(topic.change, 2)) for topic in trends.rising] == [
        ("Kubernetes", 0.8)
    ]
    # Observability: both talks of 2019-2021, 2 of the 5 of 2022-2024.
    assert [(topic.name, round(topic.change, 2)) for topic in trends.falling] == [
        ("Observability", -0.6)
    ]
    assert trends.falling[0].counts == (2, 0, 0, 1, 1, 0)


def test_a_topic_counts_its_share_of_the_years_talks_its_related_topics_and_speakers(catalogue):
    kubernetes, _ = catalogue

    trends = topic_trends(kubernetes)

    assert trends.years == (2019, 2020, 2021, 2022, 2023, 2024)
    assert [(year.talks, year.notes) for year in trends.activity] == [
        (0, 0),
        (0, 0),
        (0, 0),
        (2, 2),
        (1, 0),
        (1, 0),
    ]
    assert trends.share.shares == (0, 0, 0, 1, 0.5, 1)
    assert [(language.key, language.shares) for language in trends.languages] == [
        ("en", (0, 0, 0, 1, 1, 1)),
        ("fr", (0, 0, 0, 0.5, 0, 0)),
    ]
    assert [(topic.name, topic.talks) for topic in trends.related] == [("Observability", 1)]
    assert [(speaker.name, speaker.talks) for speaker in trends.speakers] == [
        ("Ada", 3),
        ("Bob", 1),
    ]


def charts_of(html: str) -> list[str]:
    return re.findall(r'<figure class="chart">.*?</figure>', html, re.S)


def test_every_chart_has_a_name_a_summary_in_words_and_its_numbers(client, catalogue):
    for address in (reverse("talks:trends"), reverse("talks:topic-trends", args=["kubernetes"])):
        html = client.get(address).content.decode()

        charts = charts_of(html)
        assert len(charts) == 6
        for chart in charts:
            svg = re.search(r"<svg [^>]*>", chart).group()
            assert 'role="img"' in svg
            title = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
            summary = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
            assert re.search(rf'<title id="{title}">\w[^<]+</title>', chart)
            assert re.search(rf'<figcaption id="{summary}">\w[^<]{{20,}}</figcaption>', chart)
            assert "<details" in chart and "<table>" in chart
            assert "style=" not in chart


def table_rows(chart: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", chart, re.S).group(1)
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_tables_hold_the_numbers_the_charts_draw(client, catalogue):
    html = client.get(reverse("talks:trends")).content.decode()

    talks, notes, languages, rising, falling, speakers = charts_of(html)
    assert table_rows(talks) == [
        ["2019", "2"],
        ["2020", "0"],
        ["2021", "0"],
        ["2022", "2"],
        ["2023", "2"],
        ["2024", "1"],
    ]
    # A column per year, as high as its number of talks on a scale up to 2.
    heights = [float(height) for height in re.findall(r'<rect [^>]*height="([\d.]+)"', talks)]
    assert heights == [155, 0, 0, 155, 155, 77.5]
    assert table_rows(notes)[3] == ["2022", "2"]
    assert table_rows(languages)[3] == ["2022", "100.0% (2)", "50.0% (1)"]
    assert "Kubernetes · +80.0 points" in rising
    assert "Observability · \u221260.0 points" in falling
    assert table_rows(speakers) == [["Ada", "3"], ["Bob", "2"]]
    assert "Ada: 3 talks. Bob: 2 talks." in speakers


def test_the_charts_speak_french(client, catalogue):
    # Drawn in English first: each language gets charts of its own.
    client.get(reverse("talks:trends"))
    html = client.get(reverse("talks:trends"), headers={"accept-language": "fr"}).content.decode()

    _, _, languages, rising, _, _ = charts_of(html)
    assert "Kubernetes · +80,0\u00a0points" in rising
    assert table_rows(languages)[3] == ["2022", "100,0\u202f% (2)", "50,0\u202f% (1)"]


def test_the_pages_link_to_each_other_and_to_their_numbers_as_json(client, catalogue):
    home = client.get(reverse("home")).content.decode()
    topic = client.get(reverse("talks:topic-detail", args=["kubernetes"])).content.decode()
    trends = client.get(reverse("talks:topic-trends", args=["kubernetes"])).content.decode()

    assert f'href="{reverse("talks:trends")}"' in home
    assert f'href="{reverse("talks:topic-trends", args=["kubernetes"])}"' in topic
    assert f'href="{reverse("api:topic-trends", args=["kubernetes"])}"' in trends


def test_a_topic_without_published_talks_has_no_trends_page(client, catalogue):
    TopicFactory(slug="unused")
    pending_only = TopicFactory(slug="pending-only")
    TalkFactory(status=TalkStatus.PENDING, topics=[pending_only])

    for slug in ("unused", "pending-only", "no-such-topic"):
        assert client.get(reverse("talks:topic-trends", args=[slug])).status_code == 404


def test_a_site_without_talks_says_so(client):
    response = client.get(reverse("talks:trends"))

    assert response.status_code == 200
    assert charts_of(response.content.decode()) == []
    assert "No published talks yet." in response.content.decode()


def test_the_pages_show_the_last_counting_and_say_when_it_was(client, catalogue):
    kubernetes, _ = catalogue
    client.get(reverse("talks:trends"))
    client.get(reverse("talks:topic-trends", args=["kubernetes"]))
    TalkFactory(event=event_in(2024), topics=[kubernetes])

    assert site_trends().activity[-1].talks == 1
    assert topic_trends(kubernetes).activity[-1].talks == 1
    assert trends_count() is True
    assert site_trends().activity[-1].talks == 2
    assert topic_trends(kubernetes).activity[-1].talks == 2
    # The charts drawn of the former counts go with them.
    for address in (reverse("talks:trends"), reverse("talks:topic-trends", args=["kubernetes"])):
        html = client.get(address).content.decode()
        assert table_rows(charts_of(html)[0])[-1] == ["2024", "2"]
        counted_at = timezone.localtime(site_trends().counted_at)
        moment = f'<time datetime="{dateformat.format(counted_at, "c")}">'
        assert f"Counted on {moment}{dateformat.format(counted_at, 'N j, Y, P')}</time>" in html
    french = client.get(reverse("talks:trends"), headers={"accept-language": "fr"})
    assert "Comptés le <time" in french.content.decode()


def make_talks(size: int):
    topic = TopicFactory(slug="kubernetes")
    for number in range(size):
        talk = TalkFactory(
            event=event_in(2015 + number),
            topics=[topic, TopicFactory()],
            speakers=[SpeakerFactory()],
            languages=["en", "fr"][: 1 + number % 2],
        )
        NoteFactory(talk=talk)
    trends_count()


def columns_of(response) -> int:
    """The columns of the page's first chart, the talks per year."""
    return charts_of(response.content.decode())[0].count("<rect ")


@pytest.mark.parametrize("size", [2, 8])
def test_the_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, settings, size):
    # The counts themselves, under the page cache that would otherwise answer the whole page.
    settings.PAGE_CACHE = False
    make_talks(size)

    # The content version; talks and notes by year and languages, topics by year, speakers;
    # the same once the charts are drawn.
    for _ in range(2):
        with django_assert_num_queries(4):
            response = client.get(reverse("talks:trends"))
        assert columns_of(response) == size
    # The content version; the topic; its talks and notes by year and languages, all talks by
    # year, related topics, speakers.
    for _ in range(2):
        with django_assert_num_queries(6):
            response = client.get(reverse("talks:topic-trends", args=["kubernetes"]))
        assert columns_of(response) == size
