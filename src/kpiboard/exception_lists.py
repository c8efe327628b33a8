"""Exception lists (RESTRICTED): the child-level rows behind the failures of the catalogue's
child-level measures (children on a plan not visited in time, assessments over 45 working days),
computed whenever child-level records are loaded, by `kpiboard load` or the web app's Data loads,
so the lists are never older than the figures.

Pages never compute measures: the rows are computed here once per load, from the same records,
and kept in ``exception_rows`` with the team each row belongs to. Each measure shows one list
(``exception_current``): the latest month's; replaced lists are deleted. Reading them (and who may) is
kpiboard.web.exceptions. This module sits outside web/ so the CLI need not import the web app."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select

from kpiboard.catalogue import Catalogue
from kpiboard.errors import KpiboardError
from kpiboard.measures.figures import sourced
from kpiboard.measures.spec import library
from kpiboard.periods import Month
from kpiboard.store import Store
from kpiboard.store.web_tables import (exception_current, exception_refreshes, exception_rows as rows_table,
                                      now, record_audit)

__all__ = ["Refresh", "has_exceptions", "eligible", "refresh", "describe"]


def has_exceptions(measure_id: str) -> bool:
    return library().get(measure_id).has_exceptions


def eligible(catalogue: Catalogue) -> list[str]:
    """The library measures the catalogue's indicators are computed from that have exceptions."""
    return sorted({i.source.measure for i in sourced(catalogue) if has_exceptions(i.source.measure)})


@dataclass(frozen=True)
class Refresh:
    """What a refresh did: its id (None when it replaced no list), rows per measure it replaced,
    the measures whose list was kept because it is for a later month than these records, and
    those the records cannot give (none of the tables they are computed from)."""

    id: int | None
    period: Month
    counts: dict[str, int]
    kept: dict[str, str] = field(default_factory=dict)
    not_in_records: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """One line for the person who loaded the records (the CLI and the app's load page)."""
        kept = [f"{m} (its list is for {p}, later than these records)" for m, p in self.kept.items()]
        kept += [f"{m} (not in these records)" for m in self.not_in_records]
        if not self.counts and not kept:
            return "exception lists: the catalogue has no child-level measure with exceptions"
        line = ("exception lists refreshed: " + ", ".join(f"{m} {n} rows" for m, n in self.counts.items())
                if self.counts else "exception lists not refreshed")
        return line + ("; kept: " + ", ".join(kept) if kept else "")


def _covered(measure_id: str, loaded: set[str]) -> bool:
    spec = library().get(measure_id)
    return bool({t for t in (spec.table, *spec.uses) if t} & loaded)


def refresh(store: Store, catalogue: Catalogue, records, actor: str, ip: str | None = None) -> Refresh:
    """Replace the exception list of every eligible measure the records hold (``records``: a
    kpiboard.records Dataset), computed for their latest month, and delete the rows it replaces
    (child-level data is kept no longer than it is shown). A measure whose tables are not in the
    records keeps its list, and so does one whose list is for a later month (a back-dated load
    must not replace this month's list with last year's). Audited as ``exceptions_refresh`` in the
    same transaction."""
    from kpiboard.measures.engine import Engine, exception_rows
    from kpiboard.records.read import extract_span

    span = extract_span(records)
    if span is None:
        raise KpiboardError("the child-level files hold no records")
    period = Month.of(span[1])
    engine = Engine("duckdb")
    try:
        engine.load(records)
        measures = eligible(catalogue)
        held = [m for m in measures if _covered(m, engine.tables_loaded)]
        shown = _shown(store)
        kept = {m: shown[m] for m in held if m in shown and Month.parse(shown[m]) > period}
        found = {m: exception_rows(engine, m, period).to_pylist() for m in held if m not in kept}
    finally:
        engine.close()
    missing = tuple(m for m in measures if m not in held)
    if not found:
        return Refresh(None, period, {}, kept, missing)
    counts = {m: len(rows) for m, rows in found.items()}
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two loads at once: one replaces the lists at a time
            conn.exec_driver_sql("LOCK TABLE exception_current IN EXCLUSIVE MODE")
        refresh_id = conn.execute(insert(exception_refreshes).values(
            at=now(), by=actor[:64], period=str(period),
            sources=", ".join(sorted(records.sources))[:2000])).inserted_primary_key[0]
        values = [dict(refresh_id=refresh_id, measure=m, team=_text(r.get("team")),
                       worker=_text(r.get("worker")), child_id=_text(r.get("child_id")),
                       data=json.dumps(r, default=str, sort_keys=True))
                  for m, rows in found.items() for r in rows]
        if values:
            conn.execute(insert(rows_table), values)
        replaced = list(found)
        conn.execute(delete(rows_table).where(rows_table.c.measure.in_(replaced),
                                              rows_table.c.refresh_id != refresh_id))
        conn.execute(delete(exception_current).where(exception_current.c.measure.in_(replaced)))
        conn.execute(insert(exception_current), [dict(measure=m, refresh_id=refresh_id, period=str(period))
                                                 for m in replaced])
        record_audit(store, actor, "exceptions_refresh", describe(refresh_id, counts), ip, conn=conn)
    return Refresh(refresh_id, period, counts, kept, missing)


def _shown(store: Store) -> dict[str, str]:
    """measure -> the month of the list shown now."""
    with store.engine.connect() as conn:
        return dict(conn.execute(select(exception_current.c.measure, exception_current.c.period)).all())


def describe(refresh_id: int, counts: dict[str, int]) -> str:
    """One line for the audit log: the refresh and its rows per measure."""
    return f"refresh {refresh_id}: " + ", ".join(f"{m} {n}" for m, n in counts.items())


def _text(value) -> str | None:
    return None if value is None else str(value)
