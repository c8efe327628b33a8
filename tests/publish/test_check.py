"""The publication checker (kpiboard.publish.check) on real written reports: the internal report
fails with every small count named; the published one passes; a hand edit, a child-level list or
a missing note fails; and the figures in a published file give no withheld count back.

Tests marked ``needs_wiring`` render the published model, which needs the renderers to know the
``c`` marker (the wiring edits to units.py, charts.py, xlsx.py, the templates and the CLI); they
need those edits (they are in).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from kpiboard.publish import NOTE, SUPPRESSED
from kpiboard.publish.check import check_published
from kpiboard.publish.suppress import suppress


def wired() -> bool:
    from kpiboard.render.html import environment
    from kpiboard.units import format_value

    return format_value(SUPPRESSED, "percent", 1) == "c" and "suppressed" in environment().tests


def cli_wired() -> bool:
    from kpiboard.cli import app

    return any(c.name == "check-published" for c in app.registered_commands)


needs_wiring = pytest.mark.usefixtures()  # the renderers show the marker (wired)


def render(model, out: Path) -> dict[str, Path]:
    from kpiboard.render.html import render_monthly
    from kpiboard.render.pdf import html_to_pdf
    from kpiboard.render.xlsx import render_xlsx

    out.mkdir(parents=True, exist_ok=True)
    html = render_monthly(model)
    files = {"html": out / "report.html", "pdf": out / "report.pdf", "xlsx": out / "report.xlsx"}
    files["html"].write_text(html, encoding="utf-8")
    files["pdf"].write_bytes(html_to_pdf(html))
    files["xlsx"].write_bytes(render_xlsx(model))
    return files


@pytest.fixture(scope="module")
def internal(module_fixture) -> dict[str, Path]:
    return render(module_fixture.report, module_fixture.dir / "internal")


@pytest.fixture(scope="module")
def public(module_fixture) -> dict[str, Path]:
    assert wired(), "the renderers must show the suppression marker"
    return render(suppress(module_fixture.report), module_fixture.dir / "public")


def mentions(problems: list[str], *parts: str) -> bool:
    return any(all(p in problem for p in parts) for problem in problems)


# ---- the internal report fails, naming each small count ----------------------------------------

def test_internal_html_fails_with_every_small_count_named(internal):
    problems = check_published(internal["html"])
    assert all(p.startswith("report.html: ") for p in problems)
    assert mentions(problems, "no suppression note")
    for where, number in [("LA3 Dec-25 (Number)", "2"), ("LA3 Jun-26 (Number)", "3"),
                          ("UA1 latest", "4"), ("UA1 2026-27 YTD", "4"),
                          ("UA1 rolling 12 months", "4"), ("UA1 2025-26", "5"),
                          ("CP5 Sep-26 (Of)", "3/4"), ("CP5 Jul-26 (Of)", "4/40"),
                          ("RT1 May-26 (Of)", "2/50,000"), ("AD3 Jul-26 (Number)", "1"),
                          ("LA3 chart", "2"), ("summary UA1 YTD", "4"),
                          ("summary AD3 Aug-26", "4"), ("CP5 commentary", "3 of 4")]:
        assert mentions(problems, f"{where}: {number} is a count from 1 to 5"), (where, problems)
    assert mentions(problems, "CP5 commentary", "'4 children'")
    # zero, large counts, percentages, rates, benchmarks and non-count indicators are not flagged
    assert not mentions(problems, "Aug-26 (Number)", "LA3")
    assert not any(re.search(r"WF2|Jan-26|Number\): (0|[6-9]|\d\d)", p) for p in problems)


def test_internal_pdf_fails(internal):
    problems = check_published(internal["pdf"])
    assert mentions(problems, "no suppression note")
    for number in ("2", "3"):   # LA3's December and June in the months row of its page
        assert mentions(problems, "in month:", f" {number} is a count")
    for where, number in [("latest", "4"), ("annual trend", "5"), ("rolling 12 months", "4")]:
        assert mentions(problems, where, f"{number} is a count")
    for pair in ("3/4", "4/40", "2/50,000", "3 of 4"):
        assert mentions(problems, f": {pair} is a count")
    assert not mentions(problems, "of 9")   # "Page 1 of 9" is not a numerator


def test_internal_xlsx_fails_naming_the_cell(internal):
    problems = check_published(internal["xlsx"])
    assert mentions(problems, "no suppression note")
    for where in ["sheet 'Looked-after children' D5 (LA3 value): 2",
                  "sheet 'Looked-after children' J5 (LA3 value): 3",
                  "sheet 'Child protection' M6 (CP5 numerator): 3",
                  "sheet 'Child protection' M7 (CP5 denominator): 4",
                  "sheet 'Summary' I7 (UA1 YTD): 4", "sheet 'Summary' F10 (AD3 Aug-26): 4"]:
        assert mentions(problems, where), where
    assert not mentions(problems, "CP5 value")       # percentages are not counts
    assert not mentions(problems, "WF2")


# ---- child-level data, other formats, the note ---------------------------------------------------

def test_child_level_lists_fail(tmp_path):
    csv = tmp_path / "exceptions.csv"
    csv.write_text("classification,la,child_id,dob,team\nRESTRICTED,999,C1,2015-01-01,A\n",
                   encoding="utf-8")
    problems = check_published(csv)
    assert mentions(problems, "not a publication format")
    assert mentions(problems, "child-level column 'child_id'")
    assert mentions(problems, "child-level column 'dob'") and mentions(problems, "RESTRICTED")

    html = tmp_path / "list.html"
    html.write_text(f"<p>{NOTE}</p><table><tr><th>Child ID</th><th>Team</th></tr>"
                    "<tr><td>C1</td><td>A</td></tr></table>", encoding="utf-8")
    assert check_published(html) == ["list.html: child-level column 'Child ID'"]

    book = openpyxl.Workbook()
    book.active.append([NOTE])
    book.active.append(["LAchildID", "Team"])
    book.save(tmp_path / "list.xlsx")
    assert check_published(tmp_path / "list.xlsx") == [
        "list.xlsx: sheet 'Sheet' A2: child-level column 'LAchildID'"]


def test_any_table_is_checked_when_it_is_not_our_report(tmp_path):
    page = tmp_path / "table.html"
    page.write_text(f"<p>{NOTE}</p><table><tr><td>3</td><td>0</td><td>12</td><td>c</td>"
                    "<td>7 of 40</td><td>2 of 40</td><td>±5 of 370</td><td>1/4/2026</td>"
                    "</tr></table>", encoding="utf-8")
    assert check_published(page) == [
        "table.html: table cell: 3 is a count from 1 to 5 and is not suppressed",
        "table.html: table cell: 2 of 40 is a count from 1 to 5 and is not suppressed"]


def test_the_note_is_required_and_other_formats_refused(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<p>Nothing here.</p>", encoding="utf-8")
    assert check_published(page) == [
        'empty.html: no suppression note ("counts from 1 to 5 are shown as c")']
    (tmp_path / "report.docx").write_bytes(b"")
    assert check_published(tmp_path / "report.docx") == [
        "report.docx: cannot check .docx files: only HTML, PDF and XLSX"]


# ---- the published report ------------------------------------------------------------------------

@needs_wiring
@pytest.mark.parametrize("kind", ["html", "pdf", "xlsx"])
def test_published_report_passes(public, kind):
    assert check_published(public[kind]) == []


@needs_wiring
def test_published_html_shows_c_and_the_note(public):
    html = public["html"].read_text(encoding="utf-8")
    assert html.count('<span class="supp"') >= 20
    assert '<p class="suppression-note">' in html
    assert "month: Jun-26; value: 3" not in html  # the chart has a gap, not a bar


@needs_wiring
def test_a_c_edited_back_to_its_number_is_caught(public, tmp_path):
    html = public["html"].read_text(encoding="utf-8")
    start = html.index('<span class="ref">LA3</span>')
    cell = html.index('<span class="supp"', start)
    end = html.index("</span>", cell) + len("</span>")
    edited = tmp_path / "edited.html"
    edited.write_text(html[:cell] + "2" + html[end:], encoding="utf-8")  # LA3 Dec-25 was c
    assert check_published(edited) == [
        "edited.html: LA3 Dec-25 (Number): 2 is a count from 1 to 5 and is not suppressed"]

    book = openpyxl.load_workbook(public["xlsx"])
    sheet = book["Child protection"]
    numerators = next(r for r in sheet.iter_rows() if r[0].value == "Numerator")
    cell = next(c for c in numerators if c.value == "c")
    cell.value = 3
    book.save(tmp_path / "edited.xlsx")
    assert check_published(tmp_path / "edited.xlsx") == [
        f"edited.xlsx: sheet 'Child protection' {cell.coordinate} (CP5 numerator): 3 is a count "
        "from 1 to 5 and is not suppressed"]


@needs_wiring
def test_published_workbook_gives_nothing_back(module_fixture, public):
    """From the published workbook's real numbers: YTD minus the months shown, and numerator
    from percentage times denominator, never give a withheld count."""
    book = openpyxl.load_workbook(public["xlsx"], data_only=True)
    summary = list(book["Summary"].iter_rows(values_only=True))
    header = next(r for r in summary if r and r[0] == "Ref")
    ytd = {r[0]: r[header.index("YTD")] for r in summary[summary.index(header) + 1:] if r[0]}
    truth = {p.indicator.ref: {c.month.label: c.figure for c in p.months}
             for p in module_fixture.report.pages}
    for sheet in (book[n] for n in book.sheetnames if n not in ("Summary", "Definitions",
                                                              "Sources")):
        rows = list(sheet.iter_rows(values_only=True))
        for i, row in enumerate(rows):
            if row[0] != "Value":
                continue
            ref = rows[i - 2][0].split("  ")[0]
            months = rows[i - 1][1:14]
            values, nums, dens = row[1:14], rows[i + 1][1:14], rows[i + 2][1:14]
            this_year = [j for j, m in enumerate(months) if _in_ytd(m)]
            hidden = [months[j] for j in this_year if values[j] == "c"]
            if _unit(book, ref) == "count" and _aggregation(book, ref) == "sum" and hidden:
                rest = sum(values[j] for j in this_year if values[j] != "c")
                assert len(hidden) >= 2, (ref, hidden)
                for m in hidden:
                    assert ytd[ref] - rest != truth[ref][m].value, (ref, m)
            for v, n, d in zip(values, nums, dens):
                if isinstance(v, (int, float)) and isinstance(d, (int, float)) and \
                        _unit(book, ref) in ("percent", "rate_per_10k"):
                    assert isinstance(n, (int, float))  # shown anyway: nothing new
                if n == "c":
                    assert v == "c"


def _in_ytd(label: str) -> bool:
    """April to October 2026: the year to date of the October 2026 report."""
    return label[:3] in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct") and label.endswith("-26")


def _definitions(book) -> dict[str, dict]:
    rows = list(book["Definitions"].iter_rows(values_only=True))
    return {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}


def _unit(book, ref: str) -> str:
    return _definitions(book)[ref]["Unit"]


def _aggregation(book, ref: str) -> str:
    return _definitions(book)[ref]["Aggregation"]


# ---- the command line ----------------------------------------------------------------------------

def test_report_publish_and_check_published_commands(module_fixture, internal, cli, tmp_path):
    db = str(module_fixture.dir / "kpi.db")
    done = cli("report", "--period", "2026-10", "--out", tmp_path, "--format", "html,pdf,xlsx",
               "--publish", "--db", db)
    assert done.returncode == 0, done.stderr
    written = sorted(tmp_path.glob("monthly-report-2026-10-published.*"))
    assert [p.suffix for p in written] == [".html", ".pdf", ".xlsx"]
    ok = cli("check-published", *written)
    assert ok.returncode == 0 and ok.stdout.count("ok ") == 3, ok.stderr
    bad = cli("check-published", internal["html"], internal["xlsx"])
    assert bad.returncode == 1
    assert "LA3 Dec-25 (Number): 2 is a count from 1 to 5" in bad.stderr
    assert "no suppression note" in bad.stderr and "Traceback" not in bad.stderr
    plan = cli("report", "--period", "2026-10", "--out", tmp_path, "--kind", "plan",
               "--publish", "--db", db)  # every kind has a published version, checked as written
    assert plan.returncode == 0, plan.stderr
    assert (tmp_path / "plan-tracker-2026-10-published.html").exists()
