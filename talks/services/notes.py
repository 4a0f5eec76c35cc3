"""Attendees' writes on notes: create, edit (keeping revisions) and delete, with moderation.

A new contributor's notes wait for an editor. Members of the Trusted group, editors, and
authors with at least `TRUSTED_AFTER_PUBLISHED_NOTES` published notes publish directly.
"""

from django.db import transaction
from django.utils import timezone

from people.models import User
from talks.models import Note, NoteRevision, NoteStatus, Talk

TRUSTED_GROUP_NAME = "Trusted"
TRUSTED_AFTER_PUBLISHED_NOTES = 3
# An editor hid or rejected these: only an editor's review can bring them back.
MODERATED_STATUSES = {NoteStatus.HIDDEN, NoteStatus.REJECTED}


def author_is_trusted(author: User) -> bool:
    """Whether this author's submitted notes are published without an editor's review."""
    if author.groups.filter(name=TRUSTED_GROUP_NAME).exists() or author.has_perm(
        "talks.change_note"
    ):
        return True
    published = Note.objects.published().filter(author=author).count()
    return published >= TRUSTED_AFTER_PUBLISHED_NOTES


def _apply_status(note: Note, *, submit: bool) -> None:
    if note.status in MODERATED_STATUSES:
        note.status = NoteStatus.PENDING if submit else note.status
    elif not submit:
        note.status = NoteStatus.DRAFT
    elif author_is_trusted(note.author):
        note.status = NoteStatus.PUBLISHED
    else:
        note.status = NoteStatus.PENDING
    if note.status == NoteStatus.PUBLISHED and note.published_at is None:
        note.published_at = timezone.now()


@transaction.atomic
def note_create(*, talk: Talk, author: User, body: str, language: str, submit: bool) -> Note:
    """Write a note: a draft, or submitted (published for trusted authors, else pending)."""
    note = Note(talk=talk, author=author, body=body, language=language)
    _apply_status(note, submit=submit)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(*, note: Note, editor: User, body: str, language: str, submit: bool) -> Note:
    """Change a note; its previous text becomes a NoteRevision, and its status is re-decided."""
    note = Note.objects.select_for_update().select_related("author").get(pk=note.pk)
    if (note.body, note.language) != (body, language):
        NoteRevision.objects.create(
            note=note, body=note.body, language=note.language, edited_by=editor
        )
    note.body = body
    note.language = language
    _apply_status(note, submit=submit)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_delete(*, note: Note) -> None:
    """Delete a note at its author's request, with its revisions and reports."""
    note.delete()
