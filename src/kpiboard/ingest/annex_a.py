"""Read Annex A workbooks (lists 1-10) into the canonical child-level tables.

Each workbook is one extract. Sheets are found by list number, then by keywords; the header row
is the one among the first rows that names the most known columns; columns are matched through
the aliases in ``annex_a_columns``. What can be repaired (text dates, Excel serial dates, child IDs
stored as decimals, duplicated columns, extra columns, missing lists) is repaired with one summary
warning; what cannot raises ``KpiboardError`` with one line naming file, sheet, row and column.
Everything is read before anything is returned.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from kpiboard.errors import KpiboardError, where
from kpiboard.ingest import annex_a_columns as codes
from kpiboard.ingest import cells
from kpiboard.ingest.annex_a_columns import BY_NUMBER, KEYWORD_ORDER, Column, ListSpec, columns, header_key
from kpiboard.records.schema import Dataset, schema

HEADER_SEARCH_ROWS = 20
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
# The lists whose latest date stands in for the extract date when the file name has none.
ACTIVITY_DATES = {"contacts": ("contact_date",), "referrals": ("referral_date",),
                  "assessments": ("start_date", "authorised_date")}


@dataclass
class ListRead:
    """What one list sheet gave."""
    number: int
    sheet: str
    table: str
    data: dict[str, list]

    @property
    def rows(self) -> int:
        return len(self.data["child_id"])


@dataclass
class Extract:
    """What one workbook gave: the lists read, and the date the extract stands for."""
    source: str
    lists: list[ListRead] = field(default_factory=list)
    extract_date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class AnnexADataset(Dataset):
    """A ``Dataset`` that remembers which workbook and sheet each table's rows came from."""
    extracts: list[Extract] = field(default_factory=list)


def read_annex_a(paths: Sequence[Path], *, la: str = "LA", as_at: dt.date | None = None) -> Dataset:
    files = _workbooks(paths)
    if as_at is not None and len(files) != 1:
        raise KpiboardError(f"an as-at date can only be given for a single workbook "
                            f"({len(files)} given)")
    extracts = [_read_workbook(path) for path in files]
    seen: dict[dt.date, str] = {}
    for path, extract in zip(files, extracts):
        extract.extract_date = as_at or cells.date_in_text(path.stem) or _latest_activity(extract)
        if extract.extract_date in seen:
            extract.warnings.append(f"{extract.source}: same extract date ({extract.extract_date}) as "
                                    f"{seen[extract.extract_date]}; both are kept")
        seen.setdefault(extract.extract_date, extract.source)
    dataset = AnnexADataset(extracts=extracts)
    for extract in extracts:
        for got in extract.lists:
            n = got.rows
            data = {"la": [la] * n, "extract_date": [extract.extract_date] * n, **got.data}
            dataset.add(got.table, pa.Table.from_pydict(data, schema=schema(got.table)))
        dataset.warnings += extract.warnings
        dataset.sources.append(extract.source)
    return dataset


def validation_report(dataset: Dataset) -> str:
    """Rows read per source file, list and canonical table, then the warnings."""
    lines = []
    extracts = getattr(dataset, "extracts", None)
    if extracts:
        for extract in extracts:
            lines.append(f"{extract.source} (extract date {extract.extract_date})")
            by_number = {got.number: got for got in extract.lists}
            for number, spec in sorted(BY_NUMBER.items()):
                if spec.table is None:
                    continue
                got = by_number.get(number)
                rows = f"{got.rows:>7} rows  (sheet '{got.sheet}')" if got else "    not in workbook"
                lines.append(f"  list {number:<2} {spec.title:<24} -> {spec.table:<13} {rows}")
    else:  # merged with other inputs: one block per extract (each workbook is one extract)
        lines.append(f"sources: {', '.join(dataset.sources) or 'none'}")
        counts: dict[object, dict[str, int]] = {}
        for name, table in sorted(dataset.tables.items()):
            for day, n in Counter(table.column("extract_date").to_pylist()).items():
                counts.setdefault(day, {})[name] = n
        for day in sorted(counts, key=str):
            lines.append(f"extract {day}")
            lines += [f"  {name:<13} {n:>7} rows" for name, n in counts[day].items()]
    lines.append(f"{len(dataset.warnings)} warning(s)" + (":" if dataset.warnings else ""))
    lines += [f"  - {warning}" for warning in dataset.warnings]
    return "\n".join(lines)


