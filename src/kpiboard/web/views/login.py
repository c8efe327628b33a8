"""Signing in and out. The login form has its own CSRF token (a cookie the form must echo),
failures are rate limited per name and address, and a successful login starts a new session."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from kpiboard.web import audit
from kpiboard.web.accounts import authenticate
from kpiboard.web.auth import require
from kpiboard.web.context import LOGIN_CSRF_COOKIE, SESSION_COOKIE, client_ip, render, web
from kpiboard.web.sessions import FAILURE_WINDOW_MINUTES, SESSION_HOURS, blocked, end, note_attempt, start

router = APIRouter()


def _secure(request: Request) -> bool:
    return web(request).secure_cookies or request.url.scheme == "https"


def _safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _login_page(request: Request, status: int = 200, message: str = "", name: str = "",
                next_: str = "/"):
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html.j2", status, message=message, name=name,
                      next=_safe_next(next_), login_csrf=token)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=_secure(request), path="/login")
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return _login_page(request, next_=next)


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""),
          csrf_token: str = Form(""), next: str = Form("/")):
    app, ip = web(request), client_ip(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf_token.encode()):
        audit.record(app.store, None, "csrf_rejected", f"POST /login as '{name[:64]}'", ip)
        return _login_page(request, 403, "The sign-in form had expired. Please try again.", name, next)
    if blocked(app.store, name, ip):
        audit.record(app.store, None, "login_blocked", f"'{name[:64]}': too many failed attempts", ip)
        return _login_page(request, 429, f"Too many failed attempts. Try again in "
                                         f"{FAILURE_WINDOW_MINUTES} minutes.", name, next)
    user = authenticate(app.store, name, password)
    note_attempt(app.store, name, ip, user is not None)
    if user is None:
        audit.record(app.store, None, "login_failed", f"'{name[:64]}'", ip)
        return _login_page(request, 401, "That name and password do not match.", name, next)
    token = start(app.store, user, old_token=request.cookies.get(SESSION_COOKIE))
    audit.record(app.store, user.name, "login", f"role {user.role}", ip)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request),
                        max_age=SESSION_HOURS * 3600, path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, session=Depends(require())):
    end(web(request).store, request.cookies.get(SESSION_COOKIE))
    audit.record(web(request).store, session.user.name, "logout", "", client_ip(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
