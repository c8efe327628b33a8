"""``kpiboard spc``: an XmR chart's numbers for one indicator, from a figures file.

Registered on the main app in cli.py. The judging is ``kpiboard.judge.spc.xmr``; this module
only reads the file, picks the indicator's months and prints. See docs/spc.md.
"""

from __future__ import annotations

import csv
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from kpiboard.catalogue.model import Catalogue, Indicator
from kpiboard.cli import app, err, handles_errors
from kpiboard.errors import KpiboardError
from kpiboard.figures import Figure
from kpiboard.judge.spc import (ASSURANCE_LABELS, MIN_POINTS, VARIATION_LABELS, SpcResult, xmr)
from kpiboard.periods import Month

COLUMNS = ("period", "value", "mean", "lower_limit", "upper_limit", "variation", "rule")


class SpcFormat(str, Enum):
    csv = "csv"
    table = "table"


class PolarityChoice(str, Enum):
    higher = "higher"
    lower = "lower"
    neutral = "neutral"


class _AnyRefCatalogue(Catalogue):
    """Without a catalogue file, every ref in the figures file is read as a plain number (the
    reader checks refs against a catalogue; here there is nothing to check against)."""

    def indicator(self, ref: str) -> Indicator:
        try:
            return super().indicator(ref)
        except KeyError:
            return _plain_indicator(ref, "neutral")


def _plain_indicator(ref: str, polarity: str) -> Indicator:
    return Indicator(ref=ref, title=ref, section="Figures", polarity=polarity, unit="number",
                     aggregation="latest")


@app.command()
@handles_errors
def spc(
    values: Annotated[Path, typer.Option(
        help="Figures (CSV/XLSX, long or wide layout; see docs/formats.md).")],
    ref: Annotated[str, typer.Option(help="The indicator to chart.")],
    catalogue: Annotated[Optional[Path], typer.Option(
        help="Indicator catalogue (YAML): gives the polarity, the target and the units.")] = None,
    polarity: Annotated[Optional[PolarityChoice], typer.Option(
        help="Which way is better (default: the catalogue's; needed without --catalogue).")] = None,
    target: Annotated[Optional[float], typer.Option(
        help="Target for the assurance icon (default: the catalogue's target for the latest "
             "month).")] = None,
    run_length: Annotated[int, typer.Option(
        "--run-length", min=6, max=7, help="Points in a run or trend: 7 (default) or 6.")] = 7,
    screen: Annotated[bool, typer.Option(
        "--screen/--no-screen", help="Drop moving ranges >= 3.267 x their mean before the "
                                     "limits (NHSRplotthedots does; the MDC Excel tool does not).")]
    = False,
    format: Annotated[SpcFormat, typer.Option(help="Output format.")] = SpcFormat.csv,
    sheet: Annotated[Optional[str], typer.Option(help="Worksheet to read in an XLSX file.")] = None,
) -> None:
    """Statistical process control (XmR, Making Data Count) for one indicator's months.

    Prints period,value,mean,lower_limit,upper_limit,variation,rule per month, oldest first,
    then one '#' line with the series' variation and assurance icons and the settings used.
    """
    from kpiboard.catalogue import load_catalogue
    from kpiboard.ingest.values import read_values

    cat = load_catalogue(catalogue) if catalogue is not None else None
    indicator = _catalogue_indicator(cat, catalogue, ref)
    chosen = polarity.value if polarity is not None else indicator.polarity if indicator else None
    if chosen is None:
        raise KpiboardError("give --polarity higher|lower|neutral, or --catalogue to take the "
                            f"polarity of '{ref}' from it")
    reading = cat or _AnyRefCatalogue(indicators=[_plain_indicator(ref, chosen)])
    read = read_values(values, reading, sheet)
    for warning in read.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    figures = sorted((f for f in read.figures if f.ref == ref and isinstance(f.period, Month)),
                     key=lambda f: f.period)
    if not figures:
        raise KpiboardError(f"{values}: no monthly figures for '{ref}'")
    if target is None and indicator is not None:
        target = _catalogue_target(indicator, figures[-1].period)
    result = xmr([f.value for f in figures], polarity=chosen, target=target,
                 run_length=run_length, screen=screen)
    if format is SpcFormat.csv:
        _write_csv(ref, figures, result)
    else:
        _write_table(ref, figures, result, indicator)


def _catalogue_indicator(cat: Catalogue | None, path: Path | None, ref: str) -> Indicator | None:
    if cat is None:
        return None
    try:
        return cat.indicator(ref)
    except KeyError:
        raise KpiboardError(f"{path}: '{ref}' is not an indicator in the catalogue") from None


def _catalogue_target(indicator: Indicator, month: Month) -> float | None:
    from kpiboard.judge.targets import target_for

    found = target_for(indicator, month)
    if found is not None and indicator.target_basis == "ytd":
        # a cumulative target is for the year to date, not for one month's value
        err.print(f"[yellow]warning:[/] '{indicator.ref}' has a year-to-date target; no assurance "
                  "icon (give --target for a monthly one)")
        return None
    return found


def _number(value: float | None) -> str:
    """Plain digits for CSV: up to 4 decimal places, no thousands separators."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _rows(figures: list[Figure], result: SpcResult, fmt) -> list[list[str]]:
    return [[str(f.period), fmt(p.value, 0), fmt(p.mean, 1), fmt(p.lower_limit, 1),
             fmt(p.upper_limit, 1), p.variation or "", p.rule or ""]
            for f, p in zip(figures, result.points)]


def _summary(ref: str, result: SpcResult) -> dict[str, str]:
    return {
        "ref": ref,
        "variation": result.variation or "none",
        "assurance": result.assurance or "none",
        "trial_limits": "yes" if result.trial else "no",
        "polarity": result.polarity,
        "target": "none" if result.target is None else _number(result.target),
        "run_length": str(result.run_length),
        "screen": "on" if result.screen else "off",
    }


def _write_csv(ref: str, figures: list[Figure], result: SpcResult) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_rows(figures, result, lambda v, _extra: _number(v)))
    summary = " ".join(f"{k}={v}" for k, v in _summary(ref, result).items())
    sys.stdout.write(f"# {summary}\n")


def _write_table(ref: str, figures: list[Figure], result: SpcResult,
                 indicator: Indicator | None) -> None:
    if indicator is None:
        fmt = lambda v, _extra: _number(v)  # noqa: E731 - no units known: plain digits
    else:
        from kpiboard.units import format_value

        fmt = lambda v, extra: format_value(  # noqa: E731 - limits get one more place
            v, indicator.unit, indicator.decimal_places + extra)
    rows = [list(COLUMNS), *_rows(figures, result, fmt)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        cells = [c.rjust(w) if 0 < i < 5 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")
    summary = _summary(ref, result)
    sys.stdout.write("\n")
    sys.stdout.write(f"variation: {VARIATION_LABELS.get(result.variation, 'no values')}\n")
    sys.stdout.write(f"assurance: {ASSURANCE_LABELS.get(result.assurance, _no_assurance(result))}\n")
    if result.trial:
        sys.stdout.write(f"limits: trial limits (fewer than {MIN_POINTS} points)\n")
    sys.stdout.write(f"settings: polarity {summary['polarity']}, target {summary['target']}, "
                     f"run length {summary['run_length']}, screening {summary['screen']}\n")


def _no_assurance(result: SpcResult) -> str:
    if result.polarity == "neutral":
        return "none (neutral indicator)"
    return "none (no target)" if result.target is None else "none (no limits yet)"
