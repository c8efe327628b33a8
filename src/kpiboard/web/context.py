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
from sqlalchemy import select

from kpiboard.errors import KpiboardError
from kpiboard.model.monthly import MonthlyReport
from kpiboard.periods import Month
from kpiboard.render.html import DOT_WORDS, arrow, arrow_symbols, fmt, markdown
from kpiboard.render.icons import spc_icons, symbols
from kpiboard.reporting import monthly_model
from kpiboard.store import Store
from kpiboard.web.accounts import ROLE_WORDS
from kpiboard.web.sessions import Session, stamp_columns

SESSION_COOKIE = "kpiboard_session"
LOGIN_CSRF_COOKIE = "kpiboard_login_csrf"


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("kpiboard.web", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # package templates do not change under a running server
    env.filters.update(fmt=fmt, markdown=markdown)
    env.globals.update(arrow=arrow, DOT_WORDS=DOT_WORDS, ROLE_WORDS=ROLE_WORDS, spc_icons=spc_icons,
                       icon_symbols=lambda: symbols() + arrow_symbols())
    return env


@dataclass
class Snapshot:
    """What one state of the store gives every page: the months with figures, and models and
    rendered fragments built from them (least recently used dropped first)."""

    periods: list[Month]
    models: OrderedDict = field(default_factory=OrderedDict)
    history: dict | None = None  # Store.history(), read the first time an indicator page asks


class Web:
    """The application's state: one per app (and per server process), shared by all requests
    (thread-safe). Everything cached is keyed by the store's stamp, read with one cheap query per
    request, so a load or a commentary change made through any process is seen at once."""

    MAX_CACHED = 256

    def __init__(self, store: Store, secure_cookies: bool) -> None:
        self.store = store
        self.secure_cookies = secure_cookies
        self._lock = threading.Lock()
        self._snapshots: dict[int, Snapshot] = {}

    def stamp(self) -> tuple[int, int]:
        """(last load id, last commentary version id): both only grow, so together they name the
        state of everything the scorecard shows. Two primary-key maxima in one query."""
        query = select(*stamp_columns())
        with self.store.engine.connect() as conn:
            load_id, commentary = conn.execute(query).one()
        return load_id, commentary

    def snapshot(self, stamp: tuple[int, int] | None = None) -> tuple[Snapshot, int]:
        load_id, commentary = stamp or self.stamp()
        with self._lock:
            snap = self._snapshots.get(load_id)
        if snap is None:
            months = {v.figure.period for vs in self.store.current_figures().values() for v in vs
                      if isinstance(v.figure.period, Month)}
            snap = Snapshot(sorted(months, reverse=True))
            with self._lock:
                self._snapshots = {load_id: snap}  # older loads' models are of no further use
        return snap, commentary

    def periods(self, stamp: tuple[int, int] | None = None) -> list[Month]:
        return self.snapshot(stamp)[0].periods

    def cached(self, key: tuple, build, stamp: tuple[int, int] | None = None):
        """``build()`` once per key and store state. Two requests may build the same thing at
        once; both results are equal, so no lock is held while building."""
        snap, commentary = self.snapshot(stamp)
        full = (commentary, *key)
        with self._lock:
            found = snap.models.get(full)
            if found is not None:
                snap.models.move_to_end(full)
        if found is None:
            found = build()
            with self._lock:
                snap.models[full] = found
                while len(snap.models) > self.MAX_CACHED:
                    snap.models.popitem(last=False)
        return found

    def peek(self, key: tuple, stamp: tuple[int, int]):
        """What cached() holds for ``key`` at ``stamp``, or None, without building or reading
        anything: a hit can then be served without leaving the event loop."""
        load_id, commentary = stamp
        with self._lock:
            snap = self._snapshots.get(load_id)
            return None if snap is None else snap.models.get((commentary, *key))

    def latest_period(self, stamp: tuple[int, int]) -> Month | None:
        with self._lock:
            snap = self._snapshots.get(stamp[0])
        return snap.periods[0] if snap and snap.periods else None

    def model(self, period: Month, stamp: tuple[int, int] | None = None) -> MonthlyReport:
        return self.cached(("model", str(period)), lambda: monthly_model(self.store, period), stamp)

    def derived(self, period: Month, name: str, build, stamp: tuple[int, int] | None = None):
        """Something computed from the model of ``period`` (e.g. the overview's sparklines),
        cached with it."""
        return self.cached(("derived", str(period), name),
                           lambda: build(self.model(period, stamp)), stamp)

    def history(self, ref: str) -> dict[str, list]:
        """period key -> every loaded version of ``ref``'s figure for it, oldest first."""
        snap, _ = self.snapshot()
        if snap.history is None:
            snap.history = self.store.history()
        return {period: versions for (r, period), versions in snap.history.items() if r == ref}

    def warm(self) -> None:
        """Build the latest month's model before the first visitor asks (run at start-up in a
        thread, so each server process has it ready)."""
        try:
            periods = self.periods()
            if periods:
                self.model(periods[0])
        except KpiboardError:
            pass  # nothing loaded yet: the pages say so when asked

    def forget_models(self) -> None:
        with self._lock:
            self._snapshots.clear()


def web(request: Request) -> Web:
    return request.app.state.web


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    return HTMLResponse(page_html(request, template, **values), status_code=status)


def page_html(request: Request, template: str, **values) -> str:
    session: Session | None = getattr(request.state, "session", None)
    return environment().get_template(template).render(
        user=session.user if session else None, csrf=session.csrf_token if session else "",
        path=request.url.path, **values)
