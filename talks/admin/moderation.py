"""The moderation queues: notes, readers' reports, reviews, and notes' revisions."""

import html
from urllib.parse import urlsplit

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Left, Lower
from django.http import Http404, HttpRequest, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.http import require_POST

from common.curation.actions import moderation_action
from common.curation.options import CurationAdmin, subquery_count
from people.models import User
from talks.admin.filters import NoteLanguageFilter, OpenReportsFilter, RatingFilter, TalkFilter
from talks.markdown import sanitize
from talks.models import PENDING_FIRST, Note, NoteReport, NoteRevision, NoteStatus, Review, Talk
from talks.services.moderation import (
    note_approve,
    note_hide,
    note_reject,
    report_hide_notes,
    report_resolve,
    review_hide,
    review_publish,
)

# How much of a note's sanitized HTML the lists show, in characters.
PREVIEW_LENGTH = 600
# How much of a note's text the queue of notes shows, in characters: the note is on its page.
QUEUE_PREVIEW_CHARACTERS = 100
# Up to this many talks matching a searched word, the note list is filtered on their keys.
MAX_LISTED_TALKS = 2000


def note_preview(html_prefix: str) -> SafeString:
    """The first PREVIEW_LENGTH characters of a note's sanitized HTML, still sanitized and
    well-formed.

    The prefix may end inside a tag: cleaning it again with the allow-list that produced it
    drops the broken tag and closes the open ones.
    """
    preview = sanitize(html_prefix)
    ellipsis = "…" if len(html_prefix) >= PREVIEW_LENGTH else ""
    return format_html("{}{}", mark_safe(preview), ellipsis)


class ContributionAdmin(CurationAdmin):
    """Notes, their revisions, reports and reviews: attendees and readers write them, editors
    moderate them. Nobody adds one here, superusers included: every field is read-only, and
    the form would save an empty record."""

    def has_add_permission(self, request):
        return False


NOTES_APPROVED = ngettext_lazy("%(count)d note approved.", "%(count)d notes approved.", "count")
NOTES_REJECTED = ngettext_lazy("%(count)d note rejected.", "%(count)d notes rejected.", "count")


