"""What a filtered list does with the values of its parameters: one rule for every list.

A value that a filter does not know (`?topic=nope`, `?language=xx`, `?year=soon`, `?page=9` on a
list of two pages, a topic or an event that readers may not see) is named in a message above
the results, in the reader's language (templates/_filter_errors.html), and ignored: the list is
the one without it, and its shareable address leaves it out (pages/reading.py). The other
values still apply, those of the same parameter too: `?topic=kubernetes&topic=nope` shows the
Kubernetes talks.

The filters whose values are slugs declare the objects that readers may see by slug
(`ReportingFilterSet.slug_lookups`); the slugs of all of them are looked up in one query,
however many values are given.
"""

from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db import connections
from django.db.models import QuerySet, Value
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

UNKNOWN_VALUE = _("“%(value)s” is not a known value.")
# The most characters of an unknown value that its message shows.
VALUE_SHOWN = 40


class ValueListField(forms.Field):
    """Several values from a repeated parameter (`?topic=go&topic=rust`), each one cleaned by
    `item` on its own: the unknown ones are left out and reported by the form (ValuesForm)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, item: forms.Field, **kwargs: Any):
        super().__init__(**kwargs)
        self.item = item

    def to_python(self, value: Any) -> list[str]:
        return list(dict.fromkeys(str(given) for given in value or [] if given))


class ValuesForm(forms.Form):
    """The form of a ReportingFilterSet: each value that a field cannot clean is reported and
    ignored (`ignore`), with the field's message replaced by one naming the value."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The values reported and ignored, by parameter, as given.
        self.ignored: dict[str, list[str]] = {}

    def full_clean(self) -> None:
        self.ignored = {}
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if name in self._errors:
                given = field.widget.value_from_datadict(self.data, self.files, name)
                del self._errors[name]
                self.ignore(name, given if isinstance(given, list) else [given])
            elif isinstance(field, ValueListField):
                values = self.cleaned_data.get(name, [])
                self.ignore(name, [value for value in values if not _cleans(field.item, value)])

    def ignore(self, name: str, values: list[str]) -> None:
        """Report each of `values`, given to the parameter `name`, and leave it out of the
        cleaned values: the others of a ValueListField remain."""
        if not values:
            return
        kept = self.cleaned_data.get(name)
        for value in values:
            shown = Truncator(value).chars(VALUE_SHOWN)
            error = forms.ValidationError(UNKNOWN_VALUE, code="unknown", params={"value": shown})
            self.add_error(name, error)
        self.ignored.setdefault(name, []).extend(values)
        if isinstance(kept, list):
            self.cleaned_data[name] = [value for value in kept if value not in values]


def _cleans(field: forms.Field, value: str) -> bool:
    try:
        field.clean(value)
    except forms.ValidationError:
        return False
    return True


class PageFilter(django_filters.Filter):
    """`?page=`: a number, checked with the filters; the list reads its page itself, and
    reports a page that does not exist (pages.reading.ShareableAddressMixin)."""

    field_class = forms.IntegerField

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        return qs


# The objects that readers may see among some slugs.
SlugLookup = Callable[[list[str]], QuerySet]


class ReportingFilterSet(django_filters.FilterSet):
    """A filterset that reports and ignores each unknown value, and filters by the others.

    `slug_lookups` gives, for each filter whose values are slugs, the objects that readers
    may see by slug; a slug of none of them is unknown. `names` holds, once the values are
    read, the name of each known slug, by filter: a page names the selected options with it.
    """

    page = PageFilter(label=_("Page"), min_value=1)
    slug_lookups: ClassVar[dict[str, SlugLookup]] = {}

    class Meta:
        form = ValuesForm

    def valid_values(self) -> dict[str, Any]:
        """The parameters given with a known value, by name; unknown values are reported
        and left out."""
        if not hasattr(self, "_valid_values"):
            self.names: dict[str, dict[str, str]] = {}
            self._valid_values: dict[str, Any] = {}
            if self.is_bound:
                self.form.is_valid()
                self.names = self._known_slugs()
                for name, known in self.names.items():
                    unknown = [slug for slug in self._slugs(name) if slug not in known]
                    self.form.ignore(name, unknown)
                self._valid_values = {
                    name: value
                    for name, value in self.form.cleaned_data.items()
                    if value not in EMPTY_VALUES
                }
        return self._valid_values

    def ignore(self, name: str, value: str) -> None:
        """Report the value of the parameter `name`, found unknown after the filtering (a
        page beyond the last), and leave it out of the valid values."""
        self.form.ignore(name, [value])
        self.valid_values().pop(name, None)

    def ignored(self) -> dict[str, list[str]]:
        """The values reported and ignored, by parameter, as given."""
        self.valid_values()
        return self.form.ignored

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        for name, value in self.valid_values().items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _slugs(self, name: str) -> list[str]:
        """The slugs given to the filter `name`, once cleaned."""
        value = self.form.cleaned_data.get(name)
        if value in EMPTY_VALUES:
            return []
        return value if isinstance(value, list) else [value]

    def _known_slugs(self) -> dict[str, dict[str, str]]:
        """The name of each slug given that readers may see, by filter, in one query."""
        given = {name: self._slugs(name) for name in self.slug_lookups}
        lookups = [
            lookup(given[name])
            .order_by()
            .annotate(parameter=Value(name))
            .values_list("slug", "name", "parameter")
            for name, lookup in self.slug_lookups.items()
            if given[name]
        ]
        selects = [lookup.query.sql_with_params() for lookup in lookups]
        known: dict[str, dict[str, str]] = {name: {} for name, slugs in given.items() if slugs}
        if not selects:
            return known
        with connections[lookups[0].db].cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(f"({sql})" for sql, _params in selects),
                [param for _sql, params in selects for param in params],
            )
            for slug, name, parameter in cursor.fetchall():
                known[parameter][slug] = name
        return known
