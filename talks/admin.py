from django.contrib import admin

from talks.models import (
    Note,
    NoteReport,
    NoteRevision,
    Review,
    Talk,
    TalkSpeaker,
    Topic,
    TopicAlias,
)


class TopicAliasInline(admin.TabularInline):
    model = TopicAlias
    extra = 0


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TopicAliasInline,)


@admin.register(TopicAlias)
class TopicAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "topic")
    search_fields = ("name", "slug", "topic__name")
    autocomplete_fields = ("topic",)
    list_select_related = ("topic",)


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    extra = 1
    autocomplete_fields = ("speaker",)


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "format", "languages", "date", "status")
    list_filter = ("status", "format", "event__series")
    search_fields = ("title", "slug", "event__name", "speakers__name")
    autocomplete_fields = ("event", "proposed_by")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("event",)
    inlines = (TalkSpeakerInline,)


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("talk", "author", "language", "status", "created_at")
    list_filter = ("status", "language")
    search_fields = ("talk__title", "author__username", "body")
    autocomplete_fields = ("talk", "author")
    list_select_related = ("talk", "author")
    date_hierarchy = "created_at"


@admin.register(NoteRevision)
class NoteRevisionAdmin(admin.ModelAdmin):
    list_display = ("note", "edited_by", "created_at")
    autocomplete_fields = ("note", "edited_by")
    list_select_related = ("note__talk", "note__author", "edited_by")
    search_fields = ("note__talk__title", "body")


@admin.register(NoteReport)
class NoteReportAdmin(admin.ModelAdmin):
    list_display = ("note", "reason", "reporter", "resolved", "created_at")
    list_filter = ("resolved", "reason")
    autocomplete_fields = ("note", "reporter")
    list_select_related = ("note__talk", "note__author", "reporter")
    search_fields = ("note__talk__title", "comment")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("talk", "author", "rating", "status", "created_at")
    list_filter = ("status", "rating")
    search_fields = ("talk__title", "author__username", "body")
    autocomplete_fields = ("talk", "author")
    list_select_related = ("talk", "author")
