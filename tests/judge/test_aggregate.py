"""Year to date, rolling 12 months and outturn, per aggregation (sum, ratio, mean, latest)."""

import pytest

from kpiboard.figures import Figure
from kpiboard.judge.aggregate import Aggregate, aggregate, outturn, rolling_12m, year_to_date
from kpiboard.periods import FinancialYear, Month

P = pytest.param


def fig(value, num=None, den=None, month=Month(2017, 4), note=None):
    return Figure("X1", month, value, num, den, note=note)


def pct(num, den):
    return fig(num / den * 100, num, den)


UNAVAILABLE = fig(None, note="unavailable due to data migration")

CASES = [
    # figures, how, scale -> (value, numerator, denominator, months, missing)
    P([fig(10), fig(20), fig(30)], "sum", 1, (60, None, None, 3, 0), id="sum-counts"),
    P([fig(10), None, fig(30)], "sum", 1, (40, None, None, 2, 1), id="sum-missing-month-counted"),
    P([fig(10), UNAVAILABLE, fig(30)], "sum", 1, (40, None, None, 2, 1),
      id="sum-unavailable-month-counted"),
    P([fig(1, 1, 10), fig(2, 2, 10)], "sum", 1, (3, 3, 20, 2, 0), id="sum-keeps-parts"),
    P([fig(0), fig(0)], "sum", 1, (0, None, None, 2, 0), id="sum-zeros"),
    P([fig(-2), fig(5)], "sum", 1, (3, None, None, 2, 0), id="sum-negative"),
    # ratio: summed numerators over summed denominators, never the mean of the percentages
    P([pct(76, 576)], "ratio", 100, (76 / 576 * 100, 76, 576, 1, 0), id="ratio-one-month-76-of-576"),
    P([pct(1, 2), pct(90, 100)], "ratio", 100, (91 / 102 * 100, 91, 102, 2, 0),
      id="ratio-not-mean-of-percents-89.2-not-70"),
    P([pct(45, 50), pct(45, 50)], "ratio", 100, (90.0, 90, 100, 2, 0), id="ratio-equal-months"),
    P([pct(1, 2), None, pct(90, 100)], "ratio", 100, (91 / 102 * 100, 91, 102, 2, 1),
      id="ratio-missing-month-left-out"),
    P([fig(30 / 60000 * 10000, 30, 60000), fig(30 / 60000 * 10000, 30, 60000)], "ratio", 10_000,
      (5.0, 60, 120000, 2, 0), id="ratio-rate-per-10k"),
    P([fig(0.0, 0, 10), fig(0.0, 0, 10)], "ratio", 100, (0.0, 0, 20, 2, 0), id="ratio-zero-numerator"),
    # mean: e.g. average caseload
    P([fig(16), fig(17), fig(18)], "mean", 1, (17.0, None, None, 3, 0), id="mean-caseload"),
    P([fig(16), None, fig(18)], "mean", 1, (17.0, None, None, 2, 1), id="mean-missing-left-out"),
    P([fig(16, 16, 1), fig(18, 36, 2)], "mean", 1, (17.0, None, None, 2, 0), id="mean-drops-parts"),
    # latest: snapshot at the window's end
    P([fig(100), fig(110), fig(120)], "latest", 1, (120, None, None, 3, 0), id="latest-last-month"),
    P([fig(50, 5, 10), fig(60, 6, 10)], "latest", 100, (60, 6, 10, 2, 0), id="latest-keeps-its-parts"),
]


@pytest.mark.parametrize("figures, how, scale, expected", CASES)
def test_aggregate(figures, how, scale, expected):
    a = aggregate(figures, how, scale)
    value, num, den, months, missing = expected
    assert a.value == pytest.approx(value)
    assert (a.numerator, a.denominator, a.months, a.missing) == (num, den, months, missing)
    assert a.reason is None
    assert a.complete is (missing == 0)
    assert a.published is False


def test_ratio_is_not_the_mean_of_percentages():
    a = aggregate([pct(1, 2), pct(90, 100)], "ratio", 100)
    mean_of_percents = aggregate([pct(1, 2), pct(90, 100)], "mean", 100)
    assert a.value == pytest.approx(89.2157, abs=1e-4)
    assert mean_of_percents.value == pytest.approx(70.0)


@pytest.mark.parametrize("figures, how, reason, months, missing", [
    P([pct(1, 2), fig(50.0)], "ratio", "needs numerators and denominators for every month", 2, 0,
      id="ratio-month-without-parts"),
    P([pct(1, 2), fig(50.0, 1, None)], "ratio", "needs numerators and denominators for every month",
      2, 0, id="ratio-month-without-denominator"),
    P([fig(50.0, None, 2), None], "ratio", "needs numerators and denominators for every month", 1, 1,
      id="ratio-month-without-numerator-and-a-missing-month"),
    P([fig(0.0, 0, 0), fig(0.0, 0, 0)], "ratio", "denominator is zero", 2, 0,
      id="ratio-zero-denominator"),
    P([], "sum", "no figures in the window", 0, 0, id="empty-window"),
    P([None, None, UNAVAILABLE], "sum", "no figures in the window", 0, 3, id="all-missing-sum"),
    P([None, UNAVAILABLE], "ratio", "no figures in the window", 0, 2, id="all-missing-ratio"),
    P([None], "latest", "no figures in the window", 0, 1, id="all-missing-latest"),
])
def test_aggregate_without_value_says_why(figures, how, reason, months, missing):
    a = aggregate(figures, how, 100)
    assert a.value is None
    assert a.reason == reason
    assert (a.months, a.missing) == (months, missing)


