"""Helpers the views share: the period asked for, or the latest with figures."""

from __future__ import annotations

from kpiboard.errors import KpiboardError
from kpiboard.periods import Month
from kpiboard.web.context import Web


def chosen_period(app: Web, period: str | None, stamp: tuple[int, int] | None = None) -> Month:
    periods = app.periods(stamp)
    if not periods:
        raise KpiboardError("no figures loaded yet: load a catalogue and figures with 'kpiboard load'")
    if not period:
        return periods[0]
    try:
        month = Month.parse(period)
    except ValueError:
        raise KpiboardError(f"'{period}' is not a month (YYYY-MM)") from None
    if month not in periods:
        raise KpiboardError(f"no figures for {month}")
    return month
