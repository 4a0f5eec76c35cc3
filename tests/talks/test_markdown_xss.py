"""Hostile Markdown never renders to HTML that can execute, and honest Markdown still renders.

Each payload in data/xss_payloads.yaml is rendered by talks.markdown.render_markdown (what
notes, reviews and previews use) and the output is parsed with html.parser: only allowed tags
and attributes, no event handlers or styles, links with an absolute http, https or mailto
address and rel="nofollow ugc noopener", and no script-capable scheme in any attribute once
entities are decoded. Text between tags may mention "javascript:" (a note can be about it):
as text it cannot run.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from talks.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, render_markdown

PAYLOADS = yaml.safe_load((Path(__file__).parent / "data" / "xss_payloads.yaml").read_text())
SAFE_SCHEMES = {"http", "https", "mailto"}
SCRIPT_SCHEMES = re.compile(r"(javascript|vbscript|data|livescript):")
# What browsers ignore inside a URL scheme: whitespace and control characters.
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]")


class MarkupCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements_of(output: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = MarkupCollector()
    parser.feed(output)
    parser.close()
    return parser.elements


def assert_cannot_execute(output: str) -> None:
    for tag, attributes in elements_of(output):
        assert tag in ALLOWED_TAGS, tag
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attributes) <= allowed, (tag, attributes)
        for name, value in attributes.items():
            assert not name.startswith("on"), name
            decoded = IGNORED_IN_SCHEMES.sub("", html.unescape(value or "")).lower()
            assert SCRIPT_SCHEMES.search(decoded) is None, (name, value)
        if tag == "a":
            assert attributes.get("rel") == LINK_REL
            if "href" in attributes:
                assert urlsplit(attributes["href"]).scheme in SAFE_SCHEMES, attributes["href"]


def test_the_corpus_has_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_to_html_that_cannot_execute(payload):
    assert_cannot_execute(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_inside_markdown_structure_cannot_execute(payload):
    nested = f"# Notes\n\n> quote {payload}\n\n- item {payload}\n\n**{payload}**"
    assert_cannot_execute(render_markdown(nested))


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_links_keep_safe_schemes_and_get_rel():
    output = render_markdown("[site](https://example.org) and <mailto:me@example.org>")
    assert elements_of(output) == [
        ("p", {}),
        ("a", {"href": "https://example.org", "rel": "nofollow ugc noopener"}),
        ("a", {"href": "mailto:me@example.org", "rel": "nofollow ugc noopener"}),
    ]


@pytest.mark.parametrize(
    "link",
    [
        "/relative",
        "//evil.example/x",
        "#anchor",
        "ftp://example.org",
        "javascript:x",
        "vbscript:x",
        "data:text/html,x",
    ],
)
def test_links_without_an_allowed_absolute_scheme_lose_their_address(link):
    assert render_markdown(f"[x]({link})") == '<p><a rel="nofollow ugc noopener">x</a></p>'


def test_markdown_structure_survives_sanitizing():
    source = "## Title\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```\ncode <x>\n```"
    assert render_markdown(source) == (
        "<h3>Title</h3>\n<table>\n<thead>\n<tr>\n"
        '<th align="left">a</th>\n<th align="right">b</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td align="left">1</td>\n<td align="right">2</td>\n'
        "</tr>\n</tbody>\n</table>\n<pre><code>code &lt;x&gt;\n</code></pre>"
    )


@pytest.mark.parametrize(
    "dangerous_output",
    [
        "<script>alert(1)</script>",
        '<p onclick="alert(1)">x</p>',
        '<a href="jav&#x09;ascript:alert(1)" rel="nofollow ugc noopener">x</a>',
        '<a href="/relative" rel="nofollow ugc noopener">x</a>',
        '<a href="https://example.org">no rel</a>',
        '<p title="data:text/html,x">x</p>',
        '<img src="x">',
    ],
)
def test_the_checker_rejects_what_could_execute(dangerous_output):
    with pytest.raises(AssertionError):
        assert_cannot_execute(dangerous_output)
