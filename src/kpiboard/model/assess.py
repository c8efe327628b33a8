"""Everything judged about one indicator in one period: the row behind ``kpiboard compute``
and every report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kpiboard.catalogue.model import Indicator
from kpiboard.figures import Figure
from kpiboard.judge import (Aggregate, Direction, direction_of_travel, on_target, outturn, rag,
                            rag_conflict, rolling_12m, target_for, tolerance_status, year_to_date)
from kpiboard.judge.direction import is_better
from kpiboard.judge.projection import Projection, project
from kpiboard.judge.spc import SpcPoint, SpcResult, xmr
from kpiboard.periods import FinancialYear, Month
from kpiboard.publish import is_suppressed


@dataclass(frozen=True)
class Series:
    """An indicator's figures: monthly, and published annual ones."""

    months: Mapping[Month, Figure]
    years: Mapping[FinancialYear, Figure]

    @classmethod
    def of(cls, figures: Iterable[Figure]) -> "Series":
        months, years = {}, {}
        for f in figures:
            (months if isinstance(f.period, Month) else years)[f.period] = f
        return cls(months, years)


@dataclass(frozen=True)
class Change:
    since: Month
    baseline: float
    change: float
    percent: float | None
    better: bool | None  # None for information-only indicators or no movement


@dataclass(frozen=True)
class Assessment:
    indicator: Indicator
    period: Month
    figure: Figure | None
    previous: Figure | None
    ytd: Aggregate
    rolling: Aggregate
    target: float | None
    judged_value: float | None  # month or year to date, per the RAG basis
    rag: str | None
    rag_given: str | None
    dot: Direction | None
    status: str | None
    on_target: bool | None
    outturns: tuple[tuple[FinancialYear, Aggregate], ...]  # previous three years, oldest first
    baseline: Change | None
    projection: Projection | None = None  # the financial year's outturn if the year so far continues
    spc: SpcResult | None = None          # XmR over the months up to the period

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def value(self) -> float | None:
        return None if self.figure is None else self.figure.value

    @property
    def spc_points(self) -> dict[Month, SpcPoint]:
        """The SPC reading of each month (the series ends at the period)."""
        if self.spc is None:
            return {}
        months = self.period.months_back(len(self.spc.points))
        return dict(zip(months, self.spc.points))

    @property
    def unavailable_note(self) -> str | None:
        return self.figure.note if self.figure is not None and self.figure.value is None else None

    @property
    def rag_conflict(self) -> bool:
        return rag_conflict(self.rag_given, self.rag)

    @property
    def commentary_required(self) -> bool:
        rule = self.indicator.commentary_required
        if rule != "off_target":
            return rule == "always"
        return self.rag in ("amber", "red") or self.on_target is False


def shown(value: float | None, ind: Indicator) -> float | None:
    """The value at the indicator's display precision; none for a withheld figure, so nothing
    is judged on it (a RAG or status on a withheld count can give the count away)."""
    return None if value is None or is_suppressed(value) else round(value, ind.decimal_places)


def change_since(ind: Indicator, series: Series, period: Month, value: float | None) -> Change | None:
    if ind.baseline is None or value is None:
        return None
    since = Month.parse(ind.baseline)
    base = series.months.get(since)
    if base is None or base.value is None or since > period:
        return None
    diff = value - base.value
    pct = diff / base.value * 100 if base.value else None
    moved = shown(value, ind) != shown(base.value, ind)  # as the direction of travel compares
    better = is_better(value, base.value, ind.polarity) if moved and ind.polarity != "neutral" else None
    return Change(since, base.value, diff, pct, better)


def assess(ind: Indicator, series: Series, period: Month) -> Assessment:
    figure = series.months.get(period)
    previous = series.months.get(period - 1)
    value = figure.value if figure else None
    ytd = year_to_date(series.months, period, ind.aggregation, ind.scale)
    rolling = rolling_12m(series.months, period, ind.aggregation, ind.scale)
    target = target_for(ind, period)
    basis = ind.rag.basis if ind.rag else "month"
    # Judge the figure as printed: 94.96 shows as 95.0% and must not be amber against "95%+".
    judged = shown(ytd.value if basis == "ytd" else value, ind)
    rating = rag(judged, ind.rag, target)
    compared = shown(ytd.value if ind.target_basis == "ytd" else value, ind)
    this_year = period.financial_year
    outturns = tuple((fy, outturn(series.months, fy, ind.aggregation, ind.scale, series.years))
                     for fy in (this_year - 3, this_year - 2, this_year - 1))
    return Assessment(
        indicator=ind, period=period, figure=figure, previous=previous, ytd=ytd, rolling=rolling,
        target=target, judged_value=judged, rag=rating,
        rag_given=figure.rag_given if figure else None,
        dot=direction_of_travel(value, previous.value if previous else None, ind.polarity, rating,
                                ind.decimal_places),
        status=tolerance_status(compared, target, ind.tolerance, ind.polarity),
        on_target=on_target(compared, target, ind.polarity),
        outturns=outturns, baseline=change_since(ind, series, period, value),
        projection=project(ind, ytd, value, period), spc=process_control(ind, series, period),
    )


SPC_MONTHS = 36  # three years: enough for stable limits, recent enough to describe the process now


def process_control(ind: Indicator, series: Series, period: Month) -> SpcResult | None:
    """XmR over up to three years of months to the period, gaps kept as missing. The target is
    given for assurance only when it is a monthly level: a cumulative year-to-date target is not
    comparable with single months."""
    first = min((m for m in series.months if m <= period), default=None)
    if first is None:
        return None
    months = [m for m in period.months_back(SPC_MONTHS) if m >= first]
    values = [f.value if (f := series.months.get(m)) is not None else None for m in months]
    if sum(v is not None for v in values) < 2:
        return None
    target = target_for(ind, period) if ind.target_basis != "ytd" else None
    return xmr(values, polarity=ind.polarity, target=target)
