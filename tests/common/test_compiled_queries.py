"""Queries compiled once, run for each id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.compiled_queries import QueryOfOneId
from talks.models import Talk
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db


def titles_of_event(event_id: int):
    return Talk.objects.filter(event_id=event_id).order_by("title").values_list("title", "slug")


def test_each_id_gets_the_rows_of_the_queryset_built_for_it():
    first, second = EventFactory(), EventFactory()
    TalkFactory(event=first, title="Zig", slug="zig")
    TalkFactory(event=first, title="Ada", slug="ada")
    TalkFactory(event=second, title="Go", slug="go")
    query = QueryOfOneId(titles_of_event)

    assert (
        query.rows(first.pk) == list(titles_of_event(first.pk)) == [("Ada", "ada"), ("Zig", "zig")]
    )
    assert query.rows(second.pk) == [("Go", "go")]
    assert query.rows(second.pk + first.pk + 1000) == []


def test_the_query_is_built_once_then_only_run():
    event = EventFactory()
    TalkFactory(event=event, title="Ada", slug="ada")
    built = []
    query = QueryOfOneId(lambda event_id: built.append(event_id) or titles_of_event(event_id))

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert query.rows(event.pk) == [("Ada", "ada")]

    assert len(built) == 1
    assert len(queries) == 3
    assert all(str(event.pk) in run["sql"] for run in queries.captured_queries)


def test_a_queryset_that_ignores_its_id_is_refused():
    query = QueryOfOneId(lambda event_id: Talk.objects.values_list("title"))

    with pytest.raises(ValueError, match="does not depend on its id"):
        query.rows(1)
