"""Read DfE's published tables (EES tidy CSVs) into tidy values per measure, year and geography.

The I/O edge of benchmarks/: everything after this works on `PublishedValue`s. Suppression
codes (c, x, z, u, k, low, :, ...) are kept as a missing value *with the code as its reason*,
never zero. Years are the year a collection ends: 2024 is the year to (or at) 31 March 2024,
i.e. 2023-24; for the workforce table it is 30 September 2024. EES writes a time_period either
as ``2024`` or as ``202324``; both read as 2024.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from kpiboard.benchmarks.mapping import Mapping, PublishedMeasure, Quantity, mapping
from kpiboard.errors import KpiboardError, input_error
from kpiboard.ingest.benchmarks import SUPPRESSION_CODES

Level = Literal["national", "regional", "la"]
LEVELS: dict[str, Level] = {"National": "national", "Regional": "regional", "Local authority": "la"}
REASONS = {"c": "suppressed", "x": "not available", "z": "not applicable", "u": "low reliability",
           "k": "rounds to zero", "low": "low reliability", ":": "not available",
           ".": "not available", "~": "rounds to zero", "blank": "blank cell",
           "no row": "no published row", "zero denominator": "denominator is 0"}
NEIGHBOUR_FILES = {2021: "reference/New_Statistical_Neighbour_Groupings_April_2021.csv",
                   2025: "reference/sn_model_2025_wide.csv"}


@dataclass(frozen=True, slots=True)
class PublishedValue:
    """One measure's value for one geography and year, as published or derived from the table."""

    measure: str
    year: int
    level: Level
    old_la_code: str | None
    new_la_code: str | None
    la_name: str | None
    region_code: str | None
    region_name: str | None
    value: float | None
    missing: str | None = None        # the suppression code (or "no row", ...) when value is None
    numerator: float | None = None
    denominator: float | None = None
    published: float | None = None    # the published column, when the table has one
    derived: bool = False             # value computed from numerator / denominator


@dataclass(frozen=True)
class MeasureYear:
    """A measure's published rows for one year: England, regions by code, LAs by old code."""

    measure: str
    year: int
    england: PublishedValue | None
    regions: dict[str, PublishedValue] = field(default_factory=dict)
    las: dict[str, PublishedValue] = field(default_factory=dict)

    def la(self, code: str) -> PublishedValue | None:
        """An LA's row; an LA in a shared service ("314 / 318") gets the joint row."""
        if code in self.las:
            return self.las[code]
        for key, row in self.las.items():
            if " / " in key and code in key.split(" / "):
                return row
        return None


@dataclass(frozen=True)
class Published:
    """Every mapped measure's rows, by (measure, year)."""

    by_measure_year: dict[tuple[str, int], MeasureYear]

    def years(self, measure: str) -> list[int]:
        return sorted(y for m, y in self.by_measure_year if m == measure)

    def get(self, measure: str, year: int) -> MeasureYear | None:
        return self.by_measure_year.get((measure, year))

    def latest_year(self, measure: str) -> int | None:
        """The latest year with at least one LA value."""
        years = [y for y in self.years(measure)
                 if any(v.value is not None for v in self.by_measure_year[(measure, y)].las.values())]
        return max(years) if years else None


def parse_year(text: str) -> int:
    """EES time_period: ``2024`` or ``202324`` (financial/academic year) -> 2024."""
    t = text.strip()
    if len(t) == 6 and t.isdigit():
        return int(t[:4]) + 1
    if len(t) == 4 and t.isdigit():
        return int(t)
    raise ValueError(f"'{text}' is not a time_period like 2024 or 202324")


def parse_cell(text: str) -> tuple[float | None, str | None]:
    """A published cell: (number, None) or (None, reason code). Unknown text raises ValueError."""
    t = text.strip()
    if not t:
        return None, "blank"
    if t.lower() in SUPPRESSION_CODES:
        return None, t.lower()
    try:
        return float(t.replace(",", "")), None
    except ValueError:
        raise ValueError(f"'{text}' is neither a number nor a suppression code") from None


