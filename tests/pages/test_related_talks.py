"""The related talks on a talk's page: ranked by shared speakers and topics, the reader's
language first, never a hidden talk or a version of the talk, cached, in a fixed number of
queries."""

import datetime

import pytest
from django.core.cache import cache

from events.models import EventStatus
from talks.models import TalkStatus, Work
from tests.catalogue import make_catalogue
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def related_titles(client, talk, language="en"):
    response = client.get(talk.get_absolute_url(), headers={"accept-language": language})
    return [item.title for item in response.context["related_talks"]]


def test_related_talks_share_speakers_and_topics_the_most_related_first(client):
    speaker = SpeakerFactory()
    kubernetes, go, ebpf = TopicFactory(), TopicFactory(), TopicFactory()
    talk = TalkFactory(speakers=[speaker], topics=[kubernetes, go, ebpf])
    TalkFactory(title="One topic", topics=[kubernetes])
    TalkFactory(title="Two topics", topics=[kubernetes, go])
    TalkFactory(title="Same speaker", speakers=[speaker])
    TalkFactory(title="Same speaker and a topic", speakers=[speaker], topics=[ebpf])
    TalkFactory(title="Unrelated", speakers=[SpeakerFactory()], topics=[TopicFactory()])

    assert related_titles(client, talk) == [
        "Same speaker and a topic",
        "Same speaker",
        "Two topics",
        "One topic",
    ]


def test_equally_related_talks_come_in_the_readers_language_first_then_newest(client):
    topic = TopicFactory()
    talk = TalkFactory(topics=[topic])
    for title, languages, year in [
        ("Old French", ["fr"], 2019),
        ("Old English", ["en"], 2020),
        ("New English", ["en"], 2024),
        ("Bilingual", ["en", "fr"], 2022),
    ]:
        event = EventFactory(start_date=datetime.date(year, 5, 1))
        TalkFactory(title=title, event=event, languages=languages, topics=[topic])

    assert related_titles(client, talk, "en") == [
        "New English",
        "Bilingual",
        "Old English",
        "Old French",
    ]
    assert related_titles(client, talk, "fr") == [
        "Bilingual",
        "Old French",
        "New English",
        "Old English",
    ]


def test_related_talks_leave_out_the_talk_its_versions_and_what_is_not_public(client):
    topic = TopicFactory()
    work = Work.objects.create()
    talk = TalkFactory(topics=[topic], work=work)
    TalkFactory(title="Another version", topics=[topic], work=work)
    TalkFactory(title="Versions of another talk", topics=[topic], work=Work.objects.create())
    TalkFactory(title="Pending", topics=[topic], status=TalkStatus.PENDING)
    TalkFactory(title="Rejected", topics=[topic], status=TalkStatus.REJECTED)
    hidden_event = EventFactory(status=EventStatus.PENDING)
    TalkFactory(title="At a pending event", event=hidden_event, topics=[topic])

    assert related_titles(client, talk) == ["Versions of another talk"]


def test_related_talks_section_shows_rows_as_lists_do_and_is_absent_when_empty(client):
    topic = TopicFactory(name="Kubernetes")
    speaker = SpeakerFactory(name="Alice Martin")
    event = EventFactory(name="KubeCon Europe 2024", start_date=datetime.date(2024, 3, 19))
    talk = TalkFactory(topics=[topic])
    TalkFactory(title="Operators", event=event, speakers=[speaker], topics=[topic])
    alone = TalkFactory(topics=[TopicFactory()])

    html = client.get(talk.get_absolute_url()).content.decode()
    section = html[html.index('<section class="related-talks"') :]
    assert '<h2 id="related-talks-heading">Related talks</h2>' in section
    assert f'href="{event.get_absolute_url()}">KubeCon Europe 2024</a>' in section
    assert f'href="{speaker.get_absolute_url()}">Alice Martin</a>' in section
    assert '<time datetime="2024-03-19">' in section
    assert "related-talks" not in client.get(alone.get_absolute_url()).content.decode()


def test_french_readers_get_the_heading_in_french(client):
    topic = TopicFactory()
    talk = TalkFactory(topics=[topic])
    TalkFactory(topics=[topic])

    response = client.get(talk.get_absolute_url(), headers={"accept-language": "fr"})

    assert '<h2 id="related-talks-heading">Présentations liées</h2>' in response.content.decode()


def test_a_second_view_reads_the_ranking_from_the_cache(client):
    topic = TopicFactory()
    talk = TalkFactory(topics=[topic])
    TalkFactory(title="First", topics=[topic])
    assert related_titles(client, talk) == ["First"]

    # Not ranked again: a talk published since waits for the cached ranking to expire.
    TalkFactory(title="Published since", topics=[topic])
    assert related_titles(client, talk) == ["First"]

    cache.clear()
    assert related_titles(client, talk) == ["Published since", "First"]


def test_a_cached_ranking_never_shows_a_talk_that_stopped_being_public(client):
    topic = TopicFactory()
    talk = TalkFactory(topics=[topic])
    hidden_later = TalkFactory(title="Hidden later", topics=[topic])
    event_hidden_later = TalkFactory(title="Event hidden later", topics=[topic])
    TalkFactory(title="Still public", topics=[topic])
    assert len(related_titles(client, talk)) == 3

    hidden_later.status = TalkStatus.REJECTED
    hidden_later.save()
    event_hidden_later.event.status = EventStatus.PENDING
    event_hidden_later.event.save()

    assert related_titles(client, talk) == ["Still public"]


def test_changing_the_talks_topics_or_speakers_ranks_again_at_once(client):
    kubernetes, go = TopicFactory(), TopicFactory()
    speaker = SpeakerFactory()
    talk = TalkFactory(topics=[kubernetes])
    TalkFactory(title="Kubernetes", topics=[kubernetes])
    TalkFactory(title="Go", topics=[go])
    TalkFactory(title="Same speaker", speakers=[speaker])
    assert related_titles(client, talk) == ["Kubernetes"]

    # As the admin and the importers do: the talk is saved with its new links.
    talk.topics.set([go])
    talk.talk_speakers.create(speaker=speaker, order=0)
    talk.save()

    assert related_titles(client, talk) == ["Same speaker", "Go"]


@pytest.mark.parametrize("size", [2, 8])
def test_talk_page_with_related_talks_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    # The ranking's own cache, under the page cache that would otherwise answer the whole page.
    settings.PAGE_CACHE = False
    event, _, _ = make_catalogue(size)
    make_catalogue(size)
    talk = event.talks.first()

    # The content version; the talk with its event, speakers, topics, notes, reviews; the
    # ranking; the related rows.
    with django_assert_num_queries(8):
        response = client.get(talk.get_absolute_url())
    assert len(response.context["related_talks"]) == min(2 * size - 1, 6)
    # The ranking from the cache.
    with django_assert_num_queries(7):
        response = client.get(talk.get_absolute_url())
    assert len(response.context["related_talks"]) == min(2 * size - 1, 6)
