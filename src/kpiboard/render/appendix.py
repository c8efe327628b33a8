"""The improvement KPI appendix as one self-contained HTML page: the model formatted, charts drawn
by render.charts from the values the model holds."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
from markupsafe import Markup

from kpiboard.model.appendix import POLARITY_WORDS, Appendix
from kpiboard.render import charts
from kpiboard.render.html import environment

CHART_WIDTH, CHART_HEIGHT = 440, 125  # two charts side by side across A4 landscape


def _months_in_order(chart, page):
    """Keep the months in calendar order. indicator_chart sorts the x axis by an order field,
    but Vega-Lite drops that sort when a bar layer and the target line are layered (their
    domains come from different datasets and are unioned alphabetically: Apr, Aug, Dec...)."""
    labels = [c.month.label for c in page.months]

    def sort(layer) -> None:
        for inner in getattr(layer, "layer", None) or []:
            sort(inner)
        x = getattr(getattr(layer, "encoding", None), "x", None)
        if x is not None and x is not alt.Undefined:
            x.sort = labels

    sort(chart)
    return chart


def render_appendix(model: Appendix, on_chart: Callable[[], None] | None = None) -> str:
    svgs, good_side = {}, {}
    for row in model.rows:
        chart = charts.indicator_chart(row.chart, width=CHART_WIDTH, height=CHART_HEIGHT)
        svgs[row.ref] = Markup(charts.to_svg(_months_in_order(chart, row.chart)))
        good_side[row.ref] = charts.good_side(row.chart)
        if on_chart:
            on_chart()
    return environment().get_template("appendix.html.j2").render(
        appendix=model, charts=svgs, good_side=good_side, POLARITY_WORDS=POLARITY_WORDS)
