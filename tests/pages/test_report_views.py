"""Readers report a note from the talk page; the report lands in the editors' queue."""

import pytest
from django.urls import reverse

from talks.models import NoteReport, NoteStatus, TalkStatus
from tests.factories import NoteFactory, NoteReportFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _report_url(note):
    return reverse("talks:note-report", args=[note.pk])


def test_talk_page_offers_a_report_form_next_to_each_note(client, attendee):
    note = NoteFactory()
    client.force_login(attendee)

    html = client.get(note.talk.get_absolute_url()).content.decode()

    assert f'<form method="post" action="{_report_url(note)}">' in html
    assert f'id="report-{note.pk}-reason"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_anonymous_reader_reports_a_note(client):
    note = NoteFactory()

    response = client.post(_report_url(note), {"reason": "spam", "comment": "Ads for shoes."})

    assert response.status_code == 302
    assert response.url == note.get_absolute_url()
    assert list(NoteReport.objects.values_list("note", "reporter", "reason", "comment")) == [
        (note.pk, None, "spam", "Ads for shoes.")
    ]
    page = client.get(note.talk.get_absolute_url())
    assert [str(message) for message in page.context["messages"]] == [
        "Thank you: editors will look at this note."
    ]


def test_signed_in_reader_is_recorded_and_not_counted_twice(client, attendee):
    note = NoteFactory()
    client.force_login(attendee)

    client.post(_report_url(note), {"reason": "abuse"})
    client.post(_report_url(note), {"reason": "abuse"})

    assert list(NoteReport.objects.values_list("reporter", flat=True)) == [attendee.pk]


def test_report_without_a_reason_comes_back_with_the_text(client):
    note = NoteFactory()

    response = client.post(_report_url(note), {"comment": "Long explanation."})

    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert "Long explanation.</textarea>" in response.content.decode()
    assert NoteReport.objects.count() == 0


def test_too_many_reports_from_one_address_are_refused_with_the_text_kept(
    client, settings, rate_limit_clock_stopped
):
    allowed, _ = settings.RATE_LIMITS["report"]["ip"]
    notes = NoteFactory.create_batch(allowed + 1)
    for note in notes[:allowed]:
        client.post(_report_url(note), {"reason": "spam"})

    response = client.post(_report_url(notes[-1]), {"reason": "spam", "comment": "Mine."})

    assert response.status_code == 429
    assert response["Retry-After"] == str(int(response["Retry-After"]))
    assert "Mine.</textarea>" in response.content.decode()
    assert response.context["retry_after_minutes"] >= 1
    assert NoteReport.objects.count() == allowed


@pytest.mark.parametrize(
    "make_note",
    [
        lambda: NoteFactory(status=NoteStatus.PENDING, published_at=None),
        lambda: NoteFactory(status=NoteStatus.HIDDEN),
        lambda: NoteFactory(talk=TalkFactory(status=TalkStatus.PENDING)),
    ],
)
def test_only_notes_readers_can_see_can_be_reported(client, make_note):
    note = make_note()

    assert client.post(_report_url(note), {"reason": "spam"}).status_code == 404
    assert NoteReport.objects.count() == 0


def test_report_page_without_javascript(client):
    note = NoteFactory()

    response = client.get(_report_url(note))

    assert response.status_code == 200
    assert response.context["note"] == note


def test_reports_need_the_csrf_token(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    note = NoteFactory()

    assert csrf_client.post(_report_url(note), {"reason": "spam"}).status_code == 403
    assert NoteReport.objects.count() == 0


def test_report_queue_lists_open_reports_first(client, editor):
    resolved = NoteReportFactory(resolved=True)
    older_open = NoteReportFactory()
    newer_open = NoteReportFactory()
    client.force_login(editor)

    response = client.get(reverse("admin:talks_notereport_changelist"))

    assert list(response.context["cl"].result_list) == [newer_open, older_open, resolved]
