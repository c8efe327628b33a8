"""The monthly report as an Excel workbook (XlsxWriter), from the same frozen model.

Real numbers with number formats (86.4 shown as 86.4%), RAG as conditional formats, direction
arrows, frozen panes and filters, a sheet per section with native Excel charts (the indicator and
its target), commentary in cells, and a definitions sheet. Child-level data never goes here.
"""

from __future__ import annotations

import io
import re

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from kpiboard.model.monthly import IndicatorPage, MonthlyReport
from kpiboard.publish import MARK, is_suppressed
from kpiboard.render.charts import COLOURS, good_side

NUMBER_FORMATS = {"count": "#,##0", "percent": '0.0"%"', "rate_per_10k": "#,##0.0",
                  "days": "#,##0", "number": "#,##0.0"}
ARROWS = {"up": "▲", "down": "▼", "right": "►"}
RAG_FILLS = {"Green": ("#2e7d32", "#ffffff"), "Amber": ("#f2a900", "#1d1d1d"), "Red": ("#c62828", "#ffffff")}


def _number_format(page: IndicatorPage) -> str:
    ind = page.indicator
    base = NUMBER_FORMATS[ind.unit]
    if ind.decimals is not None and ind.unit != "percent":
        base = "#,##0" + ("." + "0" * ind.decimals if ind.decimals else "")
    elif ind.decimals is not None:
        base = "0" + ("." + "0" * ind.decimals if ind.decimals else "") + '"%"'
    return base


