"""Importing a schedule in the admin: upload it or give its address, see what importing it
changes, decide about likely duplicate speakers and about each track's topic, then import.

The list of uploads is the record of imports. The add page is the upload form; an upload's
page is its preview, and once imported, its report (docs/importing.md, "In the admin").
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.curation.guards import KeysOnlyAutocompleteSelect
from common.curation.options import CurationAdmin
from common.fetching import FetchError
from common.names import normalize_name
from common.ratelimit import rate_limit_hit
from events.models import Event
from people.selectors import Resemblance, speakers_resembling
from talks.models import ScheduleUpload, Topic
from talks.schedule.importer import EventRequired, ImportChoices
from talks.schedule.reader import ScheduleError
from talks.schedule.sources import ScheduleSourceForm
from talks.services.schedule_uploads import (
    UploadAlreadyImported,
    schedule_upload_create,
    schedule_upload_import,
    schedule_upload_preview,
)

RATE_LIMIT_SCOPE = "schedule-import"
# The values of the choices that are not a speaker's or a topic's id.
NEW = "new"
LEAVE_OUT = "leave-out"


KIND_LABELS = {
    "events": gettext_lazy("Events"),
    "talks": gettext_lazy("Talks"),
    "speakers": gettext_lazy("Speakers"),
    "topics": gettext_lazy("Topics"),
}


def may_import_schedules(user) -> bool:
    """Importing adds events and talks: it is for who may add both."""
    return user.has_perms(["talks.add_talk", "events.add_event"])


class ImportScheduleLink:
    """For the model admins whose list offers "Import a schedule" to who may."""

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import_schedules": may_import_schedules(request.user),
        }
        return super().changelist_view(request, extra_context)


class UploadForm(ScheduleSourceForm):
    """The schedule, and the event to import it into."""

    def __init__(self, *args, admin_site: admin.AdminSite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].widget.attrs["class"] = "vURLField"
        # The admin's search-as-you-type box, which needs the admin site to ask.
        self.fields["event"] = forms.ModelChoiceField(
            Event.objects.all(),
            label=_("Into the event"),
            required=False,
            help_text=_(
                "Leave it empty for the event the schedule describes: the one with its acronym "
                "as slug or its title as name, or a new one."
            ),
            widget=KeysOnlyAutocompleteSelect(ScheduleUpload._meta.get_field("event"), admin_site),
        )


class ChoicesForm(forms.Form):
    """The editor's answers to a preview: for each new name like an existing speaker's, that
    speaker or nobody; for each track, an existing topic, a new one of its name, or none."""

    def __init__(
        self,
        *args,
        preview: dict,
        resemblances: dict[str, list[Resemblance]],
        topics: list[Topic],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.new_speakers = preview["new_speakers"]
        self.tracks = preview["tracks"]
        for index, name in enumerate(self.new_speakers):
            if alike := resemblances.get(name):
                self.fields[f"speaker-{index}"] = forms.ChoiceField(
                    label=name,
                    widget=forms.RadioSelect,
                    initial=NEW,
                    choices=[
                        *((str(r.speaker_id), _describe(r)) for r in alike),
                        (NEW, _("No: a different person, added as a new speaker")),
                    ],
                )
        existing = [(str(topic.pk), topic.name) for topic in topics]
        for index, (track, _talks, topic) in enumerate(self.tracks):
            own = [] if topic else [(NEW, _("A new topic named “%(track)s”") % {"track": track})]
            self.fields[f"track-{index}"] = forms.ChoiceField(
                label=track,
                initial=str(topic) if topic else LEAVE_OUT,
                choices=[
                    (LEAVE_OUT, _("No topic")),
                    *own,
                    (_("Existing topics"), existing),
                ],
            )

    def speaker_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("speaker-")]

    def track_rows(self) -> list[tuple[str, int, forms.BoundField]]:
        return [
            (track, talks, self[f"track-{index}"])
            for index, (track, talks, _topic) in enumerate(self.tracks)
        ]

    def choices(self) -> ImportChoices:
        speakers = {}
        for index, name in enumerate(self.new_speakers):
            chosen = self.cleaned_data.get(f"speaker-{index}", NEW)
            if chosen != NEW:
                speakers[normalize_name(name)] = int(chosen)
        topics, new_topics, left_out = {}, set(), set()
        for index, (track, _talks, _topic) in enumerate(self.tracks):
            chosen = self.cleaned_data[f"track-{index}"]
            if chosen == NEW:
                new_topics.add(track)
            elif chosen == LEAVE_OUT:
                left_out.add(track)
            else:
                topics[track] = int(chosen)
        return ImportChoices(
            speakers=speakers,
            topics=topics,
            new_topics=frozenset(new_topics),
            left_out=frozenset(left_out),
        )


def count_rows(report: dict) -> list[tuple]:
    """Each kind's name, and how many the import creates, updates and leaves unchanged."""
    return [(KIND_LABELS[kind], *counts) for kind, counts in report["counts"].items()]


