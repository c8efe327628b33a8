"""The audit log is append-only in the database itself: UPDATE, DELETE (and on PostgreSQL
TRUNCATE) are refused by triggers, on new stores and on stores made before the triggers."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from kpiboard.store import Store
from kpiboard.store.web_tables import audit_log, record_audit, upgrade

ATTEMPTS = ["UPDATE audit_log SET detail = 'rewritten'", "DELETE FROM audit_log"]


def details(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return conn.execute(select(audit_log.c.detail).order_by(audit_log.c.id)).scalars().all()


def assert_append_only(store: Store, attempts: list[str]) -> None:
    record_audit(store, "alex", "login", "signed in")
    before = details(store)
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(text(statement))
    assert details(store) == before and before[-1] == "signed in"
    record_audit(store, "alex", "logout", "signed out")  # inserting still works
    assert details(store) == before + ["signed out"]


def test_sqlite_store_refuses_to_edit_the_audit_log(tmp_path):
    assert_append_only(Store(f"sqlite:///{tmp_path / 'kpi.db'}"), ATTEMPTS)


def test_store_made_before_the_triggers_gets_them_from_upgrade(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'kpi.db'}")
    with store.engine.begin() as conn:  # as a store created by an earlier version
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("UPDATE audit_log SET detail = 'allowed then'"))
    upgrade(store.engine)
    upgrade(store.engine)  # again, as every server process does at start: no error
    assert_append_only(store, ATTEMPTS)


def test_postgresql_store_refuses_to_edit_the_audit_log(pg_store_url):
    store = Store(pg_store_url)
    upgrade(store.engine)  # already there from create_all: finds them and does nothing
    assert_append_only(store, ATTEMPTS + ["TRUNCATE audit_log"])
    store.engine.dispose()


def test_an_app_role_that_does_not_own_the_tables_serves_an_older_store(pg_url, pg_app_url, caplog):
    """docs/deployment.md: run the app as a role that does not own the tables, with INSERT and
    SELECT only on audit_log. On a store made before the triggers that role cannot add them: the
    app still starts (with a one-line warning), and the database still refuses its edits."""
    from sqlalchemy import make_url

    from kpiboard.store.scratch import scratch_schema
    from kpiboard.web import create_app

    app_role = make_url(pg_app_url)
    with scratch_schema(pg_url, "role") as owner_url:
        owner = Store(owner_url)
        schema = make_url(owner_url).query["options"].split("=")[-1]
        with owner.engine.begin() as conn:  # as a store from before the triggers ...
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
            # ... served by a role with the rights the docs give it
            conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {app_role.username}"))
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} "
                              f"TO {app_role.username}"))
            conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {app_role.username}"))
            conn.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {app_role.username}"))
        served = make_url(owner_url).set(username=app_role.username, password=app_role.password)
        url = served.render_as_string(hide_password=False)
        with caplog.at_level("WARNING"):
            create_app(url)
        assert any("cannot add them" in r.getMessage() for r in caplog.records)
        app_store = Store(url)
        record_audit(app_store, "alex", "login", "signed in")
        with pytest.raises(DBAPIError, match="permission denied"):
            with app_store.engine.begin() as conn:
                conn.execute(text("UPDATE audit_log SET detail = 'rewritten'"))
        app_store.close()
        upgrade(owner.engine)  # run once as the owner, as the warning says: the triggers are back
        assert_append_only(owner, ATTEMPTS)
        owner.close()
