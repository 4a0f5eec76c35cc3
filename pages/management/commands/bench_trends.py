"""Time the trends on the current database, nothing cached: p50, p95 and max of the site's
trends and of the busiest topics' trends."""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.test import Client, override_settings

from pages.management.timings import write_timings
from talks.models import Topic
from talks.trend_selectors import site_trends, topic_trends

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


class Command(BaseCommand):
    help = (
        "Time the trends, nothing cached, as for the first reader after a change: the site's "
        "and those of the busiest topics (the largest counts). Prints p50, p95 and max."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5, help="Times each one runs.")
        parser.add_argument("--topics", type=int, default=5, help="How many busiest topics.")
        parser.add_argument(
            "--page", action="store_true", help="Time the whole pages instead of their counts."
        )

    def handle(self, *args, rounds: int, topics: int, page: bool, **options):
        busiest = list(
            Topic.objects.public()
            .annotate(talk_count=Count("tagged_talks"))
            .order_by("-talk_count", "slug")[:topics]
        )
        if page:
            load = self.page_loader()
            runs = {"/trends/": lambda: load("/trends/")}
            runs |= {
                f"/topics/{topic.slug}/trends/": self.topic_page(load, topic) for topic in busiest
            }
        else:
            runs = {"site": site_trends}
            runs |= {f"topic {topic.slug}": self.topic_counts(topic) for topic in busiest}
        with override_settings(CACHES=NO_CACHE, PAGE_CACHE=False):
            # One untimed round fills the database's buffers, as on a server running a while.
            for run in runs.values():
                run()
            timings = [(self.timed(run), name) for _ in range(rounds) for name, run in runs.items()]
        timed = "pages" if page else "counts"
        write_timings(
            self.stdout,
            timings,
            f"{len(runs)} trends x {rounds} rounds ({timed}, nothing cached)",
        )

    @staticmethod
    def topic_counts(topic: Topic) -> Callable[[], object]:
        return lambda: topic_trends(topic)

    @staticmethod
    def topic_page(load: Callable[[str], None], topic: Topic) -> Callable[[], None]:
        return lambda: load(f"/topics/{topic.slug}/trends/")

    def page_loader(self) -> Callable[[str], None]:
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])

        def load(path: str) -> None:
            # As behind the TLS proxy of production, so that production settings do not redirect.
            response = client.get(path, secure=True)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")

        return load

    @staticmethod
    def timed(run: Callable[[], object]) -> float:
        start = time.perf_counter()
        run()
        return (time.perf_counter() - start) * 1000
