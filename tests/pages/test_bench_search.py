"""`manage.py bench_search` times the search over the queries of a file."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NoteFactory, TalkFactory

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r"^2 queries x 2 rounds \((.+)\): p50 [\d.]+ ms, p95 [\d.]+ ms, max [\d.]+ ms$"
)


@pytest.fixture
def queries(tmp_path):
    talk = TalkFactory(title="Kubernetes autoscaling")
    NoteFactory(talk=talk, body="Le coût de l'observabilité.")
    path = tmp_path / "queries.txt"
    path.write_text("# one query per line\nautoscaling\n\nobservabilité\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("options", "timed"),
    [
        ({}, "ranking, first page, snippets"),
        ({"page": True}, "the /search/ page"),
        ({"speakers": True}, "the /speakers/ page"),
    ],
)
def test_bench_search_prints_percentiles_and_the_slowest_queries(queries, options, timed):
    output = io.StringIO()

    call_command("bench_search", queries=queries, rounds=2, stdout=output, **options)

    summary, heading, *slowest = output.getvalue().splitlines()
    assert SUMMARY.match(summary).group(1) == timed
    assert heading == "Slowest:"
    assert sorted(line.split("ms  ")[1] for line in slowest) == [
        "autoscaling",
        "autoscaling",
        "observabilité",
        "observabilité",
    ]


def test_bench_search_reports_a_missing_query_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the queries"):
        call_command("bench_search", queries=tmp_path / "missing.txt", stdout=io.StringIO())


def test_bench_search_uncached_counts_the_facets_at_every_request(tmp_path):
    TalkFactory(title="Kubernetes autoscaling")
    queries = tmp_path / "queries.txt"
    queries.write_text("autoscaling\n", encoding="utf-8")

    def facet_queries(**options) -> tuple[str, int]:
        output = io.StringIO()
        with CaptureQueriesContext(connection) as captured:
            call_command(
                "bench_search", queries=queries, rounds=2, page=True, stdout=output, **options
            )
        counted = [query for query in captured if "WITH matching AS MATERIALIZED" in query["sql"]]
        return output.getvalue().splitlines()[0].split(": ")[0], len(counted)

    # Once untimed and twice timed, the facets counted each time.
    assert facet_queries(uncached=True) == (
        "1 queries x 2 rounds (the /search/ page, nothing cached)",
        3,
    )
    # Counted once, in the untimed round, then read from the cache.
    assert facet_queries() == ("1 queries x 2 rounds (the /search/ page)", 1)


def test_bench_search_uncached_needs_the_page(queries):
    with pytest.raises(CommandError, match="give --page too"):
        call_command("bench_search", queries=queries, uncached=True, stdout=io.StringIO())


def test_bench_search_times_one_page_at_a_time(queries):
    with pytest.raises(CommandError, match="give one of them"):
        call_command(
            "bench_search", queries=queries, page=True, speakers=True, stdout=io.StringIO()
        )


def test_the_speaker_queries_load_the_speakers_page():
    output = io.StringIO()
    call_command(
        "bench_search",
        queries=settings.BASE_DIR / "bench" / "speaker_queries.txt",
        rounds=1,
        speakers=True,
        stdout=output,
    )
    assert output.getvalue().startswith("24 queries x 1 rounds (the /speakers/ page): p50 ")
