"""Attendees propose what the site is missing: one talk with their notes, or a conference with
all its talks; what looks already listed is shown before anything is sent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from common.parameters import column_integer
from common.ratelimit import rate_limited
from common.views import LoginRequiredKeepingPostMixin
from events.models import Event
from pages.forms.programmes import (
    MAX_ROWS,
    ROWS_ADDED,
    ProgrammeForm,
    ScheduleFillForm,
    TalkRowFormSet,
    programme_data,
)
from pages.forms.proposals import ProposedEventForm
from pages.forms.talks import TalkProposalForm
from pages.views.contributions import PreviewMixin
from talks.contribution_selectors import (
    EventLookalikes,
    events_open_to_proposals,
    likely_duplicate_talks,
    public_series_names,
    public_topic_names,
    similar_events,
    speakers_like,
)
from talks.services.programmes import programme_propose, talk_propose

ADD_ROWS = "add-rows"
FROM_SCHEDULE = "from-schedule"
NO_LOOKALIKES = EventLookalikes(listed=[])


class ProposalFormMixin(LoginRequiredKeepingPostMixin):
    """What both proposal forms need: the proposer, the event named in the address (?event=
    its slug, as the event pages link), and the names suggested as one types."""

    def get_initial(self) -> dict:
        slug = self.request.GET.get("event")
        if not slug:
            return {}
        return {"event": events_open_to_proposals(self.request.user).filter(slug=slug).first()}

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            topic_names=public_topic_names(), series_names=public_series_names(), **kwargs
        )

    def similar_events(self, form: ProposedEventForm) -> EventLookalikes:
        """Events like the new one described, or none when a listed one was picked."""
        if form.cleaned_data["event"] is not None:
            return NO_LOOKALIKES
        return similar_events(form.cleaned_data["event_name"], viewer=self.request.user)

    def thank(self, talk_count: int) -> HttpResponse:
        messages.success(
            self.request,
            ngettext(
                "Thank you! Your talk will be listed once an editor has approved it.",
                "Thank you! Your %(count)d talks will be listed once an editor has approved them.",
                talk_count,
            )
            % {"count": talk_count},
        )
        return redirect("my-contributions")


class TalkProposeView(ProposalFormMixin, PreviewMixin, FormView):
    """Propose a missing talk with one's notes; likely duplicates are shown before it is sent."""

    form_class = TalkProposalForm
    template_name = "talks/talk_propose.html"
    preview_field = "note_body"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            typed_names = form.data.get("speakers", "").splitlines()[:20]
            context["speaker_hints"] = speakers_like(typed_names, viewer=self.request.user)
        return context

    def form_valid(self, form: TalkProposalForm) -> HttpResponse:
        lookalikes = self.lookalikes(form)
        if any(lookalikes.values()) and not form.cleaned_data["not_a_duplicate"]:
            return self.render_to_response(self.get_context_data(form=form, **lookalikes))
        return self.write(form)

    def lookalikes(self, form: TalkProposalForm) -> dict:
        event = form.cleaned_data["event"]
        duplicates = []
        if event is not None:
            title = form.cleaned_data["title"]
            duplicates = likely_duplicate_talks(
                event=event, titles=[title], viewer=self.request.user
            )[title]
        return {"duplicate_talks": duplicates, "similar_events": self.similar_events(form)}

    @rate_limited("proposal")
    def write(self, form: TalkProposalForm) -> HttpResponse:
        try:
            talk_propose(
                proposer=self.request.user,
                event=form.proposed_event(),
                talk=form.proposed_talk(),
                note_body=form.cleaned_data["note_body"],
                note_language=form.note_language_or_default(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        return self.thank(1)


class ProgrammeProposeView(ProposalFormMixin, FormView):
    """Propose a conference with all its talks, or talks for a listed event, in one go.

    Rows are added in place by static/js/programme-rows.js; without JavaScript, "Add rows"
    sends the form, which comes back with more blank rows and everything typed. A schedule
    file or address fills the form instead, for the proposer to check and send.
    """

    form_class = ProgrammeForm
    template_name = "talks/programme_propose.html"

    @cached_property
    def adding_rows(self) -> bool:
        return self.request.method == "POST" and self.request.POST.get("action") == ADD_ROWS

    @cached_property
    def filling_from_schedule(self) -> bool:
        return self.request.method == "POST" and self.request.POST.get("action") == FROM_SCHEDULE

    @cached_property
    def schedule_source(self) -> ScheduleFillForm:
        if self.filling_from_schedule:
            return ScheduleFillForm(self.request.POST, self.request.FILES)
        return ScheduleFillForm()

    @cached_property
    def rows(self) -> TalkRowFormSet:
        if self.request.method != "POST" or self.filling_from_schedule:
            return TalkRowFormSet()
        if self.adding_rows:
            return TalkRowFormSet.with_rows_added(self.request.POST)
        return TalkRowFormSet(self.request.POST)

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"validate": not self.adding_rows}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            rows=self.rows,
            max_rows=MAX_ROWS,
            rows_added=ROWS_ADDED,
            schedule_source=self.schedule_source,
            **kwargs,
        )

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.filling_from_schedule:
            return self.fill_from_schedule(self.form_class(user=request.user))
        form = self.get_form()
        if self.adding_rows:
            return self.render_to_response(self.get_context_data(form=form))
        form_valid, rows_valid = form.is_valid(), self.rows.is_valid()
        days_valid = form_valid and self.rows.check_days(*form.event_days())
        if not (form_valid and rows_valid and days_valid):
            return self.form_invalid(form)
        lookalikes = self.similar_events(form)
        duplicate_rows = self.mark_likely_duplicates(form)
        if (lookalikes or duplicate_rows) and not form.cleaned_data["not_a_duplicate"]:
            context = {"similar_events": lookalikes, "duplicate_rows": duplicate_rows}
            return self.render_to_response(self.get_context_data(form=form, **context))
        return self.write(form)

    @rate_limited("schedule-read")
    def fill_from_schedule(self, form: ProgrammeForm) -> HttpResponse:
        """The form filled from the schedule given, shown without being judged; nothing is
        sent. Each reading counts against the limit: it may download a file."""
        source = self.schedule_source
        schedule = source.read() if source.is_valid() else None
        if schedule is None:
            return self.render_to_response(self.get_context_data(form=form))
        data = programme_data(schedule)
        self.rows = TalkRowFormSet(data, validate=False)
        filled = self.form_class(data, user=self.request.user, validate=False)
        context = {"filled_from": source.cleaned_data["address"] or schedule.path}
        return self.render_to_response(self.get_context_data(form=filled, **context))

    def mark_likely_duplicates(self, form: ProgrammeForm) -> int:
        """Give each row the talks already at the chosen event with a title like its own; how
        many rows have some."""
        event = form.cleaned_data["event"]
        if event is None:
            return 0
        rows = self.rows.filled_rows()
        found = likely_duplicate_talks(
            event=event,
            titles=[row.cleaned_data["title"] for row in rows],
            viewer=self.request.user,
        )
        for row in rows:
            row.likely_duplicates = found[row.cleaned_data["title"]]
        return sum(1 for row in rows if row.likely_duplicates)

    @rate_limited("proposal")
    def write(self, form: ProgrammeForm) -> HttpResponse:
        first, last = form.event_days()
        talks = self.rows.proposed_talks(
            languages=form.cleaned_data["languages"],
            title_language=form.cleaned_data["title_language"],
            first=first,
            last=last,
        )
        try:
            programme_propose(
                proposer=self.request.user,
                event=form.proposed_event(),
                talks=talks,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        return self.thank(len(talks))


class SpeakerSuggestionsView(LoginRequiredKeepingPostMixin, View):
    """htmx: known speakers like the name being typed (the last line of the speakers field)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        lines = [line for line in request.GET.get("speakers", "").splitlines() if line.strip()]
        typed = lines[-1].strip() if lines else ""
        hints = speakers_like([typed], viewer=request.user)
        return render(request, "talks/talk_propose.html#speaker-hints", {"speaker_hints": hints})


class DuplicateCheckView(LoginRequiredKeepingPostMixin, View):
    """htmx: talks at the chosen event, or events, that look like what is being proposed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        title = request.GET.get("title", "").strip()
        event_name = request.GET.get("event_name", "").strip()
        event_id = column_integer(Event._meta.pk, request.GET.get("event"))
        event = None
        if event_id is not None:
            event = events_open_to_proposals(request.user).filter(pk=event_id).first()
        context = {"duplicate_talks": [], "similar_events": NO_LOOKALIKES}
        if event is not None and len(title) >= 3:
            context["duplicate_talks"] = likely_duplicate_talks(
                event=event, titles=[title], viewer=request.user
            )[title]
        elif event is None and len(event_name) >= 3:
            context["similar_events"] = similar_events(event_name, viewer=request.user)
        return render(request, "talks/_lookalikes.html", context)
