"""Writing, previewing, editing and deleting notes through the web forms."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talks.models import MAX_BODY_LENGTH, Note, NoteRevision, NoteStatus, TalkStatus
from tests.factories import NoteFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def create_url(talk):
    return reverse("talks:note-create", args=[talk.event.slug, talk.slug])


@pytest.fixture
def attendee(client):
    user = UserFactory(username="ada")
    client.force_login(user)
    return user


def test_note_form_requires_login(client):
    talk = TalkFactory()
    response = client.get(create_url(talk))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={create_url(talk)}"


def test_note_form_defaults_to_the_talks_first_language(client, attendee):
    talk = TalkFactory(languages=["fr", "en"])
    response = client.get(create_url(talk))
    assert response.status_code == 200
    assert response.context["form"].initial == {"language": "fr"}
    assert '<option value="fr" selected>' in response.content.decode()


def test_new_contributor_note_is_pending(client, attendee):
    talk = TalkFactory()
    response = client.post(
        create_url(talk), {"body": "Great **demo**", "language": "en", "action": "submit"}
    )
    note = Note.objects.get()
    assert response.status_code == 302
    assert response.url == talk.get_absolute_url()
    assert (note.author, note.talk, note.status, note.body_html) == (
        attendee,
        talk,
        NoteStatus.PENDING,
        "<p>Great <strong>demo</strong></p>",
    )
    assert note.published_at is None


def test_trusted_group_member_publishes_directly(client, attendee):
    attendee.groups.add(Group.objects.get(name="Trusted"))
    talk = TalkFactory()
    client.post(create_url(talk), {"body": "Notes", "language": "en", "action": "submit"})
    note = Note.objects.get()
    assert note.status == NoteStatus.PUBLISHED
    assert note.published_at is not None


def test_author_with_three_published_notes_publishes_directly(client, attendee):
    NoteFactory.create_batch(3, author=attendee)
    talk = TalkFactory()
    client.post(create_url(talk), {"body": "Fourth", "language": "en", "action": "submit"})
    assert Note.objects.get(talk=talk).status == NoteStatus.PUBLISHED


def test_author_with_two_published_notes_still_waits_for_review(client, attendee):
    NoteFactory.create_batch(2, author=attendee)
    NoteFactory(author=attendee, status=NoteStatus.PENDING, published_at=None)
    talk = TalkFactory()
    client.post(create_url(talk), {"body": "Third", "language": "en", "action": "submit"})
    assert Note.objects.get(talk=talk).status == NoteStatus.PENDING


def test_save_as_draft_keeps_the_note_private_and_editable(client, attendee):
    talk = TalkFactory()
    response = client.post(
        create_url(talk), {"body": "Half done", "language": "en", "action": "draft"}
    )
    note = Note.objects.get()
    assert note.status == NoteStatus.DRAFT
    assert response.url == reverse("talks:note-update", args=[note.pk])


def test_preview_without_javascript_renders_the_form_and_the_preview(client, attendee):
    talk = TalkFactory()
    body = "Hello <script>alert(1)</script> [site](https://example.org)"
    response = client.post(create_url(talk), {"body": body, "language": "en", "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Note.objects.count() == 0
    assert response.context["preview_html"] == (
        '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; <a href="https://example.org" '
        'rel="nofollow ugc noopener">site</a></p>'
    )
    assert response.context["form"]["body"].value() == body
    assert response.context["preview_html"] in html


def test_htmx_preview_returns_the_preview_rendered_like_a_saved_note(client, attendee):
    response = client.post(
        reverse("talks:note-preview"),
        {"body": "- *one*\n- two", "language": "en"},
        headers={"HX-Request": "true"},
    )
    saved = NoteFactory(body="- *one*\n- two")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="note-preview"')
    assert f'<div class="note-body">{saved.body_html}</div>' in html
    assert "<html" not in html


def test_htmx_preview_of_a_too_long_body_explains_the_limit(client, attendee):
    response = client.post(reverse("talks:note-preview"), {"body": "x" * (MAX_BODY_LENGTH + 1)})
    assert response.content.decode().split("\n")[1:3] == [
        '<section id="note-preview" class="preview" aria-live="polite">',
        '  <ul class="errorlist"><li>This text has 50,001 characters; the limit is 50,000. '
        "Shorten it, or split it into two notes.</li></ul>",
    ]


def test_too_long_body_is_refused_with_a_clear_error_and_kept(client, attendee):
    talk = TalkFactory()
    body = "a" * (MAX_BODY_LENGTH + 1)
    response = client.post(create_url(talk), {"body": body, "language": "en", "action": "submit"})
    assert response.status_code == 200
    assert Note.objects.count() == 0
    assert response.context["form"].errors == {
        "body": [
            "This text has 50,001 characters; the limit is 50,000. "
            "Shorten it, or split it into two notes."
        ]
    }
    html = response.content.decode()
    assert f">\n{body}</textarea>" in html
    # The browser must not cut the text short: the textarea has no maxlength.
    assert "maxlength" not in html[html.index("<textarea") : html.index("</textarea>")]


def test_body_of_exactly_the_limit_is_accepted(client, attendee):
    talk = TalkFactory()
    client.post(
        create_url(talk), {"body": "a" * MAX_BODY_LENGTH, "language": "en", "action": "submit"}
    )
    assert len(Note.objects.get().body) == MAX_BODY_LENGTH


def test_line_breaks_sent_as_crlf_count_as_the_textarea_shows_them(client, attendee):
    talk = TalkFactory()
    # 49,995 characters as the textarea shows them; 50,494 with CRLF, as browsers send them.
    shown = ("a" * 99 + "\n") * 499 + "a" * 95
    sent = shown.replace("\n", "\r\n")
    response = client.post(create_url(talk), {"body": sent, "language": "en", "action": "submit"})
    note = Note.objects.get()
    assert response.status_code == 302
    assert (len(shown), len(sent)) == (49_995, 50_494)
    assert note.body == shown
    assert len(note.body) == 49_995


def test_empty_body_is_refused(client, attendee):
    talk = TalkFactory()
    response = client.post(create_url(talk), {"body": "  ", "language": "en"})
    assert response.context["form"].errors == {"body": ["This field is required."]}
    assert Note.objects.count() == 0


def test_notes_on_an_unpublished_talk_are_refused_unless_you_proposed_it(client, attendee):
    pending_talk = TalkFactory(status=TalkStatus.PENDING)
    own_pending_talk = TalkFactory(status=TalkStatus.PENDING, proposed_by=attendee)
    assert client.get(create_url(pending_talk)).status_code == 404
    assert client.get(create_url(own_pending_talk)).status_code == 200


def test_editing_keeps_the_previous_text_as_a_revision(client, attendee):
    note = NoteFactory(author=attendee, body="First version", language="en")
    response = client.post(
        reverse("talks:note-update", args=[note.pk]),
        {"body": "Second version", "language": "fr", "action": "submit"},
    )
    note.refresh_from_db()
    revision = NoteRevision.objects.get()
    assert response.status_code == 302
    assert (note.body, note.language) == ("Second version", "fr")
    assert (revision.note, revision.body, revision.language, revision.edited_by) == (
        note,
        "First version",
        "en",
        attendee,
    )


def test_each_edit_adds_a_revision(client, attendee):
    note = NoteFactory(author=attendee, body="v1")
    url = reverse("talks:note-update", args=[note.pk])
    client.post(url, {"body": "v2", "language": "en", "action": "draft"})
    client.post(url, {"body": "v3", "language": "en", "action": "draft"})
    assert list(note.revisions.order_by("created_at").values_list("body", flat=True)) == [
        "v1",
        "v2",
    ]


def test_untrusted_authors_edit_of_a_published_note_goes_back_to_review(client, attendee):
    note = NoteFactory(author=attendee, body="Fine")
    client.post(
        reverse("talks:note-update", args=[note.pk]),
        {"body": "Now with spam", "language": "en", "action": "submit"},
    )
    note.refresh_from_db()
    assert note.status == NoteStatus.PENDING


def test_a_hidden_note_cannot_be_republished_by_its_author(client, attendee):
    attendee.groups.add(Group.objects.get(name="Trusted"))
    note = NoteFactory(author=attendee, status=NoteStatus.HIDDEN)
    url = reverse("talks:note-update", args=[note.pk])
    client.post(url, {"body": "edited", "language": "en", "action": "draft"})
    note.refresh_from_db()
    assert note.status == NoteStatus.HIDDEN
    client.post(url, {"body": "edited again", "language": "en", "action": "submit"})
    note.refresh_from_db()
    assert note.status == NoteStatus.PENDING


def test_only_the_author_can_edit_or_delete_a_note(client, attendee):
    note = NoteFactory(body="Not yours")
    edit = client.post(
        reverse("talks:note-update", args=[note.pk]),
        {"body": "Vandalised", "language": "en", "action": "submit"},
    )
    delete = client.post(reverse("talks:note-delete", args=[note.pk]))
    note.refresh_from_db()
    assert (edit.status_code, delete.status_code) == (404, 404)
    assert note.body == "Not yours"


def test_author_deletes_their_note_after_confirming(client, attendee):
    note = NoteFactory(author=attendee)
    url = reverse("talks:note-delete", args=[note.pk])
    confirm = client.get(url)
    response = client.post(url)
    assert confirm.status_code == 200
    assert response.url == reverse("my-contributions")
    assert Note.objects.count() == 0


def test_author_sees_their_pending_note_on_the_talk_page_and_nobody_else(client, attendee):
    talk = TalkFactory()
    NoteFactory(
        talk=talk,
        author=attendee,
        body="My *pending* notes",
        status=NoteStatus.PENDING,
        published_at=None,
    )
    marker = "Your notes, awaiting review"

    author_page = client.get(talk.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    other_page = client.get(talk.get_absolute_url()).content.decode()
    client.logout()
    anonymous_page = client.get(talk.get_absolute_url()).content.decode()

    assert marker in author_page and "<em>pending</em>" in author_page
    assert "pending" not in other_page.split('id="notes-heading"')[1].split("</section>")[0]
    assert marker not in anonymous_page and "<em>pending</em>" not in anonymous_page


def test_talk_page_offers_to_write_notes_and_review(client, attendee):
    talk = TalkFactory()
    html = client.get(talk.get_absolute_url()).content.decode()
    assert f'href="{create_url(talk)}"' in html
    assert f'href="{reverse("talks:review", args=[talk.event.slug, talk.slug])}"' in html


def test_editors_see_others_pending_notes_in_the_admin_and_attendees_cannot(client):
    NoteFactory(body="Awaiting", status=NoteStatus.PENDING, published_at=None)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_note"))
    attendee = UserFactory()

    client.force_login(attendee)
    attendee_response = client.get(reverse("admin:talks_note_changelist"))
    client.force_login(editor)
    editor_response = client.get(reverse("admin:talks_note_changelist"))

    assert attendee_response.status_code == 302
    assert editor_response.status_code == 200
    assert editor_response.context["cl"].result_count == 1


@pytest.mark.parametrize("signed_in", [False, True])
def test_talk_page_query_count_does_not_grow_with_the_authors_own_notes(client, signed_in):
    author = UserFactory()
    talk = TalkFactory()
    if signed_in:
        client.force_login(author)

    def queries_with(own_notes):
        Note.objects.filter(author=author).delete()
        NoteFactory.create_batch(
            own_notes, talk=talk, author=author, status=NoteStatus.PENDING, published_at=None
        )
        # Both computed afresh: the related talks' ranking is otherwise read from the cache.
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(talk.get_absolute_url()).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(6)


def test_preview_nests_sub_items_indented_by_two_spaces(client, attendee):
    body = "- Limits\n  - CPU\n- Requests"
    response = client.post(
        reverse("talks:note-preview"),
        {"body": body, "language": "en"},
        headers={"HX-Request": "true"},
    )
    assert (
        '<div class="note-body"><ul>\n<li>Limits\n<ul>\n<li>CPU</li>\n</ul>\n</li>\n'
        "<li>Requests</li>\n</ul></div>"
    ) in response.content.decode()


def test_preview_shows_a_notes_first_heading_below_the_preview_heading(client, attendee):
    response = client.post(
        reverse("talks:note-preview"),
        {"body": "# Takeaways\n\n- requests", "language": "en"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<h2>Preview</h2>" in html
    assert '<div class="note-body"><h3>Takeaways</h3>\n<ul>' in html
