"""/livez says the process answers; /healthz says whether the database and the cache do."""

import json
import shutil
import subprocess
import time

import pytest
import redis

from tests.factories import UserFactory


def test_livez_answers_without_the_database(client, database_outage):
    with database_outage():
        response = client.get("/livez")
        head = client.head("/livez")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert head.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_503_while_the_database_is_down(client, database_outage):
    with database_outage():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }


@pytest.fixture
def redis_socket(tmp_path):
    """A throwaway Redis server listening on a Unix socket only."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        # However long a busy machine takes to start it: the tests need it answering.
        deadline = time.monotonic() + 120
        while not redis_answers(socket):
            assert time.monotonic() < deadline, "redis-server did not start within 120 s"
            time.sleep(0.05)
        yield socket
    finally:
        process.terminate()
        process.wait(timeout=10)


def redis_answers(socket) -> bool:
    try:
        return redis.Redis(unix_socket_path=str(socket)).ping()
    except redis.ConnectionError:
        return False


def redis_cache(socket):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"unix://{socket}",
            # Long enough for a busy machine: the missing server below fails at once anyway.
            "OPTIONS": {"socket_connect_timeout": 30, "socket_timeout": 30},
        }
    }


@pytest.mark.django_db
def test_healthz_checks_the_redis_cache(client, settings, redis_socket):
    settings.CACHES = redis_cache(redis_socket)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_redis_does_not_answer(client, settings, tmp_path):
    settings.CACHES = redis_cache(tmp_path / "no-redis-here.sock")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }


@pytest.mark.django_db
def test_probes_skip_host_validation_https_redirect_and_session(client, settings):
    settings.ALLOWED_HOSTS = ["notes.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    client.force_login(UserFactory())

    probe = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    page = client.get("/", HTTP_HOST="10.0.0.7:8000")

    assert probe.status_code == 200
    assert "Set-Cookie" not in probe.headers
    assert page.status_code == 400
