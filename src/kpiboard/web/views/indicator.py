"""One indicator: trend chart with target, the 13-month table with numerator and denominator,
benchmarks, every loaded version of each figure, and the commentary history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from kpiboard.errors import KpiboardError
from kpiboard.web import workflow
from kpiboard.web.auth import may_write_commentary, require
from kpiboard.web.charts import trend
from kpiboard.web.context import render, web
from kpiboard.web.views.common import chosen_period

router = APIRouter()


@router.get("/indicator/{ref}")
def indicator(request: Request, ref: str, period: str | None = None, session=Depends(require())):
    app = web(request)
    month = chosen_period(app, period)
    model = app.model(month)
    page = next((p for p in model.pages if p.indicator.ref == ref), None)
    if page is None:
        raise KpiboardError(f"no indicator '{ref}' in the catalogue")
    chart = trend([c.month.label for c in page.months],
                  [c.figure.value if c.figure else None for c in page.months],
                  [c.target for c in page.months])
    revisions = {period: versions for period, versions in sorted(app.history(ref).items(), reverse=True)
                 if len(versions) > 1}
    return render(request, "indicator.html.j2", model=model, page=page, ind=page.indicator,
                  a=page.assessment, period=month, periods=app.periods(), chart=chart,
                  revisions=revisions, draft=workflow.current(app.store, ref, month),
                  history=workflow.history(app.store, ref),
                  can_write=may_write_commentary(session, page.indicator.owner))
