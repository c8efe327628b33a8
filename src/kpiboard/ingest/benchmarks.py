"""Benchmarks supplied as a file: ref, year, sn_average, best_sn, england, top_quartile
[, region, source]. Published suppression codes (c, x, z, u, k, ...) read as missing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpiboard.catalogue.model import Catalogue
from kpiboard.ingest import cells
from kpiboard.ingest.tables import normalise_header, read_table

MEASURES = ("sn_average", "best_sn", "england", "top_quartile", "region")
SUPPRESSION_CODES = {"c", "x", "z", "u", "k", ":", ".", "low", "~"}


@dataclass(frozen=True, slots=True)
class Benchmark:
    ref: str
    year: str
    sn_average: float | None = None
    best_sn: float | None = None
    england: float | None = None
    top_quartile: float | None = None
    region: float | None = None
    source: str | None = None


def read_benchmarks(path: str | Path, catalogue: Catalogue) -> list[Benchmark]:
    table = read_table(path)
    header = [normalise_header(h) for h in table.header]
    for required in ("ref", "year"):
        if required not in header:
            raise table.error(f"missing the '{required}' column (ref,year,{','.join(MEASURES)},source)")
    col = {h: i for i, h in enumerate(header)}
    out = []
    for row, values in table.rows:
        ref = cells.ref_text(values[col["ref"]])
        if ref is None:
            raise table.error("ref is blank", row, "ref")
        if ref not in catalogue.refs:
            raise table.error(f"'{ref}' is not an indicator in the catalogue", row, "ref")
        year = (cells.text(values[col["year"]]) or "").replace("/", "-")
        if not year:
            raise table.error("year is blank", row, "year")
        numbers = {}
        for name in MEASURES:
            cell = values[col[name]] if name in col else None
            if cells.is_blank(cell) or str(cell).strip().lower() in SUPPRESSION_CODES:
                numbers[name] = None
                continue
            try:
                numbers[name] = cells.number(cell)
            except ValueError as exc:
                raise table.error(str(exc), row, name) from None
        source = cells.text(values[col["source"]]) if "source" in col else None
        out.append(Benchmark(ref, year, source=source, **numbers))
    return out
