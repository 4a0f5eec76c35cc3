"""The admin's autocomplete boxes, whose options a model admin may describe more fully than
by the object's name: an event with its dates, city and status, so that editors tell a
pending proposed event from the published one of the same name.

A model admin that defines `autocomplete_label(obj) -> str` has each object so described, in
the answers to what an editor types and in the box showing the chosen object.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView


def autocomplete_label(model_admin):
    """The model admin's `autocomplete_label`, or None when it names objects by str()."""
    return getattr(model_admin, "autocomplete_label", None)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = autocomplete_label(self.model_admin)
        return {**result, "text": label(obj)} if label else result
