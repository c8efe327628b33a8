"""Excel workbooks for the plan tracker, the scorecard by owner, the improvement KPI appendix and
performance on a page, from real stores written here, read back with openpyxl: sheets, real
numbers with number formats, RAG conditional formats, frozen panes, filters, native charts with
their target series, commentary in cells, and "c" for a withheld figure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from io import BytesIO
from textwrap import dedent

import openpyxl
import pytest

from kpiboard.loading import prepare_load
from kpiboard.model.appendix import Appendix, build_appendix
from kpiboard.model.pages import PagesReport, build_pages
from kpiboard.model.plan import PlanTracker, build_plan
from kpiboard.model.scorecard import Scorecard, build_scorecard
from kpiboard.periods import Month
from kpiboard.publish import MARK, SUPPRESSED
from kpiboard.records.schema import Dataset, table_from_rows
from kpiboard.render.xlsx_kinds import (render_appendix_xlsx, render_pages_xlsx, render_plan_xlsx,
                                        render_scorecard_xlsx)
from kpiboard.reporting import monthly_model
from kpiboard.store import Store

PERCENT, COUNT = '0.0"%"', "#,##0"
PP = '+0.0"pp";-0.0"pp";0.0"pp"'
PERIOD = Month(2026, 9)
CATALOGUE = dedent("""\
    la: {name: Testshire Council}
    report: {title: Test report, service: Children's Social Care, status: Issue 1}
    indicators:
      - {ref: VT1, title: Visits within timescale (%), section: Front door, polarity: higher,
         unit: percent, aggregation: latest, owner: Alex Moore, target: 90, tolerance: 5,
         plan_id: IP1, baseline: 2026-03, rag: {green: {at_least: 90}, amber: {at_least: 85}}}
      - {ref: RR1, title: Repeat referrals (%), section: Front door, polarity: lower,
         unit: percent, aggregation: latest, owner: Alex Moore, target: 20, tolerance: 10,
         plan_id: IP2, baseline: 2026-03, rag: {green: {at_most: 20}, amber: {at_most: 25}},
         definition: Referrals within 12 months of an earlier one}
      - {ref: AD1, title: Adoption orders granted, section: Permanence, polarity: higher,
         unit: count, aggregation: sum, owner: Bea Singh, tolerance: 5, target_basis: ytd,
         target: {"2026-27": {Q1: 182, Q2: 365, Q3: 547, Q4: 730}}}
      - {ref: CR1, title: Contacts received, section: Front door, polarity: neutral,
         unit: count, aggregation: sum}
    """)
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
VALUES = {  # March 2026 (the plan baseline), then April to September 2026
    "VT1": [88, 95, 96, 97, 94, 96, 95],
    "RR1": [30, 22, 24, 25, 23, 21, 26],
    "AD1": [None, 60, 62, 70, 50, 55, 60],       # year to date 357 at September
    "CR1": [None, 100, 101, 102, 103, 104, 105],
}
COMMENT = "Repeat referrals rose after the summer; two families returned."


def _csv(rows: list[tuple]) -> str:
    return "\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("xlsx-kinds")
    (folder / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    rows = [("ref", "period", "value")] + [
        (ref, m, v) for ref, vs in VALUES.items() for m, v in zip(["2026-03", *MONTHS], vs)
        if v is not None]
    (folder / "values.csv").write_text(_csv(rows), encoding="utf-8")
    (folder / "commentary.csv").write_text(_csv([
        ("ref", "period", "author", "subject", "text", "status"),
        ("RR1", "2026-09", "Alex Moore", "Head of Service commentary", COMMENT, "approved")]),
        encoding="utf-8")
    store = Store(str(folder / "kpi.db"))
    store.load(prepare_load(store, catalogue=folder / "catalogue.yaml", values=[folder / "values.csv"],
                            commentary=[folder / "commentary.csv"]))
    return store


@pytest.fixture(scope="module")
def monthly(store):
    return monthly_model(store, PERIOD, today=dt.date(2026, 10, 20))


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data))


def find_row(ws, text: str, col: int = 1) -> int:
    """The first row whose cell in ``col`` is ``text``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, col).value == text:
            return row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def values(ws, row: int, first: int, last: int) -> list:
    return [ws.cell(row, c).value for c in range(first, last + 1)]


