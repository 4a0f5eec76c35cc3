"""Writes on events: an attendee's proposed event, and editors' decisions on it."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from common.curation.moderation import set_status, with_reason
from common.names import free_slug
from events.models import Event, EventStatus
from people.models import User


@dataclass(frozen=True)
class ProposedEvent:
    name: str
    start_date: datetime.date
    end_date: datetime.date
    city: str = ""
    website: str = ""


def event_propose(*, proposer: User, proposal: ProposedEvent) -> Event:
    """Create a pending event that an attendee proposed."""
    event = Event(
        name=proposal.name,
        slug=free_slug(proposal.name, Event, fallback="event"),
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        city=proposal.city,
        website=proposal.website,
        status=EventStatus.PENDING,
        proposed_by=proposer,
    )
    event.full_clean()
    event.save()
    return event


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
