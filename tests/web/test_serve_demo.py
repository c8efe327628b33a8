"""`kpiboard serve --demo`, run as a user runs it: it builds the demo LA, prints one user of each
role with a password, and serves the demo's scorecard, whose indicator pages show breakdowns.

Building the demo's store takes about a minute (synthetic records for 6,000 children; the app
makes reports on demand), so the wait is long but bounded. Everything it writes goes to a temporary folder (TMPDIR and HOME point into the test's
own), never into the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from kpiboard.demo.run import PERIOD
from kpiboard.measures.pages import page_specs
from kpiboard.store import Store

from test_cli_web import free_port
from webstore import csrf_of

START_LIMIT = 480  # seconds; the store took about 50 on two quiet cores
USER_LINE = re.compile(r"^\s+(\w+) / (\S+) / (\w+)", re.M)


def wait_until_serving(server: subprocess.Popen, log: Path, base: str) -> str:
    """The server's stdout once it answers; fails with its output if it exits or takes too long."""
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve --demo exited {server.returncode}:\n{log.read_text()}")
        if "serving on" in log.read_text():
            try:
                httpx.get(base + "/login", timeout=2)
                return log.read_text()
            except httpx.TransportError:
                pass
        time.sleep(1)
    raise AssertionError(f"serve --demo did not start in {START_LIMIT} s:\n{log.read_text()}")


def signed_in(base: str, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    form = client.get("/login")
    done = client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": csrf_of(form.text), "next": "/"})
    assert done.status_code == 303, f"{name} could not sign in with the printed password"
    return client


def test_serve_demo_prints_users_who_sign_in_and_see_the_demo_with_breakdowns(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_path), "HOME": str(home)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log, errors = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with log.open("w") as out, errors.open("w") as err:
        server = subprocess.Popen([sys.executable, "-m", "kpiboard", "serve", "--demo", "--host", "127.0.0.1",
                                   "--port", str(port), "--workers", "1"],
                                  stdout=out, stderr=err, cwd=tmp_path, env=env, text=True)
    clients = []
    try:
        printed = wait_until_serving(server, log, base)
        users = {name: (password, role) for name, password, role in USER_LINE.findall(printed)}
        assert {n: r for n, (_, r) in users.items()} == {
            "admin": "admin", "officer": "officer", "owner": "owner", "viewer": "viewer"}
        clients = [signed_in(base, name, password) for name, (password, _) in users.items()]
        viewer = clients[-1]

        [db] = tmp_path.glob("kpiboard-serve-demo-*/kpiboard-demo.db")  # in TMPDIR, not the repo
        catalogue = Store(str(db)).catalogue()
        overview = viewer.get("/")
        assert overview.status_code == 200
        listed = set(re.findall(r'href="/indicator/([^"?&]+)', overview.text))
        assert listed == {i.ref for i in catalogue.indicators}

        broken_down = {p["breakdown"]["measure"] for p in page_specs() if p.get("breakdown")}
        ind = next(i for i in catalogue.indicators  # a count, so its groups add up
                   if i.source and i.source.measure in broken_down and i.unit == "count")
        page = viewer.get(f"/indicator/{ind.ref}")
        assert page.status_code == 200
        section = page.text.split("<h2>Breakdowns</h2>", 1)[1].split("<h2>Benchmarks</h2>", 1)[0]
        assert '<table class="breakdown">' in section and "by team</caption>" in section
        # Every child is in one team ("Not recorded" included), so the teams add up to the month.
        team = section.split("by team</caption>", 1)[1].split("</table>", 1)[0]
        month_values = [float(v.replace(",", "")) for v in
                        re.findall(r'<tr><td>[^<]*</td>\s*<td class="num">([\d,.]+)</td>', team)]
        shown = re.search(rf"<dt>{PERIOD.long_label}</dt><dd>([\d,.]+)</dd>", page.text).group(1)
        assert month_values and sum(month_values) == float(shown.replace(",", ""))

        # The demo's child-level records gave the officer RESTRICTED exception lists, as a load does.
        officer = clients[list(users).index("officer")]
        lists = officer.get("/exceptions")
        assert lists.status_code == 200 and "RESTRICTED" in lists.text
        counts = {m: int(n) for m, n in re.findall(
            r'href="/exceptions/([a-z0-9_]+)">[^<]*</a></td><td class="num">(\d+)</td>', lists.text)}
        measure = max(counts, key=counts.get)
        assert counts[measure] > 0, counts
        rows = officer.get(f"/exceptions/{measure}")
        assert rows.status_code == 200 and rows.text.count("<tr><td>") == counts[measure]
        assert viewer.get("/exceptions").status_code == 403  # a viewer never sees child-level rows
    finally:
        for client in clients:
            client.close()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
