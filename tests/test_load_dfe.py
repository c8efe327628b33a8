"""``kpiboard load --dfe DIR``: benchmarks for the catalogue's LA from the published DfE tables
(../shared/data/dfe), stored as a benchmarks load, with the neighbour values for the charts.

Camden (202 / E09000007), re-referrals 2023-24, checked by hand from c1 (as in
test_cli_benchmarks.py): 416 of 2241 referrals = 18.56% -> 18.6; the 2021 neighbours' mean
17.736 -> 17.7, best (Hammersmith and Fulham, 203 of 1578) 12.86 -> 12.9; Inner London 18.2 and
England 22.4 as published. 2025 neighbours (206 213 205 210 208 207 209 309 204 302): mean
17.39 -> 17.4. Referrals 2023-24: Camden 2241, Westminster 1873.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpiboard.cli import app
from kpiboard.model.monthly import latest_benchmarks, latest_neighbours
from kpiboard.store import Store

DFE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dfe"
NEIGHBOURS_2021 = ["Westminster", "Hammersmith and Fulham", "Kensington and Chelsea", "Islington",
                   "Wandsworth", "Manchester", "Greenwich", "Reading", "Haringey", "Barnet"]

CATALOGUE = """\
la: {{code: "{code}", name: London Borough of Camden}}
indicators:
  - ref: CR3
    title: Referrals
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {{measure: referrals}}
  - ref: CR5
    title: Re-referrals within 12 months
    section: Front door
    polarity: lower
    unit: percent
    aggregation: ratio
    source: {{measure: rereferrals_12m_pct}}
  - ref: CR1
    title: Contacts
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {{measure: contacts}}
  - ref: X1
    title: Typed in by hand
    section: Other
    polarity: higher
    unit: percent
    aggregation: ratio
