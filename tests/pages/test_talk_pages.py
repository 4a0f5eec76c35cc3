"""Talk, topic and language pages: what they show, nothing unpublished, aliases, speed."""

import datetime

import pytest
from django.urls import reverse

from events.models import EventStatus
from talks.models import NoteStatus, ReviewStatus, Talk, TalkStatus, TopicAlias
from tests.catalogue import make_catalogue
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
    WorkFactory,
)

pytestmark = pytest.mark.django_db


def test_talk_page_shows_everything_a_reader_needs(client):
    speaker = SpeakerFactory(name="Donia Chaiehloudj", affiliation="Isovalent")
    talk = TalkFactory(
        title="eBPF with Go",
        abstract="The foundation of modern Kubernetes networking.",
        languages=["en", "fr"],
        speakers=[speaker],
        topics=[TopicFactory(name="eBPF", slug="ebpf")],
        slides_url="https://example.org/slides.pdf",
        video_url="https://example.org/video",
    )
    julien = UserFactory(username="julien")
    NoteFactory(talk=talk, author=julien, body="Très **clair**", language="fr")
    NoteFactory(talk=talk, body="Pending secret", status=NoteStatus.PENDING, published_at=None)
    NoteFactory(talk=talk, body="Hidden spam", status=NoteStatus.HIDDEN)
    ReviewFactory(talk=talk, rating=5, body="Great")
    ReviewFactory(talk=talk, rating=4)
    ReviewFactory(talk=talk, rating=1, body="Hidden review", status=ReviewStatus.HIDDEN)

    response = client.get(talk.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert '<article class="note" id="note-' in html and 'lang="fr"' in html
    assert "Très <strong>clair</strong>" in html
    assert "By julien, in French" in html
    assert "Pending secret" not in html and "Hidden spam" not in html
    assert "Hidden review" not in html
    assert response.context["rating"].count == 2
    assert response.context["rating"].average == 4.5
    assert response.context["rating"].distribution == [(5, 1), (4, 1), (3, 0), (2, 0), (1, 0)]
    assert "Average rating 4.5/5 from 2 ratings" in html
    assert '<meter min="0" max="2" value="1">1</meter>' in html
    assert 'href="https://example.org/slides.pdf"' in html
    assert 'href="https://example.org/video"' in html
    assert "Isovalent" in html and 'href="/topics/ebpf/"' in html
    assert '<meta property="og:title" content="eBPF with Go">' in html
    assert (
        '<meta property="og:description" content="The foundation of modern Kubernetes networking.">'
    ) in html


def test_a_recognised_recording_gets_a_preview_that_plays_from_youtube_nocookie(client):
    talk = TalkFactory(
        title="Terramate",
        video_url="https://youtu.be/dQw4w9WgXcQ?t=90",
        slides_url="https://speakerdeck.com/someone/terramate",
    )

    html = client.get(talk.get_absolute_url()).content.decode()

    assert (
        '<a class="button media-open" href="https://youtu.be/dQw4w9WgXcQ?t=90" '
        'rel="nofollow ugc noopener" '
        'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'
        '?autoplay=1&amp;start=90" '
        'data-play-label="Play the video" '
        'data-frame-title="Video of “Terramate” on YouTube">Watch on YouTube</a>'
    ) in html
    assert (
        '<a class="button media-open" href="https://speakerdeck.com/someone/terramate" '
        'rel="nofollow ugc noopener">Open the slides on Speaker Deck</a>'
    ) in html
    assert "/static/js/media-player" in html
    assert "<dt>Links</dt>" not in html
    assert "<iframe" not in html


def test_an_unrecognised_address_stays_a_plain_link_without_a_player(client):
    talk = TalkFactory(
        video_url="https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        slides_url="https://docs.example.org/presentation/1abc",
    )

    html = client.get(talk.get_absolute_url()).content.decode()

    assert (
        '<a href="https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ" '
        'rel="nofollow ugc noopener">Video</a>'
    ) in html
    assert (
        '<a href="https://docs.example.org/presentation/1abc" '
        'rel="nofollow ugc noopener">Slides</a>'
    ) in html
    assert "data-embed-url" not in html and "Recording and slides" not in html
    assert "/static/js/media-player" not in html


def test_talk_page_shows_sub_items_nested_under_their_item(client):
    talk = TalkFactory()
    NoteFactory(talk=talk, body="Takeaways:\n- Limits\n  - no CPU limits\n- Requests")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert (
        "<p>Takeaways:</p>\n<ul>\n<li>Limits\n<ul>\n<li>no CPU limits</li>\n</ul>\n</li>\n"
        "<li>Requests</li>\n</ul>"
    ) in html


def test_headings_of_notes_and_reviews_sit_below_the_talk_title_and_its_sections(client):
    talk = TalkFactory(title="Scheduling")
    NoteFactory(talk=talk, body="# Limits\n\n## CPU\n\nThrottled.")
    ReviewFactory(talk=talk, body="# Verdict\n\nClear.")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1 and '<h1 lang="en">Scheduling</h1>' in html
    assert '<div class="note-body"><h3>Limits</h3>\n<h4>CPU</h4>\n<p>Throttled.</p></div>' in html
    assert '<div class="review-body"><h3>Verdict</h3>\n<p>Clear.</p></div>' in html


def test_abstract_lines_wrap_with_the_page_not_where_the_source_broke_them(client):
    talk = TalkFactory(
        abstract=(
            "A tour of the Kubernetes resource model,\neach concept shown with a live demo.\n\n"
            "Bring a laptop."
        )
    )

    html = client.get(talk.get_absolute_url()).content.decode()

    assert (
        '<div class="abstract-body" lang="en"><p>A tour of the Kubernetes resource model,\n'
        "each concept shown with a live demo.</p>\n<p>Bring a laptop.</p></div>"
    ) in html
    assert "<br>" not in html


def test_abstract_is_markdown_as_safe_as_a_note(client):
    talk = TalkFactory(abstract="# Outline\n\n- **eBPF**\n  - maps\n\n<script>alert(1)</script>")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert (
        '<div class="abstract-body" lang="en"><h3>Outline</h3>\n'
        "<ul>\n<li><strong>eBPF</strong>\n<ul>\n"
        "<li>maps</li>\n</ul>\n</li>\n</ul>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p></div>"
    ) in html


def test_talk_page_summary_reads_the_abstract_without_markdown(client):
    talk = TalkFactory(abstract="## Outline\n\n- **eBPF** maps\n- [Cilium](https://cilium.io)")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert '<meta name="description" content="Outline · eBPF maps · Cilium">' in html


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": TalkStatus.PENDING},
        {"event__status": EventStatus.PENDING},
    ],
)
def test_unpublished_talk_is_not_found(client, hidden):
    if "event__status" in hidden:
        talk = TalkFactory(event=EventFactory(status=EventStatus.PENDING))
    else:
        talk = TalkFactory(**hidden)
    assert client.get(talk.get_absolute_url()).status_code == 404


