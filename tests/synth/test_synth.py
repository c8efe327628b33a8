"""Synthetic child-level data: determinism, internal consistency, file layouts."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from kpiboard.records.schema import TABLES, schema
from kpiboard.synth import simulate, sizes, write_synthetic

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ANNEX_SAMPLE = SHARED / "annex_a" / "Annex_A_2024_sample.xlsx"
SSDA903_SAMPLE = SHARED / "ssda903" / "single_year_2017_18"
END = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def ds():
    return simulate(children=2000, seed=3)


def rows(ds, name):
    return ds.table(name).to_pylist()


def test_same_seed_same_tables_and_other_seed_differs():
    a, b = simulate(children=400, seed=5), simulate(children=400, seed=5)
    c = simulate(children=400, seed=6)
    assert a.tables.keys() == b.tables.keys()
    assert all(a.tables[n].equals(b.tables[n]) for n in a.tables)
    assert a.population.equals(b.population)
    assert not a.tables["contacts"].equals(c.tables["contacts"])


def test_every_canonical_table_with_its_schema(ds):
    assert set(ds.tables) == set(TABLES)
    for name, table in ds.tables.items():
        assert table.schema == schema(name), name
        assert table.num_rows > 0, name
    assert ds.history == {"cla_episodes", "cla", "cla_reviews", "missing"}
    assert {r["extract_date"] for r in rows(ds, "cla")} == {END}
    assert len({r["child_id"] for name in ds.tables for r in rows(ds, name)}) == 2000  # exactly as asked


def test_referrals_follow_contacts_and_assessments_follow_referrals(ds):
    contacts = defaultdict(list)
    for r in rows(ds, "contacts"):
        contacts[r["child_id"]].append(r["contact_date"])
    referrals = defaultdict(list)
    for r in rows(ds, "referrals"):
        assert any(d <= r["referral_date"] for d in contacts[r["child_id"]]), r
        referrals[r["child_id"]].append(r["referral_date"])
    for a in rows(ds, "assessments"):
        assert any(d <= a["start_date"] for d in referrals[a["child_id"]]), a
        assert a["authorised_date"] is None or a["authorised_date"] >= a["start_date"]


def test_cp_plans_start_at_an_initial_conference(ds):
    first_flow = min(r["referral_date"] for r in rows(ds, "referrals"))  # earlier plans predate the flows
    icpc = {(r["child_id"], r["icpc_date"]) for r in rows(ds, "s47") if r["icpc_to_cpp"]}
    plans = [p for p in rows(ds, "cp_plans") if p["start_date"] >= first_flow]
    assert plans
    assert all((p["child_id"], p["start_date"]) in icpc for p in plans)
    for s in rows(ds, "s47"):
        assert s["icpc_date"] is None or s["icpc_date"] >= s["strategy_date"]


def test_episodes_make_up_contiguous_periods_of_care(ds):
    episodes = defaultdict(list)
    for e in rows(ds, "cla_episodes"):
        assert e["end_date"] is None or e["end_date"] > e["start_date"]
        episodes[e["child_id"]].append(e)
    periods = defaultdict(set)
    for p in rows(ds, "cla"):
        periods[p["child_id"]].add((p["start_date"], p["end_date"]))
    for child, eps in episodes.items():
        eps.sort(key=lambda e: e["start_date"])
        chains, start = set(), eps[0]
        for prev, cur in zip(eps, eps[1:]):
            if cur["start_date"] != prev["end_date"]:  # a gap: the next period of care
                assert prev["end_date"] is not None and cur["start_date"] > prev["end_date"]
                chains.add((start["start_date"], prev["end_date"]))
                start = cur
            else:
                assert cur["rne"] in {"P", "L", "T", "U", "B"}
        chains.add((start["start_date"], eps[-1]["end_date"]))
        assert chains == periods[child], child
        assert eps[0]["rne"] == "S"


def test_no_end_before_start_and_sensible_ages(ds):
    pairs = {"cin": ("start_date", "end_date"), "cp_plans": ("start_date", "end_date"),
             "cla": ("start_date", "end_date"), "missing": ("start_date", "end_date"),
             "assessments": ("start_date", "authorised_date")}
    for name, (a, b) in pairs.items():
        for r in rows(ds, name):
            assert r[b] is None or r[b] >= r[a], (name, r)
            assert r["dob"] <= r[a] <= END, (name, r)
    for r in rows(ds, "contacts"):
        assert (r["contact_date"] - r["dob"]).days < 18 * 366
    for r in rows(ds, "cla"):
        assert (r["start_date"] - r["dob"]).days < 18 * 366
        assert r["placement_start"] >= r["start_date"] and r["placements_12m"] >= 0
    ages = [(END - r["dob"]).days / 365.25 for r in rows(ds, "care_leavers")]
    assert ages and all(17 <= a < 22 for a in ages)
    for r in rows(ds, "adoption"):
        dates = [r[k] for k in ("entered_care_date", "decision_date", "placement_order_date", "placed_date",
                                "adoption_order_date")]
        known = [d for d in dates if d is not None]
        assert known == sorted(known), r


def test_rates_and_mix_look_like_a_council(ds):
    pop = {r["year"]: r["population"] for r in ds.population.to_pylist()}
    assert set(pop) >= {2025, 2026}
    open_cin = {r["child_id"] for r in rows(ds, "cin") if r["end_date"] is None}
    looked_after = {r["child_id"] for r in rows(ds, "cla") if r["end_date"] is None}
    assert 180 < len(open_cin) / pop[2026] * 10_000 < 600
    assert 20 < len(looked_after) / pop[2026] * 10_000 < 180
    year = [r for r in rows(ds, "contacts") if (END - r["contact_date"]).days < 365]
    refs = [r for r in rows(ds, "referrals") if (END - r["referral_date"]).days < 365]
    assert 0.12 < len(refs) / len(year) < 0.5  # councils count contacts differently
    assert sum(r["ethnicity"] == "WBRI" for r in year) > len(year) / 2
    assert {"Front Door / MASH", "Leaving Care Team"} <= {r["team"] for t in ds.tables for r in rows(ds, t)}


def test_sizes_and_many_councils():
    data = simulate(children=300, las=3, months=12, seed=2)
    counts = sizes(data)
    assert counts["total"] == sum(t.num_rows for t in data.tables.values())
    codes = {r["la"] for r in rows(data, "contacts")}
    assert len(codes) == 3 and all(len(c) == 3 and c.isdigit() for c in codes)
    assert {r["la"] for r in data.population.to_pylist()} == codes


def test_scale_smoke():
    data = simulate(children=2000, seed=11, months=24)
    counts = sizes(data)
    assert counts["contacts"] > counts["referrals"] > counts["cp_plans"] > 0
    assert len({r["child_id"] for t in ("contacts", "cin", "cla", "care_leavers") for r in rows(data, t)}) <= 2000


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    return out, write_synthetic(out, children=600, months=13, seed=4)


def test_written_files(written):
    out, paths = written
    books = sorted((out / "annex_a").glob("annex_a_*.xlsx"))
    assert [b.name for b in books][-1] == "annex_a_2026-10-31.xlsx" and len(books) == 13
    assert sorted(p.name for p in (out / "ssda903").iterdir())[:2] == ["2025-ad1.csv", "2025-episodes.csv"]
    assert (out / "README.txt").read_text().count("31 March") >= 1
    with (out / "population.csv").open() as f:
        assert next(csv.reader(f)) == ["la", "year", "population"]
    assert all(p.exists() for p in paths)


def test_annex_a_sheets_and_headers_match_the_2024_sample(written):
    out, _ = written
    sample = openpyxl.load_workbook(ANNEX_SAMPLE, read_only=True)
    ours = openpyxl.load_workbook(out / "annex_a" / "annex_a_2026-10-31.xlsx", read_only=True)
    assert ours.sheetnames == sample.sheetnames
    for name in sample.sheetnames:
        head = lambda wb: list(next(wb[name].iter_rows(max_row=1, values_only=True)))  # noqa: E731
        assert head(ours) == head(sample), name


def test_annex_a_values_as_at_the_extract_date(written):
    out, _ = written
    path = out / "annex_a" / "annex_a_2026-03-31.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True)
    extract = dt.datetime(2026, 3, 31)
    list1 = list(wb["List 1"].iter_rows(values_only=True))
    assert {r[1] for r in list1[1:]} <= {"a) Male", "b) Female", "c) Not stated/recorded", None}
    assert all(dt.datetime(2025, 3, 31) < r[5] <= extract for r in list1[1:])
    for ws in wb.worksheets:
        body = list(ws.iter_rows(values_only=True))[1:]
        for r in body:
            for v in r:
                assert not isinstance(v, dt.datetime) or v <= extract, (ws.title, r)
    list8 = list(wb["List 8"].iter_rows(values_only=True))
    assert any(isinstance(r[7], dt.datetime) for r in list8[1:])
    assert {r[11].split(":")[0] for r in list8[1:]} <= {"C1", "C2", "E1", "V2", "V3", "V4", "L1", "L2", "J1", "J2"}


def test_ssda903_headers_match_the_sample(written):
    out, _ = written
    for sample in sorted(SSDA903_SAMPLE.glob("*.csv")):
        ours = out / "ssda903" / f"2025-{sample.name}"
        if sample.stem in ("oc2", "previous_permanence"):
            continue
        with sample.open() as f, ours.open() as g:
            assert next(csv.reader(g)) == next(csv.reader(f)), sample.name
    with (out / "ssda903" / "2025-episodes.csv").open() as f:
        episodes = list(csv.DictReader(f))
    assert episodes and all(dt.datetime.strptime(e["DECOM"], "%d/%m/%Y") for e in episodes)
    assert {e["RNE"] for e in episodes} <= {"S", "P", "L", "T", "U", "B"}
    assert all(e["REC"] in ("", "X1") or e["REC"].startswith("E") for e in episodes)
    with (out / "ssda903" / "2025-oc3.csv").open() as f:
        oc3 = list(csv.DictReader(f))
    assert all(o["ACCOM"] == "0" or o["ACCOM"][-1] in "12" for o in oc3)  # 1 suitable, 2 not, 0 not known


def test_numpy_free_public_api():
    """The public API takes plain Python values."""
    data = simulate(children=50, months=2, seed=9, end=dt.date(2025, 3, 31))
    assert isinstance(sizes(data)["total"], int)
    assert not isinstance(sizes(data)["total"], np.integer)
