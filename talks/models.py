from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, F, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Length, Upper
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from common.links import detail_url
from events.models import Event, EventStatus
from people.models import Speaker
from talks import triggers
from talks.languages import LANGUAGE_CHOICES, LANGUAGE_CODES
from talks.markdown import render_markdown

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


class TalkStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Pending review")
    REJECTED = "rejected", _("Rejected")


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REJECTED = "rejected", _("Rejected")


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or offensive")
    WRONG_TALK = "wrong-talk", _("About another talk")
    COPYRIGHT = "copyright", _("Copied from elsewhere")
    OTHER = "other", _("Something else")


class TopicQuerySet(models.QuerySet):
    def public(self):
        """The topics of a published talk: the only ones readers see."""
        return self.filter(
            models.Exists(Talk.objects.published().filter(topics=models.OuterRef("pk")))
        )


class Topic(TagBase):
    """What a talk is about (Kubernetes, Observability, ...): our tag model for django-taggit."""

    description = models.TextField(_("description"), blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        triggers = triggers.ON_TOPIC

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
        triggers = triggers.ON_TAGGED_TALK
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedtalk_unique"),
        ]


def published_talks(prefix: str = "") -> models.Q:
    """The one definition of a public talk: the talk and its event are published.

    `prefix` reaches talks through a relation, as a join rather than a subquery:
    `Note.objects.filter(published_talks("talk__"))`.
    """
    return models.Q(
        **{f"{prefix}status": TalkStatus.PUBLISHED, f"{prefix}event__status": EventStatus.PUBLISHED}
    )


class TalkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_talks())

    def awaiting_review(self, *, proposer):
        """The talks `proposer` proposed that are not public yet and that editors have not
        refused: the talk or its event is pending, and neither is rejected."""
        return self.filter(
            models.Q(status=TalkStatus.PENDING) | models.Q(event__status=EventStatus.PENDING),
            proposed_by=proposer,
        ).exclude(
            models.Q(status=TalkStatus.REJECTED) | models.Q(event__status=EventStatus.REJECTED)
        )


