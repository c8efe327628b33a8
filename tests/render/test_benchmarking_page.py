"""The monthly report's benchmarking pages: after each section with published neighbour values
(``kpiboard load --dfe``), the LA against its 10 statistical neighbours, one chart per
indicator; the HTML and the PDF read back. Figures as in tests/test_load_dfe.py (Camden,
re-referrals 2023-24: 18.6%, SN 2021 mean 17.7%, England 22.4%)."""

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
NEIGHBOURS = ["Westminster", "Hammersmith and Fulham", "Kensington and Chelsea", "Islington",
              "Wandsworth", "Manchester", "Greenwich", "Reading", "Haringey", "Barnet"]

CATALOGUE = """\
la: {code: "202", name: London Borough of Camden}
sections: [Front door, Other]
indicators:
  - ref: CR3
    title: Referrals to children's social care
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {measure: referrals}
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
"""


def _values() -> str:
    rows = ["ref,period,value,numerator,denominator"]
    for m in PERIOD.months_back(3):
        rows += [f"CR3,{m},190,,", f"CR5,{m},18.0,36,200", f"X1,{m},80.0,40,50"]
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("bench")
    (tmp / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp / "values.csv").write_text(_values(), encoding="utf-8")
    db = str(tmp / "store.db")
    done = CliRunner().invoke(app, ["load", "--catalogue", str(tmp / "catalogue.yaml"), "--values",
                                    str(tmp / "values.csv"), "--dfe", str(DFE), "--db", db])
    assert done.exit_code == 0, done.output
    html, pdf = build_report(db, "monthly", PERIOD, tmp, formats=("html", "pdf"), record=False)
    published = build_report(db, "monthly", PERIOD, tmp, formats=("html",), publish=True)[0]
    return {"html": html, "pdf": pdf, "published": published}


def _page(html: str, section_no: int) -> str:
    m = re.search(rf'<section class="section benchmarking" id="benchmarking-{section_no}">'
                  r'(.*?)</section>', html, re.S)
    assert m, f"no benchmarking page after section {section_no}"
    return m.group(1)


def test_benchmarking_page_after_the_section_with_neighbour_values(built):
    html = built["html"].read_text(encoding="utf-8")
    page = _page(html, 1)
    assert "Benchmarking – Front door" in page
    # after the section's indicator pages, before the next section
    assert html.index('id="section-1"') < html.index('id="benchmarking-1"') < html.index('id="section-2"')
    assert 'id="benchmarking-2"' not in html          # "Other" has no published neighbours
    assert page.count("<svg") == 2                      # CR3 and CR5, inline
    assert "http" not in re.sub(r'xmlns(:\w+)?="[^"]+"', "", page)  # nothing fetched


def test_chart_names_the_la_its_neighbours_england_and_sn_mean(built):
    page = _page(built["html"].read_text(encoding="utf-8"), 1)
    cr5 = page[page.index('id="bench-1-CR5"'):]
    svg = cr5[cr5.index("<svg"):cr5.index("</svg>")]
    for name in ["Camden", *NEIGHBOURS]:
        assert f">{name}</text>" in svg, name
    for label in ("18.6%", "12.9%", "England 22.4%", "SN mean 17.7%"):
        assert f">{label}</text>" in svg, label
    assert "2023-24 · statistical neighbours: 2021 model" in cr5
    assert "Lower is better: a shorter bar is better." in cr5
    assert "Source: DfE CIN census 2023-24 (derived from counts), SN 2021." in cr5
    # a count: England's figure is the national total, said rather than drawn
    cr3 = page[page.index('id="bench-1-CR3"'):page.index('id="bench-1-CR5"')]
    assert "England total 621,880 (not drawn: a national total)" in cr3
    assert ">England " not in cr3[cr3.index("<svg"):cr3.index("</svg>")]


def test_chart_ids_are_unique_across_the_report(built):
    ids = re.findall(r'\bid="([^"]+)"', built["html"].read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids))


def test_benchmark_columns_filled_from_the_published_tables(built):
    html = built["html"].read_text(encoding="utf-8")
    summary = html[html.index('id="summary"'):html.index('id="section-1"')]
    row = summary[summary.index(">CR5</a>"):]
    row = row[:row.index("</tr>")]
    assert [c for c in re.findall(r">([\d.]+%?)<", row)][-4:] == ["17.7%", "12.9%", "22.4%", "17.7%"]
    assert "Latest benchmarking (2023-24)" in html


def test_publication_mode_shows_published_figures_as_given(built):
    page = _page(built["published"].read_text(encoding="utf-8"), 1)
    assert ">18.6%</text>" in page and ">Camden</text>" in page
    assert "Publication mode leaves them as given" in page


def test_pdf_shows_the_benchmarking_page_on_a4_landscape(built):
    reader = PdfReader(built["pdf"])
    pages = [(p, p.extract_text()) for p in reader.pages]
    # the page itself, not the contents that lists it
    found = [(p, text) for p, text in pages
             if "Benchmarking – Front door" in text and "Contents" not in text]
    assert len(found) == 1
    page, text = found[0]
    assert all(name in text for name in ("Camden", "Westminster", "Barnet"))
    assert "England 22.4%" in text and "SN mean 17.7%" in text
    assert "statistical neighbours: 2021 model" in text
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
