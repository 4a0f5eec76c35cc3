"""Copies of PDF slides served from the site's own origin, to public talks' pages only."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus
from talks.models import SlidesCopy, TalkStatus
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"
DIGEST = hashlib.sha256(PDF).hexdigest()
SOURCE = "https://example.org/talk.pdf"


def copied(talk):
    SlidesCopy.objects.create(
        talk=talk, source_url=SOURCE, content=PDF, sha256=DIGEST, fetched_at=timezone.now()
    )
    talk.slides_player, talk.slides_player_for = DIGEST, SOURCE
    talk.save()
    return reverse("talks:slides-copy", kwargs={"sha256": DIGEST})


def test_a_copy_is_served_as_a_pdf_that_runs_nothing(client):
    url = copied(TalkFactory(slides_url=SOURCE))

    response = client.get(url)

    assert response.status_code == 200
    assert response.content == PDF
    assert {
        name: response[name]
        for name in (
            "Content-Type",
            "Content-Disposition",
            "X-Content-Type-Options",
            "Content-Security-Policy",
            "X-Frame-Options",
            "ETag",
            "Cache-Control",
        )
    } == {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'inline; filename="slides.pdf"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "X-Frame-Options": "SAMEORIGIN",
        "ETag": f'"{DIGEST}"',
        "Cache-Control": "public, max-age=31536000, immutable",
    }


def test_a_reader_who_has_the_copy_gets_a_304(client):
    url = copied(TalkFactory(slides_url=SOURCE))

    response = client.get(url, headers={"If-None-Match": f'"{DIGEST}"'})

    assert (response.status_code, response.content) == (304, b"")
    assert response["ETag"] == f'"{DIGEST}"'


@pytest.mark.parametrize(
    ("talk_status", "event_status"),
    [
        (TalkStatus.PENDING, EventStatus.PUBLISHED),
        (TalkStatus.REJECTED, EventStatus.PUBLISHED),
        (TalkStatus.PUBLISHED, EventStatus.PENDING),
    ],
)
def test_the_copy_of_a_talk_not_public_is_not_found(client, talk_status, event_status):
    talk = TalkFactory(
        slides_url=SOURCE, status=talk_status, event=EventFactory(status=event_status)
    )
    url = copied(talk)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("sha256", [DIGEST, "1", "../etc/passwd", "A" * 64])
def test_an_unknown_digest_is_not_found(client, sha256):
    assert client.get(f"/slides/{sha256}.pdf").status_code == 404


def test_a_copy_is_read_only(client):
    url = copied(TalkFactory(slides_url=SOURCE))

    assert client.post(url).status_code == 405


def test_the_talk_page_offers_the_copy_to_show(client):
    talk = TalkFactory(title="Terramate", slides_url=SOURCE)
    url = copied(talk)

    page = client.get(talk.get_absolute_url()).content.decode()

    assert f'data-embed-url="{url}"' in page
    assert f'href="{SOURCE}"' in page


def test_without_a_copy_the_talk_page_links_the_pdf(client):
    talk = TalkFactory(title="Terramate", slides_url=SOURCE)

    page = client.get(talk.get_absolute_url()).content.decode()

    assert "data-embed-url" not in page
    assert f'href="{SOURCE}"' in page
