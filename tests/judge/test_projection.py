"""Year-end projection: the year so far carried forward per aggregation, compared with the
year-end target (hand-computed cases)."""

import pytest

from kpiboard.catalogue.model import Indicator
from kpiboard.judge.aggregate import Aggregate
from kpiboard.judge.projection import project, year_end_target
from kpiboard.periods import FinancialYear, Month
from kpiboard.publish import SUPPRESSED

P = pytest.param
OCT = Month(2026, 10)  # seven months of 2026-27


def ind(aggregation="sum", target=100, basis="month", polarity="higher", unit="count"):
    return Indicator(ref="T1", title="Test", section="S", polarity=polarity, unit=unit,
                     aggregation=aggregation, target=target, target_basis=basis)


CASES = [
    # indicator, year to date, latest month value -> (value, target, on course)
    # 700 in 7 months runs at 100 a month: 1,200 against 12 x 100
    P(ind(), Aggregate(700, months=7), 90, (1200.0, 1200.0, True), id="sum-monthly-target-met"),
    P(ind(), Aggregate(693, months=7), 90, (1188.0, 1200.0, False), id="sum-monthly-target-missed"),
    # a cumulative target is already a year-end figure
    P(ind(target=1000, basis="ytd", polarity="lower"), Aggregate(560, months=7), 80,
      (960.0, 1000.0, True), id="sum-cumulative-lower-better"),
    # months missing: the run rate is over the months with figures
    P(ind(), Aggregate(600, months=5, missing=2), 90, (1440.0, 1200.0, True), id="sum-gaps"),
    # a percentage's year is its summed numerator over denominator: the year to date itself
    P(ind("ratio", 85, unit="percent"), Aggregate(83.6, 418, 500, 7), 90.0, (83.6, 85.0, False),
      id="ratio"),
    P(ind("mean", 18, polarity="lower", unit="number"), Aggregate(17.5, months=7), 19.0,
      (17.5, 18.0, True), id="mean"),
    # a snapshot finishes where it is: the latest figure, not the year to date
    P(ind("latest", 300, polarity="lower"), Aggregate(320, months=7), 310, (310, 300.0, False),
      id="latest"),
    P(ind(polarity="neutral"), Aggregate(700, months=7), 90, (1200.0, 1200.0, None),
      id="neutral-no-verdict"),
]


@pytest.mark.parametrize("indicator, ytd, latest, expected", CASES)
def test_projection(indicator, ytd, latest, expected):
    p = project(indicator, ytd, latest, OCT)
    assert (p.value, p.target, p.on_course) == pytest.approx(expected) if None not in expected \
        else (p.value, p.target, p.on_course) == expected
    assert p.year == FinancialYear(2026) and p.months == ytd.months


def test_no_projection_without_target_or_figures():
    assert project(ind(target=None), Aggregate(700, months=7), 90, OCT) is None
    assert project(ind(), Aggregate(None, months=0, missing=7), None, OCT) is None


def test_withheld_year_to_date_gives_withheld_projection():
    p = project(ind(), Aggregate(SUPPRESSED, SUPPRESSED, SUPPRESSED, 7), 3, OCT)
    assert p.value is SUPPRESSED and p.on_course is None


def test_year_end_target_of_a_monthly_profile_is_its_sum():
    profile = {"2026-27": {"Q1": 10, "Q2": 20, "Q3": 30, "Q4": 40}}
    assert year_end_target(ind(target=profile), FinancialYear(2026)) == 3 * (10 + 20 + 30 + 40)
    assert year_end_target(ind(target=profile, basis="ytd"), FinancialYear(2026)) is not None
