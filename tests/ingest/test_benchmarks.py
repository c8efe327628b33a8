"""Published benchmarks from a file (kpiboard.ingest.benchmarks)."""

from __future__ import annotations

import openpyxl
import pytest

from kpiboard.catalogue import load_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.ingest.benchmarks import Benchmark, read_benchmarks

CATALOGUE = """\
indicators:
  - ref: "CR2"
    title: Re-referrals within 12 months
    section: Contact and referral
    polarity: lower
    unit: percent
    aggregation: ratio
  - ref: "5.9"
    title: Children in care per 10,000
    section: Looked-after children
    polarity: neutral
    unit: rate_per_10k
    aggregation: ratio
"""

HEADER = "ref,year,sn_average,best_sn,england,top_quartile,region,source\n"


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return load_catalogue(path)


def write(tmp_path, text, name="benchmarks.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_error(path, cat) -> str:
    with pytest.raises(KpiboardError) as excinfo:
        read_benchmarks(path, cat)
    message = str(excinfo.value)
    assert "\n" not in message, message
    return message


def test_full_row(tmp_path, cat):
    path = write(tmp_path, HEADER + "CR2,2016-17,21.5,12.0,21.9,17.2,23.1,DfE CIN census\n")
    assert read_benchmarks(path, cat) == [
        Benchmark("CR2", "2016-17", 21.5, 12.0, 21.9, 17.2, 23.1, "DfE CIN census")]


@pytest.mark.parametrize("code", ["c", "x", "z", "u", "k", "C", "X", " c ", ":", ".", "low", "~"])
def test_suppression_codes_are_missing_not_zero(tmp_path, cat, code):
    path = write(tmp_path, HEADER + f"CR2,2016-17,{code},{code},{code},{code},{code},\n")
    (bench,) = read_benchmarks(path, cat)
    assert (bench.sn_average, bench.best_sn, bench.england, bench.top_quartile, bench.region) == (
        None, None, None, None, None)


def test_mixed_codes_blanks_and_zero(tmp_path, cat):
    path = write(tmp_path, HEADER + "5.9,2016-17,c,0,62,x,,\nCR2,2015-16,u,k,z,n/a,-,\n")
    first, second = read_benchmarks(path, cat)
    assert first == Benchmark("5.9", "2016-17", None, 0.0, 62.0, None, None, None)
    assert first.best_sn == 0.0  # a real zero stays a zero
    assert second == Benchmark("CR2", "2015-16")


def test_only_some_measure_columns(tmp_path, cat):
    path = write(tmp_path, "Ref,Year,England\nCR2,2016-17,21.9%\n")
    assert read_benchmarks(path, cat) == [Benchmark("CR2", "2016-17", england=21.9)]


def test_xlsx_with_numeric_ref_and_numbers(tmp_path, cat):
    path = tmp_path / "benchmarks.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ref", "year", "sn_average", "best_sn", "england", "top_quartile"])
    ws.append([5.9, "2016-17", 55.5, "c", 62, None])
    book.save(path)
    assert read_benchmarks(path, cat) == [Benchmark("5.9", "2016-17", 55.5, None, 62.0, None)]


def test_non_number(tmp_path, cat):
    path = write(tmp_path, HEADER + "CR2,2016-17,21.5,twelve,21.9,17.2,,\n")
    message = read_error(path, cat)
    assert message.startswith(f"{path}, row 2, column 'best_sn': 'twelve' is not a number")


def test_unknown_ref(tmp_path, cat):
    path = write(tmp_path, HEADER + "CR2,2016-17,1,1,1,1,1,\nNI 62,2016-17,1,1,1,1,1,\n")
    assert read_error(path, cat) == f"{path}, row 3, column 'ref': 'NI 62' is not an indicator in the catalogue"


def test_blank_year(tmp_path, cat):
    path = write(tmp_path, HEADER + "CR2,,1,1,1,1,1,\n")
    assert read_error(path, cat) == f"{path}, row 2, column 'year': year is blank"


@pytest.mark.parametrize("missing", ["ref", "year"])
def test_missing_column(tmp_path, cat, missing):
    header = ",".join(c for c in ["ref", "year", "england"] if c != missing)
    path = write(tmp_path, header + "\nCR2,1\n")
    assert read_error(path, cat).startswith(f"{path}: missing the '{missing}' column")
