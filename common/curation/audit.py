"""The record of what editors did: one admin LogEntry per object touched, for every change.

The admin writes its own entries for edits made through forms; moderation actions and merges
write theirs here, so that the admin's history of an object and the "Editor activity" list tell
the whole story: who, when, what.
"""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model


def log_editor_change(
    *, editor: AbstractBaseUser, objects: Iterable[Model], message: str, action_flag: int = CHANGE
) -> None:
    """Record that `editor` changed (or deleted) each of `objects`, with a plain-text message."""
    objects = list(objects)
    if objects:
        LogEntry.objects.log_actions(
            user_id=editor.pk,
            queryset=objects,
            action_flag=action_flag,
            change_message=message,
        )
