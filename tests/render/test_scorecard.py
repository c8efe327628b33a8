"""The quarterly scorecard by owner, from a real store: owners' sections, tolerance groups in
order, a year of month-end actuals and targets (cumulative profiles month by month), quarter
symbols, and commentary or why there is none."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from textwrap import dedent

import pytest

from kpiboard.judge.tolerance import BETTER, WITHIN, WORSE
from kpiboard.loading import prepare_load
from kpiboard.model.scorecard import (COMMENTED, MISSING, NO_OWNER, NOT_JUDGED, ON_TARGET,
                                      Scorecard, build_scorecard)
from kpiboard.periods import Month
from kpiboard.reporting import monthly_model
from kpiboard.store import Store

try:
    from kpiboard.render.html import render_scorecard
except ImportError:  # until render/html.py is wired: the same template, rendered the same way
    from kpiboard.render.html import environment

    def render_scorecard(model: Scorecard) -> str:
        return environment().get_template("scorecard.html.j2").render(scorecard=model)


CATALOGUE = dedent("""\
    la: {name: Testshire Council}
    report: {title: Test report, service: Children's Social Care, status: Issue 1}
    indicators:
      - {ref: AD1, title: Adoption orders granted, section: Permanence, polarity: higher,
         unit: count, aggregation: sum, owner: Bea Singh, tolerance: 5, target_basis: ytd,
         target: {"2026-27": {Q1: 182, Q2: 365, Q3: 547, Q4: 730}}}
      - {ref: RR1, title: Repeat referrals (%), section: Front door, polarity: lower,
         unit: percent, aggregation: latest, owner: Alex Moore, target: 20, tolerance: 10}
      - {ref: VT1, title: Visits within timescale (%), section: Front door, polarity: higher,
         unit: percent, aggregation: latest, owner: Alex Moore, target: 90, tolerance: 5}
      - {ref: AS1, title: Assessments within 45 days (%), section: Assessment, polarity: higher,
         unit: percent, aggregation: latest, owner: Bea Singh, tolerance: 5,
         target: {"2026-27": {Q1: 80, Q2: 85, Q3: 88, Q4: 90}}}
      - {ref: CL1, title: Average caseload, section: Workforce, polarity: lower, unit: number,
         aggregation: mean, owner: Alex Moore, target: 18, tolerance: 10}
      - {ref: CR1, title: Contacts received, section: Front door, polarity: neutral,
         unit: count, aggregation: sum}
    """)

MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
VALUES = {  # April to September 2026
    "AD1": [60, 62, 70, 50, 55, 60],           # year to date 192 at Q1, 357 at Q2
    "RR1": [22, 24, 25, 23, 21, 26],
    "VT1": [95, 96, 97, 94, 96, 95],
    "AS1": [78, 79, 81, 83, 82, 80],
    "CL1": [17, 17.5, 17, 18.5, 19, 19],
    "CR1": [100, 101, 102, 103, 104, 105],
}
ESCAPED = 'Fewer <script>alert("x")</script> & more <b>checks</b>'
COMMENTARY = [
    ("RR1", "2026-09", "Alex Moore", "Head of Service commentary", ESCAPED, "approved"),
    ("AS1", "2026-09", "Bea Singh", "Head of Service commentary",
     "Two teams carried vacancies over the summer.", "approved"),
    ("CL1", "2026-09", "Alex Moore", "Head of Service commentary", "Not signed off yet.", "draft"),
]


def _csv(rows: list[tuple]) -> str:
    return "\n".join(",".join(f'"{str(c).replace(chr(34), chr(34) * 2)}"' for c in r) for r in rows) + "\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("scorecard")
    catalogue = folder / "catalogue.yaml"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    values = folder / "values.csv"
    rows = [("ref", "period", "value")] + [(ref, m, v) for ref, vs in VALUES.items()
                                            for m, v in zip(MONTHS, vs)]
    rows += [("AD1", "2026-03", 500), ("RR1", "2026-03", 99)]  # last year: outside the card
    values.write_text(_csv(rows), encoding="utf-8")
    comments = folder / "commentary.csv"
    comments.write_text(_csv([("ref", "period", "author", "subject", "text", "status")] + COMMENTARY),
                        encoding="utf-8")
    store = Store(str(folder / "kpi.db"))
    store.load(prepare_load(store, catalogue=catalogue, values=[values], commentary=[comments]))
    return store


def scorecard_for(store: Store, period: str) -> Scorecard:
    return build_scorecard(monthly_model(store, Month.parse(period), today=dt.date(2026, 10, 20)))


@pytest.fixture(scope="module")
def scorecard(store) -> Scorecard:
    return scorecard_for(store, "2026-09")


@pytest.fixture(scope="module")
def html(scorecard) -> str:
    return render_scorecard(scorecard)


def cards(sc: Scorecard) -> dict:
    return {c.ref: c for c in sc.cards}


def card_html(html: str, ref: str) -> str:
    start = html.index(f'id="card-{ref}"')
    return html[start:html.index("</article>", start)]


def text(cell: str) -> str:
    """What a reader sees: tags and SVG titles (tooltips) left out."""
    cell = re.sub(r"<title>.*?</title>", "", cell, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def row_cells(fragment: str, row_class: str) -> list[str]:
    row = re.search(rf'<tr class="{row_class}">(.*?)</tr>', fragment, re.S).group(1)
    return [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


# ---- the model ---------------------------------------------------------------------------

def test_a_section_per_owner_sorted_with_the_unowned_last(scorecard):
    assert [s.owner for s in scorecard.sections] == ["Alex Moore", "Bea Singh", NO_OWNER]


def test_groups_run_worse_within_better_then_not_judged(scorecard):
    grouped = {s.owner: [(g.status, [c.ref for c in g.cards]) for g in s.groups]
               for s in scorecard.sections}
    assert grouped == {
        "Alex Moore": [(WORSE, ["RR1"]), (WITHIN, ["CL1"]), (BETTER, ["VT1"])],
        "Bea Singh": [(WORSE, ["AS1"]), (WITHIN, ["AD1"])],
        NO_OWNER: [(NOT_JUDGED, ["CR1"])],
    }


@pytest.mark.parametrize("ref, polarity, unit", [
    ("AD1", "Bigger is better", "Number"),
    ("RR1", "Smaller is better", "%"),
    ("CR1", "Information only", "Number"),
])
def test_polarity_and_unit_in_words(scorecard, ref, polarity, unit):
    card = cards(scorecard)[ref]
    assert (card.polarity, card.unit) == (polarity, unit)


def test_the_year_runs_april_to_march_with_later_months_blank(scorecard):
    card = cards(scorecard)["RR1"]
    assert [m.month for m in card.months] == Month(2026, 4).financial_year.months
    assert [m.actual for m in card.months] == [22, 24, 25, 23, 21, 26] + [None] * 6
    assert [m.reached for m in card.months] == [True] * 6 + [False] * 6
    assert [m.target for m in card.months] == [20] * 12


def test_quarterly_profile_targets_show_in_every_month(scorecard):
    assert [m.target for m in cards(scorecard)["AS1"].months] == [80] * 3 + [85] * 3 + [88] * 3 + [90] * 3


def test_cumulative_profile_targets_and_year_to_date_actuals(scorecard):
    card = cards(scorecard)["AD1"]
    assert card.cumulative
    # pro rata within each quarter, reaching the profile at each quarter end
    assert [m.target for m in card.months] == pytest.approx(
        [182 / 3, 364 / 3, 182, 182 + 183 / 3, 182 + 366 / 3, 365,
         365 + 182 / 3, 365 + 364 / 3, 547, 547 + 183 / 3, 547 + 366 / 3, 730])
    # the actual at each month end is the year to date (last March's 500 is not in it)
    assert [m.actual for m in card.months[:6]] == [60, 122, 192, 242, 297, 357]


@pytest.mark.parametrize("ref, marks", [
    ("AD1", [(1, BETTER), (2, WITHIN)]),    # 192 beats 182 by more than 5%; 357 is within 5% of 365
    ("AS1", [(1, WITHIN), (2, WORSE)]),     # 81 against 80; 80 against 85 (tolerance 4.25)
    ("RR1", [(1, WORSE), (2, WORSE)]),
    ("VT1", [(1, BETTER), (2, BETTER)]),
    ("CL1", [(1, WITHIN), (2, WITHIN)]),
    ("CR1", [(1, None), (2, None)]),        # information only: never judged
])
def test_a_symbol_for_each_quarter_end_reached(scorecard, ref, marks):
    card = cards(scorecard)[ref]
    assert [(q.quarter, q.status) for q in card.quarters] == marks
    assert card.quarters[-1].month == scorecard.period
    assert (card.quarters[-1].status or NOT_JUDGED) == card.status  # agrees with the assessment


def test_mid_quarter_shows_only_the_quarters_ended(store):
    sc = scorecard_for(store, "2026-08")
    card = cards(sc)["AD1"]
    assert [(q.quarter, q.status) for q in card.quarters] == [(1, BETTER)]
    assert [m.reached for m in card.months] == [True] * 5 + [False] * 7
    assert not sc.quarter_complete and sc.quarter == 2


@pytest.mark.parametrize("ref, state", [
    ("RR1", COMMENTED),
    ("AS1", COMMENTED),
    ("VT1", ON_TARGET),
    ("AD1", MISSING),     # within tolerance but below target: an explanation is owed
    ("CL1", MISSING),     # a draft comment is not commentary
])
def test_commentary_or_why_there_is_none(scorecard, ref, state):
    assert cards(scorecard)[ref].commentary_state == state


def test_commentary_keeps_author_and_subject(scorecard):
    (comment,) = cards(scorecard)["AS1"].commentary
    assert (comment.author, comment.subject) == ("Bea Singh", "Head of Service commentary")


def test_counts_for_the_summary(scorecard):
    assert scorecard.counts == {WORSE: 2, WITHIN: 2, BETTER: 1, NOT_JUDGED: 1}
    assert scorecard.missing_commentary == 2
    assert [s.missing_commentary for s in scorecard.sections] == [1, 1, 0]


# ---- the page ----------------------------------------------------------------------------

def test_sections_and_groups_appear_in_order(html):
    owners = re.findall(r'<div class="owner-head">\s*<h2>(.*?)</h2>', html)
    assert owners == ["Alex Moore", "Bea Singh", NO_OWNER]
    alex = html[html.index("<h2>Alex Moore</h2>"):html.index("<h2>Bea Singh</h2>")]
    assert re.findall(r'<h3 class="group group-(\w+)"', alex) == [WORSE, WITHIN, BETTER]
    assert [r for r in re.findall(r'id="card-(\w+)"', alex)] == ["RR1", "CL1", "VT1"]


def test_card_rows_show_cumulative_targets_and_year_to_date(html):
    ad1 = card_html(html, "AD1")
    assert row_cells(ad1, "target") == ["61", "121", "182", "243", "304", "365",
                                        "426", "486", "547", "608", "669", "730"]
    assert row_cells(ad1, "actual") == ["60", "122", "192", "242", "297", "357"] + [""] * 6
    assert "Actual (year to date)" in ad1
    assert "Bigger is better" in ad1 and "±5% of target" in ad1


def test_quarter_symbols_are_labelled_shapes(html):
    symbols = re.search(r'<tr class="symbols">(.*?)</tr>', card_html(html, "AD1"), re.S).group(1)
    assert re.findall(r'aria-label="([^"]+)"', symbols) == [
        "Better than target beyond tolerance", "Within tolerance of target"]
    assert row_cells(card_html(html, "AS1"), "symbols") == ["", "", "Within", "", "", "Worse"] + [""] * 6
    assert "<path" in symbols and "<circle" in symbols  # a star and a circle, not font glyphs


def test_commentary_flags_and_escaping(html):
    assert "No comment required (on target)" in card_html(html, "VT1")
    assert "Commentary required – not yet supplied" in card_html(html, "AD1")
    # CL1's comment is a draft: not shown, but the card says it is on its way
    assert "Commentary required – being drafted, not yet submitted" in card_html(html, "CL1")
    assert "Not signed off yet" not in html
    as1 = card_html(html, "AS1")
    assert "Bea Singh" in as1 and "Head of Service commentary" in as1
    rr1 = card_html(html, "RR1")
    assert "&lt;script&gt;" in rr1 and "&lt;b&gt;checks&lt;/b&gt;" in rr1
    assert "<script" not in html and "<b>checks" not in html


def test_summary_counts_by_owner(html):
    glance = html[html.index('class="glance-table"'):html.index("</table>")]
    rows = [[text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", glance, re.S)]
    rows = [r for r in rows if r]  # the header row has no data cells
    assert rows == [["Alex Moore", "1", "1", "1", "0", "1"], ["Bea Singh", "1", "1", "0", "0", "1"],
                    [NO_OWNER, "0", "0", "0", "1", "0"],
                    ["All owners (6 indicators)", "2", "2", "1", "1", "2"]]


def test_self_contained(html):
    assert html.startswith("<!DOCTYPE html>")
    lowered = html.lower()
    for external in ("http:", "https:", "src=", "<link", "@import", "url(", "<script"):
        assert external not in lowered, external
