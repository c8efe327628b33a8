"""The quarterly scorecard by owner as an Excel workbook: a Summary sheet (indicators per owner
per tolerance status, commentary outstanding), a sheet per owner with each card's financial year
month by month (actual, target, status symbol), its commentary in cells and a native chart of the
actual against the target, and a Definitions sheet."""

from __future__ import annotations

from kpiboard.judge.tolerance import BETTER, WITHIN, WORSE
from kpiboard.model.scorecard import (COMMENTED, MISSING, NOT_JUDGED, ON_TARGET, SHORT_LABELS,
                                      STATUS_LABELS, STATUS_ORDER, Card, OwnerSection, Scorecard)
from kpiboard.render._xlsx_base import (COUNT_FORMAT, Formats, close_book, heading,
                                        indicator_definitions, indicator_format, open_book,
                                        publication_note, row_range, series_chart, sheet_name,
                                        write_number)
from kpiboard.render.commentary_text import plain_text

# Shapes that differ as well as colours, as on the printed scorecard, so they survive greyscale.
SYMBOLS = {WORSE: "◆", WITHIN: "●", BETTER: "★", NOT_JUDGED: "▬"}
SYMBOL_COLOURS = {WORSE: "#c62828", WITHIN: "#e69500", BETTER: "#2e7d32", NOT_JUDGED: "#8a94a3"}
MISSING_TEXT = "Commentary required – missing"
ON_TARGET_TEXT = "No comment required (on target)"
MONTH_COL = 1        # April is column B; March column M
FLAG_COL = 13        # the cumulative flag, beside March
CHART_COL = 15
TOP = 4              # the Summary's header row


def quarter_words(card: Scorecard) -> str:
    return (f"Quarter {card.quarter} {card.financial_year}"
            + ("" if card.quarter_complete else " to date"))


def symbol(status: str | None, short: bool = True) -> str:
    status = status or NOT_JUDGED
    return f"{SYMBOLS[status]} {(SHORT_LABELS if short else STATUS_LABELS)[status]}"


class _Symbols:
    def __init__(self, f: Formats) -> None:
        self.format = {s: f.book.add_format({"font_color": c, "bold": True, "align": "center"})
                       for s, c in SYMBOL_COLOURS.items()}
        self.left = {s: f.book.add_format({"font_color": c, "bold": True})
                     for s, c in SYMBOL_COLOURS.items()}


# ---- the Summary sheet -------------------------------------------------------------------

def _summary(book, f: Formats, card: Scorecard, note: str | None) -> None:
    ws = book.add_worksheet("Summary")
    heading(ws, f, f"{card.title} – {quarter_words(card)}",
            " · ".join(x for x in (card.la_name, card.service, card.status,
                                   f"position at {card.period.last_day:%d %B %Y}",
                                   f"created {card.created:%d %B %Y}") if x),
            "Each owner's indicators by their position against target and tolerance at "
            f"{card.period.long_label}.", note)
    header = ["Owner", *(symbol(s, short=False) for s in STATUS_ORDER), "Commentary missing",
              "Indicators"]
    ws.write_row(TOP, 0, header, f.header)
    ws.set_row(TOP, 45)  # the status words wrap over three lines
    count = f.number(COUNT_FORMAT)
    row = TOP
    for row, section in enumerate(card.sections, start=TOP + 1):
        counts = section.counts
        ws.write(row, 0, section.owner)
        for i, status in enumerate(STATUS_ORDER, start=1):
            ws.write_number(row, i, counts[status], count)
        ws.write_number(row, len(STATUS_ORDER) + 1, section.missing_commentary, count)
        ws.write_number(row, len(STATUS_ORDER) + 2, len(section.cards), count)
    last = max(row, TOP + 1)
    missing_col = len(STATUS_ORDER) + 1
    # outstanding commentary is flagged wherever it is not zero, the total included
    ws.conditional_format(TOP + 1, missing_col, last + 1, missing_col,
                          {"type": "cell", "criteria": ">", "value": 0, "format": f.alert})
    ws.freeze_panes(TOP + 1, 1)
    ws.autofilter(TOP, 0, last, len(header) - 1)
    total = f.number(COUNT_FORMAT, bold=True)
    ws.write(last + 1, 0, f"All owners ({len(card.cards)} indicators)", f.bold)
    counts = card.counts
    for i, status in enumerate(STATUS_ORDER, start=1):
        ws.write_number(last + 1, i, counts[status], total)
    ws.write_number(last + 1, missing_col, card.missing_commentary, total)
    ws.write_number(last + 1, missing_col + 1, len(card.cards), total)
    _outstanding(ws, f, card, last + 3)
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(header) - 1, 16)


def _outstanding(ws, f: Formats, card: Scorecard, row: int) -> None:
    """The cards still owed commentary, named, so the summary says who must write what."""
    owed = [c for c in card.cards if c.commentary_state == MISSING]
    if not owed:
        ws.write(row, 0, "No commentary outstanding.", f.note)
        return
    ws.write(row, 0, MISSING_TEXT, f.flag)
    ws.write_row(row + 1, 0, ["Owner", "Ref", "Indicator", "Where it stands"], f.header)
    for i, c in enumerate(owed, start=row + 2):
        ws.write_row(i, 0, [c.owner, c.ref, c.title, c.owed or "not yet supplied"])


# ---- a sheet per owner -------------------------------------------------------------------

