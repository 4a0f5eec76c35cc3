from django.contrib import admin

from events.models import Event, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "website")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "series", "start_date", "end_date", "city", "country", "status")
    list_filter = ("status", "series", "country")
    search_fields = ("name", "slug", "city", "venue", "series__name")
    autocomplete_fields = ("series", "proposed_by")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "start_date"
    list_select_related = ("series",)
