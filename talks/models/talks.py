"""Talks, who gives them, and what full-text search matches for each."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, F, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Upper
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from common.links import detail_url
from common.models import content_changed
from events.models import Event, EventStatus
from people.models import Speaker
from talks import triggers
from talks.languages import LANGUAGE_CHOICES, LANGUAGE_CODES
from talks.markdown import render_markdown
from talks.models.choices import TalkFormat, TalkStatus
from talks.models.topics import TaggedTalk


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
    # Titles and abstracts are often in another language than the talk (a French talk with an
    # English title, as the conference published it): pages mark them with their own.
    text_language = models.CharField(
        _("language of the title and abstract"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        default="",
        db_default="",
        help_text=_("Blank when unknown."),
    )
    # An abstract written by an attendee in their own words (a write-up's) may be in another
    # language than the title the conference published.
    abstract_language = models.CharField(
        _("language of the abstract"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        default="",
        db_default="",
        help_text=_("Blank when it is that of the title."),
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
    # What the slides' player is named by, where their address alone does not say it
    # (talks/services/slides.py): a Speaker Deck or SlideShare deck's id, or the SHA-256 of
    # the copy of a PDF kept here; valid only while `slides_player_for` is `slides_url`.
    slides_player = models.CharField(
        _("slides player"), max_length=100, blank=True, default="", db_default="", editable=False
    )
    slides_player_for = models.URLField(
        _("slides player found for"),
        max_length=500,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    # Where an imported schedule (docs/importing.md) names the talk: its frab/pretalx guid,
    # by which importing the schedule again updates the talk instead of adding another.
    # A default in the database too: bulk loads (COPY) name only the columns they fill.
    source_guid = models.CharField(
        _("source identifier"), max_length=100, blank=True, default="", db_default=""
    )
    source_url = models.URLField(
        _("source page"), max_length=500, blank=True, default="", db_default=""
    )
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
    # The attendee's proposal that brought the talk in, moderated as one item with its others.
    proposal = models.ForeignKey(
        "talks.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
        verbose_name=_("proposal"),
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    # The same talk given elsewhere: every talk of one work is a version of the others.
    work = models.ForeignKey(
        "talks.Work",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("versions of"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The [slug, name] of each of its speakers, in their order, as lists show them: kept by the
    # triggers of talks/triggers.py (TALK_SPEAKER_LINKS, SPEAKER_RENAME_LINKS); the database
    # ignores any other write.
    speaker_links = ArrayField(
        ArrayField(models.TextField(), size=2),
        verbose_name=_("speakers as listed"),
        default=list,
        editable=False,
    )
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
        triggers = [*triggers.ON_TALK, content_changed()]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="talk_slug_unique_in_event"),
            models.UniqueConstraint(
                fields=["event", "source_guid"],
                condition=~models.Q(source_guid=""),
                name="talk_source_guid_unique_in_event",
            ),
            models.CheckConstraint(
                condition=models.Q(languages__len__gte=1)
                & models.Q(languages__contained_by=LANGUAGE_CODES),
                name="talk_languages_known",
                violation_error_message=_("A talk needs one or more known language codes."),
            ),
            models.CheckConstraint(
                condition=models.Q(text_language="") | models.Q(text_language__in=LANGUAGE_CODES),
                name="talk_text_language_known",
            ),
            models.CheckConstraint(
                condition=models.Q(abstract_language="")
                | models.Q(abstract_language__in=LANGUAGE_CODES),
                name="talk_abstract_language_known",
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
            # The trends (talks/trend_selectors.py): published talks by year, language and
            # event, and their ids for their topics and speakers, read from the index alone,
            # a tenth of the table's size.
            models.Index(
                fields=["event"],
                include=["id", "day", "languages", "published_note_count"],
                name="talk_published_trends_idx",
                condition=models.Q(status=TalkStatus.PUBLISHED),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("talks:detail", event_slug=self.event.slug, slug=self.slug)

    @property
    def slides_player_id(self) -> str:
        """What names the player of the slides at their current address, if it was found."""
        return self.slides_player if self.slides_player_for == self.slides_url else ""

    @property
    def is_public(self) -> bool:
        """Whether readers see the talk: `published_talks()` for a talk already loaded, with
        its event."""
        return self.status == TalkStatus.PUBLISHED and self.event.status == EventStatus.PUBLISHED

    @property
    def abstract_html(self) -> str:
        """The abstract, Markdown like a note, as sanitized HTML: its lines wrap as the page
        does, not where the source broke them. Rendered when read, since only the talk's own
        page shows it."""
        return render_markdown(self.abstract)

    @property
    def abstract_text_language(self) -> str:
        """The language the abstract is written in, blank when unknown."""
        return self.abstract_language or self.text_language

    @property
    def format_label(self) -> str:
        """The format's name, as get_format_display() gives it but without its cost (it hashes
        every choice's translated name at each call), which a list pays for every talk."""
        return TalkFormat(self.format).label


class TalkSpeaker(models.Model):
    talk = models.ForeignKey(
        Talk, on_delete=models.CASCADE, related_name="talk_speakers", verbose_name=_("talk")
    )
    speaker = models.ForeignKey(
        "people.Speaker",
        on_delete=models.CASCADE,
        related_name="talk_speakers",
        verbose_name=_("speaker"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["talk", "order"]
        verbose_name = _("talk speaker")
        verbose_name_plural = _("talk speakers")
        triggers = [*triggers.ON_TALK_SPEAKER, content_changed()]
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
