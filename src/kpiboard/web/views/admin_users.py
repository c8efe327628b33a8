"""Users, for administrators: add a user, change a role, disable an account. Audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from kpiboard.errors import KpiboardError
from kpiboard.store.web_tables import ROLES
from kpiboard.web import audit
from kpiboard.web.accounts import add_user, list_users, set_role
from kpiboard.web.auth import require
from kpiboard.web.context import client_ip, render, web

router = APIRouter()


def _page(request: Request, status: int = 200, message: str = ""):
    return render(request, "users.html.j2", status, users=list_users(web(request).store),
                  roles=ROLES, message=message)


@router.get("/admin/users")
def users_page(request: Request, session=Depends(require("admin"))):
    return _page(request)


@router.post("/admin/users")
def add(request: Request, name: str = Form(...), role: str = Form(...), password: str = Form(...),
        full_name: str = Form(""), team: str = Form(""), session=Depends(require("admin"))):
    app = web(request)
    try:
        user = add_user(app.store, name, role, password, full_name, team)
    except KpiboardError as exc:
        return _page(request, 400, str(exc))
    audit.record(app.store, session.user.name, "user_added",
                 f"{user.name} as {user.role}" + (f" of team {user.team}" if user.team else ""),
                 client_ip(request))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}")
def change(request: Request, name: str, role: str = Form(...), active: str = Form(""),
           team: str = Form(""), session=Depends(require("admin"))):
    app = web(request)
    if name == session.user.name and (role != "admin" or not active):
        return _page(request, 400, "You cannot remove your own administrator access.")
    try:
        set_role(app.store, name, role, bool(active), team)
    except KpiboardError as exc:
        return _page(request, 400, str(exc))
    audit.record(app.store, session.user.name, "user_changed",
                 f"{name}: role {role}{f' of team {team.strip()}' if role == 'manager' else ''}, "
                 f"{'active' if active else 'disabled'}", client_ip(request))
    return RedirectResponse("/admin/users", status_code=303)
