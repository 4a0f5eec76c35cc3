from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.list import BaseListView, MultipleObjectTemplateResponseMixin

from common.html import json_ld
from pages import structured_data
from pages.finder.pipeline import find_talks, pages_of_results, talk_finder
from pages.list_items import talks_by_id, talks_with_versions_by_id
from pages.reading import (
    SUMMARY_WORDS,
    AliasRedirectMixin,
    ShareableAddressMixin,
    page_of,
)
from pages.related_talks import related_talks
from talks.languages import LANGUAGE_NAMES, language_name
from talks.markdown import markdown_excerpt
from talks.media import talk_media
from talks.models import Talk, Topic, TopicAlias
from talks.search import SearchTimeout, search_highlights
from talks.selectors import (
    NEWEST_FIRST,
    alphabetical,
    language_counts,
    notes_on_versions,
    other_versions,
    rating_summary,
    talks_with_people_and_topics,
    topics_with_counts,
)

TALKS_PER_PAGE = 20
# Topics shown next to a language's talks.
LANGUAGE_TOPICS_SHOWN = 30


@method_decorator(vary_on_headers("HX-Request"), name="dispatch")
class TalkListView(ShareableAddressMixin, MultipleObjectTemplateResponseMixin, BaseListView):
    """The talk finder. An htmx request gets the `finder` partial only, to swap in place."""

    template_name = "talks/talk_list.html"
    context_object_name = "talks"
    paginate_by = TALKS_PER_PAGE
    finder_url_name = "talks:list"

    @property
    def default_parameters(self) -> dict[str, str]:
        return {"sort": self.default_sort()}

    def default_sort(self) -> str:
        """The best matches first for a text search, the newest talks otherwise."""
        return "relevance" if self.request.GET.get("q", "").strip() else "-date"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except SearchTimeout:
            context = {"query": request.GET.get("q", ""), "finder_url": self.finder_url()}
            return TemplateResponse(request, "talks/search_timeout.html", context, status=503)

    def finder_url(self) -> str:
        return reverse(self.finder_url_name)

    def get_queryset(self) -> QuerySet[Talk]:
        """The talks found, by the finder's steps (pages/finder/pipeline.py), whose findings
        the page shows too. An unknown value is reported above the filters and ignored, the
        others still apply (pages/filtering.py)."""
        self.filterset = talk_finder(self.request.GET, request=self.request)
        self.finding = find_talks(self.filterset)
        return self.finding.results

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(filter=self.filterset, **kwargs)
        selected = self.finding.values
        context["facets"] = self.finding.facets
        context["selected"] = selected
        context["sort"] = selected.get("sort", self.default_sort())
        context["more_matches"] = self.finding.more_matches
        context["finder_url"] = self.finder_url()
        if "speaker" in selected:
            context["speaker_name"] = self.filterset.names["speaker"][selected["speaker"]]
        return context

    def get_paginator(self, queryset: QuerySet, per_page: int, **kwargs: Any) -> Paginator:
        fetch = talks_with_versions_by_id if self.filterset.one_per_talk() else talks_by_id
        return pages_of_results(self.finding, per_page, fetch=fetch)

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx
        if htmx and not htmx.history_restore_request:
            return [f"{self.template_name}#finder"]
        return [self.template_name]


class TalkDetailView(DetailView):
    template_name = "talks/talk_detail.html"
    context_object_name = "talk"

    def get_object(self, queryset: QuerySet[Talk] | None = None) -> Talk:
        talks = talks_with_people_and_topics().select_related("event__series")
        return get_object_or_404(
            talks, event__slug=self.kwargs["event_slug"], slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        talk = self.object
        context["versions"] = other_versions(talk)
        context["notes"] = notes_on_versions(talk)
        reviews = list(
            talk.reviews.published().select_related("author").order_by("-created_at", "-pk")
        )
        context["reviews"] = reviews
        context["rating"] = rating_summary(reviews)
        context["media"] = talk_media(
            video_url=talk.video_url,
            slides_url=talk.slides_url,
            slides_player_id=talk.slides_player_id,
        )
        context["related_talks"] = related_talks(talk)
        context["summary"] = markdown_excerpt(talk.abstract, SUMMARY_WORDS) or _(
            "A talk at %(event)s, with attendees' notes and reviews."
        ) % {"event": talk.event.name}
        context["structured_data"] = json_ld(
            structured_data.talk_data(
                talk, context["versions"], context["summary"], self.request.build_absolute_uri
            )
        )
        return context


class TopicListView(ListView):
    """Every topic with public talks. Editors keep topics to a few hundred (merging
    duplicates into aliases), so they fit on one page."""

    template_name = "talks/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self) -> QuerySet[Topic]:
        return topics_with_counts(Talk.objects.published()).order_by(alphabetical("name"))


class TopicDetailView(AliasRedirectMixin, DetailView):
    """A topic's published talks, newest first; a topic that no published talk has is not
    found."""

    queryset = Topic.objects.public()
    template_name = "talks/topic_detail.html"
    alias_model = TopicAlias
    alias_target = "topic"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        talks = Talk.objects.published().filter(topics=self.object)
        context["page_obj"] = page_of(
            self.request, talks.order_by(*NEWEST_FIRST), TALKS_PER_PAGE, fetch=talks_by_id
        )
        context["languages"] = language_counts(talks)
        return context


class LanguageDetailView(TemplateView):
    template_name = "talks/language_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        code = self.kwargs["code"]
        if code not in LANGUAGE_NAMES:
            raise Http404
        talks = Talk.objects.published().filter(languages__contains=[code])
        context["code"] = code
        context["language_name"] = language_name(code)
        context["page_obj"] = page_of(
            self.request, talks.order_by(*NEWEST_FIRST), TALKS_PER_PAGE, fetch=talks_by_id
        )
        context["topics"] = topics_with_counts(talks, LANGUAGE_TOPICS_SHOWN)
        return context


class SearchView(TalkListView):
    """Full-text search: the finder's filters and facets, the best matches first, with the
    words that matched highlighted in the title, abstract and notes."""

    template_name = "talks/search.html"
    finder_url_name = "talks:search"

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx
        if htmx and not htmx.history_restore_request:
            return [f"{TalkListView.template_name}#finder"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = context["selected"].get("q", "")
        highlights = search_highlights([talk.id for talk in context["talks"]], query)
        for talk in context["talks"]:
            talk.highlight = highlights.get(talk.id)
        return context
