"""RESTRICTED exception lists: made when child-level records are loaded through the app, shown
only to administrators, performance officers and team managers (their own team's rows), every
view and export audited and marked."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from kpiboard.synth import write_synthetic
from kpiboard.web.accounts import add_user
from kpiboard.store import Store

from test_auth import audit_rows
from test_loads import base_of, preview_of
from webstore import CATALOGUE, PASSWORD

SOURCED = CATALOGUE + """\
  - ref: "LA7"
    title: Looked-after children's reviews on time
    section: Child protection
    polarity: higher
    unit: percent
    aggregation: latest
    source: {measure: cla_reviewed_on_time_pct}
"""


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth-web")
    write_synthetic(out, children=400, months=2, seed=5)
    return sorted((out / "annex_a").glob("*.xlsx"))


def load_records(client, extracts):
    files = [("catalogue", ("catalogue.yaml", SOURCED.encode(), "text/yaml"))]
    files += [("annex_a", (p.name, p.read_bytes(), "application/octet-stream")) for p in extracts]
    where, page = preview_of(client, client.post("/loads", data={"csrf_token": client.csrf, "la": "999"},
                                                 files=files))
    assert page.status_code == 200, page.text
    assert "RESTRICTED" in page.text
    done = client.post(where, data={"csrf_token": client.csrf, "action": "confirm", "base": base_of(page.text)})
    assert done.status_code == 200, done.text
    return done.text


def stored(db_url) -> list[tuple[str, str]]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("select team, data from exception_rows where measure='cla_reviewed_on_time_pct'")).all()
    engine.dispose()
    return rows


def test_loading_records_refreshes_the_lists_and_managers_see_their_team_only(login, db_url, extracts):
    officer = login("officer")
    done = load_records(officer, extracts)
    rows = stored(db_url)
    assert rows, "the synthetic LA has looked-after children whose reviews were late"
    assert f"exception lists refreshed: cla_reviewed_on_time_pct {len(rows)} rows" in done
    assert all(json.loads(d)["team"] == t for t, d in rows)
    team = rows[0][0]
    mine = sum(1 for t, _ in rows if t == team)
    add_user(Store(db_url), "tm", "manager", PASSWORD, "Tess Manager", team=team)

    page = officer.get("/exceptions/cla_reviewed_on_time_pct")
    assert page.status_code == 200 and page.text.count("<tr><td>") == len(rows)
    assert "RESTRICTED: child-level data" in page.text
    manager = login("tm")
    page = manager.get("/exceptions/cla_reviewed_on_time_pct")
    assert page.text.count("<tr><td>") == mine
    assert mine < len(rows) or len({t for t, _ in rows}) == 1  # other teams' rows are left out
    assert f"team {team}" in page.text
    export = manager.get("/exceptions/cla_reviewed_on_time_pct/export")
    lines = export.text.splitlines()
    assert lines[0].startswith("# RESTRICTED") and len(lines) == 2 + mine
    assert all(line.startswith("RESTRICTED,") for line in lines[2:])
    assert "RESTRICTED" in export.headers["content-disposition"]

    for name in ("viewer", "alex"):
        assert login(name).get("/exceptions").status_code == 403
        assert login(name).get("/exceptions/cla_reviewed_on_time_pct/export").status_code == 403
    audited = [(u, a, d) for u, a, d in audit_rows(db_url) if a.startswith("exceptions_")]
    assert [a for _, a, _ in audited] == ["exceptions_refresh", "exceptions_view", "exceptions_view",
                                          "exceptions_export"]
    assert audited[2][0] == "tm" and f"team {team}" in audited[2][2] and f"{mine} rows" in audited[2][2]
    forbidden = [d for _, a, d in audit_rows(db_url) if a == "forbidden"]
    assert sum("/exceptions" in d for d in forbidden) == 4


def test_no_lists_yet(login):
    page = login("admin").get("/exceptions")
    assert page.status_code == 200 and "No exception lists yet" in page.text


def test_a_store_from_before_per_measure_lists_shows_its_latest_refresh(db_url):
    """Stores made before exception_current showed the latest refresh for every measure; after
    upgrade() (run by every server process at start) they show the same."""
    from sqlalchemy import insert, select

    from kpiboard.store.web_tables import exception_current, exception_refreshes, exception_rows, upgrade

    store = Store(db_url)
    with store.engine.begin() as conn:
        for refresh_id, period in ((1, "2026-09"), (2, "2026-10")):
            conn.execute(insert(exception_refreshes).values(id=refresh_id, at="2026-11-01T09:00:00+00:00",
                                                            by="olive", period=period, sources="x.xlsx"))
            conn.execute(insert(exception_rows).values(refresh_id=refresh_id, measure="cpp_visited_pct",
                                                       team="North", data='{"child_id": "A"}'))
    upgrade(store.engine)
    upgrade(store.engine)  # again, as a second server process would: no error, no second pointer
    with store.engine.connect() as conn:
        assert conn.execute(select(exception_current.c.measure, exception_current.c.refresh_id,
                                   exception_current.c.period)).all() == [("cpp_visited_pct", 2, "2026-10")]


@pytest.mark.parametrize("measure, has", [("cla_reviewed_on_time_pct", True), ("assessments_open_over_45wd", True),
                                          ("caseload_avg", False), ("cla_rate_per_10k", False),
                                          ("contacts", False)])
def test_only_measures_failed_by_children_have_exception_lists(measure, has):
    """Percentages and counts with a preferred direction name children; an average caseload, a
    rate per 10,000 or an information-only count has no child who fails it."""
    from kpiboard.exception_lists import has_exceptions

    assert has_exceptions(measure) is has
