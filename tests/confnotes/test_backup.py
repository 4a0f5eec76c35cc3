"""backup_restore_check: a pg_dump restores with pg_restore into the same rows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import NoteFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def table_counts(output):
    """{table: (source, restored)} from the command's table."""
    rows = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0].startswith("public."):
            rows[fields[0]] = (int(fields[1]), int(fields[2]))
    return rows


def test_dump_restores_every_row(tmp_path):
    NoteFactory.create_batch(3)
    ReviewFactory()
    stdout = StringIO()

    call_command("backup_restore_check", dump_file=tmp_path / "confnotes.dump", stdout=stdout)

    counts = table_counts(stdout.getvalue())
    assert counts["public.talks_note"] == (3, 3)
    assert counts["public.talks_review"] == (1, 1)
    assert counts["public.people_user"] == (4, 4)
    assert all(source == restored for source, restored in counts.values())
    assert stdout.getvalue().splitlines()[-1] == (
        f"{len(counts)} tables, {sum(source for source, _ in counts.values())} rows: the "
        f"restored copy in {connection.settings_dict['NAME']}_restore_check matched the source, "
        "and was dropped."
    )
    assert (tmp_path / "confnotes.dump").read_bytes()[:5] == b"PGDMP"
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%_restore_check"])
        assert cursor.fetchall() == []
