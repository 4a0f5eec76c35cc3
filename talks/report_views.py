"""Readers report a note that is spam, abusive or misplaced; editors find it in their queue.

Anyone may report, signed in or not: a reader who spots spam should not need an account. A
cache-based limit per IP address (and per account) keeps that from flooding the queue.
"""

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView

from talks.forms import NoteReportForm
from talks.models import Note, NoteReport, Talk
from talks.services.moderation import note_report

# At most this many report attempts per IP address, and per account, in a window.
REPORT_LIMIT = 10
REPORT_WINDOW_SECONDS = 60 * 60


def _over_report_limit(request: HttpRequest) -> bool:
    """Count this attempt against the sender's IP address and account."""
    keys = [f"note-report:ip:{request.META.get('REMOTE_ADDR', '')}"]
    if request.user.is_authenticated:
        keys.append(f"note-report:user:{request.user.pk}")
    over = False
    for key in keys:
        cache.add(key, 0, timeout=REPORT_WINDOW_SECONDS)
        try:
            attempts = cache.incr(key)
        except ValueError:  # The window expired between add() and incr().
            cache.set(key, 1, timeout=REPORT_WINDOW_SECONDS)
            attempts = 1
        over |= attempts > REPORT_LIMIT
    return over


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

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _over_report_limit(request):
            form = self.get_form()
            form.add_error(
                None,
                _(
                    "You have sent many reports in a short time. Please try again in an hour: "
                    "what you wrote is still here."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: NoteReportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: NoteReportForm) -> HttpResponse:
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
