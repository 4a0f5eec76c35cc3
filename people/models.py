from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Exists, OuterRef, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _

from common.links import detail_url
from common.models import content_changed


class User(AbstractUser):
    """An account: attendees who write notes and reviews, and editors who curate."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        # Notes and reviews show their author's username, and nothing else of the account.
        triggers = [content_changed("username")]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]


class SpeakerQuerySet(models.QuerySet):
    """Who readers may see. A proposal names its speakers as typed, and names unknown so far
    become speakers at once: a speaker shows only once a published talk names them, so that
    nobody publishes a name by proposing a talk."""

    def public(self):
        """The speakers of a published talk: the only ones readers see."""
        return self.filter(_speaker_of(_talks().published()))

    def named_like(self, text: str):
        """The speakers whose name contains `text`, or looks like it: every word of it within
        one letter dropped, added or changed of a word of the name, or similar by trigrams
        (the SQL function confnotes_speakers_named_like, which the talk search uses too)."""
        # One list of ids from both: PostgreSQL then reads only the speakers found.
        containing = Speaker.objects.filter(name__icontains=text).order_by().values("pk")
        looking_like = (
            Speaker.objects.filter(
                pk__in=RawSQL("SELECT speaker_id FROM confnotes_speakers_named_like(%s)", [text])
            )
            .order_by()
            .values("pk")
        )
        return self.filter(pk__in=containing.union(looking_like))

    def visible_to(self, user):
        """The public speakers and, for a signed-in user, the speakers of their own proposals
        awaiting review; `awaiting_review` tells these apart."""
        if not user.is_authenticated:
            return self.public().annotate(awaiting_review=Value(False))
        public = _speaker_of(_talks().published())
        return self.annotate(awaiting_review=~public).filter(
            public | _speaker_of(_talks().awaiting_review(proposer=user))
        )


def _talks():
    # Talks name their speakers, so the talks app imports this one: the registry breaks the
    # circle.
    return apps.get_model("talks", "Talk").objects


def _speaker_of(talks) -> Exists:
    return Exists(talks.filter(speakers=OuterRef("pk")))


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        triggers = [content_changed()]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="speaker_name_not_blank"),
            models.CheckConstraint(condition=~models.Q(slug=""), name="speaker_slug_not_blank"),
        ]
        indexes = [
            # The editors' talk search matches words of speakers' names (Django's icontains
            # compares UPPER(name), hence the index on that expression).
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="speaker_name_trgm"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("people:speaker-detail", slug=self.slug)


class SpeakerAlias(models.Model):
    """A former slug and name of a speaker, kept so that old links and spellings still work."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("speaker")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker alias")
        verbose_name_plural = _("speaker aliases")
        triggers = [content_changed()]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="") & ~models.Q(slug=""), name="speakeralias_not_blank"
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.speaker}"
