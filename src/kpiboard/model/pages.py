"""Performance on a page (spec section 4): per service, the year to date beside the last three
months, and one measure broken down by team, age, gender, ethnicity or legal status; plus what
its charts draw (headline measures month by month, shares of timeliness bands, breakdown bars).

Figures may be withheld (``SUPPRESSED``) in publication mode: chart data leaves them out, and
never computes with them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kpiboard.measures.pages import PageFigure, page_specs
from kpiboard.measures.spec import MeasureSpec, library
from kpiboard.periods import Month
from kpiboard.publish import is_suppressed

DIMENSIONS = {"team": "Team", "age_band": "Age", "gender": "Gender", "ethnicity": "Ethnicity",
              "legal_status": "Legal status", "placement_type": "Placement type",
              "worker": "Worker", "disability": "Disability"}
AGE_ORDER = ["Under 1", "1-4", "5-9", "10-15", "16+", "Unknown", "Not recorded"]


@dataclass(frozen=True)
class Cell:
    value: float | None
    numerator: float | None
    denominator: float | None


def plottable(value) -> bool:
    """A figure a chart may draw: not missing and not withheld."""
    return value is not None and not is_suppressed(value)


@dataclass(frozen=True)
class ChartPoint:
    label: str            # a month, the year to date, or a group of a breakdown
    value: float | None   # None: nothing to draw (no figure, or a withheld one)
    withheld: bool = False


def _point(label: str, cell: "Cell | None") -> ChartPoint:
    value = None if cell is None else cell.value
    return ChartPoint(label, value if plottable(value) else None, is_suppressed(value))


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

    @property
    def bars(self) -> tuple[ChartPoint, ...]:
        """Each group's year to date, in the table's order (withheld groups drawn empty)."""
        return tuple(_point(r.group, r.ytd) for r in self.rows)


@dataclass(frozen=True)
class Trend:
    """A headline measure over the last three months, for a small chart."""

    spec: MeasureSpec
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class BandShare:
    period: str      # the year to date or a month
    band: str
    count: float
    share: float     # percent of the period's total over all bands


@dataclass(frozen=True)
class Bands:
    """Counts that split a whole (assessments by working days taken), per period shown."""

    title: str
    labels: tuple[str, ...]
    periods: tuple[str, ...]                   # the year to date, then the months
    counts: tuple[tuple[Cell | None, ...], ...]  # per band, per period

    @property
    def shares(self) -> tuple[BandShare, ...]:
        """Each band's share of its period. A period with a withheld or missing band has no
        shares: its total, and so every share, would be wrong."""
        out = []
        for i, period in enumerate(self.periods):
            values = [None if c[i] is None else c[i].value for c in self.counts]
            if not all(plottable(v) for v in values) or not sum(values):
                continue
            out += [BandShare(period, band, v, v / sum(values) * 100)
                    for band, v in zip(self.labels, values)]
        return tuple(out)

    @property
    def withheld(self) -> tuple[str, ...]:
        """Periods left out of the chart because a band's count is withheld."""
        return tuple(p for i, p in enumerate(self.periods)
                     if any(c[i] is not None and is_suppressed(c[i].value) for c in self.counts))


@dataclass(frozen=True)
class Page:
    title: str
    rows: tuple[MeasureRow, ...]
    breakdowns: tuple[Breakdown, ...]
    trends: tuple[Trend, ...] = ()
    bands: Bands | None = None

    @property
    def withheld(self) -> bool:
        """Whether a chart on the page leaves out a withheld figure (the page then says so)."""
        points = [p for t in self.trends for p in t.points]
        points += [p for b in self.breakdowns for p in b.bars]
        return any(p.withheld for p in points) or bool(self.bands and self.bands.withheld)


@dataclass(frozen=True)
class PagesReport:
    la_name: str | None
    period: Month
    created: dt.date
    months: tuple[Month, ...]
    pages: tuple[Page, ...]
    publication: object | None = None  # publication mode: what was withheld (kpiboard.publish)

    @property
    def empty(self) -> bool:
        return not any(p.rows for p in self.pages)


def _cell(f: PageFigure | None) -> Cell | None:
    return None if f is None else Cell(f.value, f.numerator, f.denominator)


def _order(dimension: str, groups: list[str]) -> list[str]:
    if dimension == "age_band":
        return sorted(groups, key=lambda g: AGE_ORDER.index(g) if g in AGE_ORDER else 99)
    return sorted(groups, key=lambda g: (g == "Not recorded", g))


def _trends(spec: dict, rows: tuple[MeasureRow, ...], months: tuple[Month, ...]
            ) -> tuple[Trend, ...]:
    wanted = spec.get("headline") or spec["measures"][:4]
    by_id = {r.spec.id: r for r in rows}
    assert set(wanted) <= set(by_id), f"pages.yaml: headline not among the page's measures: {wanted}"
    return tuple(Trend(by_id[m].spec, tuple(_point(p.label, c)
                                            for p, c in zip(months, by_id[m].months)))
                 for m in wanted)


def _bands(spec: dict, rows: tuple[MeasureRow, ...], period: Month) -> Bands | None:
    b = spec.get("bands")
    if not b:
        return None
    by_id = {r.spec.id: r for r in rows}
    assert set(b["measures"]) <= set(by_id) and len(b["labels"]) == len(b["measures"]), \
        f"pages.yaml: bands must be the page's measures, one label each: {b}"
    periods = (f"{period.financial_year} YTD", *(m.label for m in period.months_back(3)))
    return Bands(b["title"], tuple(b["labels"]), periods,
                 tuple((by_id[m].ytd, *by_id[m].months) for m in b["measures"]))


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
        pages.append(Page(spec["title"], rows, tuple(breakdowns), _trends(spec, rows, months),
                          _bands(spec, rows, period)))
    return PagesReport(la_name, period, created, months, tuple(pages))
