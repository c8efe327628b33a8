"""The ``kpiboard`` command. Every command has --help; input errors print one line and exit 1."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import getpass
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from kpiboard.errors import KpiboardError
from kpiboard.periods import Month

app = typer.Typer(
    help="Performance reports for children's services, from the data.",
    no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True, markup=False)


class Format(str, Enum):
    csv = "csv"
    json = "json"


def handles_errors(command):
    """Input problems reach the user as one line and exit status 1, never a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KpiboardError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None
        except OSError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc.filename or ''))}: {escape(str(exc.strerror or exc))}")
            raise typer.Exit(1) from None
    return wrapper


def parse_period(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date in the form YYYY-MM-DD") from None


PeriodOpt = Annotated[Month, typer.Option("--period", parser=parse_period, metavar="YYYY-MM",
                                          help="Reporting month, e.g. 2026-10.")]
DbOpt = Annotated[Optional[str], typer.Option(
    "--db", help="Store: a file path or database URL (default $KPIBOARD_DB, else ./kpiboard.db).")]


def _write_rows(rows: list[dict], fmt: Format) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


@app.command()
@handles_errors
def compute(
    catalogue: Annotated[Path, typer.Option(help="Indicator catalogue (YAML).")],
    values: Annotated[list[Path], typer.Option(
        help="Figures (CSV/XLSX, long or wide); repeatable, later files win.")],
    period: PeriodOpt,
    format: Annotated[Format, typer.Option(help="Output format.")] = Format.csv,
    sheet: Annotated[Optional[str], typer.Option(help="Worksheet to read in XLSX files.")] = None,
) -> None:
    """Judge every indicator for one month and print one row per indicator (no store needed).

    With several --values files, a later file's figure for the same indicator and month replaces
    an earlier one, as a later load does in the store.
    """
    from kpiboard.catalogue import load_catalogue
    from kpiboard.ingest.values import read_values
    from kpiboard.model.rows import compute_rows

    cat = load_catalogue(catalogue)
    figures = {}
    with err.status("Reading figures"):
        for path in values:
            read = read_values(path, cat, sheet)
            for warning in read.warnings:
                err.print(f"[yellow]warning:[/] {escape(warning)}")
            figures.update({(f.ref, str(f.period)): f for f in read.figures})
    _write_rows(compute_rows(cat, figures.values(), period), format)


@app.command()
@handles_errors
def load(
    catalogue: Annotated[Optional[Path], typer.Option(help="Indicator catalogue (YAML).")] = None,
    values: Annotated[Optional[list[Path]], typer.Option(help="Figures (CSV/XLSX); repeatable.")] = None,
    commentary: Annotated[Optional[list[Path]], typer.Option(
        help="Commentary (CSV/XLSX/YAML); repeatable.")] = None,
    benchmarks: Annotated[Optional[list[Path]], typer.Option(
        help="Benchmarks (CSV/XLSX); repeatable.")] = None,
    as_at: Annotated[Optional[dt.date], typer.Option(
        "--as-at", parser=parse_date, metavar="YYYY-MM-DD",
        help="Date the extract describes (default: today).")] = None,
    sheet: Annotated[Optional[str], typer.Option(help="Worksheet to read in XLSX files.")] = None,
    annex_a: Annotated[Optional[list[Path]], typer.Option(
        "--annex-a", help="Annex A workbooks or folders: figures for indicators with a source "
                          "measure are computed from them; repeatable.")] = None,
    ssda903: Annotated[Optional[list[Path]], typer.Option(
        help="SSDA903 return folders or files, as for --annex-a; repeatable.")] = None,
    cin_census: Annotated[Optional[list[Path]], typer.Option(
        "--cin-census", help="CIN census XML files or folders, as for --annex-a; repeatable.")] = None,
    la: Annotated[str, typer.Option(help="LA code for child-level records.")] = "LA",
    population: Annotated[Optional[Path], typer.Option(
        help="Population aged 0-17 for rates (default: population.csv beside the records).")] = None,
    dfe: Annotated[Optional[Path], typer.Option(
        "--dfe", metavar="DIR", help="Folder of DfE published tables (cin_2024/, cla/, reference/): "
        "benchmarks for the catalogue's LA, latest published year, and the neighbour values "
        "for the benchmarking pages.")] = None,
    sn_vintage: Annotated[int, typer.Option(
        "--sn-vintage", help="Statistical neighbour model for --dfe: 2021 or 2025.")] = 2021,
    db: DbOpt = None,
) -> None:
    """Load files into the store as one dated snapshot; all files are checked before any is written.

    With --annex-a or --ssda903, the catalogue's indicators that name a library measure as their
    source get figures computed from the child-level records for every month they cover.
    With --dfe, those indicators whose measure DfE publishes get benchmarks for the catalogue's
    LA (la.code) from the published tables, as a benchmarks load (docs/benchmarks.md).
    Child-level records also refresh the web app's RESTRICTED exception lists. Every load is
    recorded in the audit log as made by cli:<your OS user name>.
    """
    from kpiboard.loading import commit_load, prepare_load
    from kpiboard.store import Store

    if not any([catalogue, values, commentary, benchmarks, annex_a, ssda903, cin_census, dfe]):
        raise KpiboardError("nothing to load: give --catalogue, --values, --commentary, "
                            "--benchmarks, --dfe, --annex-a, --ssda903 or --cin-census")
    store = Store(db)
    records = None
    if annex_a or ssda903 or cin_census:
        from kpiboard.records.read import read_records

        with err.status("Reading child-level records"):
            records = read_records(annex_a, ssda903, la, population, cin_census)
    with err.status("Checking files and computing figures"):
        batch = prepare_load(store, catalogue=catalogue, values=values or [],
                             commentary=commentary or [], benchmarks=benchmarks or [], sheet=sheet,
                             as_at=as_at, records=records, dfe=dfe, sn_vintage=sn_vintage)
    for item in batch.items:
        for warning in item.warnings:
            err.print(f"[yellow]warning:[/] {escape(warning)}")
    # Recorded as the app's loads are: the user is the OS account.
    try:
        actor = f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name in the environment and no passwd entry
        actor = "cli:unknown"
    with err.status("Writing the load" + (" and refreshing exception lists" if records is not None else "")):
        lines = commit_load(store, batch, records, actor)
    for line in lines:
        out.print(line)
    out.print(f"store: {store.shown_url}")


@app.command()
@handles_errors
def loads(
    db: DbOpt = None,
    show: Annotated[Optional[int], typer.Option(
        help="Print this load's kept validation report (its warnings) in full.")] = None,
) -> None:
    """List every load (snapshot) in the store with its date, file, hash and warning count."""
    from kpiboard.store import Store

    rows = Store(db, create=False).loads()
    if show is not None:
        found = [r for r in rows if r.id == show]
        if not found:
            raise KpiboardError(f"no load {show} in the store")
        r = found[0]
        out.print(f"load {r.id}: {r.kind} from {r.source}, as at {r.as_at}, loaded {r.loaded_at}, "
                  f"{r.rows} rows, sha256 {r.sha256}")
        warnings = (r.warnings or "").splitlines()
        out.print(f"{len(warnings)} warning(s)" + (":" if warnings else ""))
        for w in warnings:
            out.print(f"  - {w}")
        return
    for r in rows:
        count = len((r.warnings or "").splitlines())
        out.print(f"{r.id:>4}  {r.loaded_at}  as at {r.as_at}  {r.kind:<10} {r.rows:>6} rows  "
                  f"{r.sha256[:12]}  {count} warning(s)  {r.source}")


@app.command()
@handles_errors
def history(
    ref: Annotated[str, typer.Option(help="Indicator ref.")],
    period: Annotated[Optional[Month], typer.Option(parser=parse_period, metavar="YYYY-MM",
                                                    help="Only this month.")] = None,
    db: DbOpt = None,
) -> None:
    """Show every loaded version of an indicator's figures: what changed, when, from which file."""
    from kpiboard.store import Store

    store = Store(db, create=False)
    found = False
    for (r, p), versions in sorted(store.history().items()):
        if r != ref or (period is not None and p != str(period)):
            continue
        found = True
        for i, v in enumerate(versions):
            f = v.figure
            tag = "loaded" if i == 0 else ("revised" if f.same_figures != versions[i - 1].figure.same_figures
                                           else "restated")
            parts = f"{f.numerator:g} of {f.denominator:g}" if f.numerator is not None else ""
            out.print(f"{p}  {tag:<8} value={'' if f.value is None else f'{f.value:g}'} {parts} "
                      f"{f.note or ''}  load {v.load_id} {v.loaded_at} {v.source}")
    if not found:
        raise KpiboardError(f"no figures for '{ref}'{f' in {period}' if period else ''} in the store")


@app.command()
@handles_errors
def report(
    period: PeriodOpt,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the report into.")],
    format: Annotated[str, typer.Option(
        help="Formats, comma-separated: html (self-contained page), pdf (A4, via WeasyPrint), "
             "xlsx (Excel workbook with native charts).")]
    = "html",
    kind: Annotated[str, typer.Option(
        help="Report kind: monthly (the performance report), plan (improvement-plan tracker), "
             "scorecard (quarterly scorecard by owner), appendix (improvement KPI appendix), "
             "pages (performance on a page, from loaded child-level records) or all.")]
    = "monthly",
    publish: Annotated[bool, typer.Option(
        "--publish", help="The version for a website: counts from 1 to 5, and any figure they "
                          "could be worked out from, shown as c; no commentary, no child-level "
                          "data. Every file written is then checked as check-published does.")]
    = False,
    db: DbOpt = None,
) -> None:
    """Build a report from the store: the monthly performance report, the improvement-plan
    tracker, the scorecard by owner, the improvement KPI appendix, performance on a page, or
    all of them."""
    from kpiboard.reporting import FORMATS, KINDS, build_all, build_report

    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise KpiboardError(f"unknown format(s) {', '.join(unknown) or '(none)'}; "
                            f"choose from {', '.join(FORMATS)}")
    if kind not in (*KINDS, "all"):
        raise KpiboardError(f"unknown report kind '{kind}'; choose from {', '.join(KINDS)} or all")
    if kind == "all":
        paths, skipped = build_all(db, period, out_dir, formats=formats, publish=publish,
                                   progress=True)
        for reason in skipped:
            out.print(f"skipped {escape(reason)}")
    else:
        paths = build_report(db, kind, period, out_dir, formats=formats, publish=publish,
                             progress=True)
    for path in paths:
        out.print(f"wrote {path}")
    if publish:
        _fail_on_problems(paths)


def _fail_on_problems(paths: list[Path]) -> None:
    from kpiboard.publish.check import check_published

    problems = [p for path in paths for p in check_published(path)]
    for problem in problems:
        err.print(f"[bold red]not publishable:[/] {escape(problem)}")
    if problems:
        raise typer.Exit(1)


@app.command("check-published")
@handles_errors
def check_published_command(
    files: Annotated[list[Path], typer.Argument(
        help="Report files to check: HTML, PDF or XLSX.", exists=True, dir_okay=False)],
) -> None:
    """Check report files before they go on a website: exit 1, listing each problem, if a count
    from 1 to 5 is not suppressed, a child-level column or list is present, or the suppression
    note is missing."""
    _fail_on_problems(files)
    for path in files:
        out.print(f"ok {path}")


@app.command()
@handles_errors
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo store and reports.")]
    = Path("kpiboard-demo"),
    seed: Annotated[int, typer.Option(help="Seed for the synthetic figures.")] = 2026,
) -> None:
    """Build the demo: a fictional LA's catalogue, synthetic figures, commentary and benchmarks,
    loaded into a fresh store and rendered to the monthly report."""
    from kpiboard.demo.run import run_demo

    for line in run_demo(out_dir, seed):
        out.print(line)


def main() -> None:  # pragma: no cover - the console script
    app()


# Child-level commands live in their own module; importing it registers them on `app`.
from kpiboard import cli_records  # noqa: E402,F401
from kpiboard import cli_benchmarks  # noqa: E402,F401
from kpiboard import cli_spc  # noqa: E402,F401
from kpiboard import cli_web  # noqa: E402,F401
