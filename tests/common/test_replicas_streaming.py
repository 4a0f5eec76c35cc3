"""Read replicas for real: a live server reading from a streaming replica of its database.

The test builds its own pair of embedded PostgreSQL servers under its temporary directory (a
primary and, from pg_basebackup, a hot standby that follows it), gives the primary a copy of
the test database (pg_dump and pg_restore: much faster than migrating again), and serves the
site with gunicorn pointed at both through DATABASE_URL and DATABASE_REPLICA_URLS.
Pausing the standby's replay makes what it serves tell apart from the primary's: a note saved
while the replay is paused is on the primary only.

One test, in steps, because the servers take a while to set up; each step says what it shows.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg
import pytest
from django.db import connection

from bench.load_test import form_with
from confnotes import embedded_db
from confnotes.management.commands.backup_restore_check import (
    libpq_environment,
    postgres_program,
)
from talks.services.notes import TRUSTED_GROUP_NAME

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
# Long enough for the steps run while the replay is paused; the lag step waits it out.
MAX_LAG_SECONDS = 10
CHECK_SECONDS = 0.5
STARTUP_SECONDS = 120
CONCURRENT_READERS = 8

SEED = f"""
import django
django.setup()
from django.contrib.auth.models import Group
from tests.factories import EventFactory, TalkFactory, UserFactory
author = UserFactory(username="author", password={PASSWORD!r})
author.groups.add(Group.objects.get_or_create(name={TRUSTED_GROUP_NAME!r})[0])
event = EventFactory(name="Replication Days", slug="replication-days")
for number in range(4):
    print(TalkFactory(event=event, slug=f"talk-{{number}}").get_absolute_url())
