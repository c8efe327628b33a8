"""Reporting periods: calendar months and English financial years (April to March)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = {m.lower(): i + 1 for i, m in enumerate(MONTH_ABBR)}
_MONTH_NAMES.update({dt.date(2000, i, 1).strftime("%B").lower(): i for i in range(1, 13)})
_MONTH_NAMES["sept"] = 9


@total_ordering
@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month, the unit every figure is reported in."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")

    @classmethod
    def parse(cls, text: str) -> "Month":
        """Strict ``YYYY-MM``, the form used on the command line and in long files."""
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(text))
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"'{text}' is not a month in the form YYYY-MM")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __lt__(self, other: "Month") -> bool:
        return (self.year, self.month) < (other.year, other.month)

    def __add__(self, months: int) -> "Month":
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, months: int) -> "Month":
        return self + (-months)

    @property
    def label(self) -> str:
        """Short label as reports print it: ``Apr-17``."""
        return f"{MONTH_ABBR[self.month - 1]}-{self.year % 100:02d}"

    @property
    def long_label(self) -> str:
        return f"{dt.date(self.year, self.month, 1):%B} {self.year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    @property
    def financial_year(self) -> "FinancialYear":
        return FinancialYear(self.year if self.month >= 4 else self.year - 1)

    @property
    def quarter(self) -> int:
        """Financial quarter 1-4 (Q1 = April to June)."""
        return (self.month - 4) % 12 // 3 + 1

    def months_back(self, count: int) -> list["Month"]:
        """The ``count`` months ending with this one, oldest first."""
        return [self - i for i in range(count - 1, -1, -1)]


@total_ordering
@dataclass(frozen=True, slots=True)
class FinancialYear:
    """An English financial year, 1 April to 31 March, named like ``2017-18``."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> "FinancialYear":
        m = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*", str(text))
        if not m:
            raise ValueError(f"'{text}' is not a financial year in the form YYYY-YY")
        start, end = int(m.group(1)), int(m.group(2))
        if end % 100 != (start + 1) % 100:
            raise ValueError(f"'{text}' is not a financial year in the form YYYY-YY")
        return cls(start)

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __lt__(self, other: "FinancialYear") -> bool:
        return self.start_year < other.start_year

    def __sub__(self, years: int) -> "FinancialYear":
        return FinancialYear(self.start_year - years)

    @property
    def first_month(self) -> Month:
        return Month(self.start_year, 4)

    @property
    def last_month(self) -> Month:
        return Month(self.start_year + 1, 3)

    @property
    def months(self) -> list[Month]:
        return self.last_month.months_back(12)

    def months_to(self, period: Month) -> list[Month]:
        """April of this year up to and including ``period`` (year to date)."""
        return [m for m in self.months if m <= period]


def parse_month_label(value: object) -> Month | None:
    """A month from the many ways column headers write one, or None.

    Accepts ``2017-04``, ``Apr-17``, ``Apr 2017``, ``April 2017``, ``04/2017`` and real dates
    (spreadsheets often store header months as dates).
    """
    if isinstance(value, dt.datetime | dt.date):
        return Month(value.year, value.month)
    text = str(value).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[ T].*)?", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return Month(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return Month(int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"([A-Za-z]+)[\s\-'’]*(\d{2}|\d{4})", text)
    if m and m.group(1).lower() in _MONTH_NAMES:
        year = int(m.group(2))
        return Month(year + 2000 if year < 100 else year, _MONTH_NAMES[m.group(1).lower()])
    return None
