"""assess(): everything judged about one indicator in one period, on a small catalogue built here."""

import pytest

from kpiboard.catalogue.model import Indicator
from kpiboard.figures import Figure
from kpiboard.judge.tolerance import BETTER, WITHIN, WORSE
from kpiboard.model.assess import Series, assess
from kpiboard.periods import FinancialYear, Month

P = pytest.param

APR, MAY, JUN, JUL = Month(2017, 4), Month(2017, 5), Month(2017, 6), Month(2017, 7)
FY14, FY15, FY16 = FinancialYear(2014), FinancialYear(2015), FinancialYear(2016)


def visits(**kw):
    """% of child protection visits in time: higher is better, 95%+ green, 92%> amber."""
    base = dict(ref="CP13", title="CP visits within 4 weeks", section="Child protection",
                polarity="higher", unit="percent", aggregation="ratio", target=95, tolerance=2,
                rag={"green": {"at_least": 95}, "amber": {"at_least": 92}}, baseline="2017-04")
    base.update(kw)
    return Indicator(**base)


def pct(ref, month, num, den, **kw):
    return Figure(ref, month, num / den * 100, num, den, **kw)


VISIT_FIGURES = [
    pct("CP13", APR, 90, 100),                     # 90.0
    pct("CP13", MAY, 96, 100),                     # 96.0
    pct("CP13", JUN, 49, 50, rag_given="amber"),   # 98.0; YTD 235/250 = 94.0
    # previous years: 2016-17 published, 2015-16 from twelve months, 2014-15 half a year
    Figure("CP13", FY16, 91.5, 915, 1000),
    pct("CP13", Month(2017, 3), 10, 100),          # ignored for 2016-17: the published figure wins
    *[pct("CP13", m, 9, 10) for m in FY15.months],            # 90.0
    *[pct("CP13", m, 8, 10) for m in FY14.months[6:]],        # 80.0, Oct 2014 - Mar 2015
]
VISITS = Series.of(VISIT_FIGURES)


def test_series_splits_months_and_years():
    assert FY16 in VISITS.years and len(VISITS.years) == 1
    assert len(VISITS.months) == 3 + 1 + 12 + 6


def test_month_basis_assessment():
    a = assess(visits(), VISITS, JUN)
    assert a.ref == "CP13"
    assert a.value == pytest.approx(98.0)
    assert a.previous.value == pytest.approx(96.0)
    assert a.ytd.value == pytest.approx(94.0)
    assert (a.ytd.numerator, a.ytd.denominator, a.ytd.months) == (235, 250, 3)
    # Jul 2016 - Jun 2017: only Mar 2017 (10 of 100) and this year's three months were loaded
    assert a.rolling.value == pytest.approx((10 + 90 + 96 + 49) / (100 + 250) * 100)
    assert (a.rolling.months, a.rolling.missing) == (4, 8)
    assert a.target == 95.0
    assert a.judged_value == pytest.approx(98.0)
    assert a.rag == "green"
    assert a.rag_given == "amber" and a.rag_conflict is True
    assert (a.dot.dot, a.dot.arrow, a.dot.colour) == ("improved", "up", "green")
    assert a.status == BETTER
    assert a.on_target is True
    assert a.commentary_required is False


def test_ytd_basis_judges_the_year_to_date():
    a = assess(visits(rag={"basis": "ytd", "green": {"at_least": 95}, "amber": {"at_least": 92}}),
               VISITS, JUN)
    assert a.judged_value == pytest.approx(94.0)
    assert a.rag == "amber"
    assert a.rag_conflict is False
    assert a.commentary_required is True  # amber on the year to date
    assert a.status == BETTER  # the target is still compared with the month (target basis month)


@pytest.mark.parametrize("period, rag, dot, status, on_target, commentary", [
    P(APR, "red", ("improved", "green"), WORSE, False, True, id="april-90-red-improved-on-march"),
    P(MAY, "green", ("improved", "green"), WITHIN, True, False, id="may-96-green-within-1.9"),
    P(JUN, "green", ("improved", "green"), BETTER, True, False, id="june-98-green-improved"),
])
def test_month_by_month(period, rag, dot, status, on_target, commentary):
    a = assess(visits(), VISITS, period)
    assert a.rag == rag
    assert (None if a.dot is None else (a.dot.dot, a.dot.colour)) == dot
    assert a.status == status
    assert a.on_target is on_target
    assert a.commentary_required is commentary


def test_previous_three_outturns_oldest_first():
    a = assess(visits(), VISITS, JUN)
    assert [fy for fy, _ in a.outturns] == [FY14, FY15, FY16]
    fy14, fy15, fy16 = (agg for _, agg in a.outturns)
    assert fy14.value == pytest.approx(80.0) and (fy14.months, fy14.missing) == (6, 6)
    assert fy15.value == pytest.approx(90.0) and fy15.complete and not fy15.published
    assert fy16.value == 91.5 and fy16.published


def test_change_since_baseline():
    a = assess(visits(), VISITS, JUN)
    b = a.baseline
    assert b.since == APR
    assert b.baseline == pytest.approx(90.0)
    assert b.change == pytest.approx(8.0)
    assert b.percent == pytest.approx(8 / 90 * 100)
    assert b.better is True


@pytest.mark.parametrize("period, baseline", [
    P(APR, "2017-06", id="baseline-after-period"),
    P(JUN, "2016-06", id="baseline-month-without-figure"),
])
def test_no_change_since_baseline(period, baseline):
    assert assess(visits(baseline=baseline), VISITS, period).baseline is None


