"""What attendees write about talks: notes (with their revisions and readers' reports) and
reviews."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from common.models import content_changed
from talks import triggers
from talks.languages import LANGUAGE_CHOICES, LANGUAGE_CODES
from talks.markdown import render_markdown
from talks.models.choices import MAX_BODY_LENGTH, NoteStatus, ReportReason, ReviewStatus
from talks.models.talks import Talk

# Pending notes first: the editors' moderation queue (talks/admin/moderation.py), on an index.
PENDING_FIRST = models.Case(
    models.When(status=NoteStatus.PENDING, then=models.Value(0)), default=models.Value(1)
)


class MarkdownBody:
    """A model whose Markdown `body` is kept with the sanitized HTML rendered from it,
    `body_html`, written on every save that writes the body."""

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)


class NoteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NoteStatus.PUBLISHED)


class NoteManager(models.Manager.from_queryset(NoteQuerySet)):
    def get_queryset(self):
        # Only full-text search reads a note's search vector: pages need not fetch it.
        return super().get_queryset().defer("search_vector")


class Note(MarkdownBody, models.Model):
    talk = models.ForeignKey(
        Talk, on_delete=models.CASCADE, related_name="notes", verbose_name=_("talk")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("author"),
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    body = models.TextField(_("notes"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT
    )
    moderation_reason = models.TextField(
        _("moderation reason"), blank=True, help_text=_("Shown to the author.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The body in the text search configuration of its language, kept by a trigger
    # (talks/triggers.py, NOTE_SEARCH_VECTOR; see talks/search/).
    search_vector = SearchVectorField(_("search vector"), editable=False, null=True)

    objects = NoteManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        triggers = [*triggers.ON_NOTE, content_changed()]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=LANGUAGE_CODES), name="note_language_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NoteStatus.values),
                name="note_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    GreaterThan(Length("body"), 0), LessThanOrEqual(Length("body"), MAX_BODY_LENGTH)
                ),
                name="note_body_length",
                violation_error_message=_("Notes must be between 1 and 50,000 characters."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="note_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["talk", "status"], name="note_talk_status_idx"),
            models.Index(fields=["status", "-published_at"], name="note_status_published_idx"),
            # Each talk's latest published note, the lastmod of its page in the sitemaps
            # (pages/sitemaps.py): read from the index alone, not from the notes' rows.
            models.Index(
                fields=["talk", "-published_at"],
                condition=models.Q(status=NoteStatus.PUBLISHED),
                name="note_talk_published_idx",
            ),
            models.Index(fields=["author", "-created_at"], name="note_author_idx"),
            models.Index(
                PENDING_FIRST,
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="note_moderation_queue_idx",
            ),
        ]

    def __str__(self):
        return _("Notes by %(author)s on %(talk)s") % {"author": self.author, "talk": self.talk}

    def get_absolute_url(self):
        return f"{self.talk.get_absolute_url()}#note-{self.pk}"


class NoteRevision(models.Model):
    """The text of a note before one of its edits, so that editors can see what changed."""

    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("note")
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    body = models.TextField(_("notes"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["note", "-created_at"]
        verbose_name = _("note revision")
        verbose_name_plural = _("note revisions")

    def __str__(self):
        return f"{self.note} ({self.created_at:%Y-%m-%d %H:%M})"


class NoteReport(models.Model):
    """A reader's report that a note is spam, abusive or wrong; editors work through them."""

    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="reports", verbose_name=_("note")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="note_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["resolved", "-created_at"]
        verbose_name = _("note report")
        verbose_name_plural = _("note reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason__in=ReportReason.values),
                name="notereport_reason_valid",
            ),
        ]
        indexes = [models.Index(fields=["resolved", "-created_at"], name="notereport_queue_idx")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.note}"


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)


class Review(MarkdownBody, models.Model):
    talk = models.ForeignKey(
        Talk, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("talk")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("author"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, help_text=_("From 1 to 5.")
    )
    body = models.TextField(_("my take"), blank=True, help_text=_("Markdown."))
    # Blank when unknown: reviews written before it was asked, or a rating without words.
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        default="",
        db_default="",
    )
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        triggers = [*triggers.ON_REVIEW, content_changed()]
        constraints = [
            models.UniqueConstraint(fields=["talk", "author"], name="review_one_per_author"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__range=(1, 5)),
                name="review_rating_range",
                violation_error_message=_("The rating goes from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=False) | ~models.Q(body=""),
                name="review_rating_or_text",
                violation_error_message=_("Give a rating, a few words, or both."),
            ),
            models.CheckConstraint(
                condition=models.Q(LessThanOrEqual(Length("body"), MAX_BODY_LENGTH)),
                name="review_body_length",
            ),
            models.CheckConstraint(
                condition=models.Q(language="") | models.Q(language__in=LANGUAGE_CODES),
                name="review_language_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReviewStatus.values),
                name="review_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["talk", "status"], name="review_talk_status_idx")]

    def __str__(self):
        return _("Review by %(author)s of %(talk)s") % {"author": self.author, "talk": self.talk}
