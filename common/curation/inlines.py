"""Tabular inlines whose fields screen readers can name."""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


class LabelledFieldsFormSet(BaseInlineFormSet):
    """A tabular inline's rows show their fields' labels once, as the table's column headers,
    with no <label> beside each field: each field is named by its label instead (aria-label),
    the "Delete" checkbox and the admin's autocomplete boxes (admin-autocomplete-names.js)
    included. Widgets drawn as a group of inputs (radio buttons, check boxes, split date and
    time) keep their own labels."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = field.widget
            # The wrapper that adds the links to add or change a related object renders the
            # widget it wraps, with that widget's attributes.
            if isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            if not widget.is_hidden and not widget.use_fieldset and field.label:
                widget.attrs.setdefault("aria-label", capfirst(field.label))


class CurationTabularInline(admin.TabularInline):
    formset = LabelledFieldsFormSet
