"""Child-level commands: measures, exceptions, synth. Registered on the main app in cli.py."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from kpiboard.cli import DbOpt, Format, PeriodOpt, app, err, handles_errors, out
from kpiboard.errors import KpiboardError
from kpiboard.measures.spec import ENGINES, WINDOWS

AnnexAOpt = Annotated[Optional[list[Path]], typer.Option(
    "--annex-a", help="Annex A workbook or folder of workbooks (each workbook one extract); repeatable.")]
Ssda903Opt = Annotated[Optional[list[Path]], typer.Option(
    "--ssda903", help="SSDA903 return folder or files; repeatable.")]
CensusOpt = Annotated[Optional[list[Path]], typer.Option(
    "--cin-census", help="CIN census XML file or folder; repeatable.")]
EngineOpt = Annotated[str, typer.Option(help=f"Engine: {', '.join(ENGINES)}.")]
LaOpt = Annotated[str, typer.Option(help="LA code to tag the records with (3-digit old code).")]
PopulationOpt = Annotated[Optional[Path], typer.Option(
    help="Population aged 0-17 (la,year,population or the published ONS/DfE CSV) for rates.")]


def read_records(annex_a, ssda903, la, population, cin_census=None):
    from kpiboard.records.read import read_records as read

    with err.status("Reading child-level records"):
        dataset = read(annex_a, ssda903, la, population, cin_census)
    for warning in dataset.warnings[:20]:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    if len(dataset.warnings) > 20:
        err.print(f"[yellow]warning:[/] ... and {len(dataset.warnings) - 20} more "
                  "(kpiboard validate prints them all)")
    return dataset


def _engine(engine: str, db: str | None):
    from kpiboard.measures.engine import Engine

    return Engine(engine, db)


def _emit(rows: list[dict], fmt: Format, stream=sys.stdout) -> None:
    if fmt is Format.json:
        stream.write(json.dumps(rows, indent=2, default=str) + "\n")
    elif rows:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@app.command()
@handles_errors
def measures(
    period: PeriodOpt,
    annex_a: AnnexAOpt = None,
    ssda903: Ssda903Opt = None,
    cin_census: CensusOpt = None,
    window: Annotated[Optional[list[str]], typer.Option(
        help=f"Window(s): {', '.join(WINDOWS)}; repeatable (default: month, or the measure's own "
             "default such as rolling 12 months for adoption A1/A2).")] = None,
    measure: Annotated[Optional[list[str]], typer.Option(
        help="Only these measure ids; repeatable (default: every measure).")] = None,
    engine: EngineOpt = "duckdb",
    db: DbOpt = None,
    by: Annotated[Optional[str], typer.Option(
        help="Breakdown: team, worker, age_band, gender, ethnicity, disability, legal_status, "
             "placement_type.")] = None,
    la: LaOpt = "LA",
    population: PopulationOpt = None,
    format: Annotated[Format, typer.Option(help="Output format.")] = Format.csv,
) -> None:
    """Compute the standard measures from child-level records for a month.

    Prints ref,period,window,value,numerator,denominator (plus la when several LAs are loaded,
    and the breakdown column with --by), one row per measure and window.
    """
    from kpiboard.measures.spec import library

    ids = measure or library().ids
    unknown = [m for m in ids if m not in library().ids]
    if unknown:
        raise KpiboardError(f"unknown measure(s) {', '.join(unknown)}; see docs/measures.md")
    for w in window or []:
        if w not in WINDOWS:
            raise KpiboardError(f"unknown window '{w}' (one of {', '.join(WINDOWS)})")
    dataset = read_records(annex_a, ssda903, la, population, cin_census)
    eng = _engine(engine, db if engine != "duckdb" else None)
    try:
        with err.status(f"Computing {len(ids)} measures on {engine}"):
            eng.load(dataset)
            results = [r for w in (window or [None]) for r in eng.compute(ids, period, w, by)]
    finally:
        eng.close()
    several = len({r.la for r in results}) > 1
    rows = []
    for r in results:
        row = {"ref": r.measure, "period": str(r.period), "window": r.window,
               "value": None if r.value is None else round(r.value, 4),
               "numerator": r.numerator, "denominator": r.denominator}
        if several:
            row = {"la": r.la, **row}
        if by:
            row[by] = r.group
        rows.append(row)
    _emit(rows, format)


@app.command()
@handles_errors
def exceptions(
    measure: Annotated[str, typer.Option(help="Measure id, e.g. cpp_visited_pct.")],
    period: PeriodOpt,
    annex_a: AnnexAOpt = None,
    ssda903: Ssda903Opt = None,
    cin_census: CensusOpt = None,
    window: Annotated[Optional[str], typer.Option(help=f"Window: {', '.join(WINDOWS)}.")] = None,
    engine: EngineOpt = "duckdb",
    db: DbOpt = None,
    la: LaOpt = "LA",
    format: Annotated[Format, typer.Option(help="Output format.")] = Format.csv,
    output: Annotated[Optional[Path], typer.Option(
        "--out", help="Write to this file (recommended: the rows identify children).")] = None,
) -> None:
    """Print the child-level rows behind one measure's failures (RESTRICTED: child-level data)."""
    from kpiboard.measures.engine import RESTRICTED, exception_rows
    from kpiboard.periods import Month  # noqa: F401  (period is parsed by PeriodOpt)

    dataset = read_records(annex_a, ssda903, la, None, cin_census)
    eng = _engine(engine, db if engine != "duckdb" else None)
    try:
        eng.load(dataset)
        table = exception_rows(eng, measure, period, window)
    finally:
        eng.close()
    rows = [{"classification": "RESTRICTED", **r} for r in table.to_pylist()]
    err.print(f"[bold red]{RESTRICTED}[/]")
    if output is not None:
        with output.open("w", encoding="utf-8", newline="") as fh:
            _emit(rows, format, fh)
        out.print(f"wrote {len(rows)} restricted rows to {output}")
    else:
        _emit(rows, format)


@app.command()
@handles_errors
def synth(
    output: Annotated[Path, typer.Option("--out", help="Folder to write the synthetic LA into.")],
    children: Annotated[int, typer.Option(help="Children per LA (roughly).")] = 5000,
    las: Annotated[int, typer.Option(help="Number of LAs (153 makes a national-scale set).")] = 1,
    months: Annotated[int, typer.Option(help="Months of monthly Annex A extracts.")] = 24,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 1,
) -> None:
    """Write a synthetic LA: monthly Annex A workbooks, SSDA903 returns and population."""
    from kpiboard.synth import write_synthetic

    with err.status("Simulating children's journeys and writing files"):
        paths = write_synthetic(output, children=children, months=months, seed=seed, las=las)
    out.print(f"wrote {len(paths)} files under {output}")


@app.command()
@handles_errors
def validate(
    annex_a: AnnexAOpt = None,
    ssda903: Ssda903Opt = None,
    cin_census: CensusOpt = None,
    la: LaOpt = "LA",
) -> None:
    """Read child-level files and print their validation report, without loading anything."""
    from kpiboard.ingest.annex_a import validation_report
    from kpiboard.records.read import read_records as read

    with err.status("Reading child-level records"):
        dataset = read(annex_a, ssda903, la, None, cin_census)
    out.print(validation_report(dataset))
