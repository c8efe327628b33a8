"""Generate and download any report kind, in HTML, PDF or Excel, for a month. Every export is
audited. Downloads are not recorded as the month's issued report (the CLI's `report` is)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kpiboard.errors import KpiboardError
from kpiboard.reporting import FORMATS, KINDS, build_report
from kpiboard.web import audit
from kpiboard.web.auth import require
from kpiboard.web.context import client_ip, render, web
from kpiboard.web.views.common import chosen_period

router = APIRouter()
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
KIND_WORDS = {"monthly": "Monthly performance report", "plan": "Improvement plan tracker",
              "scorecard": "Scorecard by owner", "appendix": "Improvement KPI appendix",
              "pages": "Performance on a page"}


@router.get("/reports")
def reports_form(request: Request, session=Depends(require())):
    app = web(request)
    return render(request, "reports.html.j2", periods=app.periods(), kinds=KINDS,
                  formats=FORMATS, KIND_WORDS=KIND_WORDS)


def _build(db_url: str, kind: str, period, fmt: str) -> tuple[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="kpiboard-web-") as folder:
        path: Path = build_report(db_url, kind, period, Path(folder), formats=(fmt,), record=False)[0]
        return path.name, path.read_bytes()


@router.post("/reports")
async def download(request: Request, kind: str = Form(...), format: str = Form("html"),
                   period: str = Form(""), session=Depends(require())):
    app = web(request)
    if kind not in KINDS or format not in FORMATS:
        raise KpiboardError(f"choose a kind from {', '.join(KINDS)} and a format from {', '.join(FORMATS)}")
    month = await run_in_threadpool(chosen_period, app, period)
    name, body = await run_in_threadpool(_build, app.store.url, kind, month, format)
    await run_in_threadpool(audit.record, app.store, session.user.name, "report_export",
                            f"{kind} {month} {format}", client_ip(request))
    return Response(body, media_type=MEDIA[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
