import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from confnotes import ratelimit
from confnotes.embedded_db import start_unless_external
from people.services import user_make_editor
from tests.factories import UserFactory

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