def _describe(resemblance: Resemblance) -> str:
    talks = ngettext("%(count)d talk", "%(count)d talks", resemblance.talk_count) % {
        "count": resemblance.talk_count
    }
    if resemblance.alias:
        return _("Yes: %(name)s, also known as %(alias)s (%(talks)s)") % {
            "name": resemblance.speaker_name,
            "alias": resemblance.alias,
            "talks": talks,
        }
    return _("Yes: %(name)s (%(talks)s)") % {"name": resemblance.speaker_name, "talks": talks}


@admin.register(ScheduleUpload)
class ScheduleUploadAdmin(CurationAdmin):
    list_display = ("name", "event", "uploaded_by", "uploaded_at", "imported_at")
    list_select_related = ("event", "uploaded_by")
    list_deferred_fields = ("content", "preview_json", "report_json")
    search_fields = ("name",)
    date_hierarchy = "uploaded_at"

    def has_view_permission(self, request, obj=None):
        return may_import_schedules(request.user)

    def has_add_permission(self, request):
        return may_import_schedules(request.user)

    def has_change_permission(self, request, obj=None):
        # An upload is a record: previewed, imported, never edited.
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("event", "uploaded_by", "imported_by")
            .defer("content")
        )

    def _context(self, request: HttpRequest, title: str, **context) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            **context,
        }

    def _over_rate_limit(self, request: HttpRequest) -> str | None:
        """The message for an editor over the limit, who is then refused; else None."""
        retry_after = rate_limit_hit(request, RATE_LIMIT_SCOPE)
        if retry_after is None:
            return None
        minutes = -(-retry_after // 60)
        return ngettext(
            "You have imported many schedules in a short time: try again in %(minutes)d minute.",
            "You have imported many schedules in a short time: try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}

    def add_view(self, request, form_url="", extra_context=None):
        """The upload form; a schedule that reads and passes a dry run is kept for its preview."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = UploadForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            admin_site=self.admin_site,
        )
        status = 200
        if posted and form.is_valid():
            if refusal := self._over_rate_limit(request):
                form.add_error(None, refusal)
                status = 429
            else:
                upload = self._upload(request, form)
                if upload is not None:
                    return HttpResponseRedirect(
                        reverse("admin:talks_scheduleupload_change", args=[upload.pk])
                    )
        context = self._context(
            request, _("Import a schedule"), form=form, media=self.media + form.media
        )
        return TemplateResponse(
            request, "admin/talks/scheduleupload/upload.html", context, status=status
        )

    def _upload(self, request: HttpRequest, form: UploadForm) -> ScheduleUpload | None:
        try:
            name, content, address = form.source()
        except FetchError as error:
            form.add_error("address", str(error))
            return None
        try:
            return schedule_upload_create(
                name=name,
                content=content,
                source_url=address,
                event=form.cleaned_data["event"],
                editor=request.user,
            )
        except EventRequired:
            form.add_error(
                "event",
                _(
                    "This file names no conference (Sessionize's export does not): choose the "
                    "event to import it into."
                ),
            )
            return None
        except ScheduleError as error:
            form.add_error(
                None, _("This schedule cannot be imported: %(error)s") % {"error": error}
            )
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """An upload's preview, with the editor's choices; once imported, its report."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        upload = self.get_object(request, unquote(object_id))
        if upload is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if upload.imported_at is not None:
            report = upload.report
            context = self._context(
                request,
                _("Imported: %(name)s") % {"name": upload.name},
                upload=upload,
                report=report,
                count_rows=count_rows(report),
            )
            return TemplateResponse(request, "admin/talks/scheduleupload/report.html", context)
        return self._preview(request, upload)

    def _preview(self, request: HttpRequest, upload: ScheduleUpload) -> HttpResponse:
        preview = upload.preview
        form = ChoicesForm(
            request.POST if request.method == "POST" else None,
            preview=preview,
            resemblances=speakers_resembling(preview["new_speakers"]),
            topics=list(Topic.objects.order_by("name").only("pk", "name")),
        )
        report, refusal, status = preview, None, 200
        if request.method == "POST" and form.is_valid():
            refusal = self._over_rate_limit(request)
            status = 429 if refusal else 200
        if refusal is None and form.is_bound and form.is_valid():
            try:
                if "_import" in request.POST:
                    schedule_upload_import(
                        upload=upload, choices=form.choices(), editor=request.user
                    )
                    self.message_user(request, _("The schedule is imported."), messages.SUCCESS)
                    return HttpResponseRedirect(request.path)
                report = schedule_upload_preview(upload=upload, choices=form.choices())
            except UploadAlreadyImported:
                self.message_user(request, _("This schedule was imported already."))
                return HttpResponseRedirect(request.path)
            except ScheduleError as error:
                refusal = _("This schedule cannot be imported: %(error)s") % {"error": error}
        context = self._context(
            request,
            _("Preview: %(name)s") % {"name": upload.name},
            upload=upload,
            form=form,
            report=report,
            count_rows=count_rows(report),
            refusal=refusal,
        )
        return TemplateResponse(
            request, "admin/talks/scheduleupload/preview.html", context, status=status
        )
