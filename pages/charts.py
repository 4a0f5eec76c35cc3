"""Charts drawn as SVG on the server: the shapes here, the figure around them (name, summary,
table) in templates/talks/_chart.html, the colours in static/css/site.css (from the page's
own colour variables, so that a chart follows the light and the dark scheme).

A chart is an image with a name (its title) and a description that says in words what it
shows; the numbers it draws are in its `table`, which the page shows under it. Sizes are in
the units of a viewBox 360 wide, about a phone's width, so that its text stays readable when
the chart is shrunk to one; CSS caps its width on a wide screen. The shapes are written in
Python, through format_html_join, which escapes every value: a template loop would take
several times as long for the few hundred shapes of a page.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

WIDTH = 360
# Room for the value axis's labels on the left of columns, and the values after bars.
AXIS_WIDTH = 44
VALUE_WIDTH = 48
# At most this many labels under columns, so that they never run into one another.
MAX_COLUMN_LABELS = 8


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart: a header row, then a row per item whose first cell
    names it."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class Mark:
    """A rectangle drawn for a value."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    """What the template draws: rectangles, texts and lines in a box `height` high."""

    ident: str
    title: str
    description: str
    table: Table
    height: int
    marks: list[Mark] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    # The marks of a falling value, drawn apart (another colour and a hatch, not colour alone).
    negative_marks: list[Mark] = field(default_factory=list)
    width: int = WIDTH

    def shapes(self) -> SafeString:
        """The SVG elements: the grid, then the marks, then the texts above them."""
        return (
            format_html_join(
                "",
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                ((_unit(a.x1), _unit(a.y1), _unit(a.x2), _unit(a.y2)) for a in self.lines),
            )
            + _rectangles(self.marks, "chart-mark")
            + _rectangles(self.negative_marks, "chart-mark chart-mark-falling")
            + format_html_join(
                "",
                '<text class="chart-text" x="{}" y="{}" text-anchor="{}">{}</text>',
                ((_unit(t.x), _unit(t.y), t.anchor, t.text) for t in self.texts),
            )
        )


def _rectangles(marks: list[Mark], classes: str) -> SafeString:
    return format_html_join(
        "",
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>',
        (
            (classes, _unit(mark.x), _unit(mark.y), _unit(mark.width), _unit(mark.height))
            for mark in marks
        ),
    )


def _unit(value: float) -> str:
    """A length in tenths at most, as SVG reads it whatever the reader's language."""
    return f"{value:.1f}".removesuffix(".0")


def rounded_up(value: float) -> float:
    """The first of 1, 2, 5, 10, 20, 50... (times a power of ten) at or above `value`: an
    axis's top that reads well."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def column_chart(
    *,
    ident: str,
    title: str,
    description: str,
    table: Table,
    labels: Sequence[str],
    values: Sequence[float],
    axis_label: Callable[[float], str],
    top: float | None = None,
) -> Chart:
    """A column per label (a year), on a value axis from 0 to `top` (by default the largest
    value, rounded up)."""
    height, plot_top, plot_bottom = 190, 10, 165
    top = top or rounded_up(max(values, default=0))
    plot_width = WIDTH - AXIS_WIDTH - 4
    slot = plot_width / max(len(values), 1)
    every = math.ceil(len(labels) / MAX_COLUMN_LABELS) or 1
    chart = Chart(ident=ident, title=title, description=description, table=table, height=height)
    for fraction in (0, 0.5, 1):
        y = plot_bottom - fraction * (plot_bottom - plot_top)
        chart.lines.append(Line(AXIS_WIDTH, y, WIDTH - 4, y))
        chart.texts.append(Text(AXIS_WIDTH - 4, y + 4, axis_label(top * fraction), "end"))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = (plot_bottom - plot_top) * min(value / top, 1)
        x = AXIS_WIDTH + index * slot + slot * 0.15
        chart.marks.append(Mark(x, plot_bottom - bar_height, slot * 0.7, bar_height))
        if index % every == 0:
            chart.texts.append(Text(x + slot * 0.35, plot_bottom + 18, label, "middle"))
    return chart


def bar_chart(
    *,
    ident: str,
    title: str,
    description: str,
    table: Table,
    labels: Sequence[str],
    values: Sequence[float],
    value_label: Callable[[float], str],
) -> Chart:
    """A bar per label (a speaker, a topic), the largest first, each named above its bar."""
    row = 34
    top = max(values, default=0) or 1
    plot_width = WIDTH - VALUE_WIDTH
    chart = Chart(
        ident=ident,
        title=title,
        description=description,
        table=table,
        height=row * len(values) + 4,
    )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = index * row
        width = max(plot_width * value / top, 1)
        chart.texts.append(Text(0, y + 12, label))
        chart.marks.append(Mark(0, y + 17, width, 12))
        chart.texts.append(Text(width + 4, y + 28, value_label(value)))
    return chart


@dataclass(frozen=True)
class Row:
    """A small chart of its own in a chart of rows: a name, what it says in words, and a
    value per column."""

    name: str
    summary: str
    values: Sequence[float]
    falling: bool = False


def row_chart(
    *,
    ident: str,
    title: str,
    description: str,
    table: Table,
    rows: Sequence[Row],
    labels: Sequence[str],
    top: float,
) -> Chart:
    """Small multiples: for each row, its name and summary above a column per label, every
    row on the same scale from 0 to `top`; the first and last labels under the last row."""
    row_height, columns_height = 58, 30
    plot_width = WIDTH - 4
    chart = Chart(
        ident=ident,
        title=title,
        description=description,
        table=table,
        height=row_height * len(rows) + 18,
    )
    slot = plot_width / max(len(labels), 1)
    for index, row in enumerate(rows):
        y = index * row_height
        chart.texts.append(Text(0, y + 14, f"{row.name} · {row.summary}"))
        baseline = y + 20 + columns_height
        chart.lines.append(Line(0, baseline, plot_width, baseline))
        marks = chart.negative_marks if row.falling else chart.marks
        for column, value in enumerate(row.values):
            height = columns_height * min(value / top, 1) if top else 0
            marks.append(Mark(column * slot + slot * 0.1, baseline - height, slot * 0.8, height))
    if labels:
        bottom = row_height * len(rows) + 8
        chart.texts.append(Text(0, bottom, labels[0]))
        chart.texts.append(Text(plot_width, bottom, labels[-1], "end"))
    return chart
