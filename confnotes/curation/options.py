"""What every curated model's admin shares: lists that stay fast on big tables."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import F, Func, IntegerField, QuerySet, Subquery, URLField

from confnotes.curation.filters import AutocompleteFilter
from confnotes.curation.paginators import EstimatedCountPaginator


class DeferringChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.list_deferred_fields)


class CurationAdmin(admin.ModelAdmin):
    # Big columns that the list does not show: left in the database.
    list_deferred_fields: tuple[str, ...] = ()
    list_per_page = 100
    paginator = EstimatedCountPaginator
    # Both would count the whole table on every page.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # Django 6's default, chosen now: a link typed without a scheme is an https link.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def get_changelist(self, request, **kwargs):
        return DeferringChangeList

    @property
    def media(self):
        media = super().media
        if any(
            isinstance(list_filter, type) and issubclass(list_filter, AutocompleteFilter)
            for list_filter in self.list_filter
        ):
            # The widget's scripts and styles (jQuery, select2 and its translation).
            media += AutocompleteSelect(None, self.admin_site).media
        return media


def subquery_count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` (filtered on an OuterRef) as an annotation: PostgreSQL computes it
    for the rows of the page only, without the GROUP BY over the whole table that Count()
    would need."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("count"), output_field=IntegerField())
