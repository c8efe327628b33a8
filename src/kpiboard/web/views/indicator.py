"""One indicator: trend chart with target and XmR limits, the 13-month table with numerator and
denominator, breakdowns by team, age, gender and ethnicity, benchmarks, the revisions of each
figure, and the commentary history.

Breakdowns are the "performance on a page" aggregates stored when child-level records were
loaded, shaped and ordered by the pages report's own model, never computed per request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fastapi import APIRouter, Depends, Request

from kpiboard.catalogue.model import Indicator
from kpiboard.errors import KpiboardError
from kpiboard.measures.pages import PageFigure
from kpiboard.measures.spec import library
from kpiboard.model.pages import DIMENSIONS, Breakdown, build_pages
from kpiboard.periods import Month
from kpiboard.web import workflow
from kpiboard.web.auth import may_write_commentary, require
from kpiboard.web.charts import trend
from kpiboard.web.context import Web, render, web
from kpiboard.web.views.common import chosen_period

router = APIRouter()


def breakdowns_by_measure(figures: Sequence[PageFigure], month: Month
                          ) -> dict[str, tuple[Breakdown, ...]]:
    """measure id -> its breakdowns at ``month``, one per dimension, in the pages report's order
    (dimensions as pages.yaml lists them, groups as the report sorts them)."""
    out: dict[str, dict[str, Breakdown]] = {}
    for page in build_pages(figures, month, None, dt.date.today()).pages:
        for b in page.breakdowns:
            out.setdefault(b.spec.id, {}).setdefault(b.dimension, b)
    return {measure: tuple(dims.values()) for measure, dims in out.items()}


def stored_breakdowns(app: Web, month: Month) -> dict[str, tuple[Breakdown, ...]]:
    """Read once per month and store state, shared by every indicator page."""
    return app.cached(("breakdowns", str(month)),
                      lambda: breakdowns_by_measure(app.store.page_figures(month), month))


def indicator_breakdowns(ind: Indicator, month: Month, stored: dict[str, tuple[Breakdown, ...]]
                         ) -> tuple[tuple[Breakdown, ...], str | None]:
    """The breakdowns to show for ``ind``, or none and the one line that says why."""
    source = ind.source
    if source is None:
        return (), "Not computed from child-level records, so there are no breakdowns."
    defaults = library().get(source.measure).params
    if {**defaults, **source.params} != defaults:
        # Stored breakdowns use the measure's standard parameters; these would be another figure.
        return (), (f"Breakdowns are stored for {source.measure} with its standard parameters, "
                    "which this indicator changes.")
    found = stored.get(source.measure, ())
    if not found:
        return (), f"No breakdowns of {source.measure} are stored for {month.long_label}."
    return found, None


def revisions_of(history: dict[str, list]) -> dict[str, list]:
    """period -> the versions of its figure that changed it (the first, then each revision),
    latest period first; periods never revised are left out. Loading the same figure again
    (a monthly extract re-run over earlier months) is not a revision, so it is not listed."""
    out = {}
    for period, versions in sorted(history.items(), reverse=True):
        changes = [v for i, v in enumerate(versions)
                   if i == 0 or v.figure.same_figures != versions[i - 1].figure.same_figures]
        if len(changes) > 1:
            out[period] = changes
    return out


@router.get("/indicator/{ref}")
def indicator(request: Request, ref: str, period: str | None = None, session=Depends(require())):
    app = web(request)
    month = chosen_period(app, period)
    model = app.model(month)
    page = next((p for p in model.pages if p.indicator.ref == ref), None)
    if page is None:
        raise KpiboardError(f"no indicator '{ref}' in the catalogue")
    spc = page.assessment.spc_points
    chart = trend([c.month.label for c in page.months],
                  [c.figure.value if c.figure else None for c in page.months],
                  [c.target for c in page.months], [spc.get(c.month) for c in page.months])
    breakdowns, no_breakdowns = indicator_breakdowns(page.indicator, month,
                                                     stored_breakdowns(app, month))
    revisions = revisions_of(app.history(ref))
    return render(request, "indicator.html.j2", model=model, page=page, ind=page.indicator,
                  a=page.assessment, period=month, periods=app.periods(), chart=chart,
                  breakdowns=breakdowns, no_breakdowns=no_breakdowns, DIMENSIONS=DIMENSIONS,
                  revisions=revisions, draft=workflow.current(app.store, ref, month),
                  history=workflow.history(app.store, ref),
                  can_write=may_write_commentary(session, page.indicator.owner))
