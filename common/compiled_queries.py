"""Queries that Django builds once per process, for the pages that run them on every request.

Building and compiling a queryset with aggregates and joins costs more than running it on a
few hundred rows. Its SQL changes only with the id it is about, so it is compiled once with a
stand-in id, and each run puts the real id in its place among the parameters.
"""

from collections.abc import Callable
from functools import cached_property

from django.db import connections, router
from django.db.models import Model, QuerySet

# No row has this id: it only marks the parameter that each run replaces.
_STAND_IN_ID = -7_340_021


class QueryOfOneId:
    """`build(id)`, a values_list() queryset, compiled once: `rows(id)` gives the same rows
    as `list(build(id))`.

    For querysets whose rows Django returns as the database gives them (no field that converts
    values read, such as a JSONField or a model instance), on the database the router reads
    `model` from.
    """

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self.build = build

    @cached_property
    def _compiled(self) -> tuple[str, list[object], list[int], type[Model]]:
        """The SQL, its parameters, the places of the id among them, and the model read."""
        queryset = self.build(_STAND_IN_ID)
        sql, params = queryset.query.sql_with_params()
        places = [index for index, param in enumerate(params) if param == _STAND_IN_ID]
        if not places:
            raise ValueError("The queryset does not depend on its id.")
        return sql, list(params), places, queryset.model

    def rows(self, id: int) -> list[tuple]:
        sql, params, places, model = self._compiled
        params = params.copy()
        for place in places:
            params[place] = id
        with connections[router.db_for_read(model)].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
