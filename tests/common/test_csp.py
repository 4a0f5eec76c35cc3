"""The Content Security Policy: no inline script or style, scripts only from us or by nonce,
frames only from the players that talk pages know (talks/media.py) and the site itself."""

import re
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.db import connections
from django.http import HttpResponse
from django.template import engines
from django.urls import reverse

from tests.factories import NoteFactory, SpeakerFactory, TalkFactory, TopicFactory, UserFactory

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "frame-src": "https://www.youtube-nocookie.com https://player.vimeo.com https://framatube.org"
    " https://peertube.debian.social https://video.blender.org https://tilvids.com"
    " https://www.dailymotion.com https://speakerdeck.com https://www.slideshare.net 'self'",
}


def directives(header):
    """The policy as a dict: django-csp writes the directives in no particular order."""
    return dict(directive.split(" ", 1) for directive in header.split("; "))


@pytest.mark.django_db
def test_pages_carry_the_policy(client):
    response = client.get(reverse("home"))

    assert directives(response["Content-Security-Policy"]) == POLICY


def test_inline_script_runs_only_with_the_request_nonce(rf):
    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">document.title = "ok";</script>'
    )

    def view(request):
        return HttpResponse(template.render(request=request))

    response = CSPMiddleware(view)(rf.get("/"))
    nonce = re.fullmatch(r'<script nonce="([^"]+)">.*</script>', response.content.decode())[1]

    assert directives(response["Content-Security-Policy"]) == {
        **POLICY,
        "script-src": f"'self' 'nonce-{nonce}'",
    }


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()
    # Under Playwright's event loop the test ran in a context of its own, with its own
    # database connection, which pytest-django's teardown does not see: close it here, or
    # the test database cannot be dropped at the end of the session.
    connections.close_all()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_violates_the_policy(live_server, browser_page):
    speaker = SpeakerFactory(name="Mathieu Herbert")
    topic = TopicFactory(name="Kubernetes", slug="kubernetes")
    talk = TalkFactory(
        title="Terramate",
        speakers=[speaker],
        topics=[topic],
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        slides_url="https://speakerdeck.com/someone/terramate",
    )
    NoteFactory(talk=talk, body="# Notes\n\n- a [link](https://example.org)\n- `code`")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    violations = []
    browser_page.on(
        "console",
        lambda message: (
            violations.append(f"{browser_page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    public_pages = [
        reverse("home"),
        talk.event.get_absolute_url(),
        talk.get_absolute_url(),
        topic.get_absolute_url(),
        speaker.get_absolute_url(),
    ]
    for path in public_pages:
        browser_page.goto(live_server.url + path)
    browser_page.goto(live_server.url + reverse("login"))
    browser_page.fill("#id_username", "editor")
    browser_page.fill("#id_password", "correct horse battery staple")
    browser_page.click("form.account-form button[type=submit]")
    signed_in_pages = [
        reverse("my-contributions"),
        reverse("talks:note-create", args=[talk.event.slug, talk.slug]),
        reverse("admin:index"),
        reverse("admin:talks_talk_changelist"),
    ]
    for path in signed_in_pages:
        browser_page.goto(live_server.url + path)
    Path("test-artifacts").mkdir(exist_ok=True)
    browser_page.screenshot(path="test-artifacts/csp-admin-talks.png", full_page=True)

    assert browser_page.title().startswith("Select talk to change")
    assert violations == []
