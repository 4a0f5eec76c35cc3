"""What attendees send in one go: a conference with its programme, or talks for an event.

A proposal is one item of the editors' moderation queue, approved or rejected as a whole or
talk by talk (talks/services/proposal_moderation.py). Topics that do not exist yet are
suggested, never refused: each suggestion waits for an editor to accept it, map it to an
existing topic, or drop it.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from events.models import EventStatus
from talks.models.choices import TalkStatus
from talks.models.talks import Talk


def undecided_proposals() -> models.Q:
    """What an editor still has to approve or reject: a pending talk, or the pending event the
    proposal brought."""
    return models.Q(
        models.Exists(
            Talk.objects.filter(proposal=models.OuterRef("pk"), status=TalkStatus.PENDING)
        )
    ) | models.Q(event_is_new=True, event__status=EventStatus.PENDING)


def open_proposals() -> models.Q:
    """Proposals awaiting an editor: something undecided, or a topic suggested for a talk that
    is not rejected and still awaiting a decision."""
    awaiting_topics = TopicSuggestion.objects.filter(
        talk__proposal=models.OuterRef("pk"), status=TopicSuggestionStatus.PENDING
    ).exclude(talk__status=TalkStatus.REJECTED)
    return undecided_proposals() | models.Q(models.Exists(awaiting_topics))


class ProposalQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(undecided_proposals())

    def open(self):
        return self.filter(open_proposals())

    def decided(self):
        return self.exclude(open_proposals())


class Proposal(models.Model):
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposals",
        verbose_name=_("proposed by"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("event"),
    )
    # The proposal described the event: approving the proposal publishes it too.
    event_is_new = models.BooleanField(_("new event"), default=False)
    comment = models.TextField(
        _("comment for the editors"), blank=True, help_text=_("Only editors read it.")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return str(self.event)


class TopicSuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted: topic created")
    MAPPED = "mapped", _("Mapped to an existing topic")
    DROPPED = "dropped", _("Dropped")


class TopicSuggestion(models.Model):
    """A topic a proposer asked for on one talk, which the site did not have."""

    talk = models.ForeignKey(
        "talks.Talk",
        on_delete=models.CASCADE,
        related_name="topic_suggestions",
        verbose_name=_("talk"),
    )
    name = models.CharField(_("suggested topic"), max_length=100)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TopicSuggestionStatus.choices,
        default=TopicSuggestionStatus.PENDING,
    )
    # The topic the talk was tagged with instead: the new one, or the one it was mapped to.
    topic = models.ForeignKey(
        "talks.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["talk", "name"]
        verbose_name = _("topic suggestion")
        verbose_name_plural = _("topic suggestions")
        constraints = [
            models.UniqueConstraint("talk", Lower("name"), name="topicsuggestion_once_per_talk"),
            models.CheckConstraint(
                condition=models.Q(status__in=TopicSuggestionStatus.values),
                name="topicsuggestion_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="topicsuggestion_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name
