"""Who may do what: the signed-in user from the session cookie, role checks and the CSRF check
every state-changing request passes. Refusals are audited."""

from __future__ import annotations

import secrets

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from kpiboard.web import audit
from kpiboard.web.context import SESSION_COOKIE, client_ip, web
from kpiboard.web.sessions import Session, lookup

ANY = ("admin", "officer", "owner", "viewer")
TEAM = ("admin", "officer")  # the performance team: approve commentary, see everything


class LoginRequired(Exception):
    """No valid session: the app answers with the login page."""


class Refused(Exception):
    """A signed-in request that is not allowed: answered with 403."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def require(*roles: str):
    """A dependency: the request's session, if its user has one of ``roles`` (any role when none
    are named) and, for a POST, the form carries this session's CSRF token."""
    allowed = roles or ANY

    async def dependency(request: Request) -> Session:
        app = web(request)
        session = await run_in_threadpool(lookup, app.store, request.cookies.get(SESSION_COOKIE))
        if session is None:
            if request.method == "POST":
                audit.record(app.store, None, "forbidden",
                             f"{request.method} {request.url.path} without a session", client_ip(request))
            raise LoginRequired()
        request.state.session = session
        if request.method == "POST":
            form = await request.form()
            sent = str(form.get("csrf_token", ""))
            if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
                audit.record(app.store, session.user.name, "csrf_rejected",
                             f"{request.method} {request.url.path}", client_ip(request))
                raise Refused("The form had expired or did not come from this site. Go back, "
                              "reload the page and try again.")
        if session.user.role not in allowed:
            audit.record(app.store, session.user.name, "forbidden",
                         f"{request.method} {request.url.path} needs {' or '.join(allowed)}",
                         client_ip(request))
            raise Refused("Your role does not allow this.")
        return session

    return dependency


def may_write_commentary(session: Session, owner: str | None) -> bool:
    """The performance team writes any commentary; an indicator owner writes their own (the
    catalogue's `owner` matches their full name or login name)."""
    user = session.user
    if user.role in TEAM:
        return True
    if user.role != "owner" or not owner:
        return False
    return owner.strip().casefold() in {user.name.casefold(), (user.full_name or "").casefold()}
