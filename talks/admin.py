import nh3
from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Left, Length, Lower
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from confnotes.curation.actions import PlanSection, ask_reason_then
from confnotes.curation.filters import AutocompleteFilter
from confnotes.curation.options import CurationAdmin, MergeableAdmin, subquery_count
from events.models import Event
from people.models import User
from talks.languages import LANGUAGE_CHOICES
from talks.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, LINK_REL
from talks.models import (
    PENDING_FIRST,
    Note,
    NoteReport,
    NoteRevision,
    NoteStatus,
    Review,
    TaggedTalk,
    Talk,
    TalkSpeaker,
    Topic,
    TopicAlias,
)
from talks.services.moderation import (
    note_approve,
    note_hide,
    note_reject,
    report_hide_notes,
    report_resolve,
    review_hide,
    review_publish,
    talk_approve,
    talk_reject,
)
from talks.services.topics import (
    TopicMergePlan,
    topic_merge,
    topic_merge_plan,
    topic_names_canonical,
)

# How much of a note's sanitized HTML the lists show, in characters.
PREVIEW_LENGTH = 600


def note_preview(html_prefix: str) -> SafeString:
    """The first PREVIEW_LENGTH characters of a note's sanitized HTML, still sanitized and
    well-formed.

    The prefix may end inside a tag: cleaning it again with the allow-list that produced it
    drops the broken tag and closes the open ones.
    """
    preview = nh3.clean(
        html_prefix,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )
    ellipsis = "…" if len(html_prefix) >= PREVIEW_LENGTH else ""
    return format_html("{}{}", mark_safe(preview), ellipsis)


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
        return LANGUAGE_CHOICES

    def queryset(self, request, queryset):
        # Uses the GIN index on the languages array.
        return queryset.filter(languages__contains=[self.value()]) if self.value() else queryset


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
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(event__start_date__year=int(self.value()))


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


# Topics are talks.Topic; django-taggit's own tag model stays empty.
admin.site.unregister(Tag)


class TopicAliasInline(admin.TabularInline):
    model = TopicAlias
    extra = 0
    # An alias keeps an old link working: editors re-point it rather than delete it.
    can_delete = False


