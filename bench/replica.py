"""Read replicas measured: pages per second with anonymous reads on a streaming replica versus
on the primary alone, and what 50 readers see while the replica is stopped and started again.

    python -m bench.replica --dataset quick
    python -m bench.replica --pgdata var/bench-full/pgdata --outage-clients 50

The primary is the dataset's embedded server (var/bench-<dataset>/pgdata, built as bench/run.py
builds it, or --pgdata); the replica, a streaming copy of it made afresh with pg_basebackup
next to it (<pgdata>-replica), running on the same machine. Each page is loaded with wrk
(bench/run.py's harness, cold: no page cache, so that every request reads the database), once
by gunicorn reading from the primary alone, once by gunicorn with DATABASE_REPLICA_URLS. Then
`--outage-clients` readers, each one request after the other, read pages for
`--outage-seconds` while the replica is stopped (a fast shutdown: its sessions are cut, as in
a crash) and started again; the figures are given before, during and after the outage.
"""

import argparse
import asyncio
import logging
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.run import (
    BASE_DIR,
    BENCH_ENVIRONMENT,
    DATASETS,
    PAGE_CACHE_VARIABLE,
    PROXY_HEADER,
    Load,
    Page,
    choose_pages,
    gunicorn_server,
    measure,
    prepare_dataset,
)
from confnotes import embedded_db

# Pages whose reads go to the replica, as bench/run.py names them: these, and those that
# start with MEASURED_PAGE_KINDS (their names hold the dataset's sizes).
MEASURED_PAGES = {"home /", "/talks/", "/search/ (rotating queries)", "/api/talks/"}
MEASURED_PAGE_KINDS = ("talk page", "event page (")
# What production's defaults would do; the outage run waits for the replica to come back.
REPLICA_CHECK_SECONDS = 5


@dataclass
class Reading:
    started: float
    seconds: float
    ok: bool


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="quick")
    parser.add_argument("--pgdata", type=Path, default=None, help="the primary's data directory")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk load per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--outage-clients", type=int, default=50)
    parser.add_argument("--outage-seconds", type=float, default=40)
    parser.add_argument("--stop-at", type=float, default=10, help="second the replica stops")
    parser.add_argument("--start-at", type=float, default=20, help="second it starts again")
    args = parser.parse_args(argv)
    load = Load(workers=args.workers, connections=args.connections)

    primary = (args.pgdata or BASE_DIR / "var" / f"bench-{args.dataset}" / "pgdata").resolve()
    replica = primary.with_name(f"{primary.name}-replica")
    os.environ.update(BENCH_ENVIRONMENT)
    os.environ["DATABASE_URL"] = embedded_db.database_url(primary)
    os.environ["DATABASE_REPLICA_CHECK_SECONDS"] = str(REPLICA_CHECK_SECONDS)
    os.environ[PAGE_CACHE_VARIABLE] = "off"
    os.environ.pop("DATABASE_REPLICA_URLS", None)
    embedded_db.start(primary)

    import django

    django.setup()
    # The readers' requests are counted here, not logged one by one.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    prepare_dataset(DATASETS[args.dataset])
    pages = [
        page
        for page in choose_pages()
        if page.name in MEASURED_PAGES or page.name.startswith(MEASURED_PAGE_KINDS)
    ]

    _log(f"making the replica {replica}")
    if embedded_db.is_running(replica):
        embedded_db.stop(replica)
    shutil.rmtree(replica, ignore_errors=True)
    embedded_db.make_replica(primary, replica)
    embedded_db.start(replica)
    replica_url = embedded_db.database_url(replica)

    rates = {}
    for setup, replica_urls in (("primary alone", ""), ("with the replica", replica_url)):
        os.environ["DATABASE_REPLICA_URLS"] = replica_urls
        with gunicorn_server(load, page_cache="off") as base_url:
            rates[setup] = [
                measure(base_url, page, args.duration, load, mode="cold") for page in pages
            ]
    print(throughput_table(pages, rates, load, args.duration))

    os.environ["DATABASE_REPLICA_URLS"] = replica_url
    with gunicorn_server(load, page_cache="off") as base_url:
        readings, stopped, started = asyncio.run(
            outage(base_url, pages, replica, args.outage_clients, args)
        )
    print(outage_table(readings, stopped, started, args))
    return 0


def throughput_table(pages: list[Page], rates: dict, load: Load, duration: int) -> str:
    rows = [
        f"gunicorn {load.workers} sync workers, wrk {load.connections} connections, {duration} s "
        "per page, no page cache; primary and replica on this machine",
        "",
        "| page | primary alone req/s | p99 ms | with the replica req/s | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for alone, replicated in zip(rates["primary alone"], rates["with the replica"], strict=True):
        rows.append(
            f"| {alone.page.name} | {alone.requests_per_second:.0f} | {alone.p99_ms:.0f} | "
            f"{replicated.requests_per_second:.0f} | {replicated.p99_ms:.0f} | "
            f"{alone.errors + replicated.errors} |"
        )
    return "\n".join(rows) + "\n"


async def outage(base_url: str, pages: list[Page], replica: Path, clients: int, args):
    """`clients` readers for args.outage_seconds; the replica stops at args.stop_at and starts
    again at args.start_at. Every reading, and when the replica stopped and was back."""
    paths = [path for page in pages for path in page.paths]
    readings: list[Reading] = []
    begin = time.monotonic()
    deadline = begin + args.outage_seconds
    headers = dict([PROXY_HEADER])

    async def reader(number: int) -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=60, headers=headers) as client:
            index = number
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    response = await client.get(paths[index % len(paths)])
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                readings.append(Reading(started - begin, time.monotonic() - started, ok))
                index += 1

    async def operator() -> tuple[float, float]:
        await asyncio.sleep(args.stop_at)
        stopping = time.monotonic() - begin
        await asyncio.to_thread(embedded_db.stop, replica)
        _log(f"replica stopping at {stopping:.1f} s, stopped at {time.monotonic() - begin:.1f} s")
        await asyncio.sleep(max(0, args.start_at - (time.monotonic() - begin)))
        await asyncio.to_thread(embedded_db.start, replica)
        back = time.monotonic() - begin
        _log(f"replica accepting connections again at {back:.1f} s")
        return stopping, back

    async with asyncio.TaskGroup() as group:
        for number in range(clients):
            group.create_task(reader(number))
        timeline = group.create_task(operator())
    stopped, back = timeline.result()
    return readings, stopped, back


def outage_table(readings: list[Reading], stopped: float, back: float, args) -> str:
    """Requests by when they started: before the replica was told to stop, from then until it
    accepted connections again, and after."""
    phases = [
        ("replica up", 0, stopped),
        ("replica stopping, then down", stopped, back),
        ("replica back", back, args.outage_seconds),
    ]
    rows = [
        f"{args.outage_clients} readers, one request after another each, for "
        f"{args.outage_seconds:.0f} s; replica told to stop at {stopped:.1f} s, accepting "
        f"connections again at {back:.1f} s",
        "",
        "| phase | requests | req/s | errors | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, start, end in phases:
        taken = [reading for reading in readings if start <= reading.started < end]
        if not taken:
            continue
        latencies = sorted(reading.seconds * 1000 for reading in taken)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        rows.append(
            f"| {name} | {len(taken)} | {len(taken) / (end - start):.0f} | "
            f"{sum(not reading.ok for reading in taken)} | {statistics.median(latencies):.0f} | "
            f"{p99:.0f} | {latencies[-1]:.0f} |"
        )
    return "\n".join(rows) + "\n"


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
