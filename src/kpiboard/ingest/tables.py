"""Read a CSV or XLSX sheet as a header plus numbered rows, whatever the file's quirks.

Rows are numbered as the user sees them in Excel or a text editor (the header is usually row 1),
so every error can point at the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kpiboard.errors import KpiboardError

Cell = str | float | int | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Table:
    source: str                 # file name as given
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)  # (row number, cells)

    def where(self, row: int | None = None, column: str | None = None) -> str:
        parts = [self.source]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if row is not None:
            parts.append(f"row {row}")
        if column:
            parts.append(f"column '{column}'")
        return ", ".join(parts)

    def error(self, message: str, row: int | None = None, column: str | None = None) -> KpiboardError:
        return KpiboardError(f"{self.where(row, column)}: {message}")


def normalise_header(text: object) -> str:
    return " ".join(str(text if text is not None else "").replace("\ufeff", "").split()).lower()


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    path = Path(path)
    if not path.exists():
        raise KpiboardError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    if suffix in {".csv", ".txt", ".tsv"}:
        return _read_csv(path)
    if suffix == ".xls":
        raise KpiboardError(f"{path}: old-style .xls workbooks are not read; save it as .xlsx or .csv")
    raise KpiboardError(f"{path}: expected a .csv or .xlsx file, got '{suffix or 'no extension'}'")


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        raise KpiboardError(f"{path}: this is a spreadsheet (zip) file with a .csv name; rename it .xlsx")
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV as cp1252
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise KpiboardError(f"{path}: not readable text (neither UTF-8 nor Windows-1252); "
                            "save it from Excel as 'CSV UTF-8'")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    records = list(csv.reader(io.StringIO(text), dialect))
    return _table(str(path), None, [(i + 1, list(r)) for i, r in enumerate(records)])


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import openpyxl  # imported here: only XLSX loads pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise KpiboardError(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise KpiboardError(f"{path}: no sheet '{sheet}' (sheets: {', '.join(book.sheetnames)})")
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        rows = [(i + 1, [_display_value(c) for c in r]) for i, r in enumerate(ws.iter_rows())]
        return _table(str(path), ws.title, rows)
    finally:
        book.close()


def _display_value(cell) -> Cell:
    """A cell as the user sees it: Excel stores 86.4% as 0.864 with a percent format, and
    kpiboard takes figures in display units."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 10)
    return value


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(source: str, sheet: str | None, rows: list[tuple[int, list[Cell]]]) -> Table:
    rows = [(n, r) for n, r in rows if not all(_blank(c) for c in r)]
    if not rows:
        raise KpiboardError(f"{source}{f', sheet {sheet!r}' if sheet else ''}: the file has no rows")
    (_, header), body = rows[0], rows[1:]
    width = len(header)
    while width and _blank(header[width - 1]):
        width -= 1
    names = [str(h).strip() if not _blank(h) else "" for h in header[:width]]
    body = [(n, (list(r) + [None] * width)[:width]) for n, r in body]
    return Table(source, sheet, names, body)
