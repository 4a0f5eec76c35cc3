from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from playwright.sync_api import sync_playwright

from confnotes.embedded_db import start_unless_external
from people.services import user_make_editor
from tests.factories import UserFactory

# Screenshots of the browser tests, kept by CI.
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
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


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium, driven by Playwright."""
    # Playwright's sync API runs an event loop; Django refuses ORM calls inside one otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Queries made while Playwright's loop runs get their own connection; without this,
        # it outlives the test and blocks dropping the test database.
        connections.close_all()
