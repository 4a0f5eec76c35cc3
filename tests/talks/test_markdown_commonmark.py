"""Notes are CommonMark, the Markdown of GitHub and most editors: the spec's examples of lists,
code blocks and emphasis render as the spec says, once sanitized as every note is, with their
headings started at <h3> as every note's.

The examples are in tests/data/commonmark/ (see its README for where they come from).
"""

import json
import re
from pathlib import Path

import pytest

from talks.markdown import FIRST_HEADING_LEVEL, render_markdown, sanitize

EXAMPLES = json.loads(
    (Path(__file__).parents[1] / "data" / "commonmark" / "examples-0.31.2.json").read_text()
)
# Examples whose source holds raw HTML, which notes show as text instead
# (test_markdown_xss.py, test_raw_html_is_shown_as_text).
RAW_HTML_EXAMPLES = {308, 309, 475, 476, 477}


def headings_below_the_page(html: str) -> str:
    """The spec's HTML with every heading shifted by the same amount, the highest to <h3>."""
    levels = [int(level) for level in re.findall(r"<h([1-6])>", html)]
    if not levels:
        return html
    shift = FIRST_HEADING_LEVEL - min(levels)
    return re.sub(r"(</?h)([1-6])>", lambda tag: f"{tag[1]}{int(tag[2]) + shift}>", html)


def test_the_examples_cover_lists_code_blocks_and_emphasis():
    sections = {example["section"] for example in EXAMPLES}
    assert len(EXAMPLES) == 247
    assert sections == {
        "Lists",
        "List items",
        "Indented code blocks",
        "Fenced code blocks",
        "Emphasis and strong emphasis",
    }


@pytest.mark.parametrize(
    "example",
    [example for example in EXAMPLES if example["example"] not in RAW_HTML_EXAMPLES],
    ids=lambda example: f"{example['example']}-{example['section']}",
)
def test_commonmark_example_renders_as_the_spec_says(example):
    assert render_markdown(example["markdown"]) == sanitize(
        headings_below_the_page(example["html"])
    )


def test_sub_items_indented_by_two_spaces_are_nested():
    source = "- Limits\n  - CPU\n  - memory\n- Requests\n"
    assert render_markdown(source) == (
        "<ul>\n<li>Limits\n<ul>\n<li>CPU</li>\n<li>memory</li>\n</ul>\n</li>\n"
        "<li>Requests</li>\n</ul>"
    )


def test_sub_items_of_a_numbered_item_nest_under_its_text():
    source = "1. Install\n   - the CLI\n2. Run\n"
    assert render_markdown(source) == (
        "<ol>\n<li>Install\n<ul>\n<li>the CLI</li>\n</ul>\n</li>\n<li>Run</li>\n</ol>"
    )


def test_a_list_right_after_a_line_of_text_is_a_list():
    assert render_markdown("Takeaways:\n- one\n- two") == (
        "<p>Takeaways:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )
