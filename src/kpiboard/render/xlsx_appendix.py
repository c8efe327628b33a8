"""The improvement KPI appendix as an Excel workbook: a Summary sheet (each indicator's RAG last
period and now, as conditional formats, with the movement), a sheet per section (the financial
year so far month by month, each month tinted by its own RAG, the year's target, the target
owner, the RAG and its methodology in words, then each month's target and a native chart per
indicator with its target series), and a Definitions sheet."""

from __future__ import annotations

from kpiboard.model.appendix import POLARITY_WORDS, Appendix, AppendixRow, AppendixSection
from kpiboard.model.monthly import RAG_ORDER
from kpiboard.render._xlsx_base import (ARROWS, COUNT_FORMAT, Formats, close_book, heading,
                                        indicator_definitions, indicator_format, open_book,
                                        publication_note, rag_conditional, rag_text, row_range,
                                        series_chart, sheet_name, write_number)

TOP = 4                       # header row of every table sheet
MOVEMENT = {"better": ("up", "green"), "worse": ("down", "red"), "same": ("right", "")}
FIRST_MONTH = 3               # Ref, Indicator title, Polarity, then April
CHART_SIZE = (500, 220)


def _rag_or_pending(rag: str | None, pending: str | None) -> str:
    """The catalogue's note ("Range to be set") stands where bands are not yet set."""
    return pending or rag_text(rag)


# ---- Summary -----------------------------------------------------------------------------

def _summary(book, f: Formats, ap: Appendix, note: str | None) -> None:
    ws = book.add_worksheet("Summary")
    heading(ws, f, f"{ap.title} – {ap.period.long_label}",
            " · ".join(x for x in (ap.la_name, ap.service, ap.status,
                                   f"financial year {ap.financial_year} to date",
                                   f"created {ap.created:%d %B %Y}") if x),
            "Every indicator's RAG last period and now.", note)
    header = ["Ref", "Indicator", "Section", f"RAG last period ({ap.last_period.label})",
              f"Current RAG ({ap.period.label})", "Movement", "RAG change"]
    ws.write_row(TOP, 0, header, f.header)
    ws.set_row(TOP, 30)
    row = TOP
    for row, s in enumerate(ap.summary, start=TOP + 1):
        ws.write_row(row, 0, [s.ref, s.title, s.section, _rag_or_pending(s.last_rag, s.pending),
                              _rag_or_pending(s.rag, s.pending)])
        if s.movement:
            arrow, colour = MOVEMENT[s.movement]
            ws.write(row, 5, ARROWS[arrow], f.arrow[colour])
            ws.write(row, 6, s.movement)
    last = max(row, TOP + 1)
    rag_conditional(ws, f, TOP + 1, 3, last, 4)
    ws.freeze_panes(TOP + 1, 2)
    ws.autofilter(TOP, 0, last, len(header) - 1)
    _counts(ws, f, ap, len(header) + 1)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 50)
    ws.set_column(2, 2, 20)
    ws.set_column(3, 4, 16)
    ws.set_column(5, 6, 10)
    ws.set_column(len(header) + 1, len(header) + 3, 13)


def _counts(ws, f: Formats, ap: Appendix, col: int) -> None:
    """Indicators per RAG now and last period, and the key to the owners' initials."""
    ws.write_row(TOP, col, ["RAG", "Now", "Last period"], f.header)
    count = f.number(COUNT_FORMAT)
    counts = ap.rag_counts
    for i, name in enumerate(RAG_ORDER, start=TOP + 1):  # red first, as on the cover
        ws.write(i, col, rag_text(name))
        ws.write_number(i, col + 1, counts[name][0], count)
        ws.write_number(i, col + 2, counts[name][1], count)
    rag_conditional(ws, f, TOP + 1, col, TOP + len(RAG_ORDER))
    row = TOP + len(RAG_ORDER) + 2
    ws.write_row(row, col, ["Polarity", "Meaning"], f.header)
    for i, (code, words) in enumerate([*POLARITY_WORDS.items(), ("(blank)", "Information only")],
                                      start=row + 1):
        ws.write_row(i, col, [code, words])
    if ap.owners:
        row += len(POLARITY_WORDS) + 3
        ws.write_row(row, col, ["Initials", "Target owner"], f.header)
        for i, (code, owner) in enumerate(ap.owners, start=row + 1):
            ws.write_row(i, col, [code, owner])


# ---- a sheet per section -----------------------------------------------------------------

