"""A write that cannot go through (CSRF failure, expired session) hands back what was posted."""

import pytest
from django.test import Client
from django.urls import reverse

from talks.models import Note
from tests.factories import NoteFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_NOTES = "## My notes\n\n" + "- a point worth keeping\n" * 50


def note_url(talk):
    return reverse("talks:note-create", args=[talk.event.slug, talk.slug])


def test_csrf_failure_shows_the_posted_text_and_lets_it_be_sent_again():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    client.force_login(user)
    talk = TalkFactory()
    posted = {"body": LONG_NOTES, "language": "en", "action": "submit", "csrfmiddlewaretoken": "x"}

    failure = client.post(note_url(talk), posted)
    html = failure.content.decode()

    assert failure.status_code == 403
    assert f'name="body" rows="12">{LONG_NOTES}</textarea>' in html
    assert f'action="{note_url(talk)}"' in html
    assert Note.objects.count() == 0

    token = client.cookies["csrftoken"].value
    again = client.post(note_url(talk), posted | {"csrfmiddlewaretoken": token})
    assert again.status_code == 302
    assert Note.objects.get().body == LONG_NOTES.strip()


def test_csrf_failure_never_echoes_passwords():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "ada", "password": "hunter2 secret", "next": "/"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "hunter2" not in html
    assert 'name="username" rows="2">ada</textarea>' in html


def test_expired_session_keeps_the_notes_instead_of_redirecting(client):
    talk = TalkFactory()
    response = client.post(note_url(talk), {"body": LONG_NOTES, "language": "en"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "You are signed out" in html
    assert f">{LONG_NOTES}</textarea>" in html
    assert f'href="{reverse("login")}" target="_blank"' in html


def test_expired_session_keeps_a_proposal_with_every_value(client):
    response = client.post(
        reverse("talks:propose"),
        {"title": "Lost talk", "languages": ["en", "fr"], "note_body": "notes", "website": ""},
    )
    assert response.status_code == 403
    assert response.context["fields"] == [
        ("title", ["Lost talk"]),
        ("languages", ["en", "fr"]),
        ("note_body", ["notes"]),
    ]


def test_sending_again_keeps_the_button_that_was_pressed():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    talk = TalkFactory()
    posted = {"body": "half done", "language": "en", "action": "draft"}

    failure = client.post(note_url(talk), posted)
    again = client.post(
        note_url(talk), posted | {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )

    assert '<input type="hidden" name="action" value="draft">' in failure.content.decode()
    assert again.status_code == 302
    assert Note.objects.get().status == "draft"


def test_every_write_checks_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    talk = TalkFactory()
    note = NoteFactory(author=user)
    client.force_login(user)
    urls = [
        note_url(talk),
        reverse("talks:note-update", args=[note.pk]),
        reverse("talks:note-delete", args=[note.pk]),
        reverse("talks:note-preview"),
        reverse("talks:review", args=[talk.event.slug, talk.slug]),
        reverse("talks:propose"),
        reverse("signup"),
        reverse("login"),
        reverse("password_change"),
        reverse("password_reset"),
        reverse("logout"),
    ]
    statuses = {url: client.post(url, {"body": "x"}).status_code for url in urls}
    assert statuses == dict.fromkeys(urls, 403)
    assert Note.objects.get() == note


def test_a_post_from_another_site_is_shown_but_not_offered_for_sending_again():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    talk = TalkFactory()
    response = client.post(
        note_url(talk),
        {"body": "Buy cheap pills", "language": "en"},
        headers={"Origin": "https://evil.example"},
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Buy cheap pills</textarea>" in html
    assert "sent from another website" in html
    assert "Send again" not in html
