"""`kpiboard load` writes to the audit log as the web app's Data loads do (who: cli:<OS user>,
what: the one-line outcome of each file), and child-level records loaded on the command line
refresh the app's RESTRICTED exception lists, audited too."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from kpiboard.store import Store
from kpiboard.store.web_tables import audit_log, exception_refreshes, exception_rows
from kpiboard.synth import write_synthetic

from test_exceptions import SOURCED
from test_loads import REVISION
from webstore import CATALOGUE, VALUES_1

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CLI_USER = f"cli:{getpass.getuser()}"
MEASURE = "cla_reviewed_on_time_pct"


def db_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def audit_rows(db: Path) -> list:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
    engine.dispose()
    return rows


def test_a_cli_load_is_audited_with_the_os_user_and_the_printed_outcome(cli, db_url, tmp_path):
    db = db_path(db_url)
    before = len(audit_rows(db))
    november = tmp_path / "november.csv"
    november.write_text(REVISION, encoding="utf-8")
    done = cli("load", "--values", november, "--as-at", "2026-11-30", "--db", db)
    assert done.returncode == 0, done.stderr
    # The template store holds loads 1-3; CR1 2026-10 120 -> 130 is revised, CR2 2026-11 is new,
    # CP2 2026-10 205 is as before.
    line = f"{november}: load 4, 3 figures (1 new, 1 revised, 1 unchanged)"
    assert line in done.stdout.splitlines()
    rows = audit_rows(db)[before:]
    assert [(r.user_name, r.action, r.detail, r.ip) for r in rows] == [(CLI_USER, "data_load", line, None)]
    assert dt.datetime.fromisoformat(rows[0].at).tzinfo is not None


def test_loading_the_same_file_again_writes_nothing_but_is_audited(cli, db_url, tmp_path):
    db = db_path(db_url)
    november = tmp_path / "november.csv"
    november.write_text(REVISION, encoding="utf-8")
    assert cli("load", "--values", november, "--db", db).returncode == 0
    loads = Store(db_url).loads()
    again = cli("load", "--values", november, "--db", db)
    assert again.returncode == 0, again.stderr
    assert len(Store(db_url).loads()) == len(loads)
    last = audit_rows(db)[-1]
    assert (last.user_name, last.action) == (CLI_USER, "data_load")
    assert last.detail == f"{november}: already loaded as load 4 on {loads[-1].loaded_at[:10]}; nothing written"


def test_a_rejected_cli_load_leaves_no_audit_row(cli, db_url, tmp_path):
    """Nothing reached the store, and the error went to the person who ran it."""
    db = db_path(db_url)
    before = audit_rows(db)
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,period,value\nZZ9,2026-10,5\n", encoding="utf-8")
    done = cli("load", "--values", bad, "--db", db)
    assert done.returncode == 1 and "ZZ9" in done.stderr
    assert audit_rows(db) == before


def test_the_first_load_into_a_new_store_is_audited(cli, tmp_path):
    """A store made by `kpiboard load` has the web tables from the start."""
    (tmp_path / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "v1.csv").write_text(VALUES_1, encoding="utf-8")
    db = tmp_path / "new.db"
    done = cli("load", "--catalogue", tmp_path / "catalogue.yaml", "--values", tmp_path / "v1.csv",
               "--db", db)
    assert done.returncode == 0, done.stderr
    rows = audit_rows(db)
    assert [(r.user_name, r.action) for r in rows] == [(CLI_USER, "data_load")]
    assert rows[0].detail == (f"{tmp_path / 'catalogue.yaml'}: load 1, 4 catalogue rows | "
                              f"{tmp_path / 'v1.csv'}: load 2, 8 figures (8 new, 0 revised, 0 unchanged)")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth-cli")
    write_synthetic(out, children=400, months=2, seed=5)
    return out / "annex_a"


def latest_figure(db_url: str, ref: str):
    return max(Store(db_url).current_figures()[ref], key=lambda v: str(v.figure.period)).figure


def stored_exceptions(db_url: str) -> tuple[list, list]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        refreshes = conn.execute(select(exception_refreshes).order_by(exception_refreshes.c.id)).all()
        rows = conn.execute(select(exception_rows).where(exception_rows.c.measure == MEASURE)).all()
    engine.dispose()
    return refreshes, rows


def test_annex_a_loaded_on_the_command_line_refreshes_the_exception_lists(cli, db_url, tmp_path,
                                                                          synthetic, login):
    db = db_path(db_url)
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(SOURCED, encoding="utf-8")
    before = len(audit_rows(db))
    done = cli("load", "--catalogue", catalogue, "--annex-a", synthetic, "--la", "999", "--db", db)
    assert done.returncode == 0, done.stderr

    # A higher-is-better percentage's exceptions are its denominator's children outside the
    # numerator: as many as the loaded figure's denominator minus its numerator.
    la7 = latest_figure(db_url, "LA7")
    late = int(la7.denominator - la7.numerator)
    assert late > 0, "the synthetic LA has looked-after children whose reviews were late"
    refreshes, rows = stored_exceptions(db_url)
    assert [(r.by, r.period) for r in refreshes] == [(CLI_USER, str(la7.period))]
    assert len(rows) == late and {r.refresh_id for r in rows} == {refreshes[0].id}
    assert all(r.child_id and r.team for r in rows)
    assert f"exception lists refreshed: {MEASURE} {late} rows" in done.stdout

    audited = [(r.user_name, r.action, r.detail) for r in audit_rows(db)[before:]]
    assert [a for _, a, _ in audited] == ["data_load", "exceptions_refresh"]
    assert {u for u, _, _ in audited} == {CLI_USER}
    assert audited[1][2] == f"refresh {refreshes[0].id}: {MEASURE} {late}"

    # The app shows the lists the command line made.
    page = login("officer").get(f"/exceptions/{MEASURE}")
    assert page.status_code == 200 and page.text.count("<tr><td>") == late

    # The same records again: the figures are skipped as loaded, the lists still refreshed (and
    # both audited), so a load on the command line always leaves the lists as fresh as the figures.
    again = cli("load", "--annex-a", synthetic, "--la", "999", "--db", db)
    assert again.returncode == 0, again.stderr
    assert "nothing written" in again.stdout
    refreshes, rows = stored_exceptions(db_url)
    # The new list replaces the old one, whose child-level rows are deleted, not kept unread.
    assert len(refreshes) == 2 and len(rows) == late and {r.refresh_id for r in rows} == {refreshes[1].id}
    assert [r.action for r in audit_rows(db)[-2:]] == ["data_load", "exceptions_refresh"]


def test_ssda903_loaded_on_the_command_line_refreshes_the_exception_lists(cli, tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(SOURCED, encoding="utf-8")
    db = tmp_path / "store.db"
    done = cli("load", "--catalogue", catalogue, "--ssda903", SHARED / "ssda903" / "single_year_2017_18",
               "--db", db)
    assert done.returncode == 0, done.stderr
    la7 = latest_figure(f"sqlite:///{db}", "LA7")
    late = int(la7.denominator - la7.numerator)
    refreshes, rows = stored_exceptions(f"sqlite:///{db}")
    assert late > 0 and len(rows) == late
    assert [(r.by, r.period) for r in refreshes] == [(CLI_USER, str(la7.period))]
    assert [(r.user_name, r.action) for r in audit_rows(db)] == [(CLI_USER, "data_load"),
                                                                 (CLI_USER, "exceptions_refresh")]


def test_records_without_a_measure_or_from_an_earlier_month_keep_its_list(cli, tmp_path, synthetic, login):
    """A CIN census holds no looked-after children, and SSDA903 for 2017-18 is years older than the
    Annex A lists: neither may replace the list of late reviews with an empty or stale one."""
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(SOURCED, encoding="utf-8")
    db = tmp_path / "store.db"
    done = cli("load", "--catalogue", catalogue, "--annex-a", synthetic, "--la", "999", "--db", db)
    assert done.returncode == 0, done.stderr
    refreshes, rows = stored_exceptions(f"sqlite:///{db}")
    shown = [(r.refresh_id, r.child_id) for r in rows]
    assert shown and len(refreshes) == 1

    census = cli("load", "--cin-census", SHARED / "cin_census" / "fake_CIN_data.xml", "--db", db)
    assert census.returncode == 0, census.stderr
    assert f"kept: {MEASURE} (not in these records)" in census.stdout
    older = cli("load", "--ssda903", SHARED / "ssda903" / "single_year_2017_18", "--db", db)
    assert older.returncode == 0, older.stderr
    assert f"kept: {MEASURE} (its list is for {refreshes[0].period}, later than these records)" in older.stdout

    refreshes_after, rows_after = stored_exceptions(f"sqlite:///{db}")
    assert [(r.refresh_id, r.child_id) for r in rows_after] == shown and len(refreshes_after) == 1
    # nothing refreshed, so nothing audited as a refresh; both loads are audited
    assert [a for _, a in [(r.user_name, r.action) for r in audit_rows(db)]] == [
        "data_load", "exceptions_refresh", "data_load", "data_load"]
