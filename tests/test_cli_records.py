"""The child-level commands run as a user runs them: synth, validate, measures, exceptions, load."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    done = subprocess.run([sys.executable, "-m", "kpiboard", "synth", "--out", str(out),
                           "--children", "800", "--months", "9", "--seed", "5"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


def test_synth_writes_annex_a_ssda903_and_population(synthetic):
    assert len(list((synthetic / "annex_a").glob("annex_a_*.xlsx"))) == 9
    assert list((synthetic / "ssda903").glob("*-episodes.csv"))
    assert (synthetic / "population.csv").read_text().startswith("la,year,population")


def test_measures_on_synthetic_extracts(synthetic, cli):
    done = cli("measures", "--annex-a", synthetic / "annex_a", "--period", "2026-10",
               "--window", "month", "--window", "ytd", "--la", "999")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0])[:6] == ["ref", "period", "window", "value", "numerator", "denominator"]
    from kpiboard.measures.spec import library

    assert len(rows) == 2 * len(library().ids)
    by = {(r["ref"], r["window"]): r for r in rows}
    assert float(by[("contacts", "ytd")]["value"]) >= float(by[("contacts", "month")]["value"]) > 0
    rate = by[("cla_rate_per_10k", "month")]  # population.csv beside the records is found
    assert rate["value"] and float(rate["denominator"]) > 1000


def test_measures_breakdown_and_json(synthetic, cli):
    done = cli("measures", "--annex-a", synthetic / "annex_a", "--period", "2026-10",
               "--measure", "assessments_45wd_pct", "--by", "team", "--format", "json")
    rows = json.loads(done.stdout)
    assert rows and all(r["ref"] == "assessments_45wd_pct" and "team" in r for r in rows)


def test_exceptions_are_marked_restricted(synthetic, cli, tmp_path):
    out = tmp_path / "visits.csv"
    done = cli("exceptions", "--annex-a", synthetic / "annex_a", "--measure", "cpp_visited_pct",
               "--period", "2026-10", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "RESTRICTED" in done.stderr
    rows = list(csv.DictReader(out.open()))
    assert all(r["classification"] == "RESTRICTED" for r in rows)
    if rows:
        assert {"child_id", "team", "worker", "last_visit_date"} <= set(rows[0])


def test_exceptions_refuse_information_only_measures(synthetic, cli):
    done = cli("exceptions", "--annex-a", synthetic / "annex_a", "--measure", "contacts",
               "--period", "2026-10")
    assert done.returncode == 1 and "information only" in done.stderr


def test_validate_prints_the_report(cli):
    done = cli("validate", "--annex-a", SHARED / "annex_a" / "Annex_A_2024_sample.xlsx")
    assert done.returncode == 0, done.stderr
    assert "list 7  child protection plans" in done.stdout and "warning(s)" in done.stdout


def test_bad_child_level_input_fails_in_one_line(tmp_path, cli):
    bad = tmp_path / "annex.xlsx"
    bad.write_text("not a workbook")
    done = cli("measures", "--annex-a", bad, "--period", "2026-10")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and str(bad) in done.stderr


def test_unknown_measure_and_window(synthetic, cli):
    done = cli("measures", "--annex-a", synthetic / "annex_a", "--period", "2026-10",
               "--measure", "nope")
    assert done.returncode == 1 and "unknown measure" in done.stderr
    done = cli("measures", "--annex-a", synthetic / "annex_a", "--period", "2026-10",
               "--window", "weekly")
    assert done.returncode == 1 and "unknown window" in done.stderr


def test_ssda903_measures(cli):
    done = cli("measures", "--ssda903", SHARED / "ssda903" / "single_year_2017_18",
               "--period", "2017-10", "--measure", "cla_number", "--measure", "cla_visited_pct")
    rows = {r["ref"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert float(rows["cla_number"]["value"]) > 0
    assert rows["cla_visited_pct"]["value"] == ""  # SSDA903 holds no visit dates: no value, not 0%


def test_load_records_into_catalogue_figures(synthetic, cli, tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "indicators:\n"
        "  - {ref: A2, title: Assessments in 45 working days, section: Assessments,"
        " polarity: higher, unit: percent, aggregation: ratio,"
        " source: {measure: assessments_45wd_pct}}\n"
        "  - {ref: CP5, title: Visited in 14 days, section: Child protection, polarity: higher,"
        " unit: percent, aggregation: latest, source: {measure: cpp_visited_pct, params: {days: 14}}}\n")
    db = tmp_path / "store.db"
    done = cli("load", "--catalogue", catalogue, "--annex-a", synthetic / "annex_a", "--la", "999",
               "--db", db)
    assert done.returncode == 0, done.stderr
    assert "child-level records" in done.stdout
    with sqlite3.connect(db) as conn:
        months = conn.execute("select count(distinct period) from figures where ref='A2'").fetchone()[0]
        cp5 = conn.execute("select value, numerator, denominator from figures "
                           "where ref='CP5' and period='2026-10'").fetchone()
    assert months >= 12
    assert cp5[2] and abs(cp5[0] - 100 * cp5[1] / cp5[2]) < 1e-9
    report = cli("report", "--period", "2026-10", "--out", tmp_path / "out", "--db", db)
    assert report.returncode == 0, report.stderr


def test_population_for_another_la_is_reported(synthetic, cli):
    done = cli("measures", "--annex-a", synthetic / "annex_a", "--period", "2026-10",
               "--measure", "cla_rate_per_10k")
    assert "no population for LA LA" in done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0]["value"] == ""
