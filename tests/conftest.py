import pytest
from django.core.cache import cache

from confnotes.embedded_db import start_unless_external


def pytest_configure(config):
    # Django's test database lives on the embedded server unless DATABASE_URL names one.
    start_unless_external()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()
