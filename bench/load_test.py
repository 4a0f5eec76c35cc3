#!/usr/bin/env python
"""Load and fault test: attendees reading and writing notes against gunicorn on 127.0.0.1.

    .venv/bin/python bench/load_test.py                                  # 50 clients, 60 s
    .venv/bin/python bench/load_test.py --restart-database-at 20 --outage 5

1. Prepares the embedded database: migrations, the demo data, and one attendee account per
   client, in the Trusted group so that their notes publish directly.
2. Collects the static files and starts gunicorn on 127.0.0.1 with the production settings,
   through bench/settings.py (a test SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, rate limits raised
   because every client shares one address; production's own limits are untouched).
3. Runs the clients for the duration. Each signs in through the login form, then loops:
   mostly reading pages (home, events, talks, topics), sometimes writing notes through the
   real note form, CSRF token included. The clients play the TLS-terminating proxy: they send
   X-Forwarded-Proto: https, so the secure cookies and the HTTPS-only checks stay on.
4. With --restart-database-at, bench/restart_database.py stops PostgreSQL from another process
   at that second, keeps it down for --outage seconds, and starts it again.
5. Stops gunicorn, checks that every note the site acknowledged (a redirect after the form)
   is in the database, prints the figures, and writes them to bench/results/.

Only 127.0.0.1 is ever contacted, and every loop stops at the deadline.
"""

import argparse
import asyncio
import json
import logging
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import httpx

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

HOST = "127.0.0.1"
PASSWORD = "load-test-password-7c1e"
OUTAGE_PAGE_TITLE = "Back in a moment"
# Pause after an error page or a refused connection, as a person would before reloading.
BACKOFF_SECONDS = 0.25
REQUEST_TIMEOUT_SECONDS = 30
SIMULTANEOUS_SIGN_INS = 4
# Longer than any pause of a client between two requests, as a proxy's upstream connections
# are: otherwise gunicorn closes an idle connection just as the client reuses it.
KEEP_ALIVE_SECONDS = 75


