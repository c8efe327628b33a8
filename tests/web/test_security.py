"""CSRF, roles and script injection: rejected or escaped, and audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_auth import audit_rows

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_post_without_csrf_token_is_refused_and_audited(login, db_url):
    client = login("alex")
    response = client.post("/commentary/CR1/2026-10", data={"action": "save", "version": 0, "text": "Hi"})
    assert response.status_code == 403
    wrong = client.post("/commentary/CR1/2026-10",
                        data={"action": "save", "version": 0, "text": "Hi", "csrf_token": "forged"})
    assert wrong.status_code == 403
    rows = audit_rows(db_url)
    assert rows.count(("alex", "csrf_rejected", "POST /commentary/CR1/2026-10")) == 2
    assert not any(a == "commentary_save" for _, a, _ in rows)


def test_another_sessions_csrf_token_does_not_work(login):
    alex, bea = login("alex"), login("bea")
    response = alex.post("/commentary/CR1/2026-10",
                         data={"action": "save", "version": 0, "text": "Hi", "csrf_token": bea.csrf})
    assert response.status_code == 403


def test_post_without_a_session_is_refused_and_audited(app, db_url):
    response = TestClient(app).post("/reports", data={"kind": "monthly"})
    assert response.status_code == 401
    assert (None, "forbidden", "POST /reports without a session") in audit_rows(db_url)


def test_roles(login, db_url):
    viewer, alex, officer = login("viewer"), login("alex"), login("officer")
    assert viewer.get("/admin/users").status_code == 403
    assert officer.get("/admin/audit").status_code == 403
    # a viewer cannot write commentary; an owner cannot write someone else's or approve
    assert viewer.post("/commentary/CR1/2026-10", data={"action": "save", "version": 0, "text": "x",
                                                         "csrf_token": viewer.csrf}).status_code == 403
    assert alex.post("/commentary/CP1/2026-10", data={"action": "save", "version": 0, "text": "x",
                                                       "csrf_token": alex.csrf}).status_code == 403
    assert alex.post("/commentary/CR1/2026-10", data={"action": "save", "version": 0, "text": "x",
                                                       "csrf_token": alex.csrf}).status_code == 303
    assert alex.post("/commentary/CR1/2026-10", data={"action": "submit", "version": 1,
                                                       "csrf_token": alex.csrf}).status_code == 303
    assert alex.post("/commentary/CR1/2026-10", data={"action": "approve", "version": 2,
                                                       "csrf_token": alex.csrf}).status_code == 403
    assert viewer.post("/admin/users", data={"name": "eve", "role": "admin", "password": "12345678",
                                              "csrf_token": viewer.csrf}).status_code == 403
    forbidden = [(u, d) for u, a, d in audit_rows(db_url) if a == "forbidden"]
    assert ("viewer", "GET /admin/users needs admin") in forbidden
    assert ("alex", "commentary save CP1 2026-10") in forbidden
    assert ("alex", "commentary approve CR1 2026-10") in forbidden
    assert len(forbidden) == 6


def test_admin_adds_a_user_who_can_sign_in(login, app):
    admin = login("admin")
    response = admin.post("/admin/users", data={"name": "carol", "role": "viewer", "full_name": "Carol",
                                                "password": "a long password", "csrf_token": admin.csrf})
    assert response.status_code == 303
    assert "carol" in admin.get("/admin/users").text
    assert login("carol", "a long password").get("/").status_code == 200


def test_script_in_commentary_and_names_is_escaped_everywhere(login, db_url):
    alex, officer, admin = login("alex"), login("officer"), login("admin")
    alex.post("/commentary/CR1/2026-10", data={"action": "save", "version": 0, "text": SCRIPT,
                                               "csrf_token": alex.csrf})
    alex.post("/commentary/CR1/2026-10", data={"action": "submit", "version": 1, "csrf_token": alex.csrf})
    officer.post("/commentary/CR1/2026-10", data={"action": "return", "version": 2, "reason": SCRIPT,
                                                  "csrf_token": officer.csrf})
    admin.post("/admin/users", data={"name": SCRIPT[:60], "role": "viewer", "full_name": SCRIPT,
                                     "password": "a long password", "csrf_token": admin.csrf})
    pages = [alex.get("/commentary/CR1/2026-10").text, alex.get("/indicator/CR1?period=2026-10").text,
             admin.get("/admin/users").text, admin.get("/admin/audit").text]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[0]
    assert "&lt;script&gt;" in pages[2]
    csp = alex.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
