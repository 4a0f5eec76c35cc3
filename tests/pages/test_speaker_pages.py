"""Speaker pages: everyone with a public talk, each speaker's talks, old slugs redirect."""

import pytest
from django.db import connection
from django.urls import reverse

from events.models import EventStatus
from people.models import Speaker, SpeakerAlias
from talks.models import TalkStatus
from talks.selectors import alphabetical
from tests.catalogue import make_catalogue
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_speaker_list_shows_speakers_of_public_talks_with_counts(client):
    alice = SpeakerFactory(name="Alice Martin")
    bob = SpeakerFactory(name="Bob Durand")
    hidden = SpeakerFactory(name="Hidden Speaker")
    TalkFactory(speakers=[alice, bob])
    TalkFactory(speakers=[alice])
    TalkFactory(speakers=[hidden], status=TalkStatus.PENDING)
    TalkFactory(speakers=[hidden], event=EventFactory(status=EventStatus.PENDING))

    response = client.get(reverse("people:speaker-list"))
    searched = client.get(reverse("people:speaker-list"), {"q": "dur"})

    assert [(s.name, s.talk_count) for s in response.context["speakers"]] == [
        ("Alice Martin", 2),
        ("Bob Durand", 1),
    ]
    assert [s.name for s in searched.context["speakers"]] == ["Bob Durand"]


def test_speaker_list_is_in_alphabetical_order(client):
    for name in ("Julien Dupont", "zoé Martin", "Jérôme Petazzoni", "Émilie Durand"):
        TalkFactory(speakers=[SpeakerFactory(name=name)])

    response = client.get(reverse("people:speaker-list"))

    assert [speaker.name for speaker in response.context["speakers"]] == [
        "Émilie Durand",
        "Jérôme Petazzoni",
        "Julien Dupont",
        "zoé Martin",
    ]


def test_speaker_list_walks_the_index_of_names_in_alphabetical_order():
    speakers = Speaker.objects.order_by(alphabetical("name"), "pk")[:100]

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {speakers.query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "people_speaker_name_alphabetical" in plan


def test_speaker_page_lists_public_talks_across_events(client):
    speaker = SpeakerFactory(name="Jérôme Petazzoni", affiliation="Tiny Shell Script")
    TalkFactory(title="Containers from scratch", speakers=[speaker])
    TalkFactory(title="Kubernetes deep dive", speakers=[speaker])
    TalkFactory(title="Still pending", speakers=[speaker], status=TalkStatus.PENDING)

    response = client.get(speaker.get_absolute_url())

    assert sorted(talk.title for talk in response.context["talks"]) == [
        "Containers from scratch",
        "Kubernetes deep dive",
    ]
    assert "Tiny Shell Script" in response.content.decode()
    assert f'href="/talks/?speaker={speaker.slug}"' in response.content.decode()


def test_speaker_alias_redirects_permanently(client):
    speaker = SpeakerFactory(slug="jerome-petazzoni")
    SpeakerAlias.objects.create(speaker=speaker, slug="jpetazzo", name="jpetazzo")
    TalkFactory(speakers=[speaker])

    response = client.get("/speakers/jpetazzo/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/speakers/jerome-petazzoni/?page=2"
    assert client.get("/speakers/nobody/").status_code == 404


@pytest.mark.parametrize(
    "talk",
    [
        {"status": TalkStatus.PENDING},
        {"status": TalkStatus.REJECTED},
        {"event__status": EventStatus.PENDING},
        {"event__status": EventStatus.REJECTED},
        None,
    ],
)
def test_speaker_without_a_published_talk_is_hidden(client, talk):
    speaker = SpeakerFactory(name="Any Name", slug="any-name")
    SpeakerAlias.objects.create(speaker=speaker, slug="former-name", name="Former Name")
    if talk is not None:
        TalkFactory(speakers=[speaker], **talk)

    assert client.get("/speakers/any-name/").status_code == 404
    assert client.get("/speakers/former-name/").status_code == 404
    assert "Any Name" not in client.get("/talks/?speaker=any-name").content.decode()


def test_speaker_awaiting_review_is_shown_to_their_proposer_only(client):
    proposer, other = UserFactory(), UserFactory()
    speaker = SpeakerFactory(name="Any Name", slug="any-name")
    TalkFactory(speakers=[speaker], status=TalkStatus.PENDING, proposed_by=proposer)

    client.force_login(other)
    assert client.get("/speakers/any-name/").status_code == 404
    client.force_login(proposer)
    response = client.get("/speakers/any-name/")

    assert response.status_code == 200
    assert response.context["talks"] == []
    assert '<p class="awaiting-review">' in response.content.decode()
    assert "Any Name" not in client.get("/speakers/").content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_speaker_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    _, speaker, _ = make_catalogue(size)
    SpeakerAlias.objects.create(speaker=speaker, slug="former-slug", name="Former Name")

    # Count, the page's ids, its speakers with their talk counts.
    with django_assert_num_queries(4):
        response = client.get(reverse("people:speaker-list"))
    assert len(response.context["speakers"]) == size + 1
    # Speaker, the ids of their talks, the talks' list items.
    with django_assert_num_queries(4):
        response = client.get(speaker.get_absolute_url())
    assert len(response.context["talks"]) == size
    # The alias missed as a speaker, then found.
    with django_assert_num_queries(3):
        assert client.get("/speakers/former-slug/").status_code == 301
