"""The monthly report's contents lists each section's benchmarking page, right after the
section, with a working in-document link: in the HTML (an anchor that exists) and in the PDF
(a link to the page that carries the benchmarking title). Camden (202) with DfE's published
tables, as in test_benchmarking_page.py; the middle section has no published neighbours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kpiboard.reporting import build_report

from camden_store import PERIOD, load_camden


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("contents")
    db = load_camden(tmp)
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
