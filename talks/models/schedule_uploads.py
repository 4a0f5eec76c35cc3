"""Schedules uploaded or fetched in the admin: kept from their preview to their import, and
then as the record of what was imported, when and by whom."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleUpload(models.Model):
    name = models.CharField(
        _("file or address"), max_length=2000, help_text=_("The file's name, or its address.")
    )
    source_url = models.URLField(_("address"), max_length=2000, blank=True)
    content = models.BinaryField(_("content"))
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
        help_text=_(
            "The existing event chosen for the talks, if any; once imported, the event they "
            "went into."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The reports of the dry run without choices, and of the import, as JSON text rather than
    # jsonb: a schedule's names may hold a NUL character, which jsonb refuses.
    preview_json = models.TextField(_("preview"), editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    report_json = models.TextField(_("report"), blank=True, editable=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("schedule upload")
        verbose_name_plural = _("schedule uploads")

    def __str__(self):
        return self.name

    @property
    def preview(self) -> dict:
        return json.loads(self.preview_json)

    @property
    def report(self) -> dict | None:
        return json.loads(self.report_json) if self.report_json else None
