"""Production settings: safe by default, configured from the environment, clean `check --deploy`."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Everything production.py reads, so that the developer's own environment cannot leak in, and
# what other tests set (browser tests allow async-unsafe calls, which check --deploy refuses).
CONTROLLED_VARIABLES = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "CONN_MAX_AGE",
    "DATABASE_REPLICA_URLS",
    "DATABASE_REPLICA_MAX_LAG_SECONDS",
    "DATABASE_REPLICA_CHECK_SECONDS",
    "DATABASE_READ_YOUR_WRITES_SECONDS",
    "REDIS_URL",
    "LOG_LEVEL",
    "DEBUG",
}


def production_environment(**variables):
    environment = {
        name: value for name, value in os.environ.items() if name not in CONTROLLED_VARIABLES
    }
    environment["DJANGO_SETTINGS_MODULE"] = "confnotes.settings.production"
    # Checking settings needs no database: an address that is never connected to.
    environment["DATABASE_URL"] = "postgres://check@localhost:1/none"
    environment.update(variables)
    return environment


def run_python(args, environment):
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env=environment,
        timeout=120,
        check=False,
    )


def deployable(**variables):
    required = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "notes.example.org"}
    return production_environment(**{**required, **variables})


def test_check_deploy_is_clean():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], deployable())

    assert result.stderr == ""
    # Only the last line: apps may log on start (django-axes does, at INFO, to stdout).
    assert result.stdout.splitlines()[-1] == "System check identified no issues (0 silenced)."
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "Set the SECRET_KEY environment variable"),
        ("ALLOWED_HOSTS", "Set the ALLOWED_HOSTS environment variable"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    environment = deployable()
    del environment[missing]

    result = run_python(["manage.py", "check"], environment)

    assert result.returncode == 1
    assert message in result.stderr.splitlines()[-1]


def production_settings(environment):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({"
        "'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
        "'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS, "
        "'SECURE_PROXY_SSL_HEADER': s.SECURE_PROXY_SSL_HEADER, "
        "'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT, "
        "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, "
        "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, "
        "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, "
        "'cache': s.CACHES['default']['BACKEND'], "
        "'staticfiles': s.STORAGES['staticfiles']['BACKEND'], "
        "'CONN_MAX_AGE': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'CONN_HEALTH_CHECKS': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "'log_handlers': s.LOGGING['root']['handlers']}))"
    )
    result = run_python(["-c", code], environment)
    assert result.stderr == ""
    return json.loads(result.stdout.splitlines()[-1])


def test_production_settings_by_default():
    assert production_settings(deployable(DEBUG="true")) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["notes.example.org"],
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "log_handlers": ["stdout"],
    }


def test_production_settings_from_the_environment():
    settings = production_settings(
        deployable(
            ALLOWED_HOSTS="notes.example.org,www.notes.example.org",
            CSRF_TRUSTED_ORIGINS="https://notes.example.org",
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
            SECURE_SSL_REDIRECT="false",
            REDIS_URL="redis://cache.internal:6379/0",
            CONN_MAX_AGE="300",
        )
    )

    assert settings["ALLOWED_HOSTS"] == ["notes.example.org", "www.notes.example.org"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://notes.example.org"]
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["CONN_MAX_AGE"] == 300


def test_read_replicas_from_the_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'replicas': s.DATABASE_REPLICAS, 'databases': {alias: "
        "[d['HOST'], d['PORT'], d['NAME'], d['CONN_MAX_AGE'], d['OPTIONS']] "
        "for alias, d in s.DATABASES.items()}, 'read_your_writes': "
        "s.DATABASE_READ_YOUR_WRITES_SECONDS}))"
    )
    environment = deployable(
        DATABASE_REPLICA_URLS=(
            "postgres://reader:secret@ro-1.internal:5432/confnotes?sslmode=require,"
            "postgres://reader@ro-2.internal:6432/confnotes"
        ),
        DATABASE_REPLICA_MAX_LAG_SECONDS="20",
    )

    result = run_python(["-c", code], environment)

    assert json.loads(result.stdout.splitlines()[-1]) == {
        "replicas": ["replica_0", "replica_1"],
        "databases": {
            "default": ["localhost", 1, "none", 60, {"connect_timeout": 5}],
            "replica_0": [
                "ro-1.internal",
                5432,
                "confnotes",
                60,
                {"sslmode": "require", "connect_timeout": 5},
            ],
            "replica_1": ["ro-2.internal", 6432, "confnotes", 60, {"connect_timeout": 5}],
        },
        # The longest a replica in use may be behind: its bound plus the time between checks.
        "read_your_writes": 25.0,
    }


def test_malformed_proxy_header_is_refused():
    result = run_python(
        ["manage.py", "check"], deployable(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    )

    assert result.returncode == 1
    assert "SECURE_PROXY_SSL_HEADER takes a header and the value" in result.stderr
