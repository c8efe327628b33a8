"""Catalogue indicators with a ``source`` measure, computed from child-level records into the
same Figures that hand-entered values become: the rest of the flow cannot tell them apart,
except that each carries its numerator and denominator."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kpiboard.catalogue.model import Catalogue
from kpiboard.figures import Figure
from kpiboard.measures.engine import Engine
from kpiboard.periods import Month


def ind_unit(inds: list) -> str:
    return inds[0].unit


def sourced(catalogue: Catalogue) -> list:
    return [i for i in catalogue.indicators if i.source is not None]


def months_covered(first: dt.date, last: dt.date) -> list[Month]:
    start, end = Month.of(first), Month.of(last)
    months, m = [], start
    while m <= end:
        months.append(m)
        m = m + 1
    return months


def figures_from_records(catalogue: Catalogue, engine: Engine, months: list[Month],
                         la: str | None = None) -> list[Figure]:
    """One Figure per sourced indicator and month, for one LA (the only one, or ``la``)."""
    indicators = sourced(catalogue)
    if not indicators or not months:
        return []
    la = la or (engine.las[0] if engine.las else None)
    # Indicators sharing a measure, window and parameters share one computation.
    groups: dict[tuple, list] = defaultdict(list)
    for ind in indicators:
        src = ind.source
        groups[(src.measure, src.window, tuple(sorted(src.params.items())))].append(ind)
    out: list[Figure] = []
    for (measure, kind, params), inds in groups.items():
        results = engine.compute_many([measure], months, [kind], params={measure: dict(params)})
        for r in results:
            if r.la != la:
                continue
            note = None
            if r.value is None:
                note = ("No cases this month (the denominator is zero)" if r.numerator is not None
                        else "No extract at or before the month end to compute this from")
            num, den = (None, None) if ind_unit(inds) == "count" else (r.numerator, r.denominator)
            for ind in inds:
                out.append(Figure(ind.ref, r.period, r.value, num, den, note))
    return out
