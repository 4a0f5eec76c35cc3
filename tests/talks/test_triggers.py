"""The database's triggers are those declared in the models' Meta (talks/triggers.py), and no
other: a trigger made by hand in a migration would be read nowhere in the code."""

import pgtrigger
import pytest
from django.db import connection
from pgtrigger.core import INSTALLED

pytestmark = pytest.mark.django_db


def installed_triggers() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
        )
        return set(cursor.fetchall())


def test_every_trigger_of_the_database_is_declared_in_a_models_meta():
    declared = {
        (model._meta.db_table, trigger.get_pgid(model)) for model, trigger in pgtrigger.registered()
    }

    assert installed_triggers() == declared


def test_every_declared_trigger_is_installed_as_declared():
    statuses = {
        trigger.get_uri(model): trigger.get_installation_status(model)
        for model, trigger in pgtrigger.registered()
    }

    assert statuses == {uri: (INSTALLED, True) for uri in statuses}
    assert len(statuses) == 41