"""


def connect(pgdata: Path) -> psycopg.Connection:
    settings = embedded_db.database_settings(pgdata)
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not {what} after {seconds} s")
        time.sleep(0.1)


class Replication:
    """The primary and its streaming replica, by data directory."""

    def __init__(self, base: Path):
        self.primary = base / "primary"
        self.replica = base / "replica"

    def start(self) -> None:
        embedded_db.start(self.primary, release_at_exit=False)

    def add_replica(self) -> None:
        embedded_db.make_replica(self.primary, self.replica)
        embedded_db.start(self.replica, release_at_exit=False)

    def stop(self) -> None:
        for pgdata in (self.replica, self.primary):
            if embedded_db.is_running(pgdata):
                embedded_db.stop(pgdata)

    def pause_replay_after_everything_so_far(self) -> float:
        """Let the replica replay all the primary has written, with a commit of its own just
        now, then pause the replay; when that commit was made (the lag counts from it)."""
        with connect(self.primary) as primary:
            primary.execute("SELECT txid_current()")
            committed_at = time.monotonic()
            position = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        with connect(self.replica) as replica:
            wait_until(
                lambda: replica.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]
                ).fetchone()[0],
                30,
                "replayed",
            )
            replica.execute("SELECT pg_wal_replay_pause()")
        return committed_at

    def resume_replay(self) -> None:
        with connect(self.replica) as replica:
            replica.execute("SELECT pg_wal_replay_resume()")

    def replica_has_note(self, body_text: str) -> bool:
        with connect(self.replica) as replica:
            return replica.execute(
                "SELECT EXISTS (SELECT 1 FROM talks_note WHERE body LIKE %s)", [f"%{body_text}%"]
            ).fetchone()[0]


def site_environment(replication: Replication) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="confnotes.settings.local",
        DEBUG="false",
        SECRET_KEY="replication-test-only",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=embedded_db.database_url(replication.primary),
        DATABASE_REPLICA_URLS=embedded_db.database_url(replication.replica),
        DATABASE_REPLICA_MAX_LAG_SECONDS=str(MAX_LAG_SECONDS),
        DATABASE_REPLICA_CHECK_SECONDS=str(CHECK_SECONDS),
        DATABASE_CONNECT_TIMEOUT="2",
        CONN_MAX_AGE="60",
    )
    return environment


def start_site(environment: dict[str, str]) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "confnotes.wsgi",
            "--workers=2",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=environment,
    )
    base_url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return httpx.get(f"{base_url}/livez", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(answers, STARTUP_SECONDS, "serving")
    return server, base_url


def copy_database(test_database: dict, replication: Replication, dump: Path) -> None:
    """The test database, migrated and without the tests' rows, restored on the primary."""
    server_version = connection.pg_version
    subprocess.run(
        [
            postgres_program("pg_dump", server_version),
            "--format=custom",
            f"--file={dump}",
            test_database["NAME"],
        ],
        env=libpq_environment(test_database),
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        [
            postgres_program("pg_restore", server_version),
            "--no-owner",
            f"--dbname={embedded_db.database_url(replication.primary)}",
            str(dump),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def site(tmp_path, db):
    """(replication, base URL of the live site, the talks' addresses)."""
    replication = Replication(tmp_path)
    try:
        replication.start()
        copy_database(connection.settings_dict, replication, tmp_path / "test-database.dump")
        environment = site_environment(replication)
        seeded = subprocess.run(
            [sys.executable, "-c", SEED],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert seeded.returncode == 0, seeded.stderr
        talks = seeded.stdout.split()
        replication.add_replica()
        server, base_url = start_site(environment)
        try:
            yield replication, base_url, talks
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        replication.stop()


def signed_in(base_url: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=30)
    page = client.get("/accounts/login/")
    form = form_with(page.text, "password")
    answer = client.post(
        "/accounts/login/", data={**form["fields"], "username": "author", "password": PASSWORD}
    )
    assert answer.status_code == 302
    return client


def write_note(author: httpx.Client, talk: str, text: str) -> httpx.Response:
    form = form_with(author.get(f"{talk}notes/new/").text, "body")
    answer = author.post(
        f"{talk}notes/new/", data={**form["fields"], "body": f"- {text}", "action": "submit"}
    )
    assert answer.status_code == 302
    return author.get(talk)


def anonymous_page(base_url: str, path: str) -> str:
    response = httpx.get(f"{base_url}{path}", timeout=30)
    assert response.status_code == 200
    return response.text


@pytest.fixture
def author(site):
    """The author of the notes, signed in; their notes are published at once (Trusted)."""
    _, base_url, _ = site
    client = signed_in(base_url)
    try:
        yield client
    finally:
        client.close()


def test_anonymous_pages_read_from_the_streaming_replica(site, author):
    replication, base_url, talks = site

    # Anonymous readers read from the replica; the author reads what they wrote, at once.
    committed_at = replication.pause_replay_after_everything_so_far()
    seen_by_author = write_note(author, talks[0], "first note, while the replay is paused")
    anonymous = anonymous_page(base_url, talks[0])
    assert time.monotonic() - committed_at < MAX_LAG_SECONDS, "too slow to tell the two apart"
    assert "first note" in seen_by_author.text
    assert "first note" not in anonymous
    # An anonymous reader who just wrote (here, chose a language) reads from the primary.
    with httpx.Client(base_url=base_url, timeout=30) as writer:
        writer.post("/i18n/setlang/", data={"language": "en", "next": "/"})
        assert "first note" in writer.get(talks[0]).text

    # Left behind by more than the bound, the replica is skipped: the primary answers.
    time.sleep(max(0, committed_at + MAX_LAG_SECONDS + 2 * CHECK_SECONDS - time.monotonic()))
    assert "first note" in anonymous_page(base_url, talks[0])
    replication.resume_replay()

    # The replica stops while readers keep reading: every request is answered.
    outcomes: list[tuple[float, int | str]] = []
    stop_reading = threading.Event()

    def read() -> None:
        paths = [talks[0], "/", "/talks/", "/search/?q=talk"]
        with httpx.Client(base_url=base_url, timeout=30) as reader:
            number = 0
            while not stop_reading.is_set():
                started = time.monotonic()
                try:
                    status: int | str = reader.get(paths[number % len(paths)]).status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                outcomes.append((started, status))
                number += 1

    readers = [threading.Thread(target=read) for _ in range(CONCURRENT_READERS)]
    for reader in readers:
        reader.start()
    time.sleep(1.5)
    stopped_at = time.monotonic()
    embedded_db.stop(replication.replica)
    time.sleep(1.5)
    stop_reading.set()
    for reader in readers:
        reader.join()
    assert {status for _, status in outcomes} == {200}
    assert len([started for started, _ in outcomes if started > stopped_at]) >= CONCURRENT_READERS

    # Written while the replica is down, a note reaches it once it is back.
    write_note(author, talks[1], "second note, while the replica is down")
    assert "second note" in anonymous_page(base_url, talks[1])
    embedded_db.start(replication.replica, release_at_exit=False)
    wait_until(lambda: replication.replica_has_note("second note"), 60, "replayed")

    # And anonymous readers read from it again.
    committed_at = replication.pause_replay_after_everything_so_far()
    time.sleep(2 * CHECK_SECONDS)
    write_note(author, talks[2], "third note, while the replay is paused")
    anonymous = anonymous_page(base_url, talks[2])
    assert time.monotonic() - committed_at < MAX_LAG_SECONDS, "too slow to tell the two apart"
    assert "third note" not in anonymous
    replication.resume_replay()
