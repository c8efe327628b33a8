"""Exception lists (RESTRICTED) as the app shows them: the child-level rows behind the failures of
the catalogue's child-level measures (children on a plan not visited in time, assessments over 45
working days).

Pages never compute measures: the rows are computed once per load of child-level records, by the
app (views/loads.py) or `kpiboard load`, in kpiboard.exception_lists (``eligible`` is
re-exported here), and kept in ``exception_rows`` with the team each row belongs to. Every
view and export is audited by the views; a team manager only ever receives their own team's rows
(filtered in the query)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from kpiboard.exception_lists import eligible
from kpiboard.store import Store
from kpiboard.store.web_tables import exception_current, exception_refreshes, exception_rows as rows_table
from kpiboard.web.accounts import User

ROLES = ("admin", "officer", "manager")  # who may see any exception list
# As kpiboard.measures.engine.RESTRICTED: the engine (Ibis, DuckDB) is imported only when lists
# are refreshed, so server processes do not load it to show pages.
RESTRICTED = "RESTRICTED: child-level data. Handle under your information-sharing rules; never publish."
__all__ = ["RESTRICTED", "ROLES", "eligible", "latest", "visible_team"]


def visible_team(user: User) -> str | None:
    """The team whose rows this user may see (None: every team). Refuses anyone else."""
    if user.role not in ROLES:
        raise PermissionError(user.role)
    return user.team if user.role == "manager" else None


@dataclass(frozen=True)
class MeasureList:
    """One measure's list as a user may see it: from which refresh, for which month, how many rows."""

    measure: str
    refresh_id: int
    period: str
    at: str
    by: str
    count: int


@dataclass(frozen=True)
class ExceptionList:
    lists: dict[str, MeasureList]  # measure -> its current list, as visible to the user
    rows: list[dict]               # the chosen measure's rows, each the engine's columns

    @property
    def counts(self) -> dict[str, int]:
        return {m: found.count for m, found in self.lists.items()}


def latest(store: Store, user: User, measure: str | None = None) -> ExceptionList | None:
    """Each measure's current list, as ``user`` may see it: counts and, for ``measure``, its rows.
    A team manager's rows are filtered to their team in the query itself. None before any."""
    team = visible_team(user)
    cur, ref = exception_current, exception_refreshes
    with store.engine.connect() as conn:
        heads = conn.execute(select(cur.c.measure, cur.c.refresh_id, cur.c.period, ref.c.at, ref.c.by)
                             .join(ref, ref.c.id == cur.c.refresh_id)).all()
        if not heads:
            return None
        mine = [rows_table.c.team == team] if user.role == "manager" else []
        current = and_(rows_table.c.measure == cur.c.measure, rows_table.c.refresh_id == cur.c.refresh_id)
        counts = dict(conn.execute(select(rows_table.c.measure, func.count()).join(cur, current)
                                   .where(*mine).group_by(rows_table.c.measure)).all())
        rows = []
        if measure:
            rows = [json.loads(r.data) for r in conn.execute(
                select(rows_table.c.data).join(cur, current)
                .where(*mine, rows_table.c.measure == measure).order_by(rows_table.c.id))]
    lists = {h.measure: MeasureList(h.measure, h.refresh_id, h.period, h.at, h.by, counts.get(h.measure, 0))
             for h in sorted(heads, key=lambda h: h.measure)}
    return ExceptionList(lists, rows)