# ---- files and sheets -----------------------------------------------------------------------

def _workbooks(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES
                           and not p.name.startswith("~$"))  # Excel's lock files
            if not found:
                raise KpiboardError(f"{path}: no .xlsx or .xlsm workbooks in this folder")
            files += found
        elif not path.exists():
            raise KpiboardError(f"{path}: file not found")
        elif path.suffix.lower() == ".xls":
            raise KpiboardError(f"{path}: old-style .xls workbooks are not read; save it as .xlsx")
        elif path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise KpiboardError(f"{path}: an Annex A return must be an .xlsx workbook, "
                                f"got '{path.suffix or 'no extension'}'")
        else:
            files.append(path)
    if not files:
        raise KpiboardError("no Annex A workbooks given")
    return files


def _read_workbook(path: Path) -> Extract:
    import openpyxl  # imported here: only XLSX loads pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    extract = Extract(str(path))
    try:
        for number, sheet in sorted(_match_sheets(str(path), book.sheetnames, extract.warnings).items()):
            spec = BY_NUMBER[number]
            if spec.table is not None:
                got = _read_list(str(path), book[sheet], spec, extract.warnings)
                if got is not None:
                    extract.lists.append(got)
    except (zipfile.BadZipFile, SyntaxError, EOFError) as exc:  # a damaged sheet (XML ParseError)
        raise _unreadable(path, exc) from None
    finally:
        book.close()
    read = {got.number for got in extract.lists}
    if not read and not any(_list_number(name) for name in book.sheetnames):
        raise KpiboardError(f"{path}: no Annex A lists found (sheets: {', '.join(book.sheetnames)})")
    for number, spec in sorted(BY_NUMBER.items()):
        if spec.table is not None and number not in read:
            extract.warnings.append(f"{path}: no list {number} ({spec.title}); "
                                    f"no {spec.table} rows from this workbook")
    return extract


def _unreadable(path: Path, exc: Exception) -> KpiboardError:
    return KpiboardError(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})")


def _list_number(sheet: str) -> tuple[int, int] | None:
    """(list number, strength): 2 when the name gives the number, 1 when only keywords do."""
    name = re.sub(r"[_\-.]+", " ", sheet.lower()).strip()
    found = (re.search(r"(?<![a-z])(?:list|l) ?#?0?(\d{1,2})(?!\d)", name)
             or re.match(r"0?(\d{1,2})(?!\d)", name))
    if found and int(found[1]) in BY_NUMBER:
        return int(found[1]), 2
    for number in KEYWORD_ORDER:
        if re.search(BY_NUMBER[number].sheet_words, name):
            return number, 1
    return None


def _match_sheets(source: str, names: list[str], warnings: list[str]) -> dict[int, str]:
    claims: dict[int, list[tuple[int, str]]] = {}
    for name in names:
        found = _list_number(name)
        if found is None:
            warnings.append(f"{where(source, sheet=name)}: not an Annex A list; ignored")
        else:
            claims.setdefault(found[0], []).append((found[1], name))
    chosen = {}
    for number, found in claims.items():
        best = max(strength for strength, _ in found)
        top = [name for strength, name in found if strength == best]
        if len(top) > 1:
            raise KpiboardError(f"{source}: sheets {' and '.join(repr(n) for n in top)} both look like "
                                f"list {number} ({BY_NUMBER[number].title}); rename or remove one")
        chosen[number] = top[0]
        for strength, name in found:
            if strength < best:
                warnings.append(f"{where(source, sheet=name)}: looks like list {number} too, but sheet "
                                f"'{top[0]}' is used; ignored")
    return chosen


