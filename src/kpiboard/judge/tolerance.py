"""Status against target: worse beyond tolerance, within tolerance, better beyond tolerance.

Tolerance is a percentage of the target (5 means within 5% of the target either side); no
tolerance means zero, so only a value exactly on target is "within".
"""

from __future__ import annotations

WORSE, WITHIN, BETTER = "worse_beyond_tolerance", "within_tolerance", "better_beyond_tolerance"


def _gain(value: float, target: float, polarity: str) -> float:
    """How far the value is on the good side of the target (negative: the bad side)."""
    return value - target if polarity == "higher" else target - value


def tolerance_status(value: float | None, target: float | None, tolerance_pct: float | None,
                     polarity: str) -> str | None:
    if value is None or target is None or polarity == "neutral":
        return None
    margin = abs(target) * (tolerance_pct or 0.0) / 100
    gain = round(_gain(value, target, polarity), 9)
    margin = round(margin, 9)
    if gain > margin:
        return BETTER
    if gain < -margin:
        return WORSE
    return WITHIN


def on_target(value: float | None, target: float | None, polarity: str) -> bool | None:
    """Meets or beats the target (the scorecard's "no comment required")."""
    if value is None or target is None or polarity == "neutral":
        return None
    return round(_gain(value, target, polarity), 9) >= 0
