"""Reading Annex A workbooks into the canonical tables (kpiboard.ingest.annex_a).

Fixtures are a messy corpus written here with openpyxl, plus the two shared sample workbooks.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from kpiboard.errors import KpiboardError
from kpiboard.ingest import cells
from kpiboard.ingest.annex_a import _list_number, read_annex_a, validation_report
from kpiboard.ingest.annex_a_columns import BY_NUMBER, columns, header_key
from kpiboard.records.schema import TABLES, schema

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "annex_a"
D = dt.date

CONTACTS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"]
REFERRALS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date of Referral", "Referral Source",
             "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]


def write_xlsx(path: Path, sheets: dict[str, list]) -> Path:
    """sheets: {title: [row, ...]}; a row may be None for an empty row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row or [])
    book.save(path)
    return path


def store_as_decimal(path: Path, cell: str, number: int) -> None:
    """Rewrite a number cell as some exporters write it ('678.0'); openpyxl would write '678'."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    before = f'<c r="{cell}" t="n"><v>{number}</v>'.encode()
    assert before in parts[sheet]
    parts[sheet] = parts[sheet].replace(before, f'<c r="{cell}" t="n"><v>{number}.0</v>'.encode())
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def contacts_book(tmp_path: Path, rows: list, header=CONTACTS, name="annex_a_2021-03-31.xlsx",
                  sheet="List 1", above: list | None = None) -> Path:
    return write_xlsx(tmp_path / name, {sheet: (above or []) + [header] + rows})


def error_of(paths, **kwargs) -> str:
    with pytest.raises(KpiboardError) as excinfo:
        read_annex_a(paths, **kwargs)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def sample_rows(path: Path) -> dict[int, int]:
    """Rows with a child ID per list, counted straight from the workbook."""
    book = openpyxl.load_workbook(path, read_only=True)
    counts = {int(ws.title.split()[1]): sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if r[0])
              for ws in book.worksheets}
    book.close()
    return counts


# ---- the shared samples ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Annex_A_sample.xlsx", "Annex_A_2024_sample.xlsx"])
def test_samples_row_counts_and_types(name):
    data = read_annex_a([SAMPLES / name])
    expected = sample_rows(SAMPLES / name)
    tables = {spec.table: expected[n] for n, spec in BY_NUMBER.items() if spec.table}
    assert data.row_counts == tables
    assert tables == {"contacts": 5, "referrals": 6, "assessments": 5, "s47": 5, "cin": 5, "cp_plans": 7,
                      "cla": 5, "care_leavers": 6, "adoption": 5}
    for table in TABLES:  # every canonical column, with its type, even for tables Annex A lacks
        assert data.table(table).schema == schema(table)
    assert data.sources == [str(SAMPLES / name)]
    # no date in the names: the latest contact/referral/assessment date, said in a warning
    assert {d for t in data.tables.values() for d in t.column("extract_date").to_pylist()} == {D(2021, 2, 8)}
    assert data.warnings == [f"{SAMPLES / name}: no date in the file name; the extract date is taken as 2021-02-08, "
                             "the latest contact, referral or assessment date in the workbook"]


def test_sample_values_decoded():
    data = read_annex_a([SAMPLES / "Annex_A_sample.xlsx"], la="Home Town", as_at=D(2021, 3, 31))
    assert data.warnings == []
    contacts = data.table("contacts").to_pylist()
    assert contacts[0]["child_id"] == "9212044"
    assert [c["gender"] for c in contacts[:3]] == ["Female", "Female", "Male"]  # "b) Female" -> "Female"
    assert contacts[0]["ethnicity"] == "WBRI"
    assert contacts[0]["source"] == "6: Police"
    assert contacts[0]["dob"] == D(2015, 1, 25) and contacts[1]["dob"] is None
    assert contacts[0]["la"] == "Home Town" and contacts[0]["extract_date"] == D(2021, 3, 31)
    assert contacts[0]["disability"] is None and contacts[0]["team"] is None  # list 1 has neither

    referral = data.table("referrals").to_pylist()[1]
    assert referral == {"la": "Home Town", "extract_date": D(2021, 3, 31), "child_id": "4653765",
                        "gender": "Male", "ethnicity": "WBRI", "dob": D(2009, 8, 14), "disability": None,
                        "team": "Locality 4 Duty Team", "worker": "Mathilde Cutsforth",  # no-break space
                        "referral_date": D(2020, 9, 16), "source": "3D: Health services", "nfa": False,
                        "referrals_12m": 2}

    s47 = data.table("s47").to_pylist()
    assert s47[0]["disability"] is True and s47[0]["icpc_unnecessary"] is False
    assert s47[0]["icpc_date"] == D(2020, 10, 5) and s47[0]["icpc_to_cpp"] is True
    assert s47[2]["icpc_date"] is None and s47[2]["icpc_to_cpp"] is None  # '' -> None

    cin = data.table("cin").to_pylist()[0]
    assert cin["team"] is None and cin["worker"] is None  # '#N/A'
    assert cin["case_status"] == "Child in need plan" and cin["end_date"] is None

    cp = data.table("cp_plans").to_pylist()[0]
    assert (cp["start_date"], cp["end_date"], cp["last_review_date"]) == (D(2020, 11, 23), D(2021, 2, 16),
                                                                           D(2021, 2, 16))
    assert cp["category"] == "Physical abuse" and cp["previous_plans"] == 0

    cla = data.table("cla").to_pylist()
    assert cla[0]["placement_type"] == "U6"  # the SSDA903 code the measures use
    assert cla[0]["legal_status"] == "E1"
    assert (cla[0]["start_date"], cla[0]["placement_start"], cla[0]["placements_12m"]) == (
        D(2009, 8, 6), D(2009, 11, 2), 1)
    assert cla[4]["end_date"] == D(2020, 9, 22)
    assert [c["uasc"] for c in cla] == [False] * 5

    leavers = data.table("care_leavers").to_pylist()
    assert [c["eet"] for c in leavers] == [True, True, False, None, True, True]
    assert [c["accommodation_suitable"] for c in leavers] == [True, True, True, None, True, True]
    assert leavers[0]["in_touch"] is True and leavers[0]["accommodation"] == "Y: Other accommodation"
    assert leavers[0]["pathway_review_date"] is None  # not in the older layout

    adoption = data.table("adoption").to_pylist()[2]  # dates are formulas: their cached values are read
    assert (adoption["entered_care_date"], adoption["placed_date"], adoption["adoption_order_date"]) == (
        D(2014, 9, 12), D(2014, 10, 2), D(2014, 10, 7))


def test_2024_layout_list_9_has_pathway_review_and_no_unused_column_warnings():
    data = read_annex_a([SAMPLES / "Annex_A_2024_sample.xlsx"], as_at=D(2021, 3, 31))
    assert data.warnings == []  # UASC, personal advisor, latest contact: known, not needed
    leavers = data.table("care_leavers").to_pylist()
    assert [c["eet"] for c in leavers] == [True, True, False, None, True, True]
    assert leavers[0]["disability"] is False and leavers[0]["worker"] == "Jae Vang"


# ---- a messy corpus -------------------------------------------------------------------------

def test_messy_list_is_repaired_with_one_warning_per_problem(tmp_path):
    header = ["ID", "Sex", "Ethnicity", "DOB", "Contact Date", "Source", "Notes", "Contact Date"]
    rows = [
        ["12345.0", "b) Female", "a) WBRI", "25/01/2015", dt.datetime(2021, 3, 1), "q) 6: Police", "x", None],
        ["  A-77 ", "a) Male", "#N/A", 44197, None, "#N/A", None, dt.datetime(2021, 3, 2)],
        None,
        [678.0, "Female", "", "2012-05-06", "02/03/2021", "", None, dt.datetime(2021, 1, 1)],
        [None, None, None, None, None, None, "a comment on its own", None],
    ]
    title = [["Annex A - List 1: Contacts"], ["Extracted by the data team"], None]
    path = contacts_book(tmp_path, rows, header=header, sheet="Contacts", above=title)
    store_as_decimal(path, "A8", 678)
    data = read_annex_a([path])
    got = data.table("contacts").to_pylist()
    assert [r["child_id"] for r in got] == ["12345", "A-77", "678"]
    assert [r["gender"] for r in got] == ["Female", "Male", "Female"]
    assert [r["ethnicity"] for r in got] == ["WBRI", None, None]
    assert [r["dob"] for r in got] == [D(2015, 1, 25), D(2021, 1, 1), D(2012, 5, 6)]
    # duplicated column: the first non-empty value in each row
    assert [r["contact_date"] for r in got] == [D(2021, 3, 1), D(2021, 3, 2), D(2021, 3, 2)]
    assert [r["source"] for r in got] == ["6: Police", None, None]
    where = f"{path}, sheet 'Contacts'"
    assert data.warnings == [
        f"{where}: column(s) not used from list 1: 'Notes'",
        f"{where}: 2 columns give contact_date: 'Contact Date' (E), 'Contact Date' (H); "
        "the first non-empty one in each row is used",
        f"{where}: 1 row(s) with no child ID and nothing in the list's columns were skipped",
        f"{where}, column 'ID': 2 child ID(s) stored as decimals were read as whole numbers "
        "(first: row 5, 12345.0 -> '12345')",
        f"{where}, column 'DOB': 2 date(s) written as text were read as dates "
        "(first: row 5, '25/01/2015' -> 2015-01-25)",
        f"{where}, column 'DOB': 1 date(s) stored as Excel numbers were converted (first: row 6, 44197 -> 2021-01-01)",
        f"{where}, column 'Contact Date': 1 date(s) written as text were read as dates "
        "(first: row 8, '02/03/2021' -> 2021-03-02)",
    ] + [f"{path}: no list {n} ({BY_NUMBER[n].title}); no {BY_NUMBER[n].table} rows from this workbook"
         for n in (3, 4, 5, 6, 7, 8, 9, 10)]


@pytest.mark.parametrize("sheet", ["List 3", "list3 referrals", "L3", "List_3 - Referrals", "Referrals",
                                   "Annex A List 03", "3. Referrals", "referral"])
def test_sheet_names(tmp_path, sheet):
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {
        "Cover": [["Annex A return"]], sheet: [REFERRALS, [1, "a) Male", "WBRI", None, dt.datetime(2021, 3, 1),
                                                         "Police", "a) Yes", 3, "MASH", "Ann Lee"]]})
    data = read_annex_a([path])
    assert data.table("referrals").to_pylist()[0]["nfa"] is True
    assert f"{path}, sheet 'Cover': not an Annex A list; ignored" in data.warnings


@pytest.mark.parametrize("sheet, expected", [
    ("List 1", (1, 2)), ("L10", (10, 2)), ("list11", (11, 2)), ("Early help assessments", (2, 1)),
    ("Assessments", (4, 1)), ("S47", (5, 1)), ("Section 47 enquiries", (5, 1)), ("CIN", (6, 1)),
    ("Child protection", (7, 1)), ("CLA", (8, 1)), ("Children in care", (8, 1)), ("Care leavers", (9, 1)),
    ("Adoption", (10, 1)), ("Adopters", (11, 1)), ("Sheet1", None), ("Table 3", None), ("List 12", None),
])
def test_list_numbers_from_sheet_names(sheet, expected):
    assert _list_number(sheet) == expected


def test_number_beats_keyword_and_equal_claims_are_an_error(tmp_path):
    row = [1, None, None, None, dt.datetime(2021, 3, 1), None, None, None, None, None]
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"Referrals": [REFERRALS, row, row], "List 3": [REFERRALS, row]})
    data = read_annex_a([path])
    assert data.row_counts["referrals"] == 1
    assert f"{path}, sheet 'Referrals': looks like list 3 too, but sheet 'List 3' is used; ignored" in data.warnings
    path = write_xlsx(tmp_path / "b 2021-03-31.xlsx", {"List 3": [REFERRALS, row], "L3": [REFERRALS, row]})
    assert error_of([path]) == (f"{path}: sheets 'List 3' and 'L3' both look like list 3 (referrals); "
                                "rename or remove one")


def test_header_found_below_blank_and_title_rows_and_rows_numbered_as_in_excel(tmp_path):
    path = contacts_book(tmp_path, [[1, None, None, None, None, "not a date", None]],
                         above=[None, ["List 1 - contacts"], None, None])
    assert error_of([path]) == (f"{path}, sheet 'List 1', row 6, column 'Date of Contact': "
                                "'not a date' is not a date (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)")


def test_booleans_and_numbers_in_their_many_spellings(tmp_path):
    flags = ["Yes", "No", "Y", "N", "a) Yes", "b) No", True, False, 1, 0, "", "#N/A", "Not known"]
    rows = [[i, None, None, None, dt.datetime(2021, 3, 1), None, f, n, None, None]
            for i, (f, n) in enumerate(zip(flags, [0, 1, 2.0, "3", None, 5, 6, 7, 8, 9, 10, 11, 12]), start=1)]
    data = read_annex_a([write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 3": [REFERRALS] + rows})])
    got = data.table("referrals")
    assert got.column("nfa").to_pylist() == [True, False, True, False, True, False, True, False, True, False,
                                             None, None, None]
    assert got.column("referrals_12m").to_pylist()[:5] == [0, 1, 2, 3, None]


@pytest.mark.parametrize("in_touch, expected", [
    ("a) Yes", True), ("b) No", False), ("YES", True), ("REFU", False), ("NREQ", False),
    ("Young person refuses contact", False), ("No longer requires services", False), ("Not in touch", False),
    ("In touch", True), ("DIED", None), ("Unknown", None), ("", None)])
def test_care_leavers_in_touch(tmp_path, in_touch, expected):
    header = ["Child Unique ID", "LA in Touch", "Suitability of Accommodation", "Activity Status"]
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 9": [header, [1, in_touch, "b) Unsuitable", "P2: x"]]})
    row = read_annex_a([path]).table("care_leavers").to_pylist()[0]
    assert (row["in_touch"], row["accommodation_suitable"], row["eet"]) == (expected, False, True)


def test_activity_without_a_code_is_unknown_with_a_warning(tmp_path):
    header = ["Child Unique ID", "Activity Status"]
    rows = [[1, "Working"], [2, "g) G4: NEET"], [3, None]]
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 9": [header] + rows})
    data = read_annex_a([path])
    assert data.table("care_leavers").column("eet").to_pylist() == [None, False, None]
    assert (f"{path}, sheet 'List 9', column 'Activity Status': 1 activity value(s) have no F, P or G code, "
            "so education, employment or training is not known (first: 'Working')") in data.warnings


def test_empty_sheet_and_header_only_list(tmp_path):
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 1": [], "List 3": [REFERRALS]})
    data = read_annex_a([path])
    assert f"{path}, sheet 'List 1': the sheet is empty" in data.warnings
    assert data.row_counts == {"referrals": 0}
    assert data.table("contacts").num_rows == 0


# ---- extract dates and several workbooks ----------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("annex_a_2026-10-31.xlsx", D(2026, 10, 31)), ("AnnexA 31-10-2026.xlsx", D(2026, 10, 31)),
    ("LA_annex_a_20261031_final.xlsx", D(2026, 10, 31)), ("Annex A 31 Oct 2026.xlsx", D(2026, 10, 31)),
    ("annex a 2025-11-01 to 2026-10-31.xlsx", D(2026, 10, 31)), ("Annex_A_2024_sample.xlsx", None),
    ("annex_a_2026-02-30.xlsx", None),
])
def test_date_in_file_name(name, expected):
    assert cells.date_in_text(Path(name).stem) == expected


def test_folder_of_extracts_each_with_its_date(tmp_path):
    row = [1, None, None, None, None, dt.datetime(2021, 3, 1), None]
    contacts_book(tmp_path, [row], name="annex_a_2021-03-31.xlsx")
    contacts_book(tmp_path, [row, row], name="annex_a_2021-04-30.xlsx")
    (tmp_path / "~$annex_a_2021-04-30.xlsx").write_bytes(b"Excel lock file")
    (tmp_path / "notes.txt").write_text("ignored")
    data = read_annex_a([tmp_path], la="X")
    assert data.sources == [str(tmp_path / "annex_a_2021-03-31.xlsx"), str(tmp_path / "annex_a_2021-04-30.xlsx")]
    assert data.table("contacts").column("extract_date").to_pylist() == [D(2021, 3, 31), D(2021, 4, 30),
                                                                         D(2021, 4, 30)]
    report = validation_report(data)
    assert report.splitlines()[:2] == [f"{tmp_path / 'annex_a_2021-03-31.xlsx'} (extract date 2021-03-31)",
                                       "  list 1  contacts                 -> contacts            1 rows  "
                                       "(sheet 'List 1')"]
    assert "  list 3  referrals                -> referrals         not in workbook" in report
    assert "16 warning(s):" in report
    assert (f"  - {tmp_path / 'annex_a_2021-04-30.xlsx'}: no list 10 (adoption); "
            "no adoption rows from this workbook") in report


def test_report_for_a_plain_dataset(tmp_path):
    from kpiboard.records.schema import Dataset

    data = read_annex_a([contacts_book(tmp_path, [[1, None, None, None, None, dt.datetime(2021, 3, 1), None]])])
    plain = Dataset()
    plain.merge(data)
    assert "\nextract 2021-03-31\n  contacts            1 rows\n" in validation_report(plain)


def test_extract_date_from_contents_when_the_name_has_none(tmp_path):
    rows = [[1, None, None, None, None, dt.datetime(2021, 3, 1), None],
            [2, None, None, None, None, dt.datetime(2021, 3, 9), None]]
    path = contacts_book(tmp_path, rows, name="contacts.xlsx")
    data = read_annex_a([path])
    assert data.table("contacts").column("extract_date").to_pylist() == [D(2021, 3, 9)] * 2
    assert data.warnings[0] == (f"{path}: no date in the file name; the extract date is taken as 2021-03-09, "
                                "the latest contact, referral or assessment date in the workbook")
    again = read_annex_a([path], as_at=D(2021, 3, 31))
    assert again.table("contacts").column("extract_date").to_pylist() == [D(2021, 3, 31)] * 2
    assert again.warnings[0].startswith(f"{path}: no list 3")


# ---- problems that cannot be repaired -------------------------------------------------------

def test_blank_child_id_on_a_row_with_data(tmp_path):
    path = contacts_book(tmp_path, [[1, "Male", None, None, None, dt.datetime(2021, 3, 1), None],
                                    [" ", "Female", None, None, None, dt.datetime(2021, 3, 1), None]])
    assert error_of([path]) == (f"{path}, sheet 'List 1', row 3, column 'Child Unique ID': "
                                "the child ID is blank but the row has other data")


@pytest.mark.parametrize("cell, message", [
    ("31/02/2021", "'31/02/2021' is not a date (no such day)"),
    ("soon", "'soon' is not a date (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    (7, "'7' is not a date (as an Excel date number it is outside 1950-2099)"),
])
def test_unreadable_date(tmp_path, cell, message):
    path = contacts_book(tmp_path, [[1, None, None, None, None, cell, None]])
    assert error_of([path]) == f"{path}, sheet 'List 1', row 2, column 'Date of Contact': {message}"


def test_unreadable_flag_and_number(tmp_path):
    row = [1, None, None, None, dt.datetime(2021, 3, 1), None, "maybe", 2, None, None]
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 3": [REFERRALS, row]})
    assert error_of([path]) == f"{path}, sheet 'List 3', row 2, column 'Referral NFA?': 'maybe' is not Yes or No"
    row[6:8] = ["No", 2.5]
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 3": [REFERRALS, row]})
    assert error_of([path]) == (f"{path}, sheet 'List 3', row 2, column 'Number of Referrals in Last 12 Months': "
                                "'2.5' is not a whole number")


def test_required_column_missing(tmp_path):
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 3": [["Gender", "Referral Source"], ["Male", "Police"]]})
    assert error_of([path]) == (f"{path}, sheet 'List 3': list 3 (referrals) is missing the required column(s) "
                                "'Child Unique ID', 'Date of Referral' (header looked for in rows 1-2)")


def test_fractional_child_id(tmp_path):
    path = contacts_book(tmp_path, [[12.5, None, None, None, None, dt.datetime(2021, 3, 1), None]])
    assert error_of([path]) == (f"{path}, sheet 'List 1', row 2, column 'Child Unique ID': "
                                "child ID '12.5' is not a whole number")


def test_files_that_are_not_workbooks(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "list.csv").write_text("Child Unique ID\n1\n")
    (tmp_path / "garbage.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "text.xlsx").write_text("Child Unique ID,Gender\n")
    assert error_of([tmp_path / "old.xls"]) == (f"{tmp_path / 'old.xls'}: old-style .xls workbooks are not "
                                                "read; save it as .xlsx")
    assert error_of([tmp_path / "list.csv"]) == (f"{tmp_path / 'list.csv'}: an Annex A return must be an .xlsx "
                                                 "workbook, got '.csv'")
    assert error_of([tmp_path / "garbage.xlsx"]) == (f"{tmp_path / 'garbage.xlsx'}: not a readable .xlsx "
                                                     "workbook (BadZipFile)")
    assert error_of([tmp_path / "text.xlsx"]) == f"{tmp_path / 'text.xlsx'}: not a readable .xlsx workbook (BadZipFile)"
    assert error_of([tmp_path / "missing.xlsx"]) == f"{tmp_path / 'missing.xlsx'}: file not found"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert error_of([empty]) == f"{empty}: no .xlsx or .xlsm workbooks in this folder"
    assert error_of([]) == "no Annex A workbooks given"


def test_unreadable_list_9_codes(tmp_path):
    header = ["Child Unique ID", "LA in Touch", "Suitability of Accommodation"]
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 9": [header, [1, "c) Sometimes", "Suitable"]]})
    assert error_of([path]) == (f"{path}, sheet 'List 9', row 2, column 'LA in Touch': 'Sometimes' is not "
                                "an 'LA in touch' answer (Yes, No, REFU, NREQ, RHOM or DIED)")
    path = write_xlsx(tmp_path / "a 2021-03-31.xlsx", {"List 9": [header, [1, "Yes", "Fine"]]})
    assert error_of([path]) == (f"{path}, sheet 'List 9', row 2, column 'Suitability of Accommodation': "
                                "'Fine' is not Suitable or Unsuitable")


def test_a_workbook_with_no_lists_and_a_damaged_sheet(tmp_path):
    path = write_xlsx(tmp_path / "budget 2021-03-31.xlsx", {"Budget": [["Cost centre", "Spend"]], "Notes": []})
    assert error_of([path]) == f"{path}: no Annex A lists found (sheets: Budget, Notes)"
    path = contacts_book(tmp_path, [[1, None, None, None, None, dt.datetime(2021, 3, 1), None]])
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]  # cut short
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    assert error_of([path]) == f"{path}: not a readable .xlsx workbook (ParseError)"


def test_as_at_only_for_one_workbook_and_an_extract_date_is_needed(tmp_path):
    row = [1, None, None, None, None, dt.datetime(2021, 3, 1), None]
    a = contacts_book(tmp_path, [row], name="a.xlsx")
    b = contacts_book(tmp_path, [row], name="b.xlsx")
    assert error_of([a, b], as_at=D(2021, 3, 31)) == "an as-at date can only be given for a single workbook (2 given)"
    c = write_xlsx(tmp_path / "c.xlsx", {"List 8": [["Child Unique ID", "Date Started to be Looked After"],
                                                    [1, dt.datetime(2020, 1, 1)]]})
    assert error_of([c]) == (f"{c}: cannot tell the extract date: no date in the file name and no contact, "
                             "referral or assessment dates; name the file like annex_a_2026-10-31.xlsx "
                             "or give the as-at date")


def test_nothing_is_returned_half_read(tmp_path):
    contacts_book(tmp_path, [[1, None, None, None, None, dt.datetime(2021, 3, 1), None]], name="a 2021-03-31.xlsx")
    contacts_book(tmp_path, [[1, None, None, None, None, "bad", None]], name="b 2021-04-30.xlsx")
    assert error_of([tmp_path]).startswith(f"{tmp_path / 'b 2021-04-30.xlsx'}, sheet 'List 1', row 2")


# ---- the column table and the cell helpers --------------------------------------------------

@pytest.mark.parametrize("number", [n for n, spec in BY_NUMBER.items() if spec.table])
def test_column_table_is_unambiguous_and_complete(number):
    spec = BY_NUMBER[number]
    keys = [header_key(h) for c in columns(spec) for h in c.headers] + [header_key(h) for h in spec.known]
    assert len(keys) == len(set(keys))
    produced = {c.name for c in columns(spec)} | ({"eet"} if spec.table == "care_leavers" else set())
    assert produced | {"la", "extract_date"} == set(schema(spec.table).names)


@pytest.mark.parametrize("text, key", [
    ("Referral NFA?", "referral nfa"), ("  Child   Unique ID ", "child unique id"),
    ("Was the child assessed as requiring LA children's social care support?",
     "was the child assessed as requiring la childrens social care support"),
    ("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
     "unaccompanied asylum seeking child uasc within the last 12 months"),
    ("Date of Contact (dd/mm/yyyy)", "date of contact"),
])
def test_header_key(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize("cell, expected", [
    (dt.datetime(2021, 1, 1, 13, 5), (D(2021, 1, 1), None)), (D(2021, 1, 1), (D(2021, 1, 1), None)),
    (44197, (D(2021, 1, 1), "serial")), (44197.5, (D(2021, 1, 1), "serial")), ("44197", (D(2021, 1, 1), "serial")),
    ("2021-01-01", (D(2021, 1, 1), "text")), ("2021-01-01 00:00:00", (D(2021, 1, 1), "text")),
    ("1/2/2021", (D(2021, 2, 1), "text")), ("01.02.21", (D(2021, 2, 1), "text")),
    ("1 Feb 2021", (D(2021, 2, 1), "text")), ("01-February-2021", (D(2021, 2, 1), "text")),
])
def test_day(cell, expected):
    assert cells.day(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    ("Yes", True), ("y", True), ("a) Yes", True), (True, True), (1, True), ("1", True),
    ("No", False), ("N", False), ("b) No", False), (False, False), (0, False),
    ("Not known", None), ("Unknown", None), ("", None),
])
def test_flag(cell, expected):
    assert cells.flag(cell) is expected


@pytest.mark.parametrize("text, expected", [
    ("b) Female", "Female"), ("f) U6: Foster placement - not FFA", "U6: Foster placement - not FFA"),
    ("aa) Other", "Other"), ("Female", "Female"), ("U6: x", "U6: x"), ("a)", "a)"),
])
def test_without_list_prefix(text, expected):
    assert cells.without_list_prefix(text) == expected


@pytest.mark.parametrize("cell", ["#N/A", " #n/a ", "#REF!", None, "", "n/a"])
def test_missing_cells(cell):
    assert cells.is_missing(cell)


def test_tables_are_pyarrow_with_the_canonical_schema(tmp_path):
    data = read_annex_a([contacts_book(tmp_path, [[1, None, None, None, None, dt.datetime(2021, 3, 1), None]])])
    table = data.table("contacts")
    assert isinstance(table, pa.Table)
    assert table.schema.field("contact_date").type == pa.date32()
    assert table.schema.field("disability").type == pa.bool_()
