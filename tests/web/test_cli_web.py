"""`kpiboard users` and `kpiboard serve`, run as a user runs them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_users_add_reads_the_password_from_stdin_and_list_shows_them(cli, tmp_path):
    run_cli = cli
    db = tmp_path / "u.db"
    done = run_cli("users", "add", "ada", "--role", "admin", "--full-name", "Ada Lovelace", "--db", db,
                   input="a good password\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "added ada as admin"
    listed = run_cli("users", "list", "--db", db)
    assert listed.stdout.splitlines() == ["name,role,full_name,active,team", "ada,admin,Ada Lovelace,yes,"]
    again = run_cli("users", "add", "ada", "--role", "viewer", "--db", db, input="another password\n")
    assert again.returncode == 1 and "user 'ada' already exists" in again.stderr
    short = run_cli("users", "add", "bob", "--role", "viewer", "--db", db, input="short\n")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    bad = run_cli("users", "add", "bob", "--role", "boss", "--db", db, input="a good password\n")
    assert bad.returncode == 1 and "role 'boss' is not one of admin, officer, owner, manager, viewer" in bad.stderr


def start_server(db_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kpiboard", "serve", "--port", str(port),
                               "--db", db_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/login", timeout=1)
            return server, base
        except httpx.TransportError:
            if server.poll() is not None:
                raise AssertionError(server.stderr.read())
            time.sleep(0.2)
    server.kill()
    raise AssertionError("kpiboard serve did not start")


def test_serve_answers_on_loopback(db_url):
    server, base = start_server(db_url)
    try:
        page = httpx.get(base + "/", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        assert "Sign in" in httpx.get(base + "/login").text
        assert httpx.get(base + "/static/web.css").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
