"""The comparison conventions, with hand-computed expected values."""

from __future__ import annotations

import pytest

from kpiboard.benchmarks.compare import (NO_DIRECTION, Quartiles, band, best, compare, quartiles,
                                         rank, round_half_up, sn_mean, sn_median,
                                         top_quartile_threshold)


@pytest.mark.parametrize("value, places, expected", [
    (20.75, 1, 20.8),      # half-up, where round() gives the even 20.8 only by luck
    (0.25, 1, 0.3),        # round(0.25, 1) is 0.2
    (2.675, 2, 2.68),      # the float is 2.67499999...; the written form rounds up
    (17.15, 1, 17.2),
    (-1.25, 1, -1.3),      # away from zero, as Decimal's ROUND_HALF_UP does
    (None, 1, None),
])
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_sn_mean_drops_missing_neighbours():
    assert sn_mean([10.0, None, 20.0, 30.0]) == 20.0
    assert sn_mean([None, None]) is None
    assert sn_mean([1.1, 2.2]) == 1.65  # in decimals: not 1.6500000000000001


@pytest.mark.parametrize("values, expected", [
    ([20.7, 20.8], 20.8),                    # median 20.75 -> 20.8 (half-up)
    ([20.7, None, 20.8, None], 20.8),        # missing neighbours dropped
    ([0.2, 0.3], 0.3),                       # 0.25 -> 0.3
    ([3.0, 1.0, 2.0], 2.0),                  # odd count: the middle value
    ([4.0, 1.0, 3.0, 2.0], 2.5),             # even count: mean of the middle two
    ([12.34, 12.36], 12.4),                  # 12.35 -> 12.4
    ([], None),
    ([None], None),
])
def test_sn_median_rounds_half_up_to_1dp(values, expected):
    assert sn_median(values) == expected


def test_camden_rereferral_neighbours_by_hand():
    """Camden's 2021 neighbours' re-referral %, 2023-24, from the c1 counts (re-referrals / referrals):
    Westminster 293/1873, H&F 203/1578, K&C 282/1388, Islington 352/2210, Wandsworth 377/1833,
    Manchester 1222/6525, Greenwich 494/3277, Reading 800/3003, Haringey 613/3323, Barnet 374/2843.
    Sum 177.3648 / 10 = 17.736; middle two 15.9276 and 18.4472 -> 17.1874; best (lowest) 12.864."""
    values = [293 / 1873, 203 / 1578, 282 / 1388, 352 / 2210, 377 / 1833, 1222 / 6525, 494 / 3277,
              800 / 3003, 613 / 3323, 374 / 2843]
    values = [v * 100 for v in values]
    assert round_half_up(sn_mean(values)) == 17.7
    assert sn_median(values) == 17.2
    assert round_half_up(best(values, "lower")) == 12.9
    assert round_half_up(best(values, "higher")) == 26.6
    assert best(values, "neutral") is None


@pytest.mark.parametrize("values, expected", [
    # type 7: h = (n - 1) p, interpolate between order statistics floor(h) and floor(h) + 1
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (3.25, 5.5, 7.75)),   # h = 2.25, 4.5, 6.75
    ([3, 1, 4, 1, 5], (1.0, 3.0, 4.0)),                     # sorted 1 1 3 4 5; h = 1, 2, 3
    ([10, 20, 30, 40], (17.5, 25.0, 32.5)),                 # h = 0.75, 1.5, 2.25
    ([9.6, 9.7], (9.625, 9.65, 9.675)),                     # decimals: 9.65 exactly
    ([7], (7.0, 7.0, 7.0)),
    ([10, None, 20, None, 30, 40], (17.5, 25.0, 32.5)),     # missing LAs are left out
])
def test_quartiles_type7(values, expected):
    q = quartiles(values)
    assert (q.q1, q.median, q.q3) == expected


def test_quartiles_agree_with_numpy_linear():
    np = pytest.importorskip("numpy")
    values = [22.4, 18.6, 12.9, 20.3, 15.9, 20.6, 18.7, 15.1, 26.6, 18.4, 13.2, 31.0, 9.9]
    q = quartiles(values)
    assert (q.q1, q.median, q.q3) == pytest.approx(tuple(np.percentile(values, [25, 50, 75])))


