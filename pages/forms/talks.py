"""Attendees' and readers' forms: notes, reviews, proposing a missing talk, reporting a note."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from common.forms import HoneypotForm, TextareaField
from common.names import normalize_name
from events.models import Event
from events.services import ProposedEvent
from talks.contribution_selectors import topics_named
from talks.languages import LANGUAGE_CHOICES
from talks.models import MAX_BODY_LENGTH, NoteReport, TalkFormat

MAX_SPEAKERS_PER_TALK = 10
MAX_TOPICS_PER_TALK = 10


class BodyField(TextareaField):
    """Markdown of at most MAX_BODY_LENGTH characters; a longer text gets both lengths back.

    Not a max_length: Django would put a maxlength attribute on the textarea, and browsers
    silently cut a longer paste, which loses text without a word.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Markdown. HTML is shown as typed, not interpreted."))
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if len(value) > MAX_BODY_LENGTH:
            raise ValidationError(
                _(
                    "This text has %(length)s characters; the limit is %(limit)s. "
                    "Shorten it, or split it into two notes."
                ),
                code="max_length",
                params={
                    "length": number_format(len(value), force_grouping=True),
                    "limit": number_format(MAX_BODY_LENGTH, force_grouping=True),
                },
            )


class NoteForm(forms.Form):
    body = BodyField(label=_("Your notes"))
    language = forms.ChoiceField(label=_("Language of your notes"), choices=LANGUAGE_CHOICES)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("No rating")), *((number, str(number)) for number in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("From 1 (not for me) to 5 (excellent)."),
    )
    body = BodyField(label=_("My take"), required=False)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("rating") is None and not cleaned_data.get("body") and not self.errors:
            raise ValidationError(
                _("Give a rating, a few words, or both: this review is empty."), code="empty"
            )
        return cleaned_data


def _lines(text: str, separator: str | None = None) -> list[str]:
    """Non-blank entries, stripped, each once (accents, case and punctuation aside, as
    normalize_name compares names), in typed order."""
    entries = text.splitlines() if separator is None else text.split(separator)
    unique = {}
    for entry in (entry.strip() for entry in entries):
        if entry:
            unique.setdefault(normalize_name(entry), entry)
    return list(unique.values())


class TalkProposalForm(HoneypotForm):
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.published(),
        required=False,
        empty_label=_("Not listed: I describe it below"),
    )
    event_name = forms.CharField(label=_("New event's name"), max_length=200, required=False)
    event_start_date = forms.DateField(
        label=_("First day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    event_end_date = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    event_city = forms.CharField(label=_("City"), max_length=100, required=False)
    event_website = forms.URLField(label=_("Event website"), required=False, assume_scheme="https")
    title = forms.CharField(label=_("Talk title"), max_length=300)
    talk_format = forms.ChoiceField(
        label=_("Format"), choices=TalkFormat.choices, initial=TalkFormat.TALK
    )
    languages = forms.MultipleChoiceField(
        label=_("Language(s) of the talk"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    speakers = TextareaField(
        label=_("Speakers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line, as the conference wrote it."),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("Existing topics, separated by commas, such as: Kubernetes, Observability."),
    )
    abstract = TextareaField(
        label=_("Abstract"),
        required=False,
        help_text=_("Markdown."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note_body = BodyField(label=_("Your notes"), required=False)
    note_language = forms.ChoiceField(
        label=_("Language of your notes"),
        choices=[("", _("The talk's first language")), *LANGUAGE_CHOICES],
        required=False,
    )
    not_a_duplicate = forms.BooleanField(
        label=_("I checked: my talk is not one of these."), required=False
    )

    def clean_speakers(self) -> list[str]:
        names = _lines(self.cleaned_data["speakers"])
        if len(names) > MAX_SPEAKERS_PER_TALK:
            raise ValidationError(
                _("At most %(limit)d speakers, one per line."),
                params={"limit": MAX_SPEAKERS_PER_TALK},
                code="too_many",
            )
        too_long = [name for name in names if len(name) > 200]
        if too_long:
            raise ValidationError(_("A speaker's name has at most 200 characters."))
        return names

    def clean_topics(self) -> list:
        names = _lines(self.cleaned_data["topics"], separator=",")
        if len(names) > MAX_TOPICS_PER_TALK:
            raise ValidationError(
                _("At most %(limit)d topics."), params={"limit": MAX_TOPICS_PER_TALK}
            )
        known = topics_named(names)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValidationError(
                _(
                    "There is no topic called %(names)s yet. Leave it out: editors add "
                    "topics when they review the talk."
                ),
                params={"names": ", ".join(f"“{name}”" for name in unknown)},
                code="unknown_topic",
            )
        return list(dict.fromkeys(known[name] for name in names))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("event") is None:
            self._require_new_event(cleaned_data)
        return cleaned_data

    def _require_new_event(self, cleaned_data: dict) -> None:
        for field in ("event_name", "event_start_date", "event_end_date"):
            if not cleaned_data.get(field) and field not in self.errors:
                self.add_error(
                    field, _("Pick the event above, or describe the new one with this field.")
                )
        start, end = cleaned_data.get("event_start_date"), cleaned_data.get("event_end_date")
        if start and end and end < start:
            self.add_error("event_end_date", _("The event cannot end before it starts."))

    def proposed_event(self) -> "Event | ProposedEvent":
        """The chosen event, or the new one described (valid forms only)."""
        data = self.cleaned_data
        if data["event"] is not None:
            return data["event"]
        return ProposedEvent(
            name=data["event_name"],
            start_date=data["event_start_date"],
            end_date=data["event_end_date"],
            city=data["event_city"],
            website=data["event_website"],
        )

    def note_language_or_default(self) -> str:
        return self.cleaned_data["note_language"] or self.cleaned_data["languages"][0]


class NoteReportForm(forms.ModelForm):
    class Meta:
        model = NoteReport
        fields = ("reason", "comment")
        labels = {"reason": _("What is wrong with this note?"), "comment": _("Details")}
        help_texts = {"comment": _("Optional. Only editors read it.")}
        field_classes = {"comment": TextareaField}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
