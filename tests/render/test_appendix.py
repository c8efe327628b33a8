"""The improvement KPI appendix from a real store: front summary (RAG last period and now), section
tables with polarity, every month of the financial year so far rated on its own target, the
year's target, owners' initials, RAG methodology in words, and a chart per indicator."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from kpiboard.catalogue.model import Indicator
from kpiboard.loading import prepare_load
from kpiboard.figures import Figure
from kpiboard.model.appendix import build_appendix, initials, month_rag, rag_at, year_target
from kpiboard.periods import FinancialYear, Month
from kpiboard.render.appendix import render_appendix
from kpiboard.reporting import monthly_model
from kpiboard.store import Store

CATALOGUE = """\
title: Appendix test catalogue
la: {name: "Testshire <Borough> & Co"}
report: {title: Monthly report, service: Children's Services}
sections: [Front door, Help and protection, Workforce]
indicators:
  - ref: "FD 3"
    title: Contacts actioned within 1 working day <b>fast</b> & on time
    section: Front door
    polarity: higher
    unit: percent
    aggregation: ratio
    owner: Head of Safeguarding
    target: {"2016-17": 85, "2017-18": 90}
    rag: {green: {at_least: 90}, amber: {at_least: 85}}
  - ref: "FD 8"
    title: Re-referrals within 12 months
    section: Front door
    polarity: lower
    unit: percent
    aggregation: ratio
    owner: Jane Smith
    target: 22
    rag: {green: {at_most: 22}, amber: {between: [23, 25]}}
  - ref: "LA 1"
    title: Children looked after per 10,000
    section: Help and protection
    polarity: neutral
    unit: rate_per_10k
    aggregation: latest
    owner: Principal Social Worker (interim)
    target: {"2017-18": {Q1: 100, Q2: 100, Q3: 110, Q4: 112}}
    rag: {green: {within: {by: 5}}, amber: {within: {by: 10}}}
  - ref: "MC 1"
    title: Missing episodes in the month
    section: Help and protection
    polarity: neutral
    unit: count
    aggregation: sum
    owner: HD
  - ref: "CP 5"
    title: Conferences within 15 working days
    section: Help and protection
    polarity: higher
    unit: percent
    aggregation: ratio
    rag: {note: Range to be set}
  - ref: "W 1"
    title: Average caseload per social worker
    section: Workforce
    polarity: lower
    unit: number
    aggregation: mean
    owner: Head of Safeguarding
    target: {"2017-18": {Q1: 20, Q2: 19, Q3: 18, Q4: 17}}
    rag: {green: {at_most: 17}, amber: {between: [18.1, 20]}}
"""

MONTHS = [Month(2017, 4) + i for i in range(10)]  # April 2017 to January 2018
SERIES = {
    # Sep 89.96 is printed as 90.0% and so is green; Mar-17 and Feb-18 are outside the columns.
    "FD 3": [86, 91, 84.9, 85, 90, 89.96, 84, 78, 88, 92],
    # 22.5 sits in the gap between green (22 or below) and amber (23-25): the worse band, amber.
    "FD 8": [21, 22.5, 26, 20, None, 23, 24, 25, 24, 27],
    # Within 5 of the quarter's target is green: 103 is green against 100, amber against 110.
    "LA 1": [103, 104, 99, 108, 100, 101, 103, 104, 110, 111],
    "MC 1": [149, 177, 219, 238, 152, 189, 213, 188, 160, 201],
    "CP 5": [66, 91, 81, 74, 85, 47, 29, 29, 26, 50],
    # 17.5 and 18 fall between green (17 or below) and amber (18.1-20): amber.
    "W 1": [16, 17.5, 21, 19, 18, 17, 18, 18, 18, 17],
}
PERIOD = Month(2018, 1)


def values_csv() -> str:
    lines = ["ref,period,value,note", "FD 3,2017-03,70,", "FD 3,2018-02,99,"]
    for ref, values in SERIES.items():
        for month, value in zip(MONTHS, values):
            note = "unavailable during the system migration" if value is None else ""
            lines.append(f"{ref},{month},{'' if value is None else value},{note}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def appendix(tmp_path_factory):
    folder = tmp_path_factory.mktemp("appendix")
    (folder / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (folder / "values.csv").write_text(values_csv(), encoding="utf-8")
    store = Store(str(folder / "kpi.db"))
    store.load(prepare_load(store, catalogue=folder / "catalogue.yaml", values=[folder / "values.csv"]))
    model = build_appendix(monthly_model(store, PERIOD, today=dt.date(2018, 2, 5)))
    html = render_appendix(model)
    (folder / "appendix.html").write_text(html, encoding="utf-8")
    return model, html


class Tables(HTMLParser):
    """Rows of every table by its class: each cell as (classes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str]]]] = {}
        self.current: list[list[tuple[str, str]]] | None = None
        self.cell: tuple[str, list[str]] | None = None
        self.tags: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        self.urls += [v for k, v in attrs if k in {"src", "href", "xlink:href", "action", "data"} and v]
        if tag == "table":
            self.current = self.tables.setdefault(a.get("class") or "", [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = (a.get("class") or "", [])
        elif tag == "br" and self.cell is not None:
            self.cell[1].append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append((self.cell[0], " ".join("".join(self.cell[1]).split())))
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1].append(data)


@pytest.fixture(scope="module")
def tables(appendix):
    parser = Tables()
    parser.feed(appendix[1])
    return parser


def kpi_rows(tables) -> dict[str, list[tuple[str, str]]]:
    return {row[0][1]: row for row in tables.tables["kpi"] if row and "ref" in row[0][0]}


# ---- front summary ------------------------------------------------------------------------------

def test_last_period_and_current_rag(appendix):
    model, _ = appendix
    got = {r.ref: (r.section, r.last_rag, r.rag, r.movement) for r in model.summary}
    assert got == {
        "FD 3": ("Front door", "amber", "green", "better"),        # Dec 88, Jan 92
        "FD 8": ("Front door", "amber", "red", "worse"),           # Dec 24, Jan 27
        "LA 1": ("Help and protection", "green", "green", "same"), # Dec 110 v 110, Jan 111 v 112
        "MC 1": ("Help and protection", None, None, None),         # information only
        "CP 5": ("Help and protection", None, None, None),         # range to be set
        "W 1": ("Workforce", "amber", "green", "better"),          # Dec 18 in the gap, Jan 17
    }
    assert list(got) == ["FD 3", "FD 8", "LA 1", "MC 1", "CP 5", "W 1"]  # catalogue order
    assert model.rag_counts == {"red": (1, 0), "amber": (0, 3), "green": (3, 1)}


def test_front_summary_table(tables):
    rows = [[text for _, text in r] for r in tables.tables["front-table"] if r]
    assert rows[0][:4] == ["Ref", "Indicator title", "RAG last period Dec-17", "Current RAG Jan-18"]
    assert [r[0] for r in rows[1:] if len(r) == 1] == ["Front door", "Help and protection", "Workforce"]
    lines = {r[0]: r[1:4] for r in rows[1:] if len(r) > 1}
    assert lines == {
        "FD 3": ["Contacts actioned within 1 working day <b>fast</b> & on time", "Amber", "Green"],
        "FD 8": ["Re-referrals within 12 months", "Amber", "Red"],
        "LA 1": ["Children looked after per 10,000", "Green", "Green"],
        "MC 1": ["Missing episodes in the month", "–", "–"],
        "CP 5": ["Conferences within 15 working days", "Range to be set", "Range to be set"],
        "W 1": ["Average caseload per social worker", "Amber", "Green"],
    }


# ---- section tables -----------------------------------------------------------------------------

MONTH_RAGS = {
    "FD 3": "A G R A G G R R A G",
    "FD 8": "G A R G - A A A A R",  # August unavailable
    "LA 1": "G G G A G G A A G G",  # October 103 is amber only because Q3's target is 110
    "MC 1": "- - - - - - - - - -",
    "CP 5": "- - - - - - - - - -",
    "W 1": "G A R A A G A A A G",
}
LETTER = {"G": "green", "A": "amber", "R": "red", "-": "none"}


def test_month_columns_run_from_april_to_the_period(appendix, tables):
    model, _ = appendix
    assert model.months == tuple(MONTHS)
    assert [r.months[0].month for r in model.rows] == [Month(2017, 4)] * 6
    headers = [[t for _, t in r] for r in tables.tables["kpi"] if r and r[0][1] == "Ref"]
    assert len(headers) == 3  # one table per section, each with its own header row
    assert headers[0] == ["Ref", "Indicator title", "Polarity",
                          "Apr-17", "May-17", "Jun-17", "Jul-17", "Aug-17", "Sep-17", "Oct-17",
                          "Nov-17", "Dec-17", "Jan-18",
                          "2017-18 Target", "Target owner", "RAG", "RAG methodology"]
    assert '<thead><tr>' in appendix[1].split('<table class="kpi">', 1)[1][:40]


def test_each_month_rated_on_its_own_value_and_target(appendix, tables):
    model, _ = appendix
    for row in model.rows:
        expected = [LETTER[x] for x in MONTH_RAGS[row.ref].split()]
        assert [c.rag or "none" for c in row.months] == expected, row.ref
    for ref, cells in kpi_rows(tables).items():
        months = [cls for cls, _ in cells if " m " in f" {cls} "]
        assert [re.search(r"\bm-(\w+)", c).group(1) for c in months] == \
            [LETTER[x] for x in MONTH_RAGS[ref].split()], ref
    fd3 = [t for cls, t in kpi_rows(tables)["FD 3"] if " m " in f" {cls} "]
    assert fd3 == ["86.0%", "91.0%", "84.9%", "85.0%", "90.0%", "90.0%", "84.0%", "78.0%", "88.0%", "92.0%"]
    fd8 = [t for cls, t in kpi_rows(tables)["FD 8"] if " m " in f" {cls} "]
    assert fd8[4] == "n/a"
    assert "unavailable during the system migration" in appendix[1]


def test_polarity_target_owner_rag_and_methodology(tables):
    rows = kpi_rows(tables)
    got = {ref: [t for cls, t in cells if cls.split()[0] in {"pol", "target", "owner", "rag-cell", "method"}]
           for ref, cells in rows.items()}
    assert got == {
        "FD 3": ["BIB", "90.0%", "HS", "Green", "90% or above Green, 85% to under 90% Amber, below 85% Red"],
        "FD 8": ["SIB", "22.0%", "JS", "Red", "22% or below Green, 23%-25% Amber, above 25% Red"],
        "LA 1": ["", "112.0", "PSW", "Green",
                 "±5 of target Green, ±10 of target Amber, below 102 or above 122 Red"],
        "MC 1": ["", "", "HD", "", ""],
        "CP 5": ["BIB", "", "", "–", "Range to be set"],
        "W 1": ["SIB", "17.0", "HS", "Green", "17 or below Green, 18.1-20 Amber, above 20 Red"],
    }
    rag_classes = {ref: next(c for c, _ in cells if c.startswith("rag-cell")) for ref, cells in rows.items()}
    assert rag_classes["FD 8"] == "rag-cell rag-cell-red"
    assert rag_classes["FD 3"] == "rag-cell rag-cell-green"


def test_owner_key_spells_out_the_initials(appendix):
    model, html = appendix
    assert model.owners == (("HS", "Head of Safeguarding"), ("JS", "Jane Smith"),
                            ("PSW", "Principal Social Worker (interim)"))
    assert "<th>PSW</th><td>Principal Social Worker (interim)</td>" in html


@pytest.mark.parametrize("owner, expected", [
    ("Head of Safeguarding", "HS"),
    ("Jane Smith", "JS"),
    ("Head of Assessment and Intervention", "HAI"),
    ("Service Manager, Leaving Care", "SMLC"),
    ("Dr Mary Smith-Jones", "MSJ"),
    ("Principal Social Worker (acting)", "PSW"),
    ("PS", "PS"),
    ("  ", ""),
    (None, ""),
])
def test_initials(owner, expected):
    assert initials(owner) == expected


def _indicator(target) -> Indicator:
    return Indicator(ref="X", title="X", section="S", polarity="higher", unit="count",
                     aggregation="sum", target=target, target_basis="month")


@pytest.mark.parametrize("target, expected", [
    (24, 24),                                               # flat
    ({"2016-17": 20, "2017-18": 30}, 30),                   # per year: this year's
    ({"2017-18": {"Q1": 2, "Q2": 4, "Q3": 5, "Q4": 7}}, 7),  # profile: the year-end value
    ({"2017-18": {"2017-04": 1, "2017-09": 3}}, 3),         # month profile: its last month
    ({"2016-17": 20}, None),                                # none for this year
    (None, None),
])
def test_year_target(target, expected):
    assert year_target(_indicator(target), FinancialYear(2017)) == expected


def test_ytd_rated_indicators_are_judged_on_the_year_to_date():
    ind = Indicator.model_validate({
        "ref": "LA 7", "title": "Health assessments in time", "section": "S", "polarity": "higher",
        "unit": "percent", "aggregation": "ratio", "target": 80,
        "rag": {"basis": "ytd", "green": {"at_least": 80}, "amber": {"at_least": 65}}})
    april, may = Month(2017, 4), Month(2017, 5)
    figures = {april: Figure("LA 7", april, 100.0, 10, 10), may: Figure("LA 7", may, 0.0, 0, 10)}
    assert rag_at(ind, figures, april) == "green"   # 10 of 10
    assert rag_at(ind, figures, may) == "red"       # 10 of 20 to date, not May's 0%
    assert month_rag(ind, figures[may], may) is None  # a month's own figure is not what is judged


# ---- charts -------------------------------------------------------------------------------------

def test_one_chart_per_indicator_with_the_good_side_noted(appendix):
    model, html = appendix
    assert html.count('<figure class="graph"') == 6
    assert html.count('<svg role="img"') == 6
    notes = dict(re.findall(r'id="graph-([^"]+)".*?<figcaption class="good[^"]*">([^<]*)</figcaption>',
                            html, flags=re.S))
    # the SPC reading of the chart's grey lines follows the good side
    assert all("Grey lines: process mean and limits" in n for n in notes.values())
    notes = {ref: note.split(" Grey lines")[0] for ref, note in notes.items()}
    assert notes == {
        "FD-3": "Higher is better: above the dashed target line is good.",
        "FD-8": "Lower is better: below the dashed target line is good.",
        "LA-1": "Good performance is close to the expected level.",
        "MC-1": "Information only: no direction is better.",
        "CP-5": "Higher is better.",
        "W-1": "Lower is better: below the dashed target line is good.",
    }
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids repeat across inline SVG charts"


def test_charts_draw_the_financial_year_in_order_with_the_target(appendix):
    model, html = appendix
    for row in model.rows:
        assert [c.month for c in row.chart.months] == list(MONTHS)
    assert [c.target for c in model.rows[5].chart.months] == [20] * 3 + [19] * 3 + [18] * 3 + [17]
    for svg in re.findall(r"<svg role=\"img\".*?</svg>", html, flags=re.S):
        assert re.findall(r">([A-Z][a-z]{2}-\d\d)<", svg) == [m.label for m in MONTHS]


# ---- the page -----------------------------------------------------------------------------------

def test_self_contained_and_escaped(appendix, tables):
    _, html = appendix
    assert not {"script", "link", "iframe", "img"} & tables.tags
    assert all(u.startswith("#") for u in tables.urls), tables.urls
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", html)
    assert "Contacts actioned within 1 working day &lt;b&gt;fast&lt;/b&gt; &amp; on time" in html
    assert "<b>fast" not in html
    assert "Testshire &lt;Borough&gt; &amp; Co" in html
    assert "<style>" in html and html.index("@page") < html.index(".kpi thead")  # house CSS, then ours
