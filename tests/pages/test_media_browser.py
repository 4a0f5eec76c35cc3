"""A talk's recording and slides in a real browser: nothing reaches their host until the
reader plays the video or shows the slides, then their player only, under the Content
Security Policy; copies of PDF slides come from the site itself."""

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from talks.models import SlidesCopy
from tests.factories import TalkFactory
from tests.pages.test_accessibility_browser import AXE, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
# Without internet, the player's host answers from here: a page that asks for nothing more.
PLAYER_PAGE = "<!doctype html><title>Player</title><p>A video player</p>"


@pytest.fixture
def browser(chromium, live_server, request):
    """A page of its own and what it did: every request, and each violation of the policy."""
    options = getattr(request, "param", {})
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", **options)
    requests, violations = [], []
    context.route(
        re.compile(
            r"^https://([a-z0-9-]+\.)*"
            r"(youtube|youtube-nocookie|ytimg|google|speakerdeck)\.com/|"
            r"^https://([a-z0-9-]+\.)*slideshare\.net/"
        ),
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
    found = run_axe(page, f"{{iframes: false, ...{rules}}}")
    return [f"{violation['id']}: {violation['nodes'][0]['target']}" for violation in found]


def elsewhere(requests, live_server) -> list[tuple[str, str]]:
    """The requests to any host but the site's own. The browser's own resources (its PDF
    viewer's, at chrome://) go to no host."""
    own = urlsplit(live_server.url).netloc
    addresses = [(urlsplit(url), url, kind) for url, kind in requests]
    return [
        (url, kind)
        for address, url, kind in addresses
        if address.scheme not in ("chrome", "chrome-extension") and address.netloc != own
    ]


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
    # Waiting for the player's own request: "networkidle" may never come once a frame of
    # another origin is on the page.
    with page.expect_request_finished(lambda finished: finished.url == PLAYER):
        page.keyboard.press("Enter")
    frame = page.locator("iframe.media-frame")
    expect(frame).to_have_attribute("title", "Video of “Terramate at scale” on YouTube")
    expect(page.frame_locator("iframe.media-frame").locator("p")).to_have_text("A video player")

    assert elsewhere(requests, live_server) == [(PLAYER, "document")]
    assert page.evaluate("document.activeElement.className") == "media-frame"
    assert axe_violations(page) == []
    assert violations == []
    screenshot(page, "talk-video-played")


DECK_ID = "31f86a9069ae0132dede22511952b5a3"


@pytest.mark.parametrize(
    ("slides_url", "player_id", "provider", "player"),
    [
        (
            "https://speakerdeck.com/someone/terramate",
            DECK_ID,
            "Speaker Deck",
            f"https://speakerdeck.com/player/{DECK_ID}",
        ),
        (
            "https://www.slideshare.net/someone/terramate",
            "k8sProd42xYz",
            "SlideShare",
            "https://www.slideshare.net/slideshow/embed_code/key/k8sProd42xYz",
        ),
    ],
)
def test_the_deck_loads_only_when_the_reader_shows_the_slides(
    browser, live_server, slides_url, player_id, provider, player
):
    page, requests, violations = browser
    talk = TalkFactory(
        title="Terramate at scale",
        slides_url=slides_url,
        slides_player=player_id,
        slides_player_for=slides_url,
    )

    page.goto(talk.get_absolute_url())
    page.wait_for_load_state("networkidle")
    show = page.get_by_role("button", name="Show the slides")
    expect(show).to_be_visible()
    expect(page.get_by_role("link", name=f"Open the slides on {provider}")).to_have_attribute(
        "href", slides_url
    )

    assert elsewhere(requests, live_server) == []

    with page.expect_request_finished(lambda finished: finished.url == player):
        show.click()
    frame = page.locator("iframe.media-frame")
    expect(frame).to_have_attribute("title", f"Slides of “Terramate at scale” on {provider}")
    expect(page.frame_locator("iframe.media-frame").locator("p")).to_have_text("A video player")

    assert elsewhere(requests, live_server) == [(player, "document")]
    assert violations == []


# A one-page PDF that says "Terramate at scale".
PDF = (Path(__file__).resolve().parents[1] / "data" / "slides.pdf").read_bytes()


def test_pdf_slides_show_from_the_sites_own_copy(browser, live_server, screenshot):
    page, requests, violations = browser
    source = "https://files.example.org/terramate.pdf"
    digest = hashlib.sha256(PDF).hexdigest()
    talk = TalkFactory(
        title="Terramate at scale",
        slides_url=source,
        slides_player=digest,
        slides_player_for=source,
    )
    SlidesCopy.objects.create(
        talk=talk, source_url=source, content=PDF, sha256=digest, fetched_at=timezone.now()
    )

    page.goto(talk.get_absolute_url())
    page.wait_for_load_state("networkidle")
    show = page.get_by_role("button", name="Show the slides")
    expect(page.get_by_role("link", name="Open the slides")).to_have_attribute("href", source)
    copy = f"{live_server.url}/slides/{digest}.pdf"

    assert copy not in [url for url, kind in requests]

    with page.expect_request_finished(lambda finished: finished.url == copy):
        show.click()
    expect(page.locator("iframe.media-frame")).to_have_attribute(
        "title", "Slides of “Terramate at scale” (PDF)"
    )

    assert [(url, kind) for url, kind in requests if url == copy] == [(copy, "document")]
    assert elsewhere(requests, live_server) == []
    assert violations == []
    # The browser's PDF viewer draws the slides a moment after the copy has come.
    page.wait_for_timeout(1500)
    screenshot(page, "talk-pdf-slides-shown")


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
