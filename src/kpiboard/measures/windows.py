"""Reporting windows as date ranges, held as rows of a small table so that one query computes
every month and window at once (the dates are data, not literals in the SQL)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from kpiboard.measures.calendar import working_day_index
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


def is_date_expr(text: object) -> bool:
    return isinstance(text, str) and _EXPR.fullmatch(text) is not None


def column_for(expr: str) -> str:
    """The windows-table column holding a date expression: 'end - 6 months' -> 'w_end_m6months'."""
    m = _EXPR.fullmatch(expr)
    name = f"w_{m.group(1)}"
    if m.group(2):
        name += f"_{'m' if m.group(2) == '-' else 'p'}{m.group(3)}{m.group(4).rstrip('s')}"
    return name


def resolve(expr: str, w: Window) -> dt.date:
    m = _EXPR.fullmatch(str(expr))
    day = w.end if m.group(1) == "end" else w.start
    if m.group(2):
        n = int(m.group(3)) * (1 if m.group(2) == "+" else -1)
        unit = m.group(4).rstrip("s")
        day = (day + dt.timedelta(days=n) if unit == "day"
               else add_months(day, n * (12 if unit == "year" else 1)))
    return day


# Date expressions every windows table carries (the library's and the builders').
BASE_EXPRS = ("start", "end", "end - 3 months", "end - 6 months", "end - 12 months")


def windows_table(windows: list[Window], exprs: Iterable[str]) -> pa.Table:
    exprs = sorted(set(BASE_EXPRS) | set(exprs))
    cols: dict[str, list] = {"window_id": list(range(len(windows))),
                             "w_wd_end": [working_day_index(w.end) for w in windows],
                             "w_end_year": [w.end.year for w in windows],
                             "w_end_mmdd": [w.end.month * 100 + w.end.day for w in windows]}
    for e in exprs:
        cols[column_for(e)] = [resolve(e, w) for w in windows]
    types = {"window_id": pa.int32(), "w_wd_end": pa.int32(), "w_end_year": pa.int32(),
             "w_end_mmdd": pa.int32()}
    return pa.table({k: pa.array(v, types.get(k, pa.date32())) for k, v in cols.items()})
