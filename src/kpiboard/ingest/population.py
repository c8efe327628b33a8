"""Mid-year population aged 0-17, for rates per 10,000.

Reads either the published ONS/DfE tidy CSV (time_period, geographic_level, old_la_code,
population_estimate, ...) or a simple ``la,year,population`` file.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from kpiboard.ingest import cells
from kpiboard.ingest.benchmarks import SUPPRESSION_CODES
from kpiboard.ingest.tables import normalise_header, read_table
from kpiboard.records.schema import POPULATION


def read_population(path: str | Path) -> pa.Table:
    table = read_table(path)
    header = [normalise_header(h) for h in table.header]
    col = {h: i for i, h in enumerate(header)}
    if {"la", "year", "population"} <= set(col):
        la_col, year_col, pop_col, level_col = col["la"], col["year"], col["population"], None
    elif {"old_la_code", "time_period", "population_estimate"} <= set(col):
        la_col, year_col, pop_col = col["old_la_code"], col["time_period"], col["population_estimate"]
        level_col = col.get("geographic_level")
    else:
        raise table.error("expected columns la,year,population or the published ONS/DfE layout "
                          "(old_la_code, time_period, population_estimate)")
    rows = {"la": [], "year": [], "population": []}
    for row, values in table.rows:
        if level_col is not None and str(values[level_col]).strip().lower() != "local authority":
            continue
        la = cells.text(values[la_col])
        if la is None or str(values[pop_col]).strip().lower() in SUPPRESSION_CODES:
            continue  # published tables mark missing estimates with codes such as 'x'

        try:
            year = int(cells.number(values[year_col]))
            population = int(cells.number(values[pop_col]))
        except ValueError as exc:
            raise table.error(str(exc), row, table.header[pop_col]) from None
        rows["la"].append(la.zfill(3) if la.isdigit() else la)
        rows["year"].append(year)
        rows["population"].append(population)
    return pa.table(rows, schema=POPULATION)
