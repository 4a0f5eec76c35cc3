from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower
from django.views.generic import DetailView, ListView

from confnotes.reading import AliasRedirectMixin, IdsFirstPaginator
from events.models import EventStatus
from people.models import Speaker, SpeakerAlias
from talks.list_items import talk_items
from talks.models import Talk, TalkSpeaker, TalkStatus
from talks.selectors import NEWEST_FIRST

SPEAKERS_PER_PAGE = 100


def public_talks_of(speaker: Speaker | OuterRef) -> QuerySet[TalkSpeaker]:
    return TalkSpeaker.objects.filter(
        speaker=speaker,
        talk__status=TalkStatus.PUBLISHED,
        talk__event__status=EventStatus.PUBLISHED,
    )


def speakers_with_talk_counts(ids: list[int]) -> dict[int, Speaker]:
    """The speakers by id, each with `talk_count`, their number of public talks."""
    talk_count = (
        public_talks_of(OuterRef("pk")).order_by().values("speaker").annotate(n=Count("pk"))
    )
    return Speaker.objects.annotate(talk_count=Subquery(talk_count.values("n"))).in_bulk(ids)


class SpeakerListView(ListView):
    """Everyone who gave a published talk, by name, with a name search."""

    template_name = "people/speaker_list.html"
    context_object_name = "speakers"
    paginate_by = SPEAKERS_PER_PAGE

    def get_queryset(self) -> QuerySet[Speaker]:
        # Walks the index on lower(name).
        speakers = Speaker.objects.filter(Exists(public_talks_of(OuterRef("pk")))).order_by(
            Lower("name"), "pk"
        )
        if self.name_query:
            speakers = speakers.filter(name__icontains=self.name_query)
        return speakers

    def get_paginator(self, queryset: QuerySet, per_page: int, **kwargs: Any) -> Paginator:
        return IdsFirstPaginator(queryset, per_page, fetch=speakers_with_talk_counts, **kwargs)

    @property
    def name_query(self) -> str:
        return self.request.GET.get("q", "").strip()[:200]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(name_query=self.name_query, **kwargs)


class SpeakerDetailView(AliasRedirectMixin, DetailView):
    """A speaker and all their published talks, across events, newest first."""

    model = Speaker
    template_name = "people/speaker_detail.html"
    alias_model = SpeakerAlias
    alias_target = "speaker"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        talks = Talk.objects.published().filter(talk_speakers__speaker=self.object)
        context["talks"] = talk_items(talks.order_by(*NEWEST_FIRST))
        return context
