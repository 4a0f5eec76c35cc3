"""Filters of the event list: `/events/?year=2024&series=devfest-nantes&country=FR`."""

import django_filters
from django import forms
from django.core.validators import RegexValidator, validate_slug
from django.utils.translation import gettext_lazy as _

from events.models import Event


class CountryCodeField(forms.CharField):
    """A two-letter ISO 3166-1 code, in any case: `fr` is FR."""

    default_validators = [
        RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter country code, such as FR."))
    ]

    def to_python(self, value: str | None) -> str:
        return super().to_python(value).upper()


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class EventFilter(django_filters.FilterSet):
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

    class Meta:
        model = Event
        fields: list[str] = []
