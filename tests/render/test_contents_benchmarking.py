"""The monthly report's contents lists each section's benchmarking page, right after the
section, with a working in-document link: in the HTML (an anchor that exists) and in the PDF
(a link to the page that carries the benchmarking title). Camden (202) with DfE's published
tables, as in test_benchmarking_page.py; the middle section has no published neighbours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from kpiboard.cli import app
from kpiboard.periods import Month
from kpiboard.reporting import build_report

DFE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dfe"
PERIOD = Month.parse("2024-03")

CATALOGUE = """\
la: {code: "202", name: London Borough of Camden}
sections: [Front door, Other, Child protection]
indicators:
  - ref: CR5
    title: Re-referrals within 12 months
    section: Front door
    polarity: lower
    unit: percent
    aggregation: ratio
    source: {measure: rereferrals_12m_pct}
  - ref: X1
    title: Typed in by hand
    section: Other
    polarity: higher
    unit: percent
    aggregation: ratio
  - ref: CP5
    title: Open plans lasting 2 years or more
    section: Child protection
    polarity: lower
    unit: percent
    aggregation: ratio
    source: {measure: cpp_open_2y_plus_pct}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("contents")
    (tmp / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    rows = ["ref,period,value,numerator,denominator"]
    for m in PERIOD.months_back(3):
        rows += [f"CR5,{m},18.0,36,200", f"X1,{m},80.0,40,50", f"CP5,{m},5.0,2,40"]
    (tmp / "values.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = str(tmp / "store.db")
    done = CliRunner().invoke(app, ["load", "--catalogue", str(tmp / "catalogue.yaml"), "--values",
                                    str(tmp / "values.csv"), "--dfe", str(DFE), "--db", db])
    assert done.exit_code == 0, done.output
    html, pdf = build_report(db, "monthly", PERIOD, tmp, formats=("html", "pdf"), record=False)
    return {"html": html, "pdf": pdf}


def _contents(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('<nav class="contents">'):html.index("</nav>")]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)


def test_contents_lists_each_benchmarking_page_after_its_section(built):
    entries = _contents(built["html"].read_text(encoding="utf-8"))
    assert entries == [
        ("summary", "Performance summary"),
        ("section-1", "Front door"),
        ("benchmarking-1", "Benchmarking – Front door"),
        ("section-2", "Other"),                      # no published neighbours: no page, no entry
        ("section-3", "Child protection"),
        ("benchmarking-3", "Benchmarking – Child protection"),
        ("sources", "Data sources"),
    ]


def test_every_contents_link_has_its_target(built):
    html = built["html"].read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert {target for target, _ in _contents(html)} <= ids
    # the entry counts the page's charts, as a section's entry counts its indicators
    nav = html[html.index('<nav class="contents">'):html.index("</nav>")]
    assert re.search(r'Benchmarking – Child protection</a> <span>\(1\)</span>', nav)


def test_pdf_contents_links_go_to_the_benchmarking_pages(built):
    reader = PdfReader(built["pdf"])
    links = [a.get_object()["/Dest"] for a in reader.pages[0].get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    assert "benchmarking-1" in links and "benchmarking-3" in links
    named = reader.named_destinations
    for target, title in (("benchmarking-1", "Benchmarking – Front door"),
                          ("benchmarking-3", "Benchmarking – Child protection")):
        page = reader.get_destination_page_number(named[target])
        assert page > 0 and title in reader.pages[page].extract_text()
    # and the cover's contents names them, as printed
    cover = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "Benchmarking – Front door" in cover and "Benchmarking – Child protection" in cover
