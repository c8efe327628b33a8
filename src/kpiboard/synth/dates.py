"""Day numbers, working days and the seasonal shape of demand.

The simulation works on whole days counted from 1970-01-01 in int64 numpy arrays (so that
pyarrow turns them into ``date32`` without conversion). ``NEVER`` stands for "not (yet)
happened" and sorts after every real date, so ``date <= extract`` is the only test needed.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import numpy as np

EPOCH = dt.date(1970, 1, 1)
NEVER = np.int64(10_000_000)  # about the year 29349
YEAR = 365.25


def day(d: dt.date) -> int:
    return (d - EPOCH).days


def to_date(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


def add_years(days: np.ndarray, years) -> np.ndarray:
    """Same calendar day ``years`` later (29 February -> 1 March): birthdays."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    m2 = m + (np.asarray(years, dtype=np.int64) * 12).astype("timedelta64[M]")
    out = m2.astype("datetime64[D]").astype(np.int64) + dom
    return np.minimum(out, (m2 + 1).astype("datetime64[D]").astype(np.int64))


def month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def extract_dates(end: dt.date, months: int) -> list[dt.date]:
    """Month-end extract dates over the last ``months`` months, oldest first, the last one ``end``
    itself (it is a month end by default; otherwise it stands in for the current month's)."""
    out = [end]
    y, m = end.year, end.month
    for _ in range(months - 1):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        out.append(month_end(y, m))
    return sorted(out)


def months_before(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return dt.date(y, m + 1, min(d.day, month_end(y, m + 1).day))


@lru_cache(maxsize=8)
def bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    """England and Wales bank holidays from the ``holidays`` package (offline)."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(found), dtype="datetime64[D]")


class WorkingDays:
    """Working-day arithmetic on day numbers (weekends and bank holidays left out)."""

    def __init__(self, first_year: int, last_year: int):
        self.holidays = bank_holidays(first_year, last_year)
        self.cal = np.busdaycalendar(holidays=self.holidays)

    def add(self, days: np.ndarray, n: np.ndarray) -> np.ndarray:
        """``n`` working days after ``days`` (a non-working start rolls forward first)."""
        d = np.asarray(days, dtype=np.int64)
        ok = d < NEVER
        out = np.full(d.shape, NEVER, dtype=np.int64)
        if ok.any():
            dd = d[ok].astype("datetime64[D]")
            nn = np.broadcast_to(np.asarray(n, dtype=np.int64), d.shape)[ok]
            out[ok] = np.busday_offset(dd, nn, roll="forward", busdaycal=self.cal).astype(np.int64)
        return out

    def count(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days after ``start`` up to and including ``end`` (the spec's rule)."""
        a = (np.asarray(start, dtype=np.int64) + 1).astype("datetime64[D]")
        b = (np.asarray(end, dtype=np.int64) + 1).astype("datetime64[D]")
        return np.busday_count(a, b, busdaycal=self.cal)

    def is_working(self, days: np.ndarray) -> np.ndarray:
        return np.is_busday(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), busdaycal=self.cal)


# Referrals by calendar month (DfE CIN census 2024, England): school holidays and Christmas dip.
MONTH_FACTOR = np.array([1.05, 0.98, 1.00, 0.85, 1.06, 1.10, 1.01, 0.83, 1.03, 1.07, 1.08, 0.90])


def demand_weights(lo: int, hi: int, wd: WorkingDays) -> np.ndarray:
    """Relative chance that a contact arrives on each day in ``[lo, hi)``: weekdays in term time
    most, weekends and bank holidays little, August and the Christmas fortnight less."""
    days = np.arange(lo, hi, dtype=np.int64)
    d64 = days.astype("datetime64[D]")
    month = d64.astype("datetime64[M]").astype(int) % 12
    dom = (d64 - d64.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
    w = MONTH_FACTOR[month].copy()
    w *= np.where(wd.is_working(days), 1.0, 0.14)
    christmas = ((month == 11) & (dom >= 22)) | ((month == 0) & (dom <= 2))
    w[christmas] *= 0.6
    return w
