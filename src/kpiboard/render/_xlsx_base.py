"""What every kpiboard Excel workbook shares (XlsxWriter): number formats by unit, cell formats,
writing a figure that may be withheld, sheet names, RAG conditional formats, native charts with a
target series, and the indicator definitions sheet.

Renderers only format: every value written here comes from a frozen model, and a value may be
the publication marker ``SUPPRESSED``, which is written as the text ``c`` and never computed with.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from kpiboard.catalogue.model import Indicator
from kpiboard.publish import MARK, is_suppressed
from kpiboard.render.charts import COLOURS

# Percentages are stored as 86.4 (as the models hold them) and shown with a literal "%".
NUMBER_FORMATS = {"count": "#,##0", "percent": '0.0"%"', "rate_per_10k": "#,##0.0",
                  "days": "#,##0", "number": "#,##0.0"}
ARROWS = {"up": "▲", "down": "▼", "right": "►"}
RAG_FILLS = {"Green": ("#2e7d32", "#ffffff"), "Amber": ("#f2a900", "#1d1d1d"), "Red": ("#c62828", "#ffffff")}
# Light tints for cells that carry their own month's RAG (the RAG column itself is conditional).
RAG_TINTS = {"green": "#d8ecd9", "amber": "#fbe8b5", "red": "#f6d2d2"}
TARGET_LINE = {"color": "#444444", "dash_type": "dash", "width": 1.5}
COUNT_FORMAT = "#,##0"


def number_format(unit: str, decimals: int | None = None) -> str:
    """The Excel number format for a unit, with the indicator's decimals when it sets them."""
    base = NUMBER_FORMATS[unit]
    if decimals is not None and unit != "percent":
        base = "#,##0" + ("." + "0" * decimals if decimals else "")
    elif decimals is not None:
        base = "0" + ("." + "0" * decimals if decimals else "") + '"%"'
    return base


def indicator_format(ind: Indicator) -> str:
    return number_format(ind.unit, ind.decimals)


def change_format(unit: str, decimals: int | None = None) -> str:
    """A signed difference; for percentages it is in percentage points ("+2.5pp")."""
    plain = number_format(unit, decimals).replace('"%"', "")
    suffix = '"pp"' if unit == "percent" else ""
    return f"+{plain}{suffix};-{plain}{suffix};{plain}{suffix}"


