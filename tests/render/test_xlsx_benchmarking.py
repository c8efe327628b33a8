"""The monthly workbook's Benchmarking sheet, read back with openpyxl (and its charts from the
zip): the LA against its 10 statistical neighbours, per indicator, from DfE's published tables.

Camden (202), SN 2021 model, 2023-24, as in test_benchmarking_page.py. Hand-computed from the
published values listed below; ``kpiboard load --dfe`` keeps the SN mean as the charts show it,
rounded half up to one decimal place (loading.py):
- CR5 re-referrals: neighbours 15.6 12.9 20.3 15.9 20.6 18.7 15.1 26.6 18.4 13.2 -> sum 177.3,
  SN mean 17.73 -> 17.7; Camden 18.6; England 22.4.
- CR3 referrals (a count): neighbours 1,873 1,578 1,388 2,210 1,833 6,525 3,277 3,003 3,323
  2,843 -> sum 27,853, SN mean 2,785.3; England is the national total, not drawn.
- CP5 open plans 2 years+: Camden and 3 neighbours suppressed ("c"); the other 7 are
  0.0 0.0 12.7 1.4 3.8 3.9 3.6 -> sum 25.4, SN mean 25.4 / 7 = 3.628... -> 3.6; England 2.6.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile

import openpyxl
import pytest

from kpiboard.publish.check import check_published
from kpiboard.reporting import build_report, monthly_model
from kpiboard.render.xlsx import render_xlsx
from kpiboard.store import Store

from camden_store import PERIOD, load_camden

NEIGHBOURS = ["Westminster", "Hammersmith and Fulham", "Kensington and Chelsea", "Islington",
              "Wandsworth", "Manchester", "Greenwich", "Reading", "Haringey", "Barnet"]

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("xlsx-bench")
    db = load_camden(tmp)
    (xlsx,) = build_report(db, "monthly", PERIOD, tmp, formats=("xlsx",), record=False)
    (published,) = build_report(db, "monthly", PERIOD, tmp / "pub", formats=("xlsx",),
                                publish=True)
    return {"xlsx": xlsx, "published": published, "db": db, "tmp": tmp}


def _blocks(ws) -> dict[str, dict[str, list]]:
    """Each indicator's block: its ref -> {first column's label: that row's cells}."""
    blocks: dict[str, dict[str, list]] = {}
    current = None
    for row in ws.iter_rows(min_row=6):
        first = row[0].value
        if isinstance(first, str) and "  " in first:
            current = blocks.setdefault(first.split("  ")[0], {"title": [first]})
        elif current is not None and first is not None:
            current[first] = list(row[:4])
    return blocks


def test_sheet_after_the_sections_with_a_frozen_header(built):
    book = openpyxl.load_workbook(built["xlsx"])
    assert book.sheetnames == ["Summary", "Front door", "Other", "Child protection",
                               "Benchmarking", "Definitions", "Sources"]
    ws = book["Benchmarking"]
    assert ws["A1"].value == "Benchmarking: the LA against its statistical neighbours"
    assert ws["A2"].value.startswith("London Borough of Camden against its 10 statistical "
                                     "neighbours")
    assert [c.value for c in ws[5]][:4] == ["Local authority", "Value", "Compared as", "Note"]
    assert ws.freeze_panes == "B6"
    widths = {col: ws.column_dimensions[col].width for col in "ABCD"}
    assert widths["A"] >= 28 and widths["B"] >= 10 and widths["D"] >= 40  # the names fit
    # in catalogue order, only indicators with published neighbours (not X1)
    assert list(_blocks(ws)) == ["CR3", "CR5", "CP5"]


def test_a_percentage_block_real_numbers_formats_and_the_la_marked(built):
    cr5 = _blocks(openpyxl.load_workbook(built["xlsx"])["Benchmarking"])["CR5"]
    assert cr5["title"] == ["CR5  Re-referrals within 12 months"]
    assert cr5["Year"][1].value == "2023-24" and cr5["SN model"][1].value == 2021
    camden = cr5["Camden"]
    assert camden[1].value == 18.6 and camden[1].number_format == '0.0"%"'
    assert camden[1].font.b and camden[0].font.b and camden[2].value == "This LA"
    expected = [15.6, 12.9, 20.3, 15.9, 20.6, 18.7, 15.1, 26.6, 18.4, 13.2]
    for i, (name, value) in enumerate(zip(NEIGHBOURS, expected), start=1):
        cells = cr5[name]
        assert cells[1].value == value and cells[1].number_format == '0.0"%"', name
        assert cells[2].value == f"Neighbour {i}" and not cells[1].font.b
    assert cr5["SN mean"][1].value == pytest.approx(17.7)
    assert cr5["SN mean"][3].value == "the mean of the 10 neighbours with a published value"
    assert cr5["England"][1].value == 22.4 and cr5["England"][1].number_format == '0.0"%"'


