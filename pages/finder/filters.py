"""The talk finder's filters: what each query parameter of `/talks/` means.

The filterset validates every parameter, reports and ignores each unknown value
(pages/filtering.py) and narrows the talks by the filters; the text `q`, the `versions` shown
and the `sort` are later steps of the finder (pages/finder/pipeline.py).

Each facet filter is a condition on one talk (a `Q`), used twice: to filter the results and,
in `pages.finder.facets.talk_facets`, to count what every other option would give. Several
values of `topic` or `language` widen the search (Kubernetes OR Security), as readers expect
from checkboxes; different filters narrow it.
"""

from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.constants import EMPTY_VALUES

from events.models import Event, Series
from pages.filtering import ReportingFilterSet, SlugLookup, ValueListField
from people.models import Speaker
from talks.languages import language_choices
from talks.models import TaggedTalk, Talk, TalkFormat, TalkSpeaker, Topic

# `has_notes=true`: talks with published notes; `has_notes=false`: talks still without. The
# same for `has_recording`, talks with the address of a recording.
YES_NO_CHOICES = [("true", "true"), ("false", "false")]
RATING_CHOICES = [(stars, str(stars)) for stars in range(5, 0, -1)]


class ConditionFilter(django_filters.Filter):
    """A filter defined by a condition on one talk; `talk_facets` counts its options too."""

    def __init__(self, *, condition: Callable[[Any], Q], field_class: type, **kwargs: Any):
        super().__init__(**kwargs)
        self.condition = condition
        self.field_class = field_class

    def filter(self, qs: QuerySet[Talk], value: Any) -> QuerySet[Talk]:
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(self.condition(value))


def _with_topics(slugs: list[str]) -> Q:
    tagged = TaggedTalk.objects.filter(content_object=OuterRef("pk"), tag__slug__in=slugs)
    return Q(Exists(tagged))


def _with_notes(has_notes: bool) -> Q:
    return Q(published_note_count__gt=0) if has_notes else Q(published_note_count=0)


def _with_recording(has_recording: bool) -> Q:
    return ~Q(video_url="") if has_recording else Q(video_url="")


SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("-date", _("Newest first")),
    ("date", _("Oldest first")),
    ("title", _("Title")),
    ("rating", _("Best rated")),
    ("notes", _("Most notes")),
]


class FinderStepFilter(django_filters.Filter):
    """A parameter that the finder applies at its own step (pages/finder/pipeline.py): the
    text search chooses among the talks that the filters leave, and the sort orders what it
    kept. The filterset validates it and leaves the talks as they are."""

    def filter(self, qs: QuerySet[Talk], value: Any) -> QuerySet[Talk]:
        return qs


class TextFilter(FinderStepFilter):
    field_class = forms.CharField


class SortFilter(FinderStepFilter):
    """One of SORT_CHOICES. A plain ChoiceField: django-filter's ChoiceFilter needs a list of
    choices, not a callable (see TalkFilter)."""

    field_class = forms.ChoiceField


# `versions=one`: a talk given several times (talks/models/versions.py) shows once, at the
# latest of its versions that the other parameters find; without it, every version shows.
ONE_PER_TALK = "one"
VERSIONS_CHOICES = [(ONE_PER_TALK, _("Each talk once, at its latest version"))]


class VersionsFilter(FinderStepFilter):
    """One of VERSIONS_CHOICES, applied once the text has chosen among the talks, so that
    the version shown is one that matches."""

    field_class = forms.ChoiceField


