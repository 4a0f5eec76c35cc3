"""Checks on the parameters that Django's admin reads without checking them.

Each of these gave a server error instead of the admin's own answer to a bad parameter:

- an action's selection (`_selected_action`) that is not a primary key ("abc");
- an empty `_to_field` on a change or delete page, which names no field;
- a date drill-down (`?date__year=`) too large for a date;
- an autocomplete field posted with a value that is not a key (`event=²`), which the form
  refuses but its widget then looks up to show it again.

`CurationSite` puts `CheckedAdmin` under every model admin registered, ours and other apps'.
Every model here has an integer primary key, read with `column_integer`.
"""

import datetime

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext as _

from common.curation.autocomplete import autocomplete_label
from common.parameters import ascii_integer, column_integer

# The parts of a date drill-down, with the values a date takes.
DATE_PARTS = {
    "year": (datetime.MINYEAR, datetime.MAXYEAR),
    "month": (1, 12),
    "day": (1, 31),
}


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete box, which looks up only the values that can be keys of the
    related model to show them: an invalid one is left out, with the form's error beside it."""

    def optgroups(self, name, value, attr=None):
        keys = [
            key
            for key in value
            if key in ("", None) or column_integer(self.field.target_field, str(key)) is not None
        ]
        return super().optgroups(name, keys, attr)


class CheckedAutocompleteMixin:
    """For model admins and inlines: autocomplete fields use KeysOnlyAutocompleteSelect, and
    show the chosen object as the autocomplete answers describe it (autocomplete.py)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        autocompleted = db_field.name in self.get_autocomplete_fields(request)
        if "widget" not in kwargs and autocompleted:
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # As Django's admin finds the related model's admin for its related-object links.
        label = autocomplete_label(self.admin_site._registry.get(db_field.remote_field.model))
        if autocompleted and formfield is not None and label:
            formfield.label_from_instance = label
        return formfield


class CheckedAdmin(CheckedAutocompleteMixin):
    """Put before a ModelAdmin: the checks described above."""

    def get_object(self, request, object_id, from_field=None):
        # An empty `_to_field` passes Django's check of the field name, as no field at all.
        return super().get_object(request, object_id, from_field or None)

    def get_changelist_instance(self, request):
        # Raised here, the admin answers as to any bad filter: the list again, with "?e=1".
        if self.date_hierarchy:
            for part, (minimum, maximum) in DATE_PARTS.items():
                for value in request.GET.getlist(f"{self.date_hierarchy}__{part}"):
                    if ascii_integer(value, minimum=minimum, maximum=maximum) is None:
                        raise IncorrectLookupParameters(value)
        return super().get_changelist_instance(request)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(column_integer(self.model._meta.pk, key) is None for key in selected):
            self.message_user(
                request, _("This selection is not valid: nothing was changed."), messages.WARNING
            )
            return None
        return super().response_action(request, queryset)
