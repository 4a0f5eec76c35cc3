import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.links import detail_url
from common.models import content_changed


class SeriesQuerySet(models.QuerySet):
    def public(self):
        """The series with a published edition: the only ones readers see."""
        return self.filter(
            models.Exists(Event.objects.published().filter(series=models.OuterRef("pk")))
        )


class Series(models.Model):
    """A recurring conference, such as "DevFest Nantes"; each year is an Event."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")
        triggers = [content_changed()]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="series_name_ci_unique"),
            models.CheckConstraint(condition=~models.Q(name=""), name="series_name_not_blank"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("events:series-detail", slug=self.slug)


class EventStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting review")
    REJECTED = "rejected", _("Rejected")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def visible_to(self, user):
        """The published events and, for a signed-in user, the events they proposed that
        await review (pending: only they see them, marked so)."""
        if not user.is_authenticated:
            return self.published()
        return self.published() | self.filter(status=EventStatus.PENDING, proposed_by=user)


class Event(models.Model):
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("For example kubecon-europe-2024.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 code, such as FR.")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PUBLISHED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
        verbose_name=_("proposed by"),
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        triggers = [content_changed()]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(country__regex=r"^[A-Z]{2}$"),
                name="event_country_iso_code",
                violation_error_message=_("The country must be a two-letter ISO code."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=EventStatus.values),
                name="event_status_valid",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="event_name_not_blank"),
        ]
        indexes = [models.Index(fields=["status", "-start_date"], name="event_status_date_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("events:detail", slug=self.slug)

    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        """The zone of its talks' days and start times: the site's (settings.TIME_ZONE), as
        events have none of their own."""
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def editors_label(self) -> str:
        """The event as editors pick it: its name, dates, city and status, "Awaiting review"
        for one an attendee proposed."""
        dates = date_format(self.start_date)
        if self.end_date != self.start_date:
            dates = f"{dates} \N{EN DASH} {date_format(self.end_date)}"
        return " · ".join(
            part for part in (self.name, dates, self.city, self.get_status_display()) if part
        )
