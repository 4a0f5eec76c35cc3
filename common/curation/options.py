"""What curated models' admins share: lists that stay fast on big tables, and merges."""

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    URLField,
)
from django.utils.translation import gettext_lazy, ngettext

from common.curation.actions import PlanSection, merge_then
from common.curation.filters import AutocompleteFilter
from common.curation.paginators import EstimatedCountPaginator
from common.forms import TextareaField


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
    formfield_overrides = {
        # Django 6's default, chosen now: a link typed without a scheme is an https link.
        URLField: {"assume_scheme": "https"},
        # Line breaks stored as LF, as the attendees' forms store them.
        TextField: {"form_class": TextareaField},
    }

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


class MergeableAdmin(CurationAdmin):
    """Speakers and topics: the list counts their talks and names their aliases, and the
    "merge" action folds duplicates together through the model's merge service."""

    actions = ("merge",)
    # (model, field pointing here) of the rows linking talks to this model, and of the aliases.
    talk_links: tuple[type[Model], str]
    alias_links: tuple[type[Model], str]
    # The model's services: merge_plan(*, keep, duplicates), merge(*, keep, duplicates, editor).
    merge_plan: Callable
    merge_service: Callable

    def get_queryset(self, request):
        link_model, link_field = self.talk_links
        alias_model, alias_field = self.alias_links
        aliases = alias_model.objects.filter(**{alias_field: OuterRef("pk")}).order_by("name")
        return (
            super()
            .get_queryset(request)
            .annotate(
                talk_count=subquery_count(
                    link_model.objects.filter(**{link_field: OuterRef("pk")})
                ),
                alias_names=ArraySubquery(aliases.values("name")),
            )
        )

    @admin.display(description=gettext_lazy("talks"))
    def talk_count(self, obj):
        return obj.talk_count

    @admin.display(description=gettext_lazy("aliases"))
    def alias_names(self, obj):
        return ", ".join(obj.alias_names)

    @admin.action(
        description=gettext_lazy("Merge selected %(verbose_name_plural)s…"),
        permissions=("change",),
    )
    def merge(self, request, queryset):
        return merge_then(
            self,
            request,
            queryset,
            describe_candidate=self.describe_candidate,
            plan=self.merge_plan,
            describe_plan=self.describe_plan,
            merge=self.merge_service,
        )

    def describe_candidate(self, obj) -> str:
        """How the choice of the one to keep presents `obj`."""
        return ngettext("%(count)d talk", "%(count)d talks", obj.talk_count) % {
            "count": obj.talk_count
        }

    def describe_plan(self, plan) -> list[PlanSection]:
        """The sections of the confirmation page: what the merge changes."""
        raise NotImplementedError
