"""The indicator page's breakdowns (stored "performance on a page" aggregates, in the pages
report's order) and its trend chart's XmR mean, limits and ringed special causes."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from kpiboard.judge.spc import SpcPoint
from kpiboard.loading import prepare_load
from kpiboard.measures.pages import PageFigure
from kpiboard.periods import Month
from kpiboard.store import LoadBatch, Store
from kpiboard.store.db import LoadItem
from kpiboard.web import create_app
from kpiboard.web.accounts import add_user
from kpiboard.web.charts import trend

from webstore import PASSWORD, sign_in

OCTOBER = Month(2026, 10)

CATALOGUE = """\
title: Breakdown catalogue
la: {name: Testshire}
indicators:
  - ref: "REF1"
    title: Referrals
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {measure: referrals}
  - ref: "AS1"
    title: Assessments within 45 working days (%)
    section: Assessment
    polarity: higher
    unit: percent
    aggregation: ratio
    source: {measure: assessments_45wd_pct}
  - ref: "CON1"
    title: Contacts
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {measure: contacts}
  - ref: "CP5"
    title: Children on a plan visited in the last 2 weeks (%)
    section: Child protection
    polarity: higher
    unit: percent
    aggregation: latest
    source: {measure: cpp_visited_pct, params: {days: 14}}
  - ref: "MISS1"
    title: Missing episodes
    section: Children in care
    polarity: lower
    unit: count
    aggregation: sum
