"""Moderation decisions: statuses, the reason the author sees, dates, and the log."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event, EventStatus
from events.services import event_approve, event_reject
from talks.models import Note, NoteReport, NoteStatus, Review, ReviewStatus, Talk, TalkStatus
from talks.services.moderation import (
    note_approve,
    note_hide,
    note_reject,
    note_report,
    report_hide_notes,
    report_resolve,
    review_hide,
    review_publish,
    talk_approve,
    talk_reject,
)
from tests.audit import admin_log
from tests.factories import (
    EventFactory,
    NoteFactory,
    NoteReportFactory,
    ReviewFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


def _pending_note(**kwargs):
    return NoteFactory(status=NoteStatus.PENDING, published_at=None, **kwargs)


def test_note_approve_publishes_pending_notes_with_a_date_and_clears_the_reason(editor):
    note = _pending_note(moderation_reason="Please add sources.")

    count = note_approve(notes=Note.objects.all(), editor=editor)

    note.refresh_from_db()
    assert count == 1
    assert (note.status, note.moderation_reason) == (NoteStatus.PUBLISHED, "")
    assert timezone.now() - note.published_at < datetime.timedelta(minutes=1)
    assert admin_log(note) == [("editor", CHANGE, "Approved: published.")]


def test_note_approve_of_a_hidden_note_keeps_its_first_publication_date(editor):
    first_published = timezone.now() - datetime.timedelta(days=30)
    note = NoteFactory(status=NoteStatus.HIDDEN, published_at=first_published)

    note_approve(notes=Note.objects.all(), editor=editor)

    note.refresh_from_db()
    assert (note.status, note.published_at) == (NoteStatus.PUBLISHED, first_published)


def test_note_decisions_never_touch_drafts_or_notes_already_decided(editor):
    draft = NoteFactory(status=NoteStatus.DRAFT, published_at=None)
    published = NoteFactory()

    assert note_approve(notes=Note.objects.all(), editor=editor) == 0
    assert note_reject(notes=Note.objects.filter(pk=draft.pk), editor=editor) == 0

    draft.refresh_from_db()
    assert draft.status == NoteStatus.DRAFT
    assert LogEntry.objects.count() == 0
    assert Note.objects.get(pk=published.pk).status == NoteStatus.PUBLISHED


def test_note_hide_stores_the_reason_for_the_author(editor):
    note = NoteFactory()

    count = note_hide(notes=Note.objects.all(), editor=editor, reason="Copied from a blog.")

    note.refresh_from_db()
    assert count == 1
    assert (note.status, note.moderation_reason) == (NoteStatus.HIDDEN, "Copied from a blog.")
    assert admin_log(note) == [("editor", CHANGE, "Hidden. Reason: Copied from a blog.")]


def test_note_reject_without_a_reason(editor):
    note = _pending_note()

    note_reject(notes=Note.objects.all(), editor=editor)

    note.refresh_from_db()
    assert (note.status, note.moderation_reason) == (NoteStatus.REJECTED, "")
    assert admin_log(note) == [("editor", CHANGE, "Rejected.")]


def test_talk_approve_and_reject(editor):
    proposed = TalkFactory(status=TalkStatus.PENDING)
    spam = TalkFactory(status=TalkStatus.PENDING)

    assert talk_approve(talks=Talk.objects.filter(pk=proposed.pk), editor=editor) == 1
    assert talk_reject(talks=Talk.objects.filter(pk=spam.pk), editor=editor, reason="Dup") == 1

    assert list(Talk.objects.order_by("pk").values_list("status", "moderation_reason")) == [
        (TalkStatus.PUBLISHED, ""),
        (TalkStatus.REJECTED, "Dup"),
    ]
    assert admin_log(spam) == [("editor", CHANGE, "Rejected. Reason: Dup")]


def test_event_approve_and_reject(editor):
    proposed = EventFactory(status=EventStatus.PENDING)
    unknown = EventFactory(status=EventStatus.PENDING)

    assert event_approve(events=Event.objects.filter(pk=proposed.pk), editor=editor) == 1
    assert event_reject(events=Event.objects.filter(pk=unknown.pk), editor=editor) == 1

    assert list(Event.objects.order_by("pk").values_list("status", flat=True)) == [
        EventStatus.PUBLISHED,
        EventStatus.REJECTED,
    ]
    assert admin_log(proposed) == [("editor", CHANGE, "Approved: published.")]


def test_review_hide_and_publish_again(editor):
    review = ReviewFactory()

    assert review_hide(reviews=Review.objects.all(), editor=editor) == 1
    review.refresh_from_db()
    assert review.status == ReviewStatus.HIDDEN
    assert review_publish(reviews=Review.objects.all(), editor=editor) == 1
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED
    assert admin_log(review) == [
        ("editor", CHANGE, "Hidden."),
        ("editor", CHANGE, "Published again."),
    ]


def test_note_report_adds_to_the_queue(attendee):
    note = NoteFactory()

    report = note_report(note=note, reporter=attendee, reason="spam", comment="Ads.")

    assert list(NoteReport.objects.values_list("note", "reporter", "reason", "comment")) == [
        (note.pk, attendee.pk, "spam", "Ads.")
    ]
    assert report.resolved is False


def test_note_report_refuses_an_unknown_reason():
    with pytest.raises(ValidationError):
        note_report(note=NoteFactory(), reporter=None, reason="boring")
    assert NoteReport.objects.count() == 0


def test_report_resolve_leaves_the_note_alone(editor):
    report = NoteReportFactory()

    assert report_resolve(reports=NoteReport.objects.all(), editor=editor) == 1

    report.refresh_from_db()
    assert report.resolved is True
    assert Note.objects.get().status == NoteStatus.PUBLISHED
    assert admin_log(report) == [("editor", CHANGE, "Resolved: the note stays as it is.")]


def test_report_hide_notes_hides_the_note_and_resolves_all_its_open_reports(editor):
    reported = NoteFactory()
    selected = NoteReportFactory(note=reported)
    other_report_on_same_note = NoteReportFactory(note=reported, reason="abuse")
    unrelated = NoteReportFactory()

    hidden = report_hide_notes(
        reports=NoteReport.objects.filter(pk=selected.pk), editor=editor, reason="Spam."
    )

    reported.refresh_from_db()
    assert hidden == 1
    assert (reported.status, reported.moderation_reason) == (NoteStatus.HIDDEN, "Spam.")
    assert list(NoteReport.objects.order_by("pk").values_list("pk", "resolved")) == [
        (selected.pk, True),
        (other_report_on_same_note.pk, True),
        (unrelated.pk, False),
    ]
