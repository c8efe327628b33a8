"""Exception lists (RESTRICTED) as the app shows them: the child-level rows behind the failures of
the catalogue's child-level measures (children on a plan not visited in time, assessments over 45
working days).

Pages never compute measures: the rows are computed once per load of child-level records, by the
app (views/loads.py) or `kpiboard load`, in kpiboard.exception_lists (``eligible`` and ``refresh``
are re-exported here), and kept in ``exception_rows`` with the team each row belongs to. Every
view and export is audited by the views; a team manager only ever receives their own team's rows
(filtered in the query)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from kpiboard.exception_lists import eligible, refresh
from kpiboard.store import Store
from kpiboard.store.web_tables import exception_refreshes, exception_rows as rows_table
from kpiboard.web.accounts import User

ROLES = ("admin", "officer", "manager")  # who may see any exception list
# As kpiboard.measures.engine.RESTRICTED: the engine (Ibis, DuckDB) is imported only when lists
# are refreshed, so server processes do not load it to show pages.
RESTRICTED = "RESTRICTED: child-level data. Handle under your information-sharing rules; never publish."
__all__ = ["RESTRICTED", "ROLES", "eligible", "refresh", "latest", "visible_team"]


def visible_team(user: User) -> str | None:
    """The team whose rows this user may see (None: every team). Refuses anyone else."""
    if user.role not in ROLES:
        raise PermissionError(user.role)
    return user.team if user.role == "manager" else None


@dataclass(frozen=True)
class ExceptionList:
    refresh_id: int
    period: str
    at: str
    by: str
    counts: dict[str, int]        # rows per measure, as visible to the user
    rows: list[dict]              # the chosen measure's rows, each the engine's columns


def latest(store: Store, user: User, measure: str | None = None) -> ExceptionList | None:
    """The latest refresh, as ``user`` may see it: counts per measure and, for ``measure``, its
    rows. A team manager's rows are filtered to their team in the query itself."""
    team = visible_team(user)
    with store.engine.connect() as conn:
        head = conn.execute(select(exception_refreshes).order_by(exception_refreshes.c.id.desc())
                            .limit(1)).first()
        if head is None:
            return None
        where = [rows_table.c.refresh_id == head.id]
        if user.role == "manager":
            where.append(rows_table.c.team == team)
        counts = dict(conn.execute(select(rows_table.c.measure, func.count())
                                   .where(*where).group_by(rows_table.c.measure)).all())
        rows = []
        if measure:
            rows = [json.loads(r.data) for r in conn.execute(
                select(rows_table.c.data).where(*where, rows_table.c.measure == measure)
                .order_by(rows_table.c.id))]
    return ExceptionList(head.id, head.period, head.at, head.by, counts, rows)
