"""The app in a real browser (Debian's Chromium via Playwright), served by `kpiboard serve` on
loopback: sign in, filter the scorecard, open an indicator, draft, submit and approve commentary,
then download the monthly report with the commentary in it. Nothing is fetched from elsewhere."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

from webstore import PASSWORD
from test_cli_web import start_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WORDS = "Decisions within a day fell because of *two* vacancies & a new duty rota."


@pytest.fixture
def server(db_url):
    process, base = start_server(db_url)
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def sign_in(page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def test_sign_in_filter_drill_down_commentary_workflow_and_report(server, browser, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else elsewhere.append(r.url))

    sign_in(page, server, "alex")
    assert page.locator("h1").inner_text() == "Scorecard: October 2026"
    assert page.locator("tbody tr").count() == 4
    # Arrows are drawn once on the page and referred to by every row: each must find its drawing.
    widths = page.eval_on_selector_all("svg.dot use", "uses => uses.map(u => u.getBBox().width)")
    assert len(widths) == 4 and all(w > 0 for w in widths)
    page.get_by_label("Section").select_option("Contact and referral")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("tbody tr").count() == 2
    page.get_by_label("RAG").select_option("amber")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("tbody tr").count() == 1
    page.screenshot(path=tmp_path / "overview.png")

    page.get_by_role("link", name="Contacts with a decision within 1 working day").click()
    assert "CR2" in page.locator("h1").inner_text()
    assert page.locator("svg.trend circle.value").count() == 3  # Aug, Sep, Oct
    assert page.locator("table.months tbody tr").count() == 13
    page.get_by_role("link", name="Write or review commentary for October 2026").click()
    page.get_by_label("Commentary (Markdown)").fill(WORDS)
    page.get_by_role("button", name="Save draft").click()
    assert "Status: draft, version 1" in page.locator("p.state").inner_text()
    page.get_by_role("button", name="Submit for approval").click()
    assert "Status: submitted, version 2" in page.locator("p.state").inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, server, "officer")
    page.get_by_role("link", name="Commentary").first.click()
    page.get_by_role("link", name="CR2").click()
    page.get_by_role("button", name="Approve").click()
    assert "Status: approved, version 3" in page.locator("p.state").inner_text()

    page.get_by_role("link", name="Reports").click()
    page.get_by_label("Report").select_option("monthly")
    page.get_by_label("Format").select_option("html")
    with page.expect_download() as download:
        page.get_by_role("button", name="Generate and download").click()
    report = tmp_path / download.value.suggested_filename
    download.value.save_as(report)
    assert report.name == "monthly-report-2026-10.html"
    html = report.read_text(encoding="utf-8")
    assert "Decisions within a day fell because of <em>two</em> vacancies &amp; a new duty rota." in html
    assert elsewhere == []
    context.close()


def test_load_preview_confirm_and_the_pages_screen(server, browser, db_url, tmp_path):
    from test_pages_screen import load_page_figures

    load_page_figures(db_url)
    figures = tmp_path / "november.csv"
    figures.write_text("ref,period,value\nCR1,2026-10,130\nCR2,2026-11,88 of 100\n")
    context = browser.new_context()
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else elsewhere.append(r.url))

    sign_in(page, server, "officer")
    page.get_by_role("link", name="Data loads").click()
    page.get_by_label("Figures (CSV or XLSX)").set_input_files(str(figures))
    page.get_by_role("button", name="Upload and check").click()
    assert page.locator("h1").inner_text() == "Check before loading"
    assert "add 1 new, revise 1, leave 0 unchanged" in page.locator("tr.item").inner_text()
    assert page.locator("table.changes tbody tr").count() == 1
    page.screenshot(path=tmp_path / "preview.png")
    page.get_by_role("button", name="Confirm and load").click()
    assert "november.csv: load 5, 2 figures (1 new, 1 revised, 0 unchanged)" in page.locator("ul.load-result").inner_text()

    page.get_by_role("link", name="On a page").click()
    assert page.locator("h1").inner_text() == "Performance on a page: November 2026"
    page.get_by_label("Month").select_option("2026-10")
    page.get_by_role("button", name="Show").click()
    frame = page.frame_locator("iframe.report")
    assert frame.locator("h2").first.inner_text() == "Front door (MASH)"
    page.screenshot(path=tmp_path / "pages.png")
    assert elsewhere == []
    context.close()
