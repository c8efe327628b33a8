"""``kpiboard spc``: the XmR numbers for one indicator, read from a figures file the test writes.

The series used most: [10, 14] x 6 then 31. Mean 175/13 = 13.4615, which the 10s and 14s
straddle (so no run); moving ranges eleven 4s and a 17, mean 61/12, so the limits are
175/13 +/- 2.66 x 61/12 (-0.0601 .. 26.9832). Screened, the 17 is dropped (>= 3.267 x 61/12 =
16.61) and the mean moving range is 4: 175/13 +/- 10.64. The last point, 31, is outside
either way.
"""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from kpiboard.cli import app

VALUES = [10, 14] * 6 + [31]
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01"]
MEAN = 175 / 13
MR = 61 / 12


def run(*args: object):
    return CliRunner().invoke(app, ["spc", *map(str, args)])


def parse(stdout: str) -> tuple[list[dict], str]:
    lines = stdout.splitlines()
    assert lines[-1].startswith("# ")
    return list(csv.DictReader(io.StringIO("\n".join(lines[:-1])))), lines[-1]


@pytest.fixture
def long_csv(tmp_path):
    path = tmp_path / "figures.csv"
    rows = ["ref,period,value,note"] + [f"CP5,{m},{v}," for m, v in zip(MONTHS, VALUES)]
    rows.append("CP6,2025-01,50,")  # another indicator in the same file is ignored
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_long_file_prints_one_row_per_month_and_a_summary_line(long_csv):
    done = run("--values", long_csv, "--ref", "CP5", "--polarity", "higher", "--target", "12")
    assert done.exit_code == 0, done.output
    rows, summary = parse(done.stdout)
    assert list(rows[0]) == ["period", "value", "mean", "lower_limit", "upper_limit", "variation",
                             "rule"]
    assert [r["period"] for r in rows] == MONTHS
    assert [float(r["value"]) for r in rows] == VALUES
    assert {float(r["mean"]) for r in rows} == {round(MEAN, 4)}
    assert {float(r["lower_limit"]) for r in rows} == {round(MEAN - 2.66 * MR, 4)}
    assert {float(r["upper_limit"]) for r in rows} == {round(MEAN + 2.66 * MR, 4)}
    assert [r["variation"] for r in rows] == ["common_cause"] * 12 + ["improvement_high"]
    assert [r["rule"] for r in rows] == [""] * 12 + ["astronomical"]
    assert summary == ("# ref=CP5 variation=improvement_high assurance=hit_and_miss "
                       "trial_limits=no polarity=higher target=12 run_length=7 screen=off")


def test_screen_uses_the_screened_limits(long_csv):
    done = run("--values", long_csv, "--ref", "CP5", "--polarity", "lower", "--screen")
    assert done.exit_code == 0, done.output
    rows, summary = parse(done.stdout)
    assert float(rows[0]["lower_limit"]) == round(MEAN - 2.66 * 4, 4)
    assert float(rows[0]["upper_limit"]) == round(MEAN + 2.66 * 4, 4)
    assert rows[-1]["variation"] == "concern_high"
    assert summary.endswith("variation=concern_high assurance=none trial_limits=no "
                            "polarity=lower target=none run_length=7 screen=on")


def test_run_length_6_finds_a_six_point_run(tmp_path):
    path = tmp_path / "run.csv"
    values = [11, 10] * 6 + [11] * 6  # mean 192/18 = 10.67: the last six sit above it
    months = [f"{2024 + (i // 12)}-{i % 12 + 1:02d}" for i in range(len(values))]
    path.write_text("ref,period,value\n" + "".join(f"R1,{m},{v}\n" for m, v in zip(months, values)))
    seven = parse(run("--values", path, "--ref", "R1", "--polarity", "higher").stdout)[0]
    six = parse(run("--values", path, "--ref", "R1", "--polarity", "higher",
                    "--run-length", "6").stdout)[0]
    assert [r["rule"] for r in seven] == [""] * 18
    assert [r["rule"] for r in six] == [""] * 12 + ["run"] * 6