def test_missing_values_give_their_reason_as_text(built):
    cp5 = _blocks(openpyxl.load_workbook(built["xlsx"])["Benchmarking"])["CP5"]
    for name in ("Camden", "Hammersmith and Fulham", "Islington", "Greenwich"):
        assert cp5[name][1].value == "c", name           # as published, where the number goes
        assert cp5[name][3].value == "not published: suppressed", name
    assert cp5["Camden"][2].value == "This LA" and cp5["Camden"][1].font.b
    # a published zero is a number, not a missing value
    assert cp5["Westminster"][1].value == 0 and cp5["Westminster"][3].value is None
    assert cp5["SN mean"][1].value == pytest.approx(3.6)
    assert cp5["SN mean"][3].value == "the mean of the 7 neighbours with a published value"
    assert cp5["England"][1].value == 2.6


def test_a_count_block_has_no_england_figure_on_its_scale(built):
    cr3 = _blocks(openpyxl.load_workbook(built["xlsx"])["Benchmarking"])["CR3"]
    assert cr3["Camden"][1].value == 2241 and cr3["Camden"][1].number_format == "#,##0"
    assert cr3["Manchester"][1].value == 6525
    assert cr3["SN mean"][1].value == pytest.approx(2785.3)
    assert cr3["England"][1].value is None
    assert cr3["England"][3].value == "England total 621,880 (not drawn: a national total)"


def test_a_native_bar_chart_per_indicator(built):
    with zipfile.ZipFile(built["xlsx"]) as z:
        xml = [z.read(n).decode() for n in sorted(z.namelist())
               if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    bars = {re.search(r"<a:t>(\w+) ", x).group(1): x for x in xml if '<c:barDir val="bar"/>' in x}
    assert set(bars) == {"CR3", "CR5", "CP5"}
    # the LA, its 10 neighbours and the SN mean; England too where it is on the same scale
    points = {ref: len(re.findall(r"<c:dPt>", x)) for ref, x in bars.items()}
    assert points == {"CR3": 12, "CR5": 13, "CP5": 13}
    # the values are the sheet's cells: CR3's block is rows 6-22 (title, year, SN model, source,
    # 11 LAs from row 10, SN mean on 21, England on 22), CR5's three rows after it
    assert "<c:f>'Benchmarking'!$B$10:$B$21</c:f>" in bars["CR3"]
    assert "<c:f>'Benchmarking'!$A$10:$A$21</c:f>" in bars["CR3"]
    assert "<c:f>'Benchmarking'!$B$29:$B$41</c:f>" in bars["CR5"]
    ws = openpyxl.load_workbook(built["xlsx"])["Benchmarking"]
    assert [ws[c].value for c in ("A10", "A21", "A22", "A29", "A41")] == [
        "Camden", "SN mean", "England", "Camden", "England"]
    # a suppressed value is labelled with its reason, not drawn as a zero
    assert bars["CP5"].count("<a:t>c (not published)</a:t>") == 4
    assert "(not published)" not in bars["CR5"]


def test_no_sheet_without_published_neighbours(built):
    model = monthly_model(Store(built["db"], create=False), PERIOD)
    bare = dataclasses.replace(model, sections=tuple(
        dataclasses.replace(s, neighbours=()) for s in model.sections))
    path = built["tmp"] / "bare.xlsx"
    path.write_bytes(render_xlsx(bare))
    assert "Benchmarking" not in openpyxl.load_workbook(path).sheetnames


def test_published_workbook_keeps_the_published_figures_and_passes_the_check(built):
    ws = openpyxl.load_workbook(built["published"])["Benchmarking"]
    assert "Publication mode leaves them as given" in ws["A3"].value
    assert _blocks(ws)["CR5"]["Camden"][1].value == 18.6
    assert check_published(built["published"]) == []
