"""Versions of one talk: the same talk given at several events, or in several languages."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from common.models import content_changed


class Work(models.Model):
    """What the talks linked as versions of each other have in common: each version is a
    `Talk` whose `work` is this one. A work has two versions or more; editors link them
    (talks/services/versions.py), which is how readers of one version find the others."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("talk given several times")
        verbose_name_plural = _("talks given several times")
        triggers = [content_changed()]

    def __str__(self):
        return _("Versions #%(number)d") % {"number": self.pk}


class VersionDismissal(models.Model):
    """Two talks an editor said are not versions of each other: the admin stops suggesting
    them as candidates. Stored once per pair, the smaller talk id first."""

    talk = models.ForeignKey(
        "talks.Talk", on_delete=models.CASCADE, related_name="+", verbose_name=_("talk")
    )
    other = models.ForeignKey(
        "talks.Talk", on_delete=models.CASCADE, related_name="+", verbose_name=_("other talk")
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    created_at = models.DateTimeField(_("dismissed"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dismissed version candidate")
        verbose_name_plural = _("dismissed version candidates")
        constraints = [
            models.UniqueConstraint(fields=["talk", "other"], name="version_dismissal_unique"),
            models.CheckConstraint(
                condition=models.Q(talk__lt=F("other")), name="version_dismissal_ordered_pair"
            ),
        ]

    def __str__(self):
        return f"{self.talk_id} ≠ {self.other_id}"
