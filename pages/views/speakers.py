from typing import Any

import django_filters
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from common.html import json_ld
from pages import structured_data
from pages.filtering import ReportingFilterSet
from pages.list_items import one_per_talk, talk_items
from pages.reading import AliasRedirectMixin, IdsFirstPaginator, ShareableAddressMixin
from people.models import Speaker, SpeakerAlias
from talks.models import Talk
from talks.selectors import NEWEST_FIRST, alphabetical

SPEAKERS_PER_PAGE = 100
# The longest name searched, in characters.
NAME_QUERY_LENGTH = 200


def speakers_with_talk_counts(ids: list[int]) -> dict[int, Speaker]:
    """The speakers by id, each with `talk_count`, their number of public talks."""
    talk_count = (
        Talk.objects.published()
        .filter(speakers=OuterRef("pk"))
        .order_by()
        .values("talk_speakers__speaker")
        .annotate(n=Count("pk"))
    )
    return Speaker.objects.annotate(talk_count=Subquery(talk_count.values("n"))).in_bulk(ids)


class SpeakerFilter(ReportingFilterSet):
    """`?q=`: the speakers named like the text, cut at NAME_QUERY_LENGTH characters."""

    q = django_filters.CharFilter(method="filter_name", label=_("Name"), strip=True)

    class Meta(ReportingFilterSet.Meta):
        model = Speaker
        fields: list[Any] = []

    def filter_name(self, queryset: QuerySet[Speaker], name: str, text: str) -> QuerySet[Speaker]:
        return queryset.named_like(text[:NAME_QUERY_LENGTH])


class SpeakerListView(ShareableAddressMixin, FilterView):
    """Everyone who gave a published talk, by name, with a name search."""

    filterset_class = SpeakerFilter
    template_name = "people/speaker_list.html"
    context_object_name = "speakers"
    paginate_by = SPEAKERS_PER_PAGE
    strict = False

    def get_queryset(self) -> QuerySet[Speaker]:
        # Walks the index on the names in alphabetical order.
        return Speaker.objects.public().order_by(alphabetical("name"), "pk")

    def get_paginator(self, queryset: QuerySet, per_page: int, **kwargs: Any) -> Paginator:
        return IdsFirstPaginator(queryset, per_page, fetch=speakers_with_talk_counts, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        name_query = self.filterset.valid_values().get("q", "")[:NAME_QUERY_LENGTH]
        return super().get_context_data(name_query=name_query, **kwargs)


class SpeakerDetailView(AliasRedirectMixin, DetailView):
    """A speaker and all their published talks, across events, newest first, a talk given
    several times once, at its latest version, with where else it was given. Their proposer
    sees a speaker awaiting review too, marked so; others get a 404."""

    template_name = "people/speaker_detail.html"
    alias_model = SpeakerAlias
    alias_target = "speaker"

    def get_queryset(self) -> QuerySet[Speaker]:
        return Speaker.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        talks = Talk.objects.published().filter(talk_speakers__speaker=self.object)
        context["talks"] = one_per_talk(
            talk_items(talks.order_by(*NEWEST_FIRST), with_versions=True)
        )
        context["structured_data"] = json_ld(
            structured_data.speaker_data(self.object, self.request.build_absolute_uri)
        )
        return context
