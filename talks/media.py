"""Recordings and slides recognised from their addresses: who hosts them and, where the host
allows it, the address of its player.

The registry `PROVIDERS` is the one list of the hosts that confnotes knows: the talk page
shows a preview of each recognised address, and the Content Security Policy's `frame-src`
(confnotes/settings/base.py) lets exactly their players' origins in, through
`frame_origins()`. A host added here is both recognised and allowed to be framed; an address
that no provider recognises stays a plain link.

Nothing here makes a request. A video's player is built from what its address gives (a
YouTube or Vimeo id). Slides' players are named by what their address does not give, found
once when the address is saved (talks/services/slides.py) and stored with the talk:

- Speaker Deck (`speakerdeck.com/player/<id>`) and SlideShare
  (`slideshare.net/slideshow/embed_code/key/<key>`): the deck's id, from the provider's
  oEmbed answer;
- a PDF, which any host may serve (a strict `frame-src` cannot list them all) and which a
  viewer from another origin would show beyond the page's control: a copy kept here, named by
  its SHA-256 and framed from the site's own origin (`'self'`).

Until then, or if that failed, the page shows a card that opens the slides where they are.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import SplitResult, parse_qs, urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

MediaKind = Literal["video", "slides"]

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_PATH = re.compile(r"/(?:embed|live|shorts|v)/([^/]+)/?")
# `t=90`, `t=90s` or `t=1h2m3s`: where the recording starts.
YOUTUBE_START = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")
VIMEO_PATH = re.compile(
    r"/(?:channels/[\w-]+/|groups/[\w-]+/videos/|showcase/\d+/video/|video/)?(\d+)"
    r"(?:/([0-9a-f]+))?/?"
)
VIMEO_PLAYER_PATH = re.compile(r"/video/(\d+)/?")
VIMEO_HASH = re.compile(r"[0-9a-f]+")
DAILYMOTION_ID = re.compile(r"x[0-9a-z]+")
UUID = r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}"
# `/w/` takes a video's short id or its UUID; the older `/videos/watch/` its UUID.
PEERTUBE_PATH = re.compile(rf"/(?:w/([0-9A-Za-z]{{16,22}}|{UUID})|videos/watch/({UUID}))/?")
DECK_PATH = re.compile(r"/[\w.-]+/[\w.-]+/?")
SLIDESHARE_HOST = re.compile(r"(?:(?:www|[a-z]{2})\.)?slideshare\.net")
# `/<user>/<deck>`, or `/slideshow/<deck>/<number>` as it names decks since 2023.
SLIDESHARE_PATH = re.compile(r"/(?:slideshow/[\w.-]+/\d+|[\w.-]+/[\w.-]+)/?")
# What names the slides' players, as talks/services/slides.py finds and stores it.
SPEAKER_DECK_ID = re.compile(r"[0-9a-f]{32}")
SLIDESHARE_KEY = re.compile(r"[A-Za-z0-9_-]{6,64}")
SHA256 = re.compile(r"[0-9a-f]{64}")
# The origin of the site itself, as the Content Security Policy writes it.
SELF = "'self'"


@dataclass(frozen=True)
class Media:
    """A recognised recording or slides: the address as given, who hosts it, and the address
    of the player to frame, empty when the page opens the address instead."""

    kind: MediaKind
    url: str
    provider: str
    embed_url: str = ""


# What a provider makes of an address it recognises (its parts, the whole address), or None.
Recogniser = Callable[[SplitResult, str], Media | None]


@dataclass(frozen=True)
class Provider:
    name: str
    recognise: Recogniser
    # The origins of its players for `frame-src`, given the PeerTube instances configured:
    # none for a provider that is not framed.
    frame_origins: Callable[[list[str]], list[str]] = lambda peertube_instances: []
    # For a provider whose player the address does not name: the player's address given what
    # was found for it (talks/services/slides.py), or "" for what cannot name a player.
    player: Callable[[str], str] | None = None


def _host(parts: SplitResult) -> str:
    return (parts.hostname or "").removesuffix(".")


def _youtube_start(query: dict[str, list[str]]) -> int:
    given = (query.get("t") or query.get("start") or [""])[0]
    match = YOUTUBE_START.fullmatch(given)
    if not given or not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _youtube(parts: SplitResult, url: str) -> Media | None:
    host = _host(parts)
    query = parse_qs(parts.query)
    if host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host in YOUTUBE_HOSTS and parts.path.rstrip("/") == "/watch":
        video_id = (query.get("v") or [""])[0]
    elif host in YOUTUBE_HOSTS | {"youtube-nocookie.com", "www.youtube-nocookie.com"}:
        match = YOUTUBE_PATH.fullmatch(parts.path)
        video_id = match[1] if match else ""
    else:
        return None
    if not YOUTUBE_ID.fullmatch(video_id):
        return None
    # The player that sets no cookie until the video is played (YouTube's privacy-enhanced
    # mode); it is loaded only when the reader asks for it.
    player: dict[str, int] = {"autoplay": 1}
    if start := _youtube_start(query):
        player["start"] = start
    embed_url = f"https://www.youtube-nocookie.com/embed/{video_id}?{urlencode(player)}"
    return Media("video", url, "YouTube", embed_url)


def _vimeo(parts: SplitResult, url: str) -> Media | None:
    # An unlisted video's address carries its hash, which its player needs too.
    host = _host(parts)
    if host in ("vimeo.com", "www.vimeo.com"):
        match = VIMEO_PATH.fullmatch(parts.path)
        unlisted_hash = match[2] if match else ""
    elif host == "player.vimeo.com":
        match = VIMEO_PLAYER_PATH.fullmatch(parts.path)
        unlisted_hash = (parse_qs(parts.query).get("h") or [""])[0]
    else:
        return None
    if not match:
        return None
    # `dnt`: the player sets no cookie and sends no analytics.
    player: dict[str, str | int] = {"autoplay": 1, "dnt": 1}
    if unlisted_hash and VIMEO_HASH.fullmatch(unlisted_hash):
        player["h"] = unlisted_hash
    embed_url = f"https://player.vimeo.com/video/{match[1]}?{urlencode(player)}"
    return Media("video", url, "Vimeo", embed_url)


def _dailymotion(parts: SplitResult, url: str) -> Media | None:
    host = _host(parts)
    if host == "dai.ly":
        video_id = parts.path.strip("/")
    elif host in ("dailymotion.com", "www.dailymotion.com") and parts.path.startswith("/video/"):
        # Older addresses append the title: /video/x7tgad0_a-talk.
        video_id = parts.path.removeprefix("/video/").rstrip("/").split("_")[0]
    else:
        return None
    if not DAILYMOTION_ID.fullmatch(video_id):
        return None
    embed_url = f"https://www.dailymotion.com/embed/video/{video_id}?autoplay=1"
    return Media("video", url, "Dailymotion", embed_url)


def _hosts(instances: Iterable[str]) -> list[str]:
    return [host.strip().lower().removesuffix(".") for host in instances if host.strip()]


def _peertube(parts: SplitResult, url: str) -> Media | None:
    host = _host(parts)
    match = PEERTUBE_PATH.fullmatch(parts.path)
    if host not in _hosts(settings.PEERTUBE_INSTANCES) or not match:
        return None
    video_id = match[1] or match[2]
    embed_url = f"https://{host}/videos/embed/{video_id}?autoplay=1"
    return Media("video", url, "PeerTube", embed_url)


def _speaker_deck(parts: SplitResult, url: str) -> Media | None:
    if _host(parts) not in ("speakerdeck.com", "www.speakerdeck.com"):
        return None
    if not DECK_PATH.fullmatch(parts.path) or parts.path.startswith("/player/"):
        return None
    return Media("slides", url, "Speaker Deck")


def _slideshare(parts: SplitResult, url: str) -> Media | None:
    if not SLIDESHARE_HOST.fullmatch(_host(parts)) or not SLIDESHARE_PATH.fullmatch(parts.path):
        return None
    return Media("slides", url, "SlideShare")


def _pdf(parts: SplitResult, url: str) -> Media | None:
    if not parts.path.lower().endswith(".pdf"):
        return None
    return Media("slides", url, "PDF")


def _speaker_deck_player(deck_id: str) -> str:
    if not SPEAKER_DECK_ID.fullmatch(deck_id):
        return ""
    return f"https://speakerdeck.com/player/{deck_id}"


def _slideshare_player(key: str) -> str:
    if not SLIDESHARE_KEY.fullmatch(key):
        return ""
    return f"https://www.slideshare.net/slideshow/embed_code/key/{key}"


def _pdf_player(sha256: str) -> str:
    if not SHA256.fullmatch(sha256):
        return ""
    return reverse("talks:slides-copy", kwargs={"sha256": sha256})


PROVIDERS = [
    Provider("YouTube", _youtube, lambda instances: ["https://www.youtube-nocookie.com"]),
    Provider("Vimeo", _vimeo, lambda instances: ["https://player.vimeo.com"]),
    Provider(
        "PeerTube", _peertube, lambda instances: [f"https://{host}" for host in _hosts(instances)]
    ),
    Provider("Dailymotion", _dailymotion, lambda instances: ["https://www.dailymotion.com"]),
    Provider(
        "Speaker Deck",
        _speaker_deck,
        lambda instances: ["https://speakerdeck.com"],
        player=_speaker_deck_player,
    ),
    Provider(
        "SlideShare",
        _slideshare,
        lambda instances: ["https://www.slideshare.net"],
        player=_slideshare_player,
    ),
    # Last: any host may serve a PDF, including a provider above. Its copy is the site's own.
    Provider("PDF", _pdf, lambda instances: [SELF], player=_pdf_player),
]
PROVIDERS_BY_NAME = {provider.name: provider for provider in PROVIDERS}


def recognise(url: str, *, kind: MediaKind, player_id: str = "") -> Media | None:
    """The recording (`kind="video"`) or slides at `url`, if a provider recognises it; with
    its player if the address names it, or if `player_id` (what was found for the address
    when it was saved) does."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (an invalid port raises ValueError)
    except ValueError:
        return None
    # Only web addresses, without credentials: `https://youtube.com@evil.example/` is at
    # evil.example.
    if parts.scheme not in ("http", "https") or parts.username is not None:
        return None
    for provider in PROVIDERS:
        media = provider.recognise(parts, url)
        if media is None:
            continue
        if media.kind != kind:
            return None
        if provider.player is not None and player_id:
            return replace(media, embed_url=provider.player(player_id))
        return media
    return None


