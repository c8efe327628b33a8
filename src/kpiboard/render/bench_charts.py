"""The benchmarking pages' charts: the LA against its 10 statistical neighbours, as horizontal
bars (Altair -> inline SVG through ``charts.to_svg``, so ids stay unique and nothing is fetched).

The LA's bar is the report's blue, its neighbours' a paler blue; England is a dashed line and
the neighbours' mean a dotted one, each labelled with its value. A neighbour with no published
value keeps its row, with the reason ("c", "x", "no row") where the bar would be.
"""

from __future__ import annotations

import json

import altair as alt
from markupsafe import Markup

from kpiboard.model.monthly import NeighbourPanel
from kpiboard.render.charts import COLOURS, FONT, to_svg
from kpiboard.units import format_value

NEIGHBOUR = "#a9bfd6"
SN_MEAN = "#6a3d9a"   # not a RAG colour: the mean is a reference, not a judgement
ENGLAND = "#444444"
ROW = 17              # px per bar


def _label(value: float | None, panel: NeighbourPanel) -> str:
    ind = panel.indicator
    return format_value(value, ind.unit, ind.decimal_places)


def _rows(panel: NeighbourPanel) -> list[dict]:
    """Highest value first, so the LA's place among its neighbours reads off the chart; LAs with
    no value last, in the order they were given."""
    ranked = sorted((b for b in panel.bars if b.value is not None), key=lambda b: -b.value)
    ranked += [b for b in panel.bars if b.value is None]
    return [{"name": b.name, "value": b.value, "who": "la" if b.is_la else "neighbour",
             "label": _label(b.value, panel) if b.value is not None
             else f"{b.missing or 'no value'} (not published)"}
            for b in ranked]


def _reference(value: float, text: str, colour: str, dash: list[int], right: bool,
               raise_by: int) -> alt.LayerChart:
    """A vertical reference line labelled above the plot, its label on the side away from the
    other line's so the two never overlap."""
    data = alt.Data(values=[{"x": value, "text": text}])
    line = alt.Chart(data).mark_rule(color=colour, strokeDash=dash, strokeWidth=1.6).encode(x="x:Q")
    label = alt.Chart(data).mark_text(
        align="left" if right else "right", dx=3 if right else -3, dy=-raise_by, y=0,
        fontSize=9.5, font=FONT, color=colour, fontWeight="bold").encode(x="x:Q", text="text:N")
    return line + label


def neighbour_chart(panel: NeighbourPanel, width: int = 290) -> alt.LayerChart:
    rows = _rows(panel)
    order = [r["name"] for r in rows]
    la_names = json.dumps([b.name for b in panel.bars if b.is_la])
    bold_la = f"indexof({la_names}, datum.value) >= 0 ? 'bold' : 'normal'"  # the LA's name
    extent = [r["value"] for r in rows if r["value"] is not None]
    extent += [v for v in (panel.england, panel.sn_mean) if v is not None]
    top = (max(extent) if extent else 1.0) * 1.18  # room for the value labels
    if panel.indicator.unit == "percent" and top > 100:
        top = max(100.0, *extent)  # no axis past 100%: the labels may overhang the plot
    y = alt.Y("name:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=10, labelLimit=170, ticks=False, domain=False,
                            labelFontWeight=alt.ExprRef(expr=bold_la)))
    x = alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, top], nice=False),
              axis=alt.Axis(labelFontSize=9, tickCount=5, grid=True))
    base = alt.Chart(alt.Data(values=rows)).encode(y=y)
    bars = base.mark_bar(height=ROW - 5).encode(
        x=x, color=alt.Color("who:N", legend=None, scale=alt.Scale(
            domain=["la", "neighbour"], range=[COLOURS["none"], NEIGHBOUR])))
    labels = base.mark_text(align="left", dx=3, fontSize=9, font=FONT, color="#333").encode(
        x=alt.X("shown:Q"), text="label:N").transform_calculate(
        shown="isValid(datum.value) ? datum.value : 0")
    layers = [bars]
    lines = [(panel.england, "England", ENGLAND, [5, 3]), (panel.sn_mean, "SN mean", SN_MEAN, [2, 2])]
    drawn = [(v, name, colour, dash) for v, name, colour, dash in lines if v is not None]
    for i, (value, name, colour, dash) in enumerate(drawn):
        other = [v for v, *_ in drawn if v != value]
        right = not other or value >= other[0]
        layers.append(_reference(value, f"{name} {_label(value, panel)}", colour, dash, right,
                                 raise_by=6 + 11 * i))
    layers.append(labels)  # last, so a value is never under a reference line
    return (alt.layer(*layers).properties(width=width, height=ROW * len(rows))
            .configure_view(stroke=None)
            .configure_axis(labelFont=FONT, titleFont=FONT, domainColor="#888", tickColor="#888",
                            gridColor="#e6e6e6", labelColor="#333"))


def neighbour_svg(panel: NeighbourPanel) -> Markup:
    """The chart as inline SVG, ready for the template."""
    return Markup(to_svg(neighbour_chart(panel)))
