"""The demo report in a real browser (Debian's Chromium via Playwright) with the network blocked."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_report_opens_offline_with_no_requests_outside_the_file(demo, browser, tmp_path):
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(demo.report.as_uri())
    assert page.title().startswith("Children's Services Monthly Performance Report")
    assert [u for u in requests if not u.startswith("file:")] == []
    assert page.locator("table.summary-table tbody tr").count() > 40
    assert page.locator("figure.chart svg").count() == page.locator("article.indicator").count()
    page.get_by_role("link", name="Child protection").click()
    assert page.url.endswith("#section-5")
    page.screenshot(path=tmp_path / "report.png", full_page=False)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    context.close()
