"""Filters of the event list: `/events/?year=2024&series=devfest-nantes&country=FR`. An
unknown value is reported and ignored (pages/filtering.py)."""

from typing import Any, ClassVar

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import Event, Series
from pages.filtering import UNKNOWN_VALUE, ReportingFilterSet, SlugLookup


class CountryCodeField(forms.CharField):
    """A country's two-letter ISO 3166-1 code, in any case: `fr` is FR."""

    def to_python(self, value: str | None) -> str:
        return super().to_python(value).upper()

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and value not in countries:
            raise forms.ValidationError(UNKNOWN_VALUE, code="unknown", params={"value": value})


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class EventFilter(ReportingFilterSet):
    year = django_filters.NumberFilter(
        field_name="start_date",
        lookup_expr="year",
        label=_("Year"),
        min_value=1900,
        max_value=2200,
    )
    series = django_filters.CharFilter(
        field_name="series__slug", label=_("Series"), max_length=200, validators=[validate_slug]
    )
    country = CountryFilter(field_name="country", label=_("Country"))

    slug_lookups: ClassVar[dict[str, SlugLookup]] = {
        "series": lambda slugs: Series.objects.public().filter(slug__in=slugs),
    }

    class Meta(ReportingFilterSet.Meta):
        model = Event
        fields: list[Any] = []