def _row(ws, f: Formats, ap: Appendix, r: AppendixRow, row: int) -> None:
    ind = r.indicator
    fmt = indicator_format(ind)
    ws.write_row(row, 0, [r.ref, ind.title, r.polarity], f.wrap)
    cells = {c.month: c for c in r.months}
    for col, month in enumerate(ap.months, start=FIRST_MONTH):
        c = cells.get(month)
        fig = c.figure if c else None
        write_number(ws, row, col, fig.value if fig else None, f.number(fmt, tint=c.rag if c else None))
        if fig is not None and fig.value is None:
            ws.write_comment(row, col, fig.note or "unavailable")
    col = FIRST_MONTH + len(ap.months)
    write_number(ws, row, col, r.year_target, f.number(fmt))
    if r.cumulative_target and r.year_target is not None:
        ws.write_comment(row, col, "Cumulative: to be reached by year end")
    ws.write(row, col + 1, r.owner_initials)
    ws.write(row, col + 2, _rag_or_pending(r.rag, r.pending))
    ws.write(row, col + 3, r.methodology, f.small)


def _section(book, f: Formats, ap: Appendix, section: AppendixSection, name: str) -> None:
    ws = book.add_worksheet(name)
    heading(ws, f, section.name, f"{ap.title} · financial year {ap.financial_year} to date · "
            f"{ap.period.long_label}", "Month cells are tinted by that month's RAG; the RAG column is "
            "the current rating.")
    n = len(ap.months)
    header = ["Ref", "Indicator title", "Polarity", *(m.label for m in ap.months),
              f"{ap.financial_year} Target", "Target owner", "RAG", "RAG methodology"]
    ws.write_row(TOP, 0, header, f.header)
    ws.set_row(TOP, 30)
    rows = list(section.rows)
    for i, r in enumerate(rows, start=TOP + 1):
        _row(ws, f, ap, r, i)
    last = TOP + max(len(rows), 1)
    rag_conditional(ws, f, TOP + 1, FIRST_MONTH + n + 2, last)
    ws.freeze_panes(TOP + 1, 2)
    ws.autofilter(TOP, 0, last, len(header) - 1)
    targets = last + 2
    _targets(ws, f, ap, rows, targets)
    _charts(book, ws, ap, rows, name, targets + 1, targets + len(rows) + 2)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 45)
    ws.set_column(2, 2, 8)
    ws.set_column(FIRST_MONTH, FIRST_MONTH + n - 1, 9)
    ws.set_column(FIRST_MONTH + n, FIRST_MONTH + n + 1, 11)
    ws.set_column(FIRST_MONTH + n + 2, FIRST_MONTH + n + 2, 15)  # "Range to be set" fits
    ws.set_column(FIRST_MONTH + n + 3, FIRST_MONTH + n + 3, 60)


def _targets(ws, f: Formats, ap: Appendix, rows: list[AppendixRow], top: int) -> None:
    """Each month's target under the same month columns: what the charts' target lines draw."""
    ws.write_row(top, 0, ["Ref", "Monthly target", "", *(m.label for m in ap.months)], f.section)
    for i, r in enumerate(rows, start=top + 1):
        num = f.number(indicator_format(r.indicator))
        ws.write_row(i, 0, [r.ref, "Target"])
        cells = {c.month: c for c in r.chart.months}
        for col, month in enumerate(ap.months, start=FIRST_MONTH):
            write_number(ws, i, col, cells[month].target if month in cells else None, num)


def _charts(book, ws, ap: Appendix, rows: list[AppendixRow], sheet: str, targets_row: int,
            top: int) -> None:
    """A chart per indicator from ``top``, two side by side: values from the table, target from
    the monthly targets starting at ``targets_row``."""
    first, last = FIRST_MONTH, FIRST_MONTH + len(ap.months) - 1
    for i, r in enumerate(rows):
        has_target = any(c.target is not None for c in r.chart.months)
        chart = series_chart(
            book, name=r.ref, title=f"{r.ref} {r.indicator.title}", column=r.indicator.unit == "count",
            categories=row_range(sheet, TOP, first, last),
            values=row_range(sheet, TOP + 1 + i, first, last),
            target=row_range(sheet, targets_row + i, first, last) if has_target else None,
            size=CHART_SIZE)
        ws.insert_chart(top + (i // 2) * 12, 0, chart,
                        {"x_offset": (i % 2) * (CHART_SIZE[0] + 20), "y_offset": 0})


def render_appendix_xlsx(appendix: Appendix, note: str | None = None) -> bytes:
    """The improvement KPI appendix as XLSX bytes.

    In publication mode the model's ``publication.note`` (or ``note``, where given) is written
    under the title, so the workbook says why some figures are ``c``.
    """
    book, f, buffer = open_book(f"{appendix.title} – {appendix.period.long_label}", appendix.la_name)
    _summary(book, f, appendix, publication_note(appendix, note))
    used = {"summary", "definitions"}
    for section in appendix.sections:
        _section(book, f, appendix, section, sheet_name(section.name, used))
    by_ref = {r.ref: r for r in appendix.rows}
    indicator_definitions(book, f, [r.indicator for r in appendix.rows], {
        "Polarity code": lambda ind: by_ref[ind.ref].polarity,
        "Target owner initials": lambda ind: by_ref[ind.ref].owner_initials,
        "RAG methodology": lambda ind: by_ref[ind.ref].methodology})
    return close_book(book, buffer)
