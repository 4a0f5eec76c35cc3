"""`manage.py time_admin_lists` times every list an editor can open."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_time_admin_lists_times_each_list_the_editor_can_open(editor):
    output = io.StringIO()

    call_command("time_admin_lists", runs=1, stdout=output)

    lines = output.getvalue().splitlines()
    assert lines[0].split() == ["list", "median", "ms", "max", "ms", "queries"]
    urls = [line.split()[0] for line in lines[1:]]
    assert "/admin/talks/note/?status__exact=pending" in urls
    assert "/admin/people/user/" not in urls
    assert len(urls) == 25
    assert all(len(line.split()) == 4 for line in lines[1:])


def test_time_admin_lists_needs_an_existing_account():
    with pytest.raises(CommandError, match="No account named 'nobody'"):
        call_command("time_admin_lists", username="nobody", runs=1, stdout=io.StringIO())
