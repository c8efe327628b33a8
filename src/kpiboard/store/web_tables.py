"""Tables of the web application, on the store's own ``metadata`` so ``Store`` creates them.

Commentary written in the app is versioned: ``commentary_drafts`` holds one current row per
indicator and month with a ``version`` number (optimistic locking: a save names the version it
started from and fails if someone saved since), and ``commentary_versions`` keeps every version,
append-only. ``audit_log`` is append-only too: the application has no update or delete path.

``pending_uploads`` holds files a performance officer uploaded and previewed but has not yet
confirmed (kept in the store so any server process can confirm them); ``pending_files`` holds
their contents only until the upload is confirmed, discarded, rejected or expired (see
kpiboard.web.uploads). ``exception_refreshes`` and ``exception_rows`` are RESTRICTED: child-level
rows behind the failures of the catalogue's child-level measures, written whenever child-level
records are loaded, by the app or by `kpiboard load` (kpiboard.exception_lists).

The audit writer lives here, beside its table, so `kpiboard load` can record loads without
importing the web app (FastAPI, argon2).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import (Column, ForeignKey, Integer, LargeBinary, String, Table, Text,
                        UniqueConstraint, and_, event, func, insert, inspect, select, text)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from kpiboard.ingest.commentary import Comment
from kpiboard.periods import Month
from kpiboard.store.schema import metadata

log = logging.getLogger(__name__)

ROLES = ("admin", "officer", "owner", "manager", "viewer")

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),   # the login name
    Column("full_name", Text),                                  # as in the catalogue's `owner`
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),              # argon2id
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", String(32), nullable=False),
    Column("team", Text),                                       # a team manager's team
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the cookie: a leaked table is no login
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at", String(32), nullable=False, index=True),
    Column("ok", Integer, nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("user_name", String(64)),   # None before login (failed logins name the attempted user in detail)
    Column("action", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("ip", String(64)),
)

commentary_drafts = Table(
    "commentary_drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(10), nullable=False),  # draft | submitted | approved | returned
    Column("version", Integer, nullable=False),
    Column("author", Text, nullable=False),        # who drafted the current text
    Column("updated_by", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("reason", Text),                        # why it was returned
    UniqueConstraint("ref", "period", name="uq_commentary_drafts_ref_period"),
)

commentary_versions = Table(
    "commentary_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("commentary_drafts.id"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("ref", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("author", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", String(32), nullable=False),
    Column("action", String(16), nullable=False),  # save | submit | approve | return
    Column("reason", Text),
    UniqueConstraint("draft_id", "version", name="uq_commentary_versions_draft_version"),
)


pending_uploads = Table(
    "pending_uploads", metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), nullable=False, unique=True),  # in the confirm form: ids are guessable
    Column("created_by", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("options", Text, nullable=False),      # JSON: as-at date, LA code, sheet
    Column("base_load_id", Integer, nullable=False),  # the store's last load when previewed
    Column("status", String(12), nullable=False),  # previewed | confirmed | discarded | rejected | expired
)

pending_files = Table(
    "pending_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("upload_id", Integer, ForeignKey("pending_uploads.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),   # catalogue | values | commentary | benchmarks | annex_a | ssda903
    Column("name", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

exception_refreshes = Table(
    "exception_refreshes", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("by", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("sources", Text, nullable=False),
)

# The list each measure shows now: one row per measure, pointing at the refresh that made it.
# A refresh replaces the lists of the measures its records hold and leaves the others alone.
exception_current = Table(
    "exception_current", metadata,
    Column("measure", String(64), primary_key=True),
    Column("refresh_id", Integer, ForeignKey("exception_refreshes.id"), nullable=False),
    Column("period", String(7), nullable=False),
)

exception_rows = Table(
    "exception_rows", metadata,
    Column("id", Integer, primary_key=True),
    Column("refresh_id", Integer, ForeignKey("exception_refreshes.id"), nullable=False, index=True),
    Column("measure", String(64), nullable=False),
    Column("team", Text),
    Column("worker", Text),
    Column("child_id", Text),
    Column("data", Text, nullable=False),          # JSON: the row's every column
)


def now() -> str:
    """The time every web table stores: UTC, to the second, ISO 8601; text order is time order,
    which the purge of stale uploads relies on."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def record_audit(store, user: str | None, action: str, detail: str, ip: str | None = None,
                 conn=None) -> None:
    """One audit row; inside ``conn``'s transaction when given, so the change and its record
    land together. The only write path to ``audit_log``: nothing updates or deletes it."""
    values = dict(at=now(), user_name=user and user[:64], action=action, detail=detail[:2000], ip=ip)
    if conn is not None:
        conn.execute(insert(audit_log).values(**values))
        return
    with store.engine.begin() as c:
        c.execute(insert(audit_log).values(**values))