"""


def load(*args: object):
    return CliRunner().invoke(app, ["load", *map(str, args)])


def catalogue(tmp_path: Path, code: str = "202", text: str = CATALOGUE) -> Path:
    path = tmp_path / f"catalogue-{code or 'none'}.yaml"
    path.write_text(text.format(code=code), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("dfe")
    db = tmp / "store.db"
    done = load("--catalogue", catalogue(tmp), "--dfe", DFE, "--db", db)
    assert done.exit_code == 0, done.output
    return db, done.output


def test_benchmarks_stored_as_published(loaded):
    db, _ = loaded
    got = {b.ref: b for b in Store(str(db)).benchmarks()}
    assert set(got) == {"CR3", "CR5"}   # contacts has no published table; X1 has no source
    b = got["CR5"]
    assert (b.year, b.sn_average, b.best_sn, b.england, b.top_quartile, b.region) == (
        "2023-24", 17.7, 12.9, 22.4, 17.7, 18.2)
    assert b.source == "DfE CIN census 2023-24 (derived from counts), SN 2021"
    # a neutral count: no best SN or threshold; England is the national total
    assert (got["CR3"].best_sn, got["CR3"].top_quartile) == (None, None)
    assert got["CR3"].source == "DfE CIN census 2023-24, SN 2021"


def test_neighbour_values_stored_with_names(loaded):
    db, _ = loaded
    near = {n.ref: n for n in Store(str(db)).neighbours()}
    assert set(near) == {"CR3", "CR5"}
    chart = near["CR5"].chart
    la, *others = chart.points
    assert (la.code, la.name, la.value, la.is_la) == ("202", "Camden", 18.6, True)
    assert [p.name for p in others] == NEIGHBOURS_2021
    assert not any(p.is_la for p in others)
    assert others[1].value == 12.9   # Hammersmith and Fulham, 203 of 1578
    assert (chart.england, chart.sn_mean, chart.sn_vintage, chart.year) == (22.4, 17.7, 2021, 2024)
    assert (near["CR5"].year, near["CR5"].source) == (
        "2023-24", "DfE CIN census 2023-24 (derived from counts), SN 2021")
    assert (near["CR3"].chart.points[0].value, near["CR3"].chart.points[1].value) == (2241, 1873)


def test_one_load_of_each_kind_tied_to_its_source(loaded):
    db, output = loaded
    loads = Store(str(db)).loads()
    assert [r.kind for r in loads] == ["catalogue", "benchmarks", "neighbours"]
    assert loads[1].source == loads[2].source == f"DfE tables {DFE} for Camden (202), SN 2021"
    assert (loads[1].rows, loads[2].rows) == (2, 2)
    assert "no published DfE table for CR1" in loads[1].warnings
    assert "load 2, 2 benchmarks rows" in output and "load 3, 2 neighbours rows" in output


def test_same_tables_again_write_nothing(loaded):
    db, _ = loaded
    done = load("--dfe", DFE, "--db", db)
    assert done.exit_code == 0, done.output
    assert done.output.count("already loaded") == 2
    assert len(Store(str(db)).loads()) == 3


def test_new_code_and_2025_neighbours(tmp_path):
    db = tmp_path / "store.db"
    done = load("--catalogue", catalogue(tmp_path, "E09000007"), "--dfe", DFE,
                "--sn-vintage", "2025", "--db", db)
    assert done.exit_code == 0, done.output
    b = next(b for b in Store(str(db)).benchmarks() if b.ref == "CR5")
    assert (b.sn_average, b.england, b.source) == (
        17.4, 22.4, "DfE CIN census 2023-24 (derived from counts), SN 2025")
    chart = next(n.chart for n in Store(str(db)).neighbours() if n.ref == "CR5")
    assert [p.code for p in chart.points] == ["202", "206", "213", "205", "210", "208", "207",
                                              "209", "309", "204", "302"]
    assert (chart.sn_vintage, chart.sn_mean) == (2025, 17.4)


def test_hand_loaded_benchmarks_still_load_and_precedence(tmp_path):
    """Per indicator the latest year wins; for the same year, the latest load."""
    db = tmp_path / "store.db"
    assert load("--catalogue", catalogue(tmp_path), "--dfe", DFE, "--db", db).exit_code == 0
    hand = tmp_path / "bench.csv"
    hand.write_text("ref,year,sn_average,best_sn,england,top_quartile,source\n"
                    "CR5,2023-24,20.0,10.0,21.0,15.0,Hand-typed LAIT\n"
                    "X1,2022-23,50.0,70.0,60.0,65.0,Hand-typed\n", encoding="utf-8")
    done = load("--benchmarks", hand, "--db", db)
    assert done.exit_code == 0, done.output
    latest = latest_benchmarks(Store(str(db)).benchmarks())
    assert (latest["CR5"].sn_average, latest["CR5"].source) == (20.0, "Hand-typed LAIT")
    assert latest["X1"].england == 60.0
    assert latest["CR3"].source == "DfE CIN census 2023-24, SN 2021"
    # loading the DfE tables again (another vintage: a new load) puts the published CR5 back
    assert load("--dfe", DFE, "--sn-vintage", "2025", "--db", db).exit_code == 0
    latest = latest_benchmarks(Store(str(db)).benchmarks())
    assert latest["CR5"].source == "DfE CIN census 2023-24 (derived from counts), SN 2025"
    near = latest_neighbours(Store(str(db)).neighbours())
    assert near["CR5"].chart.sn_vintage == 2025


def _one_line_error(done) -> str:
    assert done.exit_code == 1
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.output
    return lines[0]


def test_bad_dir_leaves_store_untouched(tmp_path):
    db = tmp_path / "store.db"
    assert load("--catalogue", catalogue(tmp_path), "--db", db).exit_code == 0
    before = [tuple(r) for r in Store(str(db)).loads()]
    bad = tmp_path / "dfe"
    (bad / "reference").mkdir(parents=True)     # a folder without the tables
    line = _one_line_error(load("--catalogue", catalogue(tmp_path, "213"), "--dfe", bad,
                                "--db", db))
    neighbours = "reference/New_Statistical_Neighbour_Groupings_April_2021.csv"
    assert f"{bad / neighbours}: no statistical neighbour file (is --dfe the DfE folder?)" in line
    # with the neighbour file (linked, not copied) the first missing table is named
    (bad / neighbours).symlink_to(DFE / neighbours)
    line = _one_line_error(load("--dfe", bad, "--db", db))
    assert f"{bad}/cin_2024/" in line and ".csv: no such DfE table" in line
    line = _one_line_error(load("--dfe", tmp_path / "nowhere", "--db", db))
    assert "nowhere: not a folder" in line
    after = Store(str(db))
    assert [tuple(r) for r in after.loads()] == before   # not even the second catalogue
    assert after.benchmarks() == [] and after.neighbours() == []


def test_catalogue_without_or_with_unknown_la(tmp_path):
    db = tmp_path / "store.db"
    no_la = CATALOGUE.split("\n", 1)[1]
    line = _one_line_error(load("--catalogue", catalogue(tmp_path, "", no_la), "--dfe", DFE,
                                "--db", db))
    assert "the catalogue names no LA" in line
    line = _one_line_error(load("--catalogue", catalogue(tmp_path, "999"), "--dfe", DFE,
                                "--db", db))
    assert "unknown LA '999'" in line
    assert Store(str(db)).loads() == []
