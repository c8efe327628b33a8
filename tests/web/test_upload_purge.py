"""Uploaded files do not stay in the store: their contents go when the upload is confirmed,
discarded or rejected, and an upload left at its preview for more than 24 hours expires when
anyone next uploads. The ``pending_uploads`` row stays as the record (it holds no data)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, func, insert, select, update

from kpiboard.store import Store
from kpiboard.store.web_tables import pending_files, pending_uploads
from kpiboard.web import uploads

from test_loads import REVISION, base_of, preview_of, upload

UTC = dt.timezone.utc


def state(db_url: str) -> tuple[dict[int, str], dict[int, int]]:
    """Each upload's status, and how many files each still holds (uploads with none left out)."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        status = dict(conn.execute(select(pending_uploads.c.id, pending_uploads.c.status)).all())
        files = dict(conn.execute(select(pending_files.c.upload_id, func.count())
                                  .group_by(pending_files.c.upload_id)).all())
    engine.dispose()
    return status, files


def backdate(db_url: str, upload_id: int, hours: float) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        at = (dt.datetime.now(UTC) - dt.timedelta(hours=hours)).isoformat(timespec="seconds")
        conn.execute(update(pending_uploads).where(pending_uploads.c.id == upload_id).values(created_at=at))
    engine.dispose()


def test_confirming_deletes_the_files_and_keeps_the_record(login, db_url):
    officer = login("officer")
    where, page = preview_of(officer, upload(officer, values=("november.csv", REVISION)))
    assert state(db_url) == ({1: "previewed"}, {1: 1})
    done = officer.post(where, data={"csrf_token": officer.csrf, "action": "confirm", "base": base_of(page.text)})
    assert done.status_code == 200 and "november.csv: load 4" in done.text
    assert state(db_url) == ({1: "confirmed"}, {})
    with Store(db_url).engine.connect() as conn:
        row = conn.execute(select(pending_uploads)).one()
    assert row.created_by == "officer"
    assert officer.get(where).status_code == 400  # nothing left to preview


def test_discarding_deletes_the_files(login, db_url):
    officer = login("officer")
    where, _ = preview_of(officer, upload(officer, values=("november.csv", REVISION)))
    gone = officer.post(where, data={"csrf_token": officer.csrf, "action": "discard", "base": "0"})
    assert gone.status_code == 303
    assert state(db_url) == ({1: "discarded"}, {})


def test_a_rejected_upload_keeps_no_files(login, db_url):
    officer = login("officer")
    _, page = preview_of(officer, upload(officer, values=("bad.csv", "ref,period,value\nZZ9,2026-10,5\n")))
    assert page.status_code == 400
    assert state(db_url) == ({1: "rejected"}, {})


def test_an_upload_left_at_its_preview_expires_when_anyone_next_uploads(login, db_url):
    officer, admin = login("officer"), login("admin")
    old, _ = preview_of(officer, upload(officer, values=("old.csv", REVISION)))
    recent, _ = preview_of(officer, upload(officer, values=("recent.csv", REVISION)))
    backdate(db_url, 1, hours=25)
    backdate(db_url, 2, hours=23)
    assert state(db_url) == ({1: "previewed", 2: "previewed"}, {1: 1, 2: 1})  # nothing purges on its own

    preview_of(admin, upload(admin, values=("new.csv", REVISION)))
    assert state(db_url) == ({1: "expired", 2: "previewed", 3: "previewed"}, {2: 1, 3: 1})
    page = officer.get(old)
    assert page.status_code == 400 and "expired after 24 hours" in page.text
    late = officer.post(old, data={"csrf_token": officer.csrf, "action": "confirm",
                                   "base": str(Store(db_url).last_load_id())})
    assert late.status_code == 400
    assert officer.get(recent).status_code == 200  # 23 hours old: still waiting


def test_purge_expires_before_the_cutoff_only_and_sweeps_finished_uploads(db_url):
    """At the cutoff itself an upload is kept (strictly older expires); a confirmed upload whose
    files were left behind (its process stopped before deleting them) is emptied too."""
    check_purge(db_url)


def test_purge_on_postgresql(pg_store_url):
    check_purge(pg_store_url)


def check_purge(url: str) -> None:
    store = Store(url)
    cutoff = "2026-11-01T10:00:00+00:00"
    with store.engine.begin() as conn:
        ids = []
        for created_at, status in [("2026-11-01T09:59:59+00:00", "previewed"), (cutoff, "previewed"),
                                   ("2026-10-01T00:00:00+00:00", "confirmed")]:
            upload_id = conn.execute(insert(pending_uploads).values(
                token=f"t-{created_at}-{status}", created_by="officer", created_at=created_at,
                options=uploads.Options().to_json(), base_load_id=3, status=status)).inserted_primary_key[0]
            conn.execute(insert(pending_files).values(upload_id=upload_id, kind="values", name="f.csv",
                                                      content=b"ref,period,value\n"))
            ids.append(upload_id)
    with store.engine.begin() as conn:
        assert uploads.purge(conn, cutoff) == 1
    store.engine.dispose()
    old, at_cutoff, finished = ids
    assert state(url) == ({old: "expired", at_cutoff: "previewed", finished: "confirmed"}, {at_cutoff: 1})


def test_stale_before_is_24_hours_earlier_in_the_stored_form():
    at = dt.datetime(2026, 11, 2, 11, 30, 15, 999, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert uploads.stale_before(at) == "2026-11-01T10:30:15+00:00"