def rag_rules(ws) -> dict[str, set[str]]:
    """Cell range -> the texts its conditional formats match."""
    return {str(cf.sqref): {r.formula[0] for r in cf.rules if r.formula} for cf in ws.conditional_formatting}


def series(book, chart) -> dict[str, list]:
    """Each series of a (possibly combined) chart by name, with the cell values it draws."""
    out = {}
    for part in chart._charts:
        for s in part.series:
            name = s.tx.v if s.tx.v is not None else s.tx.strRef.f
            sheet, cells = re.fullmatch(r"'?(.*?)'?!(.*)", s.val.numRef.f).groups()
            out[name] = [c.value for row in book[sheet.replace("''", "'")][cells.replace("$", "")]
                         for c in row]
    return out


# ---- improvement-plan tracker --------------------------------------------------------------

@pytest.fixture(scope="module")
def plan(monthly) -> PlanTracker:
    return build_plan("Improvement plan tracker", monthly.la_name,
                      [p.assessment for p in monthly.pages], monthly.created)


def test_plan_tracker_sheet(plan):
    book = read(render_plan_xlsx(plan))
    assert book.sheetnames == ["Plan tracker", "Definitions"]
    ws = book["Plan tracker"]
    header = values(ws, 5, 1, 14)
    assert header == ["Plan id", "Ref", "Measure", "Aug-26", "Sep-26", "Change", "DoT", "Change is",
                      "Baseline", "Baseline month", "Change since baseline", "Since baseline",
                      "Target", "Rating"]
    vt1, rr1 = values(ws, 6, 1, 14), values(ws, 7, 1, 14)
    # VT1: 96 -> 95, higher is better: down and worse; since March's 88, +7 better; 95 is green
    assert vt1 == ["IP1", "VT1", "Visits within timescale (%)", 96, 95, -1, "▼", "worse", 88, "Mar-26",
                   7, "better", 90, "Green"]
    # RR1: 21 -> 26, lower is better: up and worse; since March's 30, -4 better; 26 is over amber's 25
    assert rr1 == ["IP2", "RR1", "Repeat referrals (%)", 21, 26, 5, "▲", "worse", 30, "Mar-26",
                   -4, "better", 20, "Red"]
    assert ws["E7"].number_format == PERCENT and ws["F7"].number_format == PP
    assert ws["G7"].font.color.rgb == "FFC62828"  # the arrow is red: the change is bad
    assert ws.max_row == 7  # indicators without a plan id are not rows
    assert rag_rules(ws)["N6:N7"] == {'"Green"', '"Amber"', '"Red"'}
    assert ws.freeze_panes == "D6" and ws.auto_filter.ref == "A5:N7"
    definitions = book["Definitions"]
    assert definitions.freeze_panes == "B2" and definitions.auto_filter.ref.startswith("A1:")
    defs = {r[0]: r for r in definitions.iter_rows(min_row=2, values_only=True)}
    assert set(defs) == {"VT1", "RR1"}
    assert "Referrals within 12 months of an earlier one" in defs["RR1"]


def test_plan_tracker_withheld_figures_are_c(plan):
    row = dataclasses.replace(plan.rows[1], latest=SUPPRESSED, change=SUPPRESSED)
    book = read(render_plan_xlsx(dataclasses.replace(plan, rows=(plan.rows[0], row))))
    ws = book["Plan tracker"]
    assert ws["E7"].value == MARK and ws["E7"].data_type == "s"
    assert ws["F7"].value == MARK
    assert ws["G7"].value is None and ws["H7"].value is None  # no direction for a withheld change
    assert ws["D7"].value == 21  # the rest of the row is unchanged


# ---- scorecard by owner ------------------------------------------------------------------

@pytest.fixture(scope="module")
def scorecard(monthly) -> Scorecard:
    return build_scorecard(monthly)


@pytest.fixture(scope="module")
def scorecard_book(scorecard):
    return read(render_scorecard_xlsx(scorecard))


