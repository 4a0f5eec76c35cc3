"""Where each query goes: writes and migrations to the primary, reads to the request's choice.

The read database is chosen once per request (middleware.py) and kept in a context variable,
so that every query of a page, the page cache's content version included, reads the same
database: a page is never put together from a primary and a replica, nor from two replicas
at different points of their replay. Outside a request (commands, the shell) everything goes
to the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS

_read_database: ContextVar[str] = ContextVar("read_database", default=PRIMARY)


@contextmanager
def reading_from(alias: str) -> Iterator[None]:
    """Send the reads made within the block to the database `alias`."""
    token = _read_database.set(alias)
    try:
        yield
    finally:
        _read_database.reset(token)


def read_database() -> str:
    """The database that reads go to now."""
    return _read_database.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        alias = _read_database.get()
        # Within a transaction on the primary, reads see what it wrote, and lock what it locks.
        if alias != PRIMARY and connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # A replica holds the primary's rows: an object read from one may point to the other's.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # A replica replays the primary's schema changes; it cannot take any of its own.
        return db == PRIMARY
