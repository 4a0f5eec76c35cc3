"""The benchmark harness runs end to end on a tiny dataset (timings are never asserted): the
pages asked for and the hello world, each cold, warm and as a 304, which says "no ETag" for a
page that sends none, with the CPU its servers spent per request."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# The pages asked for, by a part of their name, and the rows they give with the hello world.
ASKED = ["talk page", "event page, 300"]
PAGES = ["hello world (the limit)", "talk page, 50 notes", "event page, 300 talks"]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by .ci/run")
def test_harness_measures_the_pages_asked_for_on_a_tiny_dataset(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--dataset",
            "tiny",
            "--duration",
            "1",
            "--no-record",
            "--workers",
            "1",
            "--pgdata",
            str(tmp_path / "pgdata"),
            *[argument for name in ASKED for argument in ("--page", name)],
        ],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    [heading] = [line for line in lines if line.startswith("### ")]
    assert heading.endswith("· dataset tiny · 1 workers, 2 connections")
    assert "- Load: gunicorn 1 sync workers" in result.stdout
    rows = [line for line in lines if line.startswith("| ")]
    assert rows[0].startswith(
        "| page | cache | req/s | p50 ms | p95 ms | p99 ms | SQL queries | app CPU ms "
        "| PostgreSQL CPU ms |"
    )
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]
    modes = {}
    for row in cells:
        modes.setdefault(row[0], []).append(row[1])
    assert sorted(modes) == sorted(PAGES)
    for page in PAGES:
        assert modes[page] == ["cold", "warm", "304"]
    for row in cells:
        if row[2] == "no ETag":
            assert row[1] == "304", row
            continue
        assert float(row[2]) > 0, row  # requests per second
        assert row[-1] == "0", row  # no errors
    # The CPU of gunicorn's processes and of PostgreSQL's, per request: every cold page spends
    # some in gunicorn, and the pages' queries some in PostgreSQL.
    cold = [row for row in cells if row[1] == "cold"]
    assert all(float(row[7]) > 0 for row in cold), cold
    assert sum(float(row[8]) for row in cold) > 0, cold
    # Every anonymous page has its validators from the page cache, the hello world too.
    assert cells[2][:2] == ["hello world (the limit)", "304"]
    assert float(cells[2][2]) > 0
