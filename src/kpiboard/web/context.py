"""What every request needs: the store, the templates, the cached report model, the signed-in
user. Pages read the frozen monthly model, built once per (period, last load, last commentary
version) and kept in memory, so a request formats stored judgements instead of recomputing them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy import func, select

from kpiboard.model.monthly import MonthlyReport
from kpiboard.periods import Month
from kpiboard.render.html import DOT_WORDS, arrow, fmt, markdown
from kpiboard.reporting import monthly_model
from kpiboard.store import Store
from kpiboard.store.web_tables import commentary_versions
from kpiboard.web.accounts import ROLE_WORDS
from kpiboard.web.sessions import Session

SESSION_COOKIE = "kpiboard_session"
LOGIN_CSRF_COOKIE = "kpiboard_login_csrf"


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("kpiboard.web", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fmt=fmt, markdown=markdown)
    env.globals.update(arrow=arrow, DOT_WORDS=DOT_WORDS, ROLE_WORDS=ROLE_WORDS)
    return env


@dataclass
class Snapshot:
    """What one state of the store gives every page: the months with figures, and models."""

    periods: list[Month]
    models: OrderedDict = field(default_factory=OrderedDict)
    history: dict | None = None  # Store.history(), read the first time an indicator page asks


class Web:
    """The application's state: one per app, shared by all requests (thread-safe)."""

    MAX_MODELS = 24

    def __init__(self, store: Store, secure_cookies: bool, report_db: str) -> None:
        self.store = store
        self.report_db = report_db  # the store URL as build_report opens it
        self.secure_cookies = secure_cookies
        self._lock = threading.Lock()
        self._snapshots: dict[int, Snapshot] = {}

    def _stamp(self) -> tuple[int, int]:
        with self.store.engine.connect() as conn:
            commentary = conn.execute(select(func.coalesce(func.max(commentary_versions.c.id), 0))).scalar_one()
            return self.store.last_load_id(conn), commentary

    def snapshot(self) -> tuple[Snapshot, int]:
        load_id, commentary = self._stamp()
        with self._lock:
            snap = self._snapshots.get(load_id)
        if snap is None:
            months = {v.figure.period for vs in self.store.current_figures().values() for v in vs
                      if isinstance(v.figure.period, Month)}
            snap = Snapshot(sorted(months, reverse=True))
            with self._lock:
                self._snapshots = {load_id: snap}  # older loads' models are of no further use
        return snap, commentary

    def periods(self) -> list[Month]:
        return self.snapshot()[0].periods

    def model(self, period: Month) -> MonthlyReport:
        snap, commentary = self.snapshot()
        key = (str(period), commentary)
        with self._lock:
            found = snap.models.get(key)
        if found is None:
            # Two requests may build the same model at once; both results are equal, so no lock
            # is held while building (it takes a while for a large catalogue).
            found = monthly_model(self.store, period)
            with self._lock:
                snap.models[key] = found
                while len(snap.models) > self.MAX_MODELS:
                    snap.models.popitem(last=False)
        return found

    def derived(self, period: Month, name: str, build):
        """Something computed from the model of ``period`` (e.g. the overview's sparklines),
        cached with it."""
        snap, commentary = self.snapshot()
        key = (str(period), commentary, name)
        with self._lock:
            found = snap.models.get(key)
        if found is None:
            found = build(self.model(period))
            with self._lock:
                snap.models[key] = found
        return found

    def history(self, ref: str) -> dict[str, list]:
        """period key -> every loaded version of ``ref``'s figure for it, oldest first."""
        snap, _ = self.snapshot()
        if snap.history is None:
            snap.history = self.store.history()
        return {period: versions for (r, period), versions in snap.history.items() if r == ref}

    def forget_models(self) -> None:
        with self._lock:
            self._snapshots.clear()


def web(request: Request) -> Web:
    return request.app.state.web


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    session: Session | None = getattr(request.state, "session", None)
    html = environment().get_template(template).render(
        user=session.user if session else None, csrf=session.csrf_token if session else "",
        path=request.url.path, **values)
    return HTMLResponse(html, status_code=status)
