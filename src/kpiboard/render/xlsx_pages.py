"""Performance on a page as an Excel workbook: a sheet per service page (each measure's year to
date and last three months, with numerator and denominator where the measure has them, then each
breakdown table with a native column chart), and a Definitions sheet naming every measure.

Only the aggregates the model holds are written: never a child-level row."""

from __future__ import annotations

from kpiboard.measures.spec import MeasureSpec
from kpiboard.model.pages import DIMENSIONS, Breakdown, Cell, Page, PagesReport
from kpiboard.render._xlsx_base import (COUNT_FORMAT, Formats, close_book, heading, number_format,
                                        open_book, publication_note, sheet_range, sheet_name, table,
                                        write_number)
from kpiboard.render.charts import COLOURS
from kpiboard.units import UNIT_LABELS

TOP = 3                    # header row of the measures table
PARTS = ("value", "numerator", "denominator")
ROWS_WORDS = {"event": "records dated in the period by {date}",
              "ended": "records ending in the period (by {end})",
              "open_at_end": "records open at the end of the period ({start} to {end})",
              "snapshot": "records in the latest extract at the end of the period"}
MONTH_COLOUR = "#8fb3d9"   # the latest month beside the (darker) year to date


def _formats(f: Formats, spec: MeasureSpec) -> tuple:
    return f.number(number_format(spec.unit)), f.number(COUNT_FORMAT)


def _write_cell(ws, f: Formats, row: int, col: int, cell: Cell | None, spec: MeasureSpec,
                parts: bool = True) -> None:
    """A value, then (with ``parts``) its numerator and denominator where it is a ratio (a count's
    numerator is the count itself, so it is not repeated); blank where there is none."""
    value, count = _formats(f, spec)
    write_number(ws, row, col, cell.value if cell else None, value)
    if parts and cell is not None and cell.denominator is not None:
        write_number(ws, row, col + 1, cell.numerator, count)
        write_number(ws, row, col + 2, cell.denominator, count)


def _measures(ws, f: Formats, report: PagesReport, page: Page) -> int:
    """The measures table; returns its last row."""
    periods = [f"{report.period.financial_year} YTD", *(m.label for m in report.months)]
    header = ["Measure", "Unit"] + [f"{p} {part}" if part != "value" else p
                                    for p in periods for part in PARTS]
    ws.write_row(TOP, 0, header, f.header)
    ws.set_row(TOP, 30)
    row = TOP
    for row, r in enumerate(page.rows, start=TOP + 1):
        ws.write_row(row, 0, [r.spec.title, UNIT_LABELS[r.spec.unit]])
        for i, cell in enumerate((r.ytd, *r.months)):
            _write_cell(ws, f, row, 2 + 3 * i, cell, r.spec)
    last = max(row, TOP + 1)
    ws.freeze_panes(TOP + 1, 1)
    ws.autofilter(TOP, 0, last, len(header) - 1)
    return last


def _has_parts(b: Breakdown) -> bool:
    """A ratio's breakdown shows each group's numerator and denominator; a count's does not."""
    return any(c is not None and c.denominator is not None for r in b.rows for c in (r.ytd, r.month))


def _breakdown(book, ws, f: Formats, report: PagesReport, b: Breakdown, sheet: str, top: int) -> int:
    """A breakdown table (group, year to date, latest month) and its column chart; returns the
    first row after both."""
    label = DIMENSIONS.get(b.dimension, b.dimension)
    title = f"{b.spec.title} by {label.lower()}"
    parts = PARTS if _has_parts(b) else PARTS[:1]
    windows = [(f"{report.period.financial_year} YTD", "YTD"), (report.period.label, report.period.label)]
    ws.write(top, 0, title, f.section)
    ws.write_row(top + 1, 0, [label, "Unit", *(heading if part == "value" else f"{short} {part}"
                                               for heading, short in windows for part in parts)], f.header)
    ws.set_row(top + 1, 30)
    first, month_col = top + 2, 2 + len(parts)
    for i, r in enumerate(b.rows, start=first):
        ws.write_row(i, 0, [r.group, UNIT_LABELS[b.spec.unit]])
        _write_cell(ws, f, i, 2, r.ytd, b.spec, len(parts) > 1)
        _write_cell(ws, f, i, month_col, r.month, b.spec, len(parts) > 1)
    last = first + max(len(b.rows), 1) - 1
    chart = book.add_chart({"type": "column"})
    groups = sheet_range(sheet, first, 0, last, 0)
    for col, name, colour in ((2, "Year to date", COLOURS["none"]),
                              (month_col, report.period.label, MONTH_COLOUR)):
        chart.add_series({"name": name, "categories": groups,
                          "values": sheet_range(sheet, first, col, last, col),
                          "fill": {"color": colour}, "line": {"color": colour}})
    chart.set_title({"name": title[:80], "name_font": {"size": 10}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 480, "height": 240})
    ws.insert_chart(top, 9, chart)
    return max(last, top + 12) + 2


