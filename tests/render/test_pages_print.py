"""Performance on a page in print (the demo's PDF): one A4 landscape page per service, and the
breakdown figures printed by the charts, since the breakdown tables are screen-only (printed,
they push three services onto a second page: see the note in pages.html.j2)."""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter

import pytest
from pypdf import PdfReader

from kpiboard.measures.pages import page_specs


@pytest.fixture(scope="module")
def printed(demo) -> tuple[list[str], list[str]]:
    """Each service's HTML section, and the text of each PDF page."""
    html = (demo.out / "performance-on-a-page-2026-10.html").read_text(encoding="utf-8")
    reader = PdfReader(demo.out / "performance-on-a-page-2026-10.pdf")
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == (842, 595)  # A4 landscape, in points
    return html.split('<section class="pop">')[1:], [p.extract_text() for p in reader.pages]


def test_one_page_per_service(printed):
    sections, pages = printed
    titles = [p["title"] for p in page_specs()]
    assert len(sections) == len(pages) == len(titles) == 9
    for i, (title, text) in enumerate(zip(titles, pages), start=1):
        assert title in text, title
        assert f"Page {i} of 9" in text


def _table_cells(section: str) -> list[list[str]]:
    """The breakdown tables' rows as shown on screen (group, YTD, month), without the
    numerator and denominator under a percentage."""
    rows = []
    for table in re.findall(r"<details>.*?</details>", section, re.S):
        for tr in re.findall(r"<tr><td>(.*?)</td></tr>", table, re.S):
            cells = [re.sub(r'<span class="parts">.*?</span>', "", c)
                     for c in tr.split("</td><td>")]
            rows.append([htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_the_charts_print_every_breakdown_figure(printed):
    sections, pages = printed
    checked = 0
    for section, text in zip(sections, pages):
        rows = _table_cells(section)
        have = Counter(text.split())
        # every YTD and month figure of every group, as often as the tables show it
        need = Counter(v for r in rows for v in r[1:] if v != "–")
        assert not need - have, (text.split("\n")[0], need - have)
        for group, *_ in rows:
            assert group in text, group
        checked += len(rows)
    assert checked > 100  # the demo's breakdowns: teams, ages, genders, ethnicities, ...
