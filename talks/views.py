from django import forms
from django.core.paginator import Paginator
from django.db.models import Avg, Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from talks.languages import LANGUAGE_CHOICES
from talks.models import Talk, Topic
from talks.search import (
    SearchTimeout,
    search_facets,
    search_highlights,
    search_talks,
    search_time_limit,
)
from talks.selectors import talks_for_listing


class TalkDetailView(DetailView):
    template_name = "talks/talk_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            talks_for_listing(),
            event__slug=self.kwargs["event_slug"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talk = self.object
        context["notes"] = talk.notes.published().select_related("author").order_by("published_at")
        reviews = talk.reviews.published().select_related("author")
        context["reviews"] = reviews
        context["rating"] = reviews.aggregate(average=Avg("rating"), count=Count("rating"))
        return context


class TopicDetailView(DetailView):
    model = Topic
    template_name = "talks/topic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = talks_for_listing(Talk.objects.filter(topics=self.object))
        return context


class SearchFilterForm(forms.Form):
    """The talk filters that combine with a search; an invalid value is ignored."""

    topic = forms.SlugField(required=False, allow_unicode=True)
    language = forms.ChoiceField(required=False, choices=LANGUAGE_CHOICES)
    event = forms.SlugField(required=False)

    def filter(self, talks: QuerySet[Talk]) -> QuerySet[Talk]:
        self.is_valid()
        chosen = self.cleaned_data
        if chosen.get("topic"):
            talks = talks.filter(topics__slug=chosen["topic"])
        if chosen.get("language"):
            talks = talks.filter(languages__contains=[chosen["language"]])
        if chosen.get("event"):
            talks = talks.filter(event__slug=chosen["event"])
        return talks


class SearchView(TemplateView):
    """Full-text search over published talks and notes, combined with the talk filters."""

    template_name = "talks/search.html"
    paginate_by = 20

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        query = request.GET.get("q", "")
        try:
            with search_time_limit():
                context = self.get_context_data(query=query)
        except SearchTimeout:
            context = super().get_context_data(query=query, timed_out=True)
            return self.render_to_response(context, status=503)
        return self.render_to_response(context)

    def get_context_data(self, *, query: str, **kwargs) -> dict:
        context = super().get_context_data(query=query, **kwargs)
        filters = SearchFilterForm(self.request.GET)
        results = search_talks(filters.filter(talks_for_listing()), query)
        page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
        # Evaluated here, under the search's time limit, rather than in the template.
        talks = list(page.object_list)
        highlights = search_highlights(talks, query)
        context |= {
            "filters": filters,
            "page_obj": page,
            "results": [(talk, highlights.get(talk.pk)) for talk in talks],
            "facets": search_facets(results) if page.paginator.count else None,
        }
        return context
