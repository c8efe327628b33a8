"""Year to date, rolling 12 months and financial-year outturn, per the indicator's aggregation.

- sum: counts add up;
- ratio: summed numerators over summed denominators, never an average of monthly percentages;
- mean: mean of the monthly values (e.g. average caseload);
- latest: the value at the window's end (snapshots such as "number on a plan at month end");
  none when the window's last month has no figure.
Months with no value (unavailable) are left out and counted in ``missing``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kpiboard.figures import Figure
from kpiboard.periods import FinancialYear, Month
from kpiboard.publish import SUPPRESSED, is_suppressed


@dataclass(frozen=True, slots=True)
class Aggregate:
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    months: int = 0          # months with a value that went into it
    missing: int = 0         # months in the window without a value
    published: bool = False  # an annual figure given in the data rather than computed
    reason: str | None = None  # why value is None

    @property
    def complete(self) -> bool:
        return self.missing == 0


def withheld(figure: Figure | None) -> bool:
    """A figure with any part withheld by publication mode (kpiboard.publish)."""
    return figure is not None and any(is_suppressed(x) for x in
                                      (figure.value, figure.numerator, figure.denominator))


def aggregate(figures: Sequence[Figure | None], how: str, scale: float) -> Aggregate:
    present = [f for f in figures if f is not None and f.value is not None]
    missing = len(figures) - len(present)
    # A total over a withheld month is withheld too: shown, it would give the month away
    # (a year to date minus the months shown). Publication mode decides the report's own
    # totals; this covers totals a report kind forms afresh (a scorecard's month ends).
    parts = figures[-1:] if how == "latest" else figures
    if any(withheld(f) for f in parts):
        return Aggregate(SUPPRESSED, SUPPRESSED, SUPPRESSED, len(present), missing,
                         reason="withheld to protect confidentiality")
    if not present:
        return Aggregate(None, missing=missing, reason="no figures in the window")
    nums = [f.numerator for f in present]
    dens = [f.denominator for f in present]
    have_parts = all(n is not None for n in nums) and all(d is not None for d in dens)
    num = sum(nums) if have_parts else None
    den = sum(dens) if have_parts else None
    if how == "sum":
        value = sum(f.value for f in present)
    elif how == "mean":
        value = sum(f.value for f in present) / len(present)
        num = den = None
    elif how == "latest":
        # A snapshot's window value is its value at the window's end; an earlier month's
        # figure would be passed off as this month's.
        last = figures[-1]
        if last is None or last.value is None:
            return Aggregate(None, months=len(present), missing=missing,
                             reason="no figure for the last month of the window")
        value, num, den = last.value, last.numerator, last.denominator
    elif how == "ratio":
        if not have_parts:
            return Aggregate(None, months=len(present), missing=missing,
                             reason="needs numerators and denominators for every month")
        if not den:
            return Aggregate(None, num, den, len(present), missing, reason="denominator is zero")
        value = num / den * scale
    else:  # pragma: no cover - the catalogue model admits only the four
        raise ValueError(how)
    return Aggregate(value, num, den, len(present), missing)


def _window(series: Mapping[Month, Figure], months: Sequence[Month]) -> list[Figure | None]:
    return [series.get(m) for m in months]


def year_to_date(series: Mapping[Month, Figure], period: Month, how: str, scale: float) -> Aggregate:
    return aggregate(_window(series, period.financial_year.months_to(period)), how, scale)


def rolling_12m(series: Mapping[Month, Figure], period: Month, how: str, scale: float) -> Aggregate:
    return aggregate(_window(series, period.months_back(12)), how, scale)


def outturn(series: Mapping[Month, Figure], year: FinancialYear, how: str, scale: float,
            published: Mapping[FinancialYear, Figure] | None = None) -> Aggregate:
    """A financial year's figure: the published annual figure when one was loaded, otherwise
    formed from the months (partial years say how many months are missing)."""
    given = (published or {}).get(year)
    if given is not None and given.value is not None:
        return Aggregate(given.value, given.numerator, given.denominator, 12, 0, published=True)
    return aggregate(_window(series, year.months), how, scale)
