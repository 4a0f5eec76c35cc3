"""Attendees' and readers' forms: notes, reviews, proposing a missing talk, reporting a note."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from common.forms import TextareaField
from pages.forms.proposals import ProposedEventForm, SpeakerNamesField, TopicNamesField
from talks.contribution_selectors import TopicChoice, topic_choices
from talks.languages import language_choices
from talks.models import MAX_BODY_LENGTH, NoteReport, TalkFormat
from talks.services.programmes import ProposedTalk


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
    language = forms.ChoiceField(label=_("Language of your notes"), choices=language_choices)


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
    # Not required: a review sent without it (a rating alone, by a script) is in no known
    # language.
    language = forms.ChoiceField(
        label=_("Language of your review"), choices=language_choices, required=False
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("rating") is None and not cleaned_data.get("body") and not self.errors:
            raise ValidationError(
                _("Give a rating, a few words, or both: this review is empty."), code="empty"
            )
        return cleaned_data


class TalkProposalForm(ProposedEventForm):
    """One talk, at a listed event or a new one, with the proposer's notes on it."""

    title = forms.CharField(label=_("Talk title"), max_length=300)
    talk_format = forms.ChoiceField(
        label=_("Format"), choices=TalkFormat.choices, initial=TalkFormat.TALK
    )
    languages = forms.MultipleChoiceField(
        label=_("Language(s) of the talk"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    speakers = SpeakerNamesField(widget=forms.Textarea(attrs={"rows": 3}))
    topics = TopicNamesField()
    abstract = TextareaField(
        label=_("Abstract"),
        required=False,
        help_text=_("Markdown."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    text_language = forms.ChoiceField(
        label=_("Language of the title and abstract"),
        choices=lambda: [("", _("The talk's, if it has only one")), *language_choices()],
        required=False,
        help_text=_("Conferences often publish titles in English for talks given in French."),
    )
    note_body = BodyField(label=_("Your notes"), required=False)
    note_language = forms.ChoiceField(
        label=_("Language of your notes"),
        choices=lambda: [("", _("The talk's first language")), *language_choices()],
        required=False,
    )

    def clean_topics(self) -> TopicChoice:
        (choice,) = topic_choices([self.cleaned_data["topics"]])
        return choice

    def proposed_talk(self) -> ProposedTalk:
        """The talk as described (valid forms only)."""
        data = self.cleaned_data
        return ProposedTalk(
            title=data["title"],
            talk_format=data["talk_format"],
            languages=data["languages"],
            speaker_names=data["speakers"],
            topics=data["topics"].topics,
            suggested_topics=data["topics"].suggested,
            abstract=data["abstract"],
            text_language=data["text_language"],
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