def test_a_talk_without_a_day_shows_its_event_days_not_a_made_up_one(client):
    event = EventFactory(
        start_date=datetime.date(2025, 10, 16), end_date=datetime.date(2025, 10, 17)
    )
    undated = TalkFactory(title="Undated", event=event, date=None)
    TalkFactory(title="Dated", event=event, date=datetime.date(2025, 10, 17))
    event_days = (
        '<time datetime="2025-10-16">Oct. 16, 2025</time> \N{EN DASH} '
        '<time datetime="2025-10-17">Oct. 17, 2025</time>'
    )

    talk_page = client.get(undated.get_absolute_url()).content.decode()
    talk_list = client.get("/talks/?sort=title").content.decode()

    assert f"<dt>When</dt><dd>{event_days}</dd>" in talk_page
    undated_item = talk_list[talk_list.index(">Undated</a>") :]
    dated_item = talk_list[talk_list.index(">Dated</a>") : talk_list.index(">Undated</a>")]
    assert f"<span>{event_days}</span>" in undated_item.split("</li>")[0]
    assert '<span><time datetime="2025-10-17">Oct. 17, 2025</time></span>' in dated_item


def test_topic_list_is_in_alphabetical_order(client):
    for name in ("Kubernetes", "eBPF", "Go", "Édition"):
        TalkFactory(topics=[TopicFactory(name=name)])

    response = client.get(reverse("talks:topic-list"))

    assert [topic.name for topic in response.context["topics"]] == [
        "eBPF",
        "Édition",
        "Go",
        "Kubernetes",
    ]


