"""The copies of talks' PDF slides kept here, so that a talk page shows them from its own
origin (talks/services/slides.py keeps them, pages/views/slides.py serves them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from talks.models.talks import published_talks


class SlidesCopyQuerySet(models.QuerySet):
    def published(self):
        """The copies that readers may see: those of public talks."""
        return self.filter(published_talks("talk__"))


class SlidesCopy(models.Model):
    """A talk's PDF slides as fetched from their address when the address was saved."""

    talk = models.OneToOneField(
        "talks.Talk",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="slides_copy",
        verbose_name=_("talk"),
    )
    source_url = models.URLField(_("copied from"), max_length=500)
    content = models.BinaryField(_("content"))
    # The copy's address on the site and its ETag: a changed file gets another address.
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    fetched_at = models.DateTimeField(_("fetched"))

    objects = SlidesCopyQuerySet.as_manager()

    class Meta:
        ordering = ["talk"]
        verbose_name = _("copy of slides")
        verbose_name_plural = _("copies of slides")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="slidescopy_sha256_hex",
            ),
        ]

    def __str__(self):
        return self.source_url
