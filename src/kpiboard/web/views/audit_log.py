"""The audit log, read-only, for administrators. Reading it is itself audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from kpiboard.web import audit
from kpiboard.web.audit import ACTIONS
from kpiboard.web.auth import require
from kpiboard.web.context import client_ip, render, web

router = APIRouter()


@router.get("/admin/audit")
def audit_page(request: Request, action: str = "", user: str = "", session=Depends(require("admin"))):
    app = web(request)
    rows = audit.recent(app.store, action=action or None, user=user or None)
    audit.record(app.store, session.user.name, "audit_view",
                 f"action={action or 'any'} user={user or 'any'}", client_ip(request))
    return render(request, "audit.html.j2", rows=rows, actions=ACTIONS, action=action, who=user)