def test_zero_denominator_keeps_parts():
    a = aggregate([fig(0.0, 0, 0)], "ratio", 100)
    assert (a.numerator, a.denominator) == (0, 0)


# ---- windows: year to date from April, rolling 12 months, outturn ---------------------------

FY17 = FinancialYear(2017)
# Apr 2017 = 1, May = 2, ... Mar 2018 = 12
COUNTS_FY17 = {m: Figure("X1", m, float(i)) for i, m in enumerate(FY17.months, start=1)}


@pytest.mark.parametrize("period, value, months, missing", [
    P(Month(2017, 4), 1, 1, 0, id="april-is-one-month"),
    P(Month(2017, 6), 6, 3, 0, id="june-is-apr-to-jun"),
    P(Month(2017, 12), 45, 9, 0, id="december-is-nine-months"),
    P(Month(2018, 1), 55, 10, 0, id="january-covers-apr-to-jan-across-calendar-year"),
    P(Month(2018, 3), 78, 12, 0, id="march-is-twelve-months"),
    P(Month(2018, 4), None, 0, 1, id="new-year-starts-again-in-april"),
])
def test_year_to_date_sum(period, value, months, missing):
    a = year_to_date(COUNTS_FY17, period, "sum", 1)
    assert a.value == value
    assert (a.months, a.missing) == (months, missing)


def test_year_to_date_counts_missing_months():
    series = {m: f for m, f in COUNTS_FY17.items() if m != Month(2017, 5)}
    a = year_to_date(series, Month(2017, 7), "sum", 1)
    assert (a.value, a.months, a.missing, a.complete) == (1 + 3 + 4, 3, 1, False)


def test_year_to_date_ratio_sums_parts():
    series = {Month(2017, 4): Figure("X1", Month(2017, 4), 50.0, 1, 2),
              Month(2017, 5): Figure("X1", Month(2017, 5), 90.0, 90, 100),
              Month(2017, 3): Figure("X1", Month(2017, 3), 0.0, 0, 1000)}  # previous year: not in YTD
    a = year_to_date(series, Month(2017, 5), "ratio", 100)
    assert a.value == pytest.approx(91 / 102 * 100)
    assert (a.numerator, a.denominator, a.months) == (91, 102, 2)


def test_year_to_date_latest_is_period_value():
    a = year_to_date(COUNTS_FY17, Month(2018, 1), "latest", 1)
    assert a.value == 10


def test_year_to_date_mean():
    a = year_to_date(COUNTS_FY17, Month(2017, 6), "mean", 1)
    assert a.value == 2.0


@pytest.mark.parametrize("period, value, months, missing", [
    # series has FY17 (Apr 2017..Mar 2018 = 1..12) plus Mar 2017 = 100
    P(Month(2018, 3), 78, 12, 0, id="march-equals-the-financial-year"),
    P(Month(2018, 2), 100 + 66, 12, 0, id="february-crosses-financial-year-mar17-to-feb18"),
    P(Month(2017, 6), 100 + 6, 4, 8, id="june-17-only-four-months-exist"),
    P(Month(2018, 6), 78 - 6, 9, 3, id="june-18-jul17-to-jun18-three-missing"),
])
def test_rolling_12m(period, value, months, missing):
    series = dict(COUNTS_FY17)
    series[Month(2017, 3)] = Figure("X1", Month(2017, 3), 100.0)
    a = rolling_12m(series, period, "sum", 1)
    assert a.value == value
    assert (a.months, a.missing) == (months, missing)


def test_outturn_computed_from_months():
    a = outturn(COUNTS_FY17, FY17, "sum", 1)
    assert (a.value, a.months, a.missing, a.published, a.complete) == (78, 12, 0, False, True)


def test_outturn_published_figure_overrides_computed():
    published = {FY17: Figure("X1", FY17, 80.5, 805, 1000)}
    a = outturn(COUNTS_FY17, FY17, "sum", 1, published)
    assert a == Aggregate(80.5, 805, 1000, 12, 0, published=True)


def test_outturn_published_for_another_year_is_ignored():
    published = {FinancialYear(2016): Figure("X1", FinancialYear(2016), 99.0)}
    a = outturn(COUNTS_FY17, FY17, "sum", 1, published)
    assert (a.value, a.published) == (78, False)


def test_outturn_unavailable_published_figure_falls_back_to_months():
    published = {FY17: Figure("X1", FY17, None, note="not published")}
    a = outturn(COUNTS_FY17, FY17, "sum", 1, published)
    assert (a.value, a.published) == (78, False)


def test_outturn_partial_previous_year_counts_missing():
    fy16 = FinancialYear(2016)
    # only October 2016 to March 2017 were loaded (e.g. a data migration)
    series = {m: Figure("X1", m, 9.0, 9, 10) for m in fy16.months[6:]}
    a = outturn(series, fy16, "ratio", 100)
    assert a.value == pytest.approx(90.0)
    assert (a.numerator, a.denominator, a.months, a.missing, a.complete) == (54, 60, 6, 6, False)


def test_outturn_of_a_year_with_no_data():
    a = outturn(COUNTS_FY17, FinancialYear(2015), "sum", 1)
    assert (a.value, a.missing, a.reason) == (None, 12, "no figures in the window")


def test_latest_needs_the_last_month_of_the_window():
    """A snapshot is its value at the window's end; an earlier month is not passed off as it."""
    a = aggregate([fig(100), fig(110), None], "latest", 1)
    assert a.value is None and a.missing == 1
    assert a.reason == "no figure for the last month of the window"
