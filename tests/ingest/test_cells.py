"""Turning single cells into numbers, refs and periods (kpiboard.ingest.cells)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpiboard.ingest import cells
from kpiboard.periods import FinancialYear, Month


# ---- blanks and text ------------------------------------------------------------------------

@pytest.mark.parametrize("cell", [None, "", "   ", "n/a", "N/A", "NA", "-", "–", "—", "null", "None"])
def test_blank_words(cell):
    assert cells.is_blank(cell)
    assert cells.text(cell) is None


@pytest.mark.parametrize("cell", [0, 0.0, "0", "x", "Data in progress"])
def test_not_blank(cell):
    assert not cells.is_blank(cell)


def test_text_strips_and_drops_integer_float_point():
    assert cells.text("  CR1 ") == "CR1"
    assert cells.text(12.0) == "12"
    assert cells.text(12) == "12"
    assert cells.text(5.9) == "5.9"


def test_ref_text_from_excel_numbers():
    # refs typed into Excel arrive as numbers
    assert cells.ref_text(5.9) == "5.9"
    assert cells.ref_text(12.0) == "12"
    assert cells.ref_text(7) == "7"
    assert cells.ref_text(" CR1 ") == "CR1"
    assert cells.ref_text("") is None


# ---- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    (86.4, 86.4),
    (3, 3.0),
    ("86.4", 86.4),
    ("86.4%", 86.4),
    (" 86.4 % ", 86.4),
    ("1,234", 1234.0),
    ("1,234,567.5", 1234567.5),
    ("-5", -5.0),
    ("+5", 5.0),
    (".5", 0.5),
    ("0", 0.0),
    ("\u00a01,234", 1234.0),
])
def test_number_accepts(cell, expected):
    assert cells.number(cell) == pytest.approx(expected)


@pytest.mark.parametrize("cell", ["abc", "1,23", "12,34,567", "1.2.3", "", "76 of 576", True, False,
                                  "79% (6m+)", "£5"])
def test_number_rejects_with_reason(cell):
    with pytest.raises(ValueError, match="is not a number"):
        cells.number(cell)


def test_leading_number():
    assert cells.leading_number("79% (6m+)") == (79.0, "(6m+)")
    assert cells.leading_number("12") == (12.0, None)
    assert cells.leading_number("1,234 provisional") == (1234.0, "provisional")
    assert cells.leading_number("Data in progress") is None
    assert cells.leading_number("n/a") is None


@pytest.mark.parametrize("cell, expected", [
    ("76 of 576", (76.0, 576.0)),
    ("76 / 576", (76.0, 576.0)),
    ("76 out of 576", (76.0, 576.0)),
    ("  76 of 576  ", (76.0, 576.0)),
    ("76 of 576 (13.2%)", (76.0, 576.0)),
    ("1,234 of 5,678", (1234.0, 5678.0)),
])
def test_x_of_y(cell, expected):
    assert cells.x_of_y(cell) == expected


def test_x_of_y_slash_without_spaces():
    # regression: '76/576' once needed spaces around the slash
    assert cells.x_of_y("76/576") == (76.0, 576.0)


@pytest.mark.parametrize("cell", ["2018/19 data not yet available", "31/03/2018 due", "3rd quarter"])
def test_leading_number_must_stand_alone(cell):
    # regression: text that merely starts with digits was read as that number
    assert cells.leading_number(cell) is None


@pytest.mark.parametrize("cell", [76, 13.2, "13.2%", "of 576", "76 of", "seventy of 576"])
def test_x_of_y_needs_two_numbers_in_text(cell):
    assert cells.x_of_y(cell) is None


# ---- periods ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("2017-04", Month(2017, 4)),
    ("2017-4", Month(2017, 4)),
    (" 2017-04 ", Month(2017, 4)),
    ("Apr-17", Month(2017, 4)),
    ("April 2017", Month(2017, 4)),
    ("04/2017", Month(2017, 4)),
    (dt.date(2017, 4, 30), Month(2017, 4)),
    (dt.datetime(2018, 3, 1, 0, 0), Month(2018, 3)),
    # "2011-12" is a valid month, and a valid month wins
    ("2011-12", Month(2011, 12)),
])
def test_period_months(cell, expected):
    assert cells.period(cell) == expected


@pytest.mark.parametrize("cell, start", [
    ("2016-17", 2016),
    ("2011/12", 2011),
    ("2016/17", 2016),
    ("1999/00", 1999),
])
def test_period_financial_years(cell, start):
    found = cells.period(cell)
    assert isinstance(found, FinancialYear)
    assert found == FinancialYear(start)


@pytest.mark.parametrize("cell", ["Q1", "2017", "2017-13", "2016-18", "2016/18", "garbage", "13/2017"])
def test_period_rejects(cell):
    with pytest.raises(ValueError):
        cells.period(cell)


def test_period_error_explains_the_forms():
    with pytest.raises(ValueError, match="YYYY-MM for a month, YYYY-YY for a financial year"):
        cells.period("last month")
