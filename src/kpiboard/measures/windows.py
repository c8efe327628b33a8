"""Reporting windows as date ranges, and the date expressions measure specs use."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kpiboard.periods import Month


@dataclass(frozen=True)
class Window:
    kind: str          # month | ytd | rolling_12m | financial_year
    period: Month
    start: dt.date
    end: dt.date       # snapshot measures take their value at this date


def window(period: Month, kind: str) -> Window:
    if kind == "month":
        return Window(kind, period, period.first_day, period.last_day)
    if kind == "ytd":
        return Window(kind, period, period.financial_year.first_month.first_day, period.last_day)
    if kind == "rolling_12m":
        return Window(kind, period, (period - 11).first_day, period.last_day)
    if kind == "financial_year":
        fy = period.financial_year
        return Window(kind, period, fy.first_month.first_day, fy.last_month.last_day)
    raise ValueError(f"unknown window '{kind}' (month, ytd, rolling_12m, financial_year)")


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months with the day clipped to the month's length (31 Aug - 6 months = 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_EXPR = re.compile(r"\s*(start|end)\s*(?:([+-])\s*(\d+)\s*(day|days|month|months|year|years))?\s*")


def resolve(expr: str, w: Window) -> dt.date | None:
    """'end', 'start', 'end - 6 months', 'end - 7 days' -> a date; None if not a date expression."""
    m = _EXPR.fullmatch(str(expr))
    if not m:
        return None
    day = w.end if m.group(1) == "end" else w.start
    if m.group(2):
        n = int(m.group(3)) * (1 if m.group(2) == "+" else -1)
        unit = m.group(4).rstrip("s")
        day = (day + dt.timedelta(days=n) if unit == "day"
               else add_months(day, n * (12 if unit == "year" else 1)))
    return day
