"""The talk finder's parameters in the OpenAPI schema, read from its filters' form fields:
a filter added to the finder (pages/finder/filters.py) appears here with its type."""

from typing import Any

from django import forms
from django.core.validators import validate_slug
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from pages.filtering import ValueListField
from pages.finder.filters import TalkFilter
from talks.models import Talk

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _schema(field: forms.Field) -> dict[str, Any]:
    if isinstance(field, ValueListField):
        return {"type": "array", "items": _schema(field.item)}
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(value) for value, _label in field.choices]
        return {"type": "array", "items": {"type": "string", "enum": values}}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(value) for value, _label in field.choices]}
    if isinstance(field, forms.NullBooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.IntegerField):
        return {"type": "integer", "minimum": field.min_value, "maximum": field.max_value}
    schema: dict[str, Any] = {"type": "string"}
    if field.max_length:
        schema["maxLength"] = field.max_length
    if isinstance(field, forms.SlugField) or validate_slug in field.validators:
        schema["pattern"] = SLUG_PATTERN
    return schema


# The finder's parameters that only its HTML pages take: the API pages by cursor.
PAGE_ONLY_PARAMETERS = ("page",)


def _finder_fields() -> dict[str, forms.Field]:
    fields = TalkFilter(queryset=Talk.objects.none()).form.fields
    return {name: field for name, field in fields.items() if name not in PAGE_ONLY_PARAMETERS}


def finder_parameter_names() -> list[str]:
    return list(_finder_fields())


def finder_parameters() -> list[OpenApiParameter]:
    """One query parameter per filter of the finder."""
    fields = _finder_fields()
    return [
        OpenApiParameter(
            name,
            type=_schema(field),
            location=OpenApiParameter.QUERY,
            description=str(field.label),
            explode=True if _schema(field)["type"] == "array" else None,
        )
        for name, field in fields.items()
    ]


_DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
}
# Each refused parameter with its messages, or a `detail` when the address is unreadable.
_REFUSED_PARAMETERS = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}
ERROR_RESPONSES = {
    400: ("A parameter is not valid: each one refused, with why.", _REFUSED_PARAMETERS),
    404: ("Nothing public has this address.", _DETAIL),
    429: (
        "Too many requests from this address: the Retry-After header says when to come back.",
        _DETAIL,
    ),
    503: ("The search took too long.", _DETAIL),
}


class ApiAutoSchema(AutoSchema):
    """Documents the errors that each operation may answer (the view's `error_statuses`), and
    the query parameters whose empty value means "not given" (its `blank_parameters`), as
    the finder's form sends them."""

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        blank = getattr(self.view, "blank_parameters", ())
        for parameter in parameters:
            if parameter["in"] == "query" and parameter["name"] in blank:
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in getattr(self.view, "error_statuses", ()):
            description, schema = ERROR_RESPONSES[status]
            responses[str(status)] = {
                "description": description,
                "content": {"application/json": {"schema": schema}},
            }
        return responses
