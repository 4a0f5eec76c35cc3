"""What every editors' decision on attendees' content does: move the rows to a status, keep the
optional reason their author sees, and log one admin entry per row."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from common.curation.audit import log_editor_change


def with_reason(action: str, reason: str) -> str:
    """The log message of a decision, with the reason the editor gave, if any."""
    return f"{action} Reason: {reason}" if reason else action


def set_status(
    queryset: QuerySet,
    *,
    editor: AbstractBaseUser,
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
