"""In a real browser: an attendee signs up by email, writes notes, an editor approves them.

Every dialog the page opens is recorded: hostile Markdown typed into the forms must never
run, so the list stays empty.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import Page, expect

from talks.models import Note, NoteStatus
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HOSTILE_NOTES = (
    "## What I learnt\n\n"
    "- **Budgets** beat dashboards\n"
    "- <img src=x onerror=\"alert('img')\">\n"
    "- [click me](javascript:alert('link'))\n"
    "- <svg onload=alert('svg')>\n"
    "- <script>alert('script')</script>\n"
)


@pytest.fixture
def browser(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    yield chromium
    # Queries made while Playwright's loop runs get their own connection; without this,
    # it outlives the test and blocks dropping the test database.
    connections.close_all()


def new_page(browser, dialogs: list[str]) -> Page:
    page = browser.new_context().new_page()

    def record(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return page


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"attendee-{name}.png", full_page=True)


def test_sign_up_write_preview_submit_approve_publish(browser, live_server):
    talk = TalkFactory(
        event=EventFactory(name="DevFest Nantes 2025"),
        title="Observability on a budget",
        speakers=[SpeakerFactory(name="Jérôme Petazzoni")],
        languages=["fr", "en"],
    )
    editor = UserFactory(username="chief", is_staff=True, is_superuser=True)
    talk_url = f"{live_server.url}{talk.get_absolute_url()}"
    dialogs: list[str] = []
    page = new_page(browser, dialogs)

    page.goto(talk_url)
    page.get_by_role("link", name="sign up", exact=True).click()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Email").fill("grace@example.org")
    shoot(page, "1-sign-up")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    (message,) = mail.outbox
    page.goto(re.search(r"http://\S+", message.body).group())
    expect(page.get_by_label("Username")).to_have_value("grace")
    page.locator("#id_password1").fill("a sturdy passphrase 42")
    page.locator("#id_password2").fill("a sturdy passphrase 42")
    shoot(page, "1-sign-up-finish")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(talk_url)

    page.get_by_role("link", name="Write notes").click()
    expect(page.get_by_label("Language of your notes")).to_have_value("fr")
    page.get_by_role("textbox", name="Your notes").fill(HOSTILE_NOTES)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#note-preview .note-body")
    expect(preview.locator("strong")).to_have_text("Budgets")
    expect(preview).to_contain_text("<script>alert('script')</script>")
    preview.locator("a", has_text="click me").click()
    shoot(page, "2-preview")
    assert Note.objects.count() == 0

    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(talk_url)
    expect(page.get_by_role("status")).to_contain_text("will appear once an editor")
    own_note = page.locator(".note-own")
    expect(own_note).to_contain_text("awaiting review")
    expect(own_note.locator(".note-body strong")).to_have_text("Budgets")
    shoot(page, "3-pending-for-author")
    note = Note.objects.get()
    assert (note.status, note.language, note.author.username) == (NoteStatus.PENDING, "fr", "grace")

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out (grace)").click()
    page.goto(talk_url)
    expect(page.locator("#notes-heading + p")).to_have_text("No notes on this talk yet.")
    expect(page.get_by_text("Budgets")).to_have_count(0)
    shoot(page, "4-invisible-when-logged-out")

    editor_page = new_page(browser, dialogs)
    editor.set_password("editor passphrase 9")
    editor.save()
    editor_page.goto(f"{live_server.url}/admin/talks/note/?status__exact=pending")
    editor_page.get_by_label("Username").fill("chief")
    editor_page.get_by_label("Password").fill("editor passphrase 9")
    editor_page.get_by_role("button", name="Log in").click()
    editor_page.locator(f'input[name="_selected_action"][value="{note.pk}"]').check()
    editor_page.get_by_label("Action:").select_option("approve")
    shoot(editor_page, "5-editor-approves")
    editor_page.get_by_role("button", name="Go").click()
    expect(editor_page.locator(".messagelist")).to_contain_text("1 note approved.")

    page.goto(talk_url)
    published = page.locator(f"#note-{note.pk}")
    expect(published.locator("strong")).to_have_text("Budgets")
    expect(published).to_contain_text("<img src=x onerror=")
    published.locator("a", has_text="click me").click()
    shoot(page, "6-published")

    assert dialogs == []


def test_hostile_proposal_never_runs_in_the_browser(browser, live_server):
    EventFactory(name="KCD France 2023")
    TalkFactory(speakers=[SpeakerFactory(name="Aurélie Vache")])
    UserFactory(username="mallory", password="mallory passphrase 1")
    dialogs: list[str] = []
    page = new_page(browser, dialogs)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("mallory")
    page.get_by_label("Password").fill("mallory passphrase 1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/propose/")
    page.locator("#id_event").select_option(label="KCD France 2023")
    page.get_by_label("Talk title").fill("<script>alert('title')</script>")
    page.get_by_label("English").check()
    page.get_by_label("Speakers").fill("<img src=x onerror=alert('name')>\naurelie")
    expect(page.locator("#speaker-hints")).to_contain_text("Aurélie Vache")
    page.get_by_role("textbox", name="Your notes").fill("[x](javascript:alert('notes'))")
    page.get_by_role("button", name="Preview my notes").click()
    expect(page.locator("#note-preview .note-body a")).to_have_text("x")
    page.locator("#note-preview .note-body a").click()
    shoot(page, "7-hostile-proposal")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("status")).to_contain_text("Your talk will be listed")
    # Shown as text twice: among my notes and among my proposals.
    expect(page.get_by_text("<script>alert('title')</script>")).to_have_count(2)
    shoot(page, "8-my-contributions")

    assert dialogs == []
