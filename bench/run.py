"""The page-speed benchmark: build or reuse a dataset, serve it with gunicorn, load each page
with wrk, and compare every page with a hello-world view served through the same middleware.

    python -m bench.run --dataset full     # make bench
    python -m bench.run --dataset quick    # make bench-quick
    python -m bench.run --workers 4 --connections 8    # how it scales with cores
    python -m bench.run --page "talk page" --page "/search/"    # those pages only
    python -m bench.run --cold-only    # each page cold only (the code before the page cache)

Each page is measured three ways: cold (server started with CONFNOTES_PAGE_CACHE=off), warm
(CONFNOTES_PAGE_CACHE=on, after one priming request) and 304 (wrk sends If-None-Match with
the ETag of the priming request, and every answer must be a 304). A page without an ETag says
"no ETag" on its 304 row. Beside the times, each row gives the CPU milliseconds per request that
gunicorn's processes and PostgreSQL's spent during the load, which a busy machine moves less.

The dataset lives in its own embedded PostgreSQL (var/bench-<dataset>/, or --pgdata), even
when DATABASE_URL is set. The table is printed and, unless --no-record, appended to
docs/PERFORMANCE.md.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.server_cpu import ServerCpu

BASE_DIR = Path(__file__).resolve().parent.parent
SEED = 1
DATASETS = {
    "full": {
        "events": 1_000,
        "talks": 100_000,
        "speakers": 30_000,
        "notes": 1_000_000,
        "reviews": 300_000,
    },
    "quick": {"events": 50, "talks": 5_000, "speakers": 2_000, "notes": 50_000, "reviews": 15_000},
    "tiny": {"events": 3, "talks": 60, "speakers": 30, "notes": 400, "reviews": 60},
}
# Production settings need these; the clients say they came through a TLS proxy, as in
# production, so that no request is redirected to HTTPS.
BENCH_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECRET_KEY": "benchmark-only-not-secret",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}
PROXY_HEADER = ("X-Forwarded-Proto", "https")
HELLO = "/bench/hello/"
NOTES_ON_TALK_PAGE = 50
# A large conference (a KubeCon lists more than three hundred talks), over three days.
LARGE_EVENT_SLUG = "bench-large-conference"
LARGE_EVENT_TALKS = 300
LARGE_EVENT_DAYS = 3
LARGE_EVENT_ROOMS = 12
DEEP_PAGE = 500
GUNICORN_WORKERS = 2
WRK_CONNECTIONS = 2
# The environment variable the page cache reads, and the ways each page is measured.
PAGE_CACHE_VARIABLE = "CONFNOTES_PAGE_CACHE"
COLD, WARM, NOT_MODIFIED = "cold", "warm", "304"
# On a busy machine a page may finish no request in the time asked for: its load runs again,
# twice as long each time, up to this many seconds, rather than report a page never measured.
LONGEST_MEASURE_SECONDS = 64
# gunicorn imports Django in each worker; on a loaded machine that takes a while.
STARTUP_SECONDS = 180


@dataclass
class Page:
    name: str
    paths: list[str]
    queries: int = 0


@dataclass(frozen=True)
class Load:
    """gunicorn's workers and wrk's connections and threads."""

    workers: int = GUNICORN_WORKERS
    connections: int = WRK_CONNECTIONS

    @property
    def threads(self) -> int:
        # wrk needs a connection per thread; a thread drives a few connections, and never
        # more threads than cores, which gunicorn needs too.
        return max(1, min(self.connections // 2, os.cpu_count() or 1))


@dataclass
class Measurement:
    page: Page
    mode: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    # CPU milliseconds per request of gunicorn's processes and of PostgreSQL's during the load.
    app_cpu_ms: float = 0
    database_cpu_ms: float = 0
    # A 304 row of a page that sent no ETag: nothing was measured.
    no_etag: bool = False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="quick")
    parser.add_argument("--duration", type=int, default=None, help="seconds of load per page")
    parser.add_argument("--pgdata", type=Path, default=None, help="embedded data directory")
    parser.add_argument("--no-record", action="store_true", help="do not write PERFORMANCE.md")
    parser.add_argument(
        "--workers", type=_positive, default=GUNICORN_WORKERS, help="gunicorn sync workers"
    )
    parser.add_argument(
        "--connections",
        type=_positive,
        default=WRK_CONNECTIONS,
        help="wrk connections (its threads: half as many, at most one per core)",
    )
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only the pages whose name contains TEXT (repeatable); "
        "the hello world is always measured",
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="measure each page cold only, not from the page cache nor as a 304",
    )
    args = parser.parse_args(argv)
    duration = args.duration or (10 if args.dataset == "full" else 3)
    load = Load(workers=args.workers, connections=args.connections)

    pgdata = args.pgdata or BASE_DIR / "var" / f"bench-{args.dataset}" / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    os.environ["CONFNOTES_PGDATA"] = str(pgdata)
    # The benchmark fills its own embedded database, never the one DATABASE_URL names.
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(BENCH_ENVIRONMENT)
    # The queries are counted in this process, on cold pages.
    os.environ[PAGE_CACHE_VARIABLE] = "off"

    import django

    from confnotes.embedded_db import start_unless_external

    start_unless_external()
    django.setup()

    sizes = DATASETS[args.dataset]
    _log(f"dataset {args.dataset}: {sizes}")
    prepare_dataset(sizes)
    pages = [page for page in choose_pages() if _chosen(page, args.page)]
    count_queries(pages)
    measurements = []
    with gunicorn_server(load, page_cache="off") as base_url:
        cpu = ServerCpu.of(base_url, pgdata)
        measurements += [
            measure(base_url, page, duration, load, mode=COLD, cpu=cpu) for page in pages
        ]
    with gunicorn_server(load, page_cache="on") as base_url:
        cpu = ServerCpu.of(base_url, pgdata)
        for page in [] if args.cold_only else pages:
            etags = prime(base_url, page)
            measurements.append(measure(base_url, page, duration, load, mode=WARM, cpu=cpu))
            measurements.append(
                measure_not_modified(base_url, page, duration, load, etags, cpu=cpu)
            )

    table = render_table(measurements, sizes, args.dataset, duration, load)
    print(table)
    if not args.no_record:
        record(table)
    measured = [m for m in measurements if not m.no_etag]
    unmeasured = [f"{m.page.name} ({m.mode})" for m in measured if not m.requests_per_second]
    if unmeasured:
        _log(f"no request finished in {LONGEST_MEASURE_SECONDS} s: {', '.join(unmeasured)}")
    return 0 if all(m.errors == 0 for m in measured) and not unmeasured else 1


def _chosen(page: Page, names: list[str]) -> bool:
    """Whether `page` is measured: every page when no name is given, else the pages named
    and the hello world, which every row is compared with."""
    return not names or page.paths == [HELLO] or any(name in page.name for name in names)


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return number


def prepare_dataset(sizes: dict[str, int]) -> None:
    """Migrate, load the demo, and generate the synthetic data unless it is already there."""
    from django.core.management import call_command

    from talks.models import Note

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Note.objects.count() >= sizes["notes"]:
        _log("reusing the existing dataset")
    else:
        call_command("load_demo", verbosity=0)
        started = time.monotonic()
        call_command("generate_data", seed=SEED, **sizes)
        _log(f"generated in {time.monotonic() - started:.0f} s")
    ensure_talk_with_notes(NOTES_ON_TALK_PAGE)
    ensure_large_event(LARGE_EVENT_TALKS)
    # The trends' counts (talks/services/trends.py), as production keeps them every few minutes.
    call_command("count_trends", verbosity=0)
    _analyze()


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def ensure_talk_with_notes(count: int) -> None:
    """Make one published talk carry exactly `count` published notes, for the talk page."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from people.models import User
    from talks.markdown import render_markdown
    from talks.models import Note, NoteStatus, Talk

    talk = (
        Talk.objects.published()
        .annotate(published_notes=Count("notes", filter=Q(notes__status=NoteStatus.PUBLISHED)))
        .order_by("-published_notes", "pk")
        .first()
    )
    missing = count - talk.published_notes
    if missing <= 0:
        return
    authors = list(User.objects.order_by("pk")[:missing])
    while len(authors) < missing:
        authors.append(
            User.objects.create_user(username=f"bench-reader-{len(authors)}", password=None)
        )
    body = "\n".join(f"- point {n}: what the speaker showed, with **details**" for n in range(12))
    html = render_markdown(body)
    now = timezone.now()
    Note.objects.bulk_create(
        Note(
            talk=talk,
            author=author,
            language=talk.languages[0],
            body=body,
            body_html=html,
            status=NoteStatus.PUBLISHED,
            published_at=now,
        )
        for author in authors
    )


