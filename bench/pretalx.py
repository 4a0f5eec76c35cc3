"""confnotes against pretalx, page by page, on the same conference: the same PostgreSQL, the
same Redis, the same gunicorn settings, measured with the same wrk load as `bench.run`.

    python -m bench.pretalx                   # about 15 minutes on a busy 2-core machine
    python -m bench.pretalx --rounds 3 --duration 10

What it does, each step kept for the next run when already done:

1. installs the latest pretalx from PyPI, with the pretalx-downstream plugin (its schedule.xml
   import) and gunicorn, in its own virtual environment, var/pretalx/venv. Recent pretalx needs
   Python 3.13 or later: `--python` names one, otherwise python3.14 or python3.13 is looked for;
2. writes one made-up conference as frab's schedule.xml (bench/conference_xml.py: 300 talks,
   3 days, 12 rooms, 300 speakers, the same on every run) and checks it against the schema;
3. starts an embedded PostgreSQL of its own (var/pretalx/pgdata) holding two databases,
   `confnotes` and `pretalx`, and a Redis on a Unix socket (var/pretalx/redis.sock): pretalx
   needs one for its cache and sessions, and confnotes is given one as in production;
4. imports the file into both: confnotes with `manage.py import_schedule`, pretalx with
   bench/pretalx_load.py, which creates the public event and releases its schedule;
5. serves confnotes twice, its page cache off (cold) and on (warm), and pretalx once, each
   with gunicorn, 2 sync workers, DEBUG off; then, in each round, loads every page on
   the three servers one after another with wrk (1 thread, 2 connections), so that the
   machine's load weighs on all of them alike (three rounds unless `--rounds` says);
6. prints the table: each page's requests per second in each round, and the ratios. Where
   pretalx draws a page in the browser from its schedule's JSON, a row counts pretalx's
   views of it as a browser loads them, the page and the JSON each time.

pretalx keeps some answers in its Redis on its own (the schedule's JSON, five minutes): those
rows say so. Nothing is written to docs/; the table is printed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import psycopg

from bench import conference_xml
from bench.run import (
    BASE_DIR,
    BENCH_ENVIRONMENT,
    COLD,
    PAGE_CACHE_VARIABLE,
    WARM,
    Load,
    Measurement,
    Page,
    free_port,
    gunicorn_command,
    gunicorn_server,
    measure,
    prime,
    serving,
)

PRETALX_DIR = BASE_DIR / "var" / "pretalx"
VENV = PRETALX_DIR / "venv"
PGDATA = PRETALX_DIR / "pgdata"
REDIS_SOCKET = PRETALX_DIR / "redis.sock"
SCHEDULE_FILE = PRETALX_DIR / "schedule.xml"
LOADER = BASE_DIR / "bench" / "pretalx_load.py"
PRETALX_PACKAGES = ["pretalx[postgres]", "pretalx-downstream", "gunicorn"]
PRETALX_PYTHONS = ["python3.14", "python3.13"]
PRETALX_DATABASE = "pretalx"
# Redis's numbered databases: one for each site.
PRETALX_REDIS_DB = 1
CONFNOTES_REDIS_DB = 2
ROUNDS = 3
DURATION = 10
# Talk and speaker pages rotate over the talks numbered so in the file, and their first speakers.
MEASURED_TALKS = range(0, conference_xml.TALKS, 30)
# What a browser asks for; without it pretalx answers its schedule pages in plain text.
BROWSER_HEADERS = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PRETALX = "pretalx"


@dataclass
class Comparison:
    """A confnotes page and the pretalx page that shows the same."""

    name: str
    confnotes: Page
    pretalx: Page
    note: str = ""
    # The other requests a browser makes for the same view on pretalx's side: a page drawn
    # in the browser from a JSON costs the server both. The row's pretalx figure is then
    # views per second, each view taking the time of every request it makes.
    pretalx_also: tuple[Page, ...] = ()

    @property
    def pretalx_pages(self) -> list[Page]:
        return [self.pretalx, *self.pretalx_also]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--duration", type=int, default=DURATION, help="seconds of load")
    parser.add_argument("--python", help="the Python (3.13 or later) for pretalx")
    args = parser.parse_args(argv)
    load = Load()

    PRETALX_DIR.mkdir(parents=True, exist_ok=True)
    versions = install_pretalx(args.python or _python_for_pretalx())
    write_schedule()
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        _prepare_confnotes_environment(redis_url)
        create_pretalx_database()
        pretalx_env = pretalx_environment(redis_url)
        load_confnotes()
        comparisons = choose_pages(load_pretalx(pretalx_env))
        servers = {
            COLD: stack.enter_context(gunicorn_server(load, page_cache="off")),
            WARM: stack.enter_context(gunicorn_server(load, page_cache="on")),
            PRETALX: stack.enter_context(pretalx_server(load, pretalx_env)),
        }
        check_pages(comparisons, servers)
        rounds = [
            measure_round(comparisons, servers, args.duration, load, number)
            for number in range(1, args.rounds + 1)
        ]
    print(render_table(comparisons, rounds, versions, args.duration))
    return 0 if all(m.errors == 0 for r in rounds for m in r.results.values()) else 1


def _python_for_pretalx() -> str:
    for name in PRETALX_PYTHONS:
        # A version manager's shim may be on the PATH for a version it does not have.
        found = shutil.which(name)
        if found and subprocess.run([found, "-c", ""], capture_output=True).returncode == 0:
            return found
    raise SystemExit(f"pretalx needs Python 3.13 or later: none of {PRETALX_PYTHONS}; --python")


def install_pretalx(python: str) -> str:
    """pretalx and its plugin in their own virtual environment; the versions installed."""
    if not (VENV / "bin" / "gunicorn").exists():
        _log(f"installing {', '.join(PRETALX_PACKAGES)} in {VENV}")
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "--quiet", *PRETALX_PACKAGES], check=True
        )
    versions = subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-c",
            "from importlib.metadata import version; "
            "print(', '.join(f'{name} {version(name)}' for name in "
            "['pretalx', 'pretalx-downstream', 'Django', 'gunicorn']))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    _log(versions)
    return versions


def write_schedule() -> None:
    content = conference_xml.schedule_xml()
    conference_xml.validate(content)
    SCHEDULE_FILE.write_bytes(content)
    _log(f"{SCHEDULE_FILE.relative_to(BASE_DIR)}: valid against the schedule.xml schema")


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis of its own, on a Unix socket, keeping nothing on disk; yields its URL."""
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("redis-server is missing: apt-get install redis-server")
    REDIS_SOCKET.unlink(missing_ok=True)
    process = subprocess.Popen(
        [redis, "--port", "0", "--unixsocket", str(REDIS_SOCKET), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not REDIS_SOCKET.exists():
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not start within 30 s")
            time.sleep(0.1)
        yield f"unix://{REDIS_SOCKET}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _prepare_confnotes_environment(redis_url: str) -> None:
    """As bench.run does, with this comparison's database and Redis, then Django."""
    os.environ["CONFNOTES_PGDATA"] = str(PGDATA)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(BENCH_ENVIRONMENT)
    os.environ["REDIS_URL"] = f"{redis_url}?db={CONFNOTES_REDIS_DB}"
    os.environ[PAGE_CACHE_VARIABLE] = "off"

    import django

    from confnotes.embedded_db import start_unless_external

    start_unless_external()
    django.setup()


def create_pretalx_database() -> None:
    """pretalx's database beside confnotes's, on the same server, unless it is there."""
    with database_connection("postgres") as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PRETALX_DATABASE]
        ).fetchone():
            connection.execute(f"CREATE DATABASE {PRETALX_DATABASE}")