def _sheet_name(name: str, used: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip()
    candidate, n = clean, 2
    while candidate.lower() in used:
        candidate = f"{clean[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate


class _Formats:
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

    def number(self, fmt: str, bold: bool = False):
        key = fmt + ("b" if bold else "")
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format({"num_format": fmt, "bold": bold})
        return self._numbers[key]


def _write_number(ws, row, col, value, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif is_suppressed(value):
        ws.write_string(row, col, MARK, fmt)  # text: charts and SUM() leave it out
    else:
        ws.write_number(row, col, value, fmt)


SUMMARY_COLUMNS = ["Ref", "Indicator", "Section", "Good is", "Data note"]


def _summary(book, f: _Formats, report: MonthlyReport) -> None:
    ws = book.add_worksheet("Summary")
    ws.write(0, 0, f"{report.title} – {report.period.long_label}", f.title)
    ws.write(1, 0, " · ".join(x for x in (report.la_name, report.service, report.status,
                                          f"created {report.created:%d %B %Y}") if x), f.subtitle)
    if report.revision_note:
        ws.write(2, 0, report.revision_note, f.small)
    if getattr(report, "publication", None) is not None:
        ws.write(3, 0, report.publication.note, f.small)
    months = [c.month.label for c in report.pages[0].last_three] if report.pages else []
    years = [str(fy) for fy, _ in report.pages[0].assessment.outturns] if report.pages else []
    header = (SUMMARY_COLUMNS + months + ["YTD", "Target", "DoT", "Direction", "RAG",
              "Green", "Amber", "Red"] + years + ["SN average", "Best SN", "England",
              "Top quartile", "Benchmark year", "Commentary needed"])
    top = 4
    ws.write_row(top, 0, header, f.header)
    row = top
    for page in report.pages:
        row += 1
        a, ind = page.assessment, page.indicator
        num = f.number(_number_format(page))
        ws.write_row(row, 0, [ind.ref, ind.title, ind.section, page.good_is, ind.data_note or ""])
        col = len(SUMMARY_COLUMNS)
        for cell in page.last_three:
            _write_number(ws, row, col, cell.figure.value if cell.figure else None, num)
            col += 1
        _write_number(ws, row, col, a.ytd.value, num)
        _write_number(ws, row, col + 1, a.target, num)
        if a.dot:
            ws.write(row, col + 2, ARROWS[a.dot.arrow], f.arrow[a.dot.colour])
            ws.write(row, col + 3, a.dot.dot.replace("_", " "))
        rag_text = (a.rag or "").capitalize() or (ind.rag.note if ind.rag and not ind.rag.has_bands else "")
        ws.write(row, col + 4, rag_text)
        ws.write_row(row, col + 5, [page.bands.get(k, "") for k in ("green", "amber", "red")])
        col += 8
        for _, agg in a.outturns:
            _write_number(ws, row, col, agg.value, num)
            col += 1
        b = page.benchmark
        for value in (b.sn_average, b.best_sn, b.england, b.top_quartile) if b else (None,) * 4:
            _write_number(ws, row, col, value, num)
            col += 1
        ws.write(row, col, b.year if b else "")
        ws.write(row, col + 1, "Yes – missing" if page.missing_commentary else "")
    rag_col = len(SUMMARY_COLUMNS) + len(months) + 4
    for label, fmt in f.rag.items():
        ws.conditional_format(top + 1, rag_col, row, rag_col,
                              {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": fmt})
    ws.freeze_panes(top + 1, 2)
    ws.autofilter(top, 0, row, len(header) - 1)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 4, 16)
    ws.set_column(5, len(header) - 1, 11)


def _section(book, f: _Formats, name: str, pages: list[IndicatorPage]) -> str:
    ws = book.add_worksheet(name)
    ws.write(0, 0, name, f.title)
    months = [c.month.label for c in pages[0].months] if pages else []
    row = 2
    for page in pages:
        ind, a = page.indicator, page.assessment
        num = f.number(_number_format(page))
        ws.write(row, 0, f"{ind.ref}  {ind.title}", f.bold)
        ws.write(row, 15, (a.rag or "").capitalize() or "No RAG")
        if a.rag:
            ws.conditional_format(row, 15, row, 15, {"type": "cell", "criteria": "==",
                                                      "value": f'"{a.rag.capitalize()}"',
                                                      "format": f.rag[a.rag.capitalize()]})
        ws.write_row(row + 1, 0, ["", *months], f.header)
        labels = ["Value", "Numerator", "Denominator", "Target"]
        for i, label in enumerate(labels):
            ws.write(row + 2 + i, 0, label, f.bold)
        for j, cell in enumerate(page.months, start=1):
            fig = cell.figure
            _write_number(ws, row + 2, j, fig.value if fig else None, num)
            _write_number(ws, row + 3, j, fig.numerator if fig else None, f.number("#,##0"))
            _write_number(ws, row + 4, j, fig.denominator if fig else None, f.number("#,##0"))
            _write_number(ws, row + 5, j, cell.target, num)
            if fig is not None and fig.value is None and fig.note:
                ws.write_comment(row + 2, j, fig.note)
        notes = [ind.definition or "", page.methodology, good_side(page)]
        comments = [f"{c.text}\n— {c.author}, {c.subject}" for c in page.commentary]
        ws.write(row + 7, 0, "Definition", f.bold)
        ws.merge_range(row + 7, 1, row + 7, 13, notes[0], f.small)
        ws.write(row + 8, 0, "RAG", f.bold)
        ws.merge_range(row + 8, 1, row + 8, 13, f"{notes[1]}  {notes[2]}", f.small)
        ws.write(row + 9, 0, "Commentary", f.bold)
        ws.merge_range(row + 9, 1, row + 12, 13, "\n\n".join(comments) or
                       ("Commentary required – not supplied" if page.missing_commentary else ""), f.small)
        _chart(book, ws, name, page, row, len(months))
        row += 18
    ws.set_column(0, 0, 13)
    ws.set_column(1, len(months), 9)
    ws.freeze_panes(1, 1)
    return name


def _chart(book, ws, sheet: str, page: IndicatorPage, row: int, n: int) -> None:
    ind = page.indicator
    kind = "column" if ind.unit == "count" else "line"
    chart = book.add_chart({"type": kind})
    ref = lambda r, c: xl_rowcol_to_cell(r, c, row_abs=True, col_abs=True)  # noqa: E731
    sheet_ref = "'" + sheet.replace("'", "''") + "'"
    categories = f"={sheet_ref}!{ref(row + 1, 1)}:{ref(row + 1, n)}"
    chart.add_series({"name": ind.ref, "categories": categories,
                      "values": f"={sheet_ref}!{ref(row + 2, 1)}:{ref(row + 2, n)}",
                      "fill": {"color": COLOURS["none"]}, "line": {"color": COLOURS["none"], "width": 2},
                      "marker": {"type": "circle", "size": 5} if kind == "line" else None})
    if any(c.target is not None for c in page.months):
        target = book.add_chart({"type": "line"}) if kind == "column" else chart
        target.add_series({"name": "Target", "categories": categories,
                           "values": f"={sheet_ref}!{ref(row + 5, 1)}:{ref(row + 5, n)}",
                           "line": {"color": "#444444", "dash_type": "dash", "width": 1.5}})
        if target is not chart:
            chart.combine(target)
    chart.set_title({"name": ind.title[:80], "name_font": {"size": 10}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 250})
    ws.insert_chart(row, n + 3, chart)


def _definitions(book, f: _Formats, report: MonthlyReport) -> None:
    ws = book.add_worksheet("Definitions")
    header = ["Ref", "Indicator", "Section", "Polarity", "Unit", "Aggregation", "Definition",
              "Data note", "RAG method", "Owner", "Source measure"]
    ws.write_row(0, 0, header, f.header)
    for r, page in enumerate(report.pages, start=1):
        ind = page.indicator
        ws.write_row(r, 0, [ind.ref, ind.title, ind.section, ind.polarity, ind.unit, ind.aggregation,
                            ind.definition or "", ind.data_note or "", page.methodology, ind.owner or "",
                            ind.source.measure if ind.source else ""], f.wrap)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, len(report.pages), len(header) - 1)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 45)
    ws.set_column(6, 6, 70)
    ws.set_column(8, 8, 40)
    ws.set_column(2, 5, 14)
    ws.set_column(7, 7, 18)
    ws.set_column(9, 10, 22)


def render_xlsx(report: MonthlyReport) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": f"{report.title} – {report.period.long_label}",
                         "company": report.la_name or "", "comments": "Produced by kpiboard"})
    f = _Formats(book)
    _summary(book, f, report)
    used = {"summary", "definitions", "sources"}
    for section in report.sections:
        _section(book, f, _sheet_name(section.name, used), list(section.pages))
    _definitions(book, f, report)
    ws = book.add_worksheet("Sources")
    ws.write_row(0, 0, ["Load", "Kind", "File", "As at", "Loaded (UTC)", "SHA-256"], f.header)
    for r, s in enumerate(report.sources, start=1):
        ws.write_row(r, 0, [s.load_id, s.kind, s.file, s.as_at or "", s.loaded_at, s.sha256])
    ws.set_column(2, 2, 60)
    book.close()
    return buffer.getvalue()
