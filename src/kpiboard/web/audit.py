"""The audit log: who did what, when. Rows are only ever inserted; nothing here updates or
deletes them, and no page or command offers to. The writer, ``record``, is
kpiboard.store.web_tables.record_audit, so `kpiboard load` writes the same rows without the web
app; ``data_load`` and ``exceptions_refresh`` rows made by the CLI name the user "cli:<OS user>"."""

from __future__ import annotations

from sqlalchemy import select

from kpiboard.store import Store
from kpiboard.store.web_tables import audit_log, record_audit as record

ACTIONS = ("login", "login_failed", "login_blocked", "logout", "csrf_rejected", "forbidden",
           "commentary_save", "commentary_submit", "commentary_approve", "commentary_return",
           "commentary_conflict", "report_export", "user_added", "user_changed", "audit_view",
           "data_upload", "data_preview", "data_load", "data_discard", "data_rejected",
           "exceptions_refresh", "exceptions_view", "exceptions_export", "pages_view")
__all__ = ["ACTIONS", "record", "recent"]


def recent(store: Store, limit: int = 500, action: str | None = None, user: str | None = None) -> list:
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if action:
        query = query.where(audit_log.c.action == action)
    if user:
        query = query.where(audit_log.c.user_name == user)
    with store.engine.connect() as conn:
        return conn.execute(query).all()