def test_baseline_month_itself_has_no_movement():
    b = assess(visits(), VISITS, APR).baseline
    assert (b.change, b.better) == (0, None)


# ---- a lower-is-better mean (caseload) with human gaps in its bands --------------------------

CASELOAD = Indicator(ref="W1", title="Average caseload", section="Caseloads", polarity="lower",
                     unit="number", aggregation="mean", target=17, baseline="2017-04",
                     rag={"green": {"at_most": 17}, "amber": {"between": [18.1, 20]},
                          "red": {"at_least": 20.1}})
CASELOADS = Series.of([Figure("W1", APR, 20.0), Figure("W1", MAY, 18.0), Figure("W1", JUN, 17.5)])


def test_lower_is_better_mean():
    a = assess(CASELOAD, CASELOADS, JUN)
    assert a.value == 17.5
    assert a.ytd.value == pytest.approx(18.5)
    assert a.rag == "amber"  # 17.5 is in the gap between "17 or below" and "18.1-20"
    assert (a.dot.dot, a.dot.arrow, a.dot.colour) == ("improved", "up", "green")
    assert a.status == WORSE  # no tolerance: only 17 or better is within
    assert a.on_target is False
    assert a.commentary_required is True
    assert (a.baseline.change, a.baseline.percent, a.baseline.better) == (-2.5, -12.5, True)


# ---- cumulative quarterly target on a count (scorecard) ---------------------------------------

ADOPTIONS = Indicator(ref="AD1", title="Activity", section="Adoption", polarity="higher",
                      unit="count", aggregation="sum", target_basis="ytd", tolerance=5,
                      target={"2017-18": {"Q1": 182, "Q2": 365, "Q3": 547, "Q4": 730}})
ACTIVITY = Series.of([Figure("AD1", APR, 50.0), Figure("AD1", MAY, 70.0), Figure("AD1", JUN, 60.0),
                      Figure("AD1", JUL, 80.0)])


@pytest.mark.parametrize("period, ytd, target, status, on_target, commentary", [
    P(APR, 50, 182 / 3, WORSE, False, True, id="apr-50-vs-60.67-worse"),
    P(MAY, 120, 182 * 2 / 3, WITHIN, False, True, id="may-120-vs-121.33-within"),
    P(JUN, 180, 182, WITHIN, False, True, id="jun-180-vs-182-within"),
    P(JUL, 260, 243, BETTER, True, False, id="jul-260-vs-243-better"),
])
def test_cumulative_target_compared_with_year_to_date(period, ytd, target, status, on_target,
                                                      commentary):
    a = assess(ADOPTIONS, ACTIVITY, period)
    assert a.ytd.value == ytd
    assert a.target == pytest.approx(target)
    assert a.rag is None
    assert a.status == status
    assert a.on_target is on_target
    assert a.commentary_required is commentary


def test_no_rag_decline_is_amber():
    a = assess(ADOPTIONS, ACTIVITY, JUN)  # 70 -> 60, no bands: treated as within limits
    assert (a.dot.dot, a.dot.colour) == ("declined", "amber")


# ---- information only, closeness to an expected level ------------------------------------------

REFERRALS = Indicator(ref="R1", title="Referral rate per 10,000", section="Contact and referral",
                      polarity="neutral", unit="rate_per_10k", aggregation="latest",
                      commentary_required="always",
                      rag={"green": {"within": {"of": 346.4, "by": 5}},
                           "amber": {"within": {"of": 346.4, "by": 15}}})
REFERRAL_RATES = Series.of([
    Figure("R1", APR, 340.0), Figure("R1", MAY, 360.0),
    Figure("R1", JUN, None, note="unavailable due to data migration"),
])


def test_information_only_indicator():
    a = assess(REFERRALS, REFERRAL_RATES, MAY)
    assert a.rag == "amber"
    assert (a.dot.dot, a.dot.arrow, a.dot.colour) == ("increased", "up", "")
    assert a.status is None and a.on_target is None
    assert a.ytd.value == 360.0
    assert a.commentary_required is True  # "always"
    assert a.baseline is None


def test_unavailable_month():
    a = assess(REFERRALS, REFERRAL_RATES, JUN)
    assert a.value is None
    assert a.unavailable_note == "unavailable due to data migration"
    assert a.rag is None and a.dot is None
    # a snapshot's year to date is its value at the window's end, which is unavailable
    assert a.ytd.missing == 1 and a.ytd.value is None
    assert a.rag_conflict is False


def test_first_month_without_previous_month_has_no_dot():
    a = assess(REFERRALS, REFERRAL_RATES, APR)
    assert a.previous is None and a.dot is None
    assert a.rag == "amber"  # 340 is 6.4 from 346.4


def test_month_with_no_figure_at_all():
    a = assess(REFERRALS, REFERRAL_RATES, JUL)
    assert a.figure is None and a.value is None and a.unavailable_note is None
    assert a.rag is None and a.dot is None and a.rag_given is None


@pytest.mark.parametrize("rule, expected", [
    P("always", True, id="always"), P("never", False, id="never-even-when-red"),
    P("off_target", True, id="off-target-red"),
])
def test_commentary_rule(rule, expected):
    a = assess(visits(commentary_required=rule), VISITS, APR)  # April: 90%, red
    assert a.commentary_required is expected