@admin.register(Note)
class NoteAdmin(ContributionAdmin):
    # What an editor decides on, narrow enough for a laptop's screen beside the filters.
    list_display = ("preview", "author_and_approved_notes", "talk", "language", "age", "decision")
    list_display_links = ("preview",)
    list_filter = ("status", NoteLanguageFilter, OpenReportsFilter, TalkFilter)
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

    # The columns' widths.
    class Media:
        css = {"all": ("css/note_queue.css",)}

    def get_list_display(self, request):
        # Who may only view the notes sees no buttons that would refuse them.
        if self.has_change_permission(request):
            return self.list_display
        return tuple(column for column in self.list_display if column != "decision")

    def get_search_results(self, request, queryset, search_term):
        """Every word in the talk's title or equal to the author's username.

        The matching talks and authors are looked up first, each through its own index (title
        trigrams, lowercased usernames), in one query. When they are few, the list is filtered
        on their keys, which lets PostgreSQL combine the notes' indexes on talk and on author;
        a subquery there would read every note. When a word matches many talks, their notes
        are common enough that walking the queue's order and testing each note is quicker.
        """
        for word in search_term.split():
            talks = Talk.objects.filter(title__icontains=word).order_by()
            authors = User.objects.alias(lowered=Lower("username")).filter(lowered=word.lower())
            matches = (
                talks.annotate(side=Value("talk"))
                .values_list("side", "pk")[: MAX_LISTED_TALKS + 1]
                .union(
                    authors.annotate(side=Value("author")).order_by().values_list("side", "pk"),
                    all=True,
                )
            )
            keys = {"talk": [], "author": []}
            for side, pk in matches:
                keys[side].append(pk)
            if len(keys["talk"]) > MAX_LISTED_TALKS:
                keys["talk"] = talks.values("pk")
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
                preview_html=Left("body_html", PREVIEW_LENGTH),
                open_report_count=subquery_count(
                    NoteReport.objects.filter(note=OuterRef("pk"), resolved=False)
                ),
                # Through the index on notes' authors, for the page's rows only.
                approved_note_count=subquery_count(
                    Note.objects.filter(author=OuterRef("author_id"), status=NoteStatus.PUBLISHED)
                ),
            )
        )

    @admin.display(description=_("note"))
    def preview(self, note):
        """The note's first words, as text; the link opens the whole note."""
        text = html.unescape(strip_tags(sanitize(note.preview_html)))
        details = [note.get_status_display()]
        if note.open_report_count:
            details.append(
                ngettext("%(count)d open report", "%(count)d open reports", note.open_report_count)
                % {"count": note.open_report_count}
            )
        return format_html(
            '{}<br><small class="note-details">{}</small>',
            Truncator(text).chars(QUEUE_PREVIEW_CHARACTERS),
            " · ".join(details),
        )

    @admin.display(description=_("author"))
    def author_and_approved_notes(self, note):
        approved = ngettext(
            "%(count)d approved note", "%(count)d approved notes", note.approved_note_count
        ) % {"count": note.approved_note_count}
        return format_html("{}<br><small>{}</small>", note.author, approved)

    @admin.display(description=_("age"))
    def age(self, note):
        # "3 days" may break over two lines: the column stays narrow.
        return timesince(note.created_at, depth=1).replace("\N{NO-BREAK SPACE}", " ")

    @admin.display(description=_("decision"))
    def decision(self, note):
        """Buttons that approve or reject the note at once (the actions ask for a reason)."""
        decide = reverse("admin:talks_note_decide", args=[note.pk])
        buttons = [
            (decide, value, label)
            for value, label, status in (
                ("approve", _("Approve"), NoteStatus.PUBLISHED),
                ("reject", _("Reject"), NoteStatus.REJECTED),
            )
            if note.status != status
        ]
        # Buttons of the list's own form, which carries the CSRF token: forms nest in no table.
        return format_html_join(
            " ",
            '<button type="submit" class="button" formaction="{}" name="decision" value="{}">'
            "{}</button>",
            buttons,
        )

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide)
        return [
            path("<int:note_id>/decide/", decide, name="talks_note_decide"),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def decide(self, request: HttpRequest, note_id: int) -> HttpResponseRedirect:
        """Approve or reject one note from its row, then back to the list as it was."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        services = {
            "approve": (note_approve, NOTES_APPROVED),
            "reject": (note_reject, NOTES_REJECTED),
        }
        if request.POST.get("decision") not in services:
            return HttpResponseBadRequest(_("Choose to approve or to reject the note."))
        service, done = services[request.POST["decision"]]
        notes = Note.objects.exclude(status=NoteStatus.DRAFT).filter(pk=note_id)
        if not notes.exists():
            raise Http404
        self.message_user(request, done % {"count": service(notes=notes, editor=request.user)})
        return HttpResponseRedirect(self._list_it_came_from(request))

    def _list_it_came_from(self, request: HttpRequest) -> str:
        changelist = reverse("admin:talks_note_changelist")
        referer = request.headers.get("referer", "")
        came_from_list = (
            url_has_allowed_host_and_scheme(
                referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            and urlsplit(referer).path == changelist
        )
        return referer if came_from_list else changelist

    @admin.display(description=_("as readers see it"))
    def rendered(self, note):
        return format_html('<div class="note-rendered">{}</div>', mark_safe(note.body_html))

    approve = moderation_action(
        note_approve,
        objects="notes",
        description=_("Approve selected notes"),
        done=NOTES_APPROVED,
    )

    hide = moderation_action(
        note_hide,
        objects="notes",
        description=_("Hide selected notes…"),
        done=ngettext_lazy("%(count)d note hidden.", "%(count)d notes hidden.", "count"),
        ask_reason=_("Hide notes"),
    )

    reject = moderation_action(
        note_reject,
        objects="notes",
        description=_("Reject selected notes…"),
        done=NOTES_REJECTED,
        ask_reason=_("Reject notes"),
    )


@admin.register(NoteRevision)
class NoteRevisionAdmin(ContributionAdmin):
    list_display = ("note", "edited_by", "created_at")
    list_select_related = ("note__talk", "note__author", "edited_by")
    search_fields = ("note__talk__title",)
    ordering = ("-pk",)
    readonly_fields = ("note", "language", "body", "edited_by", "created_at")


@admin.register(NoteReport)
class NoteReportAdmin(ContributionAdmin):
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

    resolve = moderation_action(
        report_resolve,
        objects="reports",
        description=_("Resolve: leave the notes as they are"),
        done=ngettext_lazy("%(count)d report resolved.", "%(count)d reports resolved.", "count"),
    )

    hide_notes = moderation_action(
        report_hide_notes,
        objects="reports",
        description=_("Hide the reported notes…"),
        done=ngettext_lazy(
            "%(count)d note hidden; its reports are resolved.",
            "%(count)d notes hidden; their reports are resolved.",
            "count",
        ),
        ask_reason=_("Hide the reported notes"),
    )


@admin.register(Review)
class ReviewAdmin(ContributionAdmin):
    list_display = ("talk", "author", "rating", "status", "created_at")
    list_filter = ("status", RatingFilter)
    search_fields = ("talk__title", "=author__username")
    ordering = ("-pk",)
    sortable_by = ()
    readonly_fields = ("talk", "author", "rating", "body", "status", "created_at", "updated_at")
    actions = ("hide", "publish")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("talk", "author")

    hide = moderation_action(
        review_hide,
        objects="reviews",
        description=_("Hide selected reviews"),
        done=ngettext_lazy("%(count)d review hidden.", "%(count)d reviews hidden.", "count"),
    )

    publish = moderation_action(
        review_publish,
        objects="reviews",
        description=_("Publish selected reviews again"),
        done=ngettext_lazy("%(count)d review published.", "%(count)d reviews published.", "count"),
    )
