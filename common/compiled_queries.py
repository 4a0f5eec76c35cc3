"""Querysets compiled into SQL once per process, then run with another value each time.

Compiling a queryset costs the ORM more than PostgreSQL spends running it when the query is a
small one with a subquery, such as the home page's events with their number of talks (about
a millisecond each). A `CompiledQuery` is built by the ORM, so that the rules it applies
(what "published" means) stay in their one place, with a placeholder for the value that
changes; the SQL is kept, and each run puts the value in the placeholder's place.
"""

from collections.abc import Callable
from functools import cached_property
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class CompiledQuery(Generic[M]):
    """`build(value)`'s rows as models, for any value, compiled once from `build(placeholder)`:
    the placeholder must be among the query's parameters exactly once, and `build` may use
    the value only as a parameter."""

    def __init__(self, build: Callable[[object], QuerySet[M]], placeholder: object):
        self._build = build
        self._placeholder = placeholder

    @cached_property
    def _compiled(self) -> tuple[type[M], str, tuple, int]:
        queryset = self._build(self._placeholder)
        sql, params = queryset.query.sql_with_params()
        positions = [
            position
            for position, param in enumerate(params)
            if param.__class__ is self._placeholder.__class__ and param == self._placeholder
        ]
        if len(positions) != 1:
            raise ImproperlyConfigured(
                f"The placeholder {self._placeholder!r} is {len(positions)} of the query's "
                "parameters rather than one."
            )
        return queryset.model, sql, tuple(params), positions[0]

    def __call__(self, value: object) -> list[M]:
        model, sql, params, position = self._compiled
        values = list(params)
        values[position] = value
        return list(model._default_manager.raw(sql, values))
