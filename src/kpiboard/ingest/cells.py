"""Turn spreadsheet cells into numbers, refs and periods the way people type them."""

from __future__ import annotations

import datetime as dt
import re

from kpiboard.periods import FinancialYear, Month, parse_month_label

BLANK_WORDS = {"", "na", "n/a", "-", "–", "—", "null", "none"}
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_X_OF_Y = re.compile(r"\s*(\d[\d,]*(?:\.\d+)?)(?:\s*/\s*|\s+(?:of|out of)\s+)(\d[\d,]*(?:\.\d+)?)\s*(?:\(.*\))?\s*", re.I)


def is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip().lower() in BLANK_WORDS)


def text(cell: object) -> str | None:
    if is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def ref_text(cell: object) -> str | None:
    """Refs typed into Excel can arrive as numbers (5.9, or 12.0 for "12")."""
    return text(cell)


def number(cell: object) -> float:
    """A plain number: 86.4, "86.4%", "1,234". Raises ValueError with the reason."""
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not a number")
    if isinstance(cell, (int, float)):
        return float(cell)
    s = str(cell).strip().replace("\u00a0", "")
    s = s[:-1].strip() if s.endswith("%") else s
    if _NUMBER.fullmatch(s):
        return float(s.replace(",", ""))
    raise ValueError(f"'{cell}' is not a number")


def leading_number(cell: object) -> tuple[float, str | None] | None:
    """'79% (6m+)' -> (79.0, '(6m+)'): a value with an annotation after it.

    The number must stand alone (followed by a space, %, a bracket or a footnote mark), so text
    that merely starts with digits ('2018/19 data not yet available') is not read as 2018.
    """
    s = str(cell).strip()
    m = re.fullmatch(r"([+-]?[\d,]*\.?\d+)(?=$|[\s%(\[*†‡#])\s*%?\s*(.*)", s, re.S)
    if not m or not _NUMBER.fullmatch(m.group(1)):
        return None
    return float(m.group(1).replace(",", "")), m.group(2).strip() or None


def x_of_y(cell: object) -> tuple[float, float] | None:
    """'76 of 576' -> (76, 576)."""
    if not isinstance(cell, str):
        return None
    m = _X_OF_Y.fullmatch(cell)
    if not m:
        return None
    return float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))


def period(cell: object) -> Month | FinancialYear:
    """YYYY-MM (or a date, or Apr-17) for a month; YYYY-YY for a published financial-year figure.

    "2011-12" is both December 2011 and a financial year; a valid month wins, so such years are
    written "2011/12" (any year may be written with a slash).
    """
    if isinstance(cell, (dt.date, dt.datetime)):
        return Month(cell.year, cell.month)
    s = str(cell).strip()
    fy = re.fullmatch(r"(\d{4})([-/])(\d{2})", s)
    if fy and (fy.group(2) == "/" or int(fy.group(3)) > 12):
        return FinancialYear.parse(s)
    found = parse_month_label(s)
    if found is None:
        raise ValueError(f"'{s}' is not a period (YYYY-MM for a month, YYYY-YY for a financial year)")
    return found
