"""What the two proposal forms share: the event, listed or described, and the fields of a talk
that take lists (its speakers and its topics)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.forms import HoneypotForm, TextareaField
from common.names import normalize_name
from events.models import Event, EventStatus
from events.services import ProposedEvent
from people.models import User
from talks.contribution_selectors import events_open_to_proposals
from talks.models import TopicSuggestion

MAX_SPEAKERS_PER_TALK = 10
MAX_TOPICS_PER_TALK = 10
SPEAKER_NAME_MAX_LENGTH = 200
TOPIC_NAME_MAX_LENGTH = TopicSuggestion._meta.get_field("name").max_length
# The ids of the pages' <datalist> elements that suggest existing names as one types.
TOPIC_NAMES_LIST = "topic-names"
SERIES_NAMES_LIST = "series-names"


def entries(text: str, separator: str | None = None) -> list[str]:
    """Non-blank entries, stripped, each once (accents, case and punctuation aside, as
    normalize_name compares names), in typed order."""
    typed = text.splitlines() if separator is None else text.split(separator)
    unique = {}
    for entry in (entry.strip() for entry in typed):
        if entry:
            unique.setdefault(normalize_name(entry), entry)
    return list(unique.values())


class NamesField(TextareaField):
    """Names typed as a list (one per line, or between separators), each kept once: at most
    `most_names`, each at most `longest_name` characters long, or the `too_many` or
    `too_long` message."""

    separator: str | None = None
    most_names: int
    longest_name: int
    too_many: str
    too_long: str

    def clean(self, value) -> list[str]:
        names = entries(super().clean(value), separator=self.separator)
        if len(names) > self.most_names:
            raise ValidationError(self.too_many, params={"limit": self.most_names}, code="too_many")
        if any(len(name) > self.longest_name for name in names):
            raise ValidationError(
                self.too_long, params={"limit": self.longest_name}, code="max_length"
            )
        return names


class SpeakerNamesField(NamesField):
    """Speakers' names, one per line, as the conference wrote them."""

    most_names = MAX_SPEAKERS_PER_TALK
    longest_name = SPEAKER_NAME_MAX_LENGTH
    too_many = _("At most %(limit)d speakers, one per line.")
    too_long = _("A speaker's name has at most %(limit)d characters.")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Speakers"))
        kwargs.setdefault("help_text", _("One name per line, as the conference wrote it."))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class TopicNamesField(NamesField):
    """Topics' names separated by commas: existing ones (suggested as one types), or new ones,
    which editors decide on."""

    separator = ","
    most_names = MAX_TOPICS_PER_TALK
    longest_name = TOPIC_NAME_MAX_LENGTH
    too_many = _("At most %(limit)d topics.")
    too_long = _("A topic's name has at most %(limit)d characters.")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "Separated by commas, such as: Kubernetes, Observability. A topic the site "
                "does not have yet is suggested to the editors."
            ),
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"list": TOPIC_NAMES_LIST, "autocomplete": "off", "data-topic-names": ""}
            ),
        )
        super().__init__(**kwargs)


class EventChoiceField(forms.ModelChoiceField):
    """The events one may add talks to; one's own awaiting review are marked so."""

    def label_from_instance(self, event: Event) -> str:
        if event.status == EventStatus.PENDING:
            return _("%(name)s (yours, awaiting review)") % {"name": event.name}
        return event.name


def country_choices() -> list[tuple[str, str]]:
    """Every country by its ISO 3166-1 code, named and sorted in the visitor's language."""
    return [("", _("Not given")), *countries]


class ProposedEventForm(HoneypotForm):
    """The event of a proposal: one that is listed (or the proposer's own awaiting review), or
    a new one described here."""

    event = EventChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
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
    event_country = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)
    event_venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    event_series = forms.CharField(
        label=_("Series"),
        max_length=200,
        required=False,
        help_text=_("If it is one edition of a recurring conference: its name, such as Devoxx."),
        widget=forms.TextInput(attrs={"list": SERIES_NAMES_LIST, "autocomplete": "off"}),
    )
    event_website = forms.URLField(label=_("Event website"), required=False, assume_scheme="https")
    not_a_duplicate = forms.BooleanField(
        label=_("I checked: what I propose is not listed yet."), required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events_open_to_proposals(user)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("event") is None and "event" not in self.errors:
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

    def proposed_event(self) -> Event | ProposedEvent:
        """The chosen event, or the new one described (valid forms only)."""
        data = self.cleaned_data
        if data["event"] is not None:
            return data["event"]
        return ProposedEvent(
            name=data["event_name"],
            start_date=data["event_start_date"],
            end_date=data["event_end_date"],
            city=data["event_city"],
            country=data["event_country"],
            venue=data["event_venue"],
            website=data["event_website"],
            series_name=data["event_series"],
        )

    def event_days(self) -> tuple[datetime.date, datetime.date]:
        """The first and last days of the event (valid forms only)."""
        event = self.proposed_event()
        return event.start_date, event.end_date
