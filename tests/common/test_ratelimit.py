"""Writes are rate-limited per user and per IP; over the limit the form comes back, filled in."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from common.ratelimit import client_ip
from talks.models import Note, Review, Talk
from tests.factories import EventFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings, rate_limit_clock_stopped):
    settings.RATE_LIMITS = {
        "note": {"user": (2, 3600), "ip": (3, 3600)},
        "review": {"user": (1, 3600), "ip": (5, 3600)},
        "proposal": {"user": (1, 3600), "ip": (5, 3600)},
        "signup": {"ip": (1, 3600)},
        "password-reset": {"ip": (1, 3600)},
    }


def post_note(client, talk, body, **extra):
    url = reverse("talks:note-create", args=[talk.event.slug, talk.slug])
    return client.post(url, {"body": body, "language": "en", "action": "submit"}, **extra)


def test_note_over_the_user_limit_is_refused_with_429_and_the_text_kept(client, tight_limits):
    client.force_login(UserFactory())
    talk = TalkFactory()
    statuses = [post_note(client, talk, f"note {n}").status_code for n in range(2)]
    refused = post_note(client, talk, "my precious third note")
    html = refused.content.decode()
    assert statuses == [302, 302]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "nothing was saved this time" in html
    assert "my precious third note</textarea>" in html
    assert Note.objects.count() == 2


def test_previews_and_invalid_forms_do_not_count(client, tight_limits):
    client.force_login(UserFactory())
    talk = TalkFactory()
    url = reverse("talks:note-create", args=[talk.event.slug, talk.slug])
    for _ in range(5):
        client.post(url, {"body": "x", "language": "en", "action": "preview"})
        client.post(url, {"body": "", "language": "en", "action": "submit"})
    assert post_note(client, talk, "counted").status_code == 302


def test_note_limit_per_ip_applies_across_accounts(client, tight_limits):
    talk = TalkFactory()
    statuses = []
    for username in ["a", "b", "c", "d"]:
        client.force_login(UserFactory(username=username))
        statuses.append(post_note(client, talk, "hello").status_code)
    client.force_login(UserFactory(username="e"))
    other_address = post_note(client, talk, "hello", REMOTE_ADDR="198.51.100.9")
    assert statuses == [302, 302, 302, 429]
    assert other_address.status_code == 302


def test_review_over_the_limit_is_refused_and_kept(client, tight_limits):
    client.force_login(UserFactory())
    first, second = TalkFactory(), TalkFactory()
    client.post(reverse("talks:review", args=[first.event.slug, first.slug]), {"rating": "4"})
    refused = client.post(
        reverse("talks:review", args=[second.event.slug, second.slug]),
        {"rating": "2", "body": "kept words"},
    )
    assert refused.status_code == 429
    assert refused.context["form"]["body"].value() == "kept words"
    assert Review.objects.count() == 1


def test_talk_proposal_over_the_limit_is_refused_and_kept(client, tight_limits):
    client.force_login(UserFactory())
    event = EventFactory()
    data = {
        "event": event.pk,
        "title": "First",
        "talk_format": "talk",
        "languages": ["en"],
        "speakers": "Ada",
        "action": "submit",
    }
    client.post(reverse("talks:propose"), data)
    refused = client.post(
        reverse("talks:propose"), data | {"title": "Second", "note_body": "kept notes"}
    )
    assert refused.status_code == 429
    assert refused.context["form"]["note_body"].value() == "kept notes"
    assert list(Talk.objects.values_list("title", flat=True)) == ["First"]


def sign_up(client, username, email=None):
    data = {"username": username, "email": email or f"{username}@example.org", "website": ""}
    return client.post(reverse("signup"), data)


def test_sign_ups_are_limited_per_ip(client, tight_limits, mailoutbox):
    assert sign_up(client, "first").status_code == 302
    refused = sign_up(client, "second")
    assert refused.status_code == 429
    assert refused.context["form"]["username"].value() == "second"
    assert [message.to for message in mailoutbox] == [["first@example.org"]]


def test_refused_sign_ups_count_towards_the_limit(client, settings, mailoutbox):
    settings.RATE_LIMITS = {"signup": {"ip": (3, 3600)}}
    UserFactory(username="taken")
    statuses = [sign_up(client, "taken", f"try{n}@example.org").status_code for n in range(3)]
    over = sign_up(client, "free")
    assert statuses == [200, 200, 200]
    assert over.status_code == 429
    assert 0 < int(over["Retry-After"]) <= 3600
    assert over.context["form"]["username"].value() == "free"
    assert mailoutbox == []


def test_password_resets_are_limited_per_ip(client, tight_limits, mailoutbox):
    UserFactory(email="ada@example.org")
    client.post(reverse("password_reset"), {"email": "ada@example.org"})
    refused = client.post(reverse("password_reset"), {"email": "ada@example.org"})
    assert refused.status_code == 429
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "203.0.113.66, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
