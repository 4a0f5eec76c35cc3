"""The read-only JSON API: what readers see on the site, as data (docs/api.md).

Only public things: published events and talks, the series, speakers and topics of published
talks, published notes and reviews of published talks. Lists are paged by cursor
(api/pagination.py); each reads one page of ids, then the items of those ids in a fixed
number of queries. Every response carries an ETag, and a Last-Modified when its items say
when they changed; a conditional GET that matches gets a 304.
"""

from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers
from api.pagination import KeysetPagination
from api.schema import PAGE_ONLY_PARAMETERS, finder_parameter_names, finder_parameters
from events.models import Event, Series
from pages.finder.pipeline import ranked_ids, sorted_results, talk_finder
from people.models import Speaker
from talks.models import Note, Review, Talk, Topic, published_talks
from talks.search import SearchTimeout
from talks.selectors import (
    language_counts,
    talks_with_people_and_topics,
    topics_with_counts,
    with_versions,
)
from talks.trend_selectors import site_trends, topic_trends


class SearchTookTooLong(APIException):
    status_code = 503
    default_detail = _(
        "This search took too long and was stopped. Try fewer or more specific words."
    )
    default_code = "search_timeout"


class ApiView(GenericAPIView):
    """What every endpoint shares: Last-Modified from its items, which the conditional GET of
    every response (ConditionalGetMiddleware, in the settings) compares."""

    # What it may answer besides its content, in the schema (api/schema.py).
    error_statuses: tuple[int, ...] = (400, 429)

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # JSON, or the browsable page for a browser: caches must keep them apart.
        patch_vary_headers(response, ["Accept"])
        changed = getattr(self, "last_changed", None)
        if response.status_code == 200 and changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        return response

    def remember_changes(self, items: list[Any]) -> None:
        """Note when the newest of `items` (and what they show of their relations) changed."""
        moments = [moment for item in items for moment in _changes(item)]
        self.last_changed = max(moments, default=None)


def _changes(item: Any) -> list[datetime]:
    moments = [getattr(item, "updated_at", None)]
    moments += [getattr(item, "event", None) and item.event.updated_at]
    moments += [speaker.updated_at for speaker in getattr(item, "listed_speakers", [])]
    return [moment for moment in moments if moment is not None]