def pretalx_environment(redis_url: str) -> dict[str, str]:
    """pretalx's settings, all given by its environment variables: its database on
    confnotes's PostgreSQL server, its Redis database, DEBUG off."""
    from confnotes.embedded_db import database_settings

    database = database_settings(PGDATA, name=PRETALX_DATABASE)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(PRETALX_DIR),
        "PRETALX_DATA_DIR": str(PRETALX_DIR / "data"),
        "PRETALX_FILESYSTEM_STATIC": str(PRETALX_DIR / "static"),
        "PRETALX_DB_TYPE": "postgresql",
        "PRETALX_DB_NAME": database["NAME"],
        "PRETALX_DB_USER": database["USER"],
        "PRETALX_DB_HOST": database["HOST"],
        "PRETALX_DB_PORT": database["PORT"],
        "PRETALX_REDIS": f"{redis_url}?db={PRETALX_REDIS_DB}",
        "PRETALX_DEBUG": "False",
    }


def load_confnotes() -> None:
    """Migrate, and import the schedule unless its event is there."""
    from django.conf import settings
    from django.core.management import call_command

    from events.models import Event

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not Event.objects.filter(slug=conference_xml.ACRONYM).exists():
        call_command("import_schedule", str(SCHEDULE_FILE))
    analyze(settings.DATABASES["default"]["NAME"])


