"""The command line, run as a subprocess: outputs, one-line errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import textwrap

import pytest

CATALOGUE = textwrap.dedent("""\
    la: {code: "999", name: Testshire}
    indicators:
      - ref: "5.9"
        title: "% of children becoming subject of a CP plan for a second time within 2 years"
        section: Child protection
        polarity: lower
        unit: percent
        aggregation: ratio
        target: 4
        rag: {green: {at_most: 4}, amber: {at_most: 6}}
        tolerance: 5
      - ref: "C1"
        title: Contacts
        section: Front door
        polarity: neutral
        unit: count
        aggregation: sum
      - ref: "A2"
        title: Assessments within 45 working days
        section: Assessments
        polarity: higher
        unit: percent
        aggregation: ratio
        target: {"2017-18": 90}
        rag: {basis: ytd, green: {at_least: 90}, amber: {at_least: 85}}
    """)

VALUES = textwrap.dedent("""\
    ref,period,value,numerator,denominator,note
    5.9,2017-04,,4,100,
    5.9,2017-05,76 of 576,,,
    C1,2017-04,1200,,,
    C1,2017-05,1100,,,
    A2,2017-04,80.0,80,100,
    A2,2017-05,,,,Unavailable due to data migration
    """)

COLUMNS = ["ref", "period", "value", "ytd", "target", "rag", "dot", "dot_colour", "status"]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "catalogue.yaml").write_text(CATALOGUE)
    (tmp_path / "values.csv").write_text(VALUES)
    return tmp_path


def rows(stdout: str) -> dict[str, dict]:
    return {r["ref"]: r for r in csv.DictReader(io.StringIO(stdout))}


def test_compute_prints_one_judged_row_per_indicator(files, cli):
    done = cli("compute", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv",
               "--period", "2017-05")
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0].split(",")
    assert header[:len(COLUMNS)] == COLUMNS
    got = rows(done.stdout)
    assert list(got) == ["5.9", "C1", "A2"]
    cp = got["5.9"]
    # 76 of 576 = 13.19%; YTD = (4 + 76) / (100 + 576) = 11.83%, never the mean of 4% and 13.2%
    assert (cp["value"], cp["ytd"], cp["target"]) == ("13.1944", "11.8343", "4.0")
    assert (cp["rag"], cp["dot"], cp["dot_colour"], cp["status"]) == (
        "red", "declined", "red", "worse_beyond_tolerance")
    contacts = got["C1"]
    assert (contacts["value"], contacts["ytd"], contacts["dot"], contacts["dot_colour"], contacts["rag"]) == (
        "1100.0", "2300.0", "decreased", "", "")
    assess = got["A2"]
    # May is unavailable: no value, no direction; RAG on the YTD basis still judges April's 80%
    assert (assess["value"], assess["ytd"], assess["rag"], assess["dot"]) == ("", "80.0", "red", "")
    assert assess["note"] == "Unavailable due to data migration"


def test_compute_json(files, cli):
    done = cli("compute", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv",
               "--period", "2017-04", "--format", "json")
    data = json.loads(done.stdout)
    assert [r["ref"] for r in data] == ["5.9", "C1", "A2"]
    assert data[0]["rag"] == "green" and data[0]["dot"] == ""  # no previous month


@pytest.mark.parametrize("catalogue, message", [
    (CATALOGUE.replace("tolerance: 5", "tolerence: 5"),
     "catalogue.yaml, indicator '5.9', field 'tolerence': unknown key"),
    (CATALOGUE.replace("polarity: lower", "polarity: down"),
     "catalogue.yaml, indicator '5.9', field 'polarity': Input should be 'higher', 'lower' or 'neutral'"),
    (CATALOGUE.replace('ref: "5.9"', 'ref: "A2"'),
     "catalogue.yaml, indicator 'A2', field 'ref': appears twice (indicators #1 and #3)"),
    (CATALOGUE.replace("amber: {at_least: 85}", "amber: {at_least: 85, at_most: 89}"),
     "catalogue.yaml, indicator 'A2', field 'rag.amber'"),
])
def test_bad_catalogue_fails_in_one_line(files, cli, catalogue, message):
    (files / "catalogue.yaml").write_text(catalogue)
    done = cli("compute", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv",
               "--period", "2017-05")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert message in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("line, message", [
    ("5.9,2017-06,abc,,,", "values.csv, row 8, column 'value': 'abc' is not a number"),
    ("9.9,2017-06,1,,,", "values.csv, row 8, column 'ref': '9.9' is not an indicator in the catalogue"),
    ("5.9,June,1,,,", "values.csv, row 8, column 'period': 'June' is not a period"),
    ("5.9,2017-06,,90,80,", "values.csv, row 8, column 'numerator': numerator 90 is larger than denominator 80"),
])
def test_bad_values_fail_in_one_line(files, cli, line, message):
    with open(files / "values.csv", "a") as fh:
        fh.write(line + "\n")
    done = cli("compute", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv",
               "--period", "2017-05")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert message in done.stderr


def test_failed_load_keeps_what_was_loaded(files, cli):
    db = files / "store.db"
    first = cli("load", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv",
                "--db", db)
    assert first.returncode == 0, first.stderr
    assert "6 figures (6 new, 0 revised, 0 unchanged)" in first.stdout
    (files / "more.csv").write_text("ref,period,value\nC1,2017-06,1000\n")
    (files / "bad.csv").write_text("ref,period,value\nC1,2017-07,lots\n")
    failed = cli("load", "--values", files / "more.csv", "--values", files / "bad.csv", "--db", db)
    assert failed.returncode == 1 and "bad.csv, row 2, column 'value'" in failed.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from loads").fetchone()[0] == 2
        assert conn.execute("select count(*) from figures").fetchone()[0] == 6


def test_reload_records_revisions_and_history(files, cli):
    db = files / "store.db"
    cli("load", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv", "--db", db)
    again = cli("load", "--values", files / "values.csv", "--db", db)
    assert "already loaded as load 2" in again.stdout
    (files / "revised.csv").write_text("ref,period,value\nC1,2017-05,1150\nC1,2017-04,1200\n")
    revised = cli("load", "--values", files / "revised.csv", "--db", db)
    assert "2 figures (0 new, 1 revised, 1 unchanged)" in revised.stdout
    history = cli("history", "--ref", "C1", "--period", "2017-05", "--db", db)
    lines = history.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["loaded", "revised"]
    assert "value=1100" in lines[0] and "value=1150" in lines[1] and "revised.csv" in lines[1]
    listing = cli("loads", "--db", db)
    assert len(listing.stdout.splitlines()) == 3


def test_report_from_the_store(files, cli):
    db = files / "store.db"
    cli("load", "--catalogue", files / "catalogue.yaml", "--values", files / "values.csv", "--db", db)
    done = cli("report", "--period", "2017-05", "--out", files / "out", "--db", db)
    assert done.returncode == 0, done.stderr
    html = (files / "out" / "monthly-report-2017-05.html").read_text()
    assert "Testshire" in html and "13.2%" in html and "Unavailable due to data migration" in html


def test_report_without_a_store_says_so(tmp_path, cli):
    done = cli("report", "--period", "2017-05", "--out", tmp_path, "--db", tmp_path / "none.db")
    assert done.returncode == 1
    assert "no store here yet" in done.stderr and "Traceback" not in done.stderr


def test_every_command_has_help(cli):
    from kpiboard.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"compute", "load", "loads", "history", "report", "demo"} <= set(names)
    for name in names:
        done = cli(name, "--help")
        assert done.returncode == 0 and "Usage" in done.stdout, name
