"""A CIN census return loaded through the app gives the same figures as `kpiboard load
--cin-census` on the same file, and both are audited."""

from __future__ import annotations

from pathlib import Path

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
