"""The CPU the benchmark's servers spend is read from /proc: a server's processes are found by the
address on their command line and by their parent, a child that has exited and been reaped still
counts, and PostgreSQL's backends count for the queries they run."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from bench.server_cpu import gunicorn_seconds, postgres_seconds

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux's /proc")

ADDRESS = "127.0.0.1:65431"
# A master that forks two workers, each spending CPU: the first exits and is reaped, the second
# stays, says so when done, and waits to be stopped.
SERVER = textwrap.dedent(
    """
    import os, sys, time

    def spend(seconds):
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass

    reaped = os.fork()
    if reaped == 0:
        spend(0.5)
        os._exit(0)
    os.waitpid(reaped, 0)
    if os.fork() == 0:
        spend(0.5)
        print("ready", flush=True)
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
    """
)


def test_a_server_counts_its_live_and_its_exited_workers():
    with subprocess.Popen(
        [sys.executable, "-c", SERVER, "--bind", ADDRESS],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as server:
        try:
            assert server.stdout.readline() == "ready\n"
            assert gunicorn_seconds(ADDRESS) >= 0.9
        finally:
            os.killpg(server.pid, signal.SIGKILL)


def test_no_server_on_an_address_is_an_error():
    with pytest.raises(LookupError, match=r"127\.0\.0\.1:65432"):
        gunicorn_seconds("127.0.0.1:65432")


@pytest.mark.django_db
def test_postgresql_counts_the_cpu_of_a_query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('data_directory')")
        pgdata = Path(cursor.fetchone()[0])
        if not (pgdata / "postmaster.pid").exists():
            pytest.skip("PostgreSQL runs on another machine")
        before = postgres_seconds(pgdata)
        cursor.execute("SELECT count(*) FROM generate_series(1, 3000000) AS n WHERE n % 7 = 0")
        assert postgres_seconds(pgdata) - before >= 0.1
