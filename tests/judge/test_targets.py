"""The target that applies to a month: flat, per financial year, monthly or quarterly profiles
(quarterly cumulative targets such as 182, 365, 547, 730 are pro rata within the quarter)."""

import pytest
from pydantic import ValidationError

from kpiboard.catalogue.model import Indicator
from kpiboard.judge.targets import target_for
from kpiboard.periods import Month

P = pytest.param


def ind(target, basis="month"):
    return Indicator(ref="T1", title="Test", section="S", polarity="higher", unit="count",
                     aggregation="sum", target=target, target_basis=basis)


QUARTERS = {"2017-18": {"Q1": 182, "Q2": 365, "Q3": 547, "Q4": 730}}

CASES = [
    # target spec, target basis, month -> expected
    P(None, "month", Month(2017, 4), None, id="no-target"),
    P(95, "month", Month(2017, 4), 95.0, id="flat-int"),
    P(95.5, "month", Month(2030, 1), 95.5, id="flat-any-month"),
    P(0, "month", Month(2017, 4), 0.0, id="flat-zero"),
    # per financial year
    P({"2017-18": 90, "2018-19": 92}, "month", Month(2017, 4), 90.0, id="per-year-april"),
    P({"2017-18": 90, "2018-19": 92}, "month", Month(2018, 3), 90.0, id="per-year-march-same-year"),
    P({"2017-18": 90, "2018-19": 92}, "month", Month(2018, 4), 92.0, id="per-year-next-april"),
    P({"2017-18": 90, "2018-19": 92}, "month", Month(2017, 3), None, id="per-year-missing-year"),
    P({"2017/18": 90}, "month", Month(2017, 10), 90.0, id="per-year-slash-key"),
    # monthly profile
    P({"2017-18": {"2017-04": 10, "Jun-17": 30}}, "month", Month(2017, 4), 10.0, id="monthly-april"),
    P({"2017-18": {"2017-04": 10, "Jun-17": 30}}, "month", Month(2017, 6), 30.0,
      id="monthly-label-key-normalised"),
    P({"2017-18": {"2017-04": 10, "Jun-17": 30}}, "month", Month(2017, 5), None,
      id="monthly-month-not-in-profile"),
    P({"2017-18": {"2017-04": 10}}, "month", Month(2018, 4), None, id="monthly-year-missing"),
    # quarterly, not cumulative: each month of a quarter takes the quarter's value
    P(QUARTERS, "month", Month(2017, 4), 182.0, id="quarterly-apr-q1"),
    P(QUARTERS, "month", Month(2017, 5), 182.0, id="quarterly-may-q1"),
    P(QUARTERS, "month", Month(2017, 6), 182.0, id="quarterly-jun-q1"),
    P(QUARTERS, "month", Month(2017, 7), 365.0, id="quarterly-jul-q2"),
    P(QUARTERS, "month", Month(2017, 12), 547.0, id="quarterly-dec-q3"),
    P(QUARTERS, "month", Month(2018, 1), 730.0, id="quarterly-jan-q4"),
    P(QUARTERS, "month", Month(2018, 3), 730.0, id="quarterly-mar-q4"),
    P({"2017-18": {"q1": 5, "q2": 6}}, "month", Month(2017, 8), 6.0, id="quarterly-lowercase-keys"),
    P({"2017-18": {"Q1": 5, "Q2": 6}}, "month", Month(2017, 10), None, id="quarterly-quarter-missing"),
    P({"2017-18": {"Q1": 5, "2017-05": 7}}, "month", Month(2017, 5), 7.0,
      id="month-key-wins-over-quarter"),
    # quarterly cumulative (target basis ytd): pro rata within the quarter
    P(QUARTERS, "ytd", Month(2017, 4), 182 / 3, id="cumulative-apr-60.67"),
    P(QUARTERS, "ytd", Month(2017, 5), 182 * 2 / 3, id="cumulative-may-121.33"),
    P(QUARTERS, "ytd", Month(2017, 6), 182.0, id="cumulative-jun-182"),
    P(QUARTERS, "ytd", Month(2017, 7), 243.0, id="cumulative-jul-243"),
    P(QUARTERS, "ytd", Month(2017, 8), 304.0, id="cumulative-aug-304"),
    P(QUARTERS, "ytd", Month(2017, 9), 365.0, id="cumulative-sep-365"),
    P(QUARTERS, "ytd", Month(2017, 10), 365 + 182 / 3, id="cumulative-oct-425.67"),
    P(QUARTERS, "ytd", Month(2017, 12), 547.0, id="cumulative-dec-547"),
    P(QUARTERS, "ytd", Month(2018, 1), 547 + 183 / 3, id="cumulative-jan-608"),
    P(QUARTERS, "ytd", Month(2018, 3), 730.0, id="cumulative-mar-730"),
    P(QUARTERS, "ytd", Month(2018, 4), None, id="cumulative-next-year-missing"),
    # a single cumulative target for the year is spread evenly over its months
    P({"2017-18": 730}, "ytd", Month(2017, 4), 730 / 12, id="cumulative-annual-number-pro-rata-apr"),
    P({"2017-18": 730}, "ytd", Month(2017, 9), 365.0, id="cumulative-annual-number-pro-rata-sep"),
    P({"2017-18": 730}, "ytd", Month(2018, 3), 730.0, id="cumulative-annual-number-pro-rata-mar"),
    P(24, "ytd", Month(2017, 5), 4.0, id="cumulative-flat-number-pro-rata"),
    P({"2017-18": {"Q1": 182, "Q3": 547}}, "ytd", Month(2017, 10), 182 + (547 - 182) / 3,
      id="cumulative-missing-quarter-uses-last-given"),
]


@pytest.mark.parametrize("target, basis, month, expected", CASES)
def test_target_for(target, basis, month, expected):
    got = target_for(ind(target, basis), month)
    if expected is None:
        assert got is None
    else:
        assert isinstance(got, float)
        assert got == pytest.approx(expected)


@pytest.mark.parametrize("month, shown", [
    P(Month(2017, 4), "60.67", id="apr"), P(Month(2017, 5), "121.33", id="may"),
    P(Month(2017, 6), "182.00", id="jun"), P(Month(2017, 7), "243.00", id="jul"),
])
def test_cumulative_targets_as_printed(month, shown):
    assert f"{target_for(ind(QUARTERS, 'ytd'), month):.2f}" == shown


@pytest.mark.parametrize("target", [
    P({"2017-18": {"2018-06": 5}}, id="profile-month-outside-year"),
    P({"2017-19": 5}, id="bad-financial-year"),
    P({"2017-18": {"Q5": 5}}, id="no-such-quarter"),
    P("95%", id="text-target"),
])
def test_bad_target_shapes_are_rejected(target):
    with pytest.raises(ValidationError):
        ind(target)
