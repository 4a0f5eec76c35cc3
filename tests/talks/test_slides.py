"""Finding what names the player of a talk's slides when their address is saved: Speaker Deck's
and SlideShare's oEmbed answers, copies of PDFs; and what a failure leaves (nothing lost)."""

import hashlib
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from talks.models import SlidesCopy, Talk
from talks.services.slides import talk_slides_resolve
from tests.factories import TalkFactory
from tests.http_server import answer, late

pytestmark = pytest.mark.django_db

DECK = "https://speakerdeck.com/jnunemaker/atom"
DECK_ID = "31f86a9069ae0132dede22511952b5a3"
SLIDESHARE = "https://www.slideshare.net/someone/kubernetes-in-production"
SLIDESHARE_KEY = "k8sProd42xYz"
INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def deck_oembed(player: str) -> bytes:
    """An oEmbed answer as Speaker Deck gives it: the player is in its `html`."""
    html = (
        f'<iframe class="speakerdeck-iframe" frameborder="0" src="{player}" title="Atom" '
        'allowfullscreen="true" style="border: 0px;"></iframe>'
    )
    return json.dumps({"type": "rich", "version": "1.0", "html": html}).encode()


@pytest.fixture
def providers(http_server, settings, loopback_fetching_allowed):
    """Speaker Deck's and SlideShare's oEmbed endpoints on the local server; each test says
    what they answer. Gives a function of the path asked for a slides address."""
    settings.SPEAKER_DECK_OEMBED_URL = http_server.url("/speakerdeck/oembed.json")
    settings.SLIDESHARE_OEMBED_URL = http_server.url("/slideshare/api/oembed/2")
    settings.SLIDES_FETCH_TIMEOUT = 1

    def asked(url: str) -> str:
        if "slideshare" in url:
            return f"/slideshare/api/oembed/2?{urlencode({'url': url, 'format': 'json'})}"
        return f"/speakerdeck/oembed.json?{urlencode({'url': url})}"

    return asked


def stored(talk: Talk) -> tuple[str, str]:
    talk.refresh_from_db()
    return talk.slides_player, talk.slides_player_for


def test_a_speaker_deck_id_is_found_in_its_oembed_answer(http_server, providers):
    http_server.routes[providers(DECK)] = answer(
        deck_oembed(f"https://speakerdeck.com/player/{DECK_ID}"),
        headers={"Content-Type": "application/json"},
    )
    talk = TalkFactory(slides_url=DECK)

    assert talk_slides_resolve(talk=talk) is True

    assert stored(talk) == (DECK_ID, DECK)
    assert talk.slides_player_id == DECK_ID
    assert http_server.requested == [providers(DECK)]


def test_a_slideshare_key_is_found_in_its_oembed_answer(http_server, providers):
    html = (
        f'<iframe src="https://www.slideshare.net/slideshow/embed_code/key/{SLIDESHARE_KEY}" '
        'width="427" height="356" frameborder="0" allowfullscreen></iframe>'
    )
    http_server.routes[providers(SLIDESHARE)] = answer(
        json.dumps({"slideshow_id": 123456, "html": html, "title": "K8s"}).encode()
    )
    talk = TalkFactory(slides_url=SLIDESHARE)

    assert talk_slides_resolve(talk=talk) is True

    assert stored(talk) == (SLIDESHARE_KEY, SLIDESHARE)


@pytest.mark.parametrize(
    "respond",
    [
        answer(b"Not found", status=404),
        answer(b"<html>a page</html>"),
        answer(b'["html"]'),
        answer(json.dumps({"html": 42}).encode()),
        answer(json.dumps({"type": "rich"}).encode()),
        # Another host's player, or one whose id is not Speaker Deck's.
        answer(deck_oembed(f"https://evil.example/player/{DECK_ID}")),
        answer(deck_oembed("https://speakerdeck.com/player/not-an-id")),
        answer(b"{}" + b" " * (64 * 1024)),
        late(2, answer(deck_oembed(f"https://speakerdeck.com/player/{DECK_ID}"))),
    ],
    ids=[
        "error",
        "not json",
        "a list",
        "html not text",
        "no html",
        "another host",
        "malformed id",
        "oversized",
        "timeout",
    ],
)
def test_an_unusable_oembed_answer_leaves_the_card_and_is_tried_again(
    http_server, providers, respond
):
    http_server.routes[providers(DECK)] = respond
    talk = TalkFactory(slides_url=DECK)

    assert talk_slides_resolve(talk=talk) is False

    talk = Talk.objects.get(pk=talk.pk)
    assert (talk.slides_url, talk.slides_player, talk.slides_player_for) == (DECK, "", "")
    # Not found for this address: the next save or `resolve_slides` tries again.
    assert talk_slides_resolve(talk=talk) is False
    assert len(http_server.requested) == 2


