"""The benchmark harness runs end to end on a tiny dataset (timings are never asserted)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PAGES = [
    "hello world (the limit)",
    "home /",
    "/talks/",
    "/talks/ topic + language",
    "talk page, 50 notes",
    "/search/ (rotating queries)",
]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by .ci/run")
def test_harness_measures_every_page_on_a_tiny_dataset(tmp_path):
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
            "--pgdata",
            str(tmp_path / "pgdata"),
        ],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| page | req/s | p50 ms | p95 ms | p99 ms | SQL queries |")
    measured = {row.split(" | ")[0].removeprefix("| ") for row in rows[1:] if "---" not in row}
    for page in PAGES:
        assert page in measured
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert float(cells[1]) > 0, row  # requests per second
        assert cells[-1] == "0", row  # no errors
