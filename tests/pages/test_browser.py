"""A reader finds talks of the demo data in a real browser: filters in place, a note, French,
the back button, and the same finder without JavaScript."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLE_EMPLOI = "Kubernetes in production at Pôle Emploi"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    # htmx must work under the strict Content Security Policy, which the browser enforces.
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    # Queries made under Playwright's event loop use a connection of their own: close it, or
    # it outlives the test and blocks dropping the test database.
    connections.close_all()
    assert violations == []


def result_titles(page) -> list[str]:
    return page.locator(".results .talk-title").all_inner_texts()


def test_reader_filters_reads_a_note_switches_to_french_and_goes_back(page, demo, screenshot):
    page.goto("/talks/")
    expect(page.locator("#finder-status")).to_have_text("48 talks")
    # Survives in-place updates only: a full page load would forget it.
    page.evaluate("window.loadedOnce = true")

    page.get_by_label("Kubernetes (28)").check()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes$"))
    # Each language now counts its Kubernetes talks.
    page.get_by_label("French (9)").check()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    expect(page.locator("#finder-status")).to_have_text("9 talks")
    assert len(result_titles(page)) == 9
    assert page.evaluate("window.loadedOnce") is True
    screenshot(page, "finder-kubernetes-french")

    page.get_by_role("link", name=POLE_EMPLOI).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(POLE_EMPLOI)
    # A French talk whose notes were taken in English.
    note = page.locator("article.note")
    expect(note).to_have_attribute("lang", "en")
    expect(note).to_contain_text("About 20,000 pods, 3,000 developers")
    expect(page.locator(".rating-average")).to_have_text("Average rating 5.0/5 from 1 rating")
    screenshot(page, "talk-with-note")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    expect(page.get_by_label("Kubernetes (9)")).to_be_checked()
    expect(page.get_by_label("French (9)")).to_be_checked()
    assert POLE_EMPLOI in result_titles(page)

    page.get_by_role("button", name="français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouver une présentation")
    expect(page.locator("#finder-status")).to_have_text("9 présentations")
    expect(page.get_by_label("français (9)")).to_be_checked()
    screenshot(page, "finder-in-french")

    # Back past the language switch, to the Kubernetes talks in every language.
    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes$"))
    expect(page.get_by_label(re.compile(r"^Kubernetes"))).to_be_checked()
    expect(page.get_by_label(re.compile(r"^(French|français) "))).not_to_be_checked()
    assert len(result_titles(page)) == 20


def test_finder_works_without_javascript(chromium, live_server, demo, screenshot):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/talks/")

    page.get_by_label("Kubernetes (28)").check()
    page.get_by_label("French (16)").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    assert len(result_titles(page)) == 9
    expect(page.get_by_label("French (9)")).to_be_checked()
    screenshot(page, "finder-without-javascript")
    context.close()
    connections.close_all()