class Talk(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="talks", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200)
    abstract = models.TextField(_("abstract"), blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=TalkFormat.choices, default=TalkFormat.TALK
    )
    languages = ArrayField(
        # Unbounded: a varchar(2) cast would silently truncate "english" into "en".
        models.CharField(max_length=None, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        help_text=_("One or more; a bilingual or interpreted talk has several."),
    )
    topics = TaggableManager(
        through=TaggedTalk, blank=True, verbose_name=_("topics"), related_name="talks"
    )
    speakers = models.ManyToManyField(
        "people.Speaker",
        through="TalkSpeaker",
        related_name="talks",
        blank=True,
        verbose_name=_("speakers"),
    )
    # The talk's day as editors give it, blank when unknown.
    date = models.DateField(_("day"), null=True, blank=True)
    # What lists show and sort by, in one column that an index serves. Kept by the triggers
    # of talks/triggers.py (TALK_DAY, EVENT_TALK_DAYS): the database ignores any other write.
    day = models.DateField(
        _("day in lists"),
        null=True,
        editable=False,
        help_text=_("The talk's own day or, without one, its event's first day."),
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration"), null=True, blank=True, help_text=_("In minutes.")
    )
    room = models.CharField(_("room or track"), max_length=100, blank=True)
    slides_url = models.URLField(_("slides"), max_length=500, blank=True)
    video_url = models.URLField(_("video"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TalkStatus.choices, default=TalkStatus.PUBLISHED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_talks",
        verbose_name=_("proposed by"),
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Counters of published notes and rated reviews, kept exact by the triggers of
    # talks/triggers.py (NOTE_COUNTERS, REVIEW_COUNTERS): the database ignores any other write.
    published_note_count = models.PositiveIntegerField(
        _("published notes"), default=0, editable=False
    )
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    rating_sum = models.PositiveIntegerField(_("sum of the ratings"), default=0, editable=False)
    rating_average = models.GeneratedField(
        expression=Case(
            When(
                rating_count__gt=0,
                then=Cast("rating_sum", models.DecimalField(max_digits=9, decimal_places=2))
                / F("rating_count"),
            ),
            default=None,
        ),
        output_field=models.DecimalField(max_digits=3, decimal_places=2),
        db_persist=True,
        null=True,
        verbose_name=_("average rating"),
    )

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["event", "date", "start_time", "title"]
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        triggers = triggers.ON_TALK
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="talk_slug_unique_in_event"),
            models.CheckConstraint(
                condition=models.Q(languages__len__gte=1)
                & models.Q(languages__contained_by=LANGUAGE_CODES),
                name="talk_languages_known",
                violation_error_message=_("A talk needs one or more known language codes."),
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=TalkFormat.values),
                name="talk_format_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=TalkStatus.values),
                name="talk_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(duration__isnull=True) | models.Q(duration__gt=0),
                name="talk_duration_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(title="") & ~models.Q(slug=""), name="talk_title_not_blank"
            ),
        ]
        indexes = [
            GinIndex(fields=["languages"], name="talk_languages_gin"),
            models.Index(fields=["status", "event"], name="talk_status_event_idx"),
            # The editors' list: its date hierarchy, and its search on words of the title
            # (Django's icontains compares UPPER(title), hence the index on that expression).
            models.Index(fields=["date"], name="talk_date_idx"),
            # The finder's default order, newest first, for its pages of published talks.
            models.Index(
                F("day").desc(),
                F("start_time").desc(nulls_last=True),
                F("id").desc(),
                name="talk_published_day_idx",
                condition=models.Q(status=TalkStatus.PUBLISHED),
            ),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="talk_title_trgm"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("talks:detail", event_slug=self.event.slug, slug=self.slug)

    @property
    def format_label(self) -> str:
        """The format's name, as get_format_display() gives it but without its cost (it hashes
        every choice's translated name at each call), which a list pays for every talk."""
        return TalkFormat(self.format).label


class TalkSpeaker(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="talk_speakers")
    speaker = models.ForeignKey(
        "people.Speaker", on_delete=models.CASCADE, related_name="talk_speakers"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["talk", "order"]
        verbose_name = _("talk speaker")
        verbose_name_plural = _("talk speakers")
        triggers = triggers.ON_TALK_SPEAKER
        constraints = [
            models.UniqueConstraint(fields=["talk", "speaker"], name="talkspeaker_unique"),
            models.UniqueConstraint(fields=["talk", "order"], name="talkspeaker_order_unique"),
        ]

    def __str__(self):
        return f"{self.speaker} @ {self.talk}"


class TalkSearchDocument(models.Model):
    """What full-text search matches for one talk, written only by database triggers.

    The triggers of talks/triggers.py rewrite it whenever the talk, its speakers, topics or
    notes change, whoever writes them (forms, admin, bulk COPY); see talks/search/.
    """

    talk = models.OneToOneField(
        Talk,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("talk"),
    )
    document = SearchVectorField(_("title, speakers, topics and abstract"))
    notes = SearchVectorField(_("published notes"))

    class Meta:
        verbose_name = _("talk search document")
        verbose_name_plural = _("talk search documents")
        default_permissions = ()
        # The words of a query may be spread over a talk's own text and its notes: the second
        # index covers both. The first finds the talks whose own text matches, which rank first.
        indexes = [
            GinIndex(fields=["document"], name="talksearch_document_gin"),
            GinIndex(CombinedExpression(F("document"), "||", F("notes")), name="talksearch_gin"),
        ]

    def __str__(self):
        return str(self.talk_id)

    def save(self, *args, **kwargs):
        raise TypeError("Talk search documents are written by database triggers only.")


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
        triggers = triggers.ON_NOTE
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
        triggers = triggers.ON_REVIEW
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
                condition=models.Q(status__in=ReviewStatus.values),
                name="review_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["talk", "status"], name="review_talk_status_idx")]

    def __str__(self):
        return _("Review by %(author)s of %(talk)s") % {"author": self.author, "talk": self.talk}


# The triggers by which events and speakers keep their talks' data are the talks app's: the
# events and people apps know nothing of talks. Proxies hold them, as django-pgtrigger does for
# models of other apps; nothing else uses them.


class EventTalkTriggers(Event):
    class Meta:
        proxy = True
        default_permissions = ()
        triggers = triggers.ON_EVENT


class SpeakerTalkTriggers(Speaker):
    class Meta:
        proxy = True
        default_permissions = ()
        triggers = triggers.ON_SPEAKER
