"""SSDA903 returns (children looked after) -> the canonical tables of records/schema.py.

A return is one collection year's CSV tables (header.csv, episodes.csv, reviews.csv, ...). A folder
may hold several years with a prefix: ``2017-episodes.csv`` is the collection year that *starts*
in 2017 (2017-18, extract date 31/03/2018), as the five-year sets are laid out; ``2017-18-`` works
too. Every return's rows are kept, tagged with its extract date (the engine de-duplicates); its
periods of care and placements come from the episodes of all the returns read together, stitched
into each child's history (ssda903_periods), so that a period begun before the return's year has
its true start.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from kpiboard.errors import KpiboardError
from kpiboard.ingest import cells
from kpiboard.ingest.ssda903_periods import (SHORT_BREAKS, Care, Episode, History, chain, placements,
                                             year_before)
from kpiboard.ingest.tables import Table, read_table
from kpiboard.periods import FinancialYear
from kpiboard.records.schema import COMMON, Dataset, schema

TABLES = ("header", "episodes", "reviews", "missing", "uasc", "oc2", "oc3", "ad1",
          "placed_for_adoption", "previous_permanence")
# The columns kpiboard reads; oc2 and previous_permanence are accepted but not read.
REQUIRED = {"header": ("CHILD", "SEX", "DOB", "ETHNIC"),
            "episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"),
            "reviews": ("CHILD", "REVIEW"),
            "missing": ("CHILD", "MISSING", "MIS_START", "MIS_END"),
            "uasc": ("CHILD",),
            "oc3": ("CHILD", "IN_TOUCH", "ACTIV", "ACCOM"),
            "ad1": ("CHILD", "DATE_INT", "DATE_MATCH"),
            "placed_for_adoption": ("CHILD", "DATE_PLACED")}
# SSDA903 code lists: other codes are kept as given but warned about.
CODES = {column: set(codes.split()) for column, codes in {
    "SEX": "1 2", "RNE": "S P B L T U", "MISSING": "M A",
    "LS": "C1 C2 D1 E1 J1 J2 J3 L1 L2 L3 V2 V3 V4",
    "PLACE": "A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1",
    "REC": "X1 E11 E12 E13 E14 E15 E16 E17 E2 E3 E41 E45 E46 E47 E48 E4A E4B E5 E6 E7 E8 E9",
    "IN_TOUCH": "YES NO DIED REFU NREQ RHOM", "ACTIV": "F1 F2 F3 P1 P2 P3 G4 G5 G6 0",
    "ACCOM": " ".join(f"{a}{s}" for a in "BCDEGHKRSTUVWXYZ" for s in "12") + " 0 Z"}.items()}
GENDER = {"1": "Male", "2": "Female"}
IN_TOUCH = {"YES": True, "NO": False}      # DIED, REFU, NREQ, RHOM: not applicable -> None
SUITABLE = {"1": True, "2": False}         # last character of ACCOM; "0" and "Z" -> None
ADOPTED = {"E11", "E12"}                   # episode ceased: adoption order granted
PLACED_FOR_ADOPTION = {"A3", "A4", "A5", "A6"}
_NAME = re.compile(r"(?:(\d{4}(?:[-_]\d{2})?)[-_ ])?(.+)\.csv", re.I)


def read_ssda903(paths: Sequence[Path], *, la: str = "LA") -> Dataset:
    """Read SSDA903 returns from folders or files; raises KpiboardError on bad input."""
    out = Dataset(history={"cla_episodes", "cla", "cla_reviews", "missing"})
    returns = [_Return.read(found, la, out) for found in _returns([Path(p) for p in paths], out.warnings)]
    history = History(r.episodes for r in sorted(returns, key=lambda r: r.extract))
    for ret in returns:
        ret.build(history)
    return out


# ---- files and returns ----------------------------------------------------------------------

@dataclass
class _Files:
    folder: Path
    prefix: str                            # as written, e.g. "2017-"
    year: FinancialYear | None
    paths: dict[str, Path] = field(default_factory=dict)


def _returns(paths: list[Path], warnings: list[str]) -> list[_Files]:
    found: dict[tuple[Path, str], _Files] = {}
    for given in paths:
        if given.is_dir():
            entries = sorted(f for f in given.iterdir() if f.is_file() and not f.name.startswith("."))
        elif given.is_file():
            entries = [given]
        else:
            raise KpiboardError(f"{given}: file or folder not found")
        for path in entries:
            if not (m := _NAME.fullmatch(path.name)):
                raise KpiboardError(f"{path}: not a CSV file; SSDA903 tables are read from CSV "
                                    "(header.csv, episodes.csv, ...)")
            if (name := m.group(2).lower()) not in TABLES:
                if given.is_dir():
                    warnings.append(f"{path}: not an SSDA903 table name; ignored")
                    continue
                raise KpiboardError(f"{path}: not an SSDA903 table name (expected {', '.join(TABLES)}, "
                                    "optionally after a year: 2017-episodes.csv)")
            prefix, year = path.name[:m.start(2)], m.group(1)
            try:
                year = year and (FinancialYear(int(year)) if len(year) == 4
                                 else FinancialYear.parse(year.replace("_", "-")))
            except ValueError as exc:
                raise KpiboardError(f"{path}: {exc}") from None
            files = found.setdefault((path.parent.resolve(), prefix.lower()),
                                     _Files(path.parent, prefix, year))
            if name in files.paths and files.paths[name].resolve() != path.resolve():
                raise KpiboardError(f"{path}: a second {name} table for the same return "
                                    f"(the other is {files.paths[name]})")
            files.paths[name] = path
    if paths and not found:
        raise KpiboardError(f"{paths[0]}: no SSDA903 files (header.csv, episodes.csv, ...)")
    for files in found.values():
        for name in ("header", "episodes"):
            if name not in files.paths:
                has = ", ".join(sorted(p.name for p in files.paths.values()))
                raise KpiboardError(f"{files.folder / (files.prefix + name + '.csv')}: not found; every "
                                    f"SSDA903 return needs header.csv and episodes.csv (this one has {has})")
    return sorted(found.values(), key=lambda f: (str(f.folder), f.prefix))


class _Notes:
    """Odd-but-repairable things, reported once per file, column and kind with a count."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str, str], list] = {}

    def add(self, table: Table, column: str, what: str, row: int, value: str | None = None) -> None:
        entry = self.seen.setdefault((table.source, column, what), [0, row, []])
        entry[0] += 1
        if value is not None and value not in entry[2] and len(entry[2]) < 5:
            entry[2].append(value)

    def lines(self) -> list[str]:
        out = []
        for (source, column, what), (count, row, values) in self.seen.items():
            shown = f" ({', '.join(values)})" if values else ""
            out.append(f"{source}, column '{column}': {what}{shown} in {count} "
                       f"row{'s' if count != 1 else ''} (first: row {row})")
        return out


