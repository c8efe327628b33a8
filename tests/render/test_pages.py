"""Performance on a page from the demo: every service page, YTD beside the last three months,
breakdowns that add up to the whole, and only aggregates in the store."""

from __future__ import annotations

import re
import sqlite3

from kpiboard.measures.pages import page_specs
from kpiboard.periods import Month
from kpiboard.store import Store


def test_pages_report_shows_every_service(demo):
    html = (demo.out / "performance-on-a-page-2026-10.html").read_text()
    for page in page_specs():
        assert page["title"].replace("'", "&#39;") in html
    for heading in ("2026-27 YTD", "Aug-26", "Sep-26", "Oct-26", "Referrals by team",
                    "Assessments completed in 46 or more working days", "Children looked after by legal status",
                    "Unaccompanied asylum-seeking children looked after by placement type",
                    "Assessments completed by working days taken"):
        assert heading in html
    # charts are inline SVG: nothing fetched (the only URLs are SVG namespaces)
    assert "<script" not in html and "<img" not in html and "<link" not in html
    assert not re.search(r'(src|href)="(?!#)', html)
    sections = html.split('<section class="pop">')[1:]
    assert len(sections) == len(page_specs())
    assert all('<svg role="img"' in s for s in sections)


def test_breakdowns_add_up_to_the_whole(demo):
    figures = Store(str(demo.out / "kpiboard-demo.db"), create=False).page_figures(Month(2026, 10))
    whole = {(f.measure, f.window): f for f in figures if f.dimension == ""
             and f.period == Month(2026, 10)}
    for dim in ("team", "age_band", "gender"):
        parts = [f for f in figures if f.measure == "referrals" and f.dimension == dim
                 and f.window == "ytd"]
        assert parts and sum(f.numerator for f in parts) == whole[("referrals", "ytd")].numerator
    bands = sum(whole[(m, "ytd")].numerator for m in ("assessments_wd_0_25", "assessments_wd_26_40",
                                                     "assessments_wd_41_45", "assessments_wd_46_plus"))
    assert bands == whole[("assessments_completed", "ytd")].numerator


def test_store_holds_aggregates_only(demo):
    with sqlite3.connect(demo.out / "kpiboard-demo.db") as conn:
        columns = [r[1] for r in conn.execute("pragma table_info(breakdowns)")]
    assert "child_id" not in columns
    assert set(columns) == {"id", "load_id", "measure", "period", "window", "dimension", "grp",
                            "numerator", "denominator", "value"}