"""

# Thirteen months alternating 10 and 20, then 60 in October. Mean 240 / 13 = 18.46; mean moving
# range (11 x 10 + 40) / 12 = 12.5, so limits 18.46 +/- 2.66 x 12.5 = -14.8 .. 51.7: October is
# outside them (a concern, as lower is better), and alternating points make no run or trend.
MISSING = [10, 20] * 6 + [60]


def _rows(measure: str, dimension: str, window: str, groups: dict[str, tuple]) -> list[PageFigure]:
    return [PageFigure(measure, OCTOBER, window, dimension, g, n, d, v) for g, (n, d, v) in groups.items()]


# Stored out of order, so the page must order them as the pages report does.
FIGURES = (
    _rows("referrals", "team", "month", {"South": (30, None, 30), "Not recorded": (2, None, 2),
                                         "North": (45, None, 45)})
    + _rows("referrals", "team", "ytd", {"South": (210, None, 210), "Not recorded": (9, None, 9),
                                         "North": (1234, None, 1234)})
    + _rows("referrals", "age_band", "month", {"16+": (5, None, 5), "Under 1": (7, None, 7),
                                               "5-9": (20, None, 20)})
    + _rows("referrals", "age_band", "ytd", {"16+": (40, None, 40), "Under 1": (51, None, 51),
                                             "5-9": (130, None, 130)})
    + _rows("assessments_45wd_pct", "team", "month", {"North": (41, 48, 41 / 48 * 100)})
    + _rows("assessments_45wd_pct", "team", "ytd", {"North": (300, 320, 300 / 320 * 100)})
    + [PageFigure("referrals", OCTOBER, "month", "", "", 77, None, 77),
       PageFigure("referrals", OCTOBER - 1, "month", "", "", 70, None, 70)]
)


@pytest.fixture(scope="module")
def template_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("breakdowns")
    (folder / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    months = [OCTOBER - (len(MISSING) - 1 - i) for i in range(len(MISSING))]
    (folder / "values.csv").write_text("ref,period,value\n" + "".join(
        f"MISS1,{m},{v}\n" for m, v in zip(months, MISSING)), encoding="utf-8")
    url = f"sqlite:///{folder / 'web.db'}"
    store = Store(url)
    store.load(prepare_load(store, catalogue=folder / "catalogue.yaml", values=[folder / "values.csv"]))
    store.load(LoadBatch([LoadItem("breakdowns", "records", "b" * 64, list(FIGURES))]))
    add_user(store, "viewer", "viewer", PASSWORD, "Vic Viewer")
    store.engine.dispose()
    return folder / "web.db"


@pytest.fixture
def app(tmp_path, template_store):
    (tmp_path / "web.db").write_bytes(template_store.read_bytes())
    return create_app(f"sqlite:///{tmp_path / 'web.db'}")


@pytest.fixture
def viewer(app):
    with TestClient(app, follow_redirects=False) as client:
        assert sign_in(client, "viewer").status_code == 303
        yield client


def _section(html: str) -> str:
    return html.split("<h2>Breakdowns</h2>", 1)[1].split("<h2>Benchmarks</h2>", 1)[0]


def _cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr><td>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.split(r"</td>", "<td>" + r) if c.strip()]
            for r in rows]


def test_count_breakdowns_show_month_and_year_to_date_in_the_pages_report_order(viewer):
    section = _section(viewer.get("/indicator/REF1?period=2026-10").text)
    tables = section.split('<table class="breakdown">')[1:]
    assert len(tables) == 2  # team, then age: as pages.yaml lists them
    assert "<caption>Referrals by team</caption>" in tables[0]
    assert _cells(tables[0]) == [["North", "45", "45", "", "1,234", "1,234", ""],
                                 ["South", "30", "30", "", "210", "210", ""],
                                 ["Not recorded", "2", "2", "", "9", "9", ""]]
    assert "<caption>Referrals by age</caption>" in tables[1]
    assert [r[0] for r in _cells(tables[1])] == ["Under 1", "5-9", "16+"]
    assert "October 2026" in tables[0] and "Year to date" in tables[0]


def test_percent_breakdowns_are_in_the_indicators_unit_with_numerator_and_denominator(viewer):
    section = _section(viewer.get("/indicator/AS1?period=2026-10").text)
    assert section.count('<table class="breakdown">') == 1
    # 41 / 48 = 85.42%, 300 / 320 = 93.75% (shown to the indicator's one decimal place)
    assert _cells(section) == [["North", "85.4%", "41", "48", "93.8%", "300", "320"]]


@pytest.mark.parametrize("ref, says", [
    ("MISS1", "Not computed from child-level records, so there are no breakdowns."),
    ("CON1", "No breakdowns of contacts are stored for October 2026."),
    ("CP5", "Breakdowns are stored for cpp_visited_pct with its standard parameters, "
            "which this indicator changes."),
])
def test_without_breakdowns_the_page_says_why_in_one_muted_line(viewer, ref, says):
    section = _section(viewer.get(f"/indicator/{ref}?period=2026-10").text)
    assert "<table" not in section
    assert f'<p class="muted">{says}</p>' in section


def test_breakdowns_are_read_from_the_store_once_for_every_indicator_page(app, viewer):
    store = app.state.web.store
    reads = []

    def count(conn, cursor, statement, *args):
        if "FROM breakdowns" in statement:
            reads.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        for ref in ("REF1", "AS1", "CON1", "REF1"):
            assert viewer.get(f"/indicator/{ref}?period=2026-10").status_code == 200
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(reads) == 2  # one Store.page_figures(): the latest load, then its rows


def test_trend_chart_draws_process_mean_limits_and_rings_the_special_cause(viewer):
    html = viewer.get("/indicator/MISS1?period=2026-10").text
    svg = re.search(r'<svg class="trend".*?</svg>', html, re.S).group(0)
    assert svg.count('class="spc-mean"') == 1 and svg.count('class="spc-limit"') == 2
    rings = re.findall(r'<circle class="signal signal-(\w+)"[^>]*><title>([^<]*)</title>', svg)
    assert rings == [("concern", "Oct-26: a point outside the process limits")]
    assert "process mean (grey dashed) and limits (grey dotted)" in html
    assert "<script" not in html


def _point(mean, lower, upper, group=0, rule=None, variation="common_cause") -> SpcPoint:
    return SpcPoint(None, group, mean, lower, upper, rule, variation, trial=True)


def test_trend_places_mean_and_limits_on_the_values_scale():
    # Scale 0..40 over 170 px from y=10: 20 -> 95, 40 -> 10, 0 -> 180, 30 -> 52.5.
    # x: 48 + i * 282 (564 px wide: 16 px kept on the right for the last month's label).
    points = [_point(20, 0, 40), _point(20, 0, 40), _point(20, 0, 40, rule="astronomical",
                                                            variation="concern_high")]
    svg = str(trend(["Aug", "Sep", "Oct"], [10, 20, 30], [None] * 3, points))
    assert '<polyline class="spc-mean" points="48.0,95.0 330.0,95.0 612.0,95.0"/>' in svg
    assert '<polyline class="spc-limit" points="48.0,180.0 330.0,180.0 612.0,180.0"/>' in svg
    assert '<polyline class="spc-limit" points="48.0,10.0 330.0,10.0 612.0,10.0"/>' in svg
    assert ('<circle class="signal signal-concern" cx="612.0" cy="52.5" r="7" stroke="#e46c0a">'
            "<title>Oct: a point outside the process limits</title></circle>") in svg


def test_trend_breaks_the_process_lines_where_the_limits_were_rebased():
    points = [_point(10, 5, 15), _point(10, 5, 15), _point(30, 25, 35, group=1), _point(30, 25, 35, group=1)]
    svg = str(trend(["a", "b", "c", "d"], [10, 11, 30, 31], [None] * 4, points))
    assert svg.count('class="spc-mean"') == 2 and svg.count('class="spc-limit"') == 4
    assert "signal" not in svg


def test_trend_without_spc_draws_no_process_lines():
    svg = str(trend(["a", "b"], [1, 2], [3, 3]))
    assert "spc-" not in svg and 'class="target"' in svg


def test_revisions_list_only_loads_that_changed_a_figure(login, db_url, tmp_path):
    """CR1 September: 110 (load 2), 115 (load 3, revised); loading 115 again and then 118 lists
    110 -> 115 -> 118, not the unchanged repeat. August, loaded once, is not listed."""
    store = Store(db_url)
    for name, value in (("again.csv", 115), ("later.csv", 118)):
        (tmp_path / name).write_text(f"ref,period,value\nCR1,2026-09,{value}\n")
        store.load(prepare_load(store, values=[tmp_path / name]))
    page = login("viewer").get("/indicator/CR1?period=2026-10").text
    section = page.split("<h2>Revisions</h2>", 1)[1].split("<h2>", 1)[0]
    rows = re.findall(r"<tr><td>(\d{4}-\d{2})</td><td>([a-z ]+)</td><td class=\"num\">([\d,]+)</td>", section)
    assert rows == [("2026-09", "first loaded", "110"), ("2026-09", "revised", "115"),
                    ("2026-09", "revised", "118")]
    assert "later.csv" in section and "again.csv" not in section