def _card(book, ws, f: Formats, sym: _Symbols, sheet: str, sc: Scorecard, c: Card, row: int) -> int:
    """One card from ``row``; returns the first row after it."""
    ind = c.indicator
    num = f.number(indicator_format(ind))
    ws.write(row, 0, f"{c.ref}  {c.title}", f.bold)
    ws.write(row, FLAG_COL, symbol(c.status), sym.left[c.status])  # the group heading has the words
    tolerance = (f"tolerance ±{ind.tolerance:g}% of target" if ind.tolerance else "no tolerance") \
        if ind.polarity != "neutral" else ""
    ws.write(row + 1, 0, " · ".join(x for x in (f"Owner: {c.owner}", c.polarity, f"Unit: {c.unit}",
                                                 tolerance) if x), f.note)
    ws.write_row(row + 2, 0, ["Month end", *(m.month.label for m in c.months), "Cumulative"], f.header)
    ws.write(row + 3, 0, "Actual (year to date)" if c.cumulative else "Actual", f.bold)
    ws.write(row + 4, 0, "Target", f.bold)
    ws.write(row + 5, 0, "Status", f.bold)
    for col, m in enumerate(c.months, start=MONTH_COL):
        write_number(ws, row + 3, col, m.actual if m.reached else None, num)
        write_number(ws, row + 4, col, m.target, num)
        if m.reached:
            ws.write(row + 5, col, symbol(m.status), sym.format[m.status or NOT_JUDGED])
            if m.actual is None and m.note:
                ws.write_comment(row + 3, col, m.note)
            elif m.partial:
                ws.write_comment(row + 3, col, "Year to date with months missing")
    ws.write(row + 3, FLAG_COL, "Yes" if c.cumulative else "No")
    if c.why_not_judged:
        ws.write(row + 6, 0, c.why_not_judged + ".", f.note)
    end = _commentary(ws, f, sc, c, row + 7)
    months = len(c.months)
    has_target = any(m.target is not None for m in c.months)
    chart = series_chart(book, name=c.ref, title=c.title, column=ind.unit == "count",
                         categories=row_range(sheet, row + 2, MONTH_COL, months),
                         values=row_range(sheet, row + 3, MONTH_COL, months),
                         target=row_range(sheet, row + 4, MONTH_COL, months) if has_target else None,
                         size=(520, 210))
    ws.insert_chart(row, CHART_COL, chart)
    return max(end, row + 11) + 2


def _commentary(ws, f: Formats, sc: Scorecard, c: Card, row: int) -> int:
    """The period's comments as author, subject and text in their own cells, or why there is
    none; returns the row after."""
    if c.commentary_state == COMMENTED and c.commentary:
        ws.write(row, 0, "Comment by", f.header)
        ws.merge_range(row, 1, row, 3, "Subject", f.header)
        ws.merge_range(row, 4, row, FLAG_COL, "Commentary", f.header)
        for i, cm in enumerate(c.commentary, start=row + 1):
            ws.write(i, 0, cm.author or "author not recorded", f.wrap)
            ws.merge_range(i, 1, i, 3, cm.subject or "", f.wrap)
            text = plain_text(cm.text)
            ws.merge_range(i, 4, i, FLAG_COL, text, f.wrap)
            ws.set_row(i, 15 * max(1, min(8, len(text) // 90 + 1 + text.count("\n"))))  # merged cells do not autofit
        return row + 1 + len(c.commentary)
    ws.write(row, 0, "Commentary", f.bold)
    if c.commentary_state == MISSING:
        ws.merge_range(row, 1, row, 6, f"Commentary required – {c.owed or 'not yet supplied'}", f.flag)
    elif c.commentary_state == ON_TARGET:
        ws.write(row, 1, ON_TARGET_TEXT)
    else:
        ws.write(row, 1, f"No commentary for {sc.period.long_label}.")
    return row + 1


def _owner(book, f: Formats, sym: _Symbols, sc: Scorecard, section: OwnerSection, name: str) -> None:
    ws = book.add_worksheet(name)
    tally = ", ".join(f"{n} {SHORT_LABELS[s].lower()}" for s, n in section.counts.items() if n)
    heading(ws, f, section.owner, f"{sc.title} · {quarter_words(sc)}",
            tally + (f" · {section.missing_commentary} awaiting commentary"
                     if section.missing_commentary else ""))
    row = 4
    for group in section.groups:
        ws.merge_range(row, 0, row, FLAG_COL, f"{symbol(group.status, short=False)} "
                       f"({len(group.cards)})", f.section)
        row += 2
        for c in group.cards:
            row = _card(book, ws, f, sym, name, sc, c, row)
    ws.freeze_panes(4, 1)
    ws.set_column(0, 0, 22)
    ws.set_column(MONTH_COL, MONTH_COL + 11, 9)
    ws.set_column(FLAG_COL, FLAG_COL, 11)


def render_scorecard_xlsx(card: Scorecard, note: str | None = None) -> bytes:
    """The scorecard by owner as XLSX bytes.

    In publication mode the model's ``publication.note`` (or ``note``, where given) is written
    under the title, so the workbook says why some figures are ``c``.
    """
    book, f, buffer = open_book(f"{card.title} – {quarter_words(card)}", card.la_name)
    sym = _Symbols(f)
    _summary(book, f, card, publication_note(card, note))
    used = {"summary", "definitions"}
    for section in card.sections:
        _owner(book, f, sym, card, section, sheet_name(section.owner, used))
    indicator_definitions(book, f, [c.indicator for c in card.cards], {
        "Cumulative target": lambda ind: "Yes" if ind.target_basis == "ytd" else "No",
        "Tolerance (% of target)": lambda ind: ind.tolerance if ind.tolerance is not None else ""})
    return close_book(book, buffer)
