"""Fast bulk loading into PostgreSQL: binary COPY, directly or through a staging table, with
triggers, indexes and foreign keys set aside while the rows arrive.

Building an index, checking a foreign key or deriving what a trigger keeps once over a million
rows is much faster than doing it row by row; all of it happens inside the caller's
transaction, so a failed load leaves the tables as they were.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from psycopg import sql

STAGING_TABLE = "bulk_staging"


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
    if not skip_conflicts:
        columns, defaults = _columns(model, names)
        copy_into(cursor, model._meta.db_table, columns, (row + defaults for row in rows))
        return
    with staged(cursor, model, names, rows) as columns:
        cursor.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT DO NOTHING").format(
                sql.Identifier(model._meta.db_table),
                identifiers(columns),
                identifiers(columns),
                sql.Identifier(STAGING_TABLE),
            )
        )


@contextmanager
def staged(
    cursor,
    model: type[models.Model],
    names: list[str],
    rows: Iterable[tuple],
    extra_columns: dict[str, str] | None = None,
    omitted: Iterable[str] = (),
) -> Iterator[list[str]]:
    """COPY rows into STAGING_TABLE, a temporary table with the model's columns, for the
    caller to insert from; gives the names of those columns, dropped when the block ends.

    Rows are as for copy_rows, followed by values for `extra_columns` (name: SQL type), which
    the model's table does not have. The fields `omitted` are not staged: the caller's
    insert gives them their values.
    """
    extra = extra_columns or {}
    columns, defaults = _columns(model, names, omitted)
    cursor.execute(
        sql.SQL(
            "CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
        ).format(
            sql.Identifier(STAGING_TABLE),
            identifiers(columns),
            sql.Identifier(model._meta.db_table),
        )
    )
    for name, type_ in extra.items():
        cursor.execute(
            sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                sql.Identifier(STAGING_TABLE), sql.Identifier(name), sql.SQL(type_)
            )
        )
    known = len(names)
    copy_into(
        cursor,
        STAGING_TABLE,
        [*columns[:known], *extra, *columns[known:]],
        (row + defaults for row in rows),
    )
    yield columns
    cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(STAGING_TABLE)))


def copy_into(cursor, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """COPY rows, with a value for each of `columns` in order, into a table."""
    # Binary COPY needs each column's exact type; it spares both sides escaping and parsing
    # text, which makes loading several times faster.
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
        [table],
    )
    column_types = dict(cursor.fetchall())
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(table), identifiers(columns)
    )
    with cursor.copy(statement) as copy:
        copy.set_types([column_types[name] for name in columns])
        for row in rows:
            copy.write_row(row)


def _columns(
    model: type[models.Model], names: list[str], omitted: Iterable[str] = ()
) -> tuple[list[str], tuple]:
    """The columns of the fields `names`, then those of the model's other fields but the
    `omitted` ones, and the other fields' defaults; the primary key and generated columns are
    for the database."""
    fields = {
        field.attname: field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated and field.attname not in omitted
    }
    others = [field for attname, field in fields.items() if attname not in names]
    columns = [field.column for field in [*(fields[name] for name in names), *others]]
    return columns, tuple(field.get_default() for field in others)


def identifiers(names: Iterable[str]) -> sql.Composable:
    """Column or table names, quoted and separated by commas."""
    return sql.SQL(", ").join(map(sql.Identifier, names))


def worth_rebuilding(cursor, new_rows: dict[type[models.Model], int]) -> list:
    """The models that will receive more rows than they hold (by the planner's estimate).

    Rebuilding an index covers the whole table, so it only pays off when the load is larger
    than what is already there.
    """
    tables = {model._meta.db_table: model for model in new_rows}
    cursor.execute(
        "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
        [list(tables)],
    )
    # reltuples is -1 for a table never analyzed, which is as good as empty here.
    held = {tables[name]: max(estimate, 0) for name, estimate in cursor.fetchall()}
    return [model for model, rows in new_rows.items() if rows > held.get(model, 0)]


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
    # Sorting a million keys in memory instead of on disk makes each index several times faster.
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
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


@contextmanager
def triggers_dropped(cursor, models_: Iterable[type[models.Model]]) -> Iterator[None]:
    """Drop the tables' own triggers for the block, and create them again when it ends: the
    caller derives what they would have done.

    Dropped rather than disabled, since PostgreSQL still collects the rows of each statement
    for a disabled trigger that reads them, and still runs those that pgtrigger.ignore skips.
    Foreign key checks stay. DDL is transactional: should the load fail, the triggers are as
    they were.
    """
    cursor.execute(
        """
        SELECT tab.relname, tgname, pg_get_triggerdef(pg_trigger.oid),
            obj_description(pg_trigger.oid, 'pg_trigger')
        FROM pg_trigger
        JOIN pg_class AS tab ON tab.oid = pg_trigger.tgrelid
        WHERE tab.relname = ANY(%s) AND NOT tgisinternal AND tgenabled = 'O'
        """,
        [[model._meta.db_table for model in models_]],
    )
    triggers = cursor.fetchall()
    for table, trigger, _, _ in triggers:
        cursor.execute(
            sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(trigger), sql.Identifier(table))
        )
    yield
    for table, trigger, definition, comment in triggers:
        cursor.execute(definition)
        # django-pgtrigger keeps the hash of each trigger's definition in its comment, and
        # tells from it whether the trigger is installed as declared.
        cursor.execute(
            sql.SQL("COMMENT ON TRIGGER {} ON {} IS {}").format(
                sql.Identifier(trigger), sql.Identifier(table), sql.Literal(comment)
            )
        )