# ---- one list -------------------------------------------------------------------------------

@dataclass
class _Notes:
    """Repairs counted per column, reported once each."""
    counts: dict[tuple[str, str], list] = field(default_factory=dict)

    def add(self, header: str, kind: str, row: int, before: object, after: object) -> None:
        entry = self.counts.setdefault((header, kind), [0, row, before, after])
        entry[0] += 1


REPAIRS = {
    "text": "{n} date(s) written as text were read as dates (first: row {row}, '{before}' -> {after})",
    "serial": "{n} date(s) stored as Excel numbers were converted (first: row {row}, {before} -> {after})",
    "decimal": "{n} child ID(s) stored as decimals were read as whole numbers "
               "(first: row {row}, {before} -> '{after}')",
}


def _read_list(source: str, ws, spec: ListSpec, warnings: list[str]) -> ListRead | None:
    ws.reset_dimensions()  # some writers store a wrong sheet size; read what is there
    top = list(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
    if not any(not cells.is_missing(c) for row in top for c in row):
        warnings.append(f"{where(source, sheet=ws.title)}: the sheet is empty")
        return None
    header_at, header, found = _header(where(source, sheet=ws.title), top, spec, warnings)
    plan = [(c, found.get(c.name, []), _convert(c)) for c in columns(spec)]  # child_id first
    data = _read_rows(source, ws, header_at + 2, header, plan, warnings)
    if spec.table == "care_leavers":
        data["eet"] = [codes.eet(activity) for activity in data["activity"]]
        odd = [a for a, eet in zip(data["activity"], data["eet"]) if a is not None and eet is None]
        if odd:
            warnings.append(f"{where(source, sheet=ws.title, column=header[found['activity'][0]])}: "
                            f"{len(odd)} activity value(s) have no F, P or G code, so education, "
                            f"employment or training is not known (first: '{odd[0]}')")
    return ListRead(spec.number, ws.title, spec.table, data)


def _header(at: str, top: list[tuple], spec: ListSpec, warnings: list[str]):
    """The header row (the one naming the most known columns), its names, and the positions of
    each canonical column's Annex A columns."""
    keys = {header_key(h): c.name for c in columns(spec) for h in c.headers}
    known = set(keys) | {header_key(h) for h in spec.known}
    header_at = max(range(len(top)), key=lambda i: (len({header_key(c) for c in top[i]} & known), -i))
    header = [str(c).strip() if not cells.is_blank(c) else "" for c in top[header_at]]
    while header and not header[-1]:
        header.pop()
    found: dict[str, list[int]] = {}
    extra = []
    for i, text in enumerate(header):
        key = header_key(text)
        if key in keys:
            found.setdefault(keys[key], []).append(i)
        elif text and key not in known:
            extra.append(text)
    missing = [c.headers[0] for c in columns(spec) if c.required and c.name not in found]
    if missing:
        raise KpiboardError(f"{at}: list {spec.number} ({spec.title}) is missing the required column(s) "
                            f"{_quoted(missing)} (header looked for in rows 1-{len(top)})")
    if extra:
        warnings.append(f"{at}: column(s) not used from list {spec.number}: {_quoted(extra)}")
    for name, where_found in found.items():
        if len(where_found) > 1:
            shown = ", ".join(f"'{header[i]}' ({_letter(i)})" for i in where_found)
            warnings.append(f"{at}: {len(where_found)} columns give {name}: {shown}; "
                            "the first non-empty one in each row is used")
    return header_at, header, found


def _read_rows(source: str, ws, first_row: int, header: list[str], plan, warnings: list[str]):
    """Every data row converted, as one Python list per canonical column."""
    data: dict[str, list] = {column.name: [] for column, _, _ in plan}
    notes, skipped = _Notes(), 0
    body = ws.iter_rows(min_row=first_row, max_col=len(header), values_only=True)
    for row_no, row in enumerate(body, start=first_row):
        raw = [_first(row, indices) for _, indices, _ in plan]
        if raw[0] is None:
            if any(got is not None for got in raw[1:]):
                id_header = header[plan[0][1][0]]
                raise KpiboardError(f"{where(source, sheet=ws.title, row=row_no, column=id_header)}: "
                                    "the child ID is blank but the row has other data")
            skipped += any(c is not None and not cells.is_missing(c) for c in row)
            continue
        for (column, _, convert), got in zip(plan, raw):
            if got is None:
                data[column.name].append(None)
                continue
            value, index = got
            try:
                result, repair = convert(value)
            except ValueError as exc:
                raise KpiboardError(f"{where(source, sheet=ws.title, row=row_no, column=header[index])}: "
                                    f"{exc}") from None
            if repair:
                notes.add(header[index], repair, row_no, value, result)
            data[column.name].append(result)
    if skipped:
        warnings.append(f"{where(source, sheet=ws.title)}: {skipped} row(s) with no child ID and nothing "
                        "in the list's columns were skipped")
    for (column_header, kind), (n, row, before, after) in notes.counts.items():
        warnings.append(f"{where(source, sheet=ws.title, column=column_header)}: "
                        + REPAIRS[kind].format(n=n, row=row, before=_shown(before), after=after))
    return data


def _first(row: tuple, indices: list[int]) -> tuple[object, int] | None:
    """The first non-empty cell among a column's duplicates, and where it is."""
    for i in indices:
        cell = row[i]
        if cell is not None and not cells.is_missing(cell):
            return cell, i
    return None


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# ---- cells ----------------------------------------------------------------------------------

def _convert(column: Column):
    return {"id": _child_id, "text": _text, "code": _code, "short_code": _short_code, "flag": _flag, "date": _date, "int": _int,
            "in_touch": lambda v: (codes.in_touch(_code(v)[0]), None),
            "suitable": lambda v: (codes.suitable(_code(v)[0]), None)}[column.kind]


def _child_id(value):
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a child ID")
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), "decimal"
        raise ValueError(f"child ID '{value:g}' is not a whole number")
    text = " ".join(str(value).split())
    if re.fullmatch(r"\d+\.0+", text):
        return text.split(".")[0], "decimal"
    return text, None


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) or None, None   # also turns non-breaking spaces into spaces


