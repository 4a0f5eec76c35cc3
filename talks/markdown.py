"""Markdown from users, rendered to HTML that is safe to show to anyone.

Every note and review goes through `render_markdown`, when saved and when previewed. It reads
CommonMark (https://spec.commonmark.org), the Markdown of GitHub and of most editors, so that
lists nest as their indentation shows, with GitHub's tables. Its headings sit below the page's
own: the highest of a text becomes an <h3>, under the <h2> of the section that shows the text
(a talk's notes, reviews or abstract, a preview), and the others keep their distance from it.
Raw HTML in the source is shown
as text, never interpreted; the HTML that Markdown produces is then cleaned by an allow-list
(nh3), which is what keeps scripts out. Links keep only absolute http, https and mailto
addresses: a relative one could point readers anywhere on our own site with our authority, and
a protocol-relative one (//host) hides its scheme.

Excerpts and search snippets show the same text as words on one line, by `markdown_text`.
"""

import functools
from collections.abc import Iterable, Iterator

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def _aligned_cells(state: StateCore) -> None:
    """Table cells aligned by an align attribute, which the allow-list keeps, instead of the
    inline style that it would drop."""
    for token in state.tokens:
        if token.type in {"th_open", "td_open"} and (style := token.attrs.pop("style", None)):
            token.attrs["align"] = str(style).removeprefix("text-align:")


def _link_kept_for_the_allow_list(url: str) -> bool:
    """Every link is a link, whatever its address: the allow-list alone decides which
    addresses stay (ALLOWED_URL_SCHEMES), so that a link to a script is the same dead link as
    one to a relative address, not text that shows its Markdown."""
    return True


# The level of a text's highest heading, whatever the source wrote: `# ` typed in a form and
# the `#### ` of a write-up's notes alike.
FIRST_HEADING_LEVEL = 3


def _headings_below_the_page(state: StateCore) -> None:
    """Every heading shifted by the same amount, the highest to FIRST_HEADING_LEVEL."""
    headings = [token for token in state.tokens if token.type in {"heading_open", "heading_close"}]
    if not headings:
        return
    shift = FIRST_HEADING_LEVEL - min(int(token.tag[1]) for token in headings)
    for token in headings:
        token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


# Raw HTML (the "html" option) is left off: tags in the source are escaped as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_MARKDOWN.validateLink = _link_kept_for_the_allow_list
_MARKDOWN.core.ruler.push("aligned_cells", _aligned_cells)
_MARKDOWN.core.ruler.push("headings_below_the_page", _headings_below_the_page)


def sanitize(html: str) -> str:
    """HTML reduced to the allow-list: the tags and attributes that Markdown produces, links
    to absolute http, https and mailto addresses only, with LINK_REL."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def render_markdown(source: str) -> str:
    """Render user Markdown to sanitized HTML."""
    return sanitize(_MARKDOWN.render(source))


# What stands between two blocks (paragraphs, list items, headings, table cells, code) when
# their words run on one line, so that a reader still sees where each item ends.
BLOCK_SEPARATOR = " · "
_INLINE_WORDS = {"text", "code_inline"}
_INLINE_SPACES = {"softbreak", "hardbreak"}


def markdown_text(source: str) -> str:
    """The words of Markdown as plain text on one line, for snippets: no Markdown syntax, no
    link addresses or images, the blocks apart (BLOCK_SEPARATOR, or a space after a block that
    ends with a colon, as a list's introduction does)."""
    return _joined(_block_texts(source))


# An excerpt's words are at the start of a text: the rest of a long note is not read.
_EXCERPT_SOURCE_LENGTH = 3_000
# The home page shows the excerpts of the latest notes to every reader, and a talk page the
# excerpt of its abstract: parsing their Markdown again costs more than the rest of the home
# page. At most a few kilobytes each (_EXCERPT_SOURCE_LENGTH), a megabyte or two per process.
REMEMBERED_EXCERPTS = 512


def markdown_excerpt(source: str, words: int) -> str:
    """The first `words` words of `markdown_text(source)` (its separators are no words), with
    an ellipsis when the text goes on."""
    return _excerpt(source[:_EXCERPT_SOURCE_LENGTH], words)


@functools.lru_cache(maxsize=REMEMBERED_EXCERPTS)
def _excerpt(source: str, words: int) -> str:
    kept, count = [], 0
    for block in _block_texts(source):
        block_words = block.split()
        if count + len(block_words) > words:
            kept.append(" ".join(block_words[: words - count]))
            return _joined(kept) + "…"
        kept.append(block)
        count += len(block_words)
    return _joined(kept)


def _joined(blocks: Iterable[str]) -> str:
    text = ""
    for block in blocks:
        if text and block:
            text += " " if text.endswith(":") else BLOCK_SEPARATOR
        text += block
    return text


def _block_texts(source: str) -> Iterator[str]:
    for token in _MARKDOWN.parse(source):
        if token.type == "inline":
            words = "".join(
                child.content if child.type in _INLINE_WORDS else " "
                for child in token.children or ()
                if child.type in _INLINE_WORDS | _INLINE_SPACES
            )
        elif token.type in {"code_block", "fence"}:
            words = token.content
        else:
            continue
        if words := " ".join(words.split()):
            yield words