def needs_player_id(url: str) -> str:
    """The name of the provider that recognises `url` as slides whose player only a request
    can name (talks/services/slides.py), or ""."""
    media = recognise(url, kind="slides")
    if media is None or PROVIDERS_BY_NAME[media.provider].player is None:
        return ""
    return media.provider


def frame_origins(*, peertube_instances: Iterable[str]) -> list[str]:
    """The origins that pages may frame: the players of the providers, and nothing else.
    The settings give the PeerTube instances, before they can be read from django.conf."""
    instances = list(peertube_instances)
    origins = (origin for provider in PROVIDERS for origin in provider.frame_origins(instances))
    return list(dict.fromkeys(origins))


@dataclass(frozen=True)
class TalkMedia:
    """A talk's recording and slides: those recognised, shown with a preview, and the other
    addresses, shown as plain links."""

    recognised: list[Media]
    links: list[tuple[str, str]]


def talk_media(*, video_url: str, slides_url: str, slides_player_id: str = "") -> TalkMedia:
    """What a talk's page shows of its recording and slides, given what names the slides'
    player (found for this very address)."""
    given: list[tuple[MediaKind, str, str, str]] = [
        ("video", video_url, _("Video"), ""),
        ("slides", slides_url, _("Slides"), slides_player_id),
    ]
    recognised, links = [], []
    for kind, url, label, player_id in given:
        if not url:
            continue
        media = recognise(url, kind=kind, player_id=player_id)
        if media is None:
            links.append((str(label), url))
        else:
            recognised.append(media)
    return TalkMedia(recognised=recognised, links=links)
