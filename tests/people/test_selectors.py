"""speakers_resembling: existing speakers whose name or alias is like a name from elsewhere."""

import pytest

from people.models import SpeakerAlias
from people.selectors import RESEMBLING_PER_NAME, Resemblance, speakers_resembling
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_alike_names_and_aliases_are_found_most_alike_first_with_their_talks():
    jane = SpeakerFactory(name="Jane A. Doe")
    TalkFactory(speakers=[jane])
    janet = SpeakerFactory(name="Janet Doe")
    SpeakerAlias.objects.create(speaker=janet, name="Doe, Jane", slug="doe-jane")
    SpeakerFactory(name="Jane Smith")

    found = speakers_resembling(["Jane Doe", "Nobody Alike"])

    assert found == {
        "Jane Doe": [
            Resemblance(janet.pk, "Janet Doe", "Doe, Jane", 0),
            Resemblance(jane.pk, "Jane A. Doe", "", 1),
        ]
    }


def test_at_most_five_speakers_are_offered_for_a_name():
    for number in range(RESEMBLING_PER_NAME + 2):
        SpeakerFactory(name=f"Curtis Andrews {number}")

    assert len(speakers_resembling(["Curtis Andrews"])["Curtis Andrews"]) == RESEMBLING_PER_NAME


def test_no_names_ask_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert speakers_resembling([]) == {}
