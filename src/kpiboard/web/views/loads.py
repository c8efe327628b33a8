"""Data loads for the performance team: upload -> preview (rows, warnings, what would change)
-> confirm or discard. Nothing reaches the figures before confirmation; every step is audited.
Child-level records loaded here also refresh the RESTRICTED exception lists
(kpiboard.exception_lists, as `kpiboard load` does). The uploaded files' contents are deleted once
the upload is confirmed, discarded or rejected (web/uploads.py)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from starlette.datastructures import UploadFile
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from kpiboard.loading import commit_load
from kpiboard.errors import KpiboardError
from kpiboard.web import audit, uploads
from kpiboard.web.auth import TEAM, Refused, require
from kpiboard.web.context import client_ip, render, web

router = APIRouter()
KIND_WORDS = {"catalogue": "Indicator catalogue (YAML)", "values": "Figures (CSV or XLSX)",
              "commentary": "Commentary (CSV, XLSX or YAML)", "benchmarks": "Benchmarks (CSV or XLSX)",
              "annex_a": "Annex A workbooks (XLSX)", "ssda903": "SSDA903 return files (CSV)",
              "cin_census": "CIN census returns (XML)"}


def _form(request: Request, status: int = 200, message: str = ""):
    return render(request, "loads.html.j2", status, kinds=KIND_WORDS, message=message,
                  recent=web(request).store.loads()[-10:][::-1])


@router.get("/loads")
def loads_form(request: Request, session=Depends(require(*TEAM))):
    return _form(request)


def _options(as_at: str, la: str, sheet: str) -> uploads.Options:
    try:
        day = dt.date.fromisoformat(as_at) if as_at else None
    except ValueError:
        raise KpiboardError(f"'{as_at}' is not a date (YYYY-MM-DD)") from None
    return uploads.Options(day, la.strip() or "LA", sheet.strip() or None)


def _preview(app, pending: uploads.Pending):
    with uploads.prepared(app.store, pending) as (batch, records):
        return uploads.preview(app.store, batch), records is not None


@router.post("/loads")
async def upload(request: Request, as_at: str = Form(""), la: str = Form("LA"), sheet: str = Form(""),
                 session=Depends(require(*TEAM))):
    app = web(request)
    form = await request.form()
    files = [(kind, f.filename or kind, await f.read()) for kind in uploads.KINDS
             for f in form.getlist(kind) if isinstance(f, UploadFile) and f.filename]
    try:
        pending = await run_in_threadpool(uploads.save, app.store, session.user.name, files,
                                          _options(as_at, la, sheet))
    except KpiboardError as exc:
        return _form(request, 400, str(exc))
    names = ", ".join(f"{k}:{uploads.safe_name(n)}" for k, n, _ in files)
    await run_in_threadpool(audit.record, app.store, session.user.name, "data_upload", names, client_ip(request))
    return RedirectResponse(f"/loads/{pending.token}", status_code=303)


def _mine(app, session, token: str) -> uploads.Pending:
    pending = uploads.find(app.store, token)
    if pending.created_by != session.user.name:
        raise Refused("Only the officer who uploaded these files can confirm or discard them.")
    return pending


@router.get("/loads/{token}")
def preview_page(request: Request, token: str, session=Depends(require(*TEAM))):
    app = web(request)
    pending = _mine(app, session, token)
    if pending.status == "expired":
        raise KpiboardError(f"this upload expired after {uploads.STALE_AFTER.total_seconds() / 3600:g} "
                            "hours without being confirmed; upload the files again")
    if pending.status != "previewed":
        raise KpiboardError(f"this upload was {pending.status} already")
    base = app.store.last_load_id()  # read first: confirming is refused if the store moves past it
    try:
        items, child_level = _preview(app, pending)
    except KpiboardError as exc:
        uploads.set_status(app.store, pending, "rejected")
        audit.record(app.store, session.user.name, "data_rejected", str(exc), client_ip(request))
        return _form(request, 400, f"Nothing was loaded: {exc}")
    audit.record(app.store, session.user.name, "data_preview",
                 "; ".join(f"{i.kind} {i.source}: {i.rows} rows" for i in items), client_ip(request))
    return render(request, "load_preview.html.j2", pending=pending, items=items, child_level=child_level,
                  names=[(k, n) for k, n, _ in pending.files], base=base,
                  changed=request.query_params.get("changed") == "1")


def _confirm(app, pending: uploads.Pending, actor: str, ip: str | None) -> list[str]:
    """Load the validated files (read again: what is written is what was previewed) and record
    the load as `kpiboard load` does (kpiboard.loading.commit_load)."""
    with uploads.prepared(app.store, pending) as (batch, records):
        return commit_load(app.store, batch, records, actor, ip)


@router.post("/loads/{token}")
async def confirm(request: Request, token: str, action: str = Form(...), base: int = Form(...),
                  session=Depends(require(*TEAM))):
    app, ip = web(request), client_ip(request)
    pending = await run_in_threadpool(_mine, app, session, token)
    if action == "discard":
        await run_in_threadpool(uploads.set_status, app.store, pending, "discarded")
        await run_in_threadpool(audit.record, app.store, session.user.name, "data_discard", token[:8], ip)
        return RedirectResponse("/loads", status_code=303)
    if action != "confirm":
        raise KpiboardError(f"unknown action '{action}'")
    if base != app.store.last_load_id():
        # Someone loaded since this preview: "what would change" may be wrong, so show it again.
        return RedirectResponse(f"/loads/{token}?changed=1", status_code=303)
    if not await run_in_threadpool(uploads.set_status, app.store, pending, "confirmed"):
        raise KpiboardError("this upload was confirmed, discarded or expired already")
    before = app.store.last_load_id()
    try:
        lines = await run_in_threadpool(_confirm, app, pending, session.user.name, ip)
    except KpiboardError as exc:
        await run_in_threadpool(audit.record, app.store, session.user.name, "data_rejected", str(exc), ip)
        if app.store.last_load_id() != before:  # written, then the exception lists failed
            return _form(request, 400, f"The files were loaded, but the exception lists were not refreshed: {exc}")
        await run_in_threadpool(uploads.set_status, app.store, pending, "rejected", None, "confirmed")
        return _form(request, 400, f"Nothing was loaded: {exc}")
    return render(request, "load_done.html.j2", lines=lines)