def test_an_address_already_resolved_is_not_fetched_again(http_server, providers):
    talk = TalkFactory(slides_url=DECK, slides_player=DECK_ID, slides_player_for=DECK)

    assert talk_slides_resolve(talk=talk) is True

    assert http_server.requested == []


def test_addresses_whose_player_needs_no_id_are_marked_done_without_a_request(
    http_server, providers
):
    talk = TalkFactory(slides_url="https://docs.example.org/presentation/1abc")

    assert talk_slides_resolve(talk=talk) is False

    assert stored(talk) == ("", "https://docs.example.org/presentation/1abc")
    assert http_server.requested == []


def test_a_pdf_is_copied_with_its_digest(http_server, providers):
    http_server.routes["/talk.pdf"] = answer(PDF, headers={"Content-Type": "application/pdf"})
    url = http_server.url("/talk.pdf")
    talk = TalkFactory(slides_url=url)

    assert talk_slides_resolve(talk=talk) is True

    digest = hashlib.sha256(PDF).hexdigest()
    assert stored(talk) == (digest, url)
    copy = SlidesCopy.objects.get()
    assert (copy.talk, bytes(copy.content), copy.sha256, copy.source_url) == (
        talk,
        PDF,
        digest,
        url,
    )
    assert copy.fetched_at is not None


@pytest.mark.parametrize(
    ("respond", "size_limit"),
    [
        (answer(b"<html>%PDF-</html>", headers={"Content-Type": "application/pdf"}), None),
        (answer(PDF, headers={"Content-Type": "text/html"}), None),
        (answer(PDF, headers={"Content-Type": "application/pdf"}), len(PDF) - 1),
        (answer(PDF, headers={"Content-Type": "application/pdf"}, length=False), len(PDF) - 1),
        (answer(b"", status=500), None),
        (late(2, answer(PDF, headers={"Content-Type": "application/pdf"})), None),
    ],
    ids=["not a pdf", "a page", "too large", "too large, undeclared", "error", "timeout"],
)
def test_what_is_not_a_pdf_within_the_limits_is_not_copied(
    http_server, providers, settings, respond, size_limit
):
    settings.SLIDES_PDF_MAX_BYTES = size_limit or settings.SLIDES_PDF_MAX_BYTES
    http_server.routes["/talk.pdf"] = respond
    talk = TalkFactory(slides_url=http_server.url("/talk.pdf"))

    assert talk_slides_resolve(talk=talk) is False

    assert stored(talk) == ("", "")
    assert SlidesCopy.objects.count() == 0


def test_a_pdf_at_a_private_address_is_not_fetched(http_server, settings):
    settings.FETCH_ALLOW_LOOPBACK = False
    http_server.routes["/talk.pdf"] = answer(PDF, headers={"Content-Type": "application/pdf"})
    talk = TalkFactory(slides_url=http_server.url("/talk.pdf"))

    assert talk_slides_resolve(talk=talk) is False

    assert http_server.requested == []
    assert SlidesCopy.objects.count() == 0


def test_a_new_address_replaces_the_copy_of_the_former_one(http_server, providers):
    http_server.routes["/talk.pdf"] = answer(PDF, headers={"Content-Type": "application/pdf"})
    http_server.routes[providers(DECK)] = answer(
        deck_oembed(f"https://speakerdeck.com/player/{DECK_ID}")
    )
    talk = TalkFactory(slides_url=http_server.url("/talk.pdf"))
    talk_slides_resolve(talk=talk)

    talk.slides_url = DECK
    talk.save()
    # Until resolved, the former player is not this address's.
    assert talk.slides_player_id == ""
    talk_slides_resolve(talk=talk)

    assert stored(talk) == (DECK_ID, DECK)
    assert SlidesCopy.objects.count() == 0


def test_an_address_changed_while_fetched_keeps_its_own_player(http_server, providers):
    talk = TalkFactory(slides_url=DECK)
    stale = Talk.objects.get(pk=talk.pk)
    Talk.objects.filter(pk=talk.pk).update(slides_url=SLIDESHARE)
    http_server.routes[providers(DECK)] = answer(
        deck_oembed(f"https://speakerdeck.com/player/{DECK_ID}")
    )

    assert talk_slides_resolve(talk=stale) is False

    assert stored(talk) == ("", "")


