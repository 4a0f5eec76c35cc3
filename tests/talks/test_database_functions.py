"""The database's SQL functions and text search configurations are those of
talks/database_functions.py: the migrations hold copies of its SQL, which must agree."""

import pytest
from django.db import connection

from talks.database_functions import DEFINITIONS

pytestmark = pytest.mark.django_db

# Each function, its body as PostgreSQL prints it, or for an aggregate, what it is made of;
# without the functions of extensions and those of django-pgtrigger (talks/triggers.py).
FUNCTIONS = """
SELECT proname, pg_get_function_identity_arguments(function.oid),
    CASE WHEN prokind = 'a' THEN (
        SELECT concat_ws(' ', aggtransfn::regprocedure, aggtranstype::regtype, agginitval)
        FROM pg_aggregate WHERE aggfnoid = function.oid
    ) ELSE regexp_replace(pg_get_functiondef(function.oid), 'FUNCTION \\w+\\.', 'FUNCTION ') END
FROM pg_proc AS function
WHERE pronamespace = %(schema)s::regnamespace
    AND NOT EXISTS (
        SELECT FROM pg_depend WHERE objid = function.oid AND deptype = 'e'
    )
    AND proname NOT LIKE 'pgtrigger\\_%%' AND proname <> '_pgtrigger_should_ignore'
ORDER BY 1, 2
"""
CONFIGURATIONS = """
SELECT cfgname, cfgparser, maptokentype, mapseqno, mapdict
FROM pg_ts_config JOIN pg_ts_config_map ON mapcfg = pg_ts_config.oid
WHERE cfgnamespace = %(schema)s::regnamespace
ORDER BY 1, 3, 4
"""


def definitions(cursor, schema: str, search_path: str) -> tuple[list, list]:
    # Objects of the schema searched first are printed without their schema's name.
    cursor.execute("SELECT set_config('search_path', %s, true)", [search_path])
    cursor.execute(FUNCTIONS, {"schema": schema})
    functions = cursor.fetchall()
    cursor.execute(CONFIGURATIONS, {"schema": schema})
    return functions, cursor.fetchall()


def test_the_migrated_functions_and_configurations_are_those_of_the_module():
    with connection.cursor() as cursor:
        migrated = definitions(cursor, "public", "public")
        cursor.execute("CREATE SCHEMA from_module")
        cursor.execute("SET LOCAL search_path = from_module, public")
        cursor.execute(DEFINITIONS)
        from_module = definitions(cursor, "from_module", "from_module, public")

    assert len(migrated[0]) == 18
    assert len(migrated[1]) == 66
    assert migrated == from_module
