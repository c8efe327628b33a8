"""The target that applies to a month, from a flat number, per-year targets or a profile.

Quarterly profiles: a month takes its quarter's target. A single cumulative target for the year
(``target_basis: ytd``) is spread evenly over the twelve months. For a cumulative (year-to-date) target
the month's target is pro rata within the quarter, so May of a {Q1: 182} profile is 121.3 rather
than judging two months of activity against three months' target.
"""

from __future__ import annotations

from kpiboard.catalogue.model import Indicator
from kpiboard.periods import Month


def target_for(indicator: Indicator, month: Month) -> float | None:
    spec = indicator.target
    cumulative = indicator.target_basis == "ytd"
    if spec is None or isinstance(spec, (int, float)):
        return None if spec is None else _to_date(float(spec), month, cumulative)
    year = spec.get(str(month.financial_year))
    if year is None or isinstance(year, (int, float)):
        return None if year is None else _to_date(float(year), month, cumulative)
    if str(month) in year:
        return float(year[str(month)])
    if any(k.startswith("Q") for k in year):
        return _quarter_target(year, month, cumulative)
    return None


def _to_date(annual: float, month: Month, cumulative: bool) -> float:
    """A single cumulative (year-to-date) target for the year is pro rata by month: a target of
    24 for the year is 2 at the end of April and 12 at the end of September."""
    if not cumulative:
        return annual
    elapsed = len(month.financial_year.months_to(month))
    return annual * elapsed / 12


def _quarter_target(profile: dict[str, float], month: Month, cumulative: bool) -> float | None:
    q = month.quarter
    value = profile.get(f"Q{q}")
    if value is None or not cumulative:
        return None if value is None else float(value)
    earlier = [profile[f"Q{k}"] for k in range(q - 1, 0, -1) if f"Q{k}" in profile]
    previous = float(earlier[0]) if earlier else 0.0  # the last quarter the profile gives
    step = (month.month - 4) % 3 + 1  # 1, 2, 3 within the quarter
    return previous + (float(value) - previous) * step / 3
