"""The monthly report as an Excel workbook (XlsxWriter), from the same frozen model.

Real numbers with number formats (86.4 shown as 86.4%), RAG as conditional formats, direction
arrows, frozen panes and filters, a sheet per section with native Excel charts (the indicator and
its target), commentary in cells, a Benchmarking sheet when DfE's neighbour values are loaded
(each indicator's LA and statistical neighbours, with a native bar chart), and a definitions
sheet. Child-level data never goes here.
"""

from __future__ import annotations

from kpiboard.benchmarks.published import REASONS
from kpiboard.judge.spc import ASSURANCE_LABELS, VARIATION_LABELS
from kpiboard.model.monthly import IndicatorPage, MonthlyReport, NeighbourPanel
from kpiboard.render._xlsx_base import (ARROWS, NUMBER_FORMATS, RAG_FILLS, Formats, bar_chart,
                                        close_book, heading, indicator_format, open_book,
                                        rag_conditional, row_range, series_chart, sheet_name,
                                        sheet_range, write_number)
from kpiboard.render.bench_charts import ENGLAND, NEIGHBOUR, SN_MEAN
from kpiboard.render.charts import COLOURS, good_side
from kpiboard.render.commentary_text import plain_text

__all__ = ["ARROWS", "NUMBER_FORMATS", "RAG_FILLS", "render_xlsx"]


def _number_format(page: IndicatorPage) -> str:
    return indicator_format(page.indicator)


SUMMARY_COLUMNS = ["Ref", "Indicator", "Section", "Good is", "Data note"]


def _summary(book, f: Formats, report: MonthlyReport) -> None:
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
              "Top quartile", "Benchmark year", "Commentary needed", "SPC variation",
              "SPC assurance", "Year-end projection", "On course"])
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
            write_number(ws, row, col, cell.figure.value if cell.figure else None, num)
            col += 1
        write_number(ws, row, col, a.ytd.value, num)
        write_number(ws, row, col + 1, a.target, num)
        if a.dot:
            ws.write(row, col + 2, ARROWS[a.dot.arrow], f.arrow[a.dot.colour])
            ws.write(row, col + 3, a.dot.dot.replace("_", " "))
        rag_text = (a.rag or "").capitalize() or (ind.rag.note if ind.rag and not ind.rag.has_bands else "")
        ws.write(row, col + 4, rag_text)
        ws.write_row(row, col + 5, [page.bands.get(k, "") for k in ("green", "amber", "red")])
        col += 8
        for _, agg in a.outturns:
            write_number(ws, row, col, agg.value, num)
            col += 1
        b = page.benchmark
        for value in (b.sn_average, b.best_sn, b.england, b.top_quartile) if b else (None,) * 4:
            write_number(ws, row, col, value, num)
            col += 1
        ws.write(row, col, b.year if b else "")
        ws.write(row, col + 1, f"Yes – {page.commentary_owed}" if page.commentary_owed else "")
        spc = a.spc
        ws.write(row, col + 2, VARIATION_LABELS.get(spc.variation, "") + (" (trial limits)" if spc.trial else "")
                 if spc and spc.variation else "")
        ws.write(row, col + 3, ASSURANCE_LABELS.get(spc.assurance, "") if spc and spc.assurance else "")
        p = a.projection
        write_number(ws, row, col + 4, p.value if p else None, num)
        ws.write(row, col + 5, "" if p is None or p.on_course is None else
                 "Yes" if p.on_course else "No")
    rag_col = len(SUMMARY_COLUMNS) + len(months) + 4
    rag_conditional(ws, f, top + 1, rag_col, row)
    ws.freeze_panes(top + 1, 2)
    ws.autofilter(top, 0, row, len(header) - 1)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 4, 16)
    ws.set_column(5, len(header) - 1, 11)


def _section(book, f: Formats, name: str, pages: list[IndicatorPage]) -> str:
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
            write_number(ws, row + 2, j, fig.value if fig else None, num)
            write_number(ws, row + 3, j, fig.numerator if fig else None, f.number("#,##0"))
            write_number(ws, row + 4, j, fig.denominator if fig else None, f.number("#,##0"))
            write_number(ws, row + 5, j, cell.target, num)
            if fig is not None and fig.value is None and fig.note:
                ws.write_comment(row + 2, j, fig.note)
        notes = [ind.definition or "", page.methodology, good_side(page)]
        comments = [f"{plain_text(c.text)}\n— {c.author}, {c.subject}" for c in page.commentary]
        ws.write(row + 7, 0, "Definition", f.bold)
        ws.merge_range(row + 7, 1, row + 7, 13, notes[0], f.small)
        ws.write(row + 8, 0, "RAG", f.bold)
        ws.merge_range(row + 8, 1, row + 8, 13, f"{notes[1]}  {notes[2]}", f.small)
        ws.write(row + 9, 0, "Commentary", f.bold)
        ws.merge_range(row + 9, 1, row + 12, 13, "\n\n".join(comments) or
                       (f"Commentary required – {page.commentary_owed}" if page.commentary_owed else ""),
                       f.small)
        _chart(book, ws, name, page, row, len(months))
        row += 18
    ws.set_column(0, 0, 13)
    ws.set_column(1, len(months), 9)
    ws.freeze_panes(1, 1)
    return name


def _chart(book, ws, sheet: str, page: IndicatorPage, row: int, n: int) -> None:
    ind = page.indicator
    has_target = any(c.target is not None for c in page.months)
    chart = series_chart(book, name=ind.ref, title=ind.title, column=ind.unit == "count",
                         categories=row_range(sheet, row + 1, 1, n),
                         values=row_range(sheet, row + 2, 1, n),
                         target=row_range(sheet, row + 5, 1, n) if has_target else None)
    ws.insert_chart(row, n + 3, chart)


