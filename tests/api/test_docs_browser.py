"""The API's documentation page works in a real browser under the site's strict Content
Security Policy, from the site's own static files."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from tests.factories import TalkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_lists_every_operation_and_tries_one(chromium, live_server):
    TalkFactory(title="Operators in production")
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    violations, outside = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )

    page.goto("/api/docs/")
    expect(page).to_have_title("API JSON de confnotes")
    expect(page.get_by_text("/api/talks/{event_slug}/{slug}/", exact=True)).to_be_visible()
    expect(page.get_by_text("/api/talks/{event_slug}/{slug}/notes/", exact=True)).to_be_visible()
    page.locator("#operations-talks-talks_list").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table")).to_contain_text("Operators in production")

    context.close()
    connections.close_all()
    assert violations == []
    assert outside == []
