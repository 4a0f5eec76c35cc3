"""`manage.py bench_trends` times the trends, nothing cached, as for the first reader after
a change."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalogue import make_trends_catalogue

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r"^3 trends x 2 rounds \((.+), nothing cached\): p50 [\d.]+ ms, p95 [\d.]+ ms, max [\d.]+ ms$"
)


@pytest.mark.parametrize(
    ("options", "timed", "names"),
    [
        ({}, "counts", ["site", "topic kubernetes", "topic observability"]),
        (
            {"page": True},
            "pages",
            ["/topics/kubernetes/trends/", "/topics/observability/trends/", "/trends/"],
        ),
    ],
)
def test_bench_trends_times_the_site_and_the_busiest_topics(options, timed, names):
    make_trends_catalogue()
    output = io.StringIO()

    with CaptureQueriesContext(connection) as captured:
        call_command("bench_trends", rounds=2, topics=2, stdout=output, **options)

    summary, heading, *slowest = output.getvalue().splitlines()
    assert SUMMARY.match(summary).group(1) == timed
    assert heading == "Slowest:"
    assert len(slowest) == 5
    assert {line.split("ms  ")[1] for line in slowest} <= set(names)
    # Nothing cached: the site's speakers read at each of the three runs (one untimed).
    speakers = [query for query in captured if 'FROM "talks_trend_speaker"' in query["sql"]]
    assert len(speakers) == 3
