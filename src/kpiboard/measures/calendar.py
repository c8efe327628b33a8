"""Working days in England and Wales, offline, from the ``holidays`` package.

``working_day_index(d)`` counts working days from a fixed origin up to and including d, so
"working days after start up to and including end" is ``index(end) - index(start)`` — the
definition's count (same day = 0) — and a table of indexes lets every SQL engine do it by join.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
import pyarrow as pa

FIRST = dt.date(1990, 1, 1)
LAST = dt.date(2045, 12, 31)


@cache
def bank_holidays() -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for year in range(FIRST.year, LAST.year + 1):
        days |= set(holidays.country_holidays("GB", subdiv="ENG", years=year))
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


@cache
def _indexes() -> tuple[list[dt.date], list[int]]:
    dates, index, count = [], [], 0
    day = FIRST
    while day <= LAST:
        if is_working_day(day):
            count += 1
        dates.append(day)
        index.append(count)
        day += dt.timedelta(days=1)
    return dates, index


def working_day_index(day: dt.date) -> int:
    if not FIRST <= day <= LAST:
        raise ValueError(f"{day} is outside the working-day calendar ({FIRST} to {LAST})")
    return _indexes()[1][(day - FIRST).days]


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when they are the same day)."""
    return working_day_index(end) - working_day_index(start)


def calendar_table() -> pa.Table:
    dates, index = _indexes()
    return pa.table({"cal_date": pa.array(dates, pa.date32()), "wd_index": pa.array(index, pa.int32())})
