"""The commentary workflow: an owner drafts and submits, the performance team approves or
returns with a reason. Every change writes a new version (nothing is overwritten) and names the
version it started from: if someone else saved in between, the change is refused with a
``Conflict`` that says who and when (optimistic locking), never silently lost."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from kpiboard.errors import KpiboardError
from kpiboard.periods import Month
from kpiboard.store import Store
from kpiboard.store.web_tables import commentary_drafts as drafts, commentary_versions as versions, now
from kpiboard.web import audit

# action -> (statuses it may start from, status it leaves)
TRANSITIONS = {
    "save": (("draft", "returned", "submitted", "approved"), "draft"),
    "submit": (("draft", "returned"), "submitted"),
    "approve": (("submitted",), "approved"),
    "return": (("submitted",), "returned"),
}


@dataclass(frozen=True)
class Draft:
    id: int
    ref: str
    period: str
    text: str
    status: str
    version: int
    author: str
    updated_by: str
    updated_at: str
    reason: str | None


class Conflict(KpiboardError):
    """Someone changed the commentary after the user opened it."""

    def __init__(self, current: Draft) -> None:
        self.current = current
        super().__init__(f"This commentary was changed by {current.updated_by} at "
                         f"{current.updated_at.replace('T', ' ')[:16]} UTC since you opened it "
                         f"(now version {current.version}, {current.status}). Your text is kept "
                         "below: compare it with theirs, then save again.")


class WorkflowError(KpiboardError):
    """A step that the commentary's status does not allow (e.g. approving a draft)."""


def _draft(row) -> Draft:
    return Draft(row.id, row.ref, row.period, row.text, row.status, row.version, row.author,
                 row.updated_by, row.updated_at, row.reason)


def current(store: Store, ref: str, period: Month | str, conn=None) -> Draft | None:
    query = select(drafts).where(drafts.c.ref == ref, drafts.c.period == str(period))
    if conn is not None:
        row = conn.execute(query).first()
    else:
        with store.engine.connect() as c:
            row = c.execute(query).first()
    return _draft(row) if row else None


def history(store: Store, ref: str, period: Month | str | None = None) -> list:
    """Every version, newest first."""
    query = select(versions).where(versions.c.ref == ref)
    if period is not None:
        query = query.where(versions.c.period == str(period))
    with store.engine.connect() as conn:
        return conn.execute(query.order_by(versions.c.period.desc(), versions.c.version.desc())).all()


def by_status(store: Store, status: str) -> list[Draft]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(drafts).where(drafts.c.status == status)
                            .order_by(drafts.c.updated_at)).all()
    return [_draft(r) for r in rows]


def change(store: Store, action: str, ref: str, period: Month | str, actor: str, version: int, *,
           text: str | None = None, reason: str | None = None, ip: str | None = None,
           login: str | None = None) -> Draft:
    """Apply one workflow step to the commentary at ``version`` (0: none yet) as ``actor`` (the
    name shown with the text; ``login`` names them in the audit log); returns the new current
    version. Raises Conflict if it is no longer at ``version``."""
    starts, status = TRANSITIONS[action]
    if action == "save" and not (text or "").strip():
        raise WorkflowError("commentary text is blank")
    if action == "return" and not (reason or "").strip():
        raise WorkflowError("give a reason for returning the commentary")
    period = str(period)
    try:
        with store.engine.begin() as conn:
            draft = _write(conn, store, action, ref, period, actor, version, text, reason, starts,
                           status)
            audit.record(store, login or actor, f"commentary_{action}",
                         f"{ref} {period} version {draft.version}"
                         + (f": {reason}" if reason else ""), ip, conn=conn)
    except IntegrityError:  # someone created it first
        raise Conflict(current(store, ref, period)) from None
    return draft


def _write(conn, store, action, ref, period, actor, version, text, reason, starts, status) -> Draft:
    stamp = now()
    if version == 0:
        if action != "save":
            raise WorkflowError("there is no commentary to " + action + " yet")
        draft_id = conn.execute(insert(drafts).values(
            ref=ref, period=period, text=text, status=status, version=1, author=actor,
            updated_by=actor, updated_at=stamp, reason=None)).inserted_primary_key[0]
    else:
        before = current(store, ref, period, conn)
        if before is None:
            raise WorkflowError(f"no commentary for {ref} {period}")
        if before.version != version:
            raise Conflict(before)
        if before.status not in starts:
            raise WorkflowError(f"commentary that is {before.status} cannot be {_done(action)}")
        values = dict(status=status, version=version + 1, updated_by=actor, updated_at=stamp,
                      reason=reason if action == "return" else None)
        if action == "save":
            values.update(text=text, author=actor)
        # The version in the WHERE clause is the lock: a concurrent writer who got there first
        # has moved it on, and this update then touches no row.
        done = conn.execute(update(drafts).where(drafts.c.id == before.id,
                                                 drafts.c.version == version).values(**values)).rowcount
        if done != 1:
            raise Conflict(current(store, ref, period, conn))
        draft_id = before.id
    draft = current(store, ref, period, conn)
    conn.execute(insert(versions).values(
        draft_id=draft_id, version=draft.version, ref=ref, period=period, text=draft.text,
        status=draft.status, author=draft.author, changed_by=actor, changed_at=stamp,
        action=action, reason=draft.reason))
    return draft


def _done(action: str) -> str:
    return {"save": "edited", "submit": "submitted", "approve": "approved", "return": "returned"}[action]


def statuses(store: Store, period: Month | str) -> dict[str, str]:
    """ref -> the current commentary status for a month, for the overview."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(drafts.c.ref, drafts.c.status)
                            .where(drafts.c.period == str(period))).all()
    return {r.ref: r.status for r in rows}
