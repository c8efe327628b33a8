"""Data loads through the app: upload -> preview (rows, warnings, what would change) -> confirm,
nothing written before confirmation, and every step audited."""

from __future__ import annotations

import re

from kpiboard.loading import prepare_load
from kpiboard.store import Store

from test_auth import audit_rows

REVISION = "ref,period,value\nCR1,2026-10,130\nCR2,2026-11,88 of 100\nCP2,2026-10,205\n"


def upload(client, **files):
    data = {"csrf_token": client.csrf, "as_at": "2026-11-30", "la": "LA", "sheet": ""}
    parts = [(kind, (name, body.encode(), "text/csv")) for kind, (name, body) in files.items()]
    return client.post("/loads", data=data, files=parts)


def preview_of(client, response):
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    return response.headers["location"], page


def base_of(html: str) -> str:
    return re.search(r'name="base" value="(\d+)"', html).group(1)


def test_preview_shows_what_would_change_and_confirm_loads_it(login, db_url):
    officer = login("officer")
    before = len(Store(db_url).loads())
    where, page = preview_of(officer, upload(officer, values=("november.csv", REVISION)))
    assert page.status_code == 200
    assert "add 1 new, revise 1, leave 1 unchanged" in page.text
    assert "<td>CR1</td><td>2026-10</td><td>120</td><td>130</td>" in page.text
    assert len(Store(db_url).loads()) == before  # nothing written by the preview
    done = officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": base_of(page.text)})
    assert done.status_code == 200
    assert "november.csv: load 4, 3 figures (1 new, 1 revised, 1 unchanged)" in done.text
    store = Store(db_url)
    assert [r.source for r in store.loads()][-1] == "november.csv"  # the file's name, not a temp path
    current = {v.figure.period.__str__(): v.figure.value for v in store.current_figures()["CR1"]}
    assert current["2026-10"] == 130
    actions = [(a, d) for _, a, d in audit_rows(db_url) if a.startswith("data_")]
    assert [a for a, _ in actions] == ["data_upload", "data_preview", "data_load"]
    assert "values:november.csv" in actions[0][1] and "load 4" in actions[2][1]
    # confirmed once only
    again = officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": "4"})
    assert again.status_code == 400


def test_a_bad_file_is_reported_in_one_line_and_nothing_is_loaded(login, db_url):
    officer = login("officer")
    before = len(Store(db_url).loads())
    _, page = preview_of(officer, upload(officer, values=("bad.csv", "ref,period,value\nZZ9,2026-10,5\n")))
    assert page.status_code == 400
    assert "Nothing was loaded:" in page.text and "ZZ9" in page.text
    assert len(Store(db_url).loads()) == before
    assert "data_rejected" in [a for _, a, _ in audit_rows(db_url)]


def test_a_load_made_since_the_preview_sends_you_back_to_it(login, db_url, tmp_path):
    officer = login("officer")
    where, page = preview_of(officer, upload(officer, values=("november.csv", REVISION)))
    (tmp_path / "other.csv").write_text("ref,period,value\nCR1,2026-10,131\n")
    store = Store(db_url)
    store.load(prepare_load(store, values=[tmp_path / "other.csv"]))
    stale = officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": base_of(page.text)})
    assert stale.status_code == 303 and stale.headers["location"].endswith("?changed=1")
    page = officer.get(stale.headers["location"])
    assert "Someone loaded data since" in page.text
    assert "<td>CR1</td><td>2026-10</td><td>131</td><td>130</td>" in page.text  # compared with the new load
    done = officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": base_of(page.text)})
    assert done.status_code == 200


def test_discard_and_who_may_load(login, db_url):
    officer, admin, viewer, owner = login("officer"), login("admin"), login("viewer"), login("alex")
    where, page = preview_of(officer, upload(officer, values=("november.csv", REVISION)))
    theirs = admin.post(where, data={"csrf_token": admin.csrf, "action": "confirm", "base": base_of(page.text)})
    assert theirs.status_code == 403  # only the uploader confirms what they checked
    gone = officer.post(where, data={"csrf_token": officer.csrf, "action": "discard", "base": "0"})
    assert gone.status_code == 303
    assert officer.get(where).status_code == 400
    assert viewer.get("/loads").status_code == 403
    assert upload(owner, values=("x.csv", REVISION)).status_code == 403
    assert "data_discard" in [a for _, a, _ in audit_rows(db_url)]
