"""Exception lists (RESTRICTED): the child-level rows behind the failures of the catalogue's
child-level measures (children on a plan not visited in time, assessments over 45 working days).

Pages never compute measures: the rows are computed once, when a performance officer loads
child-level records through the app (views/loads.py), from the same records, and kept in
``exception_rows`` with the team each row belongs to. Every view and export is audited by the
views; a team manager only ever receives their own team's rows (filtered in the query)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from kpiboard.catalogue import Catalogue
from kpiboard.errors import KpiboardError
from kpiboard.measures.figures import sourced
from kpiboard.measures.spec import library
from kpiboard.periods import Month
from kpiboard.store import Store
from kpiboard.store.web_tables import exception_refreshes, exception_rows as rows_table
from kpiboard.web.accounts import User, now

ROLES = ("admin", "officer", "manager")  # who may see any exception list
# As kpiboard.measures.engine.RESTRICTED: the engine (Ibis, DuckDB) is imported only when lists
# are refreshed, so server processes do not load it to show pages.
RESTRICTED = "RESTRICTED: child-level data. Handle under your information-sharing rules; never publish."
__all__ = ["RESTRICTED", "ROLES", "eligible", "refresh", "latest", "visible_team"]


def has_exceptions(measure_id: str) -> bool:
    """The engine's own rule (exception_rows refuses the rest): a percentage or a count where
    lower is better, not information only, not an average or a ratio of two measures."""
    spec = library().get(measure_id)
    return spec.ratio_of is None and spec.polarity != "neutral" and spec.mean_days is None


def eligible(catalogue: Catalogue) -> list[str]:
    """The library measures the catalogue's indicators are computed from that have exceptions."""
    return sorted({i.source.measure for i in sourced(catalogue) if has_exceptions(i.source.measure)})


def refresh(store: Store, catalogue: Catalogue, records, actor: str) -> tuple[int, dict[str, int]]:
    """Compute every eligible measure's exception rows for the records' latest month (``records``:
    a kpiboard.records Dataset) and keep them as a new refresh (earlier refreshes stay, unread).
    Returns the refresh id and rows per measure."""
    from kpiboard.measures.engine import Engine, exception_rows
    from kpiboard.records.read import extract_span

    span = extract_span(records)
    if span is None:
        raise KpiboardError("the child-level files hold no records")
    period = Month.of(span[1])
    measures = eligible(catalogue)
    engine = Engine("duckdb")
    found: dict[str, list[dict]] = {}
    try:
        engine.load(records)
        for m in measures:
            found[m] = exception_rows(engine, m, period).to_pylist()
    finally:
        engine.close()
    with store.engine.begin() as conn:
        refresh_id = conn.execute(insert(exception_refreshes).values(
            at=now(), by=actor, period=str(period),
            sources=", ".join(sorted(records.sources))[:2000])).inserted_primary_key[0]
        values = [dict(refresh_id=refresh_id, measure=m, team=_text(r.get("team")),
                       worker=_text(r.get("worker")), child_id=_text(r.get("child_id")),
                       data=json.dumps(r, default=str, sort_keys=True))
                  for m, rows in found.items() for r in rows]
        if values:
            conn.execute(insert(rows_table), values)
    return refresh_id, {m: len(rows) for m, rows in found.items()}


def _text(value) -> str | None:
    return None if value is None else str(value)


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
