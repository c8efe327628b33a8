"""Monthly figures from long and wide files, CSV and XLSX (kpiboard.ingest.values)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from kpiboard.catalogue import load_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.figures import Figure
from kpiboard.ingest.values import read_values
from kpiboard.periods import FinancialYear, Month

CATALOGUE = """\
indicators:
  - ref: "CR1"
    title: Contacts received
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
  - ref: "CR2"
    title: Contacts with a decision within 1 working day
    section: Contact and referral
    polarity: higher
    unit: percent
    aggregation: ratio
    target: 90
    rag: {green: {at_least: 90}, amber: {at_least: 85}}
  - ref: "5.9"
    title: Children in care per 10,000
    section: Looked-after children
    polarity: neutral
    unit: rate_per_10k
    aggregation: ratio
  - ref: "12"
    title: Average days to adoption
    section: Adoption
    polarity: lower
    unit: days
    aggregation: mean
"""


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return load_catalogue(path)


def write_csv(tmp_path, text, name="values.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path, rows, sheet="Data"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row or [])
    book.save(path)
    return path


def read_error(path, cat, sheet=None) -> str:
    with pytest.raises(KpiboardError) as excinfo:
        read_values(path, cat, sheet)
    message = str(excinfo.value)
    assert "\n" not in message, message
    return message


def by_key(figures):
    return {(f.ref, f.period): f for f in figures}


# ================================================================================================
# Long layout
# ================================================================================================

def test_long_value_forms(tmp_path, cat):
    path = write_csv(tmp_path, 'ref,period,value\n'
                               'CR2,2017-04,86.4%\n'
                               'CR1,2017-04,"1,234"\n'
                               'CR2,2017-05,76 of 576\n'
                               '5.9,2017-04,45 of 10000\n'
                               '12,2017-04,400\n')
    read = read_values(path, cat)
    assert read.warnings == []
    got = by_key(read.figures)
    assert got[("CR2", Month(2017, 4))] == Figure("CR2", Month(2017, 4), 86.4)
    assert got[("CR1", Month(2017, 4))] == Figure("CR1", Month(2017, 4), 1234.0)
    prop = got[("CR2", Month(2017, 5))]
    assert (prop.numerator, prop.denominator) == (76.0, 576.0)
    assert prop.value == pytest.approx(13.2, abs=0.01)
    assert got[("5.9", Month(2017, 4))].value == pytest.approx(45.0)
    assert got[("12", Month(2017, 4))].value == 400.0
    # figures keep the file's order
    assert [f.ref for f in read.figures] == ["CR2", "CR1", "CR2", "5.9", "12"]


def test_long_x_of_y_for_a_count_is_an_error(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\nCR2,2017-04,80\nCR1,2017-04,76 of 576\n")
    assert read_error(path, cat) == (
        f"{path}, row 3, column 'value': '76 of 576' is a proportion, but 'CR1' is a count, "
        "not a percent or rate")


def test_long_x_of_y_with_zero_denominator_is_unavailable(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\nCR2,2017-04,0 of 0\n")
    (fig,) = read_values(path, cat).figures
    assert fig.value is None
    assert (fig.numerator, fig.denominator) == (0.0, 0.0)
    assert fig.note == "denominator is zero"


def test_long_numerator_denominator_columns_compute_a_blank_value(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\n"
                               "CR2,2017-04,,76,576\n"
                               "CR2,2017-05,13.2,76,576\n"
                               "5.9,2017-04,,45,\"10,000\"\n")
    read = read_values(path, cat)
    assert read.warnings == []
    got = by_key(read.figures)
    computed = got[("CR2", Month(2017, 4))]
    assert computed.value == pytest.approx(76 / 576 * 100)
    assert (computed.numerator, computed.denominator) == (76.0, 576.0)
    given = got[("CR2", Month(2017, 5))]
    assert given.value == 13.2 and (given.numerator, given.denominator) == (76.0, 576.0)
    assert got[("5.9", Month(2017, 4))].value == pytest.approx(45.0)


def test_long_value_disagreeing_with_its_parts_is_a_warning(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,50,76,576\n")
    read = read_values(path, cat)
    assert read.figures[0].value == 50.0  # the given value is kept
    assert len(read.warnings) == 1
    warning = read.warnings[0]
    assert warning.startswith(f"{path}, row 2, column 'value': ")
    assert "50" in warning and "76 of 576" in warning and "13.2" in warning


def test_long_blank_value_with_note_is_unavailable(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,note\nCR1,2017-06,,unavailable due to data migration\n")
    read = read_values(path, cat)
    assert read.figures == [Figure("CR1", Month(2017, 6), None, note="unavailable due to data migration")]
    assert read.warnings == []


@pytest.mark.parametrize("blank", ["", "n/a", "-"])
def test_long_blank_value_without_note_is_skipped_with_warning(tmp_path, cat, blank):
    path = write_csv(tmp_path, f"ref,period,value,note\nCR1,2017-04,5,\nCR1,2017-05,{blank},\n")
    read = read_values(path, cat)
    assert read.figures == [Figure("CR1", Month(2017, 4), 5.0)]
    assert read.warnings == [f"{path}, row 3, column 'value': blank value with no note, skipped"]


def test_long_note_kept_with_a_value(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,note\nCR1,2017-04,5,revised after audit\n")
    assert read_values(path, cat).figures[0].note == "revised after audit"


@pytest.mark.parametrize("text, start", [("2016-17", 2016), ("2011/12", 2011), ("2016/17", 2016)])
def test_long_financial_year_period_is_a_published_annual_figure(tmp_path, cat, text, start):
    path = write_csv(tmp_path, f"ref,period,value\nCR2,{text},84.5\nCR2,2017-04,80\n")
    figures = read_values(path, cat).figures
    annual = figures[0]
    assert isinstance(annual.period, FinancialYear)
    assert annual.period == FinancialYear(start)
    assert annual.value == 84.5
    assert figures[1].period == Month(2017, 4)


def test_long_2011_12_is_december_not_a_year(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\nCR1,2011-12,5\n")
    assert read_values(path, cat).figures[0].period == Month(2011, 12)


def test_long_rag_column(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,rag\n"
                               "CR2,2017-04,91,G\nCR2,2017-05,86,Yellow\nCR2,2017-06,70,Red\nCR2,2017-07,70,\n")
    rags = [f.rag_given for f in read_values(path, cat).figures]
    assert rags == ["green", "amber", "red", None]


def test_long_bad_rag(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,rag\nCR2,2017-04,91,blue\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'rag': ")
    assert "'blue' is not a RAG rating" in message


def test_long_title_column_ignored_and_unknown_columns_warned(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Title,Period,Value,Comments\nCR1,Contacts,2017-04,5,hello\n")
    read = read_values(path, cat)
    assert read.figures == [Figure("CR1", Month(2017, 4), 5.0)]
    assert read.warnings == [f"{path}: ignored column(s) Comments"]


def test_long_xlsx_with_dates_and_numeric_refs(tmp_path, cat):
    path = write_xlsx(tmp_path / "values.xlsx", [
        ["ref", "period", "value", "numerator", "denominator"],
        [5.9, dt.datetime(2017, 4, 1), 45.2, None, None],
        [12, dt.datetime(2017, 5, 31), 400, None, None],
        [12.0, "2017-06", "380", None, None],
        ["CR2", dt.date(2017, 4, 1), None, 76, 576],
        ["CR2", "2016-17", 84.5, None, None],
    ])
    got = by_key(read_values(path, cat).figures)
    assert got[("5.9", Month(2017, 4))].value == 45.2
    assert got[("12", Month(2017, 5))].value == 400.0
    assert got[("12", Month(2017, 6))].value == 380.0
    assert got[("CR2", Month(2017, 4))].value == pytest.approx(13.194, abs=0.001)
    assert got[("CR2", FinancialYear(2016))].value == 84.5


def test_long_xlsx_named_sheet(tmp_path, cat):
    path = tmp_path / "values.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Monthly report"])
    data = book.create_sheet("Figures")
    data.append(["ref", "period", "value"])
    data.append(["CR1", "2017-04", 3])
    book.save(path)
    assert read_values(path, cat, sheet="Figures").figures == [Figure("CR1", Month(2017, 4), 3.0)]
    assert "no 'period' column" in read_error(path, cat)  # the first sheet is the cover


def test_long_xlsx_percent_formatted_cell(tmp_path, cat):
    path = tmp_path / "values.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ref", "period", "value"])
    ws.append(["CR2", "2017-04", 0.864])
    ws["C2"].number_format = "0.0%"
    book.save(path)
    assert read_values(path, cat).figures[0].value == pytest.approx(86.4)


# ---- long layout errors --------------------------------------------------------------------------

def test_long_unknown_ref(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\nCR1,2017-04,1\nCR99,2017-04,1\n")
    assert read_error(path, cat) == (
        f"{path}, row 3, column 'ref': 'CR99' is not an indicator in the catalogue")


def test_long_unknown_ref_in_xlsx_names_the_sheet(tmp_path, cat):
    path = write_xlsx(tmp_path / "values.xlsx", [["ref", "period", "value"], ["CR1", "2017-04", 1],
                                                  [None], ["CR99", "2017-04", 1]], sheet="April")
    assert read_error(path, cat) == (
        f"{path}, sheet 'April', row 4, column 'ref': 'CR99' is not an indicator in the catalogue")


def test_long_blank_ref(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\n,2017-04,1\n")
    assert read_error(path, cat) == f"{path}, row 2, column 'ref': ref is blank"


@pytest.mark.parametrize("bad", ["April", "2017-13", "2016-18", "Q1"])
def test_long_bad_period(tmp_path, cat, bad):
    path = write_csv(tmp_path, f"ref,period,value\nCR1,{bad},1\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'period': ")
    assert f"'{bad}'" in message


def test_long_bad_period_in_xlsx(tmp_path, cat):
    path = write_xlsx(tmp_path / "values.xlsx", [["ref", "period", "value"], ["CR1", "Sometime", 1]])
    message = read_error(path, cat)
    assert message.startswith(f"{path}, sheet 'Data', row 2, column 'period': 'Sometime' is not a period")


@pytest.mark.parametrize("bad", ["abc", "1,23", "Data in progress", "79% (6m+)"])
def test_long_non_number_value(tmp_path, cat, bad):
    path = write_csv(tmp_path, f'ref,period,value\nCR1,2017-04,"{bad}"\n')
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'value': '{bad}' is not a number")
    assert "give a note if the figure is unavailable" in message


def test_long_non_number_value_in_xlsx(tmp_path, cat):
    path = write_xlsx(tmp_path / "values.xlsx", [["ref", "period", "value"], ["CR1", "2017-04", 1],
                                                  ["CR1", "2017-05", "#N/A"]], sheet="Data")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, sheet 'Data', row 3, column 'value': '#N/A' is not a number")


def test_long_non_number_numerator(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,,lots,576\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'numerator': 'lots' is not a number")


def test_long_numerator_above_denominator_for_a_percent(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,,600,576\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'numerator': numerator 600 is larger than denominator 576")


def test_long_x_of_y_above_one_for_a_percent(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\nCR2,2017-04,600 of 576\n")
    assert "numerator 600 is larger than denominator 576" in read_error(path, cat)


def test_long_numerator_above_denominator_is_fine_for_a_rate(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\n5.9,2017-04,,600,576\n")
    assert read_values(path, cat).figures[0].value == pytest.approx(600 / 576 * 10_000)


def test_long_negative_parts(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,,-5,576\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'numerator': numerator and denominator cannot be negative")


def test_long_only_numerator_with_blank_value(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,,76,\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'denominator': value is blank and the denominator is zero or missing")


def test_long_only_numerator_with_a_value(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,13.2,76,\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'denominator': give both numerator and denominator, or neither")


def test_long_only_denominator_with_a_value(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value,numerator,denominator\nCR2,2017-04,13.2,,576\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'numerator': give both numerator and denominator, or neither")


def test_long_duplicated_ref_and_period(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\nCR1,2017-04,5\nCR1,2017-05,5\nCR1,2017-04,6\n")
    message = read_error(path, cat)
    assert message.startswith(str(path))
    assert "'CR1' has two figures for 2017-04" in message


def test_long_duplicate_spotted_across_period_spellings(tmp_path, cat):
    path = write_xlsx(tmp_path / "values.xlsx", [["ref", "period", "value"], ["CR1", "2017-04", 5],
                                                  ["CR1", dt.datetime(2017, 4, 30), 6]])
    assert "'CR1' has two figures for 2017-04" in read_error(path, cat)


def test_long_duplicate_names_the_row(tmp_path, cat):
    # regression: the duplicate error once named only the file
    path = write_csv(tmp_path, "ref,period,value\nCR1,2017-04,5\nCR1,2017-05,5\nCR1,2017-04,6\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 4, column 'period': ")
    assert "row 2" in message  # and where the first one is


@pytest.mark.parametrize("header, missing", [("ref,period,amount", "value"), ("code_x,period,value", "ref")])
def test_long_missing_columns(tmp_path, cat, header, missing):
    path = write_csv(tmp_path, f"{header}\nCR1,2017-04,5\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}: missing the '{missing}' column")
    assert "ref,period,value" in message


def test_neither_layout(tmp_path, cat):
    path = write_csv(tmp_path, "ref,month,value\nCR1,2017-04,5\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}: no 'period' column and no month columns")


def test_empty_file(tmp_path, cat):
    path = write_csv(tmp_path, "")
    assert read_error(path, cat) == f"{path}: the file has no rows"


def test_header_only_gives_no_figures(tmp_path, cat):
    path = write_csv(tmp_path, "ref,period,value\n")
    read = read_values(path, cat)
    assert read.figures == [] and read.warnings == [f"{path}: no figures in the file"]


def test_xls_file(tmp_path, cat):
    path = tmp_path / "values.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    message = read_error(path, cat)
    assert message.startswith(f"{path}: old-style .xls")


def test_zip_named_csv(tmp_path, cat):
    path = write_xlsx(tmp_path / "values.csv", [["ref", "period", "value"], ["CR1", "2017-04", 1]])
    message = read_error(path, cat)
    assert message.startswith(f"{path}: this is a spreadsheet (zip) file with a .csv name")


def test_missing_file(tmp_path, cat):
    path = tmp_path / "no-such.csv"
    assert read_error(path, cat) == f"{path}: file not found"


# ================================================================================================
# Wide layout
# ================================================================================================

@pytest.mark.parametrize("headers", [
    ["Apr-17", "May-17", "Jun-17"],
    ["2017-04", "2017-05", "2017-06"],
    ["April 2017", "May 2017", "June 2017"],
    ["Apr 2017", "May 17", "Jun-2017"],
])
def test_wide_month_headers_csv(tmp_path, cat, headers):
    path = write_csv(tmp_path, f"Ref,{','.join(headers)}\nCR1,10,11,12\n")
    read = read_values(path, cat)
    assert read.figures == [Figure("CR1", Month(2017, 4), 10.0), Figure("CR1", Month(2017, 5), 11.0),
                            Figure("CR1", Month(2017, 6), 12.0)]
    assert read.warnings == []


def test_wide_xlsx_datetime_header_cells(tmp_path, cat):
    path = write_xlsx(tmp_path / "wide.xlsx", [
        ["Ref", "Indicator", dt.datetime(2017, 4, 1), dt.datetime(2017, 5, 1), dt.datetime(2017, 6, 30)],
        [5.9, "Children in care per 10,000", 45.1, 45.3, 45.0],
        [12, "Average days to adoption", 400, None, 380],
    ])
    got = by_key(read_values(path, cat).figures)
    assert set(got) == {("5.9", Month(2017, 4)), ("5.9", Month(2017, 5)), ("5.9", Month(2017, 6)),
                        ("12", Month(2017, 4)), ("12", Month(2017, 6))}  # blank cell: no figure
    assert got[("5.9", Month(2017, 6))].value == 45.0
    assert got[("12", Month(2017, 4))].value == 400.0


def test_wide_title_column_blank_rows_and_section_headings(tmp_path, cat):
    path = write_csv(tmp_path,
                     "Ref,Title,Apr-17,May-17\n"
                     ",Contact and referral,,\n"
                     "CR1,Contacts received,100,110\n"
                     "\n"
                     ",,,\n"
                     ",Looked-after children,,\n"
                     '5.9,"Children in care per 10,000",45,46\n')
    read = read_values(path, cat)
    assert [(f.ref, f.period, f.value) for f in read.figures] == [
        ("CR1", Month(2017, 4), 100.0), ("CR1", Month(2017, 5), 110.0),
        ("5.9", Month(2017, 4), 45.0), ("5.9", Month(2017, 5), 46.0)]
    assert read.warnings == []


def test_wide_ref_column_need_not_be_first(tmp_path, cat):
    path = write_csv(tmp_path, "Indicator,No.,Apr-17\nContacts received,CR1,100\n")
    assert read_values(path, cat).figures == [Figure("CR1", Month(2017, 4), 100.0)]


def test_wide_annotated_value_and_data_in_progress(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17,May-17,Jun-17\nCR2,80%,79% (6m+),Data in progress\n")
    read = read_values(path, cat)
    assert read.figures == [
        Figure("CR2", Month(2017, 4), 80.0),
        Figure("CR2", Month(2017, 5), 79.0, note="(6m+)"),
        Figure("CR2", Month(2017, 6), None, note="Data in progress"),
    ]
    assert read.warnings == [f"{path}, row 2, column 'Jun-17': 'Data in progress' read as unavailable"]


def test_wide_proportion_cells(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17\nCR2,76 of 576\n")
    (fig,) = read_values(path, cat).figures
    assert (fig.numerator, fig.denominator) == (76.0, 576.0)
    assert fig.value == pytest.approx(13.19, abs=0.01)


def test_wide_proportion_for_a_count_is_an_error(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17,May-17\nCR1,5,76 of 576\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'May-17': '76 of 576' is a proportion")


def test_wide_rag_column_attaches_to_latest_month(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17,May-17,Jun-17,RAG\nCR2,80,85,91,G\nCR1,1,2,3,\n")
    got = by_key(read_values(path, cat).figures)
    assert got[("CR2", Month(2017, 6))].rag_given == "green"
    assert got[("CR2", Month(2017, 4))].rag_given is None
    assert got[("CR2", Month(2017, 5))].rag_given is None
    assert all(got[("CR1", Month(2017, m))].rag_given is None for m in (4, 5, 6))


def test_wide_rag_goes_to_the_latest_month_reported(tmp_path, cat):
    # the RAG column describes the latest month in the row, even when that month is unavailable:
    # moving it to an earlier month would check it against the wrong figure
    path = write_csv(tmp_path, "Ref,Apr-17,May-17,Jun-17,RAG\nCR2,80,85,Data in progress,A\n")
    got = by_key(read_values(path, cat).figures)
    assert got[("CR2", Month(2017, 6))].rag_given == "amber"
    assert got[("CR2", Month(2017, 5))].rag_given is None


def test_wide_rag_with_month_columns_out_of_order(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Jun-17,May-17,Apr-17,RAG\nCR2,91,85,80,R\n")
    got = by_key(read_values(path, cat).figures)
    assert got[("CR2", Month(2017, 6))].rag_given == "red"
    assert got[("CR2", Month(2017, 4))].rag_given is None


def test_wide_bad_rag(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17,RAG\nCR2,80,purple\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'RAG': 'purple' is not a RAG rating")


def test_wide_unknown_ref(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17\nCR1,1\nXX,2\n")
    assert read_error(path, cat) == f"{path}, row 3, column 'Ref': 'XX' is not an indicator in the catalogue"


def test_wide_unknown_ref_in_xlsx(tmp_path, cat):
    path = write_xlsx(tmp_path / "wide.xlsx", [["Ref", dt.datetime(2017, 4, 1)], [5.1, 3]], sheet="KPIs")
    assert read_error(path, cat) == (
        f"{path}, sheet 'KPIs', row 2, column 'Ref': '5.1' is not an indicator in the catalogue")


def test_wide_duplicate_ref_rows(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17\nCR1,1\nCR1,2\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 3, column 'Apr-17': 'CR1' has two figures for 2017-04")


def test_wide_same_month_in_two_columns(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Apr-17,2017-04\nCR1,1,2\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column '2017-04': 'CR1' has two figures for 2017-04")


def test_wide_columns_that_are_not_months_are_ignored(tmp_path, cat):
    path = write_csv(tmp_path, "Ref,Target,2016-17,Apr-17,YTD\nCR2,90,84,80,80\n")
    assert read_values(path, cat).figures == [Figure("CR2", Month(2017, 4), 80.0)]


def test_wide_text_starting_with_a_year_is_unavailable(tmp_path, cat):
    # regression: '2018/19 data not yet available' was read as the value 2018
    path = write_csv(tmp_path, "Ref,Apr-17\nCR1,2018/19 data not yet available\n")
    (fig,) = read_values(path, cat).figures
    assert fig.value is None and fig.note == "2018/19 data not yet available"


def test_wide_proportion_with_slash(tmp_path, cat):
    # regression: '76/576' was read as the value 76 with note '/576'
    path = write_csv(tmp_path, "Ref,Apr-17\nCR2,76/576\n")
    (fig,) = read_values(path, cat).figures
    assert (fig.numerator, fig.denominator) == (76.0, 576.0)
