"""The commentary workflow pages: the queue, and one indicator-month's commentary with its
editor, submit / approve / return buttons and every earlier version."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from kpiboard.errors import KpiboardError
from kpiboard.web import audit, workflow
from kpiboard.web.auth import TEAM, Refused, may_write_commentary, require
from kpiboard.web.context import client_ip, render, web
from kpiboard.web.views.common import chosen_period

router = APIRouter()
ORDER = ("submitted", "returned", "draft", "approved")


@router.get("/commentary")
def queue(request: Request, session=Depends(require())):
    app = web(request)
    groups = {status: workflow.by_status(app.store, status) for status in ORDER}
    return render(request, "commentary_queue.html.j2", groups=groups)


def _page(request: Request, ref: str, period: str):
    app = web(request)
    month = chosen_period(app, period)
    page = next((p for p in app.model(month).pages if p.indicator.ref == ref), None)
    if page is None:
        raise KpiboardError(f"no indicator '{ref}' in the catalogue")
    return app, month, page


def _editor(request: Request, session, ref: str, period: str, *, status: int = 200,
            message: str = "", text: str | None = None, version: int | None = None):
    app, month, page = _page(request, ref, period)
    draft = workflow.current(app.store, ref, month)
    return render(request, "commentary_edit.html.j2", status, ind=page.indicator, period=month,
                  draft=draft, message=message,
                  text=text if text is not None else (draft.text if draft else ""),
                  version=version if version is not None else (draft.version if draft else 0),
                  history=workflow.history(app.store, ref, month),
                  can_write=may_write_commentary(session, page.indicator.owner),
                  can_approve=session.user.role in TEAM)


@router.get("/commentary/{ref}/{period}")
def editor(request: Request, ref: str, period: str, session=Depends(require())):
    return _editor(request, session, ref, period)


@router.post("/commentary/{ref}/{period}")
def act(request: Request, ref: str, period: str, action: str = Form(...), version: int = Form(...),
        text: str = Form(""), reason: str = Form(""), session=Depends(require())):
    app, month, page = _page(request, ref, period)
    if action not in workflow.TRANSITIONS:
        raise KpiboardError(f"unknown action '{action}'")
    allowed = (session.user.role in TEAM if action in ("approve", "return")
               else may_write_commentary(session, page.indicator.owner))
    if not allowed:
        audit.record(app.store, session.user.name, "forbidden",
                     f"commentary {action} {ref} {month}", client_ip(request))
        raise Refused(f"Your role does not allow you to {action} commentary for {ref}.")
    kept = text if action == "save" else None  # the user's words survive a refusal
    try:
        workflow.change(app.store, action, ref, month, session.user.display, version,
                        text=text if action == "save" else None, reason=reason or None,
                        ip=client_ip(request), login=session.user.name)
    except workflow.Conflict as exc:
        audit.record(app.store, session.user.name, "commentary_conflict",
                     f"{ref} {month}: {action} from version {version}, now {exc.current.version}",
                     client_ip(request))
        return _editor(request, session, ref, str(month), status=409, message=str(exc), text=kept,
                       version=exc.current.version)
    except workflow.WorkflowError as exc:
        return _editor(request, session, ref, str(month), status=400, message=str(exc), text=kept,
                       version=version)
    return RedirectResponse(f"/commentary/{ref}/{month}", status_code=303)
