"""Versions of one talk: linking the talks that are the same talk given at several events, or
in several languages, and dismissing the candidates that are not."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common.curation.audit import log_editor_change
from people.models import User
from talks.models import Talk, VersionDismissal, Work


def _lock_talks(condition: Q) -> list[Talk]:
    """The talks matching `condition`, locked in primary-key order (so that two editors
    linking overlapping talks wait for each other instead of deadlocking), with their event."""
    return list(
        Talk.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(condition)
        .order_by("pk")
    )


def _locked_pair(talk: Talk, other: Talk) -> tuple[Talk, Talk]:
    """`talk` and `other` fresh from the database and locked; a clear error if they cannot be
    versions of each other."""
    if talk.pk == other.pk:
        raise ValidationError(_("A talk cannot be a version of itself."), code="same_talk")
    locked = {row.pk: row for row in _lock_talks(Q(pk__in=[talk.pk, other.pk]))}
    if len(locked) != 2:
        raise ValidationError(
            _("One of these talks was deleted meanwhile: reload the page and try again."),
            code="deleted",
        )
    return locked[talk.pk], locked[other.pk]


def _check_one_talk_per_event(versions: list[Talk]) -> None:
    events: dict[int, Talk] = {}
    for version in versions:
        first = events.setdefault(version.event_id, version)
        if first.pk != version.pk:
            raise ValidationError(
                _(
                    "“%(talk)s” and “%(other)s” are two talks of the same event (%(event)s): "
                    "they cannot be versions of one talk."
                )
                % {"talk": first, "other": version, "event": version.event},
                code="same_event",
            )


def _describe(talk: Talk) -> str:
    return f"“{talk}” (id {talk.pk}, {talk.event})"


def talk_versions_link(*, talk: Talk, other: Talk, editor: User | None) -> Work:
    """Make `talk` and `other` versions of one talk and return their work.

    A work is created when neither has one; when each has its own, the two works become one
    (the older is kept) and every version of either is a version of the others. A dismissal
    of the pair is forgotten. The change is logged on each talk that moved, when an editor
    made it.
    """
    with transaction.atomic():
        talk, other = _locked_pair(talk, other)
        if talk.work_id is not None and talk.work_id == other.work_id:
            return talk.work
        work_ids = {work_id for work_id in (talk.work_id, other.work_id) if work_id is not None}
        versions = _lock_talks(Q(pk__in=[talk.pk, other.pk]) | Q(work_id__in=work_ids))
        _check_one_talk_per_event(versions)
        if work_ids:
            work = Work.objects.select_for_update().get(pk=min(work_ids))
        else:
            work = Work()
            work.full_clean()
            work.save()
        moved = [version for version in versions if version.work_id != work.pk]
        for version in moved:
            version.work = work
            version.full_clean(exclude=_all_fields_but("work"), validate_constraints=False)
            version.save(update_fields=["work", "updated_at"])
        Work.objects.filter(pk__in=work_ids - {work.pk}).delete()
        low, high = sorted((talk.pk, other.pk))
        VersionDismissal.objects.filter(talk_id=low, other_id=high).delete()
        if editor is not None:
            log_editor_change(
                editor=editor,
                objects=moved,
                message=f"Linked as versions of one talk: {_describe(talk)} and "
                f"{_describe(other)}.",
            )
    return work


def talk_version_unlink(*, talk: Talk, editor: User | None) -> None:
    """Take `talk` out of its versions; a work left with one version is deleted, so that its
    last talk has no versions either."""
    with transaction.atomic():
        locked = _lock_talks(Q(pk=talk.pk))
        talk = locked[0] if locked else None
        if talk is None or talk.work_id is None:
            raise ValidationError(
                _("This talk is not linked to other versions: nothing was changed."),
                code="not_linked",
            )
        work = Work.objects.select_for_update().get(pk=talk.work_id)
        others = _lock_talks(Q(work=work) & ~Q(pk=talk.pk))
        talk.work = None
        talk.full_clean(exclude=_all_fields_but("work"), validate_constraints=False)
        talk.save(update_fields=["work", "updated_at"])
        left_alone = len(others) < 2
        if left_alone:
            # Its last version's `work` is set to null with it.
            work.delete()
        if editor is not None:
            log_editor_change(
                editor=editor,
                objects=[talk, *others] if left_alone else [talk],
                message=f"Unlinked {_describe(talk)} from its versions.",
            )


def version_candidate_dismiss(*, talk: Talk, other: Talk, editor: User | None) -> VersionDismissal:
    """Record that `talk` and `other` are not versions of each other, so that they are no
    longer suggested as such; dismissing a pair again changes nothing."""
    if talk.pk == other.pk:
        raise ValidationError(_("A talk cannot be a version of itself."), code="same_talk")
    low, high = sorted((talk.pk, other.pk))
    dismissal = VersionDismissal(talk_id=low, other_id=high, dismissed_by=editor)
    dismissal.full_clean(validate_unique=False, validate_constraints=False)
    # A pair dismissed already, by this editor or another at the same moment, is kept as is.
    dismissal, _created = VersionDismissal.objects.get_or_create(
        talk_id=low, other_id=high, defaults={"dismissed_by": editor}
    )
    return dismissal


def _all_fields_but(name: str) -> list[str]:
    return [field.name for field in Talk._meta.fields if field.name != name]
