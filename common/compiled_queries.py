"""Querysets compiled into SQL once per process, then run with another value each time.

Compiling a queryset costs the ORM more than PostgreSQL spends running it when the query is
small and read on every request: the content version of every anonymous page, an event's
programme, the home page's events with their number of talks. A `CompiledQuery` is built by
the ORM, so that the rules it applies (what "published" means) stay in their one place, with a
placeholder for the value that changes; the SQL is kept, and each run puts the value in the
placeholder's places, on the database the router reads the model from.
"""

from collections.abc import Callable
from functools import cached_property
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

# No row has this id: it only marks the parameter that each run replaces.
STAND_IN_ID = -7_340_021


class CompiledQuery(Generic[M]):
    """`build(value)`, for any value, compiled once from `build(placeholder)`: `build` may use
    the value only as a parameter, and the placeholder must be among the query's parameters.

    `models(value)` gives its rows as models (a queryset of models); `rows(value)` as the
    database gives them, for a values_list() queryset whose fields convert nothing read (no
    JSONField, no model instance).
    """

    def __init__(self, build: Callable[[object], QuerySet[M]], placeholder: object = STAND_IN_ID):
        self._build = build
        self._placeholder = placeholder

    @cached_property
    def _compiled(self) -> tuple[type[M], str, tuple, list[int]]:
        """The model read, the SQL, its parameters and the placeholder's places among them."""
        queryset = self._build(self._placeholder)
        sql, params = queryset.query.sql_with_params()
        places = [
            place
            for place, param in enumerate(params)
            if param.__class__ is self._placeholder.__class__ and param == self._placeholder
        ]
        if not places:
            raise ImproperlyConfigured(
                f"The placeholder {self._placeholder!r} is not among the query's parameters."
            )
        return queryset.model, sql, tuple(params), places

    def _sql_for(self, value: object) -> tuple[type[M], str, list]:
        model, sql, params, places = self._compiled
        values = list(params)
        for place in places:
            values[place] = value
        return model, sql, values

    def models(self, value: object) -> list[M]:
        model, sql, values = self._sql_for(value)
        return list(model._default_manager.db_manager(router.db_for_read(model)).raw(sql, values))

    def rows(self, value: object) -> list[tuple]:
        model, sql, values = self._sql_for(value)
        with connections[router.db_for_read(model)].cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()
