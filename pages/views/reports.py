"""Readers report a note that is spam, abusive or misplaced; editors find it in their queue.

Anyone may report, signed in or not: a reader who spots spam should not need an account. The
"report" rate limit (settings.RATE_LIMITS, per IP address and per account) keeps that from
flooding the queue.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView

from common.ratelimit import rate_limited
from pages.forms.talks import NoteReportForm
from talks.models import Note, NoteReport, Talk
from talks.services.moderation import note_report


class NoteReportView(FormView):
    form_class = NoteReportForm
    template_name = "talks/note_report.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.note = get_object_or_404(
            Note.objects.published()
            .filter(talk__in=Talk.objects.published())
            .select_related("talk__event", "author"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(note=self.note, **kwargs)

    def form_invalid(self, form: NoteReportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: NoteReportForm) -> HttpResponse:
        return self.write(form)

    @rate_limited("report")
    def write(self, form: NoteReportForm) -> HttpResponse:
        reporter = self.request.user if self.request.user.is_authenticated else None
        already_reported = (
            reporter is not None
            and NoteReport.objects.filter(
                note=self.note, reporter=reporter, resolved=False
            ).exists()
        )
        if already_reported:
            messages.info(
                self.request, _("You already reported this note: editors will look at it.")
            )
        else:
            note_report(note=self.note, reporter=reporter, **form.cleaned_data)
            messages.success(self.request, _("Thank you: editors will look at this note."))
        return HttpResponseRedirect(self.note.get_absolute_url())
