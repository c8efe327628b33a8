"""Performance on a page, as a screen: the report's own model and template (build_pages,
render_pages), shown inside the app rather than drawn again, so the screen and the printed
report cannot drift apart. The report is a self-contained document with its own inline styles,
so it is served on its own address, framed by the app page, with a policy that lets its styles
apply and nothing else (no script, nothing from elsewhere)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from kpiboard.model.pages import build_pages
from kpiboard.render.html import render_pages
from kpiboard.web.auth import require
from kpiboard.web.context import render, web
from kpiboard.web.views.common import chosen_period

router = APIRouter()
REPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                               "frame-ancestors 'self'; form-action 'none'",
    "X-Frame-Options": "SAMEORIGIN",
}


def pages_html(app, month) -> str | None:
    """The report's HTML for ``month`` (None without child-level aggregates), built once per store
    state and kept."""
    def build() -> str | None:
        figures = app.store.page_figures(month)
        if not figures:
            return None
        catalogue = app.store.catalogue()
        model = build_pages(figures, month, catalogue.la.name if catalogue.la else None, dt.date.today())
        return render_pages(model)

    # cached() cannot tell a kept None from nothing kept, so "no data" is kept as "".
    return app.cached(("pages", str(month)), lambda: build() or "") or None


@router.get("/pages")
async def pages_screen(request: Request, period: str | None = None, session=Depends(require())):
    app = web(request)
    month = await run_in_threadpool(chosen_period, app, period)
    html = await run_in_threadpool(pages_html, app, month)
    return render(request, "pages.html.j2", period=month, periods=app.periods(), available=html is not None)


@router.get("/pages/report")
async def pages_report(request: Request, period: str | None = None, session=Depends(require())):
    app = web(request)
    month = await run_in_threadpool(chosen_period, app, period)
    html = await run_in_threadpool(pages_html, app, month)
    if html is None:
        return HTMLResponse("<p>No child-level records loaded for this month.</p>", 404, headers=REPORT_HEADERS)
    return HTMLResponse(html, headers=REPORT_HEADERS)
