"""The docker-compose stack and the image, checked without a Docker engine."""

from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_database_cache_migration_and_web():
    assert set(compose()["services"]) == {"db", "redis", "migrate", "web"}


def test_database_is_postgres_18_with_healthcheck_and_named_volume():
    stack = compose()
    db = stack["services"]["db"]

    assert db["image"] == "postgres:18"
    assert db["healthcheck"]["test"] == ["CMD-SHELL", "pg_isready -U confnotes -d confnotes"]
    assert db["volumes"] == ["pgdata:/var/lib/postgresql"]
    assert "pgdata" in stack["volumes"]
    assert "ports" not in db


def test_database_memory_for_data_is_a_setting():
    db = compose()["services"]["db"]

    assert db["command"] == ["postgres", "-c", "shared_buffers=${POSTGRES_SHARED_BUFFERS:-512MB}"]


def test_redis_has_a_healthcheck():
    redis = compose()["services"]["redis"]

    assert redis["image"].startswith("redis:")
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_migrate_runs_once_the_database_is_healthy():
    migrate = compose()["services"]["migrate"]

    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_web_waits_for_healthy_services_and_a_finished_migration():
    web = compose()["services"]["web"]

    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert web["command"][:2] == ["gunicorn", "confnotes.wsgi"]
    assert "http://127.0.0.1:8000/livez" in web["healthcheck"]["test"][-1]


def test_web_and_migrate_use_production_settings_and_services():
    services = compose()["services"]
    for name in ["web", "migrate"]:
        environment = services[name]["environment"]

        assert environment["DJANGO_SETTINGS_MODULE"] == "confnotes.settings.production"
        assert environment["DATABASE_URL"].endswith("@db:5432/confnotes")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        # No secret key in the repository: compose refuses to start without one.
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert services[name]["env_file"] == [{"path": ".env", "required": False}]


def dockerfile_stages():
    stages = []
    for line in (BASE_DIR / "Dockerfile").read_text().splitlines():
        if line.startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def test_image_is_slim_multi_stage_and_runs_as_non_root_user():
    build, run = dockerfile_stages()

    assert build[0] == "FROM python:3.11-slim AS build"
    assert run[0] == "FROM python:3.11-slim"
    assert "USER confnotes" in run
    assert not any(line.startswith("RUN pip") for line in run)


def test_static_files_are_collected_at_build():
    build, run = dockerfile_stages()

    assert any("manage.py collectstatic --noinput" in line for line in build)
    assert "COPY --from=build /app /app" in run
