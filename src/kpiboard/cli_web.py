"""Web commands: ``kpiboard serve`` and ``kpiboard users``. Registered on the main app in cli.py."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from kpiboard.cli import DbOpt, app, handles_errors, out
from kpiboard.errors import KpiboardError
from kpiboard.store.web_tables import ROLES

users_app = typer.Typer(help="Users of the web app (kpiboard serve).", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _store(db: str | None):
    from kpiboard.store import Store
    from kpiboard.store.web_tables import upgrade

    store = Store(db)
    upgrade(store.engine)
    return store


@users_app.command("add")
@handles_errors
def users_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    full_name: Annotated[Optional[str], typer.Option(
        help="Full name; for an owner, as the catalogue's `owner` field names them.")] = None,
    team: Annotated[Optional[str], typer.Option(
        help="For a team manager: the team, as the child-level records' `team` column names it.")] = None,
    db: DbOpt = None,
) -> None:
    """Add a user. The password is read from standard input (first line), never an argument."""
    from kpiboard.web.accounts import add_user

    password = sys.stdin.readline().rstrip("\r\n")
    user = add_user(_store(db), name, role, password, full_name, team)
    out.print(f"added {user.name} as {user.role}")


@users_app.command("list")
@handles_errors
def users_list(db: DbOpt = None) -> None:
    """Every user: name, role, full name, active."""
    from kpiboard.web.accounts import list_users

    out.print("name,role,full_name,active,team")
    for u in list_users(_store(db)):
        out.print(f"{u.name},{u.role},{u.full_name or ''},{'yes' if u.active else 'no'},{u.team or ''}")


def _demo_store(seed: int = 2026) -> str:
    """The demo LA built by `kpiboard demo`, with one user of each role (passwords printed)."""
    from kpiboard.demo.run import run_demo
    from kpiboard.store import Store
    from kpiboard.web.accounts import add_user

    folder = Path(tempfile.mkdtemp(prefix="kpiboard-serve-demo-"))
    for line in run_demo(folder, seed, reports=False):  # the app makes reports on demand
        out.print(line)
    db = str(folder / "kpiboard-demo.db")
    store = Store(db)
    owner = next((i.owner for i in store.catalogue().indicators if i.owner), None)
    out.print("demo users (name / password / role):")
    for name, role, full_name in [("admin", "admin", "Demo Admin"), ("officer", "officer", "Demo Officer"),
                                  ("owner", "owner", owner), ("viewer", "viewer", "Demo Viewer")]:
        password = secrets.token_urlsafe(9)
        add_user(store, name, role, password, full_name)
        out.print(f"  {name} / {password} / {role}" + (f" (owns {owner}'s indicators)" if role == "owner" else ""))
    return db


@app.command()
@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (behind a proxy, keep 127.0.0.1).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOpt = None,
    demo: Annotated[bool, typer.Option("--demo", help="Build the demo LA first and serve it, "
                                                      "printing demo users and passwords.")] = False,
    secure_cookies: Annotated[bool, typer.Option(
        "--secure-cookies", help="Mark the session cookie Secure (serving behind an HTTPS proxy).")] = False,
    workers: Annotated[Optional[int], typer.Option(
        min=1, help="Server processes (default: one per CPU, at most 4).")] = None,
) -> None:
    """The web app: scorecard, indicator pages, commentary workflow, reports, users and audit."""

    import uvicorn

    from kpiboard.web.app import ENV_DB, ENV_SECURE, create_app

    if demo and db:
        raise KpiboardError("--demo builds its own store; leave out --db")
    url = _demo_store() if demo else db
    workers = workers or default_workers()
    create_app(url, secure_cookies=secure_cookies)  # fail here, in one line, on a bad store
    out.print(f"serving on http://{host}:{port}/ with {workers} worker(s) (Ctrl+C stops)")
    if workers == 1:
        uvicorn.run(create_app(url, secure_cookies=secure_cookies), host=host, port=port,
                    log_level="warning", proxy_headers=True)
        return
    # Several processes: uvicorn imports the app in each, so it is configured by environment.
    os.environ[ENV_DB] = url or ""
    os.environ[ENV_SECURE] = "1" if secure_cookies else "0"
    uvicorn.run("kpiboard.web.app:app_from_environment", factory=True, workers=workers, host=host,
                port=port, log_level="warning", proxy_headers=True)


def default_workers() -> int:
    """One process per CPU (Python runs one request at a time per process), at most 4: each
    process keeps its own models in memory."""
    return max(1, min(4, os.cpu_count() or 1))
