"""The talk counters of published notes and ratings stay exact, whoever writes."""

import pytest
from django.utils import timezone

from talks.models import Note, NoteStatus, Review, ReviewStatus, Talk
from tests.factories import NoteFactory, ReviewFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def counters(talk: Talk) -> tuple:
    talk.refresh_from_db()
    average = talk.rating_average
    return (
        talk.published_note_count,
        talk.rating_count,
        talk.rating_sum,
        None if average is None else str(average),
    )


def test_publishing_hiding_and_deleting_notes_moves_the_count():
    talk = TalkFactory()
    published = NoteFactory(talk=talk)
    draft = NoteFactory(talk=talk, status=NoteStatus.DRAFT, published_at=None)
    assert counters(talk)[0] == 1

    draft.status = NoteStatus.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert counters(talk)[0] == 2

    published.status = NoteStatus.HIDDEN
    published.save()
    assert counters(talk)[0] == 1

    draft.delete()
    assert counters(talk)[0] == 0


def test_editing_a_published_note_keeps_the_count():
    talk = TalkFactory()
    note = NoteFactory(talk=talk)
    note.body = "Edited"
    note.save()
    assert counters(talk)[0] == 1


def test_moving_a_note_to_another_talk_moves_its_count():
    first, second = TalkFactory(), TalkFactory()
    note = NoteFactory(talk=first)
    Note.objects.filter(pk=note.pk).update(talk=second)
    assert (counters(first)[0], counters(second)[0]) == (0, 1)


def test_bulk_writes_count_every_row():
    talks = [TalkFactory(), TalkFactory()]
    author = UserFactory()
    Note.objects.bulk_create(
        Note(
            talk=talks[index % 2],
            author=author,
            language="en",
            body="bulk",
            body_html="<p>bulk</p>",
            status=NoteStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for index in range(5)
    )
    assert [counters(talk)[0] for talk in talks] == [3, 2]

    Note.objects.filter(talk=talks[0]).update(status=NoteStatus.HIDDEN)
    assert [counters(talk)[0] for talk in talks] == [0, 2]

    Note.objects.all().delete()
    assert [counters(talk)[0] for talk in talks] == [0, 0]


def test_ratings_count_sum_and_average():
    talk = TalkFactory()
    five = ReviewFactory(talk=talk, rating=5)
    ReviewFactory(talk=talk, rating=2)
    ReviewFactory(talk=talk, rating=None, body="Only words, no rating")
    assert counters(talk) == (0, 2, 7, "3.50")

    five.rating = 4
    five.save()
    assert counters(talk) == (0, 2, 6, "3.00")

    Review.objects.filter(pk=five.pk).update(status=ReviewStatus.HIDDEN)
    assert counters(talk) == (0, 1, 2, "2.00")

    Review.objects.filter(talk=talk).delete()
    assert counters(talk) == (0, 0, 0, None)


def test_saving_a_talk_never_overwrites_its_counters():
    talk = TalkFactory()
    stale = Talk.objects.get(pk=talk.pk)
    NoteFactory(talk=talk)
    ReviewFactory(talk=talk, rating=3)

    stale.title = "Renamed"
    stale.save()
    Talk.objects.filter(pk=talk.pk).update(published_note_count=99, rating_sum=1)

    assert counters(talk) == (1, 1, 3, "3.00")
    assert talk.title == "Renamed"


def test_a_new_talk_starts_at_zero_whatever_it_is_given():
    event = TalkFactory().event
    created = Talk(
        event=event,
        title="Imported",
        slug="imported",
        languages=["fr"],
        published_note_count=12,
        rating_count=3,
        rating_sum=15,
    )
    created.save()
    assert counters(created) == (0, 0, 0, None)
