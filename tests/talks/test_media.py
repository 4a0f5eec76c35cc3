"""Recordings and slides recognised from their addresses alone, and the frames they allow."""

import pytest
from django.test import override_settings

from talks.media import Media, frame_origins, needs_player_id, recognise, talk_media

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
UUID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"


@pytest.mark.parametrize(
    ("url", "embed_url"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL123&index=4", YOUTUBE),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", YOUTUBE),
        ("https://WWW.YouTube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com./watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?si=Abc123xyz", YOUTUBE),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared", YOUTUBE),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YOUTUBE),
        ("  https://youtu.be/dQw4w9WgXcQ  ", YOUTUBE),
        ("HTTPS://YOUTU.BE/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90", YOUTUBE + "&start=90"),
        ("https://youtu.be/dQw4w9WgXcQ?t=1h2m3s", YOUTUBE + "&start=3723"),
        ("https://youtu.be/dQw4w9WgXcQ?t=soon", YOUTUBE),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
        (
            "https://vimeo.com/76979871/8272103f6e",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=8272103f6e",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=8272103f6e",
        ),
        (
            "https://www.dailymotion.com/video/x8m8jnb",
            "https://www.dailymotion.com/embed/video/x8m8jnb?autoplay=1",
        ),
        (
            "https://www.dailymotion.com/video/x7tgad0_a-talk-at-a-conference",
            "https://www.dailymotion.com/embed/video/x7tgad0?autoplay=1",
        ),
        ("https://dai.ly/x8m8jnb", "https://www.dailymotion.com/embed/video/x8m8jnb?autoplay=1"),
        (
            "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
            "https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv?autoplay=1",
        ),
        (
            f"https://peertube.debian.social/videos/watch/{UUID}",
            f"https://peertube.debian.social/videos/embed/{UUID}?autoplay=1",
        ),
        (
            f"https://framatube.org/w/{UUID}",
            f"https://framatube.org/videos/embed/{UUID}?autoplay=1",
        ),
    ],
)
def test_a_video_address_gives_its_player(url, embed_url):
    media = recognise(url, kind="video")

    assert media is not None
    assert media.embed_url == embed_url
    assert media.url == url


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://vimeo.com/76979871", "Vimeo"),
        ("https://dai.ly/x8m8jnb", "Dailymotion"),
        ("https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv", "PeerTube"),
    ],
)
def test_a_video_is_named_by_its_provider(url, provider):
    assert recognise(url, kind="video").provider == provider


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "JaVaScRiPt:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        # A Cyrillic letter o (U+043E) in place of the Latin one.
        "https://www.y\u043eutube.com/watch?v=dQw4w9WgXcQ",
        "https://www.xn--yutube-wqf.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be.evil.example/dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:99999/watch?v=dQw4w9WgXcQ",
        "https://[::1/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXc",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
        'https://www.youtube.com/watch?v=dQw4w9"><svg',
        "https://www.youtube.com/embed/dQw4w9WgXcQ/../../evil",
        "https://www.youtube.com/channel/UC123",
        "https://www.youtube.com/playlist?list=PL123",
        "https://youtu.be/",
        "https://vimeo.com/staff",
        "https://vimeo.com.evil.example/76979871",
        "https://player.vimeo.com/video/76979871/../evil",
        "https://www.dailymotion.com/video/<script>",
        "https://www.dailymotion.com/playlist/x6hynp",
        "https://dailymotion.com.evil.example/video/x8m8jnb",
        # Not one of the configured PeerTube instances: any host may answer /w/.
        "https://evil.example/w/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://framatube.org.evil.example/w/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://framatube.org/w/short",
        "https://framatube.org/videos/watch/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://framatube.org/c/some_channel/videos",
        "https://media.ccc.de/v/38c3-a-talk",
        "https://example.org/talk.pdf",
        "https://speakerdeck.com/someone/a-deck",
        "",
        "not an address",
    ],
)
def test_other_addresses_are_not_videos(url):
    assert recognise(url, kind="video") is None


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://speakerdeck.com/jnunemaker/atom", "Speaker Deck"),
        ("https://speakerdeck.com/jnunemaker/atom/", "Speaker Deck"),
        ("http://speakerdeck.com/jnunemaker/atom", "Speaker Deck"),
        ("https://www.slideshare.net/someone/kubernetes-in-production", "SlideShare"),
        ("https://fr.slideshare.net/someone/kubernetes-in-production", "SlideShare"),
        ("https://www.slideshare.net/slideshow/kubernetes-in-production/123456", "SlideShare"),
        ("https://example.org/slides/talk.pdf", "PDF"),
        ("https://example.org/slides/TALK.PDF?download=1", "PDF"),
        ("https://files.example.org/2024/talk.pdf#page=3", "PDF"),
    ],
)
def test_a_slides_address_names_its_provider_and_without_a_player_is_opened(url, provider):
    assert recognise(url, kind="slides") == Media("slides", url, provider)


