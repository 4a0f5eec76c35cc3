"""In Chromium: notes typed while the session ends, or too long to be sent, are not lost."""

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Page, expect

from talks.models import Note
from tests.factories import TalkFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
LONG_NOTES = "## What I learnt\n\n" + "".join(f"- point number {n}\n" for n in range(300))


@pytest.fixture
def browser_context(chromium, live_server, request):
    """A browser with its tabs sharing cookies; `javascript` parametrizes it indirectly."""
    javascript = getattr(request, "param", True)
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=javascript
    )
    yield context
    context.close()
    # Queries made under Playwright's event loop use a connection of their own.
    connections.close_all()


@pytest.fixture
def talk():
    UserFactory(username="ada")
    return TalkFactory(title="Observability on a budget")


@pytest.fixture
def talk_url(live_server, talk) -> str:
    return f"{live_server.url}{talk.get_absolute_url()}"


def note_url(talk) -> str:
    return reverse("talks:note-create", args=[talk.event.slug, talk.slug])


def log_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account-menu summary")).to_have_text("Account: ada")


def log_out(page: Page) -> None:
    page.goto("/")
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out (ada)").click()


def write_notes(page: Page, talk) -> None:
    page.goto(note_url(talk))
    page.get_by_role("textbox", name="Your notes").fill(LONG_NOTES)


def test_notes_sent_again_after_logging_in_in_another_tab_are_saved_at_the_first_press(
    browser_context, talk, talk_url
):
    writing, other_tab = browser_context.new_page(), browser_context.new_page()
    log_in(writing)
    write_notes(writing, talk)
    log_out(other_tab)

    writing.get_by_role("button", name="Submit").click()
    expect(writing.get_by_text("You are signed out")).to_be_visible()
    # Logging in replaces the CSRF token that the page above was written with.
    log_in(other_tab)
    writing.get_by_role("button", name="Send again").click()

    expect(writing).to_have_url(talk_url)
    expect(writing.get_by_role("status")).to_contain_text("will appear once an editor")
    assert Note.objects.get().body == LONG_NOTES.strip()


def test_preview_and_submit_work_after_logging_in_again_in_another_tab(
    browser_context, talk, talk_url
):
    writing, other_tab = browser_context.new_page(), browser_context.new_page()
    log_in(writing)
    write_notes(writing, talk)
    log_out(other_tab)
    log_in(other_tab)

    writing.get_by_role("button", name="Preview").click()
    expect(writing.locator("#note-preview .note-body h3")).to_have_text("What I learnt")
    writing.get_by_role("button", name="Submit").click()

    expect(writing).to_have_url(talk_url)
    assert Note.objects.get().body == LONG_NOTES.strip()


@pytest.mark.parametrize("browser_context", [False], indirect=True, ids=["without-javascript"])
def test_without_javascript_the_refused_notes_come_back_and_the_next_press_saves_them(
    browser_context, talk, talk_url
):
    writing, other_tab = browser_context.new_page(), browser_context.new_page()
    log_in(writing)
    write_notes(writing, talk)
    log_out(other_tab)
    writing.get_by_role("button", name="Submit").click()
    log_in(other_tab)

    writing.get_by_role("button", name="Send again").click()
    expect(writing.get_by_text("it changes each time you log in")).to_be_visible()
    assert Note.objects.count() == 0
    writing.get_by_role("button", name="Send again").click()

    expect(writing).to_have_url(talk_url)
    assert Note.objects.get().body == LONG_NOTES.strip()


def test_notes_too_big_to_send_are_still_in_the_form_after_going_back(
    browser_context, talk, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    writing = browser_context.new_page()
    log_in(writing)
    write_notes(writing, talk)

    writing.get_by_role("button", name="Submit").click()
    expect(writing.get_by_role("heading", level=1)).to_have_text("This form was too big to be sent")
    writing.go_back()

    expect(writing.get_by_role("textbox", name="Your notes")).to_have_value(LONG_NOTES)
    assert Note.objects.count() == 0