def test_topic_pages_list_public_talks_and_languages(client):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    go = TopicFactory(name="Go", slug="go")
    TalkFactory(title="Operators", languages=["fr"], topics=[kubernetes, go])
    TalkFactory(title="Scheduling", languages=["en", "fr"], topics=[kubernetes])
    TalkFactory(title="Proposed", status=TalkStatus.PENDING, topics=[kubernetes])
    TopicFactory(name="Unused", slug="unused")

    index = client.get(reverse("talks:topic-list"))
    page = client.get(kubernetes.get_absolute_url())

    assert [(t.name, t.talk_count) for t in index.context["topics"]] == [
        ("Go", 1),
        ("Kubernetes", 2),
    ]
    assert sorted(talk.title for talk in page.context["page_obj"]) == ["Operators", "Scheduling"]
    assert [(item.code, item.count) for item in page.context["languages"]] == [
        ("fr", 2),
        ("en", 1),
    ]
    assert 'href="/talks/?topic=kubernetes&amp;language=fr"' in page.content.decode()


def test_language_page_without_talks_says_so(client):
    TalkFactory(title="Proposed", languages=["de"], status=TalkStatus.PENDING)

    language_page = client.get("/languages/de/").content.decode()

    assert '<li class="talk-item">' not in language_page
    assert "<li>No talks in this language yet.</li>" in language_page


@pytest.mark.parametrize(
    "talk",
    [
        {"status": TalkStatus.PENDING},
        {"status": TalkStatus.REJECTED},
        {"event__status": EventStatus.PENDING},
        None,
    ],
)
def test_topic_without_a_published_talk_is_hidden(client, talk):
    topic = TopicFactory(name="Quantum Knitting", slug="quantum-knitting")
    TopicAlias.objects.create(topic=topic, slug="knitting", name="Knitting")
    if talk is not None:
        TalkFactory(topics=[topic], **talk)

    assert client.get("/topics/quantum-knitting/").status_code == 404
    assert client.get("/topics/knitting/").status_code == 404
    assert "Quantum Knitting" not in client.get("/talks/?topic=quantum-knitting").content.decode()


def test_topic_alias_redirects_permanently(client):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TopicAlias.objects.create(topic=kubernetes, slug="k8s", name="k8s")
    TalkFactory(topics=[kubernetes])

    response = client.get("/topics/k8s/")

    assert response.status_code == 301
    assert response["Location"] == "/topics/kubernetes/"
    assert client.get("/topics/nothing/").status_code == 404


def test_language_page_lists_talks_in_that_language(client):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TalkFactory(title="En français", languages=["fr"], topics=[kubernetes])
    TalkFactory(title="Bilingual", languages=["en", "fr"])
    TalkFactory(title="In English", languages=["en"])

    response = client.get("/languages/fr/")

    assert sorted(talk.title for talk in response.context["page_obj"]) == [
        "Bilingual",
        "En français",
    ]
    assert [(t.name, t.talk_count) for t in response.context["topics"]] == [("Kubernetes", 1)]
    assert "<h1>Talks in French</h1>" in response.content.decode()
    assert client.get("/languages/xx/").status_code == 404


@pytest.mark.parametrize("size", [2, 8])
def test_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    event, _, topic = make_catalogue(size)
    talk = event.talks.first()
    TopicAlias.objects.create(topic=topic, slug="k8s", name="k8s")

    # The content version; the talk with its event, speakers, topics, notes, reviews; its
    # related talks ranked and read.
    with django_assert_num_queries(8):
        response = client.get(talk.get_absolute_url())
    assert len(response.context["notes"]) == 1
    # Topics with their counts.
    with django_assert_num_queries(2):
        response = client.get(reverse("talks:topic-list"))
    assert len(response.context["topics"]) == size + 1
    # Topic, count, the page's ids, its talks' list items, language counts.
    with django_assert_num_queries(6):
        response = client.get(topic.get_absolute_url())
    assert len(response.context["page_obj"]) == size
    # The alias missed as a topic, then found.
    with django_assert_num_queries(3):
        client.get("/topics/k8s/")
    # Count, the page's ids, its talks' list items, topic counts.
    with django_assert_num_queries(5):
        response = client.get("/languages/fr/")
    assert len(response.context["page_obj"]) == size
    # The talk given several times: one more, its other versions; the notes of every version
    # come with its own. Its related talks are ranked already (in the cache), and read; the
    # content version first, which the update changed.
    Talk.objects.filter(event=event).update(work=WorkFactory())
    with django_assert_num_queries(8):
        response = client.get(talk.get_absolute_url())
    assert len(response.context["versions"]) == size - 1
    assert len(response.context["notes"]) == size
