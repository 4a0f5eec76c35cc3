"""The filters of the talk, note and review lists."""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from common.curation.filters import AutocompleteFilter
from common.parameters import ascii_integer
from events.models import Event
from talks.languages import language_choices
from talks.models import NoteReport


class EventFilter(AutocompleteFilter):
    title = _("event")
    parameter_name = "event"
    autocomplete_field = "talks.Talk.event"
    lookup = "event"


class SeriesFilter(AutocompleteFilter):
    title = _("series")
    parameter_name = "series"
    autocomplete_field = "events.Event.series"
    lookup = "event__series"


class TopicFilter(AutocompleteFilter):
    title = _("topic")
    parameter_name = "topic"
    autocomplete_field = "talks.Talk.topics"
    lookup = "topics"


class TalkFilter(AutocompleteFilter):
    title = _("talk")
    parameter_name = "talk"
    autocomplete_field = "talks.Note.talk"
    lookup = "talk"


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return language_choices()

    def queryset(self, request, queryset):
        # Uses the GIN index on the languages array.
        return queryset.filter(languages__contains=[self.value()]) if self.value() else queryset


class NoteLanguageFilter(LanguageFilter):
    """A note's language, the languages named in the reader's alphabetical order."""

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


YEARS_CACHE_SECONDS = 10 * 60


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # Cached: the list would otherwise spend one of its queries on every page for a list
        # that changes once a year. A new year shows within YEARS_CACHE_SECONDS.
        years = cache.get_or_set(
            "curation:event-years",
            lambda: [date.year for date in Event.objects.dates("start_date", "year", "DESC")],
            YEARS_CACHE_SECONDS,
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        year = ascii_integer(self.value(), minimum=datetime.MINYEAR, maximum=datetime.MAXYEAR)
        if year is None:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(event__start_date__year=year)


class OpenReportsFilter(admin.SimpleListFilter):
    title = _("open reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return (("yes", _("Reported")), ("no", _("Not reported")))

    def queryset(self, request, queryset):
        open_reports = Exists(NoteReport.objects.filter(note=OuterRef("pk"), resolved=False))
        if self.value() == "yes":
            return queryset.filter(open_reports)
        if self.value() == "no":
            return queryset.filter(~open_reports)
        return queryset


class RatingFilter(admin.SimpleListFilter):
    """The five ratings, without asking the database which ratings exist."""

    title = _("rating")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(str(rating), f"{rating}/5") for rating in range(1, 6)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in {"1", "2", "3", "4", "5"}:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(rating=int(self.value()))


class ProposalStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (
            ("open", _("Open: something awaits a decision")),
            ("decided", _("Decided")),
        )

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "decided":
            return queryset.decided()
        return queryset
