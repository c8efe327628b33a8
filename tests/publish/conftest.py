"""A small real monthly report for publication tests: catalogue YAML, long values CSV,
commentary and benchmarks written to tmp_path, loaded through kpiboard.loading into a SQLite
store, and modelled by kpiboard.reporting.monthly_model, exactly as `kpiboard report` does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpiboard.loading import prepare_load
from kpiboard.model.monthly import MonthlyReport
from kpiboard.periods import Month
from kpiboard.reporting import monthly_model
from kpiboard.store import Store

PERIOD = Month(2026, 10)
MONTHS = [Month(2023, 4) + i for i in range(43)]  # April 2023 to October 2026

CATALOGUE = """\
title: Publication test catalogue
la: {code: "999", name: Testshire County Council}
report:
  title: Children's Services Monthly Performance Report
  service: Children's Social Care
  data_caution: Figures may be revised.
sections: [Looked-after children, Child protection, Adoption, Workforce]
indicators:
  - ref: LA3
    title: Children who started to be looked after
    section: Looked-after children
    polarity: neutral
    unit: count
    aggregation: sum
    baseline: "2025-04"
  - ref: UA1
    title: Unaccompanied asylum-seeking children looked after at month end
    section: Looked-after children
    polarity: neutral
    unit: count
    aggregation: latest
    baseline: "2025-04"
  - ref: RT1
    title: Children starting to be looked after per 10,000 children
    section: Looked-after children
    polarity: neutral
    unit: rate_per_10k
    aggregation: ratio
    decimals: 2
  - ref: CP5
    title: Children on a plan visited within 10 working days
    section: Child protection
    polarity: higher
    unit: percent
    aggregation: ratio
    target: 90
    rag: {green: {at_least: 90}, amber: {at_least: 85}}
    commentary_required: always
  - ref: AD3
    title: Adoption orders granted
    section: Adoption
    polarity: higher
    unit: count
    aggregation: sum
    rag: {basis: ytd, green: {at_least: 20}, amber: {at_least: 10}}
  - ref: WF2
    title: Agency social workers
    section: Workforce
    polarity: lower
    unit: percent
    aggregation: mean
"""

# Small counts placed where differencing would find them: inside the year to date (Jun-26), in
# the rolling year before April (Dec-25), in a window not shown (May-24), beside a zero (Aug-26).
LA3 = {Month(2025, 12): 2, Month(2026, 6): 3, Month(2026, 8): 0, Month(2024, 5): 1}
AD3_CYCLE = [2, 0, 3, 1, 4, 6, 7, 0, 5, 9, 2, 8]
CP5 = {Month(2026, 9): (3, 4), Month(2026, 7): (4, 40), Month(2026, 1): (38, 40),
       Month(2026, 2): (0, 3)}
UA1 = {Month(2026, 10): 4, Month(2026, 3): 5}
RT1 = {Month(2026, 5): 2}


def values_csv() -> str:
    rows = ["ref,period,value,note"]
    for i, m in enumerate(MONTHS):
        rows.append(f"LA3,{m},{LA3.get(m, 8 + i % 7)},")
        rows.append(f"AD3,{m},{AD3_CYCLE[i % 12]},")
        n, d = CP5.get(m, (45 + i % 5, 50))
        rows.append(f"CP5,{m},{n} of {d},")
        rows.append(f"UA1,{m},{UA1.get(m, 9 + i % 4)},")
        rows.append(f"RT1,{m},{RT1.get(m, 6 + i % 6)} of 50000,")
        rows.append(f"WF2,{m},{20 + i % 9 / 2},")
    return "\n".join(rows) + "\n"


COMMENTARY = """\
ref,period,author,subject,text
CP5,2026-10,A. Person,Head of Service,"Visits recovered; in September 3 of 4 children were seen."
LA3,2026-10,A. Person,Head of Service,"Admissions steady."
"""

BENCHMARKS = "ref,year,sn_average,england\nLA3,2025-26,11,9\nCP5,2025-26,88.5,90.1\n"


@dataclass
class Fixture:
    store: Store
    report: MonthlyReport
    dir: Path


def build(tmp_path: Path) -> Fixture:
    files = {}
    for name, text in (("catalogue.yaml", CATALOGUE), ("values.csv", values_csv()),
                       ("commentary.csv", COMMENTARY), ("benchmarks.csv", BENCHMARKS)):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    store = Store(str(tmp_path / "kpi.db"))
    store.load(prepare_load(store, catalogue=files["catalogue.yaml"], values=[files["values.csv"]],
                            commentary=[files["commentary.csv"]],
                            benchmarks=[files["benchmarks.csv"]], as_at=dt.date(2026, 11, 5)))
    return Fixture(store, monthly_model(store, PERIOD, today=dt.date(2026, 11, 6)), tmp_path)


@pytest.fixture
def fixture(tmp_path) -> Fixture:
    return build(tmp_path)


@pytest.fixture
def report(fixture) -> MonthlyReport:
    return fixture.report


@pytest.fixture(scope="module")
def module_fixture(tmp_path_factory) -> Fixture:
    """The same report built once for a test module (rendering PDFs is slow)."""
    return build(tmp_path_factory.mktemp("publish"))