@pytest.mark.parametrize(
    "url",
    [
        "https://speakerdeck.com/jnunemaker",
        "https://speakerdeck.com/player/31f86a9069ae0132dede22511952b5a3",
        "https://speakerdeck.com.evil.example/jnunemaker/atom",
        "https://slideshare.net.evil.example/someone/deck",
        "https://evilslideshare.net/someone/deck",
        "https://example.org/talk.pdf.html",
        "javascript:alert(1)//talk.pdf",
        "data:application/pdf;base64,JVBERi0=",
        "https://docs.google.com/presentation/d/1abc/edit",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_addresses_are_not_slides(url):
    assert recognise(url, kind="slides") is None


@override_settings(PEERTUBE_INSTANCES=["videos.example.org"])
def test_peertube_videos_are_recognised_on_the_configured_instances_only():
    video = "/w/kkGMgK9ZtnKfYAgnEtQxbv"

    assert recognise("https://videos.example.org" + video, kind="video").embed_url == (
        "https://videos.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv?autoplay=1"
    )
    assert recognise("https://framatube.org" + video, kind="video") is None


def test_frames_are_allowed_from_the_players_and_the_site_only():
    origins = frame_origins(peertube_instances=["videos.example.org", "Tube.Example.NET."])

    assert origins == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://videos.example.org",
        "https://tube.example.net",
        "https://www.dailymotion.com",
        "https://speakerdeck.com",
        "https://www.slideshare.net",
        "'self'",
    ]


DECK_ID = "31f86a9069ae0132dede22511952b5a3"
SHA256 = "a" * 64


@pytest.mark.parametrize(
    ("url", "player_id", "embed_url"),
    [
        (
            "https://speakerdeck.com/jnunemaker/atom",
            DECK_ID,
            f"https://speakerdeck.com/player/{DECK_ID}",
        ),
        (
            "https://fr.slideshare.net/someone/kubernetes-in-production",
            "k8sProd42",
            "https://www.slideshare.net/slideshow/embed_code/key/k8sProd42",
        ),
        ("https://example.org/slides/talk.pdf", SHA256, f"/slides/{SHA256}.pdf"),
    ],
)
def test_slides_play_with_the_player_found_for_their_address(url, player_id, embed_url):
    assert recognise(url, kind="slides", player_id=player_id).embed_url == embed_url


@pytest.mark.parametrize(
    ("url", "player_id"),
    [
        ("https://speakerdeck.com/jnunemaker/atom", "../../evil"),
        ("https://speakerdeck.com/jnunemaker/atom", DECK_ID.upper()),
        ("https://www.slideshare.net/someone/deck", "key?x=1"),
        ("https://www.slideshare.net/someone/deck", '"><script>'),
        ("https://example.org/slides/talk.pdf", "../talk"),
        ("https://example.org/slides/talk.pdf", SHA256[:-1]),
    ],
)
def test_a_malformed_player_id_names_no_player(url, player_id):
    assert recognise(url, kind="slides", player_id=player_id).embed_url == ""


def test_a_video_ignores_a_player_id():
    media = recognise("https://www.youtube.com/watch?v=dQw4w9WgXcQ", kind="video", player_id="x")

    assert media.embed_url == YOUTUBE


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://speakerdeck.com/jnunemaker/atom", "Speaker Deck"),
        ("https://www.slideshare.net/someone/deck", "SlideShare"),
        ("https://example.org/slides/talk.pdf", "PDF"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", ""),
        ("https://docs.example.org/presentation/1abc", ""),
        ("", ""),
    ],
)
def test_only_slides_whose_player_their_address_does_not_name_need_an_id(url, provider):
    assert needs_player_id(url) == provider


def test_a_talk_shows_recognised_addresses_and_links_the_others():
    media = talk_media(
        video_url="https://media.ccc.de/v/38c3-a-talk",
        slides_url="https://speakerdeck.com/jnunemaker/atom",
    )

    assert media.recognised == [
        Media("slides", "https://speakerdeck.com/jnunemaker/atom", "Speaker Deck")
    ]
    assert media.links == [("Video", "https://media.ccc.de/v/38c3-a-talk")]


def test_a_talk_shows_its_slides_with_the_player_found():
    media = talk_media(
        video_url="",
        slides_url="https://speakerdeck.com/jnunemaker/atom",
        slides_player_id=DECK_ID,
    )

    assert media.recognised == [
        Media(
            "slides",
            "https://speakerdeck.com/jnunemaker/atom",
            "Speaker Deck",
            f"https://speakerdeck.com/player/{DECK_ID}",
        )
    ]


def test_a_talk_without_addresses_shows_nothing():
    media = talk_media(video_url="", slides_url="")

    assert (media.recognised, media.links) == ([], [])
