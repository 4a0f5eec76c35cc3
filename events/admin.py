from django.contrib import admin
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common.curation.actions import moderation_action
from common.curation.filters import AutocompleteFilter
from common.curation.inlines import CurationTabularInline
from common.curation.options import CurationAdmin, subquery_count
from events.models import Event, Series
from events.services import event_approve, event_reject
from talks.admin.schedule_uploads import ImportScheduleLink
from talks.models import Talk


class SeriesFilter(AutocompleteFilter):
    title = _("series")
    parameter_name = "series"
    autocomplete_field = "events.Event.series"
    lookup = "series"


@admin.register(Series)
class SeriesAdmin(CurationAdmin):
    list_display = ("name", "slug", "website", "event_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        events = Event.objects.filter(series=OuterRef("pk"))
        return super().get_queryset(request).annotate(event_count=subquery_count(events))

    @admin.display(description=_("events"))
    def event_count(self, series):
        return series.event_count


class TalkInline(CurationTabularInline):
    model = Talk
    # Plain fields only: a related field would render every user or event in each row.
    fields = ("title", "slug", "format", "languages", "date", "start_time", "room", "status")
    prepopulated_fields = {"slug": ("title",)}
    extra = 0
    show_change_link = True
    # Deleting an event's talk deletes its notes: that is a superuser's decision.
    can_delete = False


@admin.register(Event)
class EventAdmin(ImportScheduleLink, CurationAdmin):
    list_display = (
        "name",
        "series",
        "start_date",
        "end_date",
        "city",
        "country",
        "status",
        "talk_count",
    )
    list_filter = ("status", SeriesFilter, "country")
    list_select_related = ("series",)
    search_fields = ("name", "slug", "city", "venue", "series__name")
    autocomplete_fields = ("series",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("proposed_by", "created_at", "updated_at")
    date_hierarchy = "start_date"
    inlines = (TalkInline,)
    actions = ("approve", "reject")

    def get_queryset(self, request):
        talks = Talk.objects.filter(event=OuterRef("pk"))
        return super().get_queryset(request).annotate(talk_count=subquery_count(talks))

    # How the autocomplete boxes picking an event (a talk's, a list filter's) show it.
    autocomplete_label = staticmethod(Event.editors_label)

    @admin.display(description=_("talks"))
    def talk_count(self, event):
        return event.talk_count

    approve = moderation_action(
        event_approve,
        objects="events",
        description=_("Approve selected events"),
        done=ngettext_lazy("%(count)d event approved.", "%(count)d events approved.", "count"),
    )

    reject = moderation_action(
        event_reject,
        objects="events",
        description=_("Reject selected events…"),
        done=ngettext_lazy("%(count)d event rejected.", "%(count)d events rejected.", "count"),
        ask_reason=_("Reject events"),
    )