@contextmanager
def database_connection(name: str) -> Iterator["psycopg.Connection"]:
    """A connection to the database `name` of the embedded server."""
    from confnotes.embedded_db import database_settings

    database = database_settings(PGDATA, name=name)
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        dbname=name,
        autocommit=True,
    ) as connection:
        yield connection


def analyze(name: str) -> None:
    """Fresh planner statistics for the database `name`, as after a day of autovacuum."""
    with database_connection(name) as connection:
        connection.execute("ANALYZE")


def load_pretalx(env: dict[str, str]) -> dict:
    """Migrate, build the static files once, import the schedule unless its event is there
    (bench/pretalx_load.py); the public paths it prints."""
    python = str(VENV / "bin" / "python")
    subprocess.run([python, "-m", "pretalx", "migrate", "--verbosity", "0"], env=env, check=True)
    if not (PRETALX_DIR / "static" / "pretalx-manifest.json").exists():
        subprocess.run([python, "-m", "pretalx", "rebuild", "--silent"], env=env, check=True)
    # -P: bench/, the loader's folder, stays off the import path, where this module would
    # stand for the pretalx package.
    output = subprocess.run(
        [python, "-P", str(LOADER), str(SCHEDULE_FILE), conference_xml.ACRONYM],
        env={**env, "DJANGO_SETTINGS_MODULE": "pretalx.settings"},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    analyze(PRETALX_DATABASE)
    return json.loads(output.strip().splitlines()[-1])


def choose_pages(pretalx_paths: dict) -> list[Comparison]:
    """Each page of one site beside the other's."""
    from events.models import Event
    from talks.models import Talk

    event = Event.objects.get(slug=conference_xml.ACRONYM)
    guids = [conference_xml.talk_guid(number) for number in MEASURED_TALKS]
    talks = sorted(
        Talk.objects.filter(source_guid__in=guids).prefetch_related("speakers"),
        key=lambda talk: guids.index(talk.source_guid),
    )
    speakers = [talk.speakers.all()[0] for talk in talks]
    base = pretalx_paths["event"]
    event_page = Page("event page", [event.get_absolute_url()])
    talk_list = Page("talk list", [f"/talks/?event={event.slug}"])
    pretalx_talk_list = Page("talk list", [f"{base}talk/"])
    schedule_json = Page("schedule's JSON", [f"{base}schedule/widgets/schedule.json"])
    return [
        Comparison("home page", Page("home page", ["/"]), Page("event start page", [base])),
        Comparison(
            "programme, server-rendered",
            event_page,
            Page("schedule without JavaScript", [f"{base}schedule/nojs"]),
            note="the schedule pretalx serves to browsers without JavaScript",
        ),
        Comparison(
            "programme, pretalx's default",
            event_page,
            schedule_json,
            note="pretalx's schedule page (`schedule/`) is drawn in the browser from this "
            "JSON, which pretalx keeps five minutes in its Redis",
        ),
        Comparison(
            "programme, pretalx's default as a browser loads it",
            event_page,
            Page("schedule page", [f"{base}schedule/"]),
            pretalx_also=(schedule_json,),
            note="a view of pretalx's schedule page costs the page and the JSON it is drawn from",
        ),
        Comparison(
            "talk page",
            Page("talk page", [talk.get_absolute_url() for talk in talks]),
            Page(
                "talk page",
                [
                    pretalx_paths["talks"][str(conference_xml.talk_id(number))]
                    for number in MEASURED_TALKS
                ],
            ),
        ),
        Comparison(
            "speaker page",
            Page("speaker page", [speaker.get_absolute_url() for speaker in speakers]),
            Page("speaker page", [pretalx_paths["speakers"][speaker.name] for speaker in speakers]),
        ),
        Comparison(
            "talk list",
            talk_list,
            pretalx_talk_list,
            note="pretalx's list, the same view as its schedule page, is drawn in the "
            "browser from the schedule's JSON",
        ),
        Comparison(
            "talk list as a browser loads it",
            talk_list,
            pretalx_talk_list,
            pretalx_also=(schedule_json,),
            note="a view of pretalx's list costs the page and the JSON it is drawn from",
        ),
    ]


@contextmanager
def pretalx_server(load: Load, env: dict[str, str]) -> Iterator[str]:
    """pretalx under gunicorn as confnotes is served: same workers, free loopback port."""
    port = free_port()
    command = gunicorn_command(VENV / "bin", "pretalx.wsgi", load, port)
    env = {**env, "PRETALX_SITE_URL": f"http://127.0.0.1:{port}"}
    with serving(command, port=port, probe="/healthcheck/", env=env) as base_url:
        yield base_url


def check_pages(comparisons: list[Comparison], servers: dict[str, str]) -> None:
    """Every page answers 200 on its server before anything is measured (bench.run.prime
    raises otherwise); confnotes's warm server keeps them in its page cache from then on."""
    for comparison in comparisons:
        prime(servers[COLD], comparison.confnotes)
        prime(servers[WARM], comparison.confnotes)
        for page in comparison.pretalx_pages:
            prime(servers[PRETALX], page)


@dataclass
class Round:
    """One round's measurements, keyed by server and page name, and the machine's load."""

    results: dict[tuple[str, str], Measurement]
    # The one-minute load average as the round ended, over its last minute.
    load_average: float


def measure_round(
    comparisons: list[Comparison], servers: dict[str, str], duration: int, load: Load, number: int
) -> Round:
    """Each page on each server, one after another."""
    _log(f"round {number}")
    results: dict[tuple[str, str], Measurement] = {}
    for comparison in comparisons:
        for server, page in [
            (COLD, comparison.confnotes),
            (WARM, comparison.confnotes),
            *((PRETALX, page) for page in comparison.pretalx_pages),
        ]:
            if (server, page.name) not in results:
                results[server, page.name] = measure(
                    servers[server], page, duration, load, mode=server, headers=BROWSER_HEADERS
                )
    return Round(results, os.getloadavg()[0])


def render_table(
    comparisons: list[Comparison],
    rounds: list[Round],
    versions: str,
    duration: int,
) -> str:
    loads = " / ".join(f"{r.load_average:.1f}" for r in rounds)
    lines = [
        f"confnotes against {versions}: {conference_xml.TALKS} talks, "
        f"{conference_xml.DAYS} days, {conference_xml.ROOMS} rooms; {len(rounds)} rounds, "
        f"{duration} s per page; requests per second in each round",
        f"{os.cpu_count()} cores; load average (1 minute) at the end of each round: {loads}",
        "",
        "| page | confnotes cold | confnotes warm | pretalx | cold / pretalx | warm / pretalx |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for comparison in comparisons:
        cold, warm = (
            [r.results[server, comparison.confnotes.name].requests_per_second for r in rounds]
            for server in (COLD, WARM)
        )
        pretalx = [_views_per_second(r, comparison.pretalx_pages) for r in rounds]
        lines.append(
            f"| {comparison.name} | {_per_round(cold)} | {_per_round(warm)} "
            f"| {_per_round(pretalx)} | {_ratio_range(cold, pretalx)} "
            f"| {_ratio_range(warm, pretalx)} |"
        )
    return "\n".join([*lines, "", *(_describe(c) for c in comparisons)]) + "\n"


def _views_per_second(measured: Round, pages: list[Page]) -> float:
    """How many views of `pages` together pretalx's server answers a second: each view
    takes the time of each of its requests, one after another on the same workers."""
    rates = [measured.results[PRETALX, page.name].requests_per_second for page in pages]
    if not all(rates):
        return 0.0
    return 1 / sum(1 / rate for rate in rates)


def _describe(comparison: Comparison) -> str:
    """What a row compares: the pages and their first paths."""
    ours = comparison.confnotes
    rotation = f" (rotating over {len(ours.paths)})" if len(ours.paths) > 1 else ""
    theirs = " with ".join(f"{page.name} `{page.paths[0]}`" for page in comparison.pretalx_pages)
    note = f"; {comparison.note}" if comparison.note else ""
    return (
        f"- {comparison.name}: confnotes's {ours.name} `{ours.paths[0]}`{rotation}, pretalx's "
        f"{theirs}{note}"
    )


def _per_round(values: list[float]) -> str:
    return " / ".join(f"{value:.1f}" if value < 10 else f"{value:.0f}" for value in values)


def _ratio_range(ours: list[float], theirs: list[float]) -> str:
    ratios = [a / b for a, b in zip(ours, theirs, strict=True) if b]
    if not ratios:
        return "n/a"
    return f"{min(ratios):.1f}x to {max(ratios):.1f}x"


def _log(message: str) -> None:
    print(f"bench.pretalx: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
