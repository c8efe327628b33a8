"""The monthly performance report model: cover, summary, section pages (spec section 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpiboard.catalogue.model import Catalogue, Indicator
from kpiboard.figures import Figure
from kpiboard.ingest.benchmarks import Benchmark
from kpiboard.ingest.commentary import Comment
from kpiboard.judge import Aggregate, rag, target_for
from kpiboard.judge.methodology import describe_rag, rag_methodology
from kpiboard.model.assess import Assessment
from kpiboard.periods import FinancialYear, Month

if TYPE_CHECKING:  # the store's record; the model only reads its fields
    from kpiboard.store.db import NeighbourValues

RAG_ORDER = ("red", "amber", "green")


@dataclass(frozen=True)
class MonthCell:
    month: Month
    figure: Figure | None
    target: float | None
    rag: str | None
    revised: bool
    source: str | None  # the load the figure came from, for tracing


@dataclass(frozen=True)
class Annual:
    label: str            # "2024-25", or "2026-27 YTD"
    figure: Aggregate
    to_date: bool = False


@dataclass(frozen=True)
class IndicatorPage:
    assessment: Assessment
    good_is: str           # High | Low | Info | Within limits
    bands: dict[str, str]  # words per RAG, generated from the bands
    methodology: str
    last_three: tuple[MonthCell, ...]
    months: tuple[MonthCell, ...]  # the last 13 months, oldest first
    annual: tuple[Annual, ...]
    benchmark: Benchmark | None
    commentary: tuple[Comment, ...]
    revised: tuple[Month, ...]
    pending: tuple[str, ...] = ()  # statuses of this month's commentary not yet approved

    @property
    def indicator(self) -> Indicator:
        return self.assessment.indicator

    @property
    def missing_commentary(self) -> bool:
        return self.assessment.commentary_required and not self.commentary

    @property
    def awaiting_approval(self) -> bool:
        """Commentary submitted for this month and not yet approved (or returned)."""
        return "submitted" in self.pending

    @property
    def commentary_owed(self) -> str | None:
        """Where the commentary this month requires stands, in the words every output uses
        (None when none is owed)."""
        if not self.missing_commentary:
            return None
        if self.awaiting_approval:
            return "submitted, awaiting approval"
        return "being drafted, not yet submitted" if self.pending else "not yet supplied"


@dataclass(frozen=True)
class NeighbourBar:
    name: str               # the LA's name as published (its code if the table has no name)
    value: float | None
    missing: str | None     # why there is no value: a suppression code, "no row"
    is_la: bool             # the report's own LA (else one of its neighbours)


@dataclass(frozen=True)
class NeighbourPanel:
    """One indicator's "LA against its statistical neighbours" chart: DfE's published figures,
    as published, for the LA and its 10 neighbours."""

    indicator: Indicator
    year: str                        # "2023-24" (workforce: "2024")
    sn_vintage: int                  # the statistical neighbour model: 2021 or 2025
    bars: tuple[NeighbourBar, ...]   # the LA first, then its neighbours closest first
    england: float | None            # the reference line; None for counts (England is a total)
    sn_mean: float | None
    source: str
    good_side: str                   # which side of the chart is good
    england_note: str | None = None  # why there is no England line, if there is none


@dataclass(frozen=True)
class Section:
    name: str
    pages: tuple[IndicatorPage, ...]
    # The benchmarking page at the end of the section: one panel per indicator with
    # published neighbour values (kpiboard load --dfe); empty when there are none.
    neighbours: tuple[NeighbourPanel, ...] = ()


@dataclass(frozen=True)
class Source:
    load_id: int
    kind: str
    file: str
    sha256: str
    loaded_at: str
    as_at: str | None


@dataclass(frozen=True)
class MonthlyReport:
    title: str
    service: str
    la_name: str | None
    period: Month
    status: str | None
    author: str | None
    created: dt.date
    data_caution: str | None
    sections: tuple[Section, ...]
    revision_note: str | None
    sources: tuple[Source, ...]

    @property
    def pages(self) -> list[IndicatorPage]:
        return [p for s in self.sections for p in s.pages]

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = {r: 0 for r in RAG_ORDER}
        for p in self.pages:
            if p.assessment.rag:
                counts[p.assessment.rag] += 1
        return counts

    @property
    def missing_commentary(self) -> list[IndicatorPage]:
        return [p for p in self.pages if p.missing_commentary]

    @property
    def awaiting_approval(self) -> list[IndicatorPage]:
        """Indicators owing commentary whose owner has submitted it, not yet approved."""
        return [p for p in self.pages if p.missing_commentary and p.awaiting_approval]

    @property
    def rag_conflicts(self) -> list[IndicatorPage]:
        return [p for p in self.pages if p.assessment.rag_conflict]


def good_is(ind: Indicator) -> str:
    if ind.polarity == "higher":
        return "High"
    if ind.polarity == "lower":
        return "Low"
    rag_spec = ind.rag
    if rag_spec is not None and rag_spec.green is not None:
        conds = rag_spec.green if isinstance(rag_spec.green, list) else [rag_spec.green]
        if any(c.within is not None or c.between is not None for c in conds):
            return "Within limits"
    return "Info"


def revision_note(revised: Iterable[tuple[str, Month | FinancialYear]]) -> str | None:
    months = sorted({p for _, p in revised if isinstance(p, Month)})
    if not months:
        return None
    labels = [m.long_label.split()[0] if len({x.year for x in months}) == 1 else m.long_label
              for m in months]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    refs = sorted({r for r, p in revised if isinstance(p, Month)})
    return (f"Figures for {listed} have been updated since the last report "
            f"({len(refs)} indicator{'s' if len(refs) != 1 else ''}: {', '.join(refs)}).")


def _cell(ind: Indicator, a_months, month: Month, revised: set, sources: dict) -> MonthCell:
    fig = a_months.get(month)
    target = target_for(ind, month)
    rating = rag(fig.value, ind.rag, target) if fig and ind.rag and ind.rag.basis == "month" else None
    return MonthCell(month, fig, target, rating, (ind.ref, month) in revised,
                     sources.get((ind.ref, month)))


def build_page(a: Assessment, months: dict[Month, Figure], revised: set, sources: dict,
               benchmark: Benchmark | None, comments: Sequence[Comment]) -> IndicatorPage:
    ind = a.indicator
    cells = tuple(_cell(ind, months, m, revised, sources) for m in a.period.months_back(13))
    annual = tuple(Annual(str(fy), agg) for fy, agg in a.outturns) + (
        Annual(f"{a.period.financial_year} YTD", a.ytd, to_date=True),)
    return IndicatorPage(
        assessment=a, good_is=good_is(ind), bands=describe_rag(ind.rag, ind.unit, a.target),
        methodology=rag_methodology(ind.rag, ind.unit, a.target), last_three=cells[-3:],
        months=cells, annual=annual, benchmark=benchmark,
        commentary=tuple(c for c in comments if c.ref == ind.ref and c.period == a.period
                         and c.status == "approved"),
        pending=tuple(sorted({c.status for c in comments if c.ref == ind.ref and c.period == a.period
                              and c.status != "approved"})),
        revised=tuple(sorted(m for r, m in revised if r == ind.ref and isinstance(m, Month))),
    )


def latest_benchmarks(benchmarks: Iterable[Benchmark]) -> dict[str, Benchmark]:
    """The latest published year for each indicator."""
    best: dict[str, Benchmark] = {}
    for b in benchmarks:
        if b.ref not in best or b.year > best[b.ref].year:
            best[b.ref] = b
    return best


def neighbour_good_side(ind: Indicator) -> str:
    if ind.polarity == "higher":
        return "Higher is better: a longer bar is better."
    if ind.polarity == "lower":
        return "Lower is better: a shorter bar is better."
    return "Information only: no direction is better."


def build_neighbour_panel(ind: Indicator, stored: "NeighbourValues") -> NeighbourPanel:
    chart = stored.chart
    bars = tuple(NeighbourBar(p.name or p.code, p.value, p.missing, p.is_la) for p in chart.points)
    # An England count is the national total, off any LA's scale: said, not drawn.
    total = ind.unit == "count" and chart.england is not None
    return NeighbourPanel(
        indicator=ind, year=stored.year, sn_vintage=chart.sn_vintage, bars=bars,
        england=None if total else chart.england, sn_mean=chart.sn_mean, source=stored.source,
        good_side=neighbour_good_side(ind),
        england_note=f"England total {chart.england:,.0f} (not drawn: a national total)"
        if total else None)


def latest_neighbours(neighbours: Iterable["NeighbourValues"]) -> dict[str, "NeighbourValues"]:
    """The latest published year for each indicator, as ``latest_benchmarks`` chooses."""
    best: dict[str, NeighbourValues] = {}
    for n in neighbours:
        if n.ref not in best or n.year > best[n.ref].year:
            best[n.ref] = n
    return best


def build_monthly(catalogue: Catalogue, assessments: Sequence[Assessment],
                  months_by_ref: dict[str, dict[Month, Figure]], *, revised: set, sources: dict,
                  benchmarks: Iterable[Benchmark], comments: Sequence[Comment],
                  load_sources: Sequence[Source], created: dt.date,
                  neighbours: Iterable["NeighbourValues"] = ()) -> MonthlyReport:
    period = assessments[0].period
    bench = latest_benchmarks(benchmarks)
    near = latest_neighbours(neighbours)
    pages = {a.ref: build_page(a, months_by_ref.get(a.ref, {}), revised, sources, bench.get(a.ref),
                               comments) for a in assessments}
    sections = tuple(
        Section(name, tuple(pages[i.ref] for i in catalogue.indicators if i.section == name),
                tuple(build_neighbour_panel(i, near[i.ref]) for i in catalogue.indicators
                      if i.section == name and i.ref in near and i.ref in pages))
        for name in catalogue.section_order)
    meta = catalogue.report
    return MonthlyReport(
        title=meta.title, service=meta.service, la_name=catalogue.la.name if catalogue.la else None,
        period=period, status=meta.status, author=meta.author, created=created,
        data_caution=meta.data_caution, sections=tuple(s for s in sections if s.pages),
        revision_note=revision_note(revised), sources=tuple(load_sources))
