"""Each talk's speaker links (`Talk.speaker_links`, what lists show) stay those of its
speakers, in their order, whoever writes: the triggers of talks/triggers.py."""

import pytest
from django.db import connection

from people.services import speaker_merge
from talks.models import Talk, TalkSpeaker
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def links(talk: Talk) -> list[list[str]]:
    talk.refresh_from_db(fields=["speaker_links"])
    return talk.speaker_links


@pytest.fixture
def ada():
    return SpeakerFactory(name="Ada Lovelace", slug="ada-lovelace")


@pytest.fixture
def grace():
    return SpeakerFactory(name="Grace Hopper", slug="grace-hopper")


def test_a_talks_links_follow_its_speakers_in_their_order(ada, grace):
    talk = TalkFactory(speakers=[grace, ada])
    assert links(talk) == [["grace-hopper", "Grace Hopper"], ["ada-lovelace", "Ada Lovelace"]]

    TalkSpeaker.objects.filter(talk=talk, speaker=grace).update(order=5)
    assert links(talk) == [["ada-lovelace", "Ada Lovelace"], ["grace-hopper", "Grace Hopper"]]

    TalkSpeaker.objects.filter(talk=talk, speaker=ada).delete()
    assert links(talk) == [["grace-hopper", "Grace Hopper"]]

    TalkSpeaker.objects.filter(talk=talk).delete()
    assert links(talk) == []


def test_a_speaker_renamed_or_given_another_slug_is_listed_so_on_every_talk(ada, grace):
    talks = [TalkFactory(speakers=[ada]), TalkFactory(speakers=[grace, ada])]
    other = TalkFactory(speakers=[grace])

    ada.name, ada.slug = "Augusta Ada King", "augusta-ada-king"
    ada.save()

    assert [links(talk)[-1] for talk in talks] == [["augusta-ada-king", "Augusta Ada King"]] * 2
    assert links(other) == [["grace-hopper", "Grace Hopper"]]


def test_a_speaker_deleted_leaves_their_talks(ada, grace):
    talk = TalkFactory(speakers=[ada, grace])

    ada.delete()

    assert links(talk) == [["grace-hopper", "Grace Hopper"]]


def test_merged_speakers_are_listed_once_as_the_one_kept(ada, editor):
    duplicate = SpeakerFactory(name="A. Lovelace", slug="a-lovelace")
    both = TalkFactory(speakers=[ada, duplicate])
    only_duplicate = TalkFactory(speakers=[duplicate])

    speaker_merge(keep=ada, duplicates=[duplicate], editor=editor)

    assert links(both) == [["ada-lovelace", "Ada Lovelace"]]
    assert links(only_duplicate) == [["ada-lovelace", "Ada Lovelace"]]


def test_saving_a_talk_never_overwrites_its_links(ada):
    talk = TalkFactory(speakers=[ada])
    stale = Talk.objects.get(pk=talk.pk)
    stale.speaker_links = [["forged", "<script>"]]

    stale.save()
    Talk.objects.filter(pk=talk.pk).update(speaker_links=[["forged", "Forged"]])

    assert links(talk) == [["ada-lovelace", "Ada Lovelace"]]
    assert links(TalkFactory(speaker_links=[["forged", "Forged"]])) == []


def test_every_talk_of_a_bulk_write_gets_its_links(ada, grace):
    talks = TalkFactory.create_batch(3)

    TalkSpeaker.objects.bulk_create(
        [TalkSpeaker(talk=talk, speaker=speaker, order=order)
         for talk in talks for order, speaker in enumerate([ada, grace])]
    )  # fmt: skip

    assert [links(talk) for talk in talks] == [
        [["ada-lovelace", "Ada Lovelace"], ["grace-hopper", "Grace Hopper"]]
    ] * 3


def test_the_links_are_what_the_speakers_tables_say_for_every_talk(ada, grace):
    TalkFactory(speakers=[ada, grace])
    TalkFactory(speakers=[grace])
    TalkFactory()

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM talks_talk AS talk
            WHERE talk.speaker_links IS DISTINCT FROM ARRAY(
                SELECT ARRAY[speaker.slug, speaker.name]::text[]
                FROM talks_talkspeaker AS link
                JOIN people_speaker AS speaker ON speaker.id = link.speaker_id
                WHERE link.talk_id = talk.id ORDER BY link."order", link.id
            )
            """
        )
        assert cursor.fetchone() == (0,)
