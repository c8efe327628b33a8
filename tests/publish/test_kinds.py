"""The published plan tracker, scorecard by owner and improvement KPI appendix, attacked as an
adversary would: they are built from the suppressed monthly model, so a withheld month must not
come back through a change column, a cumulative month end or a month's RAG colour; and every
file written passes ``check_published`` while the internal version of the same layout fails it.
Then ``kpiboard report --kind all --publish`` end to end, child-level records included.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpiboard.loading import prepare_load
from kpiboard.model.appendix import build_appendix
from kpiboard.model.monthly import MonthlyReport
from kpiboard.model.plan import build_plan
from kpiboard.model.scorecard import build_scorecard
from kpiboard.periods import Month
from kpiboard.publish import SUPPRESSED, is_suppressed
from kpiboard.publish.check import check_published
from kpiboard.publish.suppress import suppress
from kpiboard.reporting import build_report, monthly_model
from kpiboard.store import Store

PERIOD = Month(2026, 10)
MONTHS = PERIOD.months_back(19)   # April 2025 to October 2026
KINDS = ("plan", "scorecard", "appendix")

CATALOGUE = """\
title: Kinds test catalogue
la: {code: "999", name: Testshire County Council}
report:
  title: Children's Services Monthly Performance Report
  service: Children's Social Care
sections: [Plan, Adoption, Front door]
indicators:
  - ref: PL1
    title: Children waiting (latest withheld)
    section: Plan
    polarity: lower
    unit: count
    aggregation: sum
    plan_id: "1"
    owner: Head of Service
  - ref: PL2
    title: Children seen (previous withheld)
    section: Plan
    polarity: higher
    unit: count
    aggregation: sum
    plan_id: "2"
    owner: Head of Service
  - ref: PL3
    title: Children helped (nothing small)
    section: Plan
    polarity: higher
    unit: count
    aggregation: sum
    plan_id: "3"
    owner: Head of Service
  - ref: AD3
    title: Adoption orders granted
    section: Adoption
    polarity: higher
    unit: count
    aggregation: sum
    target: {"2025-26": {Q1: 20, Q2: 40, Q3: 60, Q4: 80}, "2026-27": {Q1: 20, Q2: 40, Q3: 60, Q4: 80}}
    target_basis: ytd
    tolerance: 10
    owner: Head of Permanence
  - ref: LA3
    title: Children who started to be looked after
    section: Front door
    polarity: lower
    unit: count
    aggregation: sum
    target: 12
    rag: {green: {at_most: 12}, amber: {at_most: 15}}
    owner: Head of Service