class ApiListView(ApiView, ListAPIView):
    """A list paged by cursor: `get_queryset` in its order gives the ids of a page, `fetch`
    reads their items."""

    pagination_class = KeysetPagination
    ranked_ids: list[int] | None = None

    def items(self) -> QuerySet:
        """The items as the serializer reads them, with what they show of their relations."""
        return self.get_queryset()

    def fetch(self, ids: list[int]) -> dict[int, Any]:
        return self.items().in_bulk(ids)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        self.remember_changes(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ApiDetailView(ApiView, RetrieveAPIView):
    lookup_field = "slug"
    error_statuses = (400, 404, 429)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        self.remember_changes([item])
        return Response(self.get_serializer(item).data)


def _published_events() -> QuerySet[Event]:
    return Event.objects.published().select_related("series")


class EventList(ApiListView):
    """Published events, the newest first."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        return _published_events().order_by("-start_date", "-pk")


class EventDetail(ApiDetailView):
    serializer_class = serializers.EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        return _published_events()


class SeriesList(ApiListView):
    """Series with a published event, by slug."""

    serializer_class = serializers.SeriesSerializer

    def get_queryset(self) -> QuerySet[Series]:
        return Series.objects.public().order_by("slug", "pk")


class SeriesDetail(ApiDetailView):
    serializer_class = serializers.SeriesSerializer

    def get_queryset(self) -> QuerySet[Series]:
        return Series.objects.public()


class SpeakerList(ApiListView):
    """Speakers of a published talk, by slug."""

    serializer_class = serializers.SpeakerSerializer

    def get_queryset(self) -> QuerySet[Speaker]:
        return Speaker.objects.public().order_by("slug", "pk")


class SpeakerDetail(ApiDetailView):
    serializer_class = serializers.SpeakerSerializer

    def get_queryset(self) -> QuerySet[Speaker]:
        return Speaker.objects.public()


def _topics_with_counts() -> QuerySet[Topic]:
    return topics_with_counts(Talk.objects.published())


class TopicList(ApiListView):
    """Topics of a published talk, by slug, with how many published talks have each."""

    serializer_class = serializers.TopicSerializer

    def get_queryset(self) -> QuerySet[Topic]:
        return Topic.objects.public().order_by("slug", "pk")

    def items(self) -> QuerySet[Topic]:
        return _topics_with_counts()


class TopicDetail(ApiDetailView):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self) -> QuerySet[Topic]:
        return _topics_with_counts()


class LanguageList(ApiView):
    """The languages of published talks, the most common first, with their talk counts.
    A handful: one page, no cursor."""

    serializer_class = serializers.LanguageSerializer
    pagination_class = None

    @extend_schema(responses=serializers.LanguageSerializer(many=True))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        languages = language_counts(Talk.objects.published())
        return Response(self.get_serializer(languages, many=True).data)


class Trends(ApiView):
    """Published talks and their published notes year by year: the numbers of the trends
    page (`/trends/`), as last counted (every few minutes)."""

    serializer_class = serializers.TrendsSerializer
    pagination_class = None

    @extend_schema(responses=serializers.TrendsSerializer)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(site_trends()).data)


class TopicTrends(ApiView):
    """A topic's talks and notes year by year: the numbers of its trends page
    (`/topics/{slug}/trends/`), as last counted (every few minutes)."""

    serializer_class = serializers.TopicTrendsSerializer
    pagination_class = None
    error_statuses = (400, 404, 429)

    @extend_schema(responses=serializers.TopicTrendsSerializer)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        topic = get_object_or_404(Topic.objects.public(), slug=kwargs["slug"])
        return Response(self.get_serializer(topic_trends(topic)).data)


class TalkList(ApiListView):
    """Published talks, with every filter of the finder (`/talks/`): the same parameters
    give the same talks in the same order."""

    serializer_class = serializers.TalkSerializer
    error_statuses = (400, 429, 503)
    blank_parameters = finder_parameter_names()

    def get_queryset(self) -> QuerySet[Talk]:
        return Talk.objects.published()

    def items(self) -> QuerySet[Talk]:
        return with_versions(talks_with_people_and_topics())

    @extend_schema(parameters=finder_parameters())
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parameters = request.query_params.copy()
        for name in PAGE_ONLY_PARAMETERS:
            parameters.pop(name, None)
        finder = talk_finder(parameters, request=request)
        if finder.is_bound and not finder.is_valid():
            raise ValidationError(finder.errors)
        try:
            values, matches, results = sorted_results(finder)
            self.ranked_ids = ranked_ids(values, matches, results)
            page = self.paginate_queryset(results)
        except SearchTimeout as error:
            raise SearchTookTooLong from error
        self.remember_changes(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class TalkDetail(ApiDetailView):
    """A published talk, by its event's slug and its own."""

    serializer_class = serializers.TalkSerializer

    def get_queryset(self) -> QuerySet[Talk]:
        return with_versions(talks_with_people_and_topics())

    def get_object(self) -> Talk:
        return get_object_or_404(
            self.get_queryset(), event__slug=self.kwargs["event_slug"], slug=self.kwargs["slug"]
        )


def _public_contributions(model: type[Note] | type[Review]) -> QuerySet:
    return (
        model.objects.published()
        .filter(published_talks("talk__"))
        .select_related("talk__event", "author")
    )


def _notes() -> QuerySet[Note]:
    return _public_contributions(Note).order_by(F("published_at").desc(nulls_last=True), "-pk")


def _reviews() -> QuerySet[Review]:
    return _public_contributions(Review).order_by("-created_at", "-pk")


class NoteList(ApiListView):
    """Published notes on published talks, the latest published first."""

    serializer_class = serializers.NoteSerializer

    def get_queryset(self) -> QuerySet[Note]:
        return _notes()


class ReviewList(ApiListView):
    """Published reviews of published talks, the latest first."""

    serializer_class = serializers.ReviewSerializer

    def get_queryset(self) -> QuerySet[Review]:
        return _reviews()


class TalkNotFound(NotFound):
    default_detail = _("No talk is public at this address.")


class OneTalkList(ApiListView):
    """A list of one published talk's items, addressed under the talk's own address."""

    error_statuses = (400, 404, 429)

    @cached_property
    def talk(self) -> Talk:
        found = Talk.objects.published().filter(
            event__slug=self.kwargs["event_slug"], slug=self.kwargs["slug"]
        )
        talk = found.first()
        if talk is None:
            raise TalkNotFound
        return talk


class TalkNoteList(OneTalkList):
    """The talk's published notes, the latest published first."""

    serializer_class = serializers.NoteSerializer

    def get_queryset(self) -> QuerySet[Note]:
        return _notes().filter(talk=self.talk)


class TalkReviewList(OneTalkList):
    """The talk's published reviews, the latest first."""

    serializer_class = serializers.ReviewSerializer

    def get_queryset(self) -> QuerySet[Review]:
        return _reviews().filter(talk=self.talk)