def test_scorecard_summary_counts(scorecard_book):
    book = scorecard_book
    assert book.sheetnames == ["Summary", "Alex Moore", "Bea Singh", "No owner recorded", "Definitions"]
    ws = book["Summary"]
    assert values(ws, 5, 1, 7) == ["Owner", "◆ Worse than target beyond tolerance",
                                   "● Within tolerance of target",
                                   "★ Better than target beyond tolerance",
                                   "▬ No target or not judged", "Commentary missing", "Indicators"]
    assert values(ws, 6, 1, 7) == ["Alex Moore", 1, 0, 1, 0, 0, 2]  # RR1 worse, VT1 better
    assert values(ws, 7, 1, 7) == ["Bea Singh", 0, 1, 0, 0, 1, 1]   # AD1 within, commentary owed
    assert values(ws, 8, 1, 7) == ["No owner recorded", 0, 0, 0, 1, 0, 1]
    assert values(ws, 9, 1, 7) == ["All owners (4 indicators)", 1, 1, 1, 1, 1, 4]
    assert ws["F7"].number_format == COUNT and isinstance(ws["F7"].value, int)
    assert ws.freeze_panes == "B6" and ws.auto_filter.ref == "A5:G8"
    assert rag_rules(ws)["F6:F9"] == {"0"}  # outstanding commentary flagged when above 0
    owed = find_row(ws, "Commentary required – missing")
    assert values(ws, owed + 2, 1, 4) == ["Bea Singh", "AD1", "Adoption orders granted", "not yet supplied"]


def test_scorecard_card_year_and_commentary(scorecard_book):
    ws = scorecard_book["Alex Moore"]
    top = find_row(ws, "RR1  Repeat referrals (%)")
    assert values(ws, top + 2, 1, 14) == ["Month end", "Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26",
                                          "Sep-26", "Oct-26", "Nov-26", "Dec-26", "Jan-27", "Feb-27",
                                          "Mar-27", "Cumulative"]
    actual = values(ws, top + 3, 1, 14)
    assert actual == ["Actual", 22, 24, 25, 23, 21, 26] + [None] * 6 + ["No"]  # blank after September
    assert ws.cell(top + 3, 2).number_format == PERCENT
    assert values(ws, top + 4, 2, 13) == [20] * 12
    # 26 against 20 with 10% tolerance (18 to 22): worse; 22 in April is within
    status = values(ws, top + 5, 2, 13)
    assert status[0] == "● Within" and status[5] == "◆ Worse" and status[6:] == [None] * 6
    assert values(ws, top + 7, 1, 5) == ["Comment by", "Subject", None, None, "Commentary"]
    assert values(ws, top + 8, 1, 5) == ["Alex Moore", "Head of Service commentary", None, None, COMMENT]
    vt1 = find_row(ws, "VT1  Visits within timescale (%)")
    assert values(ws, vt1 + 7, 1, 2) == ["Commentary", "No comment required (on target)"]
    assert ws.freeze_panes == "B5"


def test_scorecard_cumulative_card_flags_missing_commentary(scorecard_book):
    ws = scorecard_book["Bea Singh"]
    top = find_row(ws, "AD1  Adoption orders granted")
    assert ws.cell(top + 3, 1).value == "Actual (year to date)"
    assert values(ws, top + 3, 2, 7) == [60, 122, 192, 242, 297, 357]
    assert ws.cell(top + 3, 2).number_format == COUNT
    assert ws.cell(top + 3, 14).value == "Yes"
    assert ws.cell(top + 4, 4).value == 182 and ws.cell(top + 4, 13).value == 730
    flag = ws.cell(top + 7, 2)
    assert flag.value == "Commentary required – not yet supplied"
    assert flag.font.b and flag.font.color.rgb == "FFC62828"


def test_scorecard_charts_have_target_series(scorecard_book):
    book = scorecard_book
    charts = book["Alex Moore"]._charts
    assert len(charts) == 2  # one per card
    drawn = [series(book, c) for c in charts]
    rr1 = next(s for s in drawn if "RR1" in s)
    assert rr1["RR1"][:6] == [22, 24, 25, 23, 21, 26] and rr1["Target"] == [20] * 12
    cr1 = series(book, book["No owner recorded"]._charts[0])
    assert list(cr1) == ["CR1"]  # information only: no target to draw
    ad1 = series(book, book["Bea Singh"]._charts[0])
    assert ad1["Target"][2] == 182 and ad1["AD1"][:3] == [60, 122, 192]