"""

# Small counts where each kind could give them away: PL1's latest month, PL2's previous month,
# AD3's June (every later year-to-date month end would differ by it), LA3's August (whose RAG
# colour would say "green", so at most 12, and band edges narrow it further).
SPECIAL = {("PL1", PERIOD): 3, ("PL2", PERIOD - 1): 4, ("AD3", Month(2026, 6)): 2,
           ("LA3", Month(2026, 8)): 1}


def values_csv() -> str:
    rows = ["ref,period,value,note"]
    for i, m in enumerate(MONTHS):
        for ref, base in (("PL1", 20), ("PL2", 22), ("PL3", 10), ("AD3", 7), ("LA3", 9)):
            rows.append(f"{ref},{m},{SPECIAL.get((ref, m), base + i % 5)},")
    return "\n".join(rows) + "\n"


@dataclass
class Built:
    dir: Path
    db: str
    report: MonthlyReport
    published: MonthlyReport


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("kinds")
    (out / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (out / "values.csv").write_text(values_csv(), encoding="utf-8")
    store = Store(str(out / "kpi.db"))
    store.load(prepare_load(store, catalogue=out / "catalogue.yaml", values=[out / "values.csv"],
                            as_at=dt.date(2026, 11, 5)))
    report = monthly_model(store, PERIOD, today=dt.date(2026, 11, 6))
    return Built(out, str(out / "kpi.db"), report, suppress(report))


def page(report: MonthlyReport, ref: str):
    return next(p for p in report.pages if p.indicator.ref == ref)


def withheld_months(report: MonthlyReport, ref: str) -> set[Month]:
    return {c.month for c in page(report, ref).months
            if c.figure is not None and is_suppressed(c.figure.value)}


# ---- plan tracker ---------------------------------------------------------------------------------

def test_plan_change_on_a_withheld_figure_is_withheld_without_an_arrow(built):
    plan = build_plan("Plan", None, [p.assessment for p in built.published.pages],
                      dt.date(2026, 11, 6))
    rows = {r.plan_id: r for r in plan.rows}
    assert rows["1"].latest is SUPPRESSED and rows["1"].change is SUPPRESSED
    assert rows["2"].previous is SUPPRESSED and rows["2"].change is SUPPRESSED
    for r in (rows["1"], rows["2"]):
        assert r.arrow is None and r.change_good is None and r.rating is None
    # nothing small: the change and its arrow are shown as in the internal tracker
    assert rows["3"].change == rows["3"].latest - rows["3"].previous
    assert rows["3"].arrow is not None
    # a row is never left with one figure shown and the change that gives the other
    for r in plan.rows:
        if is_suppressed(r.latest) or is_suppressed(r.previous):
            assert r.change is SUPPRESSED or r.change is None


# ---- scorecard -----------------------------------------------------------------------------------

def test_cumulative_month_ends_after_a_withheld_month_are_withheld(built):
    """AD3's year to date at each month end: June withheld means every later month end is too,
    else July's minus June's... gives the months away; and none of them carries a status."""
    card = next(c for c in build_scorecard(built.published).cards if c.ref == "AD3")
    assert card.cumulative
    hidden = withheld_months(built.published, "AD3")
    assert Month(2026, 6) in hidden
    first = min(m for m in hidden if m.financial_year == PERIOD.financial_year)
    for end in card.months:
        if not end.reached:
            continue
        if end.month >= first:
            assert end.actual is SUPPRESSED and end.status is None, end
        else:
            assert isinstance(end.actual, (int, float)) and end.status is not None, end
    # what is shown cannot be differenced into a withheld month: shown month ends are all
    # before the first withheld month
    shown = [e.month for e in card.months if e.reached and not is_suppressed(e.actual)]
    assert all(m < first for m in shown)
    assert all(q.status is None for q in card.quarters if q.month >= first)


def test_month_by_month_cards_withhold_only_the_withheld_months(built):
    card = next(c for c in build_scorecard(built.published).cards if c.ref == "LA3")
    hidden = withheld_months(built.published, "LA3")
    for end in card.months:
        if end.reached:
            assert is_suppressed(end.actual) == (end.month in hidden), end
            if end.month in hidden:
                assert end.status is None


# ---- appendix ------------------------------------------------------------------------------------

def test_appendix_months_withheld_carry_no_rag_colour(built):
    appendix = build_appendix(built.published)
    row = next(r for r in appendix.rows if r.ref == "LA3")
    hidden = [c for c in row.months if c.figure is not None and is_suppressed(c.figure.value)]
    assert Month(2026, 8) in {c.month for c in hidden}
    assert all(c.rag is None for c in hidden)
    shown = [c for c in row.months if c.figure is not None and not is_suppressed(c.figure.value)]
    assert shown and all(c.rag is not None for c in shown)  # the rule withholds only those
    for r in appendix.rows:
        for c in r.months:
            if c.figure is not None and is_suppressed(c.figure.value):
                assert c.rag is None, (r.ref, c.month)


# ---- the files -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(built) -> dict[tuple[str, bool], list[Path]]:
    files = {}
    for kind in KINDS:
        for publish in (False, True):
            files[(kind, publish)] = build_report(
                built.db, kind, PERIOD, built.dir / ("public" if publish else "internal"),
                formats=("html", "xlsx"), publish=publish, record=False)
    return files


@pytest.mark.parametrize("kind", KINDS)
def test_published_files_pass_the_checker(written, kind):
    for path in written[(kind, True)]:
        assert check_published(path) == [], path.name


@pytest.mark.parametrize("kind", KINDS)
def test_internal_files_fail_naming_a_small_count(written, kind):
    """The checker reads these layouts: the internal file's small counts are named, not only
    the missing note."""
    for path in written[(kind, False)]:
        problems = check_published(path)
        counts = [p for p in problems if "is a count from 1 to 5" in p]
        if kind == "scorecard":
            # its only small counts are LA3's August and PL2's September month ends
            assert any("1 is a count" in p for p in counts), (path.name, problems)
        assert counts, (path.name, problems)


def test_xlsx_checker_names_the_cell_in_each_new_layout(written):
    problems = {kind: check_published(next(p for p in written[(kind, False)]
                                           if p.suffix == ".xlsx")) for kind in KINDS}
    assert any("sheet 'Plan tracker'" in p and "(PL1 Oct-26): 3 is a count" in p
               for p in problems["plan"])
    assert any("(PL2 Sep-26): 4 is a count" in p for p in problems["plan"])
    assert any("(LA3 Aug-26): 1 is a count" in p for p in problems["scorecard"])
    assert any("(AD3 Jun-26): 2 is a count" in p for p in problems["appendix"])
    # targets are not counts of children
    assert not any("Target" in p for ps in problems.values() for p in ps)


# ---- end to end, with child-level records ---------------------------------------------------------

RECORDS_CATALOGUE = CATALOGUE + """\
  - ref: CR1
    title: Contacts received
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {measure: contacts}
"""


def kpiboard(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kpiboard", *map(str, args)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def records_store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("records")
    done = kpiboard("synth", "--out", out / "synth", "--children", "400", "--months", "7",
                    "--seed", "3")
    assert done.returncode == 0, done.stderr
    (out / "catalogue.yaml").write_text(RECORDS_CATALOGUE, encoding="utf-8")
    (out / "values.csv").write_text(values_csv(), encoding="utf-8")
    db = out / "kpi.db"
    done = kpiboard("load", "--db", db, "--catalogue", out / "catalogue.yaml",
                    "--values", out / "values.csv", "--annex-a", out / "synth" / "annex_a",
                    "--la", "999", "--as-at", "2026-11-05")
    assert done.returncode == 0, done.stderr
    return db


def test_report_all_published_passes_and_internal_fails(records_store, tmp_path):
    public, internal = tmp_path / "public", tmp_path / "internal"
    done = kpiboard("report", "--db", records_store, "--period", "2026-10", "--kind", "all",
                    "--publish", "--format", "html,pdf,xlsx", "--out", public)
    assert done.returncode == 0, done.stderr
    files = sorted(public.iterdir())
    stems = {p.name.split("-2026-10")[0] for p in files}
    assert stems == {"monthly-report", "plan-tracker", "scorecard-by-owner",
                     "improvement-kpi-appendix", "performance-on-a-page"}
    assert len(files) == 15
    for path in files:
        assert check_published(path) == [], path.name

    done = kpiboard("report", "--db", records_store, "--period", "2026-10", "--kind", "all",
                    "--format", "html,xlsx", "--out", internal)
    assert done.returncode == 0, done.stderr
    for path in sorted(internal.iterdir()):
        problems = check_published(path)
        assert any("is a count from 1 to 5" in p for p in problems), (path.name, problems)
    # the same internal files are refused by the command
    refused = kpiboard("check-published", *sorted(internal.iterdir()))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
