"""The CPU time the servers of a benchmark have spent so far: gunicorn's processes, found by the
address they listen on, and PostgreSQL's, found by its data directory. Read from Linux's /proc.

Each process counts its user and system time, plus that of the children it has reaped, so that
a gunicorn worker or a PostgreSQL backend that exits during a measure (a connection older than
CONN_MAX_AGE is closed and reopened) is still counted, by its parent. PostgreSQL's autovacuum
workers are left out while they run: they work for no request.
"""

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
# Fields of /proc/<pid>/stat after the command name (which is in parentheses): the parent's
# pid, then user, system, reaped children's user and reaped children's system time, in ticks.
PARENT_FIELD = 1
TIME_FIELDS = slice(11, 15)
NOT_FOR_REQUESTS = "autovacuum worker"


@dataclass(frozen=True)
class ServerCpu:
    """The gunicorn listening on `address` and the PostgreSQL of `pgdata`."""

    address: str
    pgdata: Path

    @classmethod
    def of(cls, base_url: str, pgdata: Path) -> "ServerCpu":
        return cls(base_url.removeprefix("http://"), pgdata)

    def seconds(self) -> tuple[float, float]:
        """CPU seconds spent so far by gunicorn's processes and by PostgreSQL's."""
        return gunicorn_seconds(self.address), postgres_seconds(self.pgdata)


def gunicorn_seconds(address: str) -> float:
    """CPU seconds of the gunicorn started with `--bind address` (its master, whose command
    line names the address, and the workers it forked)."""
    masters = [pid for pid in _pids() if address in _command_line(pid).split("\0")]
    if not masters:
        raise LookupError(f"no process listens on {address}")
    return sum(_seconds(pid) for pid in _with_children(masters))


def postgres_seconds(pgdata: Path) -> float:
    """CPU seconds of the PostgreSQL server of `pgdata`: the postmaster, its backends and its
    background processes, except the autovacuum workers at work."""
    # Read here rather than through confnotes.embedded_db, which must not be imported before
    # the harness has chosen its data directory.
    postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    return sum(
        _seconds(pid)
        for pid in _with_children([postmaster])
        if NOT_FOR_REQUESTS not in _command_line(pid)
    )


def _with_children(parents: list[int]) -> set[int]:
    """The `parents` and their children (a forked worker has its master's command line: it may
    be among the parents too)."""
    parent_fields = {str(pid) for pid in parents}
    return set(parents) | {
        pid for pid in _pids() if _stat_fields(pid)[PARENT_FIELD] in parent_fields
    }


def _seconds(pid: int) -> float:
    return sum(int(ticks) for ticks in _stat_fields(pid)[TIME_FIELDS]) / TICKS_PER_SECOND


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name; a process that has exited reads
    as one of no parent and no time (its time is its parent's now)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return ["0"] * TIME_FIELDS.stop
    return stat[stat.rindex(")") + 2 :].split()


def _command_line(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_text(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


def _pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]
