"""Login sessions and the login rate limit, kept in the store so several server processes agree.

The cookie carries a random token; the table keeps only its SHA-256. Each session has its own
CSRF token, which every form posts back."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, delete, func, insert, select

from kpiboard.store import Store
from kpiboard.store.web_tables import login_attempts, now, sessions, users
from kpiboard.web.accounts import User, user_from_row

SESSION_HOURS = 8
MAX_FAILURES = 5           # failed logins for one name from one address ...
FAILURE_WINDOW_MINUTES = 15  # ... within this window block further tries


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    stamp: tuple[int, int] | None = None  # the store's (last load, last commentary version) as read


def stamp_columns():
    """The store's stamp (see Web.stamp) as two scalar subqueries, so the session lookup reads it
    in the same query: a cached page then costs one query in all."""
    from kpiboard.store.schema import loads
    from kpiboard.store.web_tables import commentary_versions

    return (select(func.coalesce(func.max(loads.c.id), 0)).scalar_subquery().label("last_load"),
            select(func.coalesce(func.max(commentary_versions.c.id), 0)).scalar_subquery()
            .label("last_commentary"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(minutes: float = 0) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)).isoformat(timespec="seconds")


def start(store: Store, user: User, old_token: str | None = None) -> str:
    """A new session for ``user``; the one the browser had before (if any) ends, so a token
    planted before login is worthless after it (session fixation)."""
    token = secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        if old_token:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _hash(old_token)))
        conn.execute(delete(sessions).where(sessions.c.expires_at < _utc()))
        conn.execute(insert(sessions).values(
            token_hash=_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
            created_at=now(), expires_at=_utc(SESSION_HOURS * 60)))
    return token


@cache
def _lookup_query():
    # Built once: constructing the statement cost more than running it on SQLite.
    return (select(sessions.c.csrf_token, sessions.c.expires_at, users.c.id, users.c.name,
                   users.c.full_name, users.c.role, users.c.active, users.c.team, *stamp_columns())
            .join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == bindparam("token_hash")))


def lookup(store: Store, token: str | None) -> Session | None:
    """The live session for a cookie, with its user and the store's stamp, in one indexed query
    (primary key on the token hash, joined to the user by id; the stamp is two primary-key
    maxima). Nothing is written per request: no "last seen"."""
    if not token:
        return None
    # One statement needs no transaction: without one, PostgreSQL is spared a BEGIN and a
    # ROLLBACK round trip on every request.
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(_lookup_query(), {"token_hash": _hash(token)}).first()
    if row is None or row.expires_at < _utc() or not row.active:
        return None
    return Session(user_from_row(row), row.csrf_token, (row.last_load, row.last_commentary))


def end(store: Store, token: str | None) -> None:
    if token:
        with store.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _hash(token)))


def note_attempt(store: Store, username: str, ip: str, ok: bool) -> None:
    with store.engine.begin() as conn:
        conn.execute(insert(login_attempts).values(username=username[:64], ip=ip[:64], at=now(),
                                                   ok=int(ok)))


def blocked(store: Store, username: str, ip: str) -> bool:
    """Too many failures for this name from this address lately (a success does not reset the
    count: the window simply moves on)."""
    since = _utc(-FAILURE_WINDOW_MINUTES)
    with store.engine.connect() as conn:
        failures = conn.execute(select(func.count()).select_from(login_attempts).where(
            login_attempts.c.username == username[:64], login_attempts.c.ip == ip[:64],
            login_attempts.c.ok == 0, login_attempts.c.at >= since)).scalar_one()
    return failures >= MAX_FAILURES
