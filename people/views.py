from typing import Any

from django.db.models import Count, Q, QuerySet
from django.views.generic import DetailView, ListView

from confnotes.views import AliasRedirectMixin
from events.models import EventStatus
from people.models import Speaker, SpeakerAlias
from talks.models import TalkStatus
from talks.selectors import NEWEST_FIRST, published_talks, with_listing_relations

SPEAKERS_PER_PAGE = 100


class SpeakerListView(ListView):
    """Everyone who gave a published talk, by name, with a name search."""

    template_name = "people/speaker_list.html"
    context_object_name = "speakers"
    paginate_by = SPEAKERS_PER_PAGE

    def get_queryset(self) -> QuerySet[Speaker]:
        published = Q(
            talk_speakers__talk__status=TalkStatus.PUBLISHED,
            talk_speakers__talk__event__status=EventStatus.PUBLISHED,
        )
        speakers = (
            Speaker.objects.annotate(talk_count=Count("talk_speakers", filter=published))
            .filter(talk_count__gt=0)
            .order_by("name", "pk")
        )
        if self.name_query:
            speakers = speakers.filter(name__icontains=self.name_query)
        return speakers

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
        talks = published_talks().filter(talk_speakers__speaker=self.object)
        context["talks"] = with_listing_relations(talks).order_by(*NEWEST_FIRST)
        return context
