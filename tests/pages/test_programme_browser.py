"""In a real browser: a new attendee enters a one-day conference of 15 talks in one sitting,
and the same form without JavaScript keeps what was typed when rows are added."""

import re

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import Page, expect

from events.models import EventStatus
from talks.models import Proposal, Talk, TalkStatus, TopicSuggestion
from tests.factories import EventFactory, TalkFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRAMME_PATH = "/propose/conference/"
DAY = "2026-06-12"
MISSING_TOPICS = ["Service Mesh", "Storage", "Serverless", "Kafka"]
# Fifteen talks of a one-day conference: (title, speakers, start time, topics).
TALKS = [
    ("Opening keynote", "Ada Lovelace", "09:00", "Kubernetes"),
    ("Service meshes without tears", "Grace Hopper", "09:45", "Service Mesh"),
    ("Persistent volumes at scale", "Alan Turing\nEdsger Dijkstra", "10:30", "Storage"),
    ("Functions on Kubernetes", "Barbara Liskov", "11:15", "Serverless, Kubernetes"),
    ("Kafka in production", "Leslie Lamport", "12:00", "Kafka"),
    ("Tracing everything", "Margaret Hamilton", "13:30", "Observability"),
    ("GitOps for the rest of us", "Ken Thompson", "14:00", "Kubernetes"),
    ("Cost of a cluster", "Frances Allen", "14:30", ""),
    ("Rust operators", "Dennis Ritchie", "15:00", "Kubernetes"),
    ("Platform teams", "Radia Perlman", "15:30", ""),
    ("eBPF in practice", "Linus Torvalds", "16:00", "Observability"),
    ("Securing the supply chain", "Shafi Goldwasser", "16:30", ""),
    ("Lightning: kubectl tricks", "John McCarthy", "17:00", "Kubernetes"),
    ("Lightning: dashboards", "Adele Goldberg", "17:10", "Observability"),
    ("Closing panel", "Ada Lovelace\nGrace Hopper", "17:30", ""),
]


@pytest.fixture
def site(db):
    """A site that has two topics and one event, and none of the conference being entered."""
    event = EventFactory(name="DevFest Nantes 2025")
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    observability = TopicFactory(name="Observability", slug="observability")
    TalkFactory(event=event, topics=[kubernetes, observability])


@pytest.fixture
def new_page(chromium, live_server, screenshot):
    contexts = []
    violations: list[str] = []

    def open_page(*, javascript: bool = True) -> Page:
        context = chromium.new_context(
            base_url=live_server.url, java_script_enabled=javascript, locale="en-GB"
        )
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text or message.type == "error"
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    # Queries made under Playwright's event loop use a connection of their own.
    connections.close_all()
    assert violations == []


def sign_up_from_the_events_page(page: Page) -> None:
    page.goto("/events/")
    page.get_by_role("link", name="Add a missing conference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.locator("main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_role("button", name="Send me the link").click()
    (message,) = mail.outbox
    page.goto(re.search(r"http://\S+", message.body).group())
    page.locator("#id_password1").fill("a sturdy passphrase 42")
    page.locator("#id_password2").fill("a sturdy passphrase 42")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(re.escape(PROGRAMME_PATH) + "$"))


def fill_row(page: Page, index: int, title: str, speakers: str, start: str, topics: str):
    page.locator(f"#id_talks-{index}-title").fill(title)
    page.locator(f"#id_talks-{index}-speakers").fill(speakers)
    page.locator(f"#id_talks-{index}-start_time").fill(start)
    if title.startswith("Lightning"):
        page.locator(f"#id_talks-{index}-talk_format").select_option("lightning")
    page.locator(f"#id_talks-{index}-topics").fill(topics)