# Where the slides' address is saved


@pytest.fixture
def pdf_server(http_server, providers):
    http_server.routes["/talk.pdf"] = answer(PDF, headers={"Content-Type": "application/pdf"})
    return http_server


def admin_form(talk: Talk, **changes: str) -> dict[str, str]:
    """The talk's admin form as an editor sends it, with `changes`."""
    return {
        "event": talk.event.pk,
        "title": talk.title,
        "slug": talk.slug,
        "format": talk.format,
        "languages": "en",
        "status": talk.status,
        "talk_speakers-TOTAL_FORMS": "0",
        "talk_speakers-INITIAL_FORMS": "0",
        **changes,
    }


def test_editors_saving_slides_in_the_admin_get_them_resolved(
    pdf_server, editor, client, django_capture_on_commit_callbacks
):
    talk = TalkFactory()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:talks_talk_change", args=[talk.pk]),
            admin_form(talk, slides_url=pdf_server.url("/talk.pdf")),
        )

    assert response.status_code == 302
    assert stored(talk) == (hashlib.sha256(PDF).hexdigest(), pdf_server.url("/talk.pdf"))


def test_a_failing_fetch_never_loses_the_admin_save(
    http_server, providers, editor, client, django_capture_on_commit_callbacks
):
    talk = TalkFactory()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:talks_talk_change", args=[talk.pk]),
            admin_form(talk, title="A new title", slides_url=http_server.url("/missing.pdf")),
        )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.title, talk.slides_url, talk.slides_player) == (
        "A new title",
        http_server.url("/missing.pdf"),
        "",
    )
    assert http_server.requested == ["/missing.pdf"]


WRITEUP = """
---
event:
  name: DevFest Nantes 2025
  start: 2025-10-16
---

## Terramate at scale

- speakers: Mathieu Herbert
- languages: fr
- slides: {slides}
"""


def test_a_writeup_import_resolves_the_slides_it_brings(
    pdf_server, writeup_file, run_command, django_capture_on_commit_callbacks
):
    path = writeup_file(WRITEUP.format(slides=pdf_server.url("/talk.pdf")))

    with django_capture_on_commit_callbacks(execute=True):
        run_command("import_writeup", path)

    assert SlidesCopy.objects.get().talk == Talk.objects.get(title="Terramate at scale")


def test_a_dry_run_resolves_nothing(
    pdf_server, writeup_file, run_command, django_capture_on_commit_callbacks
):
    path = writeup_file(WRITEUP.format(slides=pdf_server.url("/talk.pdf")))

    with django_capture_on_commit_callbacks(execute=True):
        run_command("import_writeup", path, "--dry-run")

    assert pdf_server.requested == []


def test_a_schedule_import_resolves_the_slides_it_brings(
    pdf_server, tmp_path, run_command, django_capture_on_commit_callbacks
):
    schedule = json.loads((INTEROP / "frab-camp2019.json").read_text())
    conference = schedule["schedule"]["conference"]
    day = next(day for day in conference["days"] if day["rooms"])
    room, sessions = next(iter(day["rooms"].items()))
    session = {**sessions[0], "links": []}
    session["attachments"] = [{"url": pdf_server.url("/talk.pdf"), "title": "Slides"}]
    conference["days"] = [{**day, "rooms": {room: [session]}}]
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(schedule))

    with django_capture_on_commit_callbacks(execute=True):
        run_command("import_schedule", str(path))

    assert SlidesCopy.objects.get().talk == Talk.objects.get(source_guid=session["guid"])


def test_the_command_resolves_the_talks_not_resolved_yet(http_server, providers, run_command):
    http_server.routes[providers(DECK)] = answer(
        deck_oembed(f"https://speakerdeck.com/player/{DECK_ID}")
    )
    unresolved = TalkFactory(slides_url=DECK)
    failing = TalkFactory(slides_url=SLIDESHARE)
    TalkFactory(slides_url=DECK, slides_player=DECK_ID, slides_player_for=DECK)
    TalkFactory()

    output = run_command("resolve_slides")

    assert output == "2 slides addresses tried, 1 players found.\n"
    assert stored(unresolved) == (DECK_ID, DECK)
    assert stored(failing) == ("", "")
    assert http_server.requested == [providers(DECK), providers(SLIDESHARE)]