def sheet_name(name: str, used: set[str]) -> str:
    """A legal, unique (case-insensitive) worksheet name of at most 31 characters."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip()
    candidate, n = clean, 2
    while candidate.lower() in used:
        candidate = f"{clean[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate


class Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": "#1f4e79"})
        self.subtitle = book.add_format({"font_size": 11, "font_color": "#5f6b7a"})
        self.header = book.add_format({"bold": True, "bg_color": "#1f4e79", "font_color": "#ffffff",
                                       "text_wrap": True, "valign": "top", "border": 1})
        self.section = book.add_format({"bold": True, "bg_color": "#e8eef5", "font_color": "#1f4e79"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.small = book.add_format({"font_color": "#5f6b7a", "text_wrap": True, "valign": "top",
                                      "font_size": 9})
        self.bold = book.add_format({"bold": True})
        self.rag = {k: book.add_format({"bg_color": bg, "font_color": fg, "bold": True, "align": "center"})
                    for k, (bg, fg) in RAG_FILLS.items()}
        self.arrow = {c: book.add_format({"font_color": COLOURS.get(c, "#6b7280"), "align": "center",
                                          "bold": True}) for c in ("green", "amber", "red", "")}
        self._numbers: dict[str, object] = {}
        self._flag = None
        self._alert = None
        self._note = None

    def number(self, fmt: str, bold: bool = False, tint: str | None = None):
        """A number format, cached; ``tint`` a RAG name ("green") for a lightly filled cell."""
        key = fmt + ("b" if bold else "") + (tint or "")
        if key not in self._numbers:
            props: dict = {"num_format": fmt, "bold": bold}
            if tint:
                props["bg_color"] = RAG_TINTS[tint]
            self._numbers[key] = self.book.add_format(props)
        return self._numbers[key]

    def style(self, **props):
        """Any other cell format, cached by its properties (``style(indent=1, bold=True)``)."""
        key = "style:" + repr(sorted(props.items()))
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format(props)
        return self._numbers[key]

    @property
    def flag(self):
        """Something owed and missing (commentary): red, bold, boxed, so it is seen."""
        if self._flag is None:
            self._flag = self.book.add_format({"bold": True, "font_color": "#c62828", "border": 2,
                                               "border_color": "#c62828", "text_wrap": True,
                                               "valign": "top"})
        return self._flag

    @property
    def note(self):
        """Small grey text on one line (it runs on over empty cells instead of wrapping)."""
        if self._note is None:
            self._note = self.book.add_format({"font_color": "#5f6b7a", "font_size": 9})
        return self._note

    @property
    def alert(self):
        """The conditional-format version of ``flag`` (conditional formats take no thick borders)."""
        if self._alert is None:
            self._alert = self.book.add_format({"bold": True, "font_color": "#c62828",
                                                "bg_color": "#f6d2d2"})
        return self._alert


def write_number(ws, row, col, value, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif is_suppressed(value):
        ws.write_string(row, col, MARK, fmt)  # text: charts and SUM() leave it out
    else:
        ws.write_number(row, col, value, fmt)


def rag_text(rag: str | None) -> str:
    """A model's RAG ("green") as the cell text the conditional formats match ("Green")."""
    return (rag or "").capitalize()


