"""Commentary by indicator owners from CSV, XLSX and YAML (kpiboard.ingest.commentary)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from kpiboard.catalogue import load_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.ingest.commentary import Comment, read_commentary
from kpiboard.periods import Month

CATALOGUE = """\
indicators:
  - ref: "CR1"
    title: Contacts received
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
  - ref: "5.9"
    title: Children in care per 10,000
    section: Looked-after children
    polarity: neutral
    unit: rate_per_10k
    aggregation: ratio
"""

HEADER = "ref,period,author,subject,text,status\n"


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return load_catalogue(path)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_error(path, cat) -> str:
    with pytest.raises(KpiboardError) as excinfo:
        read_commentary(path, cat)
    message = str(excinfo.value)
    assert "\n" not in message, message
    return message


# ---- CSV ------------------------------------------------------------------------------------------

def test_csv(tmp_path, cat):
    path = write(tmp_path, "comments.csv", HEADER +
                 'CR1,2017-04,A. Smith,Contacts,"Contacts rose, as expected in April.",Submitted\n'
                 "5.9,Apr-17,B. Jones,,Stable.,\n")
    assert read_commentary(path, cat) == [
        Comment("CR1", Month(2017, 4), "A. Smith", "Contacts", "Contacts rose, as expected in April.",
                "submitted"),
        Comment("5.9", Month(2017, 4), "B. Jones", "", "Stable.", "approved"),  # default status
    ]


def test_csv_minimal_columns(tmp_path, cat):
    path = write(tmp_path, "comments.csv", "Ref,Period,Text\nCR1,2017-05,**Up** on last month\n")
    assert read_commentary(path, cat) == [Comment("CR1", Month(2017, 5), "", "", "**Up** on last month")]


@pytest.mark.parametrize("status", ["draft", "submitted", "approved", "returned", "DRAFT", " Returned "])
def test_statuses(tmp_path, cat, status):
    path = write(tmp_path, "comments.csv", HEADER + f"CR1,2017-04,AS,S,Text,{status}\n")
    assert read_commentary(path, cat)[0].status == status.strip().lower()


def test_bad_status(tmp_path, cat):
    path = write(tmp_path, "comments.csv", HEADER + "CR1,2017-04,AS,S,Text,approved\nCR1,2017-05,AS,S,Text,final\n")
    assert read_error(path, cat) == (
        f"{path}, row 3, column 'status': status 'final' is not one of draft, submitted, approved, returned")


def test_unknown_ref(tmp_path, cat):
    path = write(tmp_path, "comments.csv", HEADER + "CR7,2017-04,AS,S,Text,\n")
    assert read_error(path, cat) == f"{path}, row 2, column 'ref': 'CR7' is not an indicator in the catalogue"


def test_blank_ref_message(tmp_path, cat):
    path = write(tmp_path, "comments.csv", HEADER + ",2017-04,AS,S,Text,\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'ref': ")
    assert "None" not in message


@pytest.mark.parametrize("blank", ["", "   ", "n/a"])
def test_blank_text(tmp_path, cat, blank):
    path = write(tmp_path, "comments.csv", HEADER + f"CR1,2017-04,AS,S,{blank},\n")
    assert read_error(path, cat) == f"{path}, row 2, column 'text': text is blank"


def test_bad_period(tmp_path, cat):
    path = write(tmp_path, "comments.csv", HEADER + "CR1,soon,AS,S,Text,\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'period': 'soon' is not a period")


def test_financial_year_period_rejected(tmp_path, cat):
    path = write(tmp_path, "comments.csv", HEADER + "CR1,2016-17,AS,S,Text,\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'period': commentary is per month (YYYY-MM), got '2016-17'")


@pytest.mark.parametrize("missing", ["ref", "period", "text"])
def test_missing_column(tmp_path, cat, missing):
    columns = [c for c in ["ref", "period", "author", "text"] if c != missing]
    path = write(tmp_path, "comments.csv", ",".join(columns) + "\n" + ",".join("x" for _ in columns) + "\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}: missing the '{missing}' column")


# ---- XLSX -----------------------------------------------------------------------------------------

def test_xlsx(tmp_path, cat):
    path = tmp_path / "comments.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Commentary"
    ws.append(["Ref", "Period", "Author", "Subject", "Text", "Status"])
    ws.append([5.9, dt.datetime(2017, 6, 1), "B. Jones", "Rate", "Down slightly.", "Draft"])
    ws.append(["CR1", "2017-06", "A. Smith", None, "Higher than June last year.", None])
    book.save(path)
    assert read_commentary(path, cat) == [
        Comment("5.9", Month(2017, 6), "B. Jones", "Rate", "Down slightly.", "draft"),
        Comment("CR1", Month(2017, 6), "A. Smith", "", "Higher than June last year.", "approved"),
    ]


def test_xlsx_error_names_sheet(tmp_path, cat):
    path = tmp_path / "comments.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Commentary"
    ws.append(["ref", "period", "text", "status"])
    ws.append(["CR1", "2017-06", "Fine.", "signed off"])
    book.save(path)
    assert read_error(path, cat) == (
        f"{path}, sheet 'Commentary', row 2, column 'status': "
        "status 'signed off' is not one of draft, submitted, approved, returned")


# ---- YAML -----------------------------------------------------------------------------------------

def test_yaml_with_commentary_key(tmp_path, cat):
    path = write(tmp_path, "comments.yaml", """\
