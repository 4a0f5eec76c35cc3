"""Topics, the former names they answer to, and which talks they tag."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from common.links import detail_url
from common.models import content_changed
from talks import triggers


class TopicQuerySet(models.QuerySet):
    def public(self):
        """The topics of a published talk: the only ones readers see."""
        return self.filter(models.Exists(_talks().published().filter(topics=models.OuterRef("pk"))))


class Topic(TagBase):
    """What a talk is about (Kubernetes, Observability, ...): our tag model for django-taggit."""

    description = models.TextField(_("description"), blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        triggers = [*triggers.ON_TOPIC, content_changed()]

    def get_absolute_url(self):
        return detail_url("talks:topic-detail", slug=self.slug)


class TopicAlias(models.Model):
    """A synonym or former slug of a topic (k8s for Kubernetes), kept after merges."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("topic")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic alias")
        verbose_name_plural = _("topic aliases")
        triggers = [content_changed()]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="") & ~models.Q(slug=""), name="topicalias_not_blank"
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.topic}"


class TaggedTalk(TaggedItemBase):
    content_object = models.ForeignKey("Talk", on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_talks")

    class Meta:
        verbose_name = _("talk topic")
        verbose_name_plural = _("talk topics")
        triggers = [*triggers.ON_TAGGED_TALK, content_changed()]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedtalk_unique"),
        ]
        indexes = [
            # A topic's latest talks, read from the index alone: the candidates of a talk's
            # related talks (talks.selectors.related_talk_ids).
            models.Index(fields=["tag", "content_object"], name="taggedtalk_topic_talks_idx"),
        ]


def _talks():
    # Talks are tagged with topics, so their module imports this one: the registry breaks the
    # circle.
    return apps.get_model("talks", "Talk").objects
