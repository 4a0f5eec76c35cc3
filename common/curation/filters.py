"""Admin list filters that stay light whatever the size of the tables they filter on."""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Field, QuerySet

from common.curation.autocomplete import autocomplete_label
from common.parameters import column_integer


class AutocompleteFilter(admin.SimpleListFilter):
    """Filter on one related object (an event, a topic...) picked by typing part of its name.

    Django's related-field filter lists every related object in the sidebar: a thousand
    events, tens of thousands of topics. This one renders the admin's own autocomplete box
    instead, which asks the related model's admin (its search fields and permissions) as the
    editor types. Subclasses name the parameter, the model field whose admin autocomplete to
    use, and the lookup that filters the list.
    """

    template = "admin/curation/autocomplete_filter.html"
    # "app_label.ModelName.field": the relation the autocomplete endpoint searches through.
    autocomplete_field: str
    # How the changelist's queryset is filtered on the chosen object's primary key.
    lookup: str

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return ()

    def has_output(self) -> bool:
        return True

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        key = column_integer(self.related_field().remote_field.model._meta.pk, value)
        if key is None:
            raise IncorrectLookupParameters(value)
        return queryset.filter(**{self.lookup: key})

    def choices(self, changelist):
        other_parameters = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in (self.parameter_name, PAGE_VAR)
            for value in values
        ]
        yield {
            "selected": self.value() is not None,
            "widget": self.widget().render(
                self.parameter_name,
                self.value(),
                attrs={"id": f"filter-{self.parameter_name}", "data-width": "100%"},
            ),
            "other_parameters": other_parameters,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }

    def related_field(self) -> Field:
        app_label, model_name, field_name = self.autocomplete_field.split(".")
        return apps.get_model(app_label, model_name)._meta.get_field(field_name)

    def widget(self) -> AutocompleteSelect:
        field = self.related_field()
        site = self.model_admin.admin_site
        # A model choice field supplies the widget with the label of the chosen object only.
        choice_field = forms.ModelChoiceField(
            queryset=field.remote_field.model._default_manager.all(),
            required=False,
            widget=AutocompleteSelect(field, site),
        )
        label = autocomplete_label(site._registry.get(field.remote_field.model))
        if label:
            choice_field.label_from_instance = label
        return choice_field.widget
