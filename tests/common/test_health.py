"""/livez says the process answers; /healthz says whether the database and the cache do."""

import json

import pytest

from tests.factories import UserFactory
from tests.redis_server import redis_cache


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
