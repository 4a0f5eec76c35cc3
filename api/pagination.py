"""Cursor pagination of the JSON API, whatever the order of a list.

A cursor holds where the last page ended: the values, in the list's order, of its last item
("keyset" pagination). The next page is the items that come after those values, so that a
talk added or removed meanwhile neither repeats nor skips another, and a deep page costs what
the first one does. Every ordering ends with the primary key, which makes the position
unique. The text search's best matches, ranked once per request, are paged by their position
among the ranked ids instead.

A page is read in one query of ids and ordering values; the view then reads the items of
those ids (`fetch`), in a fixed number of queries whatever the page size.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Field, OrderBy, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

CURSOR_PARAMETER = "cursor"
PAGE_SIZE_PARAMETER = "page_size"

INVALID_CURSOR = _("This cursor is not valid: use the “next” address of a page as it is.")
INVALID_PAGE_SIZE = _("Give a whole number from 1 to %(most)d.")


@dataclass(frozen=True)
class Key:
    """One column of a list's order."""

    field: str
    descending: bool
    # Where the column's nulls come, if it has any.
    nulls_first: bool
    model_field: Field

    @property
    def nullable(self) -> bool:
        return self.model_field.null

    def parsed(self, value: Any) -> Any:
        """A value of this column from a cursor, checked before any query reads it."""
        if value is None:
            if not self.nullable:
                raise DjangoValidationError("null")
            return None
        if isinstance(value, list | dict | bool):
            raise DjangoValidationError("type")
        parsed = self.model_field.to_python(value)
        self.model_field.run_validators(parsed)
        if isinstance(parsed, str) and "\x00" in parsed:
            raise DjangoValidationError("NUL")
        return parsed

    def beyond(self, value: Any) -> Q:
        """The rows that come after `value` in this column."""
        if value is None:
            return Q(**{f"{self.field}__isnull": False}) if self.nulls_first else Q(pk__in=[])
        after = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and not self.nulls_first:
            after |= Q(**{f"{self.field}__isnull": True})
        return after

    def equal(self, value: Any) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})


def ordering_keys(queryset: QuerySet) -> list[Key]:
    """The columns of the queryset's order, which must be plain fields ending with the
    primary key."""
    keys = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            field, descending = item.lstrip("-"), item.startswith("-")
            nulls_first = nulls_last = False
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            field, descending = item.expression.name, item.descending
            nulls_first, nulls_last = bool(item.nulls_first), bool(item.nulls_last)
        else:
            raise ImproperlyConfigured(f"Cursor pagination cannot order by {item!r}.")
        meta = queryset.model._meta
        model_field = meta.pk if field == "pk" else meta.get_field(field)
        # PostgreSQL puts nulls first in a descending order unless told otherwise.
        nulls_first = nulls_first or (descending and not nulls_last)
        keys.append(Key(field, descending, nulls_first, model_field))
    if not keys or keys[-1].field not in ("pk", "id"):
        raise ImproperlyConfigured("Cursor pagination needs an order ending with the primary key.")
    return keys


def _after(keys: list[Key], values: Sequence[Any]) -> Q:
    """The rows after the row whose ordering values are `values`."""
    condition = Q(pk__in=[])
    for position, key in enumerate(keys):
        same_before = Q()
        for earlier, value in zip(keys[:position], values, strict=False):
            same_before &= earlier.equal(value)
        condition |= same_before & key.beyond(values[position])
    return condition