def _definitions(book, f: Formats, report: MonthlyReport) -> None:
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


BENCH_HEADER = ["Local authority", "Value", "Compared as", "Note"]
BENCH_TOP = 4  # the header row, frozen: the title and its notes above it


def _benchmarking(book, f: Formats, report: MonthlyReport, name: str) -> None:
    """The LA against its statistical neighbours: a block per indicator with published
    neighbour values (kpiboard load --dfe), as the report's benchmarking pages show them."""
    ws = book.add_worksheet(name)
    la = report.la_name or "The LA"
    published = (" Publication mode leaves them as given: they are already published by DfE, so "
                 "no figure here is withheld." if getattr(report, "publication", None) else "")
    heading(ws, f, "Benchmarking: the LA against its statistical neighbours",
            f"{la} against its 10 statistical neighbours, from DfE's published statistics: the "
            "latest published year for each indicator.",
            "DfE's published figures, shown as published; they can differ from this report's "
            "monthly figures in period and definition." + published)
    ws.write_row(BENCH_TOP, 0, BENCH_HEADER, f.header)
    row = BENCH_TOP + 1
    for panel in (n for s in report.sections for n in s.neighbours):
        row = _neighbour_block(book, ws, f, name, panel, row) + 3
    ws.freeze_panes(BENCH_TOP + 1, 1)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 48)
    ws.set_column(4, 4, 2)


def _neighbour_block(book, ws, f: Formats, sheet: str, panel: NeighbourPanel, top: int) -> int:
    """One indicator: its title, year, SN model and source, then a row per LA (the LA first,
    then its neighbours closest first), the neighbours' mean and England; a bar chart beside.
    Returns the last row written."""
    ind = panel.indicator
    fmt = indicator_format(ind)
    ws.write_row(top, 0, [f"{ind.ref}  {ind.title}", "", "", ""], f.section)
    ws.write_row(top + 1, 0, ["Year", panel.year], f.bold)
    ws.write_row(top + 2, 0, ["SN model", panel.sn_vintage], f.bold)
    ws.write(top + 3, 0, f"Source: {panel.source}. {panel.good_side}", f.note)
    first = top + 4
    labels = [_la_row(ws, f, first + i, i, bar, fmt) for i, bar in enumerate(panel.bars)]
    colours = [COLOURS["none"] if bar.is_la else NEIGHBOUR for bar in panel.bars]
    mean, england = first + len(panel.bars), first + len(panel.bars) + 1
    with_value = sum(b.value is not None for b in panel.bars if not b.is_la)
    _reference_row(ws, f, mean, "SN mean", panel.sn_mean, fmt,
                   f"the mean of the {with_value} neighbours with a published value")
    _reference_row(ws, f, england, "England", panel.england, fmt, panel.england_note or "")
    colours.append(SN_MEAN)
    labels.append(None if panel.sn_mean is not None else "")
    if panel.england is not None:  # else a national total, said in the note, not drawn
        colours.append(ENGLAND)
        labels.append(None)
    drawn = first + len(colours) - 1
    chart = bar_chart(book, title=f"{ind.ref} {ind.title} ({panel.year})",
                      categories=sheet_range(sheet, first, 0, drawn, 0),
                      values=sheet_range(sheet, first, 1, drawn, 1),
                      colours=colours, labels=labels, number_format=fmt)
    ws.insert_chart(top, 5, chart)
    return england


def _la_row(ws, f: Formats, row: int, i: int, bar, fmt: str) -> str | None:
    """An LA's published value, or the reason there is none; returns the chart's label for it
    (None: the value itself)."""
    ws.write(row, 0, bar.name, f.bold if bar.is_la else None)
    ws.write(row, 2, "This LA" if bar.is_la else f"Neighbour {i}",
             f.style(indent=1, bold=bar.is_la))
    if bar.value is not None:
        ws.write_number(row, 1, bar.value, f.number(fmt, bold=bar.is_la))
        return None
    reason = bar.missing or "no value"  # as published ("c"), where the number would be
    ws.write_string(row, 1, reason, f.style(align="right", bold=bar.is_la))
    ws.write(row, 3, f"not published: {REASONS.get(reason, reason)}")
    return f"{reason} (not published)"


def _reference_row(ws, f: Formats, row: int, name: str, value: float | None, fmt: str,
                   note: str) -> None:
    ws.write(row, 0, name)
    write_number(ws, row, 1, value, f.number(fmt))
    ws.write(row, 2, "Reference", f.style(indent=1))
    ws.write(row, 3, note)


def render_xlsx(report: MonthlyReport) -> bytes:
    book, f, buffer = open_book(f"{report.title} – {report.period.long_label}", report.la_name)
    _summary(book, f, report)
    used = {"summary", "definitions", "sources"}
    for section in report.sections:
        _section(book, f, sheet_name(section.name, used), list(section.pages))
    if any(s.neighbours for s in report.sections):
        _benchmarking(book, f, report, sheet_name("Benchmarking", used))
    _definitions(book, f, report)
    ws = book.add_worksheet("Sources")
    ws.write_row(0, 0, ["Load", "Kind", "File", "As at", "Loaded (UTC)", "SHA-256"], f.header)
    for r, s in enumerate(report.sources, start=1):
        ws.write_row(r, 0, [s.load_id, s.kind, s.file, s.as_at or "", s.loaded_at, s.sha256])
    ws.set_column(2, 2, 60)
    return close_book(book, buffer)
