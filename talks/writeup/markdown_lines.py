"""Line-level Markdown reading shared by the write-up parser and exporter.

Both must agree on which lines are headings: a `## ` inside a fenced code block is code, not a
new talk, so fences are tracked here once.
"""

import re
from collections.abc import Iterable, Iterator

_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

# Headings in notes, reviews and abstracts start at this level: `## ` opens a talk, `### ` a
# section of it.
FIRST_CONTENT_HEADING_LEVEL = 4


def classify(lines: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    """Each line with its heading level and heading text; level 0 for other lines and code."""
    fence = None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None:
            closes = (
                opening
                and opening.group(1)[0] == fence[0]
                and len(opening.group(1)) >= len(fence)
                and not line.strip().strip(fence[0])
            )
            if closes:
                fence = None
            yield line, 0, ""
        elif opening:
            fence = opening.group(1)
            yield line, 0, ""
        elif heading := _HEADING.match(line):
            yield line, len(heading.group(1)), heading.group(2) or ""
        else:
            yield line, 0, ""


def strip_blank_lines(lines: list[str]) -> list[str]:
    """The lines without the blank ones at the start and at the end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def demote_headings(text: str) -> str:
    """Markdown whose headings start at level 4, each shifted by the same amount.

    Text typed in a web form may use `#` to `###`, which in a write-up would open a talk or a
    section; shifting them all keeps their hierarchy.
    """
    lines = text.splitlines()
    levels = [level for _, level, _ in classify(lines) if level]
    shift = max(0, FIRST_CONTENT_HEADING_LEVEL - min(levels, default=FIRST_CONTENT_HEADING_LEVEL))
    if not shift:
        return "\n".join(lines)
    demoted = []
    for line, level, _ in classify(lines):
        if level:
            line = "#" * min(level + shift, 6) + line[level:]
        demoted.append(line)
    return "\n".join(demoted)
