"""Writes on events: an attendee's proposed event, and editors' decisions on it."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from common.curation.moderation import set_status, with_reason
from common.names import free_slug
from events.models import Event, EventStatus, Series
from people.models import User


@dataclass(frozen=True)
class ProposedEvent:
    name: str
    start_date: datetime.date
    end_date: datetime.date
    city: str = ""
    country: str = ""
    venue: str = ""
    website: str = ""
    # The recurring conference it is an edition of: an existing series (case aside) or a new one.
    series_name: str = ""


def event_propose(*, proposer: User, proposal: ProposedEvent) -> Event:
    """Create a pending event that an attendee proposed."""
    event = Event(
        name=proposal.name,
        slug=free_slug(proposal.name, Event, fallback="event"),
        series=series_for_name(proposal.series_name) if proposal.series_name else None,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        city=proposal.city,
        country=proposal.country,
        venue=proposal.venue,
        website=proposal.website,
        status=EventStatus.PENDING,
        proposed_by=proposer,
    )
    event.full_clean()
    event.save()
    return event


def series_for_name(name: str) -> Series:
    """The series with this name (case aside), or a new one.

    A new series stays out of sight until one of its events is published (Series.public).
    """
    known = Series.objects.filter(name__iexact=name).order_by("pk").first()
    if known is not None:
        return known
    series = Series(name=name, slug=free_slug(name, Series, fallback="series"))
    series.full_clean()
    series.save()
    return series


def event_approve(*, events: QuerySet[Event], editor: User) -> int:
    """Publish proposed (or rejected) events, and with them their published talks."""
    return set_status(
        events,
        editor=editor,
        status=EventStatus.PUBLISHED,
        message="Approved: published.",
        updates={"moderation_reason": ""},
    )


def event_reject(*, events: QuerySet[Event], editor: User, reason: str = "") -> int:
    """Refuse the events; the reason is shown to whoever proposed them."""
    return set_status(
        events,
        editor=editor,
        status=EventStatus.REJECTED,
        message=with_reason("Rejected.", reason),
        updates={"moderation_reason": reason},
    )
