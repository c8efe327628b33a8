"""``kpiboard benchmarks`` on the real published tables (../shared/data/dfe).

Camden (202 / E09000007), re-referrals 2023-24, checked by hand from c1: 416 of 2241 referrals
= 18.56%; 2021 neighbours' mean 17.736 and median (15.9276 + 18.4472) / 2 = 17.19, best
(Hammersmith and Fulham 203 / 1578) 12.86; Inner London 18.2 and England 22.4 as published.
2025 neighbours (206 213 205 210 208 207 209 309 204 302): mean 17.39, median
(16.2281 + 18.4472) / 2 = 17.34.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiboard.cli import app
from kpiboard.cli_benchmarks import COLUMNS

DFE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dfe"
HEADER = ("ref,la_code,new_la_code,la_name,year,value,sn_mean,sn_median,best_sn,region,england,"
          "quartile_band,top_quartile_threshold,rank,sn_vintage")


def run(*args: object, env: dict | None = None):
    return CliRunner().invoke(app, ["benchmarks", *map(str, args)], env=env)


def rows(stdout: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stdout)))


def line(stdout: str, ref: str) -> str:
    return next(text for text in stdout.splitlines() if text.startswith(ref + ","))


def test_one_la_csv_columns_exactly_and_a_row_checked_by_hand():
    done = run("--la", "202", "--year", "2024", "--data", DFE)
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0] == HEADER == ",".join(COLUMNS)
    assert line(done.stdout, "rereferrals_12m_pct") == (
        "rereferrals_12m_pct,202,E09000007,Camden,2024,18.6,17.7,17.2,12.9,18.2,22.4,B,17.7,45,2021")
    got = {r["ref"]: r for r in rows(done.stdout)}
    # b1 2024, Camden: At31_episodes_rate 490.2 (read); neutral, so no best/band/threshold/rank
    assert line(done.stdout, "cin_rate_per_10k").startswith(
        "cin_rate_per_10k,202,E09000007,Camden,2024,490.2,")
    assert [got["cin_rate_per_10k"][k] for k in ("best_sn", "quartile_band",
                                                 "top_quartile_threshold", "rank")] == [""] * 4
    # d5 2024, Camden: 1-2 years and 2 years+ are c, so no value (never 0) and no band
    assert (got["cpp_open_2y_plus_pct"]["value"], got["cpp_open_2y_plus_pct"]["quartile_band"]) == ("", "")
    # csww 2024, Camden: caseload_fte 12.2, England 15.4
    assert (got["caseload_avg"]["value"], got["caseload_avg"]["england"]) == ("12.2", "15.4")
    assert {r["la_code"] for r in got.values()} == {"202"}
    assert {r["year"] for r in got.values()} == {"2024"}


def test_new_code_and_2025_vintage_json():
    done = run("--la", "E09000007", "--year", "2023-24", "--sn-vintage", "2025", "--format", "json",
               "--data", DFE)
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert list(data[0]) == list(COLUMNS)
    row = next(r for r in data if r["ref"] == "rereferrals_12m_pct")
    assert row == {"ref": "rereferrals_12m_pct", "la_code": "202", "new_la_code": "E09000007",
                   "la_name": "Camden", "year": 2024, "value": 18.6, "sn_mean": 17.4,
                   "sn_median": 17.3, "best_sn": 12.9, "region": 18.2, "england": 22.4,
                   "quartile_band": "B", "top_quartile_threshold": 17.7, "rank": 45,
                   "sn_vintage": 2025}
    neutral = next(r for r in data if r["ref"] == "cla_number")
    assert neutral["value"] == 214.0 and neutral["rank"] is None   # 31 March 2024


def test_all_las_csv_and_json():
    done = run("--la", "all", "--year", "2024", "--data", DFE)
    assert done.exit_code == 0, done.output
    table = rows(done.stdout)
    las = {r["la_code"] for r in table}
    # 153 LAs in the CIN census; the looked-after tables still carry Cumbria (909) and
    # Northamptonshire (928) rows, marked x
    assert len(las) == 155 and {"202", "942", "943", "909", "928"} <= las
    cumbria = next(r for r in table if r["la_code"] == "909" and r["ref"] == "cla_number")
    assert cumbria["value"] == ""
    rereferrals = [r for r in table if r["ref"] == "rereferrals_12m_pct"]
    assert len(rereferrals) == 153
    assert sorted(int(r["rank"]) for r in rereferrals if r["rank"])[0] == 1
    assert line(done.stdout, "rereferrals_12m_pct,202").startswith(
        "rereferrals_12m_pct,202,E09000007,Camden,2024,18.6,")
    as_json = run("--la", "all", "--year", "2024", "--format", "json", "--sn-vintage", "2025",
                  "--data", DFE)
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert len(data) == len(table) and {r["sn_vintage"] for r in data} == {2025}


def test_data_from_the_environment_variable():
    done = run("--la", "202", "--year", "2024", env={"KPIBOARD_DFE_DATA": str(DFE)})
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("args, message", [
    (("--la", "XYZ", "--year", "2024"), "unknown LA 'XYZ'"),
    (("--la", "202", "--year", "2031"), "no published tables for 2031"),
    (("--la", "202", "--year", "24"), "--year '24' is not a year"),
    (("--la", "202", "--sn-vintage", "2019"), "vintage 2019 is not one of 2021, 2025"),
    (("--la", "202", "--data", "/nonexistent/dfe"), "not a folder"),
])
def test_errors_are_one_line_exit_1(args, message):
    data = () if "--data" in args else ("--data", DFE)
    done = run(*args, *data)
    assert done.exit_code == 1
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.output


def test_no_data_folder_found_says_to_pass_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # no ../shared/data/dfe from here
    done = run("--la", "202", env={"KPIBOARD_DFE_DATA": ""})
    assert done.exit_code == 1
    assert "pass --data DIR" in done.stderr and len(done.stderr.strip().splitlines()) == 1
