"""The web tables, the workflow and the app on a real PostgreSQL server (same code as SQLite)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import inspect, make_url

from kpiboard.periods import Month
from kpiboard.store import Store
from kpiboard.web import create_app, workflow

from webstore import csrf_of, sign_in

TABLES = {"users", "sessions", "login_attempts", "audit_log", "commentary_drafts", "commentary_versions"}


def test_store_creates_the_web_tables_on_postgresql(pg_store_url):
    store = Store(pg_store_url)
    assert TABLES <= set(inspect(store.engine).get_table_names())
    workflow.change(store, "save", "CP1", "2026-10", "Bea Jones", 0, text="Plans reviewed.")
    workflow.change(store, "submit", "CP1", "2026-10", "Bea Jones", 1)
    workflow.change(store, "approve", "CP1", "2026-10", "Olive Officer", 2)
    try:
        workflow.change(store, "save", "CP1", "2026-10", "Bea Jones", 2, text="stale")
        raise AssertionError("a stale save went through")
    except workflow.Conflict as exc:
        assert exc.current.version == 3 and exc.current.updated_by == "Olive Officer"
    assert [(c.ref, c.period, c.text) for c in store.commentary()] == [
        ("CP1", Month(2026, 10), "Plans reviewed.")]
    store.engine.dispose()


def test_the_app_signs_in_and_shows_the_overview_on_postgresql(pg_store_url):
    client = TestClient(create_app(pg_store_url), follow_redirects=False)
    assert sign_in(client, "officer").status_code == 303
    page = client.get("/?rag=amber")  # October: CR2 87% and CP1 6% are amber
    assert page.status_code == 200
    assert page.text.count("<tr data-ref=") == 2 and 'data-ref="CP1"' in page.text and 'data-ref="CR2"' in page.text
    client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    client.app.state.web.store.engine.dispose()


def test_the_store_url_is_printed_without_its_password(pg_url, pg_store_url):
    store = Store(pg_store_url)
    password = make_url(pg_url).password
    assert store.shown_url.startswith("postgresql+psycopg://") and ":***@" in store.shown_url
    assert f":{password}@" not in store.shown_url
    store.engine.dispose()