def test_a_newcomer_enters_a_one_day_conference_of_fifteen_talks(site, new_page, screenshot):
    page = new_page()
    sign_up_from_the_events_page(page)

    page.get_by_label("New event's name").fill("Cloud Native Lille 2026")
    page.get_by_label("First day").fill(DAY)
    page.get_by_label("Last day").fill(DAY)
    page.get_by_label("City").fill("Lille")
    page.get_by_label("Country").select_option(label="France")
    page.get_by_label("Venue").fill("Grand Palais")
    page.get_by_label("Series").fill("Cloud Native Lille")
    page.get_by_label("English").check()

    # Rows come in place: the page is never reloaded.
    page.evaluate("window.notReloaded = true")
    rows = page.locator("#talk-rows .talk-row")
    expect(rows).to_have_count(5)
    page.get_by_role("button", name="Add 5 rows").click()
    page.get_by_role("button", name="Add 5 rows").click()
    expect(rows).to_have_count(15)
    expect(page.locator("#id_talks-TOTAL_FORMS")).to_have_value("15")
    expect(rows.nth(14).locator("legend")).to_have_text("Talk 15")
    assert page.evaluate("window.notReloaded") is True

    for index, talk in enumerate(TALKS):
        fill_row(page, index, *talk)
    # After a comma, the topics the site has are suggested for the next name.
    topics = page.locator("#id_talks-3-topics")
    topics.fill("Serverless, Obs")
    expect(page.locator("#topic-names option")).to_have_count(1)
    expect(page.locator("#topic-names option")).to_have_attribute(
        "value", "Serverless, Observability"
    )
    topics.fill("Serverless, Kubernetes")
    screenshot(page, "programme-fifteen-talks")

    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your 15 talks will be listed once an editor has approved them."
    )
    proposals = page.locator("article.proposal")
    expect(proposals).to_have_count(1)
    expect(proposals.get_by_role("heading")).to_contain_text("Cloud Native Lille 2026")
    expect(proposals.locator("li")).to_have_count(15)
    expect(proposals.locator("li .status-pending")).to_have_count(15)
    screenshot(page, "programme-in-my-contributions")

    proposal = Proposal.objects.get()
    assert (proposal.event.name, proposal.event.status, proposal.event.country) == (
        "Cloud Native Lille 2026",
        EventStatus.PENDING,
        "FR",
    )
    assert [talk.title for talk in proposal.talks.order_by("pk")] == [talk[0] for talk in TALKS]
    assert {talk.status for talk in proposal.talks.all()} == {TalkStatus.PENDING}
    assert sorted(TopicSuggestion.objects.values_list("name", flat=True)) == sorted(MISSING_TOPICS)

    approve_as_one_item(new_page(), screenshot)
    reader = new_page()
    reader.goto("/events/")
    reader.get_by_role("link", name="Cloud Native Lille 2026").click()
    expect(reader.locator("main").get_by_role("link", name="Kafka in production")).to_be_visible()
    reader.goto("/topics/")
    for topic in MISSING_TOPICS:
        expect(reader.locator("main").get_by_role("link", name=topic, exact=True)).to_be_visible()
    assert set(Talk.objects.published().values_list("title", flat=True)) >= {t[0] for t in TALKS}


def approve_as_one_item(page: Page, screenshot) -> None:
    """An editor finds the conference as one item of the queue, accepts the four topics it
    suggests, and approves it whole."""
    UserFactory(username="chief", password="chief passphrase 7", is_staff=True, is_superuser=True)
    page.goto("/admin/talks/proposal/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("chief passphrase 7")
    page.get_by_role("button", name="Log in").click()
    queue = page.locator("#result_list tbody tr")
    expect(queue).to_have_count(1)
    queue.get_by_role("link", name=re.compile("^Cloud Native Lille 2026")).click()
    for topic in MISSING_TOPICS:
        decision = page.locator(".form-row", has=page.locator("strong", has_text=topic))
        decision.get_by_role("button", name="Accept: create the topic").click()
        expect(page.locator(".messagelist")).to_contain_text(topic)
    screenshot(page, "programme-editor-topics-accepted")
    page.get_by_role("button", name="Approve all").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Everything still pending in the proposal is approved."
    )
    screenshot(page, "programme-editor-approved")


def test_enter_in_a_field_sends_the_proposal_instead_of_adding_rows(site, new_page):
    UserFactory(username="ada", password="ada passphrase 42")
    page = new_page()
    page.goto(PROGRAMME_PATH)
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("ada passphrase 42")
    page.get_by_role("button", name="Log in").click()

    page.locator("#id_talks-0-title").fill("Opening keynote")
    page.locator("#id_talks-0-title").press("Enter")

    # Sent, and refused for what is missing (the event, the speakers): no rows were added.
    expect(page.locator(".notice-error")).to_be_visible()
    expect(page.locator("#talk-rows .talk-row")).to_have_count(5)
    expect(page.locator("#id_talks-0-title")).to_have_value("Opening keynote")


def test_adding_rows_without_javascript_keeps_what_was_typed(site, new_page, screenshot):
    UserFactory(username="ada", password="ada passphrase 42")
    page = new_page(javascript=False)
    page.goto(PROGRAMME_PATH)
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("ada passphrase 42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(PROGRAMME_PATH) + "$"))

    page.get_by_label("New event's name").fill("Cloud Native Lille 2026")
    page.get_by_label("French").check()
    page.locator("#id_talks-0-title").fill("Opening keynote")
    page.locator("#id_talks-0-speakers").fill("Ada Lovelace\nGrace Hopper")
    page.locator("#id_talks-4-topics").fill("Storage")
    page.get_by_role("button", name="Add 5 rows").click()

    expect(page.locator("#talk-rows .talk-row")).to_have_count(10)
    expect(page.get_by_label("New event's name")).to_have_value("Cloud Native Lille 2026")
    expect(page.get_by_label("French")).to_be_checked()
    expect(page.locator("#id_talks-0-title")).to_have_value("Opening keynote")
    expect(page.locator("#id_talks-0-speakers")).to_have_value("Ada Lovelace\nGrace Hopper")
    expect(page.locator("#id_talks-4-topics")).to_have_value("Storage")
    expect(page.locator("#id_talks-9-title")).to_have_value("")
    expect(page.locator(".errorlist")).to_have_count(0)
    screenshot(page, "programme-rows-added-without-javascript")
    assert Proposal.objects.count() == 0
