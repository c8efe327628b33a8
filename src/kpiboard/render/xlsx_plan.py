"""The improvement-plan tracker as an Excel workbook: one row per plan id on a "Plan tracker"
sheet (real numbers, change arrows coloured by whether the change is good, RAG rating as a
conditional format) and a Definitions sheet."""

from __future__ import annotations

from kpiboard.model.plan import PlanRow, PlanTracker
from kpiboard.publish import is_suppressed
from kpiboard.render._xlsx_base import (ARROWS, change_format, close_book, heading,
                                        indicator_definitions, indicator_format, open_book,
                                        publication_note, rag_conditional, rag_text, write_number)

SHEET = "Plan tracker"
TOP = 4  # the header row, under the title, context and footnote


def _header(tracker: PlanTracker) -> list[str]:
    return ["Plan id", "Ref", "Measure", (tracker.period - 1).label, tracker.period.label, "Change",
            "DoT", "Change is", "Baseline", "Baseline month", "Change since baseline",
            "Since baseline", "Target", "Rating"]


RATING_COL = 13


def _change_words(good: bool | None) -> str:
    return {True: "better", False: "worse"}.get(good, "")


def _row(ws, f, row: int, r: PlanRow) -> None:
    ind = r.indicator
    num, change = f.number(indicator_format(ind)), f.number(change_format(ind.unit, ind.decimals))
    ws.write_row(row, 0, [r.plan_id, ind.ref, ind.title])
    write_number(ws, row, 3, r.previous, num)
    write_number(ws, row, 4, r.latest, num)
    write_number(ws, row, 5, r.change, change)
    # a withheld change has no direction to show (and PlanRow.arrow would compare it)
    if r.change is not None and not is_suppressed(r.change):
        ws.write(row, 6, ARROWS[r.arrow], f.arrow[r.arrow_colour])
        ws.write(row, 7, _change_words(r.change_good) or "no change")
    if r.baseline is not None:
        write_number(ws, row, 8, r.baseline.baseline, num)
        ws.write(row, 9, r.baseline.since.label)
        write_number(ws, row, 10, r.baseline.change, change)
        ws.write(row, 11, _change_words(r.baseline.better))
    write_number(ws, row, 12, r.target, num)
    ws.write(row, RATING_COL, rag_text(r.rating))


def _tracker_sheet(book, f, tracker: PlanTracker, note: str | None) -> None:
    ws = book.add_worksheet(SHEET)
    heading(ws, f, f"{tracker.title} – {tracker.period.long_label}",
            " · ".join(x for x in (tracker.la_name, f"created {tracker.created:%d %B %Y}") if x),
            "Arrows show the direction of the change: green when the change is good given which way "
            "good performance lies, red when it is not. Changes for percentages are in percentage points.",
            note)
    header = _header(tracker)
    ws.write_row(TOP, 0, header, f.header)
    ws.set_row(TOP, 30)
    row = TOP
    for row, r in enumerate(tracker.rows, start=TOP + 1):
        _row(ws, f, row, r)
    if not tracker.rows:
        ws.write(TOP + 1, 0, "No indicator in the catalogue has a plan id (add plan_id and baseline "
                             "to catalogue entries).", f.note)
    last = max(row, TOP + 1)
    rag_conditional(ws, f, TOP + 1, RATING_COL, last)
    ws.freeze_panes(TOP + 1, 3)
    ws.autofilter(TOP, 0, last, len(header) - 1)
    ws.set_column(0, 1, 8)
    ws.set_column(2, 2, 48)
    ws.set_column(3, len(header) - 1, 11)


def render_plan_xlsx(tracker: PlanTracker, note: str | None = None) -> bytes:
    """The improvement-plan tracker as XLSX bytes.

    In publication mode the model's ``publication.note`` (or ``note``, where given) is written
    under the title, so the workbook says why some figures are ``c``.
    """
    book, f, buffer = open_book(f"{tracker.title} – {tracker.period.long_label}", tracker.la_name)
    _tracker_sheet(book, f, tracker, publication_note(tracker, note))
    indicator_definitions(book, f, [r.indicator for r in tracker.rows], {
        "Plan id": lambda ind: ind.plan_id or "", "Baseline month": lambda ind: ind.baseline or ""})
    return close_book(book, buffer)
