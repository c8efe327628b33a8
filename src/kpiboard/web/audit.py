"""The audit log: who did what, when. Rows are only ever inserted; nothing here updates or
deletes them, and no page or command offers to."""

from __future__ import annotations

from sqlalchemy import insert, select

from kpiboard.store import Store
from kpiboard.store.web_tables import audit_log
from kpiboard.web.accounts import now

ACTIONS = ("login", "login_failed", "login_blocked", "logout", "csrf_rejected", "forbidden",
           "commentary_save", "commentary_submit", "commentary_approve", "commentary_return",
           "commentary_conflict", "report_export", "user_added", "user_changed", "audit_view",
           "data_upload", "data_preview", "data_load", "data_discard", "data_rejected",
           "exceptions_refresh", "exceptions_view", "exceptions_export", "pages_view")


def record(store: Store, user: str | None, action: str, detail: str, ip: str | None = None,
           conn=None) -> None:
    """One audit row; inside ``conn``'s transaction when given, so the change and its record
    land together."""
    values = dict(at=now(), user_name=user, action=action, detail=detail[:2000], ip=ip)
    if conn is not None:
        conn.execute(insert(audit_log).values(**values))
        return
    with store.engine.begin() as c:
        c.execute(insert(audit_log).values(**values))


def recent(store: Store, limit: int = 500, action: str | None = None, user: str | None = None) -> list:
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if action:
        query = query.where(audit_log.c.action == action)
    if user:
        query = query.where(audit_log.c.user_name == user)
    with store.engine.connect() as conn:
        return conn.execute(query).all()