def ensure_large_event(talks: int) -> None:
    """A published conference of `talks` published talks over a few days and rooms, each by
    one or two of the existing speakers, for the event page at its largest."""
    import datetime

    from events.models import Event, EventStatus
    from people.models import Speaker
    from talks.models import Talk, TalkSpeaker

    if Event.objects.filter(slug=LARGE_EVENT_SLUG).exists():
        return
    start = datetime.date(2025, 4, 1)
    event = Event.objects.create(
        name="Large Conference 2025",
        slug=LARGE_EVENT_SLUG,
        start_date=start,
        end_date=start + datetime.timedelta(days=LARGE_EVENT_DAYS - 1),
        city="London",
        country="GB",
        status=EventStatus.PUBLISHED,
    )
    created = Talk.objects.bulk_create(
        Talk(
            event=event,
            title=f"Operating clusters at scale, part {number + 1}",
            slug=f"large-conference-talk-{number + 1}",
            languages=["en"],
            text_language="en",
            date=start + datetime.timedelta(days=number % LARGE_EVENT_DAYS),
            start_time=datetime.time(9 + (number // LARGE_EVENT_ROOMS) % 9, 30 * (number % 2)),
            room=f"Room {number % LARGE_EVENT_ROOMS + 1}",
        )
        for number in range(talks)
    )
    speakers = list(Speaker.objects.order_by("pk")[: talks + 1])
    TalkSpeaker.objects.bulk_create(
        TalkSpeaker(talk=talk, speaker=speakers[(number + order) % len(speakers)], order=order)
        for number, talk in enumerate(created)
        for order in range(1 + number % 2)
    )


def choose_pages() -> list[Page]:
    from django.db.models import Count, Q

    from events.models import Event
    from talks.models import NoteStatus, Talk, Topic

    talk = (
        Talk.objects.published()
        .annotate(published_notes=Count("notes", filter=Q(notes__status=NoteStatus.PUBLISHED)))
        .filter(published_notes=NOTES_ON_TALK_PAGE)
        .select_related("event")
        .first()
    )
    # A typical edition: the one with the median number of talks.
    events = (
        Event.objects.published()
        .exclude(slug=LARGE_EVENT_SLUG)
        .annotate(talk_count=Count("talks"))
        .order_by("talk_count", "pk")
    )
    event = events[events.count() // 2]
    topic = Topic.objects.annotate(uses=Count("tagged_talks")).order_by("-uses", "pk").first()
    talk_count = Talk.objects.published().count()
    deep_page = max(1, min(DEEP_PAGE, talk_count // 20 - 1))
    api_topic = f"/api/talks/?topic={topic.slug}"
    return [
        Page("hello world (the limit)", [HELLO]),
        Page("home /", ["/"]),
        Page("/talks/", ["/talks/"]),
        Page(
            "/talks/ topic + language",
            [f"/talks/?topic={topic.slug}&language=fr", f"/talks/?topic={topic.slug}&language=en"],
        ),
        Page(f"/talks/ page {deep_page}", [f"/talks/?page={deep_page}"]),
        Page(f"talk page, {NOTES_ON_TALK_PAGE} notes", [talk.get_absolute_url()]),
        Page(f"event page ({event.talk_count} talks)", [event.get_absolute_url()]),
        Page(
            f"event page, {LARGE_EVENT_TALKS} talks",
            [Event.objects.get(slug=LARGE_EVENT_SLUG).get_absolute_url()],
        ),
        Page("/search/ (rotating queries)", search_paths()),
        Page("/api/talks/", ["/api/talks/"]),
        Page(
            "/api/talks/ topic + language", [f"{api_topic}&language=fr", f"{api_topic}&language=en"]
        ),
        Page(f"/api/talks/ cursor at page {deep_page}", [deep_api_page(deep_page * 20)]),
        Page(
            "feed of a search (topic + language)",
            [
                f"/talks/feed.atom?topic={topic.slug}&language=fr",
                f"/talks/feed.atom?topic={topic.slug}&language=en",
            ],
        ),
        Page("feed of new notes", ["/notes/feed.atom"]),
        # Counted once per quarter of an hour (talks/trend_selectors.py): what wrk measures is
        # the page drawn from the cached counts; the first request's SQL is in the queries.
        Page("trends /trends/", ["/trends/"]),
        Page("a topic's trends", [f"/topics/{topic.slug}/trends/"]),
        Page("/api/trends/", ["/api/trends/"]),
    ]


def deep_api_page(position: int) -> str:
    """The API's talk list from its `position`-th talk, as a client paging through every talk
    reaches it."""
    from api.pagination import cursor_after
    from pages.finder.pipeline import talk_finder

    talks = talk_finder(None).qs
    return f"/api/talks/?cursor={cursor_after(talks, talks.values_list('pk', flat=True)[position])}"


def search_paths() -> list[str]:
    from urllib.parse import urlencode

    queries_file = BASE_DIR / "bench" / "search_queries.txt"
    queries = [
        line.strip()
        for line in queries_file.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [f"/search/?{urlencode({'q': query})}" for query in queries]


def count_queries(pages: list[Page]) -> None:
    """SQL queries per request, counted in-process on the first path of each page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for page in pages:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.paths[0], headers=dict([PROXY_HEADER]))
        if response.status_code != 200:
            raise SystemExit(f"{page.paths[0]} answered {response.status_code}")
        page.queries = len(captured)


@contextmanager
def gunicorn_server(load: Load, *, page_cache: str) -> Iterator[str]:
    """gunicorn on a free loopback port with the benchmark settings and the page cache `on` or
    `off`; yields its base URL."""
    port = free_port()
    command = gunicorn_command(Path(sys.executable).parent, "confnotes.wsgi", load, port)
    env = {**os.environ, PAGE_CACHE_VARIABLE: page_cache}
    with serving(command, port=port, probe=HELLO, env=env) as base_url:
        yield base_url


def gunicorn_command(bin_dir: Path, application: str, load: Load, port: int) -> list[str]:
    """gunicorn from `bin_dir` serving the WSGI module `application` with `load`'s sync
    workers on the loopback `port`."""
    return [
        str(bin_dir / "gunicorn"),
        application,
        "--workers",
        str(load.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]


def free_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command: list[str], *, port: int, probe: str, env: dict[str, str]) -> Iterator[str]:
    """Run the server `command` listening on `port` until the block ends; yields its base URL
    once it answers `probe`, a path."""
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base_url + probe)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_serving(url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                urllib.request.Request(url, headers=dict([PROXY_HEADER])), timeout=2
            )
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {STARTUP_SECONDS} s")


def prime(base_url: str, page: Page) -> list[str] | None:
    """Request each path of `page` once, so that a page cache holds it; the ETags it answered
    with, in the order of the paths, or None when a path came without one."""
    etags = []
    for path in page.paths:
        request = urllib.request.Request(base_url + path, headers=dict([PROXY_HEADER]))
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            etags.append(response.headers.get("ETag"))
    return None if None in etags else etags


def measure_not_modified(
    base_url: str,
    page: Page,
    duration: int,
    load: Load,
    etags: list[str] | None,
    cpu: ServerCpu | None = None,
) -> Measurement:
    """`page` asked again with the ETags of its priming requests (`prime`): each answer must be
    a 304. Without ETags, the row says so and nothing is measured."""
    if etags is None:
        _log(f"{page.name}: no ETag, no 304 to measure")
        return Measurement(page, NOT_MODIFIED, 0, 0, 0, 0, 0, no_etag=True)
    return measure(base_url, page, duration, load, mode=NOT_MODIFIED, etags=etags, cpu=cpu)


def measure(
    base_url: str,
    page: Page,
    duration: int,
    load: Load,
    *,
    mode: str,
    etags: list[str] | None = None,
    cpu: ServerCpu | None = None,
    headers: dict[str, str] | None = None,
) -> Measurement:
    """Load `page` with wrk for `duration` seconds after one of warm-up, sending `headers` as
    well as the proxy's. With `etags`, each path is sent with its If-None-Match and any answer
    but a 304 is an error; otherwise any answer but a 2xx is. With `cpu`, the CPU its servers
    spent per request is measured too."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as paths_file:
        for path, etag in zip(page.paths, etags or [""] * len(page.paths), strict=True):
            paths_file.write(f"{path}\t{etag}\n")
    env = {**os.environ, "WRK_PATHS": paths_file.name, "WRK_EXPECT": "304" if etags else "2xx"}
    header_options = [
        option
        for name, value in [PROXY_HEADER, *(headers or {}).items()]
        for option in ("-H", f"{name}: {value}")
    ]
    command = [
        wrk,
        f"-t{load.threads}",
        f"-c{load.connections}",
        "--latency",
        # A slow page is measured, not dropped: wrk's default gives up after 2 s.
        "--timeout",
        "30s",
        *header_options,
        "-s",
        str(BASE_DIR / "bench" / "wrk.lua"),
        base_url,
    ]
    subprocess.run([*command[:1], "-d1s", *command[1:]], env=env, capture_output=True, check=True)
    seconds = duration
    while True:
        spent_before = cpu.seconds() if cpu else (0, 0)
        output = subprocess.run(
            [*command[:1], f"-d{seconds}s", *command[1:]],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        spent_after = cpu.seconds() if cpu else (0, 0)
        app_seconds, database_seconds = (
            after - before for after, before in zip(spent_after, spent_before, strict=True)
        )
        result = json.loads(output.strip().splitlines()[-1])
        if result["requests"] or seconds * 2 > LONGEST_MEASURE_SECONDS:
            break
        seconds *= 2
        _log(f"{page.name} ({mode}): no request finished, measuring again for {seconds} s")
    os.unlink(paths_file.name)
    measurement = Measurement(
        page=page,
        mode=mode,
        requests_per_second=result["requests"] / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p95_ms=result["p95_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=result["errors"] + result["unexpected"],
        app_cpu_ms=_per_request_ms(app_seconds, result["requests"]),
        database_cpu_ms=_per_request_ms(database_seconds, result["requests"]),
    )
    _log(f"{page.name} ({mode}): {measurement.requests_per_second:.0f} req/s")
    return measurement


def _per_request_ms(seconds: float, requests: int) -> float:
    return seconds * 1000 / requests if requests else 0


def render_table(
    measurements: list[Measurement],
    sizes: dict[str, int],
    dataset: str,
    duration: int,
    load: Load,
) -> str:
    from django.db import connection

    # Each row is compared with the hello world served the same way: cold rows with the
    # server without page cache, warm and 304 rows with the other.
    hello = {m.mode: m.requests_per_second for m in measurements if m.page.paths == [HELLO]}
    hello[NOT_MODIFIED] = hello.get(WARM, 0)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
    ).stdout.strip()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        f"### {now} · commit {commit or 'unknown'} · dataset {dataset} · "
        f"{load.workers} workers, {load.connections} connections",
        "",
        f"- Machine: {_cpu_model()}, {os.cpu_count()} cores, {_memory_gib():.0f} GiB, "
        f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}",
        "- Data: "
        + ", ".join(f"{count:,} {kind}" for kind, count in sizes.items())
        + f" (plus the demo write-ups and a conference of {LARGE_EVENT_TALKS} talks)",
        f"- Load: gunicorn {load.workers} sync workers, settings bench.settings "
        f"(production's, DEBUG off); wrk {load.threads} thread{'s' * (load.threads > 1)}, "
        f"{load.connections} connections, {duration} s per page after 1 s of warm-up, "
        "on 127.0.0.1",
        f"- Cache: cold = {PAGE_CACHE_VARIABLE}=off; warm = {PAGE_CACHE_VARIABLE}=on after one "
        "priming request; 304 = If-None-Match with the priming request's ETag, every answer "
        "checked to be a 304",
        "- CPU: milliseconds of CPU per request during the load, of gunicorn's processes (app) "
        "and of PostgreSQL's (bench/server_cpu.py); less moved by a busy machine than the times",
        "",
        "| page | cache | req/s | p50 ms | p95 ms | p99 ms | SQL queries | app CPU ms "
        "| PostgreSQL CPU ms | vs hello world | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    # Each page's rows together, cold, warm then 304, the pages in the order measured.
    pages = list(dict.fromkeys(m.page.name for m in measurements))
    in_order = sorted(
        measurements,
        key=lambda m: (pages.index(m.page.name), (COLD, WARM, NOT_MODIFIED).index(m.mode)),
    )
    rows = [_row(m, hello[m.mode]) for m in in_order]
    return "\n".join(header + rows) + "\n"


def _row(m: Measurement, hello: float) -> str:
    if m.no_etag:
        return f"| {m.page.name} | {m.mode} | no ETag | - | - | - | - | - | - | - | - |"
    queries = m.page.queries if m.mode == COLD else "-"
    return (
        f"| {m.page.name} | {m.mode} | {m.requests_per_second:.0f} | {m.p50_ms:.1f} | "
        f"{m.p95_ms:.1f} | {m.p99_ms:.1f} | {queries} | {m.app_cpu_ms:.1f} | "
        f"{m.database_cpu_ms:.1f} | {_ratio(m.requests_per_second, hello)} | {m.errors} |"
    )


def _ratio(requests_per_second: float, hello: float) -> str:
    return f"{requests_per_second / hello:.0%}" if hello else "n/a"


def record(table: str) -> None:
    path = BASE_DIR / "docs" / "PERFORMANCE.md"
    with path.open("a", encoding="utf-8") as performance:
        performance.write("\n" + table)
    _log(f"appended to {path.relative_to(BASE_DIR)}")


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