def _encoded(position: dict[str, Any]) -> str:
    text = json.dumps(position, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decoded(cursor: str) -> dict[str, Any]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        position = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise ValidationError({CURSOR_PARAMETER: [INVALID_CURSOR]}) from error
    if not isinstance(position, dict):
        raise ValidationError({CURSOR_PARAMETER: [INVALID_CURSOR]})
    return position


def cursor_after(queryset: QuerySet, pk: int) -> str:
    """The cursor of the page of `queryset` (in its order) that starts after the item `pk`:
    what a client following `next` addresses would hold there."""
    fields = [key.field for key in ordering_keys(queryset)]
    values = queryset.filter(pk=pk).values_list(*fields).get()
    return _encoded({"order": fields, "after": list(values)})


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


class KeysetPagination(BasePagination):
    """Pages of a list by cursor; `page_size` from 1 to MAX_PAGE_SIZE.

    The view gives the ordered queryset to page, `fetch(ids)`, which reads the items of a
    page by id, and `ranked_ids`, the ids of a ranked list when it has one (None otherwise).
    """

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list:
        self.request = request
        self.page_size = self._page_size()
        self.cursor = request.query_params.get(CURSOR_PARAMETER)
        ranked_ids = getattr(view, "ranked_ids", None)
        if ranked_ids is not None:
            self.page = self.page_of_ids(ranked_ids, view.fetch)
        else:
            self.page = self.page_of_queryset(queryset, view.fetch)
        return self.page.items

    def get_paginated_response(self, data: list) -> Response:
        return Response({"next": self.next_url(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The address of the next page; null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": CURSOR_PARAMETER,
                "in": "query",
                "required": False,
                "description": "Where the page starts: taken from the `next` address.",
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE_PARAMETER,
                "in": "query",
                "required": False,
                "description": f"Items per page, {DEFAULT_PAGE_SIZE} unless given.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]

    def _page_size(self) -> int:
        given = self.request.query_params.get(PAGE_SIZE_PARAMETER)
        if given is None:
            return DEFAULT_PAGE_SIZE
        if given.isascii() and given.isdigit() and 1 <= int(given) <= MAX_PAGE_SIZE:
            return int(given)
        message = INVALID_PAGE_SIZE % {"most": MAX_PAGE_SIZE}
        raise ValidationError({PAGE_SIZE_PARAMETER: [message]})

    def page_of_queryset(
        self, queryset: QuerySet, fetch: Callable[[list[int]], dict[int, Any]]
    ) -> Page:
        """A page of `queryset` in its order: one query for the ids, then `fetch(ids)`."""
        keys = ordering_keys(queryset)
        fingerprint = [key.field for key in keys]
        if self.cursor is not None:
            position = _decoded(self.cursor)
            values = position.get("after")
            if position.get("order") != fingerprint or not isinstance(values, list):
                raise ValidationError({CURSOR_PARAMETER: [INVALID_CURSOR]})
            if len(values) != len(keys):
                raise ValidationError({CURSOR_PARAMETER: [INVALID_CURSOR]})
            try:
                parsed = [key.parsed(value) for key, value in zip(keys, values, strict=True)]
            except DjangoValidationError as error:
                raise ValidationError({CURSOR_PARAMETER: [INVALID_CURSOR]}) from error
            queryset = queryset.filter(_after(keys, parsed))
        rows = list(queryset.values_list("pk", *fingerprint)[: self.page_size + 1])
        rows, more = rows[: self.page_size], len(rows) > self.page_size
        next_cursor = None
        if more:
            next_cursor = _encoded({"order": fingerprint, "after": list(rows[-1][1:])})
        return Page(self._in_order([row[0] for row in rows], fetch), next_cursor)

    def page_of_ids(self, ids: list[int], fetch: Callable[[list[int]], dict[int, Any]]) -> Page:
        """A page of a list of ids ranked once per request: the text search's best matches."""
        start = 0
        if self.cursor is not None:
            start = _decoded(self.cursor).get("position")
            if not isinstance(start, int) or isinstance(start, bool) or start < 0:
                raise ValidationError({CURSOR_PARAMETER: [INVALID_CURSOR]})
        end = start + self.page_size
        next_cursor = _encoded({"position": end}) if end < len(ids) else None
        return Page(self._in_order(ids[start:end], fetch), next_cursor)

    def _in_order(self, ids: list[int], fetch: Callable[[list[int]], dict[int, Any]]) -> list:
        found = fetch(ids) if ids else {}
        return [found[item_id] for item_id in ids if item_id in found]

    def next_url(self) -> str | None:
        if self.page.next_cursor is None:
            return None
        parameters = self.request.query_params.copy()
        parameters[CURSOR_PARAMETER] = self.page.next_cursor
        url = self.request.build_absolute_uri(self.request.path)
        return f"{url}?{urlencode(list(parameters.lists()), doseq=True)}"
