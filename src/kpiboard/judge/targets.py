"""The target that applies to a month, from a flat number, per-year targets or a profile.

Quarterly profiles: a month takes its quarter's target. For a cumulative (year-to-date) target
the month's target is pro rata within the quarter, so May of a {Q1: 182} profile is 121.3 rather
than judging two months of activity against three months' target.
"""

from __future__ import annotations

from kpiboard.catalogue.model import Indicator
from kpiboard.periods import Month


def target_for(indicator: Indicator, month: Month) -> float | None:
    spec = indicator.target
    if spec is None or isinstance(spec, (int, float)):
        return None if spec is None else float(spec)
    year = spec.get(str(month.financial_year))
    if year is None or isinstance(year, (int, float)):
        return None if year is None else float(year)
    if str(month) in year:
        return float(year[str(month)])
    if any(k.startswith("Q") for k in year):
        return _quarter_target(year, month, cumulative=indicator.target_basis == "ytd")
    return None


def _quarter_target(profile: dict[str, float], month: Month, cumulative: bool) -> float | None:
    q = month.quarter
    value = profile.get(f"Q{q}")
    if value is None or not cumulative:
        return None if value is None else float(value)
    previous = float(profile.get(f"Q{q - 1}", 0.0)) if q > 1 else 0.0
    step = (month.month - 4) % 3 + 1  # 1, 2, 3 within the quarter
    return previous + (float(value) - previous) * step / 3
