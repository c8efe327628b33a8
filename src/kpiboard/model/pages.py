"""Performance on a page (spec section 4): per service, the year to date beside the last three
months, and one measure broken down by team, age, gender, ethnicity or legal status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kpiboard.measures.pages import PageFigure, page_specs
from kpiboard.measures.spec import MeasureSpec, library
from kpiboard.periods import Month

DIMENSIONS = {"team": "Team", "age_band": "Age", "gender": "Gender", "ethnicity": "Ethnicity",
              "legal_status": "Legal status", "placement_type": "Placement type",
              "worker": "Worker", "disability": "Disability"}
AGE_ORDER = ["Under 1", "1-4", "5-9", "10-15", "16+", "Unknown", "Not recorded"]


@dataclass(frozen=True)
class Cell:
    value: float | None
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class MeasureRow:
    spec: MeasureSpec
    ytd: Cell | None
    months: tuple[Cell | None, ...]  # oldest first, the last three months


@dataclass(frozen=True)
class BreakdownRow:
    group: str
    ytd: Cell | None
    month: Cell | None


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    spec: MeasureSpec
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class Page:
    title: str
    rows: tuple[MeasureRow, ...]
    breakdowns: tuple[Breakdown, ...]


@dataclass(frozen=True)
class PagesReport:
    la_name: str | None
    period: Month
    created: dt.date
    months: tuple[Month, ...]
    pages: tuple[Page, ...]

    @property
    def empty(self) -> bool:
        return not any(p.rows for p in self.pages)


def _cell(f: PageFigure | None) -> Cell | None:
    return None if f is None else Cell(f.value, f.numerator, f.denominator)


def _order(dimension: str, groups: list[str]) -> list[str]:
    if dimension == "age_band":
        return sorted(groups, key=lambda g: AGE_ORDER.index(g) if g in AGE_ORDER else 99)
    return sorted(groups, key=lambda g: (g == "Not recorded", g))


def build_pages(figures: Sequence[PageFigure], period: Month, la_name: str | None,
                created: dt.date) -> PagesReport:
    lib = library()
    index = {(f.measure, f.period, f.window, f.dimension, f.group): f for f in figures}
    months = tuple(period.months_back(3))
    pages = []
    for spec in page_specs():
        rows = tuple(MeasureRow(lib.get(m), _cell(index.get((m, period, "ytd", "", ""))),
                                tuple(_cell(index.get((m, p, "month", "", ""))) for p in months))
                     for m in spec["measures"])
        breakdowns = []
        b = spec.get("breakdown")
        for dim in (b or {}).get("by", []):
            groups: dict[str, dict[str, PageFigure]] = defaultdict(dict)
            for f in figures:
                if f.measure == b["measure"] and f.dimension == dim and f.period == period:
                    groups[f.group][f.window] = f
            if groups:
                breakdowns.append(Breakdown(dim, lib.get(b["measure"]), tuple(
                    BreakdownRow(g, _cell(groups[g].get("ytd")), _cell(groups[g].get("month")))
                    for g in _order(dim, list(groups)))))
        pages.append(Page(spec["title"], rows, tuple(breakdowns)))
    return PagesReport(la_name, period, created, months, tuple(pages))
