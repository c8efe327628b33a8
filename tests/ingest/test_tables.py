"""Reading CSV and XLSX files into a header and numbered rows (kpiboard.ingest.tables)."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest

from kpiboard.errors import KpiboardError
from kpiboard.ingest.tables import normalise_header, read_table


def write_xlsx(path, sheets):
    """sheets: {title: [row, ...]} in order; rows may be None for an empty row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row or [])
    book.save(path)
    return path


def one_line_error(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# ---- CSV ----------------------------------------------------------------------------------

def test_csv_rows_numbered_as_in_an_editor(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("ref,period,value\nA,2017-04,1\n\n,,\nB,2017-05,2\n", encoding="utf-8")
    table = read_table(path)
    assert table.source == str(path)
    assert table.sheet is None
    assert table.header == ["ref", "period", "value"]
    # blank rows (including rows of empty cells) are dropped but numbering keeps their place
    assert table.rows == [(2, ["A", "2017-04", "1"]), (5, ["B", "2017-05", "2"])]


def test_csv_with_bom_and_semicolons(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("\ufeffref;period;value\nA;2017-04;86.4%\n".encode("utf-8"))
    table = read_table(path)
    assert [normalise_header(h) for h in table.header] == ["ref", "period", "value"]
    assert table.rows == [(2, ["A", "2017-04", "86.4%"])]


def test_csv_quoted_thousands_separator(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('ref,period,value\nA,2017-04,"1,234"\nB,2017-04,5\n', encoding="utf-8")
    table = read_table(path)
    assert table.header == ["ref", "period", "value"]
    assert table.rows[0] == (2, ["A", "2017-04", "1,234"])


def test_tab_separated(tmp_path):
    path = tmp_path / "f.tsv"
    path.write_text("ref\tperiod\tvalue\nA\t2017-04\t1\n", encoding="utf-8")
    assert read_table(path).rows == [(2, ["A", "2017-04", "1"])]


def test_csv_saved_by_excel_as_cp1252(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("ref,period,value,note\nA,2017-04,,migration – see note\n".encode("cp1252"))
    table = read_table(path)
    assert table.rows[0][1][3] == "migration – see note"


def test_short_and_long_rows_padded_to_header_width(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("ref,period,value,,\nA,2017-04\nB,2017-05,2,extra,more\n", encoding="utf-8")
    table = read_table(path)
    assert table.header == ["ref", "period", "value"]  # trailing blank header cells trimmed
    assert table.rows == [(2, ["A", "2017-04", None]), (3, ["B", "2017-05", "2"])]


def test_normalise_header():
    assert normalise_header("\ufeff  Indicator   Ref ") == "indicator ref"
    assert normalise_header(None) == ""
    assert normalise_header("VALUE") == "value"


def test_empty_csv(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    assert one_line_error(excinfo) == f"{path}: the file has no rows"


def test_csv_of_only_blank_lines(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n,,\n  \n", encoding="utf-8")
    with pytest.raises(KpiboardError, match="the file has no rows"):
        read_table(path)


def test_undecodable_csv_is_a_kpiboard_error(tmp_path):
    # regression: bytes undefined in both UTF-8 and cp1252 (0x81, 0x8d) crashed with UnboundLocalError
    path = tmp_path / "binary.csv"
    path.write_bytes(b"ref,period,value\nA,2017-04,\x81\x8d\n")
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    message = one_line_error(excinfo)
    assert message.startswith(f"{path}: not readable text")


# ---- file-level problems ---------------------------------------------------------------------

def test_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    assert one_line_error(excinfo) == f"{path}: file not found"


def test_old_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    message = one_line_error(excinfo)
    assert message.startswith(f"{path}: ")
    assert ".xls" in message and "save it as .xlsx or .csv" in message


def test_zip_named_csv(tmp_path):
    path = tmp_path / "really-xlsx.csv"
    write_xlsx(path, {"Data": [["ref", "period", "value"]]})
    assert zipfile.is_zipfile(path)
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    message = one_line_error(excinfo)
    assert message.startswith(f"{path}: ")
    assert "zip" in message and "rename it .xlsx" in message


@pytest.mark.parametrize("name, shown", [("data.json", "'.json'"), ("data", "'no extension'")])
def test_unsupported_extension(tmp_path, name, shown):
    path = tmp_path / name
    path.write_text("ref,period,value\n", encoding="utf-8")
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    message = one_line_error(excinfo)
    assert message.startswith(f"{path}: expected a .csv or .xlsx file")
    assert shown in message


def test_not_really_an_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_text("ref,period,value\nA,2017-04,1\n", encoding="utf-8")
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    assert one_line_error(excinfo).startswith(f"{path}: not a readable .xlsx workbook")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    assert one_line_error(excinfo).startswith(f"{path}: not a readable .xlsx workbook")


# ---- XLSX -------------------------------------------------------------------------------------

def test_xlsx_first_sheet_by_default_with_typed_cells(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {
        "Figures": [["ref", "period", "value"], [5.9, dt.datetime(2017, 4, 1), 86.4], ["12", "2017-05", 3]],
        "Other": [["x"], ["y"]],
    })
    table = read_table(path)
    assert table.sheet == "Figures"
    assert table.header == ["ref", "period", "value"]
    assert table.rows == [(2, [5.9, dt.datetime(2017, 4, 1), 86.4]), (3, ["12", "2017-05", 3])]
    assert table.where(3, "value") == f"{path}, sheet 'Figures', row 3, column 'value'"


def test_xlsx_named_sheet(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {"Cover": [["Report"]], "Data": [["ref"], ["A"]]})
    table = read_table(path, sheet="Data")
    assert table.sheet == "Data"
    assert table.rows == [(2, ["A"])]


def test_xlsx_missing_sheet_lists_the_sheets(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {"Cover": [["Report"]], "Data": [["ref"], ["A"]]})
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path, sheet="Figures")
    assert one_line_error(excinfo) == f"{path}: no sheet 'Figures' (sheets: Cover, Data)"


def test_xlsx_row_numbers_count_leading_blank_rows(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {"Data": [None, None, ["ref", "value"], ["A", 1], None, ["B", 2]]})
    table = read_table(path)
    assert table.header == ["ref", "value"]
    assert table.rows == [(4, ["A", 1]), (6, ["B", 2])]


def test_empty_xlsx_names_the_sheet(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {"Blank": []})
    with pytest.raises(KpiboardError) as excinfo:
        read_table(path)
    message = one_line_error(excinfo)
    assert message.startswith(str(path))
    assert "Blank" in message and "the file has no rows" in message
