"""Editors' decisions on what attendees send: notes, reviews, proposed talks and events, reports.

Each decision moves the chosen rows to a status, stores the optional reason that the author
sees, and leaves one admin log entry per row. Rows already in that status are left alone, and
drafts are never touched: a draft is the author's own until they submit it.
"""

from django.db import transaction
from django.db.models import Model, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.curation.audit import log_editor_change
from events.models import Event, EventStatus
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


def _with_reason(action: str, reason: str) -> str:
    return f"{action} Reason: {reason}" if reason else action


def _set_status(
    queryset: QuerySet,
    *,
    editor: User,
    status: str,
    message: str,
    updates: dict | None = None,
    never_from: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> int:
    """Move the rows of `queryset` not yet in `status` there, locked, and log each one."""
    model: type[Model] = queryset.model
    with transaction.atomic():
        rows = list(
            model.objects.filter(pk__in=queryset.values("pk"))
            .exclude(status__in=(status, *never_from))
            # The log names each row, and a note's or a review's name says whose and on what.
            .select_related(*related)
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        if rows:
            model.objects.filter(pk__in=[row.pk for row in rows]).update(
                status=status, updated_at=timezone.now(), **(updates or {})
            )
            for row in rows:
                row.status = status
            log_editor_change(editor=editor, objects=rows, message=message)
    return len(rows)


def note_approve(*, notes: QuerySet[Note], editor: User) -> int:
    """Publish the notes (pending, hidden or rejected), keeping a first publication date."""
    return _set_status(
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
    return _set_status(
        notes,
        editor=editor,
        status=NoteStatus.HIDDEN,
        message=_with_reason("Hidden.", reason),
        updates={"moderation_reason": reason},
        never_from=(NoteStatus.DRAFT,),
        related=("author", "talk"),
    )


def note_reject(*, notes: QuerySet[Note], editor: User, reason: str = "") -> int:
    """Refuse the notes; the reason is shown to their authors."""
    return _set_status(
        notes,
        editor=editor,
        status=NoteStatus.REJECTED,
        message=_with_reason("Rejected.", reason),
        updates={"moderation_reason": reason},
        never_from=(NoteStatus.DRAFT,),
        related=("author", "talk"),
    )


def review_hide(*, reviews: QuerySet[Review], editor: User) -> int:
    """Take the reviews, and their ratings, off the site."""
    return _set_status(
        reviews,
        editor=editor,
        status=ReviewStatus.HIDDEN,
        message="Hidden.",
        related=("author", "talk"),
    )


def review_publish(*, reviews: QuerySet[Review], editor: User) -> int:
    """Put hidden reviews back on the site."""
    return _set_status(
        reviews,
        editor=editor,
        status=ReviewStatus.PUBLISHED,
        message="Published again.",
        related=("author", "talk"),
    )


def talk_approve(*, talks: QuerySet[Talk], editor: User) -> int:
    """Publish proposed (or rejected) talks; they show once their event is published too."""
    return _set_status(
        talks,
        editor=editor,
        status=TalkStatus.PUBLISHED,
        message="Approved: published.",
        updates={"moderation_reason": ""},
    )


def talk_reject(*, talks: QuerySet[Talk], editor: User, reason: str = "") -> int:
    """Refuse the talks; the reason is shown to whoever proposed them."""
    return _set_status(
        talks,
        editor=editor,
        status=TalkStatus.REJECTED,
        message=_with_reason("Rejected.", reason),
        updates={"moderation_reason": reason},
    )


def event_approve(*, events: QuerySet[Event], editor: User) -> int:
    """Publish proposed (or rejected) events, and with them their published talks."""
    return _set_status(
        events,
        editor=editor,
        status=EventStatus.PUBLISHED,
        message="Approved: published.",
        updates={"moderation_reason": ""},
    )


def event_reject(*, events: QuerySet[Event], editor: User, reason: str = "") -> int:
    """Refuse the events; the reason is shown to whoever proposed them."""
    return _set_status(
        events,
        editor=editor,
        status=EventStatus.REJECTED,
        message=_with_reason("Rejected.", reason),
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