def test_scorecard_withheld_actual_is_c(scorecard):
    section = scorecard.sections[0]
    card = section.cards[0]  # RR1: the worse group comes first
    months = list(card.months)
    months[5] = dataclasses.replace(months[5], actual=SUPPRESSED)
    card = dataclasses.replace(card, months=tuple(months))
    group = dataclasses.replace(section.groups[0], cards=(card,))
    section = dataclasses.replace(section, groups=(group, *section.groups[1:]))
    book = read(render_scorecard_xlsx(dataclasses.replace(
        scorecard, sections=(section, *scorecard.sections[1:]))))
    ws = book["Alex Moore"]
    top = find_row(ws, "RR1  Repeat referrals (%)")
    assert ws.cell(top + 3, 7).value == MARK and ws.cell(top + 3, 6).value == 21


# ---- improvement KPI appendix ------------------------------------------------------------

@pytest.fixture(scope="module")
def appendix(monthly) -> Appendix:
    return build_appendix(monthly)


@pytest.fixture(scope="module")
def appendix_book(appendix):
    return read(render_appendix_xlsx(appendix))


def test_appendix_summary_rag_last_period_and_now(appendix_book):
    book = appendix_book
    assert book.sheetnames == ["Summary", "Front door", "Permanence", "Definitions"]
    ws = book["Summary"]
    assert values(ws, 5, 1, 7) == ["Ref", "Indicator", "Section", "RAG last period (Aug-26)",
                                   "Current RAG (Sep-26)", "Movement", "RAG change"]
    rows = {r[0]: r[:7] for r in ws.iter_rows(min_row=6, max_row=9, values_only=True)}
    assert rows["VT1"][3:] == ("Green", "Green", "►", "same")   # 96 then 95: both 90 or above
    assert rows["RR1"][3:] == ("Amber", "Red", "▼", "worse")    # 21 then 26 against 20 / 25
    assert rows["CR1"][3:] == (None, None, None, None)
    assert rag_rules(ws)["D6:E9"] == {'"Green"', '"Amber"', '"Red"'}
    assert ws.freeze_panes == "C6" and ws.auto_filter.ref == "A5:G9"
    counts = find_row(ws, "RAG", 9)
    assert values(ws, counts + 1, 9, 11) == ["Red", 1, 0]
    assert values(ws, counts + 2, 9, 11) == ["Amber", 0, 1]
    assert values(ws, counts + 3, 9, 11) == ["Green", 1, 1]


def test_appendix_section_months_target_owner_rag(appendix_book):
    ws = appendix_book["Front door"]
    header = values(ws, 5, 1, 14)
    assert header == ["Ref", "Indicator title", "Polarity", "Apr-26", "May-26", "Jun-26", "Jul-26",
                      "Aug-26", "Sep-26", "2026-27 Target", "Target owner", "RAG", "RAG methodology"] + [None]
    rr1 = values(ws, find_row(ws, "RR1"), 1, 13)
    assert rr1[:12] == ["RR1", "Repeat referrals (%)", "SIB", 22, 24, 25, 23, 21, 26, 20, "AM", "Red"]
    assert "Green" in rr1[12] and "Red" in rr1[12]  # the methodology in words
    row = find_row(ws, "RR1")
    assert ws.cell(row, 4).number_format == PERCENT
    assert ws.cell(row, 9).fill.fgColor.rgb == "FFF6D2D2"  # September's own RAG: red
    assert ws.cell(row, 8).fill.fgColor.rgb == "FFFBE8B5"  # August's 21: amber
    assert rag_rules(ws)["L6:L8"] == {'"Green"', '"Amber"', '"Red"'}
    assert ws.freeze_panes == "C6" and ws.auto_filter.ref == "A5:M8"


def test_appendix_chart_per_indicator_with_targets(appendix_book):
    book = appendix_book
    ws = book["Front door"]
    charts = [series(book, c) for c in ws._charts]
    assert len(charts) == 3
    rr1 = next(s for s in charts if "RR1" in s)
    assert rr1 == {"RR1": [22, 24, 25, 23, 21, 26], "Target": [20] * 6}
    assert "Target" not in next(s for s in charts if "CR1" in s)
    ad1 = series(book, book["Permanence"]._charts[0])
    assert ad1["AD1"] == [60, 62, 70, 50, 55, 60] and ad1["Target"][2] == 182


