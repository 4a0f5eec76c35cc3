"""The embedded PostgreSQL server: start, reuse by a second process, restart, clear errors."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from confnotes import embedded_db

BASE_DIR = Path(__file__).resolve().parents[2]


def connect(pgdata, dbname=embedded_db.DATABASE_NAME):
    settings = embedded_db.database_settings(pgdata)
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user="postgres",
        dbname=dbname,
        autocommit=True,
    )


def run_python(code, pgdata):
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env={**os.environ, "CONFNOTES_PGDATA": str(pgdata)},
        timeout=120,
        check=False,
    )


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "pgdata"
    yield path
    if embedded_db.is_running(path):
        embedded_db.stop(path)


def test_start_creates_database_on_postgresql_18(pgdata):
    embedded_db.start(pgdata, release_at_exit=False)
    with connect(pgdata) as connection:
        version = connection.execute("SHOW server_version_num").fetchone()[0]
    assert int(version) // 10000 == 18
    embedded_db.release(pgdata)
    assert not embedded_db.is_running(pgdata)


def test_the_server_keeps_a_quarter_of_the_memory_up_to_1_gb_for_data(pgdata):
    embedded_db.start(pgdata, release_at_exit=False)
    with connect(pgdata) as connection:
        shared_buffers = connection.execute(
            "SELECT setting::bigint * pg_size_bytes(unit) / 2^20 FROM pg_settings"
            " WHERE name = 'shared_buffers'"
        ).fetchone()[0]
    embedded_db.release(pgdata)

    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    assert shared_buffers == max(128, min(1024, memory_mb // 4))


def test_second_process_reuses_server_and_leaves_it_running(pgdata):
    embedded_db.start(pgdata, release_at_exit=False)
    pid = embedded_db.server_pid(pgdata)

    child = run_python(
        "from pathlib import Path; import os\n"
        "from confnotes import embedded_db\n"
        "path = Path(os.environ['CONFNOTES_PGDATA'])\n"
        "embedded_db.start(path)\n"
        "print(embedded_db.server_pid(path))\n",
        pgdata,
    )

    assert child.returncode == 0, child.stderr
    assert int(child.stdout.strip()) == pid
    assert embedded_db.is_running(pgdata), "the child's exit must not stop a server in use"
    embedded_db.release(pgdata)
    assert not embedded_db.is_running(pgdata)


def test_restart_keeps_data(pgdata):
    embedded_db.start(pgdata, release_at_exit=False)
    with connect(pgdata) as connection:
        connection.execute("CREATE TABLE kept (value text)")
        connection.execute("INSERT INTO kept VALUES ('still here')")
    embedded_db.release(pgdata)
    assert not embedded_db.is_running(pgdata)

    embedded_db.start(pgdata, release_at_exit=False)
    with connect(pgdata) as connection:
        assert connection.execute("SELECT value FROM kept").fetchall() == [("still here",)]
    embedded_db.release(pgdata)


def test_killed_client_is_forgotten(pgdata):
    embedded_db.start(pgdata, release_at_exit=False)
    clients = embedded_db._clients_dir(pgdata)
    (clients / "999999999").touch()  # a process that died without releasing
    embedded_db.release(pgdata)
    assert not embedded_db.is_running(pgdata)


def test_corrupt_data_directory_gives_a_clear_message(pgdata):
    embedded_db.start(pgdata, release_at_exit=False)
    embedded_db.release(pgdata)
    (pgdata / "PG_VERSION").write_text("9\n")

    with pytest.raises(embedded_db.EmbeddedPostgresError) as error:
        embedded_db.start(pgdata, release_at_exit=False)

    message = str(error.value)
    assert "damaged or was made by another PostgreSQL version" in message
    assert f"mv {pgdata} {pgdata}.broken" in message


def test_foreign_directory_is_not_overwritten(pgdata):
    pgdata.mkdir()
    (pgdata / "holiday-photos.txt").write_text("precious")

    with pytest.raises(embedded_db.EmbeddedPostgresError) as error:
        embedded_db.start(pgdata, release_at_exit=False)

    assert "is not a PostgreSQL data directory" in str(error.value)
    assert (pgdata / "holiday-photos.txt").read_text() == "precious"


def test_manage_py_prints_the_problem_without_traceback(pgdata):
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("9\n")
    env = {**os.environ, "CONFNOTES_PGDATA": str(pgdata)}
    env.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env=env,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("confnotes: The embedded PostgreSQL server could not start")
