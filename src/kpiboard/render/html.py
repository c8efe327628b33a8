"""HTML rendering with Jinja2: one self-contained file (inline CSS and SVG, no external links)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kpiboard.catalogue.model import Indicator
from kpiboard.model.monthly import MonthlyReport
from kpiboard.publish import is_suppressed
from kpiboard.render import charts, icons
from kpiboard.render.commentary_text import PARSER
from kpiboard.units import UNIT_LABELS, format_change, format_value

DOT_WORDS = {"improved": "Improved", "declined": "Declined", "no_change": "No change",
             "increased": "Increased", "decreased": "Decreased"}


def markdown(text: str) -> Markup:
    return Markup(PARSER.render(text or ""))


def fmt(value: float | None, ind: Indicator, missing: str = "") -> str:
    return format_value(value, ind.unit, ind.decimal_places, missing=missing)


def fmt_change(value: float | None, ind: Indicator) -> str:
    return format_change(value, ind.unit, ind.decimal_places)


ARROW_TURNS = {"up": 0, "right": 90, "down": 180}


def _arrow_drawing(direction: str, colour: str | None) -> str:
    fill = charts.COLOURS.get(colour or "", "#6b7280")
    return (f'<g transform="rotate({ARROW_TURNS[direction]} 8 8)">'
            f'<path d="M8 1 L14 8 L10 8 L10 15 L6 15 L6 8 L2 8 Z" fill="{fill}"/></g>')


def _arrow_id(direction: str, colour: str | None) -> str:
    return f"dot-{direction}-{colour if colour in charts.COLOURS else 'plain'}"


def arrow(direction: str | None, colour: str | None, title: str = "", shared: bool = False) -> Markup:
    """A small inline SVG arrow: reliable in print, unlike font glyphs. A ``shared`` arrow refers
    to its drawing in arrow_symbols(), which the page must include once."""
    if not direction:
        return Markup("")
    drawing = (f'<use href="#{_arrow_id(direction, colour)}"/>' if shared
               else _arrow_drawing(direction, colour))
    return Markup(
        f'<svg class="dot" width="16" height="16" viewBox="0 0 16 16" role="img" aria-label="{title}">'
        f"<title>{title}</title>{drawing}</svg>")


def arrow_symbols() -> Markup:
    """Every arrow's drawing (each direction in each colour) as an SVG <symbol>."""
    return Markup("".join(
        f'<symbol id="{_arrow_id(d, c)}" viewBox="0 0 16 16">{_arrow_drawing(d, c)}</symbol>'
        for d in ARROW_TURNS for c in (*charts.COLOURS, None)))


@cache
def _css() -> Markup:
    """Our own stylesheet, inlined as is (autoescaping would turn its quotes into entities)."""
    return Markup(resources.files("kpiboard.render").joinpath("static/report.css").read_text("utf-8"))


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("kpiboard.render", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, undefined=StrictUndefined,
                      lstrip_blocks=True)
    env.filters.update(fmt=fmt, fmt_change=fmt_change, markdown=markdown)
    env.tests["suppressed"] = is_suppressed
    env.globals.update(arrow=arrow, DOT_WORDS=DOT_WORDS, UNIT_LABELS=UNIT_LABELS, css=_css,
                       spc_icons=icons.spc_icons, spc_key=icons.key)
    from kpiboard.render.bench_charts import neighbour_svg  # the benchmarking pages' charts
    env.globals["neighbour_svg"] = neighbour_svg
    return env


def render_plan(plan) -> str:
    return environment().get_template("plan.html.j2").render(plan=plan)


def fmt_measure(value: float | None, spec) -> str:
    decimals = 0 if spec.unit in ("count", "days") else 1
    return format_value(value, spec.unit, decimals)


def render_pages(report) -> str:
    from kpiboard.model.pages import DIMENSIONS
    from kpiboard.render.page_charts import page_charts

    charts = [page_charts(page, report.months) if page.rows else None for page in report.pages]
    return environment().get_template("pages.html.j2").render(
        report=report, DIMENSIONS=DIMENSIONS, fmt_measure=fmt_measure, charts=charts)


def render_scorecard(scorecard) -> str:
    return environment().get_template("scorecard.html.j2").render(scorecard=scorecard)


def render_monthly(model: MonthlyReport, on_chart: Callable[[], None] | None = None) -> str:
    svgs = {}
    for page in model.pages:
        svgs[page.indicator.ref] = Markup(charts.to_svg(charts.indicator_chart(page)))
        if on_chart:
            on_chart()
    good_side = {p.indicator.ref: charts.good_side(p) for p in model.pages}
    return environment().get_template("monthly.html.j2").render(
        report=model, charts=svgs, good_side=good_side)