def default_data_dir() -> Path:
    """$KPIBOARD_DFE_DATA, else ../shared/data/dfe from the current folder (the repo holds no
    DfE tables)."""
    env = os.environ.get("KPIBOARD_DFE_DATA")
    if env:
        return Path(env)
    candidate = Path.cwd().parent / "shared" / "data" / "dfe"
    if candidate.is_dir():
        return candidate
    raise KpiboardError("no DfE tables found: pass --data DIR (the folder holding cin_2024/ and "
                        "cla/) or set KPIBOARD_DFE_DATA")


def read_published(data_dir: str | Path, *, years: Iterable[int] | None = None,
                   measures: Iterable[str] | None = None, spec: Mapping | None = None) -> Published:
    """Read the tables the mapping names (each file once), keeping only ``years`` if given."""
    spec = spec or mapping()
    wanted = set(measures) if measures is not None else set(spec.ids)
    unknown = wanted - set(spec.ids)
    if unknown:
        raise KpiboardError(f"no published table for measure(s) {', '.join(sorted(unknown))}")
    keep = set(years) if years is not None else None
    by_table: dict[str, list[PublishedMeasure]] = defaultdict(list)
    for m in spec.measures:
        if m.id in wanted:
            by_table[m.table].append(m)
    rows: list[PublishedValue] = []
    for key, table_measures in by_table.items():
        path = Path(data_dir) / spec.tables[key].path
        rows.extend(_read_table(path, table_measures, keep))
    return _index(rows)


# ---- one table ------------------------------------------------------------------------------

_GEO = ("geographic_level", "old_la_code", "new_la_code", "la_name", "region_code", "region_name")


def _read_table(path: Path, measures: list[PublishedMeasure], keep: set[int] | None) -> list[PublishedValue]:
    if not path.is_file():
        raise KpiboardError(f"{path}: no such DfE table (is --data the folder holding cin_2024/ and cla/?)")
    sums: dict[tuple, dict[str, _Sum]] = defaultdict(lambda: defaultdict(_Sum))
    geos: dict[tuple, tuple] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        col = {h: i for i, h in enumerate(header)}
        _check_columns(path, col, measures)
        for line, values in enumerate(reader, start=2):
            try:
                year = parse_year(values[col["time_period"]])
            except ValueError as exc:
                raise input_error(str(exc), path, row=line, column="time_period") from None
            if keep is not None and year not in keep:
                continue
            level = LEVELS.get(values[col["geographic_level"]])
            if level is None:
                continue  # other geographies (e.g. local authority district) are not benchmarks
            geo = _geography(level, values, col)
            for m in measures:
                if not _matches(m.where, values, col):
                    continue
                k = (m.id, year, level, geo[0])
                geos[k] = geo
                for name, q in _quantities(m):
                    if _matches(q.where, values, col):
                        for column in q.sum:
                            try:
                                sums[k][name].add(*parse_cell(values[col[column]]))
                            except ValueError as exc:
                                raise input_error(str(exc), path, row=line, column=column) from None
    by_id = {m.id: m for m in measures}
    return [_value(by_id[k[0]], k[1], k[2], geos[k], sums[k]) for k in geos]


def _check_columns(path: Path, col: dict[str, int], measures: list[PublishedMeasure]) -> None:
    needed = {"time_period", *_GEO}
    for m in measures:
        needed |= set(m.where)
        for _, q in _quantities(m):
            needed |= set(q.sum) | set(q.where)
    missing = sorted(needed - set(col))
    if missing:
        raise KpiboardError(f"{path}: missing column(s) {', '.join(missing)} (is it the DfE table?)")


def _quantities(m: PublishedMeasure) -> list[tuple[str, Quantity]]:
    names = ("published", "numerator", "numerator_complement", "denominator")
    return [(n, getattr(m, n)) for n in names if getattr(m, n) is not None]


def _matches(where: dict, values: list[str], col: dict[str, int]) -> bool:
    for column, wanted in where.items():
        cell = values[col[column]].strip()
        allowed = [wanted] if isinstance(wanted, str) else wanted
        if cell not in allowed:
            return False
    return True


def _geography(level: Level, values: list[str], col: dict[str, int]) -> tuple:
    def cell(name: str) -> str | None:
        return values[col[name]].strip() or None

    if level == "la":
        key = cell("old_la_code") or cell("new_la_code")
    elif level == "regional":
        key = cell("region_code")
    else:
        key = "E92000001"
    return (key, cell("old_la_code"), cell("new_la_code"), cell("la_name"),
            cell("region_code"), cell("region_name"))