@admin.register(Topic)
class TopicAdmin(MergeableAdmin):
    list_display = ("name", "slug", "talk_count", "alias_names")
    search_fields = ("name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TopicAliasInline,)
    talk_links = (TaggedTalk, "tag")
    alias_links = (TopicAlias, "topic")
    merge_plan = staticmethod(topic_merge_plan)
    merge_service = staticmethod(topic_merge)

    def describe_plan(self, plan: TopicMergePlan) -> list[PlanSection]:
        retagged = _("%(retagged)d talks get “%(keep)s” instead, %(already)d already have it.") % {
            "retagged": plan.talks_retagged,
            "already": plan.talks_already_tagged,
            "keep": plan.keep,
        }
        return [
            PlanSection(
                _("Talks retagged"),
                [retagged, *(f"{talk.title} ({talk.event})" for talk in plan.talks_sample)],
            ),
            PlanSection(
                _("Old links that will redirect"),
                [
                    f"{reverse('talks:topic-detail', kwargs={'slug': alias.slug})} → "
                    f"{plan.keep.get_absolute_url()}"
                    for alias in plan.aliases_created
                ],
            ),
            PlanSection(
                _("Aliases that move over"),
                [f"{alias.name} ({alias.slug})" for alias in plan.aliases_moved],
            ),
            PlanSection(
                _("Description filled in"),
                [plan.description_filled] if plan.description_filled else [],
            ),
        ]


@admin.register(TopicAlias)
class TopicAliasAdmin(CurationAdmin):
    list_display = ("name", "slug", "topic")
    search_fields = ("name", "slug", "topic__name")
    autocomplete_fields = ("topic",)
    list_select_related = ("topic",)


class TalkSpeakerInline(admin.TabularInline):
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
class TalkAdmin(CurationAdmin):
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
    readonly_fields = ("proposed_by", "created_at", "updated_at")
    inlines = (TalkSpeakerInline,)
    actions = ("approve", "reject")

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

    @admin.action(description=_("Approve selected talks"), permissions=("change",))
    def approve(self, request, queryset):
        count = talk_approve(talks=queryset, editor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d talk approved.", "%(count)d talks approved.", count)
            % {"count": count},
        )

    @admin.action(description=_("Reject selected talks…"), permissions=("change",))
    def reject(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset,
            title=_("Reject talks"),
            apply=lambda reason: talk_reject(talks=queryset, editor=request.user, reason=reason),
            done=lambda count: (
                ngettext("%(count)d talk rejected.", "%(count)d talks rejected.", count)
                % {"count": count}
            ),
        )


@admin.register(Note)
class NoteAdmin(CurationAdmin):
    list_display = (
        "talk",
        "status",
        "author",
        "language",
        "length",
        "open_reports",
        "preview",
        "created_at",
    )
    list_filter = ("status", "language", OpenReportsFilter, TalkFilter)
    search_fields = ("talk__title", "=author__username")
    search_help_text = _("Words from the talk's title, or the author's exact username.")
    ordering = (PENDING_FIRST.asc(), "-created_at")
    # Any other order would sort a million rows.
    sortable_by = ()
    fields = (
        "talk",
        "author",
        "language",
        "status",
        "moderation_reason",
        "rendered",
        "body",
        "published_at",
        "created_at",
        "updated_at",
    )
    # Editors decide through the list's actions, which keep the dates and the log consistent;
    # the words are the author's own.
    readonly_fields = fields
    list_deferred_fields = ("body", "body_html")
    actions = ("approve", "hide", "reject")

    def get_search_results(self, request, queryset, search_term):
        """Every word in the talk's title or equal to the author's username.

        The matching talks and authors are looked up first, each through its own index (title
        trigrams, lowercased usernames), in one query; the list is then filtered on those
        keys, which lets PostgreSQL combine the notes' indexes on talk and on author. Filtering
        on subqueries instead reads every note when few match, or when many do.
        """
        for word in search_term.split():
            talks = Talk.objects.filter(title__icontains=word).annotate(side=Value("talk"))
            authors = (
                User.objects.alias(lowered=Lower("username"))
                .filter(lowered=word.lower())
                .annotate(side=Value("author"))
            )
            matches = (
                talks.order_by()
                .values_list("side", "pk")
                .union(authors.order_by().values_list("side", "pk"), all=True)
            )
            keys = {"talk": [], "author": []}
            for side, pk in matches:
                keys[side].append(pk)
            queryset = queryset.filter(Q(talk__in=keys["talk"]) | Q(author__in=keys["author"]))
        return queryset, False

    def get_queryset(self, request):
        # A draft is its author's own until submitted: editors only see what was sent to them.
        return (
            super()
            .get_queryset(request)
            .exclude(status=NoteStatus.DRAFT)
            .select_related("talk", "author")
            .annotate(
                body_length=Length("body"),
                preview_html=Left("body_html", PREVIEW_LENGTH),
                open_report_count=subquery_count(
                    NoteReport.objects.filter(note=OuterRef("pk"), resolved=False)
                ),
            )
        )

    @admin.display(description=_("length"))
    def length(self, note):
        return note.body_length

    @admin.display(description=_("open reports"))
    def open_reports(self, note):
        return note.open_report_count

    @admin.display(description=_("preview"))
    def preview(self, note):
        return format_html('<div class="note-preview">{}</div>', note_preview(note.preview_html))

    @admin.display(description=_("as readers see it"))
    def rendered(self, note):
        return format_html('<div class="note-rendered">{}</div>', mark_safe(note.body_html))

    @admin.action(description=_("Approve selected notes"), permissions=("change",))
    def approve(self, request, queryset):
        count = note_approve(notes=queryset, editor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d note approved.", "%(count)d notes approved.", count)
            % {"count": count},
        )

    @admin.action(description=_("Hide selected notes…"), permissions=("change",))
    def hide(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset,
            title=_("Hide notes"),
            apply=lambda reason: note_hide(notes=queryset, editor=request.user, reason=reason),
            done=lambda count: (
                ngettext("%(count)d note hidden.", "%(count)d notes hidden.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Reject selected notes…"), permissions=("change",))
    def reject(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset,
            title=_("Reject notes"),
            apply=lambda reason: note_reject(notes=queryset, editor=request.user, reason=reason),
            done=lambda count: (
                ngettext("%(count)d note rejected.", "%(count)d notes rejected.", count)
                % {"count": count}
            ),
        )


@admin.register(NoteRevision)
class NoteRevisionAdmin(CurationAdmin):
    list_display = ("note", "edited_by", "created_at")
    list_select_related = ("note__talk", "note__author", "edited_by")
    search_fields = ("note__talk__title",)
    ordering = ("-pk",)
    readonly_fields = ("note", "language", "body", "edited_by", "created_at")


@admin.register(NoteReport)
class NoteReportAdmin(CurationAdmin):
    list_display = (
        "reported_note",
        "note_status",
        "reason",
        "comment",
        "reporter",
        "created_at",
        "resolved",
    )
    list_filter = ("resolved", "reason")
    search_fields = ("note__talk__title", "comment")
    readonly_fields = ("note", "reporter", "reason", "comment", "resolved", "created_at")
    # Open reports first (the model's order), which the index notereport_queue_idx serves.
    sortable_by = ()
    actions = ("resolve", "hide_notes")

    list_deferred_fields = ("note__body", "note__body_html")

    def get_queryset(self, request):
        # A subquery rather than a join, which would also join the notes into every count.
        preview = Note.objects.filter(pk=OuterRef("note_id")).values(
            html=Left("body_html", PREVIEW_LENGTH)
        )
        return (
            super()
            .get_queryset(request)
            .select_related("note__talk", "note__author", "reporter")
            .annotate(note_preview_html=Subquery(preview))
        )

    @admin.display(description=_("note"))
    def reported_note(self, report):
        return format_html(
            '{}<div class="note-preview">{}</div>',
            report.note,
            note_preview(report.note_preview_html),
        )

    @admin.display(description=_("note status"))
    def note_status(self, report):
        return report.note.get_status_display()

    @admin.action(description=_("Resolve: leave the notes as they are"), permissions=("change",))
    def resolve(self, request, queryset):
        count = report_resolve(reports=queryset, editor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d report resolved.", "%(count)d reports resolved.", count)
            % {"count": count},
        )

    @admin.action(description=_("Hide the reported notes…"), permissions=("change",))
    def hide_notes(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset,
            title=_("Hide the reported notes"),
            apply=lambda reason: report_hide_notes(
                reports=queryset, editor=request.user, reason=reason
            ),
            done=lambda count: (
                ngettext(
                    "%(count)d note hidden; its reports are resolved.",
                    "%(count)d notes hidden; their reports are resolved.",
                    count,
                )
                % {"count": count}
            ),
        )


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


@admin.register(Review)
class ReviewAdmin(CurationAdmin):
    list_display = ("talk", "author", "rating", "status", "created_at")
    list_filter = ("status", RatingFilter)
    search_fields = ("talk__title", "=author__username")
    ordering = ("-pk",)
    sortable_by = ()
    readonly_fields = ("talk", "author", "rating", "body", "status", "created_at", "updated_at")
    actions = ("hide", "publish")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("talk", "author")

    @admin.action(description=_("Hide selected reviews"), permissions=("change",))
    def hide(self, request, queryset):
        count = review_hide(reviews=queryset, editor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d review hidden.", "%(count)d reviews hidden.", count)
            % {"count": count},
        )

    @admin.action(description=_("Publish selected reviews again"), permissions=("change",))
    def publish(self, request, queryset):
        count = review_publish(reviews=queryset, editor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d review published.", "%(count)d reviews published.", count)
            % {"count": count},
        )