def test_an_interpolated_threshold_rounds_half_up():
    assert round_half_up(quartiles([9.6, 9.7]).median) == 9.7


Q = Quartiles(17.5, 25.0, 32.5)


@pytest.mark.parametrize("value, lower, higher", [
    (10.0, "A", "D"),
    (17.5, "A", "C"),   # lower: A = [min, Q1];     higher: C = [Q1, median)
    (17.6, "B", "C"),
    (25.0, "B", "B"),   # lower: B = (Q1, median];  higher: B = [median, Q3)
    (25.1, "C", "B"),
    (32.5, "C", "A"),   # lower: C = (median, Q3];  higher: A = [Q3, max]
    (32.6, "D", "A"),
    (17.4, "A", "D"),
])
def test_bands_for_both_polarities(value, lower, higher):
    assert band(value, Q, "lower") == lower
    assert band(value, Q, "higher") == higher
    assert band(value, Q, "neutral") is None
    assert band(None, Q, "lower") is None


def test_top_quartile_threshold_is_q1_for_lower_q3_for_higher():
    assert top_quartile_threshold(Q, "lower") == 17.5
    assert top_quartile_threshold(Q, "higher") == 32.5
    assert top_quartile_threshold(Q, "neutral") is None
    assert top_quartile_threshold(None, "lower") is None


def test_rank_ties_take_the_smallest_rank():
    values = [10.0, 20.0, 20.0, 30.0, None]
    assert [rank(v, values, "lower") for v in (10.0, 20.0, 30.0)] == [1, 2, 4]
    assert [rank(v, values, "higher") for v in (30.0, 20.0, 10.0)] == [1, 2, 4]
    assert rank(None, values, "lower") is None
    assert rank(20.0, values, "neutral") is None


def test_compare_an_la_with_missing_neighbours():
    c = compare(14.0, polarity="lower", neighbours=[None, 10.0, 20.0, None, 12.0],
                la_values=[10.0, 20.0, 30.0, 40.0, 14.0, None], region=15.0, england=16.0,
                sn_vintage=2025)
    assert c.sn_mean == 14.0                  # (10 + 20 + 12) / 3
    assert c.sn_median == 12.0
    assert c.best_sn == 10.0
    assert c.neighbours_with_values == 3
    # LA values 10 14 20 30 40: Q1 = 14 (h = 1), median 20, Q3 = 30
    assert c.top_quartile_threshold == 14.0
    assert c.quartile_band == "A"
    assert c.rank == 2
    assert c.ranked_las == 5
    assert (c.region, c.england, c.sn_vintage, c.note) == (15.0, 16.0, 2025, None)


def test_compare_with_no_neighbour_values():
    c = compare(5.0, polarity="higher", neighbours=[None] * 10, la_values=[5.0, 6.0],
                region=None, england=None, sn_vintage=2021)
    assert (c.sn_mean, c.sn_median, c.best_sn, c.neighbours_with_values) == (None, None, None, 0)
    assert c.rank == 2 and c.quartile_band == "D"


def test_neutral_measures_have_no_direction_and_say_so():
    c = compare(30.0, polarity="neutral", neighbours=[10.0, 20.0], la_values=[10.0, 20.0, 30.0],
                region=None, england=25.0, sn_vintage=2021)
    assert c.sn_mean == 15.0 and c.sn_median == 15.0
    assert (c.best_sn, c.quartile_band, c.top_quartile_threshold, c.rank) == (None,) * 4
    assert c.note == NO_DIRECTION


def test_a_measure_without_quartiles_keeps_best_sn():
    c = compare(30.0, polarity="higher", neighbours=[10.0, 20.0], la_values=[10.0, 20.0, 30.0],
                region=None, england=None, sn_vintage=2021, ranked=False)
    assert c.best_sn == 20.0
    assert (c.quartile_band, c.top_quartile_threshold, c.rank) == (None, None, None)