def rag_conditional(ws, f: Formats, first_row: int, first_col: int, last_row: int,
                    last_col: int | None = None) -> None:
    """Green / Amber / Red cell text in the range takes the RAG fill, as Excel conditional
    formats (so a user who types a new rating sees it coloured)."""
    last_col = first_col if last_col is None else last_col
    for label, fmt in f.rag.items():
        ws.conditional_format(first_row, first_col, last_row, last_col,
                              {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": fmt})


def sheet_range(sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """An absolute range formula for chart series: ='Sheet name'!$B$3:$M$3."""
    ref = lambda r, c: xl_rowcol_to_cell(r, c, row_abs=True, col_abs=True)  # noqa: E731
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"={quoted}!{ref(first_row, first_col)}:{ref(last_row, last_col)}"


def row_range(sheet: str, row: int, first_col: int, last_col: int) -> str:
    return sheet_range(sheet, row, first_col, row, last_col)


def series_chart(book, *, name: str, title: str, categories: str, values: str,
                 target: str | None = None, column: bool = False,
                 size: tuple[int, int] = (620, 250)):
    """An indicator over time as a native Excel chart: columns for counts (``column``), otherwise
    a line with markers; the target, where there is one, as a dashed line series."""
    kind = "column" if column else "line"
    chart = book.add_chart({"type": kind})
    chart.add_series({"name": name, "categories": categories, "values": values,
                      "fill": {"color": COLOURS["none"]}, "line": {"color": COLOURS["none"], "width": 2},
                      "marker": {"type": "circle", "size": 5} if kind == "line" else None})
    if target is not None:
        line = book.add_chart({"type": "line"}) if column else chart
        line.add_series({"name": "Target", "categories": categories, "values": target,
                         "line": TARGET_LINE})
        if line is not chart:
            chart.combine(line)
    chart.set_title({"name": title[:80], "name_font": {"size": 10}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart


def bar_chart(book, *, title: str, categories: str, values: str, colours: Sequence[str],
              labels: Sequence[str | None], number_format: str,
              size: tuple[int, int] = (520, 330)):
    """Horizontal bars, one per row and in the rows' order (the first at the top), each in its
    own colour. ``labels``, one per bar: None shows the value; text is shown instead of it (a
    missing value's reason: Excel draws a text cell as a zero-length bar, which must not read
    as 0); "" shows nothing."""
    custom = [None if text is None else {"delete": True} if text == "" else {"value": text}
              for text in labels]
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"name": title, "categories": categories, "values": values, "gap": 40,
                      "points": [{"fill": {"color": c}, "border": {"none": True}} for c in colours],
                      "data_labels": {"value": True, "num_format": number_format,
                                      "custom": custom, "font": {"size": 8}}})
    chart.set_title({"name": title[:80], "name_font": {"size": 10}})
    chart.set_legend({"none": True})
    # A bar chart's category axis runs upwards; reversed, the first row is the top bar
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    chart.set_x_axis({"num_format": number_format, "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#e6e6e6"}}})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart


def publication_note(model, note: str | None = None) -> str | None:
    """The line saying why figures are ``c``: ``note`` if given, else the note of the model's
    ``publication`` (set in publication mode, as on the monthly report), else none."""
    publication = getattr(model, "publication", None)
    return note or (publication.note if publication is not None else None)


def open_book(title: str, company: str | None) -> tuple[xlsxwriter.Workbook, Formats, io.BytesIO]:
    buffer = io.BytesIO()
    # User text (commentary, titles, notes) stays text: by default XlsxWriter turns a string that
    # starts with "=" into a live formula and one that looks like an address into a hyperlink.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"title": title, "company": company or "", "comments": "Produced by kpiboard"})
    return book, Formats(book), buffer


def close_book(book: xlsxwriter.Workbook, buffer: io.BytesIO) -> bytes:
    book.close()
    return buffer.getvalue()


def printable(ws) -> None:
    """Printed landscape, as wide as one page: the sheets are wider than they are long."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


def heading(ws, f: Formats, title: str, *lines: str | None) -> None:
    """The sheet's title in A1 and its context lines under it (empty ones left out)."""
    ws.write(0, 0, title, f.title)
    for i, line in enumerate((x for x in lines if x), start=1):
        ws.write(i, 0, line, f.subtitle if i == 1 else f.note)
    printable(ws)


def table(ws, f: Formats, top: int, header: Sequence[str], rows: Iterable[Sequence],
          widths: dict[int, float] | None = None, freeze_cols: int = 1) -> int:
    """A plain text table with a header, frozen under the header, with a filter; returns the
    last row written."""
    ws.write_row(top, 0, list(header), f.header)
    row = top
    for row, values in enumerate(rows, start=top + 1):
        ws.write_row(row, 0, list(values), f.wrap)
    ws.freeze_panes(top + 1, freeze_cols)
    ws.autofilter(top, 0, max(row, top + 1), len(header) - 1)
    printable(ws)
    for col, width in (widths or {}).items():
        ws.set_column(col, col, width)
    return row


DEFINITION_COLUMNS = ["Ref", "Indicator", "Section", "Polarity", "Unit", "Aggregation",
                      "Definition", "Data note", "Owner", "Source measure"]


def indicator_definitions(book, f: Formats, indicators: Iterable[Indicator],
                          extra: dict[str, Callable[[Indicator], object]] | None = None) -> None:
    """The Definitions sheet: what each indicator measures, one row per indicator, with any
    report-specific columns (``extra``: header -> value for an indicator) at the end."""
    extra = extra or {}
    ws = book.add_worksheet("Definitions")
    rows = [[ind.ref, ind.title, ind.section, ind.polarity, ind.unit, ind.aggregation,
             ind.definition or "", ind.data_note or "", ind.owner or "",
             ind.source.measure if ind.source else "", *(get(ind) for get in extra.values())]
            for ind in indicators]
    widths = {0: 8, 1: 45, 2: 16, 3: 10, 4: 12, 5: 12, 6: 70, 7: 24, 8: 22, 9: 18}
    widths.update({len(DEFINITION_COLUMNS) + i: 30 for i in range(len(extra))})
    table(ws, f, 0, DEFINITION_COLUMNS + list(extra), rows, widths)