class TalkFilter(ReportingFilterSet):
    """Filters of the talk finder, over published talks. An unknown value is reported and
    ignored (pages/filtering.py): a topic, an event, a series or a speaker that readers may
    not see is unknown to them.

    Choices are given as callables: every request deep-copies the filters and their form
    fields, and copying a list of translated names costs more than the rest of the form.
    """

    q = TextFilter(label=pgettext_lazy("noun", "Search"), max_length=200, strip=True)
    speaker = django_filters.CharFilter(
        method="filter_speaker", label=_("Speaker"), max_length=200, validators=[validate_slug]
    )
    event = ConditionFilter(
        field_class=forms.SlugField,
        condition=lambda slug: Q(event__slug=slug),
        label=_("Event"),
        max_length=200,
    )
    series = ConditionFilter(
        field_class=forms.SlugField,
        condition=lambda slug: Q(event__series__slug=slug),
        label=_("Series"),
        max_length=200,
    )
    year = ConditionFilter(
        field_class=forms.IntegerField,
        condition=lambda year: Q(event__start_date__year=year),
        label=_("Year"),
        min_value=1900,
        max_value=2200,
    )
    topic = ConditionFilter(
        field_class=ValueListField,
        condition=_with_topics,
        label=_("Topics"),
        item=forms.SlugField(max_length=200),
    )
    language = ConditionFilter(
        field_class=ValueListField,
        condition=lambda codes: Q(languages__overlap=codes),
        label=_("Languages"),
        item=forms.ChoiceField(choices=language_choices),
    )
    format = ConditionFilter(
        field_class=forms.ChoiceField,
        condition=lambda talk_format: Q(format=talk_format),
        label=_("Format"),
        choices=lambda: TalkFormat.choices,
    )
    has_notes = ConditionFilter(
        field_class=forms.TypedChoiceField,
        condition=_with_notes,
        label=_("With notes"),
        choices=lambda: YES_NO_CHOICES,
        coerce=lambda value: value == "true",
    )
    has_recording = ConditionFilter(
        field_class=forms.TypedChoiceField,
        condition=_with_recording,
        label=_("With a recording"),
        choices=lambda: YES_NO_CHOICES,
        coerce=lambda value: value == "true",
    )
    min_rating = ConditionFilter(
        field_class=forms.TypedChoiceField,
        condition=lambda stars: Q(rating_average__gte=stars),
        label=_("Minimum rating"),
        choices=lambda: RATING_CHOICES,
        coerce=int,
    )
    sort = SortFilter(label=_("Sort by"), choices=lambda: SORT_CHOICES)
    versions = VersionsFilter(label=_("Versions"), choices=lambda: VERSIONS_CHOICES)

    slug_lookups: ClassVar[dict[str, SlugLookup]] = {
        "topic": lambda slugs: Topic.objects.public().filter(slug__in=slugs),
        "event": lambda slugs: Event.objects.published().filter(slug__in=slugs),
        "series": lambda slugs: Series.objects.public().filter(slug__in=slugs),
        "speaker": lambda slugs: Speaker.objects.public().filter(slug__in=slugs),
    }

    class Meta(ReportingFilterSet.Meta):
        model = Talk
        fields: list[str] = []

    def filter_speaker(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        return queryset.filter(
            pk__in=TalkSpeaker.objects.filter(speaker__slug=value).values("talk_id")
        )

    def scope(self, queryset: QuerySet[Talk]) -> QuerySet[Talk]:
        """Apply the filters that are not facets (the speaker): the talks that the facets
        count, once the text has chosen among them."""
        values = self.valid_values()
        if "speaker" in values:
            queryset = self.filters["speaker"].filter(queryset, values["speaker"])
        return queryset

    def one_per_talk(self) -> bool:
        """Whether a talk given several times shows once (`versions=one`)."""
        return self.valid_values().get("versions") == ONE_PER_TALK

    def facet_conditions(self) -> dict[str, Q]:
        """The condition of each active facet filter, by filter name."""
        return {
            name: self.filters[name].condition(value)
            for name, value in self.valid_values().items()
            if isinstance(self.filters[name], ConditionFilter)
        }

    def facet_values(self) -> dict[str, str | list[str]]:
        """The selected option(s) of each active facet, as they appear in the URL."""
        selected: dict[str, str | list[str]] = {}
        for name, value in self.valid_values().items():
            if not isinstance(self.filters[name], ConditionFilter):
                continue
            if isinstance(value, list):
                selected[name] = [str(item) for item in value]
            elif isinstance(value, bool):
                # The facet has one option, "with notes" or "with a recording"; `false`
                # selects none.
                if value:
                    selected[name] = "true"
            else:
                selected[name] = str(value)
        return selected
