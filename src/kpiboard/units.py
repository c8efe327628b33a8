"""How numbers are written for each unit; one place so tables, thresholds and charts agree."""

from __future__ import annotations

from kpiboard.publish import MARK, is_suppressed

UNIT_LABELS = {"count": "Number", "percent": "%", "rate_per_10k": "Rate per 10,000",
               "days": "Days", "number": "Number"}


def format_value(value: float | None, unit: str, decimals: int, *, missing: str = "") -> str:
    if value is None:
        return missing
    if is_suppressed(value):
        return MARK
    text = f"{value:,.{decimals}f}"
    return text + "%" if unit == "percent" else text


def format_threshold(value: float, unit: str) -> str:
    """A threshold as a person writes it: no needless decimals (``95%``, ``18.1``)."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text + "%" if unit == "percent" else text


def format_change(value: float | None, unit: str, decimals: int) -> str:
    """A signed difference; for percentages the difference is in percentage points."""
    if value is None:
        return ""
    if is_suppressed(value):
        return MARK
    suffix = "pp" if unit == "percent" else ""
    return f"{value:+,.{decimals}f}{suffix}"
