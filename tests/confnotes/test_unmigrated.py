"""Commands run on a database that was never migrated say what to run instead of a traceback."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import ProgrammingError, connection
from django.db.migrations.loader import MigrationLoader

from confnotes.unmigrated import missing_migrations_explained

BASE_DIR = Path(settings.BASE_DIR)
ADVICE = "Run `python manage.py migrate` first (`make run` does it too), then this command again."


@pytest.fixture
def empty_database_url(django_db_blocker):
    """The address of a new database on the test server, with no table at all."""
    server = connection.settings_dict
    name = f"confnotes_unmigrated_{os.getpid()}"
    address = {"host": server["HOST"], "port": server["PORT"], "user": server["USER"]}
    with psycopg.connect(**address, dbname="postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
        try:
            yield (
                f"postgres:///{name}?host={quote(server['HOST'])}&port={server['PORT']}"
                f"&user={server['USER']}"
            )
        finally:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.mark.parametrize(
    "command",
    [
        ["import_writeup", "demo/devfest-nantes-2025.md"],
        ["import_schedule", "tests/data/interop/democon-day1.xml"],
        ["createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org"],
        ["bench_search", "--rounds", "1"],
    ],
    ids=lambda command: command[0],
)
def test_a_command_on_a_database_never_migrated_says_to_migrate_first(empty_database_url, command):
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": empty_database_url,
            "DJANGO_SETTINGS_MODULE": "confnotes.settings.local",
            "DJANGO_SUPERUSER_PASSWORD": "a sturdy passphrase 42",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    every_migration = len(MigrationLoader(None).graph.nodes)
    assert result.stderr.splitlines()[-1] == (
        f"The database is not ready for this command: {every_migration} migrations are not"
        f" applied yet. {ADVICE}"
    )


@pytest.mark.django_db(transaction=True)
def test_a_refused_query_on_a_migrated_database_keeps_its_traceback():
    with pytest.raises(ProgrammingError), missing_migrations_explained(), connection.cursor() as c:
        c.execute("SELECT * FROM no_such_table")
