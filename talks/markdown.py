"""Markdown from users, rendered to HTML that is safe to show to anyone.

Every note and review goes through `render_markdown`, when saved and when previewed.
Raw HTML in the source is shown as text, never interpreted; the HTML that Markdown
produces is then cleaned by an allow-list (nh3), which is what keeps scripts out. Links keep
only absolute http, https and mailto addresses: a relative one could point readers anywhere on
our own site with our authority, and a protocol-relative one (//host) hides its scheme.
"""

import markdown
import nh3

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


def render_markdown(source: str) -> str:
    """Render user Markdown to sanitized HTML."""
    converter = markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists"],
        # An align attribute survives the allow-list; the default inline style would not.
        extension_configs={"tables": {"use_align_attribute": True}},
    )
    # Raw HTML blocks and inline tags become plain text instead of markup.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    html = converter.convert(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
