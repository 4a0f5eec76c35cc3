"""Importing a schedule in the admin: keep the uploaded or fetched file, preview what importing
it changes, then import it with the editor's choices (docs/importing.md, "In the admin").

The file is kept in a ScheduleUpload between the preview and the import, with what the dry run
found (the preview page reads that, rather than importing again at each look); the import
records when, by whom, and what it changed.
"""

import json

from django.contrib.admin.models import ADDITION
from django.db import transaction
from django.utils import timezone

from common.curation.audit import log_editor_change
from events.models import Event
from people.models import User
from talks.models import ScheduleUpload
from talks.schedule.importer import ImportChoices, ScheduleReport, schedule_import
from talks.schedule.reader import Schedule, read_schedule_content
from talks.writeup.importer import Outcome


class UploadAlreadyImported(Exception):
    pass


def report_data(report: ScheduleReport, schedule: Schedule) -> dict:
    """What the admin shows of an import or a dry run, as JSON."""
    return {
        "title": schedule.title,
        "sessions": len(schedule.sessions),
        "counts": {
            kind: [report.count(kind, outcome) for outcome in Outcome] for kind in report.kinds
        },
        "new_speakers": report.new_speakers,
        # [track, its talks, the topic its name matches], in the schedule's order.
        "tracks": [
            [track, report.track_talks[track], topic]
            for track, topic in report.track_topics.items()
        ],
        "unmapped_tracks": sorted(report.unmapped_tracks.items()),
        "unknown_languages": sorted(report.unknown_languages.items()),
        "removed_talks": report.removed_talks,
    }


def schedule_upload_create(
    *, name: str, content: bytes, source_url: str = "", event: Event | None, editor: User
) -> ScheduleUpload:
    """Keep a schedule for its preview, once read and imported in a dry run without choices.

    Raises ScheduleError, and then keeps nothing.
    """
    schedule = read_schedule_content(content, name)
    report = schedule_import(
        schedule=schedule, event_slug=event.slug if event else None, dry_run=True
    )
    upload = ScheduleUpload(
        name=name,
        source_url=source_url,
        content=content,
        event=event,
        uploaded_by=editor,
        preview_json=json.dumps(report_data(report, schedule)),
    )
    upload.save()
    log_editor_change(
        editor=editor, objects=[upload], message="Uploaded for a preview.", action_flag=ADDITION
    )
    return upload


def _read(upload: ScheduleUpload) -> Schedule:
    return read_schedule_content(bytes(upload.content), upload.name)


def schedule_upload_preview(*, upload: ScheduleUpload, choices: ImportChoices) -> dict:
    """What importing `upload` with `choices` would change, written nowhere."""
    schedule = _read(upload)
    report = schedule_import(
        schedule=schedule, event_slug=_event_slug(upload), dry_run=True, choices=choices
    )
    return report_data(report, schedule)


def schedule_upload_import(
    *, upload: ScheduleUpload, choices: ImportChoices, editor: User
) -> ScheduleUpload:
    """Import `upload` with `choices`, once; the upload records when, by whom, into which
    event, and what changed. Raises ScheduleError, and then writes nothing."""
    with transaction.atomic():
        upload = ScheduleUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.imported_at is not None:
            raise UploadAlreadyImported
        schedule = _read(upload)
        report = schedule_import(schedule=schedule, event_slug=_event_slug(upload), choices=choices)
        upload.event_id = report.event_id
        upload.imported_at = timezone.now()
        upload.imported_by = editor
        upload.report_json = json.dumps(report_data(report, schedule))
        upload.save(update_fields=["event", "imported_at", "imported_by", "report_json"])
        log_editor_change(editor=editor, objects=[upload], message="Imported.")
    return upload


def _event_slug(upload: ScheduleUpload) -> str | None:
    return upload.event.slug if upload.event_id else None
