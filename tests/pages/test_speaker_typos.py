"""One letter dropped, doubled or changed in a surname still finds the speaker: from the header's
search box (/search/), the talk finder's text (/talks/?q=) and the speakers' page
(/speakers/?q=), tried on every surname of the demo."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.models import Speaker
from tests.catalogue import make_catalogue
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def surname(speaker: Speaker) -> str:
    return speaker.name.split()[-1]


def typos(word: str) -> dict[str, str]:
    """The word with its middle letter dropped, doubled and changed."""
    middle = len(word) // 2
    changed = "x" if word[middle].lower() != "x" else "y"
    return {
        "dropped": word[:middle] + word[middle + 1 :],
        "doubled": word[:middle] + word[middle] + word[middle:],
        "changed": word[:middle] + changed + word[middle + 1 :],
    }


@pytest.fixture
def demo_speakers() -> list[Speaker]:
    call_command("load_demo", verbosity=0)
    return list(Speaker.objects.public().order_by("name"))


def test_the_demo_has_every_kind_of_surname(demo_speakers):
    lengths = {len(surname(speaker)) for speaker in demo_speakers}
    assert len(demo_speakers) > 60
    assert (min(lengths), max(lengths)) == (3, 12)


# What a reader types that cannot be told from a typo-free word: "Le" for Lee could be the
# French article, and a two-letter word within one edit of many names ("AI" of Kai).
def searchable(typo: str) -> bool:
    return len(typo) >= 3


@pytest.mark.parametrize("path", ["/search/", "/talks/"])
def test_a_surname_with_a_typo_finds_the_speakers_talks(client, demo_speakers, path):
    missed = []
    for speaker in demo_speakers:
        talk_url = speaker.talks.published().first().get_absolute_url()
        for kind, typo in typos(surname(speaker)).items():
            if searchable(typo) and talk_url not in client.get(path, {"q": typo}).content.decode():
                missed.append((speaker.name, kind, typo))
    assert missed == []


def test_a_surname_with_a_typo_finds_the_speaker_on_the_speakers_page(client, demo_speakers):
    missed = []
    for speaker in demo_speakers:
        for kind, typo in typos(surname(speaker)).items():
            html = client.get(reverse("people:speaker-list"), {"q": typo}).content.decode()
            if speaker.get_absolute_url() not in html:
                missed.append((speaker.name, kind, typo))
    assert missed == []


def test_a_surname_alone_with_a_typo_finds_as_much_as_the_full_name():
    kohn = SpeakerFactory(name="Laurent Kohn")
    talk = TalkFactory(title="Service meshes in practice", speakers=[kohn])
    TalkFactory(title="Other talk", speakers=[SpeakerFactory(name="Laurent Dupont")])

    def found(query: str) -> list[str]:
        from talks.models import Talk
        from talks.selectors import talks_matching

        return [t.title for t in talks_matching(Talk.objects.published(), query).talks]

    assert found("Kihn") == found("Laurent Kihn") == [talk.title]
    assert found("Khon") == [talk.title]


def test_the_speakers_page_finds_a_typo_without_accents_or_case():
    SpeakerFactory(name="Victor Boissière")
    TalkFactory(speakers=[Speaker.objects.get()])
    assert list(Speaker.objects.named_like("BOISIERE").values_list("name", flat=True)) == [
        "Victor Boissière"
    ]


def test_a_word_two_letters_off_is_not_a_typo_of_a_short_surname():
    SpeakerFactory(name="Roland Huss")
    assert list(Speaker.objects.named_like("Hans")) == []


@pytest.mark.parametrize("size", [2, 8])
def test_the_speakers_search_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    _, speaker, _ = make_catalogue(size)
    typo = surname(speaker)[:-1]

    # Count, the page's ids, its speakers with their talk counts.
    with django_assert_num_queries(4):
        response = client.get(reverse("people:speaker-list"), {"q": typo})
    assert speaker in response.context["speakers"]