@dataclass
class Outcome:
    """One HTTP exchange, timed in seconds since the start of the run."""

    started: float
    finished: float
    kind: str
    status: int | None
    outage_page: bool = False
    error: str = ""


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    """The page's forms: action, and the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open_form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._open_form = {"action": attributes.get("action") or "", "fields": {}}
            self.forms.append(self._open_form)
            return
        if self._open_form is None:
            return
        fields = self._open_form["fields"]
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "checkbox"):
            fields[name] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            fields[name] = ""
            self._textarea = name
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in fields or "selected" in attributes)
        ):
            fields[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._open_form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._open_form is not None:
            self._open_form["fields"][self._textarea] += data


def form_with(html: str, field_name: str) -> dict | None:
    parser = FormParser()
    parser.feed(html)
    return next((form for form in parser.forms if field_name in form["fields"]), None)


class Attendee:
    """One person with a browser: own connection, own cookies, signs in, reads and writes."""

    def __init__(self, *, number: int, base_url: str, run_id: str, pages, talks, tally, clock):
        self.username = f"loadtest-{number:02d}"
        self.base_url = base_url
        self.run_id = run_id
        self.pages = pages
        self.talks = talks
        self.tally = tally
        self.clock = clock
        self.cookies: dict[str, str] = {}
        self.http = httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_SECONDS)
        self.signed_in = False
        self.notes_written = 0

    async def request(self, method: str, path: str, kind: str, data=None):
        # Secure cookies never travel over http:// in a cookie jar; a browser behind the TLS
        # proxy would send them, so they are sent by hand.
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.base_url.replace("http://", "https://")
        started = self.clock()
        try:
            response = await self.http.request(method, path, data=data, headers=headers)
        except httpx.HTTPError as error:
            self.tally.outcomes.append(
                Outcome(started, self.clock(), kind, None, error=type(error).__name__)
            )
            await asyncio.sleep(BACKOFF_SECONDS)
            return None
        self._keep_cookies(response)
        outage_page = (
            response.status_code == 503
            and response.headers.get("Retry-After") == "5"
            and f"<h1>{OUTAGE_PAGE_TITLE}</h1>" in response.text
        )
        self.tally.outcomes.append(
            Outcome(started, self.clock(), kind, response.status_code, outage_page)
        )
        if response.status_code >= 500:
            await asyncio.sleep(BACKOFF_SECONDS)
        return response

    def _keep_cookies(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def sign_in(self) -> None:
        page = await self.request("GET", "/accounts/login/", "login-form")
        if page is None or page.status_code != 200:
            return
        form = form_with(page.text, "password")
        fields = {**form["fields"], "username": self.username, "password": PASSWORD}
        answer = await self.request("POST", form["action"] or "/accounts/login/", "login", fields)
        self.signed_in = answer is not None and answer.status_code == 302

    async def read(self) -> None:
        await self.request("GET", random.choice(self.pages), "read")

    async def write_note(self) -> None:
        talk = random.choice(self.talks)
        form_path = f"{talk}notes/new/"
        page = await self.request("GET", form_path, "note-form")
        if page is None or page.status_code != 200:
            return
        form = form_with(page.text, "body")
        token = uuid.uuid4().hex
        self.notes_written += 1
        body = (
            f"Load test {self.run_id}, note {token} by {self.username}.\n\n"
            f"- idea number {self.notes_written}: **measure** before tuning\n"
            "- a link: [the docs](https://docs.djangoproject.com/)"
        )
        fields = {**form["fields"], "body": body, "action": "submit"}
        answer = await self.request("POST", form["action"] or form_path, "note-submit", fields)
        if answer is None:
            return
        if answer.status_code == 302:
            self.tally.acknowledged.append(token)
            await self.request("GET", answer.headers["Location"], "read")
        elif answer.status_code < 500:
            self.tally.rejected.append(f"{answer.status_code} {token}")

    async def run(self, deadline: float, write_ratio: float) -> None:
        while self.clock() < deadline:
            if not self.signed_in:
                await self.sign_in()
            elif random.random() < write_ratio:
                await self.write_note()
            else:
                await self.read()


class Clock:
    """Seconds since the start of the current phase."""

    def __init__(self):
        self.start = time.time()

    def __call__(self) -> float:
        return time.time() - self.start


async def run_clients(*, clients, duration, write_ratio, base_url, run_id, pages, talks, on_load):
    """Sign every client in, then run the mixed load; on_load() is called as the load starts.

    Signing in is its own phase: each login hashes a password on purpose slowly (about half a
    second of CPU), which would otherwise eat the first seconds of the measured minute.
    """
    clock = Clock()
    sign_in = Tally()
    attendees = [
        Attendee(
            number=number,
            base_url=base_url,
            run_id=run_id,
            pages=pages,
            talks=talks,
            tally=sign_in,
            clock=clock,
        )
        for number in range(1, clients + 1)
    ]
    # A few at a time, as people arrive: a login hashes the password on purpose slowly, and 50
    # at once would queue the last ones past the client's timeout.
    arrivals = asyncio.Semaphore(SIMULTANEOUS_SIGN_INS)

    async def arrive(attendee: Attendee) -> None:
        async with arrivals:
            await attendee.sign_in()

    async with asyncio.TaskGroup() as group:
        for attendee in attendees:
            group.create_task(arrive(attendee))
    sign_in_seconds = clock()
    load = Tally()
    for attendee in attendees:
        attendee.tally = load
    clock.start = time.time()
    on_load()
    try:
        async with asyncio.TaskGroup() as group:
            for attendee in attendees:
                group.create_task(attendee.run(duration, write_ratio))
    finally:
        for attendee in attendees:
            await attendee.http.aclose()
    return clock.start, sign_in_seconds, sign_in, load


def environment_for_the_run(port: int) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{port}",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        PYTHONPATH=str(BASE_DIR),
    )
    return environment


def prepare(clients: int) -> tuple[list[str], list[str]]:
    """Migrate, load the demo data, create the attendees; the pages to read and the talks."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from events.models import Event
    from people.models import User
    from talks.models import Talk, Topic
    from talks.services.notes import TRUSTED_GROUP_NAME

    call_command("migrate", interactive=False, verbosity=0)
    if not Event.objects.exists():
        call_command("load_demo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    trusted = Group.objects.get(name=TRUSTED_GROUP_NAME)
    for number in range(1, clients + 1):
        user, _ = User.objects.get_or_create(username=f"loadtest-{number:02d}")
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(trusted)
    talks = [talk.get_absolute_url() for talk in Talk.objects.published().select_related("event")]
    pages = [
        "/",
        *(event.get_absolute_url() for event in Event.objects.published()),
        *talks,
        *(topic.get_absolute_url() for topic in Topic.objects.public()[:20]),
    ]
    return pages, talks


def notes_in_database(run_id: str) -> set[str]:
    from talks.models import Note

    bodies = Note.objects.filter(body__startswith=f"Load test {run_id}, note ").values_list(
        "body", flat=True
    )
    return {body.split()[4] for body in bodies}


def start_gunicorn(environment: dict[str, str], port: int, workers: int, threads: int, log: Path):
    # Into a file: a pipe nobody reads fills up, and then every worker blocks on its next log
    # line, which would look exactly like a server that stopped answering.
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "confnotes.wsgi",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            f"--keep-alive={KEEP_ALIVE_SECONDS}",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://{HOST}:{port}/livez", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}: see {log}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def count_statuses(outcomes: list[Outcome]) -> dict[str, int]:
    statuses: dict[str, int] = {}
    for outcome in outcomes:
        key = str(outcome.status) if outcome.status is not None else outcome.error
        statuses[key] = statuses.get(key, 0) + 1
    return dict(sorted(statuses.items()))


def summarize(args, start, tally, timeline, stored) -> dict:
    outcomes = tally.outcomes
    answered = [outcome for outcome in outcomes if outcome.status is not None]
    server_errors = [
        outcome for outcome in answered if outcome.status >= 500 and not outcome.outage_page
    ]
    latencies = [outcome.finished - outcome.started for outcome in answered]
    acknowledged = set(tally.acknowledged)
    summary = {
        "clients": args.clients,
        "duration_seconds": args.duration,
        "requests": len(outcomes),
        "requests_per_second": round(len(outcomes) / args.duration, 1),
        "statuses": count_statuses(outcomes),
        "server_errors_other_than_the_outage_page": len(server_errors),
        "connection_errors": len(outcomes) - len(answered),
        "latency_seconds": {
            "median": round(statistics.median(latencies), 3) if latencies else None,
            "p95": round(percentile(latencies, 0.95), 3),
            "p99": round(percentile(latencies, 0.99), 3),
            "max": round(max(latencies, default=0), 3),
        },
        "notes_acknowledged": len(acknowledged),
        "notes_acknowledged_and_stored": len(acknowledged & stored),
        "notes_lost": len(acknowledged - stored),
        "notes_stored_without_acknowledgement": len(stored - acknowledged),
        "notes_rejected": tally.rejected[:10],
    }
    if timeline:
        summary["outage"] = outage_figures(start, outcomes, timeline)
    return summary


def outage_figures(start: float, outcomes: list[Outcome], timeline: dict) -> dict:
    """When the outage began and ended, as seen by the database and by the clients."""
    down = timeline["stop_requested"] - start
    up = timeline["up"] - start
    during = [outcome for outcome in outcomes if outcome.status == 503]
    after_up = [outcome for outcome in outcomes if outcome.started >= up]
    last_503 = max((outcome.finished for outcome in during), default=None)
    first_ok_after_up = min(
        (outcome.finished for outcome in after_up if outcome.status in (200, 302)), default=None
    )
    return {
        "database_stop_requested_at": round(down, 2),
        "database_down_at": round(timeline["down"] - start, 2),
        "database_back_at": round(up, 2),
        "answers_503": len(during),
        "answers_503_with_the_outage_page": sum(outcome.outage_page for outcome in during),
        "first_503_answered_at": (
            round(min(outcome.finished for outcome in during), 2) if during else None
        ),
        "last_503_answered_at": round(last_503, 2) if last_503 is not None else None,
        "seconds_from_database_back_to_last_503": (
            round(last_503 - up, 2) if last_503 is not None else None
        ),
        "seconds_from_database_back_to_first_success": (
            round(first_ok_after_up - up, 2) if first_ok_after_up is not None else None
        ),
        "answers_503_started_after_database_back": sum(
            1 for outcome in after_up if outcome.status == 503
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--write-ratio", type=float, default=0.2, help="share of note writes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--restart-database-at", type=float, help="seconds into the run")
    parser.add_argument("--outage", type=float, default=5.0, help="seconds the database is down")
    args = parser.parse_args()
    if args.clients > 200 or args.duration > 600:
        raise SystemExit("Keep the run bounded: at most 200 clients and 600 seconds.")

    environment = environment_for_the_run(args.port)
    os.environ.update(environment)
    from confnotes.embedded_db import start_unless_external

    start_unless_external()
    import django

    django.setup()
    # The production logging configuration would print every request the clients make.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.db import connections

    pages, talks = prepare(args.clients)
    connections.close_all()
    run_id = uuid.uuid4().hex[:8]
    results = BASE_DIR / "bench" / "results"
    results.mkdir(exist_ok=True)
    timeline_path = results / f"{run_id}-timeline.json"

    server_log = results / f"{run_id}-server.log"
    gunicorn = start_gunicorn(environment, args.port, args.workers, args.threads, server_log)
    restarts = []

    def restart_database_in_the_middle() -> None:
        if args.restart_database_at is None:
            return
        command = [
            sys.executable,
            str(BASE_DIR / "bench" / "restart_database.py"),
            f"--after={args.restart_database_at}",
            f"--outage={args.outage}",
            f"--timeline={timeline_path}",
        ]
        restarts.append(subprocess.Popen(command, env=environment))

    try:
        start, sign_in_seconds, sign_in, tally = asyncio.run(
            run_clients(
                clients=args.clients,
                duration=args.duration,
                write_ratio=args.write_ratio,
                base_url=f"http://{HOST}:{args.port}",
                run_id=run_id,
                pages=pages,
                talks=talks,
                on_load=restart_database_in_the_middle,
            )
        )
        for restart in restarts:
            restart.wait(timeout=120)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)

    connections.close_all()
    timeline = json.loads(timeline_path.read_text()) if restarts else None
    summary = {
        "run_id": run_id,
        # The machine is shared: how busy it was says how much the figures can be trusted.
        "load_average_1min_at_the_end": round(os.getloadavg()[0], 2),
        "sign_in": {
            "seconds": round(sign_in_seconds, 1),
            "statuses": count_statuses(sign_in.outcomes),
            "signed_in": sum(
                1
                for outcome in sign_in.outcomes
                if outcome.kind == "login" and outcome.status == 302
            ),
        },
        **summarize(args, start, tally, timeline, notes_in_database(run_id)),
        "server_log_errors": [
            line
            for line in server_log.read_text().splitlines()
            if "Traceback" in line or (" ERROR " in line and "Service Unavailable" not in line)
        ][:20],
        "server_log_503_lines": sum(
            "Service Unavailable" in line for line in server_log.read_text().splitlines()
        ),
    }
    (results / f"{run_id}.json").write_text(json.dumps(summary, indent=2))
    (results / f"{run_id}-outcomes.json").write_text(
        json.dumps([asdict(outcome) for outcome in tally.outcomes])
    )
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