def _code(value):
    text, _ = _text(value)
    return (cells.without_list_prefix(text) if text else None), None


def _short_code(value):
    """'C2: FCO' -> 'C2', 'U6: Foster placement - not FFA' -> 'U6': the SSDA903 code the measures
    use (short breaks V3/V4, placement types), as SSDA903 files give it."""
    code, note = _code(value)
    if code and ":" in code:
        head = code.split(":", 1)[0].strip()
        if 1 <= len(head) <= 4 and head.isalnum():
            return head, note
    return code, note


def _flag(value):
    return cells.flag(value), None


def _date(value):
    if type(value) is dt.datetime:  # the usual case, kept fast
        return value.date(), None
    return cells.day(value)


def _int(value):
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a whole number")
    try:
        number = cells.number(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"'{_shown(value)}' is not a whole number")
    return int(number), None


# ---- extract dates --------------------------------------------------------------------------

def _latest_activity(extract: Extract) -> dt.date:
    days = [day for got in extract.lists for name in ACTIVITY_DATES.get(got.table, ())
            for day in got.data[name] if day is not None]
    if not days:
        raise KpiboardError(f"{extract.source}: cannot tell the extract date: no date in the file name "
                            "and no contact, referral or assessment dates; name the file like "
                            "annex_a_2026-10-31.xlsx or give the as-at date")
    latest = max(days)
    extract.warnings.insert(0, f"{extract.source}: no date in the file name; the extract date is taken "
                               f"as {latest}, the latest contact, referral or assessment date in the "
                               "workbook")
    return latest