# The database itself refuses to change or remove audit rows, so an audit log is not only
# unedited by the app but uneditable through any client short of dropping these triggers
# (which needs the table owner's rights and is itself visible).
APPEND_ONLY = {
    "sqlite": [f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
               f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END" for verb in ("UPDATE", "DELETE")],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",  # CREATE OR REPLACE needs 14+
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"],
}


HAS_APPEND_ONLY = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'",
    "postgresql": "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_append_only' "
                  "AND tgrelid = 'audit_log'::regclass",
}


@event.listens_for(audit_log, "after_create")
def _append_only(target, connection, **kw) -> None:
    for statement in APPEND_ONLY.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


def upgrade(engine) -> None:
    """Columns added to the web tables after a store was first created (create_all adds only
    missing tables), and the audit log's append-only triggers on stores made before them."""
    if "team" not in {c["name"] for c in inspect(engine).get_columns("users")}:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE users ADD COLUMN team TEXT"))
    try:
        with engine.begin() as conn:
            if not conn.exec_driver_sql(HAS_APPEND_ONLY.get(conn.dialect.name, "SELECT 1")).first():
                _append_only(audit_log, conn)  # checked first: every server process runs this at start
    except DBAPIError as exc:
        # Creating a trigger needs the table's owner; the app may rightly run as a role that is
        # not. It still never changes the audit log: say how to add the triggers, and go on.
        log.warning("audit_log has no append-only triggers and this database role cannot add them "
                    "(%s); run any kpiboard command once as the tables' owner to add them",
                    str(exc.orig).splitlines()[0] if exc.orig else exc)
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(exception_current)).scalar_one() == 0:
            _point_at_latest_refresh(conn)


def _point_at_latest_refresh(conn) -> None:
    """Stores made before exception_current showed the latest refresh for every measure: point
    each measure in it there, so the app shows what it showed before."""
    head = conn.execute(select(exception_refreshes).order_by(exception_refreshes.c.id.desc()).limit(1)).first()
    if head is None:
        return
    measures = conn.execute(select(exception_rows.c.measure).where(exception_rows.c.refresh_id == head.id)
                            .distinct()).scalars().all()
    if measures:  # every server process runs this at start: the first to get there wins
        dialect = {"postgresql": postgresql, "sqlite": sqlite}[conn.dialect.name]
        conn.execute(dialect.insert(exception_current).on_conflict_do_nothing(),
                     [dict(measure=m, refresh_id=head.id, period=head.period) for m in measures])


def pending_comments(conn) -> list[Comment]:
    """Web commentary in progress (the current text of each indicator's month that is a draft,
    submitted or returned), with its status: reports show only approved text, but say what is
    awaiting approval rather than calling it missing."""
    d = commentary_drafts
    rows = conn.execute(select(d).where(d.c.status != "approved").order_by(d.c.ref, d.c.period)).all()
    return [Comment(r.ref, Month.parse(r.period), r.author, "", r.text, r.status) for r in rows]


def approved_comments(conn) -> list[Comment]:
    """The latest approved version of each indicator's month of web commentary, for reports."""
    v = commentary_versions
    approved = v.c.status == "approved"
    latest = (select(v.c.draft_id, func.max(v.c.version).label("version"))
              .where(approved).group_by(v.c.draft_id).subquery())
    rows = conn.execute(select(v).join(latest, and_(v.c.draft_id == latest.c.draft_id,
                                                    v.c.version == latest.c.version))
                        .order_by(v.c.ref, v.c.period)).all()
    return [Comment(r.ref, Month.parse(r.period), r.author, "", r.text, "approved") for r in rows]
