"""The charts of the trends pages, from the counts of talks/trend_selectors.py: what each
shows, says in words and lists in its table, in the reader's language (drawn by
pages/charts.py)."""

from collections.abc import Callable, Sequence

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pages.charts import Chart, Row, Table, bar_chart, column_chart, rounded_up, row_chart
from talks.trend_selectors import (
    TREND_YEARS,
    Ranked,
    Series,
    TopicSeries,
    TopicTrends,
    Trends,
    YearActivity,
)


def number(value: float) -> str:
    whole = isinstance(value, float) and value.is_integer()
    return number_format(int(value) if whole else value, force_grouping=True)


def percent(share: float, decimals: int = 1) -> str:
    return _("%(percent)s%%") % {"percent": number_format(share * 100, decimal_pos=decimals)}


def rounded_percent(share: float) -> str:
    return percent(share, decimals=0)


def talk_count(value: float) -> str:
    return ngettext("%(count)s talk", "%(count)s talks", int(value)) % {"count": number(value)}


def note_count(value: float) -> str:
    return ngettext("%(count)s note", "%(count)s notes", int(value)) % {"count": number(value)}


def said_of(name: str, summary: str) -> str:
    """A sentence of a chart's description about one of its items."""
    return _("%(name)s: %(summary)s.") % {"name": capfirst(name), "summary": summary}


def points(change: float) -> str:
    """A change of share in percentage points, with its sign."""
    sign = "+" if change >= 0 else "\u2212"
    return _("%(change)s points") % {
        "change": sign + number_format(abs(change) * 100, decimal_pos=1)
    }


def _yearly_chart(
    *,
    ident: str,
    title: str,
    years: Sequence[int],
    values: Sequence[float],
    noun: str,
    said: Callable[[float], str],
    written: Callable[[float], str] = number,
    axis_label: Callable[[float], str] = number,
) -> Chart:
    """A column per year; `noun` names the values in the table's header, `said` says a value
    in words ("3 talks"), `written` writes it in the table and on the axis."""
    labels = [str(year) for year in years]
    peak = max(range(len(values)), key=lambda index: (values[index], -index))
    low = min(range(len(values)), key=lambda index: (values[index], index))
    description = _(
        "From %(first)s to %(last)s. The most in %(peak_year)s: %(peak)s. "
        "The fewest in %(low_year)s: %(low)s."
    ) % {
        "first": years[0],
        "last": years[-1],
        "peak_year": years[peak],
        "peak": said(values[peak]),
        "low_year": years[low],
        "low": said(values[low]),
    }
    return column_chart(
        ident=ident,
        title=title,
        description=description,
        table=Table(
            headers=[_("Year"), noun],
            rows=[[label, written(value)] for label, value in zip(labels, values, strict=True)],
        ),
        labels=labels,
        values=values,
        axis_label=axis_label,
    )


def activity_charts(ident: str, years: Sequence[int], activity: Sequence[YearActivity]):
    return [
        _yearly_chart(
            ident=f"{ident}-talks",
            title=_("Talks per year"),
            years=years,
            values=[year.talks for year in activity],
            noun=_("Talks"),
            said=talk_count,
        ),
        _yearly_chart(
            ident=f"{ident}-notes",
            title=_("Notes per year, by the year of their talk"),
            years=years,
            values=[year.notes for year in activity],
            noun=_("Notes"),
            said=note_count,
        ),
    ]


def _share_cell(series: Series, index: int) -> str:
    return _("%(share)s (%(count)s)") % {
        "share": percent(series.shares[index]),
        "count": number(series.counts[index]),
    }


