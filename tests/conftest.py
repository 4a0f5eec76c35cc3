import os
import textwrap
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from common import ratelimit
from confnotes.embedded_db import start_unless_external
from people.services import user_make_editor
from tests.factories import UserFactory
from tests.http_server import LocalServer
from tests.redis_server import redis_server

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    # Django's test database lives on the embedded server unless DATABASE_URL names one.
    start_unless_external()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with autovacuum off on its tables.

    Autovacuum can remove a dead row's TOAST chunks while keeping the row itself, when a
    transaction of the same database holds back the row's horizon but not the TOAST table's
    (PostgreSQL bug #18351, unresolved). An index built afterwards, while the parallel test
    workers' transactions in their own databases hold back its snapshot, still reads that row
    and fails with "missing chunk number 0 for toast value". A test database lives minutes:
    it needs no vacuum.
    """
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            """
            DO $$
            DECLARE tab regclass;
            BEGIN
                FOR tab IN SELECT oid FROM pg_class
                    WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
                LOOP
                    EXECUTE format(
                        'ALTER TABLE %s SET (autovacuum_enabled = false,'
                        ' toast.autovacuum_enabled = false)',
                        tab
                    );
                END LOOP;
            END $$
            """
        )


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, whatever the test before it asked
    for: a French request leaves French active in the thread that served it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def rate_limit_clock_stopped(monkeypatch):
    """Rate limits count in fixed windows: with the clock stopped, a test that goes over a limit
    never straddles two windows, however slowly a busy machine runs it."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright, one for the whole test session."""
    from playwright.sync_api import expect, sync_playwright

    # expect() waits 5 s by default, which a busy machine's live server can exceed; the
    # assertions are about what the page shows, not how fast.
    expect.set_options(timeout=60_000)

    # Playwright's sync API runs an event loop, which makes Django refuse database access.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot():
    """Save a screenshot of a page into test-artifacts/, for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, name: str) -> None:
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return save


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_socket(tmp_path):
    """A throwaway Redis server listening on a Unix socket only (tests/redis_server.py)."""
    yield from redis_server(tmp_path)


@pytest.fixture
def editor(db):
    """A staff member in the Editors group, as editors are in production."""
    user = UserFactory(username="editor")
    user_make_editor(user=user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def attendee(db):
    return UserFactory(username="attendee")


@pytest.fixture
def database_outage(django_db_blocker, tmp_path):
    """A context manager during which the database server cannot be reached.

    The connection is pointed at an empty directory instead of the server's socket, so every
    attempt to connect fails the way it does while PostgreSQL restarts. Tests using it within
    a test database need `django_db(transaction=True)`: the connection is closed on entry.
    """

    @contextmanager
    def outage():
        settings_dict = connection.settings_dict
        real_host = settings_dict["HOST"]
        with django_db_blocker.unblock():
            connection.close()
            settings_dict["HOST"] = str(tmp_path)
            try:
                yield
            finally:
                connection.close()
                settings_dict["HOST"] = real_host

    return outage


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 (tests/http_server.py), stopped after the test."""
    with LocalServer() as server:
        yield server


@pytest.fixture
def loopback_fetching_allowed(settings):
    """common/fetching.py may fetch from http_server: it refuses loopback addresses otherwise."""
    settings.FETCH_ALLOW_LOOPBACK = True


@pytest.fixture
def writeup_file(tmp_path):
    """Write a write-up (dedented) into a file and return its path as a string."""

    def write(text: str, name: str = "writeup.md") -> str:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def run_command():
    """Run a management command and return what it printed on standard output."""

    def run(*args) -> str:
        stdout = StringIO()
        call_command(*args, stdout=stdout)
        return stdout.getvalue()

    return run


@pytest.fixture
def search_documents_locked_elsewhere():
    """Another connection holds a lock on the search documents, so that any search waits."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname=database["NAME"]
    ) as other:
        other.execute("LOCK TABLE talks_talksearchdocument IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()
