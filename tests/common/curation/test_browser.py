"""In a real browser: an editor filters the talks by event through the autocomplete box, then
merges two speakers."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from people.models import SpeakerAlias
from tests.factories import EventFactory, SpeakerFactory, TalkFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(chromium):
    yield chromium
    # Queries made while Playwright's loop runs get their own connection; without this,
    # it outlives the test and blocks dropping the test database.
    connections.close_all()


def test_editor_filters_talks_by_event_and_merges_speakers(browser, live_server, screenshot):
    # A superuser: transactional tests empty the tables, the migrated Editors group with them.
    UserFactory(username="chief", password="chief passphrase 7", is_staff=True, is_superuser=True)
    devfest = EventFactory(name="DevFest Nantes 2025")
    kubecon = EventFactory(name="KubeCon Europe 2024")
    keep = SpeakerFactory(name="Jérôme Petazzoni", slug="jerome-petazzoni")
    duplicate = SpeakerFactory(name="Jerome Petazzoni", slug="jerome-petazzoni-2")
    TalkFactory(title="Terramate", event=devfest, speakers=[keep])
    TalkFactory(title="Containers from scratch", event=kubecon, speakers=[duplicate])
    page = browser.new_context().new_page()

    page.goto(f"{live_server.url}/admin/talks/talk/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("chief passphrase 7")
    page.get_by_role("button", name="Log in").click()
    page.locator("#filter-event + .select2").click()
    page.locator(".select2-search__field").fill("devfest")
    page.get_by_role("option", name="DevFest Nantes 2025").click()
    page.get_by_role("button", name="Filter").first.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("Terramate")
    screenshot(page, "editor-1-talks-by-event")

    page.goto(f"{live_server.url}/admin/people/speaker/")
    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option("merge")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Jérôme Petazzoni").check()
    page.get_by_role("button", name="Review the changes").click()
    expect(page.locator("#content")).to_contain_text("/speakers/jerome-petazzoni-2/")
    screenshot(page, "editor-2-merge-confirmation")
    page.get_by_role("button", name="Yes, merge").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Merged 1 duplicate into “Jérôme Petazzoni”."
    )

    assert SpeakerAlias.objects.get().slug == "jerome-petazzoni-2"
