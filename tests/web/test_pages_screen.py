"""Performance on a page in the app: the report's own model and template, framed, with a policy
that lets only its inline styles apply; and the admin form that changes a role or disables a user."""

from __future__ import annotations

import datetime as dt

from kpiboard.measures.pages import PageFigure
from kpiboard.model.pages import build_pages
from kpiboard.periods import Month
from kpiboard.render.html import render_pages
from kpiboard.store import LoadBatch, Store
from kpiboard.store.db import LoadItem

from test_auth import audit_rows
from webstore import PASSWORD, sign_in

OCTOBER = Month(2026, 10)
FIGURES = [PageFigure("contacts", OCTOBER, "month", "", "", None, None, 412.0),
           PageFigure("contacts", OCTOBER, "ytd", "", "", None, None, 2875.0),
           PageFigure("referrals", OCTOBER, "month", "", "", None, None, 97.0)]


def load_page_figures(db_url: str) -> None:
    Store(db_url).load(LoadBatch([LoadItem("breakdowns", "records", "f" * 64, FIGURES)]))


def test_pages_screen_frames_the_report_rendered_by_the_report_code(login, db_url):
    viewer = login("viewer")
    assert "No child-level records are loaded for October 2026" in viewer.get("/pages").text
    load_page_figures(db_url)
    screen = viewer.get("/pages")
    assert '<iframe class="report"' in screen.text and 'src="/pages/report?period=2026-10"' in screen.text
    report = viewer.get("/pages/report?period=2026-10")
    assert report.status_code == 200
    expected = render_pages(build_pages(FIGURES, OCTOBER, "Testshire", dt.date.today()))
    assert report.text == expected  # the report's own rendering, not a copy of it
    assert "2,875" in report.text
    policy = report.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "script" not in policy
    assert report.headers["x-frame-options"] == "SAMEORIGIN"
    assert viewer.get("/").headers["x-frame-options"] == "DENY"  # every other page stays unframeable


def test_admin_changes_a_role_and_disables_a_user_through_the_form(login, app, db_url):
    from fastapi.testclient import TestClient

    admin = login("admin")
    page = admin.get("/admin/users").text
    assert 'action="/admin/users/viewer"' in page
    changed = admin.post("/admin/users/viewer", data={"csrf_token": admin.csrf, "role": "manager",
                                                      "team": "North", "active": "1"})
    assert changed.status_code == 303
    assert 'value="North" aria-label="team of viewer"' in admin.get("/admin/users").text
    refused = admin.post("/admin/users/bea", data={"csrf_token": admin.csrf, "role": "manager", "active": "1"})
    assert refused.status_code == 400 and "needs a team" in refused.text
    disabled = admin.post("/admin/users/bea", data={"csrf_token": admin.csrf, "role": "owner"})
    assert disabled.status_code == 303
    with TestClient(app, follow_redirects=False) as client:
        assert sign_in(client, "bea", PASSWORD).status_code == 401
    details = [d for _, a, d in audit_rows(db_url) if a == "user_changed"]
    assert details == ["viewer: role manager of team North, active", "bea: role owner, disabled"]
