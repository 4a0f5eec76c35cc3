import textwrap
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture
def writeup_file(tmp_path):
    """Write a write-up (dedented) into a file and return its path as a string."""

    def write(text: str, name: str = "writeup.md") -> str:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def run_command():
    """Run a management command and return what it printed on standard output."""

    def run(*args) -> str:
        stdout = StringIO()
        call_command(*args, stdout=stdout)
        return stdout.getvalue()

    return run


@pytest.fixture
def search_documents_locked_elsewhere():
    """Another connection holds a lock on the search documents, so that any search waits."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname=database["NAME"]
    ) as other:
        other.execute("LOCK TABLE talks_talksearchdocument IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()
