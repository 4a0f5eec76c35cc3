"""Talks: their list, filters and search, their speakers in order, approving proposed ones,
and their versions (versions.py)."""

from django import forms
from django.contrib import admin
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common.curation.actions import moderation_action
from common.curation.guards import CheckedAutocompleteMixin
from common.curation.inlines import CurationTabularInline
from common.curation.options import CurationAdmin, subquery_count
from talks.admin.filters import EventFilter, LanguageFilter, SeriesFilter, TopicFilter, YearFilter
from talks.admin.schedule_uploads import ImportScheduleLink
from talks.admin.versions import HasVersionsFilter, TalkVersionsMixin
from talks.models import Note, NoteStatus, Review, Talk, TalkSpeaker
from talks.services.moderation import talk_approve, talk_reject
from talks.services.slides import talk_slides_resolve_on_commit
from talks.services.topics import topic_names_canonical


class TalkSpeakerInline(CheckedAutocompleteMixin, CurationTabularInline):
    model = TalkSpeaker
    fields = ("speaker", "order")
    extra = 1
    autocomplete_fields = ("speaker",)
    verbose_name = _("speaker")
    verbose_name_plural = _("speakers, in the order they are listed")


class TalkAdminForm(forms.ModelForm):
    """The admin builds the fields; this maps merged-away topic names to their topic."""

    def clean_topics(self):
        return topic_names_canonical(self.cleaned_data["topics"])


@admin.register(Talk)
class TalkAdmin(TalkVersionsMixin, ImportScheduleLink, CurationAdmin):
    form = TalkAdminForm
    list_display = (
        "title",
        "event",
        "speaker_names",
        "format",
        "language_codes",
        "date",
        "status",
        "note_count",
        "review_count",
    )
    list_filter = (
        "status",
        "format",
        LanguageFilter,
        YearFilter,
        EventFilter,
        SeriesFilter,
        TopicFilter,
        HasVersionsFilter,
    )
    list_select_related = ("event",)
    search_fields = ("title", "speakers__name")
    search_help_text = _("Words from the title or a speaker's name.")
    # Newest first: the primary key's index serves it, where a date would need a sort.
    ordering = ("-pk",)
    sortable_by = ("title", "date", "status")
    date_hierarchy = "date"
    autocomplete_fields = ("event",)
    prepopulated_fields = {"slug": ("title",)}
    # The source's identifier and page are what import_schedule finds a talk by again; the
    # proposal that brought the talk in is decided on in its own page.
    readonly_fields = (
        "proposed_by",
        "proposal",
        "source_guid",
        "source_url",
        "slides_player",
        "created_at",
        "updated_at",
    )
    # Versions are linked in the panel under the form (versions.py), through their services.
    exclude = ("work",)
    inlines = (TalkSpeakerInline,)
    actions = ("approve", "reject", "link_versions")

    def get_queryset(self, request):
        speakers = TalkSpeaker.objects.filter(talk=OuterRef("pk")).order_by("order")
        return (
            super()
            .get_queryset(request)
            .annotate(
                speaker_names=ArraySubquery(speakers.values("speaker__name")),
                note_count=subquery_count(
                    Note.objects.filter(talk=OuterRef("pk")).exclude(status=NoteStatus.DRAFT)
                ),
                review_count=subquery_count(Review.objects.filter(talk=OuterRef("pk"))),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        """Every word in the title or in a speaker's name.

        Each side is found through its own index (trigrams of titles, speakers' entries) and
        the union filters the list, instead of joining speakers into it or testing every
        talk against both.
        """
        for word in search_term.split():
            by_title = Talk.objects.filter(title__icontains=word).order_by().values("pk")
            by_speaker = TalkSpeaker.objects.filter(speaker__name__icontains=word).order_by()
            queryset = queryset.filter(pk__in=by_title.union(by_speaker.values("talk_id")))
        return queryset, False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        talk_slides_resolve_on_commit(talk=obj)

    @admin.display(description=_("speakers"))
    def speaker_names(self, talk):
        return ", ".join(talk.speaker_names)

    @admin.display(description=_("languages"))
    def language_codes(self, talk):
        return " ".join(talk.languages)

    @admin.display(description=_("notes"))
    def note_count(self, talk):
        return talk.note_count

    @admin.display(description=_("reviews"))
    def review_count(self, talk):
        return talk.review_count

    approve = moderation_action(
        talk_approve,
        objects="talks",
        description=_("Approve selected talks"),
        done=ngettext_lazy("%(count)d talk approved.", "%(count)d talks approved.", "count"),
    )

    reject = moderation_action(
        talk_reject,
        objects="talks",
        description=_("Reject selected talks…"),
        done=ngettext_lazy("%(count)d talk rejected.", "%(count)d talks rejected.", "count"),
        ask_reason=_("Reject talks"),
    )