# CSV cells are str or None; the same few thousand dates recur across tables.
_date = functools.lru_cache(maxsize=65536)(cells.dmy_date)


@dataclass
class _File:
    table: Table
    index: dict[str, int]                  # upper-case column name -> position
    notes: _Notes

    @classmethod
    def read(cls, path: Path, name: str, notes: _Notes) -> "_File":
        table = read_table(path)
        index: dict[str, int] = {}
        for i, h in enumerate(table.header):
            index.setdefault(h.strip().upper(), i)
        for column in REQUIRED[name]:
            if column not in index:
                raise table.error(f"missing; {path.name} needs the columns {', '.join(REQUIRED[name])}",
                                  column=column)
        return cls(table, index, notes)

    @functools.cached_property
    def rows(self) -> list[int]:
        return [n for n, _ in self.table.rows]

    @functools.cached_property
    def children(self) -> list[str]:
        out = self.texts("CHILD")
        for n, child in zip(self.rows, out):
            if child is None:
                raise self.table.error("blank; every row needs the child's id", n, "CHILD")
        return out  # type: ignore[return-value]

    def values(self, column: str, parse=cells.text, *, blank: str | None = None, codes: bool = False) -> list:
        """A column parsed cell by cell; blanks are noted when ``blank`` says why they matter,
        codes outside the SSDA903 list when ``codes``."""
        i, known, out = self.index[column], CODES.get(column, set()), []
        for n, row in self.table.rows:
            try:
                value = parse(row[i])
            except ValueError as exc:
                raise self.table.error(str(exc), n, column) from None
            if value is None and blank:
                self.notes.add(self.table, column, blank, n)
            elif codes and value is not None and value not in known:
                self.notes.add(self.table, column, "unknown code", n, value)
            out.append(value)
        return out

    def texts(self, column: str, **notes) -> list[str | None]:
        return self.values(column, cells.text, **notes)

    def dates(self, column: str, **notes) -> list[dt.date | None]:
        return self.values(column, _date, **notes)

    def spans(self, start: str, end: str, *, blank: str | None = None) -> tuple[list, list]:
        """Start and end dates; an end before its start is an error."""
        starts, ends = self.dates(start, blank=blank), self.dates(end)
        for n, a, b in zip(self.rows, starts, ends):
            if a is not None and b is not None and b < a:
                raise self.table.error(f"{b:%d/%m/%Y} is before {start} {a:%d/%m/%Y}", n, end)
        return starts, ends


