"""Queries compiled once, run with another value each time."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from common.compiled_queries import NO_VALUE, CompiledQuery
from events.models import Event, EventStatus
from talks.models import Talk
from tests.factories import EventFactory, SeriesFactory, TalkFactory

pytestmark = pytest.mark.django_db

ENDING_FROM = CompiledQuery(
    lambda day: Event.objects.published().filter(end_date__gte=day).order_by("start_date"),
    placeholder=date.min,
)


def titles_of_event(event_id: int):
    return Talk.objects.filter(event_id=event_id).order_by("title").values_list("title", "slug")


def test_each_run_gives_the_rows_of_its_own_value_as_models():
    early = EventFactory(start_date=date(2024, 1, 1), end_date=date(2024, 1, 2))
    late = EventFactory(start_date=date(2025, 1, 1), end_date=date(2025, 1, 2))
    EventFactory(start_date=date(2025, 6, 1), status=EventStatus.PENDING)

    assert ENDING_FROM.models(date(2023, 1, 1)) == [early, late]
    assert ENDING_FROM.models(date(2024, 6, 1)) == [late]
    assert ENDING_FROM.models(date(2026, 1, 1)) == []
    assert isinstance(ENDING_FROM.models(date(2023, 1, 1))[0], Event)


def test_each_id_gets_the_rows_of_the_queryset_built_for_it():
    first, second = EventFactory(), EventFactory()
    TalkFactory(event=first, title="Zig", slug="zig")
    TalkFactory(event=first, title="Ada", slug="ada")
    TalkFactory(event=second, title="Go", slug="go")
    query = CompiledQuery(titles_of_event)

    assert (
        query.rows(first.pk) == list(titles_of_event(first.pk)) == [("Ada", "ada"), ("Zig", "zig")]
    )
    assert query.rows(second.pk) == [("Go", "go")]
    assert query.rows(second.pk + first.pk + 1000) == []


def test_a_placeholder_used_twice_is_replaced_in_both_places():
    day = date(2024, 1, 1)
    one_day = EventFactory(start_date=day, end_date=day)
    EventFactory(start_date=day, end_date=date(2024, 1, 3))
    query = CompiledQuery(
        lambda value: Event.objects.filter(start_date=value, end_date=value), placeholder=date.min
    )

    assert query.models(day) == [one_day]


def test_the_query_is_built_once_then_only_run():
    event = EventFactory()
    TalkFactory(event=event, title="Ada", slug="ada")
    built = []
    query = CompiledQuery(lambda event_id: built.append(event_id) or titles_of_event(event_id))

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert query.rows(event.pk) == [("Ada", "ada")]

    assert len(built) == 1
    assert len(queries) == 3
    assert all(str(event.pk) in run["sql"] for run in queries.captured_queries)


def test_a_queryset_that_ignores_its_value_is_refused():
    query = CompiledQuery(lambda event_id: Talk.objects.values_list("title"))

    with pytest.raises(ImproperlyConfigured, match="not among the query's parameters"):
        query.rows(1)


def test_models_hold_what_select_related_reads_without_another_query():
    series = SeriesFactory(name="KubeCon")
    event = EventFactory(series=series, slug="kubecon-2025")
    EventFactory(series=None, slug="alone-2025")
    query = CompiledQuery(
        lambda slug: Event.objects.published().select_related("series").filter(slug=slug),
        placeholder="a-slug-no-event-has",
    )

    [found] = query.models("kubecon-2025")
    with CaptureQueriesContext(connection) as queries:
        assert found.series.name == "KubeCon"
        assert found == event and found._state.db == "default" and not found._state.adding
    [alone] = query.models("alone-2025")

    assert len(queries) == 0
    assert alone.series is None
    assert query.models("no-such-event") == []


def test_models_of_some_fields_defer_the_others_as_the_orm_does():
    TalkFactory(title="Ada", event=EventFactory(name="PyCon"))
    query = CompiledQuery(
        lambda _: Talk.objects.select_related("event").only("title", "event__name"),
        placeholder=NO_VALUE,
    )

    [talk] = query.models()
    with CaptureQueriesContext(connection) as queries:
        assert (talk.title, talk.event.name) == ("Ada", "PyCon")
    assert len(queries) == 0
    assert talk.get_deferred_fields() == {field.attname for field in Talk._meta.concrete_fields} - {
        "id",
        "title",
        "event_id",
    }


def test_models_carry_their_annotations():
    event = EventFactory()
    TalkFactory.create_batch(2, event=event)
    query = CompiledQuery(
        lambda event_id: Event.objects.filter(pk=event_id).annotate(talk_total=Count("talks"))
    )

    [counted] = query.models(event.pk)

    assert (counted, counted.talk_total) == (event, 2)


def test_a_query_without_a_value_is_run_as_it_is():
    event = EventFactory()
    query = CompiledQuery(lambda _: Event.objects.order_by("pk"), placeholder=NO_VALUE)

    assert query.models() == [event]
    EventFactory()
    assert len(query.models()) == 2
