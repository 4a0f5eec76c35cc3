"""Editors' decisions on what attendees send: notes, reviews, proposed talks, reports
(events: events/services.py).

Each decision moves the chosen rows to a status, stores the optional reason that the author
sees, and leaves one admin log entry per row. Rows already in that status are left alone, and
drafts are never touched: a draft is the author's own until they submit it.
"""

from django.db import transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.curation.audit import log_editor_change
from common.curation.moderation import set_status, with_reason
from events.models import Event, EventStatus
from events.services import event_approve
from people.models import User
from talks.models import (
    Note,
    NoteReport,
    NoteStatus,
    ReportReason,
    Review,
    ReviewStatus,
    Talk,
    TalkStatus,
)


def note_approve(*, notes: QuerySet[Note], editor: User) -> int:
    """Publish the notes (pending, hidden or rejected), keeping a first publication date."""
    return set_status(
        notes,
        editor=editor,
        status=NoteStatus.PUBLISHED,
        message="Approved: published.",
        updates={
            "moderation_reason": "",
            "published_at": Coalesce("published_at", Value(timezone.now())),
        },
        never_from=(NoteStatus.DRAFT,),
        related=("author", "talk"),
    )


def note_hide(*, notes: QuerySet[Note], editor: User, reason: str = "") -> int:
    """Take the notes off the site; the reason is shown to their authors."""
    return set_status(
        notes,
        editor=editor,
        status=NoteStatus.HIDDEN,
        message=with_reason("Hidden.", reason),
        updates={"moderation_reason": reason},
        never_from=(NoteStatus.DRAFT,),
        related=("author", "talk"),
    )


def note_reject(*, notes: QuerySet[Note], editor: User, reason: str = "") -> int:
    """Refuse the notes; the reason is shown to their authors."""
    return set_status(
        notes,
        editor=editor,
        status=NoteStatus.REJECTED,
        message=with_reason("Rejected.", reason),
        updates={"moderation_reason": reason},
        never_from=(NoteStatus.DRAFT,),
        related=("author", "talk"),
    )


def review_hide(*, reviews: QuerySet[Review], editor: User) -> int:
    """Take the reviews, and their ratings, off the site."""
    return set_status(
        reviews,
        editor=editor,
        status=ReviewStatus.HIDDEN,
        message="Hidden.",
        related=("author", "talk"),
    )


def review_publish(*, reviews: QuerySet[Review], editor: User) -> int:
    """Put hidden reviews back on the site."""
    return set_status(
        reviews,
        editor=editor,
        status=ReviewStatus.PUBLISHED,
        message="Published again.",
        related=("author", "talk"),
    )


def talk_approve(*, talks: QuerySet[Talk], editor: User) -> int:
    """Publish proposed (or rejected) talks, and their events still pending review: an approved
    talk shows on the site. An event an editor rejected stays so."""
    with transaction.atomic():
        # Events first, then talks, as every decision locks them: two never wait for each other.
        event_approve(
            events=Event.objects.filter(
                pk__in=talks.values("event_id"), status=EventStatus.PENDING
            ),
            editor=editor,
        )
        return set_status(
            talks,
            editor=editor,
            status=TalkStatus.PUBLISHED,
            message="Approved: published.",
            updates={"moderation_reason": ""},
        )


def talk_reject(*, talks: QuerySet[Talk], editor: User, reason: str = "") -> int:
    """Refuse the talks; the reason is shown to whoever proposed them."""
    return set_status(
        talks,
        editor=editor,
        status=TalkStatus.REJECTED,
        message=with_reason("Rejected.", reason),
        updates={"moderation_reason": reason},
    )


def note_report(
    *, note: Note, reporter: User | None, reason: ReportReason | str, comment: str = ""
) -> NoteReport:
    """Add a reader's report on a note to the editors' queue."""
    report = NoteReport(note=note, reporter=reporter, reason=reason, comment=comment)
    report.full_clean()
    report.save()
    return report


def _resolve(reports: QuerySet[NoteReport], *, editor: User, message: str) -> int:
    with transaction.atomic():
        rows = list(
            NoteReport.objects.filter(pk__in=reports.values("pk"), resolved=False)
            .select_related("note__author", "note__talk")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        NoteReport.objects.filter(pk__in=[row.pk for row in rows]).update(resolved=True)
        log_editor_change(editor=editor, objects=rows, message=message)
    return len(rows)


def report_resolve(*, reports: QuerySet[NoteReport], editor: User) -> int:
    """Close the reports and leave their notes as they are."""
    return _resolve(reports, editor=editor, message="Resolved: the note stays as it is.")


def report_hide_notes(*, reports: QuerySet[NoteReport], editor: User, reason: str = "") -> int:
    """Hide the reported notes and close every open report on them; returns the notes hidden."""
    with transaction.atomic():
        notes = Note.objects.filter(pk__in=reports.values("note_id"))
        hidden = note_hide(notes=notes, editor=editor, reason=reason)
        _resolve(
            NoteReport.objects.filter(note__in=notes),
            editor=editor,
            message="Resolved: the note was hidden.",
        )
    return hidden
