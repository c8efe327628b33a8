"""The application factory: one FastAPI app over one store, server-rendered pages only."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from kpiboard.errors import KpiboardError
from kpiboard.store import Store, default_db_url
from kpiboard.web.auth import LoginRequired, Refused
from kpiboard.web.context import Web, render
from kpiboard.web.views import ROUTERS

# No inline script runs and nothing loads from elsewhere: even escaped-away injection has nowhere to go.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def sqlalchemy_url(db: str | None) -> str:
    """The store URL as given (or the default), with the driver kpiboard installs for PostgreSQL
    (psycopg 3), and SQLite told to wait for a writer rather than fail at once."""
    url = default_db_url(db)
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///") and "timeout=" not in url:
        return url + ("&" if "?" in url else "?") + "timeout=30"
    return url


def create_app(db_url: str | None, *, secure_cookies: bool = False) -> FastAPI:
    """The app over the store at ``db_url``; ``secure_cookies`` marks the session cookie Secure
    (always do so behind an HTTPS proxy; requests that arrive as https get it anyway)."""
    url = sqlalchemy_url(db_url)
    store = Store(url)
    app = FastAPI(title="kpiboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = Web(store, secure_cookies, url.replace("?timeout=30", ""))
    app.mount("/static", StaticFiles(packages=[("kpiboard.web", "static")]), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if request.method != "GET":
            return render(request, "error.html.j2", 401, message="Sign in first.")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return render(request, "error.html.j2", 403, message=exc.message)

    @app.exception_handler(KpiboardError)
    async def user_error(request: Request, exc: KpiboardError):
        return render(request, "error.html.j2", 400, message=str(exc))

    return app
