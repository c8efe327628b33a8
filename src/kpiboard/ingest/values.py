"""Monthly figures from a long file (ref, period, value, ...) or the wide layout teams keep
(one row per indicator, one column per month). See docs/formats.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kpiboard.catalogue.model import Catalogue, Indicator
from kpiboard.figures import Figure, normalise_rag
from kpiboard.ingest import cells
from kpiboard.ingest.tables import Table, normalise_header, read_table
from kpiboard.periods import FinancialYear, Month, parse_month_label

LONG_COLUMNS = {"ref", "period", "value", "numerator", "denominator", "note", "rag"}
IGNORED_COLUMNS = {"title", "indicator", "indicator title", "section", "unit", "polarity", "owner"}
REF_HEADERS = ("ref", "indicator ref", "indicator number", "indicator no", "ref.", "no.", "code", "id")


@dataclass
class ValuesFile:
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (ref, period) -> row

    def add(self, table: Table, figure: Figure, row: int, column: str) -> None:
        key = (figure.ref, str(figure.period))
        if key in self.rows:
            raise table.error(f"'{figure.ref}' has two figures for {figure.period} "
                              f"(the other is in row {self.rows[key]})", row, column)
        self.rows[key] = row
        self.figures.append(figure)


def read_values(path: str | Path, catalogue: Catalogue, sheet: str | None = None) -> ValuesFile:
    table = read_table(path, sheet)
    header = [normalise_header(h) for h in table.header]
    if "period" in header:
        result = _read_long(table, header, catalogue)
    elif any(parse_month_label(h) for h in table.header):
        result = _read_wide(table, header, catalogue)
    else:
        raise table.error("no 'period' column and no month columns (like 'Apr-17' or '2017-04'); "
                          "see docs/formats.md for the two layouts")
    if not result.figures:
        result.warnings.append(f"{table.where()}: no figures in the file")
    return result


def _indicator(table: Table, catalogue: Catalogue, ref: str | None, row: int, column: str) -> Indicator:
    if ref is None:
        raise table.error("ref is blank", row, column)
    try:
        return catalogue.indicator(ref)
    except KeyError:
        raise table.error(f"'{ref}' is not an indicator in the catalogue", row, column) from None


def _read_long(table: Table, header: list[str], catalogue: Catalogue) -> ValuesFile:
    for required in ("ref", "value"):
        if required not in header:
            raise table.error(f"missing the '{required}' column (long layout: ref,period,value"
                              "[,numerator,denominator,note,rag])")
    out = ValuesFile()
    unknown = [table.header[i] for i, h in enumerate(header)
               if h and h not in LONG_COLUMNS | IGNORED_COLUMNS]
    if unknown:
        out.warnings.append(f"{table.where()}: ignored column(s) {', '.join(unknown)}")
    col = {h: i for i, h in reversed(list(enumerate(header)))}
    for row, values in table.rows:
        get = lambda name: values[col[name]] if name in col else None  # noqa: E731
        ind = _indicator(table, catalogue, cells.ref_text(get("ref")), row, "ref")
        try:
            period = cells.period(get("period"))
        except ValueError as exc:
            raise table.error(str(exc), row, "period") from None
        figure = _figure(table, ind, period, row, get("value"), get("numerator"),
                         get("denominator"), cells.text(get("note")), get("rag"), out, strict=True)
        if figure is not None:
            out.add(table, figure, row, "period")
    return out


def _read_wide(table: Table, header: list[str], catalogue: Catalogue) -> ValuesFile:
    ref_col = next((i for i, h in enumerate(header) if h in REF_HEADERS), 0)
    months = {i: parse_month_label(h) for i, h in enumerate(table.header) if i != ref_col}
    months = {i: m for i, m in months.items() if m is not None}
    rag_col = next((i for i, h in enumerate(header) if h == "rag"), None)
    out = ValuesFile()
    for row, values in table.rows:
        ref = cells.ref_text(values[ref_col])
        if ref is None:
            continue  # section heading rows and spacer rows in hand-kept sheets
        ind = _indicator(table, catalogue, ref, row, table.header[ref_col])
        row_figures = []
        for i, month in months.items():
            figure = _figure(table, ind, month, row, values[i], None, None, None, None, out,
                             strict=False, column=table.header[i])
            if figure is not None:
                row_figures.append((figure, i))
        if rag_col is not None and not cells.is_blank(values[rag_col]):
            if row_figures:  # the RAG describes the latest month reported, even if unavailable
                n = max(range(len(row_figures)), key=lambda k: row_figures[k][0].period)
                last, i = row_figures[n]
                rag = _rag(table, values[rag_col], row, table.header[rag_col])
                row_figures[n] = (Figure(last.ref, last.period, last.value, last.numerator,
                                         last.denominator, last.note, rag), i)
        for figure, i in row_figures:
            out.add(table, figure, row, table.header[i])
    return out


def _rag(table: Table, cell: object, row: int, column: str) -> str | None:
    try:
        return normalise_rag(cells.text(cell))
    except ValueError as exc:
        raise table.error(str(exc), row, column) from None


def _figure(table: Table, ind: Indicator, period: Month | FinancialYear, row: int, value: object,
            numerator: object, denominator: object, note: str | None, rag: object,
            out: ValuesFile, *, strict: bool, column: str = "value") -> Figure | None:
    """One figure, or None for a blank cell with nothing to say."""
    num = den = None
    if isinstance(value, str) and (pair := cells.x_of_y(value)):
        if ind.scale == 1.0:
            raise table.error(f"'{value}' is a proportion, but '{ind.ref}' is a {ind.unit}, "
                              "not a percent or rate", row, column)
        num, den = pair
        value = None if den == 0 else num / den * ind.scale
        if den == 0:
            note = note or "denominator is zero"
    elif cells.is_blank(value):
        value = None
    else:
        try:
            value = cells.number(value)
        except ValueError as exc:
            lead = None if strict else cells.leading_number(value)
            if lead is not None:  # '79% (6m+)': the number, with the annotation as a note
                value, note = lead
            elif strict:
                raise table.error(f"{exc}; leave it blank and give a note if the figure is "
                                  "unavailable", row, column) from None
            else:
                value, note = None, str(value).strip()
                out.warnings.append(f"{table.where(row, column)}: '{note}' read as unavailable")
    for name, cell in (("numerator", numerator), ("denominator", denominator)):
        if not cells.is_blank(cell):
            try:
                parsed = cells.number(cell)
            except ValueError as exc:
                raise table.error(str(exc), row, name) from None
            if name == "numerator":
                num = parsed
            else:
                den = parsed
    if value is None and num is not None and den:
        value = num / den * ind.scale
    if value is None and note is None:
        if strict and (num is not None or den is not None):
            raise table.error("value is blank and the denominator is zero or missing", row,
                              "denominator")
        if strict:
            out.warnings.append(f"{table.where(row, column)}: blank value with no note, skipped")
        return None
    _check_parts(table, ind, row, value, num, den, out)
    return Figure(ind.ref, period, value, num, den, note, _rag(table, rag, row, "rag") if rag else None)


def _check_parts(table: Table, ind: Indicator, row: int, value: float | None,
                 num: float | None, den: float | None, out: ValuesFile) -> None:
    if (num is None) != (den is None):
        raise table.error("give both numerator and denominator, or neither", row,
                          "denominator" if den is None else "numerator")
    if num is None or value is None:
        return
    if num < 0 or den < 0:
        raise table.error("numerator and denominator cannot be negative", row, "numerator")
    if ind.unit == "percent" and num > den:
        raise table.error(f"numerator {num:g} is larger than denominator {den:g}", row, "numerator")
    if den and abs(num / den * ind.scale - value) > 0.05 + 10 ** -ind.decimal_places:
        out.warnings.append(f"{table.where(row, 'value')}: value {value:g} does not match "
                            f"{num:g} of {den:g} ({num / den * ind.scale:.{ind.decimal_places}f})")