def test_wide_file_with_a_catalogue_takes_polarity_and_target_from_it(tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "indicators:\n"
        "  - {ref: 'FD8', title: Re-referrals, section: Front door, polarity: lower,\n"
        "     unit: percent, aggregation: mean, target: 30}\n"
        "  - {ref: 'FD9', title: Other, section: Front door, polarity: higher,\n"
        "     unit: count, aggregation: sum}\n", encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text("Ref,Indicator title,Apr-25,May-25,Jun-25,Jul-25,Aug-25,Sep-25\n"
                    "FD8,Re-referrals,21%,20%,22%,Data in progress,21%,20%\n"
                    "FD9,Other,5,6,7,8,9,10\n", encoding="utf-8")
    done = run("--values", wide, "--ref", "FD8", "--catalogue", catalogue)
    assert done.exit_code == 0, done.output
    rows, summary = parse(done.stdout)
    assert [r["period"] for r in rows] == ["2025-04", "2025-05", "2025-06", "2025-07",
                                           "2025-08", "2025-09"]
    # July is unavailable: no value, no variation, but the month keeps the lines
    assert (rows[3]["value"], rows[3]["variation"], rows[3]["mean"]) == ("", "", "20.8")
    # mean 104/5 = 20.8; moving ranges 1, 2, 1, 1 (across the gap): 1.25; limits 17.475 .. 24.125
    assert (rows[0]["lower_limit"], rows[0]["upper_limit"]) == ("17.475", "24.125")
    # target 30 is above the upper limit and lower is better; only 5 points: trial limits
    assert summary == ("# ref=FD8 variation=common_cause assurance=consistent_pass "
                       "trial_limits=yes polarity=lower target=30 run_length=7 screen=off")
    assert "Data in progress" in done.stderr  # the reader's warning, on stderr


def test_table_format_has_a_second_block_with_the_icons(long_csv):
    done = run("--values", long_csv, "--ref", "CP5", "--polarity", "lower", "--target", "30",
               "--format", "table")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["period", "value", "mean", "lower_limit", "upper_limit",
                                "variation", "rule"]
    assert lines[13].split() == ["2026-01", "31", "13.4615", "-0.0601", "26.9832",
                                 "concern_high", "astronomical"]
    assert lines[14] == ""
    assert lines[15:] == ["variation: Special cause variation: concern (higher values)",
                          "assurance: Consistently passes the target",
                          "settings: polarity lower, target 30, run length 7, screening off"]


@pytest.mark.parametrize("args, message", [
    pytest.param(["--ref", "CP5"], "give --polarity", id="no-polarity-no-catalogue"),
    pytest.param(["--ref", "XX", "--polarity", "higher"], "no monthly figures for 'XX'",
                 id="ref-not-in-file"),
])
def test_input_errors_are_one_line_and_exit_1(long_csv, args, message):
    done = run("--values", long_csv, *args)
    assert done.exit_code == 1
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.output


def test_a_bad_cell_names_the_file_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ref,period,value\nCP5,2025-01,12\nCP5,2025-02,n.a\n", encoding="utf-8")
    done = run("--values", path, "--ref", "CP5", "--polarity", "higher")
    assert done.exit_code == 1
    assert "row 3, column 'value'" in done.stderr and "Traceback" not in done.output


def test_a_ref_missing_from_the_catalogue_is_an_error(tmp_path, long_csv):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text("indicators:\n  - {ref: 'A1', title: A, section: S, polarity: higher, "
                         "unit: count, aggregation: sum}\n", encoding="utf-8")
    done = run("--values", long_csv, "--ref", "CP5", "--catalogue", catalogue)
    assert done.exit_code == 1
    assert "'CP5' is not an indicator in the catalogue" in done.stderr


def test_run_length_is_6_or_7(long_csv):
    done = run("--values", long_csv, "--ref", "CP5", "--polarity", "higher", "--run-length", "5")
    assert done.exit_code == 2  # a usage error, as for any out-of-range option
