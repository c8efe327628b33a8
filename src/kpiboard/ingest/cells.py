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


# ---- child-level cells (Annex A lists) ------------------------------------------------------

EXCEL_ERRORS = {"#n/a", "#null!", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#spill!", "#calc!"}
UNKNOWN_WORDS = {"unknown", "not known", "not recorded", "not stated", "not stated/recorded", "unk"}
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0"}
_LIST_PREFIX = re.compile(r"[a-z]{1,2}\)\s*(?=\S)")
# Excel's day 0: serial 1 is 1900-01-01 and its phantom 29 Feb 1900 makes every later serial
# count from 30 Dec 1899. Serials outside 1950-2099 are numbers in the wrong column, not dates.
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(18264, 73051)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_NAMED_DATE = re.compile(r"(\d{1,2})[ -]([a-z]{3,9})[ ,-]+(\d{4})", re.I)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def is_missing(cell: object) -> bool:
    """Blank, or an Excel error value such as '#N/A' (a failed look-up, not data)."""
    return is_blank(cell) or (isinstance(cell, str) and cell.strip().lower() in EXCEL_ERRORS)


def without_list_prefix(value: str) -> str:
    """'b) Female' -> 'Female': Annex A drop-downs number their choices a), b), ..."""
    found = _LIST_PREFIX.match(value)
    return value[found.end():] if found else value


def flag(cell: object) -> bool | None:
    """Yes/No, Y/N, 'a) Yes', True, 1 -> a boolean; 'Not known' -> None. Raises ValueError."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    word = without_list_prefix(str(cell).strip()).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if word in UNKNOWN_WORDS or is_blank(word):
        return None
    raise ValueError(f"'{cell}' is not Yes or No")


def day(cell: object) -> tuple[dt.date, str | None]:
    """A date from a date cell, 'dd/mm/yyyy' or ISO text, or an Excel serial number.

    Returns the date and how it was repaired: None (a real date cell), 'text' or 'serial'.
    Raises ValueError for anything else.
    """
    if isinstance(cell, dt.datetime):
        return cell.date(), None
    if isinstance(cell, dt.date):
        return cell, None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return _serial_day(cell), "serial"
    s = str(cell).strip()
    if re.fullmatch(r"\d{5}(?:\.\d+)?", s):
        return _serial_day(float(s)), "serial"
    try:
        if m := _ISO_DATE.fullmatch(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), "text"
        if m := _UK_DATE.fullmatch(s):
            year = int(m[3]) if len(m[3]) == 4 else 2000 + int(m[3]) if int(m[3]) < 50 else 1900 + int(m[3])
            return dt.date(year, int(m[2]), int(m[1])), "text"
        if (m := _NAMED_DATE.fullmatch(s)) and m[2][:3].lower() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2][:3].lower()], int(m[1])), "text"
    except ValueError:
        raise ValueError(f"'{s}' is not a date (no such day)") from None
    raise ValueError(f"'{s}' is not a date (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)")


def _serial_day(serial: float) -> dt.date:
    if int(serial) not in _SERIALS:
        raise ValueError(f"'{serial:g}' is not a date (as an Excel date number it is outside 1950-2099)")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]00:00(?::00)?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")


def dmy_date(cell: object) -> dt.date | None:
    """A DD/MM/YYYY date as SSDA903 and CIN exports write them (or ISO YYYY-MM-DD); blank is None.

    Stricter than the Annex A reader: no serials, two-digit years or month names, so a mis-saved
    file is reported rather than guessed at. Raises ValueError; a midnight time (Excel's re-save)
    is allowed.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if is_blank(cell):
        return None
    s = str(cell).strip()
    if m := _DMY.fullmatch(s):
        d, mo, y = map(int, m.groups())
    elif m := _ISO.fullmatch(s):
        y, mo, d = map(int, m.groups())
    else:
        raise ValueError(f"'{s}' is not a date (DD/MM/YYYY)")
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueError(f"'{s}' is not a date (no such day)") from None


_TEXT_DATES = (  # dates inside free text (file names), with the order of year, month, day groups
    (re.compile(r"(?<!\d)(\d{4})[-_. ](\d{1,2})[-_. ](\d{1,2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{1,2})[-_. ](\d{1,2})[-_. ](\d{4})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{1,2})[-_ ]?([a-z]{3,9})[-_ ]?(\d{4})(?!\d)", re.I), (3, 2, 1)),
)


def date_in_text(text: str) -> dt.date | None:
    """The latest date written in a text such as a file name ('annex_a_2026-10-31',
    'AnnexA 31-10-2026', 'extract_20261031', '31 Oct 2026'); a range ends with the latest."""
    found = []
    for pattern, (y, m, d) in _TEXT_DATES:
        for match in pattern.finditer(text):
            month = _MONTHS.get(match[m][:3].lower()) if match[m].isalpha() else int(match[m])
            try:
                found.append(dt.date(int(match[y]), month or 0, int(match[d])))
            except ValueError:
                continue
    return max((day for day in found if 1990 <= day.year <= 2100), default=None)