def _page(book, f: Formats, report: PagesReport, page: Page, name: str, note: str | None) -> None:
    ws = book.add_worksheet(name)
    heading(ws, f, page.title, " · ".join(x for x in (
        report.la_name, f"{report.period.long_label}: financial year {report.period.financial_year} "
        "to date and the last three months", f"created {report.created:%d %B %Y}") if x), note)
    row = _measures(ws, f, report, page) + 2
    for b in page.breakdowns:
        row = _breakdown(book, ws, f, report, b, name, row)
    ws.set_column(0, 0, 42)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 13, 12)


def _condition(cond: dict) -> str:
    """A library condition in words, as written in library.yaml: "working days start_date to
    authorised_date at most 45"."""
    parts = []
    for key, value in cond.items():
        if isinstance(value, list):
            value = " to ".join(map(str, value)) if key in ("days", "working_days") else \
                ", ".join(map(str, value))
        parts.append(f"{key.replace('_', ' ')} {value}")
    return " ".join(parts)


def describe(spec: MeasureSpec, titles: dict[str, str]) -> str:
    """How a measure is counted, from its library spec (library.yaml is the full definition)."""
    if spec.ratio_of is not None:
        num, den = (titles.get(m, m) for m in (spec.ratio_of.numerator, spec.ratio_of.denominator))
        return f"{num} as {'a percentage' if spec.unit == 'percent' else 'a ratio'} of {den.lower()}."
    what = "children" if spec.count == "children" else "records"
    words = [f"Counts {what} of the {spec.table} table: " + ROWS_WORDS[spec.rows].format(
        date=spec.date, start=spec.start, end=spec.end)]
    if spec.where:
        words.append("where " + "; ".join(_condition(c) for c in spec.where))
    if spec.numerator:
        words.append("percentage with " + "; ".join(_condition(c) for c in spec.numerator))
    if spec.mean_days is not None:
        words.append(f"mean days from {spec.mean_days.from_} to {spec.mean_days.to}")
    if spec.builder:
        words.append(f"rule: {spec.builder.replace('_', ' ')}")
    return ", ".join(words) + "."


def _definitions(book, f: Formats, report: PagesReport) -> None:
    specs: dict[str, tuple[MeasureSpec, list[str]]] = {}
    for page in report.pages:
        for spec in [r.spec for r in page.rows] + [b.spec for b in page.breakdowns]:
            specs.setdefault(spec.id, (spec, []))
            if page.title not in specs[spec.id][1]:
                specs[spec.id][1].append(page.title)
    titles = {i: s.title for i, (s, _) in specs.items()}
    ws = book.add_worksheet("Definitions")
    rows = [[spec.id, spec.title, describe(spec, titles), spec.unit, spec.polarity,
             spec.default_window, "; ".join(pages)] for spec, pages in specs.values()]
    table(ws, f, 0, ["Measure id", "Title", "Definition", "Unit", "Polarity", "Default window",
                     "Pages"], rows, {0: 28, 1: 42, 2: 80, 3: 12, 4: 10, 5: 14, 6: 40})


def render_pages_xlsx(report: PagesReport, note: str | None = None) -> bytes:
    """Performance on a page as XLSX bytes.

    In publication mode the model's ``publication.note`` (or ``note``, where given) is written
    under every sheet's title, so each says why some figures are ``c``.
    """
    book, f, buffer = open_book(f"Performance on a page – {report.period.long_label}", report.la_name)
    note = publication_note(report, note)
    used = {"definitions"}
    for page in report.pages:
        if page.rows:
            _page(book, f, report, page, sheet_name(page.title, used), note)
    if report.empty:
        ws = book.add_worksheet("No records")
        ws.write(0, 0, f"No child-level records have been loaded for {report.period.long_label}.", f.bold)
    _definitions(book, f, report)
    return close_book(book, buffer)
