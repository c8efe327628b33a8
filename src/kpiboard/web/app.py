"""The application factory: one FastAPI app over one store, server-rendered pages only."""

from __future__ import annotations

import os
import threading
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from kpiboard.errors import KpiboardError
from kpiboard.store import Store
from kpiboard.store.web_tables import upgrade
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
_HEADERS = [(k.lower().encode(), v.encode()) for k, v in
            {**SECURITY_HEADERS, "Cache-Control": "no-store"}.items()]
# What `kpiboard serve --workers N` hands each worker process (uvicorn imports the app by name).
ENV_DB, ENV_SECURE = "KPIBOARD_SERVE_DB", "KPIBOARD_SERVE_SECURE_COOKIES"


class SecurityHeaders:
    """Adds the headers above unless a response set its own. Plain ASGI rather than
    ``@app.middleware``: that wraps every response in extra tasks and queues, a measurable share
    of a cached page's time."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in _HEADERS if k not in have]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(db_url: str | None, *, secure_cookies: bool = False) -> FastAPI:
    """The app over the store at ``db_url``; ``secure_cookies`` marks the session cookie Secure
    (always do so behind an HTTPS proxy; requests that arrive as https get it anyway)."""
    store = Store(db_url)
    upgrade(store.engine)
    state = Web(store, secure_cookies)

    @asynccontextmanager
    async def lifespan(app):
        # Each server process builds the latest month's model as it starts, in the background.
        threading.Thread(target=state.warm, name="kpiboard-warm", daemon=True).start()
        yield

    app = FastAPI(title="kpiboard", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.web = state
    app.mount("/static", StaticFiles(packages=[("kpiboard.web", "static")]), name="static")
    for router in ROUTERS:
        app.include_router(router)

    app.add_middleware(SecurityHeaders)

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


def app_from_environment() -> FastAPI:
    """The app for one of several uvicorn worker processes, configured by `kpiboard serve`."""
    return create_app(os.environ.get(ENV_DB) or None, secure_cookies=os.environ.get(ENV_SECURE) == "1")
