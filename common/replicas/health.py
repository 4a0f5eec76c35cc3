"""Which replicas may be read from: those that answer and are at most
DATABASE_REPLICA_MAX_LAG_SECONDS behind the primary.

Each process measures every replica at most every DATABASE_REPLICA_CHECK_SECONDS, from the
request that finds the measure out of date (one request at a time; the others go on with the
previous one), and keeps what it found. A replica that fails a request is left aside at once
(`leave_aside`) and measured again at the next check.

How far behind: a replica that has replayed the primary's write-ahead log up to where the
primary was just before the check is up to date, however long ago the last write was; one
that has not is as far behind as the time since the last transaction it replayed was
committed. Comparing log positions first means that a replica of an idle primary is never
taken for a late one.
"""

import contextlib
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

from common.replicas.routing import PRIMARY

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplicaState:
    usable: bool
    checked_at: float


_states: dict[str, ReplicaState] = {}
_checking = threading.Lock()


def usable_replicas() -> list[str]:
    """The replicas that were up and close enough behind the primary at their last check."""
    now = time.monotonic()
    due = [
        alias
        for alias in settings.DATABASE_REPLICAS
        if alias not in _states
        or now - _states[alias].checked_at >= settings.DATABASE_REPLICA_CHECK_SECONDS
    ]
    if due and _checking.acquire(blocking=False):
        try:
            for alias in due:
                _record(alias, _is_usable(replica_lag(alias)), now)
        finally:
            _checking.release()
    return [
        alias for alias in settings.DATABASE_REPLICAS if alias in _states and _states[alias].usable
    ]


def leave_aside(alias: str) -> None:
    """Stop reading from `alias` until its next check, and drop this thread's connection to
    it: it just failed a request."""
    _record(alias, False, time.monotonic())
    _close(alias)


def forget_states() -> None:
    """Measure every replica again at the next request (after a change of settings)."""
    _states.clear()


def replica_lag(alias: str) -> float | None:
    """How many seconds the replica `alias` is behind the primary; None when it does not answer.

    A server that is not replaying a primary's log (the primary itself, as the test suite's
    mirror is) is up to date.
    """
    primary_position = _primary_position()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                """
                SELECT pg_is_in_recovery(),
                       pg_last_wal_replay_lsn() >= %s::pg_lsn,
                       EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
                """,
                [primary_position],
            )
            in_recovery, caught_up, since_last_replayed = cursor.fetchone()
    except DatabaseError as error:
        # Said once, when the replica is left aside (`_record`); every failed check is a detail.
        logger.debug("Replica %s does not answer: %s", alias, error)
        _close(alias)
        return None
    if not in_recovery or caught_up:
        return 0.0
    # Nothing replayed yet since the replica started: as far behind as it can be.
    return float("inf") if since_last_replayed is None else float(since_last_replayed)


def _primary_position() -> str | None:
    """Where the primary's write-ahead log ends now; None when it does not answer, in which
    case a replica is judged by the age of what it replayed last."""
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            return cursor.fetchone()[0]
    except DatabaseError:
        _close(PRIMARY)
        return None


def _is_usable(lag: float | None) -> bool:
    return lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS


def _record(alias: str, usable: bool, now: float) -> None:
    previous = _states.get(alias)
    _states[alias] = ReplicaState(usable=usable, checked_at=now)
    if previous is not None and previous.usable != usable:
        if usable:
            logger.info("Replica %s is back: reads go to it again", alias)
        else:
            logger.warning("Replica %s is left aside: reads go to the primary", alias)


def _close(alias: str) -> None:
    # A broken connection may fail to close too; it is dropped all the same.
    with contextlib.suppress(DatabaseError):
        connections[alias].close()
