"""Charts for "performance on a page", as inline SVG (Altair -> vl-convert, see charts.py).

Three kinds, sized for one printed A4 landscape page per service:
- ``trend_chart``: the headline measures over the last three months, one small panel each;
- ``bands_chart``: timeliness bands as shares of each period, one ordered stacked bar a period;
- ``breakdown_chart``: a breakdown's year to date as horizontal bars, one per group, with the
  latest month's figure beside it.

Everything drawn comes from the model (model/pages.py); a withheld figure is a ``ChartPoint``
with no value and is left out (the group or month stays on the axis, drawn empty).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import altair as alt
from markupsafe import Markup

from kpiboard.model.pages import Bands, Breakdown, Page, Trend
from kpiboard.periods import Month
from kpiboard.render.charts import COLOURS, FONT, to_svg
from kpiboard.render.html import fmt_measure

BLUE = COLOURS["none"]
# Quick to slow: greens for within 40 working days, amber just inside 45, red past it.
BAND_COLOURS = ("#2e7d32", "#81c784", "#e69500", "#c62828")
ROW_HEIGHT = 12       # px per group of a breakdown


@dataclass(frozen=True)
class PageCharts:
    trends: Markup | None
    bands: Markup | None
    breakdowns: tuple[Markup, ...]


def page_charts(page: Page, months: tuple[Month, ...]) -> PageCharts:
    """Every chart of one page; breakdowns share the page's width between them."""
    trends = Markup(to_svg(trend_chart(page.trends, months))) if page.trends else None
    bands = Markup(to_svg(bands_chart(page.bands))) if page.bands else None
    width = min(280, 1000 // max(len(page.breakdowns), 1) - 20)
    return PageCharts(trends, bands, tuple(
        Markup(to_svg(breakdown_chart(b, months[-1].label, width))) for b in page.breakdowns))


def _configured(chart) -> alt.TopLevelMixin:
    return (chart.configure_view(stroke=None)
            .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=8, titleFontSize=8,
                            titleFontWeight="normal", domainColor="#888",
                            tickColor="#888", gridColor="#e6e6e6", labelColor="#333")
            .configure_title(font=FONT, fontSize=9, fontWeight="bold", color="#222", anchor="start")
            .configure_legend(labelFont=FONT, labelFontSize=8, titleFont=FONT, titleFontSize=8))


def _label(value: float | None, spec) -> str:
    return "" if value is None else fmt_measure(value, spec)


def _trend_panel(trend: Trend, months: tuple[Month, ...], width: int, height: int):
    spec = trend.spec
    data = alt.Data(values=[{"month": p.label, "value": p.value, "text": _label(p.value, spec)}
                            for p in trend.points if p.value is not None])
    x = alt.X("month:N", sort=[m.label for m in months], title=None,
              scale=alt.Scale(domain=[m.label for m in months]),
              axis=alt.Axis(labelAngle=0, ticks=False))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True),
              axis=alt.Axis(labels=False, ticks=False, grid=False, domain=False))
    base = alt.Chart(data).encode(x=x, y=y)
    if spec.unit == "count":
        marks = base.mark_bar(size=16, color=BLUE, opacity=0.85)
    else:
        marks = (base.mark_line(color=BLUE, strokeWidth=2)
                 + base.mark_point(filled=True, size=30, color=BLUE, opacity=1))
    text = base.mark_text(dy=-6, baseline="bottom", fontSize=8, font=FONT, color="#222").encode(
        text="text:N")
    title = textwrap.wrap(spec.title, 36, max_lines=3, placeholder=" …")
    return alt.layer(marks, text).properties(width=width, height=height, title=title)


def trend_chart(trends: tuple[Trend, ...], months: tuple[Month, ...], panel_width: int = 150,
                height: int = 44, columns: int = 2) -> alt.TopLevelMixin:
    panels = [_trend_panel(t, months, panel_width, height) for t in trends]
    return _configured(alt.concat(*panels, columns=columns, spacing=14))


def bands_chart(bands: Bands, width: int = 230) -> alt.TopLevelMixin:
    order = {label: i for i, label in enumerate(bands.labels)}
    data = alt.Data(values=[{"period": s.period, "band": s.band, "order": order[s.band],
                             "share": s.share, "text": f"{s.share:.0f}%" if s.share >= 8 else ""}
                            for s in bands.shares])
    y = alt.Y("period:N", sort=list(bands.periods), title=None,
              scale=alt.Scale(domain=list(bands.periods)), axis=alt.Axis(ticks=False))
    base = alt.Chart(data).transform_stack(
        stack="share", groupby=["period"], sort=[alt.SortField("order")], as_=["x0", "x1"]
    ).transform_calculate(mid="(datum.x0 + datum.x1) / 2")
    colour = alt.Color("band:N", title="Working days",
                       scale=alt.Scale(domain=list(bands.labels), range=list(BAND_COLOURS)),
                       legend=alt.Legend(orient="right", symbolSize=60, rowPadding=1))
    bars = base.mark_bar(height=13).encode(
        y=y, x=alt.X("x0:Q", title=None, scale=alt.Scale(domain=[0, 100]),
                     axis=alt.Axis(tickCount=5, grid=False)), x2="x1:Q", color=colour)
    text = base.mark_text(fontSize=8, font=FONT, color="#fff").encode(y=y, x="mid:Q", text="text:N")
    chart = alt.layer(bars, text).properties(width=width, height=15 * len(bands.periods),
                                             title=[bands.title, "% of each period's total"])
    return _configured(chart)


def breakdown_chart(b: Breakdown, month: str, width: int = 190) -> alt.TopLevelMixin:
    """Year-to-date bars by group; the latest month as a column of figures on the right."""
    groups = [r.group for r in b.rows]
    bars = [p for p in b.bars if p.value is not None]
    y = alt.Y("group:N", sort=groups, title=None, scale=alt.Scale(domain=groups),
              axis=alt.Axis(ticks=False, labelLimit=105, labelFontSize=8))
    height = ROW_HEIGHT * len(groups)
    ytd = alt.Data(values=[{"group": p.label, "value": p.value, "text": _label(p.value, b.spec)}
                           for p in bars])
    x = alt.X("value:Q", title=None, axis=None,
              scale=alt.Scale(domain=[0, 100]) if b.spec.unit == "percent" else alt.Scale(zero=True))
    base = alt.Chart(ytd).encode(y=y, x=x)
    left = alt.layer(base.mark_bar(height=ROW_HEIGHT - 3, color=BLUE, opacity=0.85),
                     base.mark_text(align="left", dx=2, fontSize=8, font=FONT, color="#222")
                     .encode(text="text:N")).properties(width=max(width - 150, 50), height=height,
                                                         title="YTD")
    latest = alt.Data(values=[{"group": r.group, "text": _label(None if r.month is None else
                                                               r.month.value, b.spec)}
                             for r in b.rows])
    right = (alt.Chart(latest).mark_text(align="right", fontSize=8, font=FONT, color="#222")
             .encode(y=alt.Y("group:N", sort=groups, scale=alt.Scale(domain=groups), axis=None),
                     text="text:N", x=alt.value(38))
             .properties(width=40, height=height, title=month))
    # the spacing leaves room for the longest bar's label
    return _configured(alt.hconcat(left, right, spacing=30))
