"""What a command says when the database lacks what migrations would add.

A command run before `migrate` (on a new database, or after an update that brought
migrations) would fail on its first query with a traceback about a relation, a column or a
function that does not exist. manage.py runs every command, Django's and confnotes's alike,
inside `missing_migrations_explained`: such a failure becomes one line saying what to run
first. The same failure on a database that misses no migration keeps its traceback: it is a
bug.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import ProgrammingError, connection
from django.db.migrations.executor import MigrationExecutor


def unapplied_migration_count() -> int:
    """How many migrations the database still needs."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def missing_migrations_message(count: int) -> str:
    migrations = "migration is" if count == 1 else "migrations are"
    return (
        f"The database is not ready for this command: {count} {migrations} not applied yet."
        " Run `python manage.py migrate` first (`make run` does it too), then this command"
        " again."
    )


@contextmanager
def missing_migrations_explained() -> Iterator[None]:
    """Turn a query refused while migrations are missing into what to run first."""
    try:
        yield
    except ProgrammingError:
        unapplied = unapplied_migration_count()
        if not unapplied:
            raise
        sys.stderr.write(missing_migrations_message(unapplied) + "\n")
        sys.exit(1)
