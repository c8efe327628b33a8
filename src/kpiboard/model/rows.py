"""Flat rows of judgements, the output of ``kpiboard compute``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kpiboard.catalogue.model import Catalogue
from kpiboard.figures import Figure
from kpiboard.model.assess import Assessment, Series, assess
from kpiboard.periods import Month


def _num(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def series_by_ref(figures: Iterable[Figure]) -> dict[str, Series]:
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        grouped[f.ref].append(f)
    return {ref: Series.of(figs) for ref, figs in grouped.items()}


def assess_all(catalogue: Catalogue, figures: Iterable[Figure], period: Month) -> list[Assessment]:
    series = series_by_ref(figures)
    empty = Series({}, {})
    return [assess(ind, series.get(ind.ref, empty), period) for ind in catalogue.indicators]


def row(a: Assessment) -> dict:
    f = a.figure
    return {
        "ref": a.ref, "period": str(a.period), "value": _num(a.value), "ytd": _num(a.ytd.value),
        "target": _num(a.target), "rag": a.rag or "", "dot": a.dot.dot if a.dot else "",
        "dot_colour": a.dot.colour if a.dot else "", "status": a.status or "",
        "numerator": _num(f.numerator) if f else None, "denominator": _num(f.denominator) if f else None,
        "previous": _num(a.previous.value) if a.previous else None,
        "rolling_12m": _num(a.rolling.value), "rag_basis": a.indicator.rag.basis if a.indicator.rag else "",
        "on_target": "" if a.on_target is None else str(a.on_target).lower(),
        "rag_given": a.rag_given or "", "rag_conflict": "true" if a.rag_conflict else "",
        "note": (f.note or "") if f else "",
    }


def compute_rows(catalogue: Catalogue, figures: Iterable[Figure], period: Month) -> list[dict]:
    return [row(a) for a in assess_all(catalogue, figures, period)]
