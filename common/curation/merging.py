"""What every merge starts with: check the choice, then lock the rows it folds together."""

from collections.abc import Sequence
from typing import TypeVar

from django.contrib.admin.models import DELETION
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from common.curation.audit import log_editor_change

M = TypeVar("M", bound=Model)


def lock_for_merge(keep: M, duplicates: Sequence[M]) -> tuple[M, list[M]]:
    """Lock `keep` and `duplicates` and return them fresh from the database.

    Call inside a transaction. Rows are locked in primary-key order so that two merges
    touching the same rows wait for each other instead of deadlocking.
    """
    model = type(keep)
    duplicate_ids = {duplicate.pk for duplicate in duplicates}
    if not duplicate_ids:
        raise ValidationError(_("Choose at least one duplicate to merge."))
    if keep.pk in duplicate_ids:
        raise ValidationError(
            _("The %(name)s to keep cannot also be a duplicate.")
            % {"name": model._meta.verbose_name}
        )
    rows = model.objects.select_for_update().filter(pk__in={keep.pk, *duplicate_ids})
    locked = {row.pk: row for row in rows.order_by("pk")}
    if len(locked) != len(duplicate_ids) + 1:
        raise ValidationError(
            _("Another editor changed these %(name)s meanwhile: reload the page and try again.")
            % {"name": model._meta.verbose_name_plural}
        )
    return locked[keep.pk], [locked[pk] for pk in sorted(duplicate_ids)]


def finish_merge(
    *, keep: M, duplicates: Sequence[M], editor: AbstractBaseUser, summary: str
) -> None:
    """Log what the merge did (on `keep`, and a deletion for each duplicate), then delete the
    duplicates, whose talks and aliases have moved to `keep` by now."""
    merged = ", ".join(f"{duplicate} (slug {duplicate.slug})" for duplicate in duplicates)
    log_editor_change(editor=editor, objects=[keep], message=f"Merged in {merged}. {summary}")
    log_editor_change(
        editor=editor,
        objects=duplicates,
        message=f"Merged into {keep} (slug {keep.slug}, id {keep.pk}).",
        action_flag=DELETION,
    )
    type(keep).objects.filter(pk__in=[duplicate.pk for duplicate in duplicates]).delete()