commentary:
  - ref: CR1
    period: 2017-04
    author: A. Smith
    subject: Contacts
    text: |
      Contacts rose in April.

      - schools returned
    status: submitted
  - ref: "5.9"
    period: 2017-05-01
    text: Stable.
""")
    assert read_commentary(path, cat) == [
        Comment("CR1", Month(2017, 4), "A. Smith", "Contacts",
                "Contacts rose in April.\n\n- schools returned", "submitted"),
        Comment("5.9", Month(2017, 5), "", "", "Stable.", "approved"),
    ]


def test_yaml_bare_list(tmp_path, cat):
    path = write(tmp_path, "comments.yml", "- {ref: CR1, period: '2017-04', text: Hello}\n")
    assert read_commentary(path, cat) == [Comment("CR1", Month(2017, 4), "", "", "Hello")]


def test_yaml_unknown_key(tmp_path, cat):
    path = write(tmp_path, "comments.yaml", "- {ref: CR1, period: '2017-04', text: Hi, auther: AS}\n")
    assert read_error(path, cat) == f"{path}: unknown key(s) auther"


def test_yaml_bad_status_names_the_entry(tmp_path, cat):
    path = write(tmp_path, "comments.yaml", "- {ref: CR1, period: '2017-04', text: Hi}\n"
                                            "- {ref: CR1, period: '2017-05', text: Hi, status: done}\n")
    assert read_error(path, cat) == (
        f"{path}, row 2, column 'status': status 'done' is not one of draft, submitted, approved, returned")


def test_yaml_unknown_ref(tmp_path, cat):
    path = write(tmp_path, "comments.yaml", "- {ref: CR9, period: '2017-04', text: Hi}\n")
    assert read_error(path, cat) == f"{path}, row 1, column 'ref': 'CR9' is not an indicator in the catalogue"


def test_yaml_blank_text(tmp_path, cat):
    path = write(tmp_path, "comments.yaml", "- {ref: CR1, period: '2017-04', text: ''}\n")
    assert read_error(path, cat) == f"{path}, row 1, column 'text': text is blank"


@pytest.mark.parametrize("content", ["", "just a string\n", "commentary: {ref: CR1}\n", "- 1\n- 2\n"])
def test_yaml_wrong_shape(tmp_path, cat, content):
    path = write(tmp_path, "comments.yaml", content)
    assert read_error(path, cat) == (
        f"{path}: expected a list of commentary entries (or 'commentary:' list)")


def test_yaml_syntax_error(tmp_path, cat):
    path = write(tmp_path, "comments.yaml", "- ref: CR1\n  text: [unclosed\n")
    assert read_error(path, cat).startswith(f"{path}: not readable YAML (")


def test_missing_csv_file(tmp_path, cat):
    path = tmp_path / "none.csv"
    assert read_error(path, cat) == f"{path}: file not found"
