"""Time full-text search on the current database: p50, p95 and max over rotating queries."""

import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings

from pages.list_items import talks_by_id
from pages.management.timings import write_timings
from pages.views.talks import TALKS_PER_PAGE
from talks.models import Talk
from talks.search import SearchTimeout, search_highlights, search_talks

DEFAULT_QUERIES = settings.BASE_DIR / "bench" / "search_queries.txt"
ENGINE_STEPS = "ranking, first page, snippets"
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def search_first_page(query: str) -> None:
    """What the first page of /search/ asks of the engine, as it asks it: the ranking, the
    talks of the page by their ranked ids, and their snippets."""
    page_ids = search_talks(Talk.objects.published(), query).ids[:TALKS_PER_PAGE]
    talks_by_id(page_ids)
    search_highlights(page_ids, query)


class Command(BaseCommand):
    help = "Time search_talks end to end over the queries of a file and print p50, p95 and max."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
        parser.add_argument("--rounds", type=int, default=3, help="Times each query runs.")
        parser.add_argument(
            "--page", action="store_true", help="Time the whole /search/ page instead."
        )
        parser.add_argument(
            "--speakers",
            action="store_true",
            help="Time the /speakers/ page's name search instead (bench/speaker_queries.txt"
            " holds misspelled names).",
        )
        parser.add_argument(
            "--uncached",
            action="store_true",
            help="With --page: cache nothing, as for a search that nobody made in the last"
            " minute (the finder caches its counts and their lists for a minute).",
        )

    def handle(
        self,
        *args,
        queries: Path,
        rounds: int,
        page: bool,
        speakers: bool,
        uncached: bool,
        **options,
    ):
        if uncached and not page:
            raise CommandError("--uncached times the page: give --page too.")
        if speakers and page:
            raise CommandError("--speakers and --page time different pages: give one of them.")
        if speakers:
            run, timed = self.page_runner("/speakers/"), "the /speakers/ page"
        elif page:
            run, timed = self.page_runner("/search/"), "the /search/ page"
        else:
            run, timed = search_first_page, ENGINE_STEPS
        if uncached:
            with override_settings(CACHES=NO_CACHE):
                self.time_queries(queries, rounds, run, f"{timed}, nothing cached")
        else:
            self.time_queries(queries, rounds, run, timed)

    def time_queries(
        self, queries: Path, rounds: int, run: Callable[[str], None], timed: str
    ) -> None:
        try:
            lines = queries.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read the queries: {error}") from error
        queries_to_run = [line.strip() for line in lines if line.strip() and line[0] != "#"]
        # One untimed round fills the caches (unless --uncached) and the database's buffers, as
        # on a server that has been running a while.
        for query in queries_to_run:
            self.timed(run, query)
        timings = [
            (self.timed(run, query), query) for _ in range(rounds) for query in queries_to_run
        ]
        write_timings(
            self.stdout, timings, f"{len(queries_to_run)} queries x {rounds} rounds ({timed})"
        )

    def page_runner(self, path: str) -> Callable[[str], None]:
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])

        def load_page(query: str) -> None:
            # As behind the TLS proxy of production, so that production settings do not redirect.
            response = client.get(path, {"q": query}, secure=True)
            if response.status_code == 503:
                raise SearchTimeout
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code} for {query!r}")

        return load_page

    def timed(self, run, query: str) -> float:
        """Milliseconds one search took; a search cancelled by the time limit counts in full."""
        start = time.perf_counter()
        try:
            run(query)
        except SearchTimeout:
            self.stderr.write(f"Cancelled by the time limit: {query}")
        return (time.perf_counter() - start) * 1000
