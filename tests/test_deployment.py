"""The docker-compose stack and the image, checked without a Docker engine."""

import ipaddress
import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_database_cache_migration_web_and_the_trends_counting():
    assert set(compose()["services"]) == {"db", "redis", "migrate", "web", "trends"}


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


def test_the_trends_are_counted_every_few_minutes_once_migrated():
    trends = compose()["services"]["trends"]

    assert trends["command"] == [
        "python",
        "manage.py",
        "count_trends",
        "--every",
        "${TRENDS_COUNT_SECONDS:-300}",
    ]
    assert trends["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert trends["restart"] == "unless-stopped"
    assert trends["init"] is True


def test_web_and_migrate_use_production_settings_and_services():
    services = compose()["services"]
    for name in ["web", "migrate", "trends"]:
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


def with_defaults(value: str) -> str:
    """A compose value as it is without a .env file: `${NAME:-default}` becomes `default`."""
    return re.sub(r"\$\{[A-Z_]+:?-([^}]*)\}", r"\1", str(value))


def host_addresses(ports: list) -> list[str]:
    """The host interfaces a service's published ports listen on ("" means every one)."""
    addresses = []
    for port in ports:
        if isinstance(port, dict):  # compose's long syntax
            addresses.append(with_defaults(port.get("host_ip", "")))
            continue
        spec = with_defaults(port)
        if spec.startswith("["):  # [::1]:8000:8000
            addresses.append(spec[1 : spec.index("]")])
            continue
        parts = spec.split(":")
        addresses.append(parts[0] if len(parts) == 3 else "")
    return addresses


def is_loopback(address: str) -> bool:
    return bool(address) and ipaddress.ip_address(address).is_loopback


def test_host_addresses_reads_compose_port_syntaxes():
    assert host_addresses(["8000:8000", "8000"]) == ["", ""]
    assert host_addresses(["127.0.0.1:8000:8000", "[::1]:8000:8000"]) == ["127.0.0.1", "::1"]
    assert host_addresses([{"target": 8000, "host_ip": "${BIND:-0.0.0.0}"}]) == ["0.0.0.0"]
    assert [is_loopback(a) for a in ["", "0.0.0.0", "127.0.0.1", "::1"]] == [
        False,
        False,
        True,
        True,
    ]


def test_no_port_is_public_while_a_proxy_is_trusted():
    """Whoever reaches a trusting web port directly could forge X-Forwarded-For."""
    for name, service in compose()["services"].items():
        trusted_proxies = int(
            with_defaults(service.get("environment", {}).get("TRUSTED_PROXY_COUNT", "0"))
        )
        public = [a for a in host_addresses(service.get("ports", [])) if not is_loopback(a)]

        assert not (trusted_proxies and public), (name, service["ports"])


def test_web_trusts_one_proxy_and_listens_on_loopback_only():
    web = compose()["services"]["web"]

    assert with_defaults(web["environment"]["TRUSTED_PROXY_COUNT"]) == "1"
    assert host_addresses(web["ports"]) == ["127.0.0.1"]
