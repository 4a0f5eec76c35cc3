"""Proposing a conference with all its talks in one go: the event, then one row per talk, typed
or filled from the conference's published schedule."""

import datetime
from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common.fetching import FetchError
from common.forms import TextareaField
from common.names import normalize_name
from pages.forms.proposals import ProposedEventForm, SpeakerNamesField, TopicNamesField
from talks.contribution_selectors import topic_choices
from talks.languages import language_choices
from talks.models import TalkFormat
from talks.schedule.importer import talk_format, talk_languages
from talks.schedule.reader import Schedule, ScheduleError, read_schedule_content
from talks.schedule.sources import ScheduleSourceForm
from talks.services.programmes import ProposedTalk

# The rows a new form shows, and how many more each press of "Add rows" brings.
INITIAL_ROWS = 5
ROWS_ADDED = 5
# The most talks one proposal holds: a large conference's programme, not a whole archive.
MAX_ROWS = 200
ROWS_PREFIX = "talks"


class ValidateOrShowMixin:
    """A bound form that can also be shown again exactly as typed, without judging it: no
    error, as when rows are added to a form half filled in."""

    def __init__(self, *args, validate: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.validate = validate

    def full_clean(self) -> None:
        if self.validate:
            super().full_clean()
            return
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}


class ProgrammeForm(ValidateOrShowMixin, ProposedEventForm):
    """The event of the programme, the languages most of its talks were given in, and a word
    for the editors."""

    languages = forms.MultipleChoiceField(
        label=_("Language(s) of the talks"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each talk below is in these languages unless it says otherwise."),
    )
    title_language = forms.ChoiceField(
        label=_("Language of the titles"),
        choices=lambda: [("", _("Each talk's, if it has only one")), *language_choices()],
        required=False,
        help_text=_("Conferences often publish titles in English for talks given in French."),
    )
    comment = TextareaField(
        label=_("A word for the editors"),
        required=False,
        max_length=2000,
        help_text=_("Optional. Only editors read it: where the programme comes from, say."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TalkRowForm(ValidateOrShowMixin, forms.Form):
    """One talk of the programme. A row left blank is ignored."""

    title = forms.CharField(label=_("Title"), max_length=300)
    # Help for the rows' fields is given once, above them.
    speakers = SpeakerNamesField(help_text="")
    date = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    talk_format = forms.ChoiceField(
        label=_("Format"), choices=TalkFormat.choices, initial=TalkFormat.TALK
    )
    languages = forms.MultipleChoiceField(
        label=_("Language(s), if not the event's"),
        choices=language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    topics = TopicNamesField(help_text="")


class BaseTalkRowFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": ngettext_lazy(
            "A proposal holds at most %(num)d talk: send the rest in another proposal.",
            "A proposal holds at most %(num)d talks: send the rest in another proposal.",
            "num",
        ),
    }

    def __init__(self, *args, validate: bool = True, **kwargs):
        kwargs.setdefault("prefix", ROWS_PREFIX)
        super().__init__(*args, form_kwargs={"validate": validate}, **kwargs)
        self.validate = validate

    @classmethod
    def with_rows_added(cls, data: QueryDict) -> "BaseTalkRowFormSet":
        """The rows as typed, and ROWS_ADDED blank ones after them (up to MAX_ROWS), shown
        without being judged."""
        typed = cls(data)
        more = data.copy()
        more[typed.add_prefix(TOTAL_FORM_COUNT)] = str(
            min(typed.total_form_count() + ROWS_ADDED, MAX_ROWS)
        )
        more[typed.add_prefix(INITIAL_FORM_COUNT)] = "0"
        return cls(more, validate=False)

    def full_clean(self) -> None:
        if self.validate:
            super().full_clean()
            return
        self._errors = []
        self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)

    def filled_rows(self) -> list[TalkRowForm]:
        """The rows with something typed in them; the blank ones are ignored."""
        return [form for form in self.forms if form.has_changed()]

    def clean(self) -> None:
        if not self.management_form.is_valid():
            # Its error, which Django has noted, says all.
            return
        rows = self.filled_rows()
        if not rows:
            raise ValidationError(_("Add at least one talk."), code="no_talks")
        self._refuse_repeated_titles()
        if any(self.errors):
            return
        choices = topic_choices([row.cleaned_data["topics"] for row in rows])
        for row, choice in zip(rows, choices, strict=True):
            row.cleaned_data["topics"] = choice

    def _refuse_repeated_titles(self) -> None:
        first_with_title: dict[str, int] = {}
        for number, row in enumerate(self.forms, start=1):
            if not row.has_changed() or "title" not in row.cleaned_data:
                continue
            first = first_with_title.setdefault(normalize_name(row.cleaned_data["title"]), number)
            if first != number:
                row.add_error("title", _("Talk %(number)d has the same title.") % {"number": first})

    def check_days(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether each talk's day is within the event's; the rows that are not say so."""
        within = True
        for row in self.filled_rows():
            day = row.cleaned_data.get("date")
            if day is not None and not first <= day <= last:
                row.add_error("date", _days_error(first, last))
                within = False
        return within

    def proposed_talks(
        self,
        *,
        languages: list[str],
        title_language: str,
        first: datetime.date,
        last: datetime.date,
    ) -> list[ProposedTalk]:
        """The talks of the filled rows, in the languages given unless a row says otherwise,
        with their titles in `title_language` (blank: each talk's likely one); on a one-day
        event, on that day (valid formsets only)."""
        one_day = first if first == last else None
        return [
            ProposedTalk(
                title=data["title"],
                speaker_names=data["speakers"],
                languages=data["languages"] or languages,
                text_language=title_language,
                talk_format=data["talk_format"],
                topics=data["topics"].topics,
                suggested_topics=data["topics"].suggested,
                date=data["date"] or one_day,
                start_time=data["start_time"],
            )
            for data in (row.cleaned_data for row in self.filled_rows())
        ]


def _days_error(first: datetime.date, last: datetime.date) -> str:
    if first == last:
        return _("The event takes place on %(day)s only.") % {
            "day": date_format(first, "DATE_FORMAT")
        }
    return _("The event runs from %(first)s to %(last)s: pick a day within it.") % {
        "first": date_format(first, "DATE_FORMAT"),
        "last": date_format(last, "DATE_FORMAT"),
    }


TalkRowFormSet = forms.formset_factory(
    TalkRowForm,
    formset=BaseTalkRowFormSet,
    extra=INITIAL_ROWS,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


class ScheduleFillForm(ScheduleSourceForm):
    """A conference's published schedule, to fill the programme form from."""

    def read(self) -> Schedule | None:
        """The schedule given (valid forms only), or None with the reason among the errors."""
        try:
            name, content, _address = self.source()
        except FetchError as error:
            self.add_error("address", str(error))
            return None
        try:
            schedule = read_schedule_content(content, name)
        except ScheduleError as error:
            self.add_error(None, _("This schedule cannot be read: %(error)s") % {"error": error})
            return None
        if len(schedule.sessions) > MAX_ROWS:
            self.add_error(
                None,
                _(
                    "This schedule has %(count)d talks, and a proposal holds at most %(limit)d: "
                    "enter the talks you have notes on, or ask the editors to import it."
                )
                % {"count": len(schedule.sessions), "limit": MAX_ROWS},
            )
            return None
        return schedule


def programme_data(schedule: Schedule) -> QueryDict:
    """The programme form as `schedule` fills it: its event, and a row per session, for the
    proposer to check before sending. A row gives its languages only when they differ from
    those of most talks, which the event's languages are."""
    rows = [
        {
            "title": session.title[:300],
            "speakers": "\n".join(person.name for person in session.persons),
            "date": session.start.date().isoformat() if session.start else "",
            "start_time": session.start.strftime("%H:%M") if session.start else "",
            "talk_format": talk_format(session.type),
            "languages": talk_languages(session.language)[0],
            "topics": session.track,
        }
        for session in schedule.sessions
    ]
    languages = Counter(tuple(row["languages"]) for row in rows).most_common(1)
    event_languages = list(languages[0][0]) if languages else []
    data = QueryDict(mutable=True)
    data.update(
        {
            "event_name": schedule.title[:200],
            "event_start_date": schedule.start.isoformat(),
            "event_end_date": max(schedule.end, schedule.start).isoformat(),
        }
    )
    data.setlist("languages", event_languages)
    prefix = ROWS_PREFIX
    data.update(
        {
            f"{prefix}-{TOTAL_FORM_COUNT}": str(len(rows)),
            f"{prefix}-{INITIAL_FORM_COUNT}": "0",
        }
    )
    for number, row in enumerate(rows):
        for name, value in row.items():
            if name == "languages":
                if value != event_languages:
                    data.setlist(f"{prefix}-{number}-languages", value)
            else:
                data[f"{prefix}-{number}-{name}"] = value
    return data
