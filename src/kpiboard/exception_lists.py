"""Exception lists (RESTRICTED): the child-level rows behind the failures of the catalogue's
child-level measures (children on a plan not visited in time, assessments over 45 working days),
computed whenever child-level records are loaded, by `kpiboard load` or the web app's Data loads,
so the lists are never older than the figures.

Pages never compute measures: the rows are computed here once per load, from the same records,
and kept in ``exception_rows`` with the team each row belongs to. Reading them (and who may) is
kpiboard.web.exceptions. This module sits outside web/ so the CLI need not import the web app."""

from __future__ import annotations

import json

from sqlalchemy import insert

from kpiboard.catalogue import Catalogue
from kpiboard.errors import KpiboardError
from kpiboard.measures.figures import sourced
from kpiboard.measures.spec import library
from kpiboard.periods import Month
from kpiboard.store import Store
from kpiboard.store.web_tables import exception_refreshes, exception_rows as rows_table, now, record_audit

__all__ = ["has_exceptions", "eligible", "refresh", "outcome", "describe"]


def has_exceptions(measure_id: str) -> bool:
    """The engine's own rule (exception_rows refuses the rest): a percentage or a count where
    lower is better, not information only, not an average or a ratio of two measures."""
    spec = library().get(measure_id)
    return spec.ratio_of is None and spec.polarity != "neutral" and spec.mean_days is None


def eligible(catalogue: Catalogue) -> list[str]:
    """The library measures the catalogue's indicators are computed from that have exceptions."""
    return sorted({i.source.measure for i in sourced(catalogue) if has_exceptions(i.source.measure)})


def refresh(store: Store, catalogue: Catalogue, records, actor: str,
            ip: str | None = None) -> tuple[int, dict[str, int]]:
    """Compute every eligible measure's exception rows for the records' latest month (``records``:
    a kpiboard.records Dataset) and keep them as a new refresh (earlier refreshes stay, unread),
    audited as ``exceptions_refresh`` in the same transaction. Returns the refresh id and rows
    per measure."""
    from kpiboard.measures.engine import Engine, exception_rows
    from kpiboard.records.read import extract_span

    span = extract_span(records)
    if span is None:
        raise KpiboardError("the child-level files hold no records")
    period = Month.of(span[1])
    engine = Engine("duckdb")
    found: dict[str, list[dict]] = {}
    try:
        engine.load(records)
        for m in eligible(catalogue):
            found[m] = exception_rows(engine, m, period).to_pylist()
    finally:
        engine.close()
    counts = {m: len(rows) for m, rows in found.items()}
    with store.engine.begin() as conn:
        refresh_id = conn.execute(insert(exception_refreshes).values(
            at=now(), by=actor[:64], period=str(period),
            sources=", ".join(sorted(records.sources))[:2000])).inserted_primary_key[0]
        values = [dict(refresh_id=refresh_id, measure=m, team=_text(r.get("team")),
                       worker=_text(r.get("worker")), child_id=_text(r.get("child_id")),
                       data=json.dumps(r, default=str, sort_keys=True))
                  for m, rows in found.items() for r in rows]
        if values:
            conn.execute(insert(rows_table), values)
        record_audit(store, actor, "exceptions_refresh", describe(refresh_id, counts), ip, conn=conn)
    return refresh_id, counts


def outcome(counts: dict[str, int]) -> str:
    """One line for the person who loaded the records, as the CLI and the app's load page show it."""
    return "exception lists refreshed: " + (", ".join(f"{m} {n} rows" for m, n in counts.items())
                                            or "the catalogue has no child-level measure with exceptions")


def describe(refresh_id: int, counts: dict[str, int]) -> str:
    """One line for the audit log: the refresh and its rows per measure."""
    return f"refresh {refresh_id}: " + ", ".join(f"{m} {n}" for m, n in counts.items())


def _text(value) -> str | None:
    return None if value is None else str(value)
