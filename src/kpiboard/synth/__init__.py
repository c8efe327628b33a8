"""Synthetic child-level data: simulated children's journeys, as canonical records or as files.

``simulate()`` returns the canonical records (``records.schema.Dataset``) as at ``end``;
``write_synthetic()`` writes what a council would hand over: a monthly Annex A workbook for each
month end, SSDA903 returns for each complete collection year, and the 0-17 population. Everything
is seeded: the same arguments give the same data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kpiboard.records.schema import Dataset

from .dataset import dataset
from .engine import build
from .staffing import staff
from .world import World

END = dt.date(2026, 10, 31)


def world(*, children: int = 5000, months: int = 24, seed: int = 1, las: int = 1, end: dt.date = END) -> World:
    """The simulated world itself (for writers and tests)."""
    if children < 1 or months < 1 or las < 1:
        raise ValueError("children, months and las must be at least 1")
    w = build(children, months, seed, las, end)
    staff(w, months)
    return w


def simulate(*, children: int = 5000, months: int = 24, seed: int = 1, las: int = 1, end: dt.date = END) -> Dataset:
    """Canonical records as at ``end``: event rows up to ``end``, snapshot fields as at ``end``,
    full histories for CLA episodes, periods of care, reviews and missing episodes. ``children``
    is the number of distinct children per LA on average (LA sizes vary, lognormally, when
    ``las > 1``)."""
    return dataset(world(children=children, months=months, seed=seed, las=las, end=end))


def write_synthetic(out: Path, *, children: int = 5000, months: int = 24, seed: int = 1, las: int = 1,
                    end: dt.date = END) -> list[Path]:
    """Write Annex A workbooks (one per month end), SSDA903 returns and population.csv under ``out``."""
    from .write import write_world

    w = world(children=children, months=months, seed=seed, las=las, end=end)
    return write_world(w, Path(out), dict(children=children, months=months, seed=seed, las=las))


def sizes(data: Dataset) -> dict[str, int]:
    """Row counts per canonical table, plus the total (for benchmarks)."""
    counts = {name: t.num_rows for name, t in sorted(data.tables.items())}
    counts["population"] = data.population.num_rows
    counts["total"] = sum(v for k, v in counts.items() if k != "population")
    return counts


__all__ = ["simulate", "write_synthetic", "sizes", "world"]
