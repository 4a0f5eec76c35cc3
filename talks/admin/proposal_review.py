"""What the page of a proposal shows and what it posts: the editor's decision on its talks, and
on each topic it suggests."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.curation.actions import ReasonForm
from common.curation.guards import KeysOnlyAutocompleteSelect
from talks.models import Proposal, Talk, Topic, TopicSuggestion, TopicSuggestionStatus


class TalkDecisionForm(ReasonForm):
    """What the editor does with the proposal's talks: the button pressed, the talks ticked,
    and a reason for a rejection."""

    # The button pressed.
    decision = forms.ChoiceField(
        choices=[
            ("approve-all", gettext_lazy("Approve all")),
            ("approve-chosen", gettext_lazy("Approve the chosen talks")),
            ("reject-all", gettext_lazy("Reject all")),
            ("reject-chosen", gettext_lazy("Reject the chosen talks")),
        ],
        error_messages={
            "required": gettext_lazy("Choose what to do with the talks: approve or reject them.")
        },
    )
    talks = forms.ModelMultipleChoiceField(queryset=Talk.objects.none(), required=False)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talks"].queryset = Talk.objects.filter(proposal=proposal)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision", "").endswith("-chosen") and not cleaned.get("talks"):
            self.add_error("talks", _("Tick the talks to approve or reject."))
        return cleaned


class TopicDecisionForm(forms.Form):
    """What the editor does with one suggested topic: accept it, map it, or drop it."""

    suggested = forms.CharField(max_length=100, widget=forms.HiddenInput)
    # The button pressed.
    topic_decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Accept: create the topic")),
            ("map", gettext_lazy("Map to this topic")),
            ("drop", gettext_lazy("Drop")),
        ],
        error_messages={
            "required": gettext_lazy(
                "Choose what to do with the suggested topic: accept, map or drop it."
            )
        },
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"] = forms.ModelChoiceField(
            queryset=Topic.objects.all(),
            required=False,
            label=_("Existing topic"),
            # The admin's autocomplete box, asking the topics' admin as the editor types.
            widget=KeysOnlyAutocompleteSelect(TopicSuggestion._meta.get_field("topic"), admin_site),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("topic_decision") == "map" and not cleaned.get("topic"):
            self.add_error("topic", _("Choose the existing topic to map the suggestion to."))
        return cleaned


@dataclass
class SuggestedTopic:
    """One topic name suggested across the proposal, with the talks that suggested it."""

    name: str
    talks: list[str] = field(default_factory=list)
    suggestions: list[TopicSuggestion] = field(default_factory=list)
    form: TopicDecisionForm | None = None

    @property
    def pending(self) -> bool:
        return any(s.status == TopicSuggestionStatus.PENDING for s in self.suggestions)

    @property
    def decisions(self) -> list[str]:
        """How it was decided, for the talks on which it was."""
        return list(
            dict.fromkeys(
                _("%(decision)s: %(topic)s")
                % {"decision": s.get_status_display(), "topic": s.topic}
                if s.topic
                else s.get_status_display()
                for s in self.suggestions
                if s.status != TopicSuggestionStatus.PENDING
            )
        )


def suggested_topics(talks: list[Talk]) -> list[SuggestedTopic]:
    """The distinct names suggested on the talks (case aside), as first typed."""
    titles = {talk.pk: talk.title for talk in talks}
    by_name: dict[str, SuggestedTopic] = {}
    suggestions = [suggestion for talk in talks for suggestion in talk.topic_suggestions.all()]
    for suggestion in sorted(suggestions, key=lambda suggestion: suggestion.pk):
        topic = by_name.setdefault(suggestion.name.lower(), SuggestedTopic(suggestion.name))
        topic.talks.append(titles[suggestion.talk_id])
        topic.suggestions.append(suggestion)
    return list(by_name.values())