def test_appendix_withheld_month_is_c(appendix):
    section = appendix.sections[0]
    row = next(r for r in section.rows if r.ref == "RR1")
    cells = list(row.months)
    cells[5] = dataclasses.replace(cells[5], figure=dataclasses.replace(cells[5].figure, value=SUPPRESSED))
    rows = tuple(dataclasses.replace(r, months=tuple(cells)) if r is row else r for r in section.rows)
    model = dataclasses.replace(appendix, sections=(dataclasses.replace(section, rows=rows),
                                                    *appendix.sections[1:]))
    ws = read(render_appendix_xlsx(model))["Front door"]
    r = find_row(ws, "RR1")
    assert ws.cell(r, 9).value == MARK and ws.cell(r, 8).value == 21


# ---- performance on a page -----------------------------------------------------------------

PAGES_CATALOGUE = dedent("""\
    la: {name: Testshire Council}
    indicators:
      - {ref: C1, title: Contacts, section: Front door, polarity: neutral, unit: count,
         aggregation: sum, source: {measure: contacts}}
    """)
EXTRACT = dt.date(2024, 10, 31)
PERSON = dict(la="999", extract_date=EXTRACT, gender="Female", ethnicity="WBRI",
              dob=dt.date(2015, 5, 1), disability=False, worker="W1")
# (child, team, contact date, referral date or None): three contacts in October, one in September
CHILDREN = [("CHILD-0001", "T1", dt.date(2024, 10, 1), dt.date(2024, 10, 2)),
            ("CHILD-0002", "T1", dt.date(2024, 10, 8), None),
            ("CHILD-0003", "T2", dt.date(2024, 10, 9), dt.date(2024, 10, 10)),
            ("CHILD-0004", "T1", dt.date(2024, 9, 15), dt.date(2024, 9, 16))]

# Two assessments authorised in October: 21 working days (within 45) and 95 (beyond)
ASSESSMENTS = [("CHILD-0001", dt.date(2024, 9, 2), dt.date(2024, 10, 1)),
               ("CHILD-0003", dt.date(2024, 6, 3), dt.date(2024, 10, 15))]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> PagesReport:
    folder = tmp_path_factory.mktemp("xlsx-pages")
    (folder / "catalogue.yaml").write_text(PAGES_CATALOGUE, encoding="utf-8")
    records = Dataset()
    records.add("contacts", table_from_rows("contacts", [
        {**PERSON, "child_id": c, "team": t, "contact_date": d, "source": "Police"}
        for c, t, d, _ in CHILDREN]))
    records.add("referrals", table_from_rows("referrals", [
        {**PERSON, "child_id": c, "team": t, "referral_date": r, "nfa": False, "referrals_12m": 0}
        for c, t, _, r in CHILDREN if r]))
    records.add("assessments", table_from_rows("assessments", [
        {**PERSON, "child_id": c, "team": "T1", "start_date": start, "authorised_date": done,
         "child_seen": True, "outcome": "CIN"} for c, start, done in ASSESSMENTS]))
    store = Store(str(folder / "kpi.db"))
    store.load(prepare_load(store, catalogue=folder / "catalogue.yaml", records=records))
    period = Month(2024, 10)
    return build_pages(store.page_figures(period), period, "Testshire Council", dt.date(2024, 11, 4))


@pytest.fixture(scope="module")
def pages_book(pages):
    return read(render_pages_xlsx(pages))


def test_pages_measures_ytd_and_last_three_months(pages_book):
    book = pages_book
    assert book.sheetnames[0] == "Front door (MASH)" and book.sheetnames[-1] == "Definitions"
    ws = book["Front door (MASH)"]
    assert values(ws, 4, 1, 8) == ["Measure", "Unit", "2024-25 YTD", "2024-25 YTD numerator",
                                   "2024-25 YTD denominator", "Aug-24", "Aug-24 numerator",
                                   "Aug-24 denominator"]
    contacts = values(ws, find_row(ws, "Contacts"), 1, 14)
    # year to date 4, Sep 1, Oct 3; a count's numerator is not repeated
    assert contacts[:3] == ["Contacts", "Number", 4] and contacts[3:5] == [None, None]
    assert contacts[8] == 1 and contacts[11] == 3
    row = find_row(ws, "Contacts that became referrals")
    conversion = values(ws, row, 3, 14)
    assert conversion[:3] == [75, 3, 4]                       # 3 referrals from 4 contacts
    assert conversion[9:] == [pytest.approx(200 / 3), 2, 3]   # October: 2 of 3
    assert ws.cell(row, 3).number_format == PERCENT and ws.cell(row, 4).number_format == COUNT
    assert ws.cell(find_row(ws, "Contacts"), 3).number_format == COUNT
    assert ws.freeze_panes == "B5" and ws.auto_filter.ref.startswith("A4:")


