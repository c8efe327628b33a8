"""Signing in: argon2 hashes, cookie flags, session rotation, rate limiting, audit."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from kpiboard.store import Store
from kpiboard.store.web_tables import audit_log, sessions, users
from kpiboard.web import create_app

from webstore import PASSWORD, csrf_of, sign_in


def audit_rows(db_url: str) -> list[tuple]:
    with Store(db_url).engine.connect() as conn:
        return [(r.user_name, r.action, r.detail) for r in conn.execute(select(audit_log).order_by(audit_log.c.id))]


def test_passwords_are_stored_as_argon2id_hashes(db_url):
    with Store(db_url).engine.connect() as conn:
        hashes = conn.execute(select(users.c.password_hash)).scalars().all()
    assert len(hashes) == 5 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_pages_need_a_session(app):
    client = TestClient(app)
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2F"


def test_login_sets_an_httponly_samesite_cookie_and_audits(app, db_url):
    client = TestClient(app)
    response = sign_in(client, "alex")
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("kpiboard_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert ("alex", "login", "role owner") in audit_rows(db_url)
    assert client.get("/").status_code == 200


def test_secure_flag_when_configured(db_url):
    client = TestClient(create_app(db_url, secure_cookies=True), base_url="https://testserver")
    cookie = next(c for c in sign_in(client, "alex").headers.get_list("set-cookie")
                  if c.startswith("kpiboard_session="))
    assert "Secure" in cookie


def test_login_rotates_the_session(app, db_url):
    client = TestClient(app)
    sign_in(client, "alex")
    first = client.cookies["kpiboard_session"]
    sign_in(client, "bea")
    second = client.cookies["kpiboard_session"]
    assert first != second
    with Store(db_url).engine.connect() as conn:
        assert len(conn.execute(select(sessions)).all()) == 1  # the planted/old one is gone
    stale = TestClient(app, cookies={"kpiboard_session": first})
    assert stale.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_is_refused_and_audited(app, db_url):
    client = TestClient(app)
    response = sign_in(client, "alex", "wrong password")
    assert response.status_code == 401 and "do not match" in response.text
    assert (None, "login_failed", "'alex'") in audit_rows(db_url)
    assert sign_in(client, "nobody", "whatever1").status_code == 401


def test_five_failures_block_the_name_from_that_address(app, db_url):
    client = TestClient(app)
    for _ in range(5):
        assert sign_in(client, "bea", "guess guess").status_code == 401
    blocked = sign_in(client, "bea")  # even the right password, while blocked
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.text
    assert any(a == "login_blocked" for _, a, _ in audit_rows(db_url))
    assert sign_in(client, "alex").status_code == 303  # another name is not blocked


def test_login_form_without_its_csrf_token_is_refused(app, db_url):
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"name": "alex", "password": PASSWORD, "csrf_token": "x"},
                           follow_redirects=False)
    assert response.status_code == 403
    assert any(a == "csrf_rejected" for _, a, _ in audit_rows(db_url))


def test_logout_ends_the_session(login, app):
    client = login("alex")
    token = client.cookies["kpiboard_session"]
    assert client.post("/logout", data={"csrf_token": client.csrf}, follow_redirects=False).status_code == 303
    assert TestClient(app, cookies={"kpiboard_session": token}).get("/", follow_redirects=False).status_code == 303


def test_next_never_redirects_off_site(app):
    client = TestClient(app)
    page = client.get("/login?next=//evil.example/")
    response = client.post("/login", data={"name": "alex", "password": PASSWORD, "next": "//evil.example/",
                                           "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.headers["location"] == "/"