# ---- one return -----------------------------------------------------------------------------

@dataclass
class _Return:
    la: str
    files: dict[str, _File]
    notes: _Notes
    out: Dataset
    people: dict[str, tuple] = field(default_factory=dict)   # child -> (gender, ethnicity, dob)
    episodes: list[Episode] = field(default_factory=list)
    extract: dt.date = dt.date.min
    warnings: list[str] = field(default_factory=list)         # given out, with the notes, by build

    @classmethod
    def read(cls, found: _Files, la: str, out: Dataset) -> "_Return":
        """The header and episodes, and so the collection year; build makes the tables."""
        notes = _Notes()
        files = {name: _File.read(path, name, notes) for name, path in found.paths.items()
                 if name in REQUIRED}
        out.sources += [str(path) for path in found.paths.values()]
        ret = cls(la, files, notes, out)
        ret.read_header()
        ret.episodes = ret.read_episodes()
        year = ret.choose_year(found, ret.episodes)
        ret.extract = dt.date(year.start_year + 1, 3, 31)
        return ret

    def read_header(self) -> None:
        f = self.files["header"]
        sexes, ethnic = f.texts("SEX", blank="blank", codes=True), f.texts("ETHNIC", blank="blank")
        for n, child, sex, eth, dob in zip(f.rows, f.children, sexes, ethnic, f.dates("DOB", blank="blank")):
            if child in self.people:
                self.notes.add(f.table, "CHILD", "child listed twice (first row kept)", n)
            else:
                self.people[child] = (GENDER.get(sex or ""), eth, dob)

    def read_episodes(self) -> list[Episode]:
        f = self.files["episodes"]
        starts, ends = f.spans("DECOM", "DEC")
        for n, start in zip(f.rows, starts):
            if start is None:
                raise f.table.error("blank; every episode needs its start date", n, "DECOM")
        columns = [f.texts("RNE", blank="blank (read as a new placement)", codes=True),
                   f.texts("LS", blank="blank", codes=True), f.texts("PLACE", blank="blank", codes=True),
                   f.texts("REC", codes=True)]
        return [Episode(*values) for values in zip(self.known("episodes"), starts, ends, *columns, f.rows)]

    def choose_year(self, found: _Files, episodes: list[Episode]) -> FinancialYear:
        """The file names' year unless an episode starts after its 31 March; else the year of the
        latest episode start. DEC and REVIEW are not used: returns in the wild carry episodes
        ending on 1 April and reviews dated years ahead (both are warned about)."""
        source = self.files["episodes"].table.source
        latest = max(episodes, key=lambda e: e.start, default=None)
        derived = latest and FinancialYear(latest.start.year - (latest.start.month < 4))
        if found.year and (not latest or derived.start_year <= found.year.start_year):
            return found.year
        if not latest:
            raise KpiboardError(f"{source}: no episodes and no year in the file name, so the "
                                "collection year is unknown; name the files like 2017-episodes.csv")
        if found.year:
            self.warnings.append(
                f"{source}: the file name says {found.year} but row {latest.row} starts an episode on "
                f"{latest.start:%d/%m/%Y}, after 31/03/{found.year.start_year + 1}; read as the {derived} "
                f"return (extract date 31/03/{derived.start_year + 1})")
        return derived

    def known(self, name: str) -> list[str]:
        """The file's child ids, noting children the header does not list."""
        f = self.files[name]
        for n, child in zip(f.rows, f.children):
            if child not in self.people:
                self.notes.add(f.table, "CHILD", "child not in header.csv (no gender, ethnicity or dob)", n)
        return f.children

    def add(self, name: str, children: list[str], **columns: list) -> None:
        n, person = len(children), [self.people.get(c, (None, None, None)) for c in children]
        columns |= {"la": [self.la] * n, "extract_date": [self.extract] * n, "child_id": children,
                    "gender": [p[0] for p in person], "ethnicity": [p[1] for p in person],
                    "dob": [p[2] for p in person]}
        target = schema(name)
        self.out.add(name, pa.Table.from_arrays(
            [pa.array(columns.get(f.name, [None] * n), type=f.type) for f in target], schema=target))

    def add_rows(self, name: str, records: list[tuple]) -> None:
        """Rows as (child, value per column of the table after the common ones)."""
        names = ["child"] + schema(name).names[len(COMMON):]
        columns = dict(zip(names, map(list, zip(*records)))) if records else {k: [] for k in names}
        self.add(name, columns.pop("child"), **columns)

    def build(self, history: History) -> None:
        """The return's tables; its periods of care as ``history`` had them at its extract date."""
        table, episodes = self.files["episodes"].table, self.episodes
        for e in episodes:
            if e.end is not None and e.end > self.extract:
                self.notes.add(table, "DEC", f"after the extract date {self.extract:%d/%m/%Y} "
                               "(the period of care is read as open at it)", e.row)
        self.add_rows("cla_episodes", [(e.child, e.start, e.end, e.rne, e.ls, e.place) for e in episodes])
        # The return's own chain of episodes, for its repairs to be warned about in its file.
        chain(episodes, lambda e, column, what: self.notes.add(table, column, what, e.row))
        care = history.at(episodes, self.extract)
        self.cla(care, self.reviews())
        self.missing_episodes()
        self.care_leavers()
        self.adoption(care, episodes)
        self.out.warnings += self.warnings + self.notes.lines()

    def reviews(self) -> dict[str, list[dt.date]]:
        by_child: dict[str, list[dt.date]] = defaultdict(list)
        if "reviews" not in self.files:
            return by_child
        f = self.files["reviews"]
        records = []
        days = f.dates("REVIEW", blank="blank (row skipped)")
        for child, day, n in zip(self.known("reviews"), days, f.rows):
            if day is not None:
                records.append((child, day))
                if day > self.extract:  # kept: the engine reads reviews by their dates
                    self.notes.add(f.table, "REVIEW", f"after the extract date {self.extract:%d/%m/%Y}", n)
        for child, day in sorted(records):
            by_child[child].append(day)
        self.add_rows("cla_reviews", records)
        return by_child

    def cla(self, care: dict[str, Care], reviews: dict[str, list[dt.date]]) -> None:
        """One row per period of care holding the return's episodes, from its true start.
        placements_12m counts the child's placements (any period, short breaks left out) that
        overlap the 12 months to the period's end, or to the extract date while it is open."""
        uasc = set(self.known("uasc")) if "uasc" in self.files else None
        records = []
        for child, seen in care.items():
            days = reviews.get(child, [])
            for period in seen.periods:
                end = max(e.until for e in period)
                end = None if end > self.extract else end
                to = end or self.extract
                since = year_before(to)
                i = bisect_right(days, to) - 1   # the latest review by then, if held in this period
                records.append((child, period[0].start, end, period[-1].ls, period[-1].place,
                                placements(period)[-1][0].start,
                                sum(1 for a, b in seen.spans if a <= to and b > since),
                                days[i] if i >= 0 and days[i] >= period[0].start else None,
                                None, None, None, None if uasc is None else child in uasc, None))
        self.add_rows("cla", records)

    def missing_episodes(self) -> None:
        if "missing" in self.files:
            f = self.files["missing"]
            starts, ends = f.spans("MIS_START", "MIS_END", blank="blank (row skipped)")
            kinds = f.texts("MISSING", blank="blank", codes=True)
            rows = zip(self.known("missing"), starts, ends, kinds)
            self.add_rows("missing", [(c, s, e, k) for c, s, e, k in rows if s is not None])

    def care_leavers(self) -> None:
        if "oc3" in self.files:
            f = self.files["oc3"]
            columns = zip(self.known("oc3"), *(f.texts(c, blank="blank", codes=True)
                                               for c in ("IN_TOUCH", "ACTIV", "ACCOM")))
            self.add_rows("care_leavers", [
                (child, IN_TOUCH.get(touch or ""), activ,
                 activ[0] in "FP" if activ and activ[0] in "FPG" else None,   # F/P full/part-time EET
                 accom, SUITABLE.get(accom[-1]) if accom and accom not in ("0", "Z") else None, None)
                for child, touch, activ, accom in columns])

    def adoption(self, care: dict[str, Care], episodes: list[Episode]) -> None:
        """One row per child with a decision to place for adoption (placed_for_adoption.csv), an
        adoption (ad1.csv) or an episode ending in an adoption order. DATE_PLACED is the date of
        the *decision* that the child should be placed; the date placed (moved in with the
        adopters) is the start of the first episode in placement A3-A6 of the latest period (as
        stitched across returns, so entered_care_date is when that period of care began)."""
        decided: dict[str, dt.date | None] = {}
        matched: dict[str, tuple] = {}
        orders: dict[str, dt.date] = {}
        if "placed_for_adoption" in self.files:
            f = self.files["placed_for_adoption"]
            for child, day in zip(self.known("placed_for_adoption"), f.dates("DATE_PLACED", blank="blank")):
                decided[child] = max((d for d in (decided.get(child), day) if d), default=None)  # latest
        if "ad1" in self.files:
            f = self.files["ad1"]
            matched = {c: (i, m) for c, i, m in zip(self.known("ad1"), f.dates("DATE_INT", blank="blank"),
                                                    f.dates("DATE_MATCH", blank="blank"))}
        for e in episodes:
            if e.rec in ADOPTED and e.end is not None:
                orders[e.child] = max(e.end, orders.get(e.child, e.end))
        records = []
        for child in sorted(decided.keys() | matched.keys() | orders.keys()):
            latest = care[child].periods[-1] if child in care else []
            first = [next((e.start for e in latest if test(e)), None) for test in
                     (lambda e: e.ls == "E1", lambda e: e.place in PLACED_FOR_ADOPTION)]
            decision, match = matched.get(child, (None, None))
            records.append((child, latest[0].start if latest else None, decided.get(child) or decision,
                            first[0], match, first[1], orders.get(child)))
        self.add_rows("adoption", records)
