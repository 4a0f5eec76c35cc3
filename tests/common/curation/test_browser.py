"""In a real browser: an editor filters the talks by event through the autocomplete box, then
merges two speakers; an editor maps a proposal's suggested topic to an existing one through
the autocomplete box, and approves the proposal whole."""

import datetime

import pytest
from django.db import connections
from playwright.sync_api import expect

from events.models import EventStatus
from events.services import ProposedEvent
from people.models import SpeakerAlias
from talks.models import NoteStatus, Talk, TalkStatus, TopicSuggestionStatus
from talks.services.programmes import ProposedTalk, programme_propose
from tests.factories import (
    EventFactory,
    NoteFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(chromium):
    yield chromium
    # Queries made while Playwright's loop runs get their own connection; without this,
    # it outlives the test and blocks dropping the test database.
    connections.close_all()


def chief():
    # A superuser: transactional tests empty the tables, the migrated Editors group with them.
    UserFactory(username="chief", password="chief passphrase 7", is_staff=True, is_superuser=True)


def log_in(page, url: str) -> None:
    """Open `url` as the chief editor, through the admin's login page."""
    page.goto(url)
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("chief passphrase 7")
    page.get_by_role("button", name="Log in").click()


def choose(page, select: str, typed: str, option: str) -> None:
    """Choose `option` in the admin's autocomplete box of the <select> `select`, after typing
    `typed`: once the answer to that text is shown, so that no later answer redraws the list
    under the click."""
    box = page.locator(f"{select} + .select2")
    box.click()
    with page.expect_response(
        lambda response: "/autocomplete/" in response.url and f"term={typed}" in response.url
    ):
        page.locator(".select2-search__field").fill(typed)
    expect(page.locator(".select2-results__option.loading-results")).to_have_count(0)
    page.get_by_role("option", name=option).click()
    expect(box.locator(".select2-selection__rendered")).to_contain_text(option)


def test_editor_filters_talks_by_event_and_merges_speakers(browser, live_server, screenshot):
    chief()
    devfest = EventFactory(name="DevFest Nantes 2025")
    kubecon = EventFactory(name="KubeCon Europe 2024")
    keep = SpeakerFactory(name="Jérôme Petazzoni", slug="jerome-petazzoni")
    duplicate = SpeakerFactory(name="Jerome Petazzoni", slug="jerome-petazzoni-2")
    TalkFactory(title="Terramate", event=devfest, speakers=[keep])
    TalkFactory(title="Containers from scratch", event=kubecon, speakers=[duplicate])
    page = browser.new_context().new_page()

    log_in(page, f"{live_server.url}/admin/talks/talk/")
    choose(page, "#filter-event", "devfest", "DevFest Nantes 2025")
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


def test_editor_maps_a_suggested_topic_and_approves_the_proposal(browser, live_server, screenshot):
    chief()
    streaming = TopicFactory(name="Event streaming")
    proposal = programme_propose(
        proposer=UserFactory(username="proposer"),
        event=ProposedEvent(
            name="KCD Lyon 2026",
            start_date=datetime.date(2026, 6, 12),
            end_date=datetime.date(2026, 6, 12),
            city="Lyon",
        ),
        talks=[
            ProposedTalk("Streams", ["Ada Nouvelle"], ["fr"], suggested_topics=["Kafka"]),
            ProposedTalk("Closing", ["Grace Neuve"], ["en"]),
        ],
    )
    page = browser.new_context().new_page()

    log_in(page, f"{live_server.url}/admin/talks/proposal/")
    page.get_by_role("link", name="KCD Lyon 2026 · June 12, 2026 · Lyon · Awaiting review").click()
    choose(page, "#id_topic0_topic", "stream", "Event streaming")
    screenshot(page, "editor-proposal-1-topic-mapped")
    page.get_by_role("button", name="Map to this topic").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "The talks that suggested “Kafka” have the topic “Event streaming”."
    )
    page.get_by_role("button", name="Approve all").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Everything still pending in the proposal is approved."
    )
    screenshot(page, "editor-proposal-2-approved")

    proposal.event.refresh_from_db()
    assert proposal.event.status == EventStatus.PUBLISHED
    assert set(Talk.objects.values_list("status", flat=True)) == {TalkStatus.PUBLISHED}
    suggestion = proposal.talks.get(title="Streams").topic_suggestions.get()
    assert (suggestion.status, suggestion.topic) == (TopicSuggestionStatus.MAPPED, streaming)


def test_note_queue_fits_a_laptop_screen_and_approves_from_the_row(
    browser, live_server, screenshot
):
    chief()
    pending = NoteFactory(
        status=NoteStatus.PENDING,
        published_at=None,
        author=UserFactory(username="marie"),
        talk=TalkFactory(title="Limits, Requests, QoS, PriorityClasses: what you think you know"),
        body="Requests reserve, limits cap. " * 100,
    )
    NoteFactory.create_batch(2, body="A long note. " * 500)
    # Names without spaces, as the factories number them late in a long run, wrap too.
    NoteFactory(author=UserFactory(username="attendee1000000000"), body="A long note. " * 500)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()

    log_in(page, f"{live_server.url}/admin/talks/note/")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)

    widths = page.evaluate(
        """() => [document.querySelector('#result_list').getBoundingClientRect().width,
                  document.querySelector('.changelist-form-container').getBoundingClientRect().width]"""
    )
    columns = page.evaluate(
        "[...document.querySelectorAll('#result_list thead th')].map(th => th.offsetWidth)"
    )
    assert widths[0] <= widths[1], columns
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [header.strip() for header in headers[1:]] == [
        "NOTE",
        "AUTHOR",
        "TALK",
        "LANGUAGE",
        "AGE",
        "DECISION",
    ]
    # Four short rows, not four whole notes.
    assert page.evaluate("document.querySelector('#result_list').offsetHeight") < 1000
    screenshot(page, "issue-20/note-queue-1280")
    row = page.locator("#result_list tbody tr", has_text="Requests reserve")
    row.get_by_role("button", name="Approve").click()

    expect(page.locator(".messagelist")).to_contain_text("1 note approved.")
    pending.refresh_from_db()
    assert pending.status == NoteStatus.PUBLISHED
