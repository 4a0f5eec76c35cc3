"""Slides that play on the talk page: what names their player, found once when their address
is saved, since the address alone does not say it (talks/media.py).

- Speaker Deck and SlideShare give a deck's id in their oEmbed answer, asked with the deck's
  address (settings.SPEAKER_DECK_OEMBED_URL, settings.SLIDESHARE_OEMBED_URL);
- a PDF is copied here (`SlidesCopy`) if its address answers with a PDF of at most
  settings.SLIDES_PDF_MAX_BYTES, and plays from the site's own origin.

Every fetch goes through common/fetching.py: public addresses only, within
settings.SLIDES_FETCH_TIMEOUT seconds. Whatever fails leaves the talk as it was saved: its page
shows a card that opens the slides where they are, until `resolve_slides` tries again.
"""

import hashlib
import json
import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.fetching import FetchError, fetch
from talks.media import PROVIDERS_BY_NAME, needs_player_id
from talks.models import SlidesCopy, Talk

logger = logging.getLogger(__name__)

# An oEmbed answer is a few hundred bytes of JSON.
OEMBED_MAX_BYTES = 64 * 1024
# Where the player's id is in the `html` of each provider's oEmbed answer.
PLAYER_IN_OEMBED = {
    "Speaker Deck": re.compile(r"//speakerdeck\.com/player/([0-9a-f]{32})\b"),
    "SlideShare": re.compile(r"//www\.slideshare\.net/slideshow/embed_code/key/([\w-]+)"),
}
# What servers call a PDF; many serve any file as bytes.
PDF_CONTENT_TYPES = {
    "application/pdf",
    "application/x-pdf",
    "application/octet-stream",
    "binary/octet-stream",
}


class SlidesNotPlayable(Exception):
    """Why the slides' player could not be named."""


def talk_slides_resolve(*, talk: Talk) -> bool:
    """Find and store what names the player of `talk`'s slides (a deck's id, or a copy of the
    PDF, replacing the copy of an earlier address); whether it was found. Nothing is fetched
    again for an address already tried with success."""
    url = talk.slides_url
    if talk.slides_player_for == url:
        return bool(talk.slides_player)
    provider = needs_player_id(url)
    player_id, copy, found_for = "", None, url
    try:
        if provider == "PDF":
            copy = _pdf_copy(talk, url)
            player_id = copy.sha256
        elif provider:
            player_id = _oembed_player_id(provider, url)
    except (FetchError, SlidesNotPlayable) as error:
        logger.info("The slides of talk %s at %s will not play: %s", talk.pk, url, error)
        # Not found for this address: `resolve_slides` tries it again.
        found_for = ""
    with transaction.atomic():
        # The address may have changed while it was fetched: then this is no longer its player.
        updated = Talk.objects.filter(pk=talk.pk, slides_url=url).update(
            slides_player=player_id, slides_player_for=found_for
        )
        if updated:
            SlidesCopy.objects.filter(talk=talk).delete()
        if updated and copy is not None:
            copy.full_clean(validate_unique=False)
            copy.save(force_insert=True)
    if updated:
        talk.slides_player, talk.slides_player_for = player_id, found_for
    return bool(updated and player_id)


def talk_slides_resolve_on_commit(*, talk: Talk) -> None:
    """Resolve `talk`'s slides (talk_slides_resolve) once the transaction saving it commits,
    if its address was not tried yet: a slow or failing provider neither holds nor undoes
    the save. Nothing happens if the transaction is rolled back."""
    if talk.slides_player_for == talk.slides_url:
        return
    pk = talk.pk
    transaction.on_commit(lambda: _resolve_saved(pk))


def _resolve_saved(pk: int) -> None:
    talk = Talk.objects.filter(pk=pk).first()
    if talk is not None:
        talk_slides_resolve(talk=talk)


def _oembed_player_id(provider: str, url: str) -> str:
    if provider == "Speaker Deck":
        address = f"{settings.SPEAKER_DECK_OEMBED_URL}?{urlencode({'url': url})}"
    else:
        address = f"{settings.SLIDESHARE_OEMBED_URL}?{urlencode({'url': url, 'format': 'json'})}"
    answer = fetch(address, max_bytes=OEMBED_MAX_BYTES, timeout=settings.SLIDES_FETCH_TIMEOUT)
    try:
        data = json.loads(answer.content)
    except ValueError:
        raise SlidesNotPlayable("the oEmbed answer is not JSON") from None
    html = data.get("html") if isinstance(data, dict) else None
    match = PLAYER_IN_OEMBED[provider].search(html) if isinstance(html, str) else None
    if match is None or not PROVIDERS_BY_NAME[provider].player(match[1]):
        raise SlidesNotPlayable("the oEmbed answer names no player")
    return match[1]


def _pdf_copy(talk: Talk, url: str) -> SlidesCopy:
    answer = fetch(
        url, max_bytes=settings.SLIDES_PDF_MAX_BYTES, timeout=settings.SLIDES_FETCH_TIMEOUT
    )
    if answer.content_type not in PDF_CONTENT_TYPES:
        raise SlidesNotPlayable(f"the address answered {answer.content_type or 'no type'}")
    if not answer.content.startswith(b"%PDF-"):
        raise SlidesNotPlayable("the address answered something else than a PDF")
    return SlidesCopy(
        talk=talk,
        source_url=url,
        content=answer.content,
        sha256=hashlib.sha256(answer.content).hexdigest(),
        fetched_at=timezone.now(),
    )
