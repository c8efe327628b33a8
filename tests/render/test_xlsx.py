"""The demo's Excel workbook, read back with openpyxl (and its chart parts from the zip)."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest


@pytest.fixture(scope="module")
def workbook(demo):
    return demo.out / "monthly-report-2026-10.xlsx"


def test_sheets_numbers_and_formats(workbook, demo):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames[0] == "Summary" and book.sheetnames[-2:] == ["Definitions", "Sources"]
    assert "Child protection" in book.sheetnames
    ws = book["Summary"]
    header = [c.value for c in ws[5]]
    assert header[:5] == ["Ref", "Indicator", "Section", "Good is", "Data note"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=6) if r[0].value}
    assert len(rows) >= 40
    cr2 = rows["CR2"]
    ytd = cr2[header.index("YTD")]
    assert isinstance(ytd.value, float) and ytd.number_format == '0.0"%"'
    assert isinstance(rows["CR1"][header.index("YTD")].value, (int, float))
    assert cr2[header.index("RAG")].value in {"Green", "Amber", "Red"}
    assert cr2[header.index("DoT")].value in {"▲", "▼", "►"}
    assert ws.freeze_panes == "C6" and ws.auto_filter.ref.startswith("A5:")
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert {r.formula[0] for r in rules} >= {'"Green"', '"Amber"', '"Red"'}
    definitions = book["Definitions"]
    assert definitions.max_row - 1 == len(rows)


def test_native_charts_with_target_series(workbook, demo):
    with zipfile.ZipFile(workbook) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = [z.read(n).decode() for n in charts]
    assert len(charts) >= 40
    assert sum("<c:v>Target</c:v>" in x or ">Target<" in x for x in xml) >= 20
    assert any("<c:barChart>" in x for x in xml) and any("<c:lineChart>" in x for x in xml)


def test_no_child_level_data(workbook):
    book = openpyxl.load_workbook(workbook)
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "child_id" in v for v in row)