def test_pages_breakdowns_with_column_charts(pages_book):
    ws = pages_book["Front door (MASH)"]
    top = find_row(ws, "Referrals by team")
    assert values(ws, top + 1, 1, 4) == ["Team", "Unit", "2024-25 YTD", "Oct-24"]  # counts: no parts
    assert values(ws, top + 2, 1, 4) == ["T1", "Number", 2, 1]  # September's and October's
    assert values(ws, top + 3, 1, 4) == ["T2", "Number", 1, 1]
    charts = ws._charts
    assert len(charts) == 4  # by team, age, gender and ethnicity
    assert all(c.tagname == "barChart" and c.type == "col" for c in charts)
    by_team = series(pages_book, charts[0])
    assert by_team == {"Year to date": [2, 1], "Oct-24": [1, 1]}


def test_pages_ratio_breakdown_has_numerator_and_denominator(pages_book):
    ws = pages_book["Assessments"]
    top = find_row(ws, "Assessments completed within 45 working days by team")
    assert values(ws, top + 1, 1, 8) == ["Team", "Unit", "2024-25 YTD", "YTD numerator",
                                         "YTD denominator", "Oct-24", "Oct-24 numerator",
                                         "Oct-24 denominator"]
    assert values(ws, top + 2, 1, 8) == ["T1", "%", 50, 1, 2, 50, 1, 2]
    assert ws.cell(top + 2, 3).number_format == PERCENT and ws.cell(top + 2, 4).number_format == COUNT
    assert series(pages_book, ws._charts[0]) == {"Year to date": [50], "Oct-24": [50]}


def test_pages_definitions_and_no_child_level_data(pages_book):
    ws = pages_book["Definitions"]
    assert values(ws, 1, 1, 3) == ["Measure id", "Title", "Definition"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["contacts"][1] == "Contacts" and "contact_date" in rows["contacts"][2]
    assert rows["contact_conversion_pct"][2] == "Referrals as a percentage of contacts."
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    for sheet in pages_book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "CHILD-" in v for v in row)


def test_pages_withheld_value_is_c(pages):
    page = pages.pages[0]
    first = dataclasses.replace(page.rows[0], ytd=dataclasses.replace(page.rows[0].ytd, value=SUPPRESSED))
    page = dataclasses.replace(page, rows=(first, *page.rows[1:]))
    book = read(render_pages_xlsx(dataclasses.replace(pages, pages=(page, *pages.pages[1:]))))
    ws = book["Front door (MASH)"]
    cell = ws.cell(find_row(ws, "Contacts"), 3)
    assert cell.value == MARK and cell.data_type == "s"


# ---- publication mode ------------------------------------------------------------------------

def test_published_workbooks_carry_the_note_and_pass_the_check(monthly, tmp_path):
    from kpiboard.publish import NOTE, check_published
    from kpiboard.publish.suppress import suppress

    published = suppress(monthly)
    withheld = published.publication  # what reporting.py gives each kind in publication mode
    plan = build_plan("Improvement plan tracker", published.la_name,
                      [p.assessment for p in published.pages], published.created)
    books = {
        "plan": render_plan_xlsx(dataclasses.replace(plan, publication=withheld)),
        "scorecard": render_scorecard_xlsx(dataclasses.replace(build_scorecard(published),
                                                               publication=withheld)),
        "appendix": render_appendix_xlsx(build_appendix(published), note=NOTE),  # given directly
    }
    for name, data in books.items():
        first = read(data).worksheets[0]
        assert withheld.note in [first.cell(r, 1).value for r in range(1, 5)], name
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        assert check_published(path) == [], name
