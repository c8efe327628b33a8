"""The scorecard overview: every indicator for a month, filtered by section, owner, RAG, status
and commentary, with a sparkline, RAG and direction of travel. Read from the cached model."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from markupsafe import Markup

from kpiboard.model.monthly import IndicatorPage
from kpiboard.web import workflow
from kpiboard.web.auth import require
from kpiboard.web.charts import sparkline
from kpiboard.web.context import render, web
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


def sparklines(model) -> dict[str, Markup]:
    return {p.indicator.ref: sparkline([c.figure.value if c.figure else None for c in p.months])
            for p in model.pages}


def rows_for(pages: list[IndicatorPage], commentary: dict[str, str], sparks: dict[str, Markup]) -> list[Row]:
    return [Row(p, p.indicator.owner or NO_VALUE, p.assessment.rag or NO_VALUE,
                p.assessment.status or NO_VALUE, commentary.get(p.indicator.ref, NO_VALUE),
                sparks[p.indicator.ref])
            for p in pages]


def matches(row: Row, filters: dict[str, str]) -> bool:
    values = {"section": row.page.indicator.section, "owner": row.owner, "rag": row.rag,
              "status": row.status, "commentary": row.commentary}
    return all(not wanted or values[name] == wanted for name, wanted in filters.items())


@router.get("/")
def overview(request: Request, period: str | None = None, section: str = "", owner: str = "",
             rag: str = "", status: str = "", commentary: str = "", session=Depends(require())):
    app = web(request)
    month = chosen_period(app, period)
    model = app.model(month)
    rows = rows_for(model.pages, workflow.statuses(app.store, month),
                    app.derived(month, "sparklines", sparklines))
    filters = dict(section=section, owner=owner, rag=rag, status=status, commentary=commentary)
    choices = {name: sorted({getattr(r, name) if name != "section" else r.page.indicator.section
                             for r in rows}) for name in filters}
    choices["section"] = [s.name for s in model.sections]
    shown = [r for r in rows if matches(r, filters)]
    counts = {r: sum(1 for row in shown if row.rag == r) for r in ("red", "amber", "green")}
    return render(request, "overview.html.j2", model=model, period=month, periods=app.periods(),
                  rows=shown, total=len(rows), filters=filters, choices=choices, counts=counts)
