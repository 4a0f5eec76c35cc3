"""Big lists are counted cheaply: exactly up to a cap, then from PostgreSQL's estimate."""

import pytest
from django.db import connection

from common.curation import paginators
from common.curation.paginators import EstimatedCountPaginator
from talks.models import Talk
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_small_list_is_counted_exactly_in_one_query(django_assert_num_queries):
    TalkFactory.create_batch(3, event=EventFactory())

    with django_assert_num_queries(1):
        count = EstimatedCountPaginator(Talk.objects.all(), 100).count

    assert count == 3


def test_list_beyond_the_cap_takes_the_planner_estimate(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(paginators, "EXACT_COUNT_CAP", 5)
    TalkFactory.create_batch(20, event=EventFactory())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE talks_talk")

    with django_assert_num_queries(2) as captured:
        count = EstimatedCountPaginator(Talk.objects.all(), 100).count

    assert count == 20
    assert captured.captured_queries[1]["sql"].startswith("EXPLAIN (FORMAT json)")


def test_deep_page_fetches_its_keys_then_its_rows_in_one_query(django_assert_num_queries):
    talks = TalkFactory.create_batch(5, event=EventFactory())
    paginator = EstimatedCountPaginator(Talk.objects.order_by("pk"), 2)

    # The count, then the page.
    with django_assert_num_queries(2) as captured:
        page = list(paginator.page(2))

    assert page == talks[2:4]
    assert (
        'IN (SELECT U0."id" AS "pk" FROM "talks_talk" U0 ORDER BY 1 ASC LIMIT 2 OFFSET 2)'
        in (captured.captured_queries[1]["sql"])
    )