def shares_chart(
    *,
    ident: str,
    title: str,
    intro: str,
    years: Sequence[int],
    series: Sequence[Series],
    talks: int,
) -> Chart:
    """Each series' share of the year's talks, a small chart each, on one scale; a row says
    the series' change (a topic's) or its share of all `talks` of the years."""
    labels = [str(year) for year in years]
    rows = []
    for item in series:
        if isinstance(item, TopicSeries) and item.change:
            summary = points(item.change)
        else:
            share = item.total / talks if talks else 0
            summary = _("%(share)s of the talks") % {"share": percent(share)}
        rows.append(
            Row(name=item.name, summary=summary, values=item.shares, falling=item.change < 0)
        )
    description = " ".join([intro, *[said_of(row.name, row.summary) for row in rows]])
    return row_chart(
        ident=ident,
        title=title,
        description=description,
        table=Table(
            headers=[_("Year"), *[item.name for item in series]],
            rows=[
                [label, *[_share_cell(item, index) for item in series]]
                for index, label in enumerate(labels)
            ],
        ),
        rows=rows,
        labels=labels,
        top=rounded_up(max((share for item in series for share in item.shares), default=0)),
    )


def ranking_chart(*, ident: str, title: str, noun: str, ranked: Sequence[Ranked]) -> Chart:
    return bar_chart(
        ident=ident,
        title=title,
        description=" ".join(said_of(item.name, talk_count(item.talks)) for item in ranked),
        table=Table(
            headers=[noun, _("Talks")], rows=[[item.name, number(item.talks)] for item in ranked]
        ),
        labels=[item.name for item in ranked],
        values=[item.talks for item in ranked],
        value_label=talk_count,
    )


def _moving_intro(rising: bool) -> str:
    args = {"years": TREND_YEARS}
    if rising:
        return (
            ngettext(
                "The topics whose share of the talks grew most in the latest %(years)s year, "
                "against the one before.",
                "The topics whose share of the talks grew most in the latest %(years)s years, "
                "against the %(years)s before.",
                TREND_YEARS,
            )
            % args
        )
    return (
        ngettext(
            "The topics whose share of the talks shrank most in the latest %(years)s year, "
            "against the one before.",
            "The topics whose share of the talks shrank most in the latest %(years)s years, "
            "against the %(years)s before.",
            TREND_YEARS,
        )
        % args
    )


def site_charts(trends: Trends) -> list[Chart]:
    years = trends.years
    if not years:
        return []
    talks = sum(year.talks for year in trends.activity)
    charts = activity_charts("site", years, trends.activity)
    charts.append(
        shares_chart(
            ident="site-languages",
            title=_("Languages: share of the year's talks"),
            intro=_("A talk in two languages counts in both."),
            years=years,
            series=trends.languages,
            talks=talks,
        )
    )
    for ident, title, moving, rising in (
        ("site-rising", _("Rising topics"), trends.rising, True),
        ("site-falling", _("Falling topics"), trends.falling, False),
    ):
        if moving:
            charts.append(
                shares_chart(
                    ident=ident,
                    title=title,
                    intro=_moving_intro(rising),
                    years=years,
                    series=moving,
                    talks=talks,
                )
            )
    charts.append(
        ranking_chart(
            ident="site-speakers",
            title=_("Busiest speakers"),
            noun=_("Speaker"),
            ranked=trends.speakers,
        )
    )
    return charts


def topic_charts(trends: TopicTrends) -> list[Chart]:
    years = trends.years
    if not years:
        return []
    charts = activity_charts("topic", years, trends.activity)
    charts.append(
        _yearly_chart(
            ident="topic-share",
            title=_("Share of the year's talks"),
            years=years,
            values=trends.share.shares,
            noun=_("Share of the talks"),
            said=percent,
            written=percent,
            axis_label=rounded_percent,
        )
    )
    charts.append(
        shares_chart(
            ident="topic-languages",
            title=_("Languages: share of the year's talks on this topic"),
            intro=_("A talk in two languages counts in both."),
            years=years,
            series=trends.languages,
            talks=sum(year.talks for year in trends.activity),
        )
    )
    if trends.related:
        charts.append(
            ranking_chart(
                ident="topic-related",
                title=_("Related topics: talks with both"),
                noun=_("Topic"),
                ranked=trends.related,
            )
        )
    charts.append(
        ranking_chart(
            ident="topic-speakers",
            title=_("Busiest speakers on this topic"),
            noun=_("Speaker"),
            ranked=trends.speakers,
        )
    )
    return charts
