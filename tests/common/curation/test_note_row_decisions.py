"""An editor approves or rejects a note from its row of the moderation queue: one click,
checked, logged and protected like the list's actions."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from talks.models import Note, NoteStatus
from tests.factories import NoteFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:talks_note_changelist")


def decide(note: Note) -> str:
    return reverse("admin:talks_note_decide", args=[note.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_each_row_offers_the_decisions_its_note_can_take(editor_client):
    pending = NoteFactory(status=NoteStatus.PENDING, published_at=None)
    published = NoteFactory()

    html = editor_client.get(QUEUE).content.decode()

    def button(note, value, label):
        return (
            f'<button type="submit" class="button" formaction="{decide(note)}" name="decision" '
            f'value="{value}">{label}</button>'
        )

    assert button(pending, "approve", "Approve") in html
    assert button(pending, "reject", "Reject") in html
    assert button(published, "approve", "Approve") not in html
    assert button(published, "reject", "Reject") in html
    assert html.index(button(pending, "approve", "Approve")) > html.index('id="changelist-form"')


def test_approving_from_the_row_publishes_logs_and_goes_back_to_the_same_list(
    editor_client, editor
):
    note = NoteFactory(status=NoteStatus.PENDING, published_at=None)
    listed = f"http://testserver{QUEUE}?status__exact=pending"

    response = editor_client.post(
        decide(note), {"decision": "approve"}, headers={"referer": listed}, follow=True
    )

    note.refresh_from_db()
    assert note.status == NoteStatus.PUBLISHED and note.published_at is not None
    assert response.redirect_chain == [(listed, 302)]
    assert "1 note approved." in response.content.decode()
    [entry] = LogEntry.objects.all()
    assert (entry.user, entry.object_id, entry.get_change_message()) == (
        editor,
        str(note.pk),
        "Approved: published.",
    )


def test_rejecting_from_the_row_rejects_without_a_reason(editor_client):
    note = NoteFactory(status=NoteStatus.PENDING, published_at=None)

    response = editor_client.post(decide(note), {"decision": "reject"})

    note.refresh_from_db()
    assert (note.status, note.moderation_reason) == (NoteStatus.REJECTED, "")
    assert response.status_code == 302 and response.url == QUEUE
    assert LogEntry.objects.get().get_change_message() == "Rejected."


def test_a_referer_elsewhere_sends_back_to_the_queue(editor_client):
    note = NoteFactory(status=NoteStatus.PENDING, published_at=None)

    response = editor_client.post(
        decide(note), {"decision": "approve"}, headers={"referer": "https://evil.example/"}
    )

    assert response.url == QUEUE


def test_staff_without_the_right_to_change_notes_cannot_decide(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_note"))
    note = NoteFactory(status=NoteStatus.PENDING, published_at=None)
    client.force_login(viewer)

    assert "formaction" not in client.get(QUEUE).content.decode()
    assert client.post(decide(note), {"decision": "approve"}).status_code == 403
    note.refresh_from_db()
    assert note.status == NoteStatus.PENDING
    assert not LogEntry.objects.exists()


def test_a_decision_needs_a_post_with_the_csrf_token_and_a_known_decision(editor):
    note = NoteFactory(status=NoteStatus.PENDING, published_at=None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.get(decide(note)).status_code == 405
    assert client.post(decide(note), {"decision": "approve"}).status_code == 403
    client.get(QUEUE)
    token = client.cookies["csrftoken"].value
    assert (
        client.post(decide(note), {"decision": "publish", "csrfmiddlewaretoken": token}).status_code
        == 400
    )
    note.refresh_from_db()
    assert note.status == NoteStatus.PENDING


@pytest.mark.parametrize("deleted", [False, True])
def test_a_draft_or_a_missing_note_is_not_found(editor_client, deleted):
    note = NoteFactory(status=NoteStatus.DRAFT, published_at=None)
    url = decide(note)
    if deleted:
        note.delete()

    assert editor_client.post(url, {"decision": "approve"}).status_code == 404
