"""Indicator charts as inline SVG (Altair specs rendered offline by vl-convert).

Counts are bars, rates and percentages lines; the target is a dashed line; points and bars take
their month's RAG colour so the chart reads like the table beside it.
"""

from __future__ import annotations

import itertools
import re

import altair as alt
import vl_convert as vlc

from kpiboard.model.monthly import IndicatorPage
from kpiboard.publish import is_suppressed

COLOURS = {"green": "#2e7d32", "amber": "#e69500", "red": "#c62828", "none": "#1f4e79"}
FONT = "Helvetica, Arial, sans-serif"
_ids = itertools.count(1)


def _plotted(figure) -> float | None:
    """A withheld (suppressed) figure is a gap in the chart, never a bar or a labelled point."""
    return None if figure is None or is_suppressed(figure.value) else figure.value


def _points(page: IndicatorPage) -> list[dict]:
    return [{"month": c.month.label, "order": i, "value": _plotted(c.figure),
             "target": c.target, "rag": c.rag or "none"}
            for i, c in enumerate(page.months)]


def indicator_chart(page: IndicatorPage, width: int = 430, height: int = 150) -> alt.LayerChart:
    ind = page.indicator
    data = alt.Data(values=_points(page))
    # An explicit order: with a bar layer and a target layer Vega-Lite drops a field sort.
    x = alt.X("month:N", sort=[c.month.label for c in page.months], title=None,
              axis=alt.Axis(labelAngle=0, labelFontSize=9, labelOverlap=False))
    y_title = "%" if ind.unit == "percent" else ""
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(labelFontSize=9, tickCount=4, grid=True),
              scale=alt.Scale(zero=ind.unit in ("count", "percent")))
    colour = alt.Color("rag:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                       legend=None)
    base = alt.Chart(data).encode(x=x)
    if ind.unit == "count":
        marks = base.mark_bar(size=18, opacity=0.9).encode(y=y, color=colour)
    else:
        marks = (base.mark_line(color=COLOURS["none"], strokeWidth=2).encode(y=y)
                 + base.mark_point(filled=True, size=45, opacity=1).encode(y=y, color=colour))
    layers = [marks]
    if any(c.target is not None for c in page.months):
        layers.append(base.mark_line(color="#444", strokeDash=[5, 3], strokeWidth=1.5)
                      .encode(y="target:Q"))
    return (alt.layer(*layers).properties(width=width, height=height)
            .configure_view(stroke=None)
            .configure_axis(labelFont=FONT, titleFont=FONT, domainColor="#888", tickColor="#888",
                            gridColor="#e6e6e6", labelColor="#333"))


def to_svg(chart: alt.TopLevelMixin) -> str:
    """SVG text with its ids made unique, so many charts can sit inline in one page."""
    svg = vlc.vegalite_to_svg(chart.to_dict())
    prefix = f"k{next(_ids)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    return re.sub(r'<svg ', '<svg role="img" ', svg, count=1)


def good_side(page: IndicatorPage) -> str:
    polarity = page.indicator.polarity
    target = any(c.target is not None for c in page.months)
    if polarity == "neutral":
        return "Information only: no direction is better." if page.good_is == "Info" else \
            "Good performance is close to the expected level."
    where = ("above" if polarity == "higher" else "below") if target else ""
    high = "Higher" if polarity == "higher" else "Lower"
    return f"{high} is better" + (f": {where} the dashed target line is good." if where else ".")
