"""The fixed choices of talks, notes, reviews and reports, and the longest text accepted."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Longest Markdown source accepted for a note or a review, in characters.
MAX_BODY_LENGTH = 50_000


class TalkFormat(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    TALK = "talk", _("Talk")
    LIGHTNING = "lightning", _("Lightning talk")
    WORKSHOP = "workshop", _("Workshop")
    PANEL = "panel", _("Panel")
    ROUND_TABLE = "round-table", _("Round table")
    HANDS_ON_LAB = "hands-on-lab", _("Hands-on lab")


# A status agrees with its noun in French: a talk and a note (feminine) have contexts of their
# own; a review and an event (masculine) take the plain words.
class TalkStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("talk", "Published")
    PENDING = "pending", _("Awaiting review")
    REJECTED = "rejected", pgettext_lazy("talk", "Rejected")


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", pgettext_lazy("note", "Published")
    HIDDEN = "hidden", pgettext_lazy("note", "Hidden")
    REJECTED = "rejected", pgettext_lazy("note", "Rejected")


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or offensive")
    WRONG_TALK = "wrong-talk", _("About another talk")
    COPYRIGHT = "copyright", _("Copied from elsewhere")
    OTHER = "other", _("Something else")
