"""Querysets compiled into SQL once per process, then run with another value each time.

Compiling a queryset costs the ORM more than PostgreSQL spends running it when the query is
small and read on every request: the content version of every anonymous page, an event and its
programme, the home page's notes and events. A `CompiledQuery` is built by the ORM, so that
the rules it applies (what "published" means) stay in their one place, with a placeholder for
the value that changes; the SQL is kept, and each run puts the value in the placeholder's
places, on the database the router reads the model from. Its models are made as the ORM makes
them (select_related() included), from what the ORM's compiler worked out once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# No row has this id: it only marks the parameter that each run replaces.
STAND_IN_ID = -7_340_021
# The placeholder of a query that takes no value: it is compiled once and run as it is.
NO_VALUE = None


@dataclass(frozen=True)
class _Compiled:
    """A queryset's SQL, its parameters and the placeholder's places among them, with the
    compiler that wrote it: it knows which columns make which model."""

    compiler: SQLCompiler
    sql: str
    params: tuple
    places: list[int]

    def sql_params(self, value: object) -> list:
        values = list(self.params)
        for place in self.places:
            values[place] = value
        return values


class CompiledQuery(Generic[M]):
    """`build(value)`, for any value, compiled once from `build(placeholder)`: `build` may use
    the value only as a parameter, and the placeholder must be among the query's parameters
    (unless it is NO_VALUE: the query then takes none).

    `models(value)` gives its rows as models, with the related models that select_related()
    reads; `rows(value)` gives them as the database gives them, for a values_list() queryset
    whose fields convert nothing read (no JSONField, no model instance).
    """

    def __init__(self, build: Callable[[object], QuerySet[M]], placeholder: object = STAND_IN_ID):
        self._build = build
        self._placeholder = placeholder

    @cached_property
    def _compiled(self) -> _Compiled:
        queryset = self._build(self._placeholder)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ImproperlyConfigured("A compiled query reads its models in its one query.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        places = [
            place
            for place, param in enumerate(params)
            if param.__class__ is self._placeholder.__class__ and param == self._placeholder
        ]
        if not places and self._placeholder is not NO_VALUE:
            raise ImproperlyConfigured(
                f"The placeholder {self._placeholder!r} is not among the query's parameters."
            )
        return _Compiled(compiler, sql, tuple(params), places)

    def _fetch(self, value: object) -> tuple[str, list[tuple]]:
        compiled = self._compiled
        database = router.db_for_read(compiled.compiler.query.model)
        with connections[database].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.sql_params(value))
            return database, cursor.fetchall()

    def models(self, value: object = NO_VALUE) -> list[M]:
        database, rows = self._fetch(value)
        # As django.db.models.query.ModelIterable makes them, from the compiler's select list.
        compiler = self._compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        attnames = [column.target.attname for column, _sql, _alias in select[start:end]]
        populators = get_related_populators(klass_info, select, database)
        annotations = compiler.annotation_col_map.items()
        model = klass_info["model"]
        made = []
        for row in compiler.results_iter([rows]):
            instance = model.from_db(database, attnames, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, place in annotations:
                setattr(instance, name, row[place])
            made.append(instance)
        return made

    def rows(self, value: object = NO_VALUE) -> list[tuple]:
        return self._fetch(value)[1]
