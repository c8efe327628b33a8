"""The scorecard overview: every indicator for a month, filtered by section, owner, RAG, status
and commentary, with a sparkline, RAG, direction of travel, SPC icons and the position against
benchmarks. Read from the cached model; the page body itself is rendered once per (month, filters,
role, store stamp) and kept, so a repeat request costs a session lookup and one stamp query."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from kpiboard.model.monthly import IndicatorPage
from kpiboard.periods import Month
from kpiboard.web import workflow
from kpiboard.web.auth import require
from kpiboard.web.charts import sparkline
from kpiboard.web.context import environment, render, web
from kpiboard.web.positions import Comparison, benchmark_position
from kpiboard.web.views.common import chosen_period

router = APIRouter()
NO_VALUE = "(none)"


@dataclass(frozen=True)
class Row:
    page: IndicatorPage
    owner: str
    rag: str
    status: str
    commentary: str
    spark: Markup
    position: tuple[Comparison, ...] = ()


def sparklines(model) -> dict[str, Markup]:
    return {p.indicator.ref: sparkline([c.figure.value if c.figure else None for c in p.months])
            for p in model.pages}


def position(page: IndicatorPage) -> tuple[Comparison, ...]:
    ind = page.indicator
    return benchmark_position(page.assessment.value, page.benchmark, ind.polarity, ind.decimal_places)


def rows_for(pages: list[IndicatorPage], commentary: dict[str, str], sparks: dict[str, Markup]) -> list[Row]:
    return [Row(p, p.indicator.owner or NO_VALUE, p.assessment.rag or NO_VALUE,
                p.assessment.status or NO_VALUE, commentary.get(p.indicator.ref, NO_VALUE),
                sparks[p.indicator.ref], position(p))
            for p in pages]


def matches(row: Row, filters: dict[str, str]) -> bool:
    values = {"section": row.page.indicator.section, "owner": row.owner, "rag": row.rag,
              "status": row.status, "commentary": row.commentary}
    return all(not wanted or values[name] == wanted for name, wanted in filters.items())


def body(app, month, filters: dict[str, str], stamp) -> Markup:
    """The page below the header: the same for every user of a role, so rendered once per store
    state and kept (Web.cached drops it when a load or commentary change moves the stamp)."""
    model = app.model(month, stamp)
    rows = rows_for(model.pages, workflow.statuses(app.store, month),
                    app.derived(month, "sparklines", sparklines, stamp))
    choices = {name: sorted({getattr(r, name) if name != "section" else r.page.indicator.section
                             for r in rows}) for name in filters}
    choices["section"] = [s.name for s in model.sections]
    shown = [r for r in rows if matches(r, filters)]
    counts = {r: sum(1 for row in shown if row.rag == r) for r in ("red", "amber", "green")}
    return Markup(environment().get_template("_overview_body.html.j2").render(
        model=model, period=month, periods=app.periods(stamp), rows=shown, total=len(rows),
        filters=filters, choices=choices, counts=counts))


def _key(month, filters: dict[str, str], role: str) -> tuple:
    # The role is in the key although every role sees the same scorecard today: a later
    # role-dependent column cannot then leak through the cache.
    return ("overview", str(month), tuple(sorted(filters.items())), role)


def _overview(app, period: str | None, filters: dict[str, str], role: str, stamp):
    month = chosen_period(app, period, stamp)
    return month, app.cached(_key(month, filters, role), lambda: body(app, month, filters, stamp), stamp)


def _hit(app, period: str | None, filters: dict[str, str], role: str, stamp):
    """The kept page for this request, if there is one (no database, no thread hop)."""
    if not period:
        month = app.latest_period(stamp)
    else:
        try:
            month = Month.parse(period)
        except ValueError:
            return None
    if month is None:
        return None
    html = app.peek(_key(month, filters, role), stamp)
    return None if html is None else (month, html)


@router.get("/")
async def overview(request: Request, period: str | None = None, section: str = "", owner: str = "",
                   rag: str = "", status: str = "", commentary: str = "", session=Depends(require())):
    app = web(request)
    filters = dict(section=section, owner=owner, rag=rag, status=status, commentary=commentary)
    found = _hit(app, period, filters, session.user.role, session.stamp)
    if found is None:
        found = await run_in_threadpool(_overview, app, period, filters, session.user.role, session.stamp)
    month, html = found
    return render(request, "overview.html.j2", period=month, body=html)
