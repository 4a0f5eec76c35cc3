from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_countries.fields import Country
from django_filters.views import FilterView

from common.compiled_queries import NO_VALUE, CompiledQuery
from common.html import json_ld
from common.names import alphabetical_key
from events.models import Event, Series
from pages import structured_data
from pages.event_filters import EventFilter
from pages.programme import event_programme
from pages.reading import ShareableAddressMixin, page_summary
from talks.models import Talk
from talks.selectors import (
    language_counts,
    latest_notes,
    ranked_language_counts,
    topics_with_counts,
)

EVENTS_PER_PAGE = 30
HOME_NOTES_SHOWN = 6
HOME_EVENTS_SHOWN = 5
HOME_TOPICS_SHOWN = 12
# The home page's topic and language counts read every published talk; counts a few minutes
# old are fine on a front page, which every visitor may open.
HOME_COUNTS_CACHE_SECONDS = 300
# What the home page shows of a note and of an event: reading no more makes its queries
# cheaper to build and to run (a note's talk has an abstract, its event a description).
HOME_NOTE_FIELDS = (
    "language",
    "body",
    "published_at",
    "author__username",
    "talk__slug",
    "talk__title",
    "talk__text_language",
    "talk__event__slug",
    "talk__event__name",
)
HOME_EVENT_FIELDS = ("slug", "name", "start_date", "end_date", "city", "country")
EVENT_TOPICS_SHOWN = 40
# Words of a description in search results and link previews.


def with_talk_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate each event with `talk_count`, its number of published talks."""
    talks = (
        Talk.objects.published()
        .filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return events.annotate(talk_count=Coalesce(Subquery(talks, output_field=IntegerField()), 0))


def _home_events(ending: str, ordering: tuple[str, ...]) -> CompiledQuery[Event]:
    """HOME_EVENTS_SHOWN events by their end day (`ending`, a lookup of it) in `ordering`, with
    their talk counts; compiled once, as compiling cost more than running it."""
    events = with_talk_counts(Event.objects.published().only(*HOME_EVENT_FIELDS))
    return CompiledQuery(
        lambda day: events.filter(**{ending: day}).order_by(*ordering)[:HOME_EVENTS_SHOWN],
        placeholder=date.min,
    )


# The notes of the home page, the same query for every reader: compiled once, as building it
# cost more than running it.
_LATEST_NOTES = CompiledQuery(
    lambda _: latest_notes(HOME_NOTES_SHOWN).only(*HOME_NOTE_FIELDS), placeholder=NO_VALUE
)

# Those that end today or later, the soonest first; those that ended, the latest first.
_UPCOMING_EVENTS = _home_events("end_date__gte", ("start_date", "name"))
_RECENT_EVENTS = _home_events("end_date__lt", ("-start_date", "name"))


class HomeView(TemplateView):
    """The latest notes, recent and upcoming events, busy topics and the languages."""

    template_name = "events/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["notes"] = _LATEST_NOTES.models()
        context["upcoming_events"] = _UPCOMING_EVENTS.models(today)
        context["recent_events"] = _RECENT_EVENTS.models(today)
        context["topics"] = cache.get_or_set(
            "home:topics",
            lambda: list(topics_with_counts(Talk.objects.published(), HOME_TOPICS_SHOWN)),
            HOME_COUNTS_CACHE_SECONDS,
        )
        context["languages"] = cache.get_or_set(
            "home:languages",
            lambda: language_counts(Talk.objects.published()),
            HOME_COUNTS_CACHE_SECONDS,
        )
        return context


class EventListView(ShareableAddressMixin, FilterView):
    """Published events, newest first, by year, series and country."""

    filterset_class = EventFilter
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_PAGE
    strict = False

    def get_queryset(self) -> QuerySet[Event]:
        return with_talk_counts(Event.objects.published().select_related("series")).order_by(
            "-start_date", "name"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        published = Event.objects.published()
        context["years"] = [day.year for day in published.dates("start_date", "year", "DESC")]
        context["series_list"] = Series.objects.public()
        codes = published.exclude(country="").order_by().values_list("country", flat=True)
        context["countries"] = sorted(
            (Country(code) for code in codes.distinct()),
            key=lambda country: alphabetical_key(country.name),
        )
        return context


@dataclass(frozen=True, slots=True)
class EventTopic:
    """A topic in an event's sidebar, with its number of the event's talks."""

    name: str
    slug: str
    talk_count: int


def _event_topics(event_id: int) -> QuerySet:
    talks = Talk.objects.published().filter(event_id=event_id)
    return topics_with_counts(talks, EVENT_TOPICS_SHOWN).values_list("name", "slug", "talk_count")


# Compiled once, as the programme's query (pages/programme.py): every request of an event page
# runs it.
_EVENT_TOPICS = CompiledQuery(_event_topics)


def _events_visible_to(user) -> QuerySet[Event]:
    return Event.objects.visible_to(user).select_related("series")


# The event as every reader who is not signed in sees it, compiled once: building the lookup
# cost more than running it.
_READERS_EVENT = CompiledQuery(
    lambda slug: _events_visible_to(AnonymousUser()).filter(slug=slug),
    placeholder="slug-of-no-event",
)


class EventDetailView(DetailView):
    """An event's programme: its talks by day, time and room, with its topics and languages. Its
    proposer sees an event awaiting review too, marked so; others get a 404."""

    template_name = "events/event_detail.html"

    def get_queryset(self) -> QuerySet[Event]:
        return _events_visible_to(self.request.user)

    def get_object(self, queryset: QuerySet[Event] | None = None) -> Event:
        if queryset is not None or self.request.user.is_authenticated:
            return super().get_object(queryset)
        events = _READERS_EVENT.models(self.kwargs[self.slug_url_kwarg])
        if not events:
            raise Http404(
                _("No %(verbose_name)s found matching the query")
                % {"verbose_name": Event._meta.verbose_name}
            )
        return events[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["programme"] = programme = event_programme(self.object)
        talks = [talk for day in programme for talk in day.talks]
        context["topics"] = [EventTopic(*row) for row in _EVENT_TOPICS.rows(self.object.pk)]
        # Counted from the programme, which holds every talk's languages: no query of its own.
        context["languages"] = ranked_language_counts(
            Counter(code for talk in talks for code in talk.languages)
        )
        context["summary"] = page_summary(
            self.object.description,
            otherwise=_("Talks and attendees' notes from %(event)s.") % {"event": self.object.name},
        )
        context["structured_data"] = json_ld(
            structured_data.event_data(
                self.object,
                talks,
                context["summary"],
                structured_data.at_host(self.request),
            )
        )
        return context


class SeriesDetailView(DetailView):
    """A recurring conference and its published editions; a series without any is not found."""

    queryset = Series.objects.public()
    template_name = "events/series_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["events"] = with_talk_counts(self.object.events.published()).order_by("-start_date")
        return context
