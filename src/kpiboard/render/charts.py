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
from kpiboard.render.icons import SIGNAL_COLOURS, signal_family

COLOURS = {"green": "#2e7d32", "amber": "#e69500", "red": "#c62828", "none": "#1f4e79"}
FONT = "Helvetica, Arial, sans-serif"
_ids = itertools.count(1)


def _plotted(figure) -> float | None:
    """A withheld (suppressed) figure is a gap in the chart, never a bar or a labelled point."""
    return None if figure is None or is_suppressed(figure.value) else figure.value


def _points(page: IndicatorPage) -> list[dict]:
    spc = page.assessment.spc_points
    out = []
    for i, c in enumerate(page.months):
        point = spc.get(c.month)
        signal = point is not None and point.special_cause and _plotted(c.figure) is not None
        out.append({"month": c.month.label, "order": i, "value": _plotted(c.figure),
                    "target": c.target, "rag": c.rag or "none",
                    "mean": point.mean if point else None,
                    "lower": point.lower_limit if point else None,
                    "upper": point.upper_limit if point else None,
                    "signal": signal_family(point.variation) if signal else None})
    return out


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
    if page.assessment.spc is not None:  # XmR: process mean and limits, special causes ringed
        layers += [base.mark_line(color="#9aa5b1", strokeWidth=1).encode(y="mean:Q"),
                   base.mark_line(color="#9aa5b1", strokeDash=[2, 2], strokeWidth=1)
                   .encode(y="lower:Q"),
                   base.mark_line(color="#9aa5b1", strokeDash=[2, 2], strokeWidth=1)
                   .encode(y="upper:Q"),
                   base.transform_filter("datum.signal != null")
                   .mark_point(size=150, strokeWidth=2, filled=False)
                   .encode(y="value:Q", color=alt.Color(
                       "signal:N", legend=None,
                       scale=alt.Scale(domain=list(SIGNAL_COLOURS),
                                       range=list(SIGNAL_COLOURS.values()))))]
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
        return ("Information only: no direction is better." if page.good_is == "Info" else
                "Good performance is close to the expected level.") + _spc_caption(page)
    where = ("above" if polarity == "higher" else "below") if target else ""
    high = "Higher" if polarity == "higher" else "Lower"
    text = f"{high} is better" + (f": {where} the dashed target line is good." if where else ".")
    return text + _spc_caption(page)


def _spc_caption(page: IndicatorPage) -> str:
    spc = page.assessment.spc
    if spc is None:
        return ""
    trial = " (trial limits: fewer than 13 months)" if spc.trial else ""
    return (f" Grey lines: process mean and limits{trial}; ringed points are special causes"
            f" (blue improvement, orange concern, purple no preferred direction).")
