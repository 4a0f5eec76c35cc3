#!/usr/bin/env python
"""Time every reader page, in process, on whatever the local database holds.

    .venv/bin/python manage.py generate_data --events 1000 --talks 100000 --speakers 30000 \
        --notes 300000 --reviews 100000
    .venv/bin/python bench/reader_pages.py --runs 7

Each page is requested --runs times through Django's test client (no network, no gunicorn);
the median and the fastest time are printed with the number of SQL queries of the last run.
The talk finder is measured with several filters, deep pages and each costly sort.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def reader_pages() -> list[str]:
    from events.models import Event
    from people.models import Speaker
    from talks.models import Talk, Topic

    event = Event.objects.published().filter(series__isnull=False).order_by("-start_date").first()
    talk = Talk.objects.published().order_by("-published_note_count", "pk").first()
    first_topic, second_topic = Topic.objects.public().order_by("slug")[:2]
    speaker = Speaker.objects.public().order_by("pk").first()
    return [
        "/",
        "/events/",
        event.get_absolute_url(),
        event.series.get_absolute_url(),
        "/talks/",
        f"/talks/?topic={first_topic.slug}&language=fr",
        f"/talks/?topic={first_topic.slug}&topic={second_topic.slug}&language=en"
        "&has_notes=true&min_rating=3",
        "/talks/?q=kubernetes",
        "/talks/?page=2500",
        "/talks/?sort=rating&page=2000",
        "/talks/?sort=notes",
        f"/talks/?speaker={speaker.slug}",
        talk.get_absolute_url(),
        "/topics/",
        first_topic.get_absolute_url(),
        f"{first_topic.get_absolute_url()}?page=200",
        "/languages/fr/",
        "/trends/",
        f"{first_topic.get_absolute_url()}trends/",
        "/api/trends/",
        "/speakers/",
        "/speakers/?page=100",
        speaker.get_absolute_url(),
        "/api/talks/",
        f"/api/talks/?topic={first_topic.slug}&language=fr&sort=rating",
        "/api/talks/?q=kubernetes",
        f"/talks/feed.atom?topic={first_topic.slug}&language=fr",
        "/notes/feed.atom",
        f"/events/{event.slug}/programme.ics",
        "/sitemap.xml",
        "/sitemap-talks.xml",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confnotes.settings.local")
    from confnotes.embedded_db import start_unless_external

    start_unless_external()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    print(f"{'median':>8} {'fastest':>8}  queries  page")
    for url in reader_pages():
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        print(
            f"{statistics.median(times):6.0f}ms {min(times):6.0f}ms  "
            f"{len(queries.captured_queries):7}  {url}"
        )


if __name__ == "__main__":
    main()
