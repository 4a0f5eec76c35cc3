"""Fast bulk loading into PostgreSQL: COPY, and indexes and foreign keys rebuilt after the load.

Building an index or checking a foreign key once over a million rows is much faster than
doing it row by row; both happen inside the caller's transaction, so a failed load leaves
them as they were.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from psycopg import sql

_CONFLICT_STAGING_TABLE = "bulk_staging"


def copy_rows(
    cursor,
    model: type[models.Model],
    names: list[str],
    rows: Iterable[tuple],
    *,
    skip_conflicts: bool = False,
) -> None:
    """COPY rows whose values are for the fields `names` (attnames) into the model's table.

    The other columns get their field's default; the primary key and generated columns are
    left out for the database to fill. With `skip_conflicts`, rows that would break a unique
    constraint are left out (they go through a staging table, as COPY cannot skip them).
    """
    fields = {
        field.attname: field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    }
    others = [field for attname, field in fields.items() if attname not in names]
    defaults = tuple(field.get_default() for field in others)
    columns = sql.SQL(", ").join(
        sql.Identifier(field.column) for field in [*(fields[name] for name in names), *others]
    )
    table = sql.Identifier(model._meta.db_table)
    target = sql.Identifier(_CONFLICT_STAGING_TABLE) if skip_conflicts else table
    if skip_conflicts:
        cursor.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
            ).format(target, columns, table)
        )
    with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(target, columns)) as copy:
        for row in rows:
            copy.write_row(row + defaults)
    if skip_conflicts:
        cursor.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT DO NOTHING").format(
                table, columns, columns, target
            )
        )
        cursor.execute(sql.SQL("DROP TABLE {}").format(target))


@contextmanager
def rebuilt_afterwards(cursor, models_: Iterable[type[models.Model]]) -> Iterator[None]:
    """Drop the tables' plain indexes and foreign keys, and recreate them when the block ends.

    Unique indexes, primary keys and check constraints stay: they guard the rows being loaded.
    """
    tables = [model._meta.db_table for model in models_]
    # A table with foreign key checks still pending cannot lose a foreign key: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        """
        SELECT index.relname, pg_get_indexdef(pg_index.indexrelid)
        FROM pg_index
        JOIN pg_class AS index ON index.oid = pg_index.indexrelid
        JOIN pg_class AS tab ON tab.oid = pg_index.indrelid
        WHERE tab.relname = ANY(%s) AND NOT indisprimary AND NOT indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = pg_index.indexrelid)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT tab.relname, conname, pg_get_constraintdef(pg_constraint.oid)
        FROM pg_constraint
        JOIN pg_class AS tab ON tab.oid = pg_constraint.conrelid
        WHERE tab.relname = ANY(%s) AND contype = 'f'
        """,
        [tables],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _ in foreign_keys:
        cursor.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                sql.Identifier(table), sql.Identifier(name)
            )
        )
    for name, _ in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    for _, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)
            )
        )
    # Back to Django's default: foreign keys checked at commit.
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
