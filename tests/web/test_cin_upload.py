"""A CIN census return loaded through the app gives the same figures as `kpiboard load
--cin-census` on the same file, and both are audited."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from kpiboard.store import Store

from test_auth import audit_rows
from test_loads import base_of, preview_of

CENSUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cin_census" / "fake_CIN_data.xml"
CATALOGUE = """\
title: CIN catalogue
la: {name: Testshire}
indicators:
  - ref: "RF1"
    title: Referrals received
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
    source: {measure: referrals}
"""


def figures(db_url: str) -> dict[str, float | None]:
    return {str(v.figure.period): v.figure.value for v in Store(db_url).current_figures().get("RF1", [])}


def test_census_upload_matches_the_command_line(login, db_url, cli, tmp_path):
    officer = login("officer")
    files = [("catalogue", ("catalogue.yaml", CATALOGUE.encode(), "text/yaml")),
             ("cin_census", (CENSUS.name, CENSUS.read_bytes(), "application/xml"))]
    where, page = preview_of(officer, officer.post(
        "/loads", data={"csrf_token": officer.csrf, "as_at": "2024-04-30", "la": "LA", "sheet": ""}, files=files))
    assert page.status_code == 200, page.text
    assert "RESTRICTED" in page.text and "fake_CIN_data.xml" in page.text
    done = officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": base_of(page.text)})
    assert done.status_code == 200, done.text
    web = figures(db_url)
    assert web and any(v for v in web.values()), "the census has referrals in the year it covers"

    (tmp_path / "catalogue.yaml").write_text(CATALOGUE)
    other = f"sqlite:///{tmp_path / 'cli.db'}"
    run = cli("load", "--catalogue", tmp_path / "catalogue.yaml", "--cin-census", CENSUS, "--la", "LA",
              "--as-at", "2024-04-30", "--db", other)
    assert run.returncode == 0, run.stderr
    assert figures(other) == web
    assert any(action == "data_load" and user.startswith("cli:") and "fake_CIN_data.xml" in detail
               for user, action, detail in audit_rows(other))
    assert any(action == "data_load" and user == "officer" for user, action, _ in audit_rows(db_url))


def test_a_bad_census_is_reported_by_its_own_name_not_the_servers_folder(login, db_url):
    officer = login("officer")
    files = [("catalogue", ("catalogue.yaml", CATALOGUE.encode(), "text/yaml")),
             ("cin_census", ("census-2026.xml", b"<Message><Header>", "application/xml"))]
    _, page = preview_of(officer, officer.post("/loads", data={"csrf_token": officer.csrf, "as_at": "2024-04-30",
                                                               "la": "LA", "sheet": ""}, files=files))
    assert page.status_code == 400
    message = page.text.split("Nothing was loaded: ", 1)[1].split("<", 1)[0]
    assert message.startswith("census-2026.xml: not well-formed XML"), message
    assert "kpiboard-upload-" not in page.text and "/tmp" not in message
    assert figures(db_url) == {}


def test_child_level_sources_are_named_as_uploaded(login, db_url):
    from kpiboard.store.web_tables import exception_refreshes

    officer = login("officer")
    files = [("catalogue", ("catalogue.yaml", CATALOGUE.encode(), "text/yaml")),
             ("cin_census", (CENSUS.name, CENSUS.read_bytes(), "application/xml"))]
    where, page = preview_of(officer, officer.post(
        "/loads", data={"csrf_token": officer.csrf, "as_at": "2024-04-30", "la": "LA", "sheet": ""}, files=files))
    assert "kpiboard-upload-" not in page.text
    officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": base_of(page.text)})
    store = Store(db_url)
    sources = {v.source for v in store.current_figures()["RF1"]}
    assert sources and not any("kpiboard-upload-" in s for s in sources), sources
    with store.engine.connect() as conn:
        assert all("kpiboard-upload-" not in s for s in conn.execute(select(exception_refreshes.c.sources)).scalars())
