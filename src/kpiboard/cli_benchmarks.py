"""`kpiboard benchmarks`: an LA's published figures beside its statistical neighbours, region,
England, quartile band and rank (docs/benchmarks.md). Registered on the main app in cli.py."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kpiboard.cli import Format, app, handles_errors
from kpiboard.errors import KpiboardError
from kpiboard.periods import FinancialYear

COLUMNS = ("ref", "la_code", "new_la_code", "la_name", "year", "value", "sn_mean", "sn_median",
           "best_sn", "region", "england", "quartile_band", "top_quartile_threshold", "rank",
           "sn_vintage")


def parse_year(text: str | None) -> int | None:
    """2024 or 2023-24 -> 2024: the collection year ending 31 March 2024 (workforce: 30 Sept)."""
    if text is None:
        return None
    t = text.strip()
    if len(t) == 4 and t.isdigit():
        return int(t)
    try:
        return FinancialYear.parse(t).start_year + 1
    except ValueError:
        raise KpiboardError(f"--year '{text}' is not a year like 2024 (meaning 2023-24) or "
                            "2023-24") from None


def _data_dir(data: Path | None) -> Path:
    from kpiboard.benchmarks.published import default_data_dir

    if data is None:
        return default_data_dir()
    if not data.is_dir():
        raise KpiboardError(f"--data {data}: not a folder (give the folder holding cin_2024/ and cla/)")
    return data


def rows(la: str, year: int | None, sn_vintage: int, data: Path) -> list[dict]:
    from kpiboard.benchmarks.compare import round_half_up
    from kpiboard.benchmarks.lookup import la_benchmarks

    out = []
    for b in la_benchmarks(la, year=year, sn_vintage=sn_vintage, data_dir=data):
        c = b.comparison
        out.append({
            "ref": b.measure, "la_code": b.la.code, "new_la_code": b.la.new_code,
            "la_name": b.la.name, "year": b.year, "value": round_half_up(c.value),
            "sn_mean": round_half_up(c.sn_mean), "sn_median": c.sn_median,
            "best_sn": round_half_up(c.best_sn), "region": round_half_up(c.region),
            "england": round_half_up(c.england), "quartile_band": c.quartile_band,
            "top_quartile_threshold": round_half_up(c.top_quartile_threshold), "rank": c.rank,
            "sn_vintage": c.sn_vintage,
        })
    return out


@app.command()
@handles_errors
def benchmarks(
    la: Annotated[str, typer.Option(
        "--la", metavar="CODE|all", help="LA: old code (202), new code (E09000007) or 'all'.")],
    year: Annotated[Optional[str], typer.Option(
        "--year", metavar="YYYY", help="Collection year: 2024 means 2023-24, to 31 March 2024 "
        "(workforce: 30 September 2024); 2023-24 is also accepted. Default: each measure's "
        "latest published year.")] = None,
    sn_vintage: Annotated[int, typer.Option(
        "--sn-vintage", help="Statistical neighbour model: 2021 or 2025.")] = 2021,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.csv,
    data: Annotated[Optional[Path], typer.Option(
        "--data", help="Folder of DfE tables (cin_2024/, cla/, reference/); default "
        "$KPIBOARD_DFE_DATA, else ../shared/data/dfe.")] = None,
) -> None:
    """Published DfE figures for an LA beside its statistical neighbours (mean and median),
    best neighbour, region, England, quartile band, top-quartile threshold and rank."""
    table = rows(la, parse_year(year), sn_vintage, _data_dir(data))
    if format is Format.json:
        sys.stdout.write(json.dumps(table, indent=2) + "\n")
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
