"""Proposals: the moderation queue of what attendees send in one go, and the page where an
editor decides on one, whole or talk by talk, and on the topics it suggests
(proposal_review.py)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from common.curation.actions import moderation_action
from common.curation.options import CurationAdmin, subquery_count
from common.names import first_spellings
from talks.admin.filters import ProposalStateFilter
from talks.admin.proposal_review import TalkDecisionForm, TopicDecisionForm, suggested_topics
from talks.models import (
    Proposal,
    Talk,
    TalkSpeaker,
    TalkStatus,
    TopicSuggestion,
    TopicSuggestionStatus,
    open_proposals,
)
from talks.services.moderation import talk_approve, talk_reject
from talks.services.proposal_moderation import (
    proposal_approve,
    proposal_reject,
    topic_suggestion_accept,
    topic_suggestion_drop,
    topic_suggestion_map,
)

# A proposal is its talks and the event it brought: who may change those decides on it.
VIEW_PERMISSIONS = ("talks.view_talk", "events.view_event")
CHANGE_PERMISSIONS = ("talks.change_talk", "events.change_event")


def _talk_count(status: TalkStatus):
    return subquery_count(Talk.objects.filter(proposal=OuterRef("pk"), status=status))


@admin.register(Proposal)
class ProposalAdmin(CurationAdmin):
    list_display = (
        "event_summary",
        "event_is_new",
        "proposer",
        "pending_talks",
        "published_talks",
        "rejected_talks",
        "awaiting_topics",
        "created_at",
    )
    list_display_links = ("event_summary",)
    list_filter = (ProposalStateFilter,)
    search_fields = ("event__name", "proposer__username")
    search_help_text = gettext_lazy("Words from the event's name, or the proposer's username.")
    # Open proposals first, newest first among them.
    ordering = (
        ExpressionWrapper(open_proposals(), output_field=BooleanField()).desc(),
        "-created_at",
        "-pk",
    )
    sortable_by = ()
    actions = ("approve", "reject")

    def get_queryset(self, request):
        awaiting = (
            TopicSuggestion.objects.filter(
                talk__proposal=OuterRef("pk"), status=TopicSuggestionStatus.PENDING
            )
            .exclude(talk__status=TalkStatus.REJECTED)
            .order_by("pk")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("event__series", "proposer")
            .annotate(
                pending_count=_talk_count(TalkStatus.PENDING),
                published_count=_talk_count(TalkStatus.PUBLISHED),
                rejected_count=_talk_count(TalkStatus.REJECTED),
                awaiting_names=ArraySubquery(awaiting.values("name")),
            )
        )

    # Attendees write proposals; their talks and events are what editors change.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perms(VIEW_PERMISSIONS) or self.has_change_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perms(CHANGE_PERMISSIONS)

    @admin.display(description=gettext_lazy("event"))
    def event_summary(self, proposal):
        return proposal.event.editors_label()

    @admin.display(description=gettext_lazy("pending talks"))
    def pending_talks(self, proposal):
        return proposal.pending_count

    @admin.display(description=gettext_lazy("published talks"))
    def published_talks(self, proposal):
        return proposal.published_count

    @admin.display(description=gettext_lazy("rejected talks"))
    def rejected_talks(self, proposal):
        return proposal.rejected_count

    @admin.display(description=gettext_lazy("suggested topics awaiting a decision"))
    def awaiting_topics(self, proposal):
        return ", ".join(first_spellings(proposal.awaiting_names))

    approve = moderation_action(
        proposal_approve,
        objects="proposals",
        description=gettext_lazy("Approve selected proposals: everything still pending"),
        done=ngettext_lazy(
            "%(count)d proposal approved.", "%(count)d proposals approved.", "count"
        ),
    )

    reject = moderation_action(
        proposal_reject,
        objects="proposals",
        description=gettext_lazy("Reject selected proposals: everything still pending…"),
        done=ngettext_lazy(
            "%(count)d proposal rejected.", "%(count)d proposals rejected.", "count"
        ),
        ask_reason=gettext_lazy("Reject proposals"),
    )

    # The change page: the proposal as the editor reviews it.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        talk_form = TalkDecisionForm(proposal=proposal)
        topic_form = None
        if request.method == "POST":
            if not self.has_change_permission(request, proposal):
                raise PermissionDenied
            if "suggested" in request.POST:
                topic_form = form = TopicDecisionForm(request.POST, admin_site=self.admin_site)
                decide = self._decide_topic
            else:
                talk_form = form = TalkDecisionForm(request.POST, proposal=proposal)
                decide = self._decide_talks
            if form.is_valid():
                decide(request, proposal, form.cleaned_data)
                return HttpResponseRedirect(request.path)
        return self._review(request, proposal, talk_form, topic_form)

    def _review(self, request, proposal, talk_form, topic_form) -> TemplateResponse:
        talks = list(
            proposal.talks.order_by(
                F("date").asc(nulls_last=True), F("start_time").asc(nulls_last=True), "pk"
            ).prefetch_related(
                Prefetch(
                    "talk_speakers",
                    queryset=TalkSpeaker.objects.select_related("speaker").order_by("order"),
                ),
                "topics",
                Prefetch(
                    "topic_suggestions",
                    queryset=TopicSuggestion.objects.select_related("topic").order_by("name"),
                ),
            )
        )
        chosen = {str(key) for key in talk_form["talks"].value() or ()}
        topics = suggested_topics(talks)
        posted = topic_form.data.get("suggested", "").lower() if topic_form else None
        for index, topic in enumerate(topics):
            if topic.pending:
                topic.form = (
                    topic_form
                    if posted == topic.name.lower()
                    else TopicDecisionForm(
                        initial={"suggested": topic.name}, admin_site=self.admin_site
                    )
                )
                topic.form.auto_id = f"id_topic{index}_%s"
        if topic_form and all(topic.form is not topic_form for topic in topics):
            # Posted for no suggestion awaiting a decision: its errors have no form to show in.
            errors = [error for field in topic_form.errors.values() for error in field]
            self.message_user(request, " ".join(errors), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review the proposal"),
            "subtitle": str(proposal),
            "opts": self.opts,
            "proposal": proposal,
            "event_summary": proposal.event.editors_label(),
            "place": ", ".join(
                part
                for part in (proposal.event.venue, proposal.event.city, proposal.event.country)
                if part
            ),
            "talks": [(talk, str(talk.pk) in chosen) for talk in talks],
            "talk_form": talk_form,
            "suggested_topics": topics,
            "can_decide": self.has_change_permission(request, proposal),
            "media": self.media + TopicDecisionForm(admin_site=self.admin_site).media,
        }
        return TemplateResponse(request, "admin/talks/proposal/review.html", context)

    def _decide_talks(self, request, proposal: Proposal, data: dict) -> None:
        decision, reason, editor = data["decision"], data["reason"], request.user
        whole = Proposal.objects.filter(pk=proposal.pk)
        chosen = Talk.objects.filter(pk__in=[talk.pk for talk in data["talks"]])
        if decision == "approve-chosen":
            count = talk_approve(talks=chosen, editor=editor)
            message = ngettext("%(count)d talk approved.", "%(count)d talks approved.", count)
        elif decision == "reject-chosen":
            count = talk_reject(talks=chosen, editor=editor, reason=reason)
            message = ngettext("%(count)d talk rejected.", "%(count)d talks rejected.", count)
        elif decision == "approve-all":
            count = proposal_approve(proposals=whole, editor=editor)
            message = _("Everything still pending in the proposal is approved.")
        else:
            count = proposal_reject(proposals=whole, editor=editor, reason=reason)
            message = _("Everything still pending in the proposal is rejected.")
        if not count:
            message = _("Nothing was pending among what you chose: nothing was changed.")
        self.message_user(
            request, message % {"count": count}, messages.SUCCESS if count else messages.WARNING
        )

    def _decide_topic(self, request, proposal: Proposal, data: dict) -> None:
        name, editor = data["suggested"], request.user
        try:
            if data["topic_decision"] == "accept":
                topic, created = topic_suggestion_accept(
                    proposal=proposal, name=name, editor=editor
                )
                message = (
                    _("Topic “%(topic)s” created; the talks that suggested it have it.")
                    if created
                    else _("The topic “%(topic)s” exists: the talks that suggested it have it.")
                ) % {"topic": topic}
            elif data["topic_decision"] == "map":
                topic = data["topic"]
                topic_suggestion_map(proposal=proposal, name=name, topic=topic, editor=editor)
                message = _("The talks that suggested “%(name)s” have the topic “%(topic)s”.") % {
                    "name": name,
                    "topic": topic,
                }
            else:
                topic_suggestion_drop(proposal=proposal, name=name, editor=editor)
                message = _("Suggested topic “%(name)s” dropped.") % {"name": name}
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, message, messages.SUCCESS)