class _Sum:
    """Cells added together; any missing cell makes the sum missing, keeping the first reason."""

    __slots__ = ("total", "reason", "cells")

    def __init__(self) -> None:
        self.total, self.reason, self.cells = 0.0, None, 0

    def add(self, number: float | None, reason: str | None) -> None:
        self.cells += 1
        if number is None:
            self.reason = self.reason or reason
        else:
            self.total += number

    @property
    def value(self) -> float | None:
        # rounded so FTE sums like 5415.9 + 36186.3 do not print binary noise
        return None if self.reason or not self.cells else round(self.total, 6)

    @property
    def why(self) -> str | None:
        return self.reason or (None if self.cells else "no row")


def _value(m: PublishedMeasure, year: int, level: Level, geo: tuple, sums: dict[str, _Sum]) -> PublishedValue:
    _, old, new, name, region_code, region_name = geo
    published = sums["published"] if m.published else None
    num = sums["numerator"].value if m.numerator else None
    den = sums["denominator"].value if m.denominator else None
    if num is None and m.numerator_complement and den is not None:
        rest = sums["numerator_complement"].value
        num = None if rest is None else den - rest
    base = dict(measure=m.id, year=year, level=level, old_la_code=old if level == "la" else None,
                new_la_code=new if level == "la" else None, la_name=name if level == "la" else None,
                region_code=region_code, region_name=region_name, numerator=num, denominator=den,
                published=published.value if published else None)
    if m.method == "read" or (level != "la" and m.totals == "read" and published is not None):
        # England and region counts are rounded to the nearest 10, so where the table publishes
        # the figure (to 1 dp) it is more exact than one derived from them
        return PublishedValue(value=published.value, missing=published.why, **base)
    if num is None or den is None:
        parts = ("denominator", "numerator", "numerator_complement")
        why = next((sums[n].why for n in parts if getattr(m, n) and sums[n].why), "no row")
        return PublishedValue(value=None, missing=why, derived=True, **base)
    if den == 0:
        return PublishedValue(value=None, missing="zero denominator", derived=True, **base)
    # numerator x scale first: 23 x 100 / 40 is exactly 57.5, 23 / 40 x 100 is 57.49999999999999
    return PublishedValue(value=num * m.scale / den, derived=True, **base)


def _index(rows: list[PublishedValue]) -> Published:
    grouped: dict[tuple[str, int], dict[str, object]] = defaultdict(
        lambda: {"england": None, "regions": {}, "las": {}})
    for r in rows:
        g = grouped[(r.measure, r.year)]
        if r.level == "national":
            g["england"] = r
        elif r.level == "regional":
            g["regions"][r.region_code] = r
        else:
            g["las"][r.old_la_code or r.new_la_code] = r
    return Published({k: MeasureYear(k[0], k[1], **g) for k, g in grouped.items()})


# ---- statistical neighbours -----------------------------------------------------------------

def read_neighbours(data_dir: str | Path, vintage: int) -> dict[str, tuple[str, ...]]:
    """Each LA's 10 statistical neighbours (old LA codes, closest first) for the 2021 or 2025 model."""
    if vintage not in NEIGHBOUR_FILES:
        raise KpiboardError(f"statistical neighbour vintage {vintage} is not one of "
                            f"{', '.join(map(str, NEIGHBOUR_FILES))}")
    path = Path(data_dir) / NEIGHBOUR_FILES[vintage]
    if not path.is_file():
        raise KpiboardError(f"{path}: no statistical neighbour file (is --data the DfE folder?)")
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    # 2021: "LA num, ..., SN1, SNP, SN2, SNP, ..."; 2025: "old_la_code, ..., SN_1, SN_1P, ...".
    columns = [i for i, h in enumerate(header) if h.replace("_", "").upper() in
               {f"SN{n}" for n in range(1, 11)}]
    if len(columns) != 10:
        raise KpiboardError(f"{path}: expected columns SN1..SN10, found {len(columns)}")
    out = {}
    for row in rows[1:]:
        if row and row[0].strip():
            out[row[0].strip()] = tuple(row[i].strip() for i in columns if row[i].strip())
    return out
