"""Attendees' pages: write, preview, edit and delete notes; review a talk."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.ratelimit import rate_limited
from common.views import LoginRequiredKeepingPostMixin
from pages.forms.talks import BodyField, NoteForm, ReviewForm
from talks.contribution_selectors import talks_open_to
from talks.markdown import render_markdown
from talks.models import Note, NoteStatus, Review, Talk, TalkStatus
from talks.services.notes import note_create, note_delete, note_update
from talks.services.reviews import review_save

PREVIEW, DRAFT = "preview", "draft"


def _after_writing_on(talk: Talk) -> str:
    """Where to go once written: the talk's page, or one's contributions if it is pending."""
    if talk.status == TalkStatus.PUBLISHED:
        return talk.get_absolute_url()
    return reverse("my-contributions")


class TalkFromUrlMixin:
    """The talk named in the URL, if the signed-in user may write on it."""

    @cached_property
    def talk(self) -> Talk:
        return get_object_or_404(
            talks_open_to(self.request.user),
            event__slug=self.kwargs["event_slug"],
            slug=self.kwargs["slug"],
        )


class PreviewMixin:
    """Form views with a Preview button that works without JavaScript.

    A valid form comes back with the Markdown of `preview_field` rendered as it will be
    published; nothing is saved.
    """

    preview_field = "body"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        if request.POST.get("action") == PREVIEW:
            preview_html = render_markdown(form.cleaned_data[self.preview_field])
            return self.render_to_response(
                self.get_context_data(form=form, preview_html=preview_html)
            )
        return self.form_valid(form)


class NoteFormMixin(LoginRequiredKeepingPostMixin, PreviewMixin):
    """Notes: a draft or a submission writes through a service."""

    form_class = NoteForm
    template_name = "talks/note_form.html"

    def form_valid(self, form: NoteForm) -> HttpResponse:
        return self.write(form)

    @rate_limited("note")
    def write(self, form: Form) -> HttpResponse:
        submit = self.request.POST.get("action") != DRAFT
        try:
            note = self.save_note(**form.cleaned_data, submit=submit)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        if note.status == NoteStatus.DRAFT:
            messages.success(self.request, _("Draft saved. Only you can see it."))
            return redirect("talks:note-update", pk=note.pk)
        if note.status == NoteStatus.PUBLISHED:
            messages.success(self.request, _("Your notes are published. Thank you!"))
        else:
            messages.success(
                self.request,
                _(
                    "Thank you! Your notes will appear once an editor has reviewed them; "
                    "until then, only you can see them."
                ),
            )
        return redirect(_after_writing_on(note.talk))

    def save_note(self, *, body: str, language: str, submit: bool) -> Note:
        raise NotImplementedError


class NoteCreateView(TalkFromUrlMixin, NoteFormMixin, FormView):
    def get_initial(self) -> dict:
        return {"language": self.talk.languages[0]}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(talk=self.talk, **kwargs)

    def save_note(self, *, body: str, language: str, submit: bool) -> Note:
        return note_create(
            talk=self.talk, author=self.request.user, body=body, language=language, submit=submit
        )


class OwnNoteMixin:
    """The note named in the URL, if the signed-in user wrote it: nobody else may touch it."""

    @cached_property
    def note(self) -> Note:
        return get_object_or_404(
            Note.objects.select_related("talk__event"),
            pk=self.kwargs["pk"],
            author=self.request.user,
        )


class NoteUpdateView(OwnNoteMixin, NoteFormMixin, FormView):
    def get_initial(self) -> dict:
        return {"body": self.note.body, "language": self.note.language}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(talk=self.note.talk, note=self.note, **kwargs)

    def save_note(self, *, body: str, language: str, submit: bool) -> Note:
        return note_update(
            note=self.note, editor=self.request.user, body=body, language=language, submit=submit
        )


class NoteDeleteView(OwnNoteMixin, LoginRequiredKeepingPostMixin, TemplateView):
    template_name = "talks/note_confirm_delete.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(note=self.note, **kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        note_delete(note=self.note)
        deleted = _("Your notes on “%(talk)s” are deleted.") % {"talk": self.note.talk}
        messages.success(request, deleted)
        return redirect("my-contributions")


class NotePreviewView(LoginRequiredKeepingPostMixin, View):
    """htmx: the preview of a note body, rendered as published notes are."""

    def post(self, request: HttpRequest) -> HttpResponse:
        field_name = request.POST.get("field", "body")
        context = {"preview_html": None, "preview_errors": []}
        try:
            context["preview_html"] = render_markdown(
                BodyField(required=False).clean(request.POST.get(field_name, ""))
            )
        except ValidationError as error:
            context["preview_errors"] = error.messages
        return render(request, "talks/note_form.html#preview", context)


class ReviewView(TalkFromUrlMixin, LoginRequiredKeepingPostMixin, FormView):
    form_class = ReviewForm
    template_name = "talks/review_form.html"

    @cached_property
    def review(self) -> Review | None:
        return Review.objects.filter(talk=self.talk, author=self.request.user).first()

    def get_initial(self) -> dict:
        if self.review is None or not self.review.language:
            # The reader most likely writes in the language they read the site in.
            initial = {"language": translation.get_language()}
        else:
            initial = {"language": self.review.language}
        if self.review is not None:
            initial.update(rating=self.review.rating, body=self.review.body)
        return initial

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(talk=self.talk, review=self.review, **kwargs)

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        return self.write(form)

    @rate_limited("review")
    def write(self, form: ReviewForm) -> HttpResponse:
        try:
            review_save(talk=self.talk, author=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Your review is saved. Thank you!"))
        return redirect(_after_writing_on(self.talk))
