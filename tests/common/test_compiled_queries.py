from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from common.compiled_queries import CompiledQuery
from events.models import Event, EventStatus
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ENDING_FROM = CompiledQuery(
    lambda day: Event.objects.published().filter(end_date__gte=day).order_by("start_date"),
    placeholder=date.min,
)


def test_each_run_gives_the_rows_of_its_own_value_as_models():
    early = EventFactory(start_date=date(2024, 1, 1), end_date=date(2024, 1, 2))
    late = EventFactory(start_date=date(2025, 1, 1), end_date=date(2025, 1, 2))
    EventFactory(start_date=date(2025, 6, 1), status=EventStatus.PENDING)

    assert ENDING_FROM(date(2023, 1, 1)) == [early, late]
    assert ENDING_FROM(date(2024, 6, 1)) == [late]
    assert ENDING_FROM(date(2026, 1, 1)) == []
    assert isinstance(ENDING_FROM(date(2023, 1, 1))[0], Event)


def test_a_placeholder_that_is_not_exactly_one_parameter_is_refused():
    twice = CompiledQuery(
        lambda day: Event.objects.filter(start_date=day, end_date=day), placeholder=date.min
    )
    with pytest.raises(ImproperlyConfigured):
        twice(date(2024, 1, 1))
