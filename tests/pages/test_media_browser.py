"""A talk's recording in a real browser: nothing reaches the video's host until the reader
plays it, then its privacy-enhanced player only, under the Content Security Policy."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from playwright.sync_api import expect

from tests.factories import TalkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
# Without internet, the player's host answers from here: a page that asks for nothing more.
PLAYER_PAGE = "<!doctype html><title>Player</title><p>A video player</p>"
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser(chromium, live_server, request):
    """A page of its own and what it did: every request, and each violation of the policy."""
    options = getattr(request, "param", {})
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", **options)
    requests, violations = [], []
    context.route(
        re.compile(r"^https://([a-z0-9-]+\.)*(youtube|youtube-nocookie|ytimg|google)\.com/"),
        lambda route: route.fulfill(status=200, content_type="text/html", body=PLAYER_PAGE),
    )
    page = context.new_page()
    page.on("request", lambda sent: requests.append((sent.url, sent.resource_type)))
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page, requests, violations
    context.close()
    # Queries made under Playwright's event loop use a connection of their own.
    connections.close_all()


def axe_violations(page, rules: str = "{}") -> list[str]:
    """What axe finds on the page, the player's frame left out (it is the provider's)."""
    page.evaluate(AXE.read_text())
    found = page.evaluate(f"axe.run(document, {{iframes: false, ...{rules}}})")["violations"]
    return [f"{violation['id']}: {violation['nodes'][0]['target']}" for violation in found]


def elsewhere(requests, live_server) -> list[tuple[str, str]]:
    """The requests to any host but the site's own."""
    own = urlsplit(live_server.url).netloc
    return [(url, kind) for url, kind in requests if urlsplit(url).netloc != own]


def test_the_player_loads_only_when_the_reader_plays_the_video(browser, live_server, screenshot):
    page, requests, violations = browser
    talk = TalkFactory(title="Terramate at scale", video_url=VIDEO)

    page.goto(talk.get_absolute_url())
    page.wait_for_load_state("networkidle")
    play = page.get_by_role("button", name="Play the video")
    expect(play).to_be_visible()
    expect(page.get_by_role("link", name="Watch on YouTube")).to_have_attribute("href", VIDEO)

    assert elsewhere(requests, live_server) == []

    play.focus()
    page.keyboard.press("Enter")
    frame = page.locator("iframe.media-frame")
    expect(frame).to_have_attribute("title", "Video of “Terramate at scale” on YouTube")
    expect(page.frame_locator("iframe.media-frame").locator("p")).to_have_text("A video player")
    page.wait_for_load_state("networkidle")

    assert elsewhere(requests, live_server) == [(PLAYER, "document")]
    assert page.evaluate("document.activeElement.className") == "media-frame"
    assert axe_violations(page) == []
    assert violations == []
    screenshot(page, "talk-video-played")


@pytest.mark.parametrize(
    "browser",
    [{"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"}],
    indirect=True,
)
def test_previews_fit_a_phone_in_the_dark(browser, live_server, screenshot):
    page, requests, violations = browser
    talk = TalkFactory(
        title="A talk whose title is long enough to need a few lines on a phone's screen",
        video_url="https://vimeo.com/76979871",
        slides_url="https://speakerdeck.com/someone/a-deck",
    )

    page.goto(talk.get_absolute_url())

    expect(page.get_by_role("button", name="Play the video")).to_be_visible()
    expect(page.get_by_role("link", name="Open the slides on Speaker Deck")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page, "{runOnly: ['color-contrast']}") == []
    page.emulate_media(color_scheme="light")
    assert axe_violations(page) == []
    assert elsewhere(requests, live_server) == []
    assert violations == []
    screenshot(page, "talk-media-phone-dark")


@pytest.mark.parametrize("browser", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_the_preview_links_to_the_video(browser, live_server):
    page, requests, violations = browser
    talk = TalkFactory(video_url=VIDEO)

    page.goto(talk.get_absolute_url())

    expect(page.get_by_role("button", name="Play the video")).to_have_count(0)
    expect(page.get_by_role("link", name="Watch on YouTube")).to_have_attribute("href", VIDEO)
    assert page.locator("iframe").count() == 0
    assert elsewhere(requests, live_server) == []
    assert violations == []
