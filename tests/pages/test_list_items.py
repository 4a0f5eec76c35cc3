"""The list items of talks: what each shows, read in one query, and their HTML."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from pages.list_items import Link, talk_items, talks_by_id
from pages.templatetags.reader import talk_items as talk_items_tag
from talks.models import Talk, TalkFormat
from tests.factories import (
    EventFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_talks_by_id_gives_what_a_list_item_shows():
    event = EventFactory(name="DevFest Nantes 2025", slug="devfest-nantes-2025")
    talk = TalkFactory(
        event=event,
        title="eBPF with Go",
        slug="ebpf-with-go",
        format=TalkFormat.WORKSHOP,
        languages=["fr", "en"],
        date=datetime.date(2025, 10, 17),
        start_time=datetime.time(14, 30),
        room="Jules Verne",
        speakers=[
            SpeakerFactory(name="Zoé Second", slug="zoe-second"),
            SpeakerFactory(name="Anne First", slug="anne-first"),
        ],
        topics=[
            TopicFactory(name="Observability", slug="observability"),
            TopicFactory(name="Kubernetes", slug="kubernetes"),
        ],
    )
    ReviewFactory(talk=talk, rating=5)
    ReviewFactory(talk=talk, rating=4)

    item = talks_by_id([talk.pk])[talk.pk]

    assert item.id == talk.pk
    assert item.title == "eBPF with Go"
    assert item.url == "/talks/devfest-nantes-2025/ebpf-with-go/" == talk.get_absolute_url()
    assert item.event == Link(name="DevFest Nantes 2025", url="/events/devfest-nantes-2025/")
    assert item.day == datetime.date(2025, 10, 17)
    assert item.start_time == datetime.time(14, 30)
    assert item.room == "Jules Verne"
    assert item.format_label == "Workshop"
    assert item.languages == ["fr", "en"]
    assert item.rating_average == Decimal("4.50")
    # The speakers in the talk's order, not by name; the topics by name.
    assert item.speakers == [
        Link(name="Zoé Second", url="/speakers/zoe-second/"),
        Link(name="Anne First", url="/speakers/anne-first/"),
    ]
    assert item.topics == [
        Link(name="Kubernetes", url="/topics/kubernetes/"),
        Link(name="Observability", url="/topics/observability/"),
    ]
    assert item.highlight is None


def test_a_talk_without_a_day_of_its_own_shows_its_events_first_day():
    talk = TalkFactory(date=None, event=EventFactory(start_date=datetime.date(2024, 6, 3)))

    item = talks_by_id([talk.pk])[talk.pk]

    assert item.date is None
    assert item.day == datetime.date(2024, 6, 3)
    assert item.speakers == [] and item.topics == []


def test_talks_by_id_reads_any_number_of_talks_in_one_query(django_assert_num_queries):
    talks = [TalkFactory(speakers=[SpeakerFactory()], topics=[TopicFactory()]) for _ in range(5)]
    ids = [talk.pk for talk in talks]

    with django_assert_num_queries(1):
        items = talks_by_id(ids)

    assert sorted(items) == sorted(ids)
    with django_assert_num_queries(0):
        assert talks_by_id([]) == {}


def test_talk_items_keep_the_order_of_the_queryset(django_assert_num_queries):
    first, second, third = (TalkFactory(title=title) for title in ("B", "C", "A"))

    with django_assert_num_queries(2):
        items = talk_items(Talk.objects.order_by("title"))

    assert [item.id for item in items] == [third.pk, first.pk, second.pk]


def test_talk_items_escape_what_attendees_typed_and_speak_the_readers_language():
    talk = TalkFactory(
        title="<script>alert(1)</script> & more",
        slug="xss",
        event=EventFactory(name="<b>Conf</b>", slug="conf", start_date=datetime.date(2025, 3, 4)),
        speakers=[SpeakerFactory(name='Ada "<i>" Lovelace', slug="ada")],
        topics=[TopicFactory(name="<u>Topic</u>", slug="topic")],
    )
    ReviewFactory(talk=talk, rating=4)
    ReviewFactory(talk=talk, rating=3)
    item = talks_by_id([talk.pk])[talk.pk]

    with translation.override("fr"):
        html = talk_items_tag([item], show_event=True, show_date=True)

    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "<u>" not in html
    assert (
        # The title in its own language, on a French page.
        '<a class="talk-title" href="/talks/conf/xss/" lang="en">'
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</a>"
    ) in html
    assert '<a href="/speakers/ada/">Ada &quot;&lt;i&gt;&quot; Lovelace</a>' in html
    assert '<span><a href="/events/conf/">&lt;b&gt;Conf&lt;/b&gt;</a></span>' in html
    assert '<span><time datetime="2025-03-04">4 mars 2025</time></span>' in html
    assert "<span>Évaluée 3,5/5</span>" in html
    assert '<abbr class="language-code" title="anglais">en</abbr>' in html
    assert '<ul class="topics" aria-label="Sujets"><li><a href="/topics/topic/">' in html
