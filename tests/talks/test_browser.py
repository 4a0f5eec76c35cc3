"""A reader finds talks in a real browser: filters in place, the back button, French."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, NoteFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def talks():
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    go = TopicFactory(name="Go", slug="go")
    event = EventFactory(name="KubeCon Europe 2024", slug="kubecon-europe-2024")
    operators = TalkFactory(
        event=event,
        title="Opérateurs Kubernetes",
        slug="operateurs-kubernetes",
        languages=["fr"],
        topics=[kubernetes, go],
        speakers=[SpeakerFactory(name="Alice Martin")],
    )
    TalkFactory(event=event, title="Scaling the control plane", topics=[kubernetes])
    TalkFactory(event=event, title="Go generics", languages=["fr"], topics=[go])
    NoteFactory(talk=operators, language="fr", body="Une boucle de **réconciliation**.")


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


def result_titles(page) -> list[str]:
    return page.locator(".results .talk-title").all_inner_texts()


def test_reader_filters_reads_a_note_switches_to_french_and_goes_back(page, talks, screenshot):
    page.goto("/talks/")
    expect(page.locator("#finder-status")).to_have_text("3 talks")
    # Survives in-place updates only: a full page load would forget it.
    page.evaluate("window.loadedOnce = true")

    page.get_by_label("Kubernetes (2)").check()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes$"))
    page.get_by_label("French (1)").check()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    expect(page.locator("#finder-status")).to_have_text("1 talk")
    assert result_titles(page) == ["Opérateurs Kubernetes"]
    assert page.evaluate("window.loadedOnce") is True
    # Each topic counts the French talks: choosing Go as well would give two.
    expect(page.get_by_label("Go (2)")).not_to_be_checked()
    screenshot(page, "finder-kubernetes-french")

    page.get_by_role("link", name="Opérateurs Kubernetes").click()
    note = page.locator("article.note")
    expect(note).to_have_attribute("lang", "fr")
    expect(note.locator("strong")).to_have_text("réconciliation")
    screenshot(page, "talk-with-note")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    expect(page.get_by_label("Kubernetes (1)")).to_be_checked()
    expect(page.get_by_label("French (1)")).to_be_checked()
    assert result_titles(page) == ["Opérateurs Kubernetes"]

    page.get_by_role("button", name="français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouver une présentation")
    expect(page.get_by_label("français (1)")).to_be_checked()
    screenshot(page, "finder-in-french")

    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes$"))
    expect(page.get_by_label(re.compile(r"^Kubernetes"))).to_be_checked()
    expect(page.get_by_label(re.compile(r"^(French|français)"))).not_to_be_checked()
    assert sorted(result_titles(page)) == ["Opérateurs Kubernetes", "Scaling the control plane"]


def test_finder_works_without_javascript(chromium, live_server, talks, screenshot):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/talks/")

    page.get_by_label("Kubernetes (2)").check()
    page.get_by_label("French (2)").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/talks/\?topic=kubernetes&language=fr$"))
    assert result_titles(page) == ["Opérateurs Kubernetes"]
    screenshot(page, "finder-without-javascript")
    context.close()
