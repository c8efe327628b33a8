"""Performance on a page from a small hand-built dataset: the UASC page's figures, the charts on
every page (inline SVG, nothing external), and withheld figures left out of the charts.

Period October 2024 (months Aug-24, Sep-24, Oct-24; year to date from 1 April 2024). The
periods of care are read as a complete history (SSDA903 style), so every month has a value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser

import pyarrow as pa
import pytest

from kpiboard.measures.engine import Engine
from kpiboard.measures.pages import page_figures
from kpiboard.model.pages import Bands, Cell, build_pages
from kpiboard.periods import Month
from kpiboard.publish import SUPPRESSED
from kpiboard.records.schema import Dataset, table_from_rows
from kpiboard.render.charts import to_svg
from kpiboard.render.html import render_pages
from kpiboard.render.page_charts import bands_chart, breakdown_chart, trend_chart

D = dt.date
OCT24 = Month(2024, 10)
UASC = "Unaccompanied asylum-seeking children (UASC)"
PERSON = dict(la="999", extract_date=D(2024, 10, 31), team="UASC Team", worker="W1",
              ethnicity="OOTH", disability=False)

# a: UASC, 16 on 31 Oct, looked after since 1 May 2024 (U4)
# b: UASC, 15 on 31 Oct, started 10 Oct 2024 (H5)
# c: not UASC, looked after since 2020
# d: UASC, 5 Aug - 20 Sep 2024
# At 31 Aug: a, c, d looked after, a and d UASC; at 30 Sep: a, c (d left on 20 Sep); at 31 Oct:
# a, b, c. Population 2,000 -> rate = UASC / 2,000 x 10,000.
CLA = [dict(child_id="a", gender="Male", dob=D(2008, 3, 1), start_date=D(2024, 5, 1), uasc=True,
            placement_type="U4"),
       dict(child_id="b", gender="Male", dob=D(2009, 6, 1), start_date=D(2024, 10, 10), uasc=True,
            placement_type="H5"),
       dict(child_id="c", gender="Female", dob=D(2012, 1, 1), start_date=D(2020, 1, 1), uasc=False,
            placement_type="U1"),
       dict(child_id="d", gender="Male", dob=D(2008, 9, 1), start_date=D(2024, 8, 5),
            end_date=D(2024, 9, 20), uasc=True, placement_type="U4")]


@pytest.fixture(scope="module")
def figures():
    ds = Dataset(history={"cla"})
    ds.add("cla", table_from_rows("cla", [{**PERSON, **row} for row in CLA]))
    ds.population = pa.table({"la": pa.array(["999"]), "year": pa.array([2024], pa.int32()),
                              "population": pa.array([2000], pa.int64())})
    engine = Engine("duckdb")
    try:
        engine.load(ds)
        return page_figures(engine, OCT24)
    finally:
        engine.close()


@pytest.fixture(scope="module")
def html(figures):
    return render_pages(_report(figures))


def _report(figures):
    return build_pages(figures, OCT24, "Test LA", D(2024, 11, 5))


def _page(report, title):
    return next(p for p in report.pages if p.title == title)


def test_uasc_page_figures(figures):
    page = _page(_report(figures), UASC)
    got = {r.spec.id: (r.ytd.value, [c.value for c in r.months]) for r in page.rows}
    assert got["uasc_number"] == (2, [2, 1, 2])
    assert got["uasc_started"] == (3, [1, 0, 1])           # a (May), d (Aug), b (Oct)
    ytd, months = got["uasc_cla_pct"]
    assert ytd == pytest.approx(200 / 3) and months == pytest.approx([200 / 3, 50.0, 200 / 3])
    ytd, months = got["uasc_rate_per_10k"]
    assert ytd == pytest.approx(10.0) and months == pytest.approx([10.0, 5.0, 10.0])


def test_uasc_breakdowns(figures):
    page = _page(_report(figures), UASC)
    by = {b.dimension: {r.group: r.ytd.value for r in b.rows} for b in page.breakdowns}
    assert by["age_band"] == {"10-15": 1, "16+": 1}
    assert by["gender"] == {"Male": 2}
    assert by["placement_type"] == {"H5": 1, "U4": 1}
    assert [b.dimension for b in page.breakdowns] == ["placement_type", "team", "age_band",
                                                      "gender", "ethnicity"]


def test_uasc_page_in_the_html(html):
    section = _sections(html)[UASC]
    for text in ("Unaccompanied asylum-seeking children looked after", "66.7%", "2 of 3", "10.0",
                 "2 of 2,000", "by placement type"):
        assert text in section, text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.urls += [v for k, v in attrs if k in {"src", "href", "xlink:href", "data"} and v]


def _sections(html: str) -> dict[str, str]:
    parts = html.split('<section class="pop">')[1:]
    return {re.search(r"<h2>(.*?)</h2>", p).group(1).replace("&#39;", "'"): p for p in parts}


def test_every_page_has_its_charts_inline(figures, html):
    report = _report(figures)
    sections = _sections(html)
    assert set(sections) == {p.title for p in report.pages if p.rows}
    for page in report.pages:
        svgs = re.findall(r'<svg role="img".*?</svg>', sections[page.title], flags=re.S)
        # the headline months, the bands where there are any, one per breakdown
        assert len(svgs) == 1 + bool(page.bands) + len(page.breakdowns), page.title
    bands = sections["Assessments"]
    assert re.search(r"<svg[^>]*>(?:(?!</svg>).)*Assessments completed by working days taken",
                     bands, flags=re.S)
    tags = _Tags()
    tags.feed(html)
    assert not {"script", "link", "iframe", "img"} & tags.tags
    assert all(u.startswith("#") for u in tags.urls), tags.urls
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", html)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids repeat across inline SVG charts"


def _marks(svg: str, kind: str) -> list[str]:
    return re.findall(rf'aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="{kind}"', svg)


def _withhold(figures, measure, window, dimension="", group="", period=OCT24):
    return [dataclasses.replace(f, value=SUPPRESSED, numerator=SUPPRESSED)
            if (f.measure, f.window, f.dimension, f.group, f.period) ==
            (measure, window, dimension, group, period) else f for f in figures]


def test_a_withheld_breakdown_figure_is_not_plotted(figures):
    figures = _withhold(figures, "uasc_number", "ytd", "placement_type", "H5")
    page = _page(_report(figures), UASC)
    placement = next(b for b in page.breakdowns if b.dimension == "placement_type")
    svg = to_svg(breakdown_chart(placement, "Oct-24"))
    assert _marks(svg, "bar") == ["value: 1; group: U4"]
    assert not any("H5" in m for m in _marks(svg, "bar") + _marks(svg, "text mark")
                   if "value" in m)
    assert page.withheld
    alone = dataclasses.replace(_report(figures), pages=(page,))
    assert "left out of the charts" in _sections(render_pages(alone))[UASC]


def test_a_withheld_month_is_not_plotted(figures):
    figures = _withhold(figures, "uasc_number", "month", period=Month(2024, 9))
    page = _page(_report(figures), UASC)
    svg = to_svg(trend_chart(page.trends[:1], tuple(OCT24.months_back(3))))
    assert _marks(svg, "bar") == ["month: Aug-24; value: 2", "month: Oct-24; value: 2"]


def test_bands_are_shares_and_a_withheld_band_drops_its_period():
    def cell(x):
        return Cell(x, x, None)

    bands = Bands("Assessments by working days", ("0-25", "26-40"), ("2024-25 YTD", "Oct-24"),
                  ((cell(6.0), cell(3.0)), (cell(2.0), cell(SUPPRESSED))))
    assert [(s.period, s.band, s.share) for s in bands.shares] == [
        ("2024-25 YTD", "0-25", 75.0), ("2024-25 YTD", "26-40", 25.0)]
    assert bands.withheld == ("Oct-24",)
    bars = _marks(to_svg(bands_chart(bands)), "bar")
    assert len(bars) == 2 and all("2024-25 YTD" in b for b in bars), bars
