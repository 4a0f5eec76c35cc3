"""A talk's day, kept by the database: its own date, or its event's first day."""

import datetime

import pytest

from events.models import Event
from talks.models import Talk
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2025, 10, 16)


def day_of(talk: Talk) -> datetime.date:
    return Talk.objects.values_list("day", flat=True).get(pk=talk.pk)


def test_a_talk_is_on_its_own_date_or_its_events_first_day():
    event = EventFactory(start_date=FIRST_DAY)

    dated = TalkFactory(event=event, date=datetime.date(2025, 10, 17))
    undated = TalkFactory(event=event, date=None)

    assert day_of(dated) == datetime.date(2025, 10, 17)
    assert day_of(undated) == FIRST_DAY


def test_the_day_follows_the_talks_date_and_event():
    talk = TalkFactory(event=EventFactory(start_date=FIRST_DAY), date=None)

    talk.date = datetime.date(2025, 10, 17)
    talk.save()
    assert day_of(talk) == datetime.date(2025, 10, 17)

    Talk.objects.filter(pk=talk.pk).update(
        date=None, event=EventFactory(start_date=datetime.date(2026, 3, 5))
    )
    assert day_of(talk) == datetime.date(2026, 3, 5)


def test_moving_an_event_moves_its_talks_without_a_date_of_their_own():
    event = EventFactory(start_date=FIRST_DAY)
    undated = TalkFactory(event=event, date=None)
    dated = TalkFactory(event=event, date=FIRST_DAY)

    Event.objects.filter(pk=event.pk).update(
        start_date=datetime.date(2025, 11, 20), end_date=datetime.date(2025, 11, 21)
    )

    assert day_of(undated) == datetime.date(2025, 11, 20)
    assert day_of(dated) == FIRST_DAY


def test_any_other_write_to_the_day_is_ignored():
    talk = TalkFactory(event=EventFactory(start_date=FIRST_DAY), date=None)

    Talk.objects.filter(pk=talk.pk).update(day=datetime.date(1999, 1, 1))

    assert day_of(talk) == FIRST_DAY
