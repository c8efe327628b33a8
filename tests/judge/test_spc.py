"""Statistical process control (XmR, Making Data Count): limits, the four rules, labels, icons.

Hand-computed tables first, then the published test data in ../shared/data/spc (PROVENANCE.md
there): NHSRplotthedots' limits and rule vectors, and mdcspc's golden 28-point series and
assurance cases. Each golden case states the settings it checks; docs/spc.md says where the
sources disagree and which one kpiboard follows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from kpiboard.judge.spc import assurance, variation, xmr
from kpiboard.judge.spc_rules import (run_flags, trend_flags, two_of_three_flags, xmr_limits)

SPC_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "spc"
P = pytest.param

# A fixed baseline used by the labelling cases: [11, 10] x 6 has mean 10.5 and every moving
# range 1, so the limits are 10.5 +/- 2.66 = 7.84 .. 13.16, and "close" (the outer third) starts
# at 10.5 +/- 2/3 x 2.66 = 12.2733 / 8.7267. It ends below the mean, so nothing after it joins
# a run with it by accident.
BASE = [11.0, 10.0] * 6


def labelled(after: list[float | None], polarity: str = "higher", run_length: int = 7):
    result = xmr(BASE + after, polarity=polarity, run_length=run_length, baseline=12)
    return [p.rule for p in result.points[12:]], result


# ---- limits ---------------------------------------------------------------------------------

def test_limits_by_hand():
    # mean 12; moving ranges 2, 1, 2, 1 -> mean 1.5; limits 12 +/- 2.66 x 1.5 = 8.01 .. 15.99
    limits = xmr_limits([10, 12, 11, 13, 14])
    assert limits.mean == 12
    assert limits.mean_moving_range == 1.5
    assert limits.lower == pytest.approx(8.01)
    assert limits.upper == pytest.approx(15.99)


@pytest.mark.parametrize("screen, lower, upper", [
    # mean 69/10 = 6.9; moving ranges 1,1,1,1,15,15,1,1,1: mean 37/9 = 4.111
    P(False, 6.9 - 2.66 * 37 / 9, 6.9 + 2.66 * 37 / 9, id="unscreened"),
    # screening drops ranges >= 3.267 x 4.111 = 13.43 (the two 15s); mean of the rest is 1
    P(True, 6.9 - 2.66, 6.9 + 2.66, id="screened"),
])
def test_screening_drops_large_moving_ranges_by_hand(screen, lower, upper):
    limits = xmr_limits([5, 6, 5, 6, 5, 20, 5, 6, 5, 6], screen=screen)
    assert limits.mean == pytest.approx(6.9)
    assert (limits.lower, limits.upper) == (pytest.approx(lower), pytest.approx(upper))


def test_one_point_has_a_mean_but_no_limits():
    result = xmr([4.0], polarity="higher")
    point = result.points[0]
    assert (point.mean, point.lower_limit, point.upper_limit) == (4.0, None, None)
    assert result.variation == "common_cause" and result.assurance is None and result.trial


def test_empty_series():
    result = xmr([], polarity="higher", target=5)
    assert (result.points, result.variation, result.assurance, result.trial) == ((), None, None, False)


def test_flat_series_is_common_cause():
    result = xmr([5.0] * 15, polarity="higher", target=5)
    assert {p.rule for p in result.points} == {None}
    assert (result.points[0].lower_limit, result.points[0].upper_limit) == (5.0, 5.0)
    assert result.variation == "common_cause" and result.assurance == "hit_and_miss"


def test_fixed_baseline_uses_only_the_first_points():
    _, result = labelled([20.0, 21.0, 22.0])
    for point in result.points:
        assert point.mean == 10.5
        assert (point.lower_limit, point.upper_limit) == (pytest.approx(7.84), pytest.approx(13.16))
    assert [p.rule for p in result.points[12:]] == ["astronomical"] * 3


# ---- the rules on their own -----------------------------------------------------------------

@pytest.mark.parametrize("sides, length, expected", [
    P([1] * 6, 7, [0] * 6, id="six-above-is-not-a-run-of-seven"),
    P([1] * 6, 6, [1] * 6, id="six-above-is-a-run-of-six"),
    P([1] * 7, 7, [1] * 7, id="seven-above"),
    P([-1] * 7 + [1], 7, [1] * 7 + [0], id="seven-below-then-above"),
    P([1] * 3 + [0] + [1] * 3, 6, [0] * 7, id="a-point-on-the-mean-breaks-the-run"),
    P([1, -1] * 4, 6, [0] * 8, id="alternating"),
])
def test_run_flags(sides, length, expected):
    assert run_flags(sides, length) == [bool(e) for e in expected]


@pytest.mark.parametrize("values, length, expected", [
    P([1, 2, 3, 4, 5, 6, 7], 7, [1] * 7, id="seven-rising"),
    P([7, 6, 5, 4, 3, 2, 1], 7, [-1] * 7, id="seven-falling"),
    P([1, 2, 3, 4, 5, 6], 7, [0] * 6, id="six-rising-is-not-seven"),
    P([1, 2, 3, 4, 5, 6], 6, [1] * 6, id="six-rising-is-six"),
    P([1, 2, 3, 3, 4, 5, 6], 6, [0] * 7, id="a-tie-breaks-the-trend"),
    P([5, 1, 2, 3, 4, 5, 6, 2], 6, [0, 1, 1, 1, 1, 1, 1, 0], id="flags-only-the-trend"),
    P([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1], 6, [1] * 6 + [-1] * 5,
      id="the-peak-keeps-the-rising-trend-it-ends"),
])
def test_trend_flags(values, length, expected):
    assert trend_flags(values, length) == expected


@pytest.mark.parametrize("close, sides, expected", [
    P([1, 0, 1], [1, 1, 1], [1, 0, 1], id="two-of-three-flags-only-the-close-points"),
    P([1, 1, 0], [-1, -1, -1], [1, 1, 0], id="low-side"),
    P([1, 0, 1], [1, -1, 1], [0, 0, 0], id="middle-point-on-the-other-side"),
    P([1, 1, 0], [1, 1, 0], [0, 0, 0], id="third-point-on-the-mean"),
    P([1, 1, 0], [1, -1, -1], [0, 0, 0], id="close-points-on-opposite-sides"),
    P([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1], id="one-in-three-is-not-enough"),
])
def test_two_of_three_flags(close, sides, expected):
    assert two_of_three_flags([bool(c) for c in close], sides) == [bool(e) for e in expected]


# ---- labelling a point: rule priority and improvement / concern -----------------------------

@pytest.mark.parametrize("after, expected", [
    P([11.0] * 7, ["run"] * 7, id="seven-above-the-mean"),
    P([11.0] * 6, [None] * 6, id="six-above-is-not-a-run-of-seven"),
    P([11.0, 11.0, 11.0, 10.5, 11.0, 11.0, 11.0], [None] * 7, id="a-point-on-the-mean-breaks-a-run"),
    P([11.0] * 6 + [20.0], ["run"] * 6 + ["astronomical"], id="astronomical-beats-run"),
    P([10.6, 10.7, 10.8, 10.9, 11.0, 11.1, 11.2], ["trend"] * 7, id="trend-beats-run"),
    P([12.5, 11.0, 12.5, 11.0, 11.0, 11.0, 11.0],
      ["two_of_three", "run", "two_of_three", "run", "run", "run", "run"],
      id="two-of-three-beats-run"),
    P([12.5, 10.0, 12.5], [None] * 3, id="two-of-three-needs-all-three-on-one-side"),
    P([12.5, 11.0, 14.0], [None, None, "astronomical"],
      id="a-point-beyond-the-limit-is-not-close"),
    P([11.0, 11.0, 11.0, None, 11.0, 11.0, 11.0, 11.0], ["run"] * 3 + [None] + ["run"] * 4,
      id="a-missing-month-does-not-break-a-run"),
])
def test_rule_that_labels_each_point(after, expected):
    rules, _ = labelled(after)
    assert rules == expected


def test_trend_points_below_the_mean_follow_the_trend_direction():
    # the trend starts at the last baseline point (10, below the mean 10.5) and rises
    result = xmr(BASE + [10.6, 10.7, 10.8, 10.9, 11.0, 11.1], polarity="higher", baseline=12)
    assert result.points[11].rule == "trend"
    assert result.points[11].variation == "improvement_high"
    assert result.variation == "improvement_high"


@pytest.mark.parametrize("rule, side, polarity, expected", [
    P(None, 1, "higher", "common_cause", id="no-rule"),
    P("run", 1, "higher", "improvement_high", id="higher-high"),
    P("run", -1, "higher", "concern_low", id="higher-low"),
    P("astronomical", 1, "lower", "concern_high", id="lower-high"),
    P("astronomical", -1, "lower", "improvement_low", id="lower-low"),
    P("trend", 1, "neutral", "neutral_high", id="neutral-rising"),
    P("two_of_three", -1, "neutral", "neutral_low", id="neutral-low"),
])
def test_variation_codes(rule, side, polarity, expected):
    assert variation(rule, side, polarity) == expected


@pytest.mark.parametrize("after, polarity, expected", [
    P([11.0] * 7, "higher", "improvement_high", id="run-above-higher-is-better"),
    P([11.0] * 7, "lower", "concern_high", id="run-above-lower-is-better"),
    P([10.0] * 7, "lower", "improvement_low", id="run-below-lower-is-better"),
    P([10.0] * 7, "neutral", "neutral_low", id="run-below-neutral"),
    P([11.0] * 7 + [10.0], "higher", "common_cause", id="latest-point-is-common-cause"),
    P([11.0] * 7 + [None], "higher", "improvement_high", id="latest-value-when-last-is-missing"),
])
def test_series_variation_is_the_latest_value(after, polarity, expected):
    _, result = labelled(after, polarity)
    assert result.variation == expected


# ---- assurance, trial limits, rebasing, missing values, settings ----------------------------

@pytest.mark.parametrize("lower, upper, target, polarity, expected", [
    P(5, 7, 4, "higher", "consistent_pass", id="higher-target-below-limits"),
    P(1, 3, 4, "higher", "consistent_fail", id="higher-target-above-limits"),
    P(1, 5, 4, "higher", "hit_and_miss", id="higher-target-between"),
    P(4, 7, 4, "higher", "hit_and_miss", id="target-on-a-limit-is-hit-and-miss"),
    P(1, 3, 4, "lower", "consistent_pass", id="lower-target-above-limits"),
    P(5, 7, 4, "lower", "consistent_fail", id="lower-target-below-limits"),
    P(1, 5, 4, "neutral", None, id="neutral-has-no-assurance"),
    P(1, 5, None, "higher", None, id="no-target-no-assurance"),
    P(None, None, 4, "higher", None, id="no-limits-no-assurance"),
])
def test_assurance(lower, upper, target, polarity, expected):
    assert assurance(lower, upper, target, polarity) == expected


@pytest.mark.parametrize("count, trial", [P(12, True, id="12-points-trial"),
                                          P(13, False, id="13-points-not-trial")])
def test_fewer_than_13_points_give_trial_limits(count, trial):
    result = xmr(([10.0, 11.0] * 7)[:count], polarity="higher")
    assert result.trial is trial and all(p.trial is trial for p in result.points)


def test_rebasing_restarts_mean_limits_and_rules():
    values = [10.0, 11.0] * 7 + [20.0, 21.0] * 7
    plain = xmr(values, polarity="higher")
    # one mean of 15.5 and mean moving range 35/27: limits 11.05 .. 19.95, every point outside
    assert {p.rule for p in plain.points} == {"astronomical"}
    rebased = xmr(values, polarity="higher", rebase_at=[14])
    assert [p.group for p in rebased.points] == [0] * 14 + [1] * 14
    assert {p.mean for p in rebased.points[:14]} == {10.5}
    assert {p.mean for p in rebased.points[14:]} == {20.5}
    assert {p.rule for p in rebased.points} == {None}
    assert rebased.variation == "common_cause"


def test_a_short_last_group_is_trial():
    result = xmr([10.0, 11.0] * 10, polarity="higher", rebase_at=[14])
    assert [p.trial for p in result.points] == [False] * 14 + [True] * 6
    assert result.trial


def test_missing_values_are_skipped_for_moving_ranges():
    # present values 10, 12, 11, 13, 14: as test_limits_by_hand, not a range across the gap
    result = xmr([10.0, None, 12.0, 11.0, 13.0, 14.0], polarity="higher")
    gap = result.points[1]
    assert (gap.value, gap.rule, gap.variation, gap.mean) == (None, None, None, 12)
    assert gap.lower_limit == pytest.approx(8.01) and gap.upper_limit == pytest.approx(15.99)


@pytest.mark.parametrize("kwargs, message", [
    P({"polarity": "up"}, "polarity 'up'", id="polarity"),
    P({"polarity": "higher", "run_length": 8}, "run length 8", id="run-length"),
    P({"polarity": "higher", "baseline": 11}, "at least 12", id="baseline"),
    P({"polarity": "higher", "rebase_at": [0]}, "rebase point", id="rebase-at-start"),
    P({"polarity": "higher", "rebase_at": [20]}, "rebase point", id="rebase-past-end"),
])
def test_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        xmr([1.0] * 20, **kwargs)


# ---- golden: NHSRplotthedots ----------------------------------------------------------------

def _nhsr_limit_cases():
    with (SPC_DATA / "nhsr" / "xmr_limits_expected.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            screen = row["screen_outliers"] == "TRUE"
            yield P(row, screen, id=f"{row['case']}-screen-{'on' if screen else 'off'}")


def _to_printed_precision(expected: str) -> pytest.approx:
    """The expected values are printed to a few places: agree to half a unit in the last one."""
    places = len(expected.split(".")[1]) if "." in expected else 0
    return pytest.approx(float(expected), abs=0.5 * 10 ** -places)


@pytest.mark.parametrize("row, screen", list(_nhsr_limit_cases()))
def test_nhsr_limits(row, screen):
    """Each case states its screening: NHSR's default (on) or the MDC Excel tool's (off)."""
    limits = xmr_limits([float(v) for v in row["values"].split(";")], screen=screen)
    assert limits.mean == _to_printed_precision(row["expected_mean"])
    assert limits.lower == _to_printed_precision(row["expected_lpl"])
    assert limits.upper == _to_printed_precision(row["expected_upl"])


NHSR_RULES = json.loads((SPC_DATA / "nhsr" / "rule_vectors_expected.json").read_text())


def _ends_to_whole_pattern(ends: list[int], length: int = 7) -> list[int]:
    """NHSR marks the point that completes a 7-point pattern (and each one after it); a point is
    part of the pattern if it or one of the next 6 points is marked. kpiboard returns the whole
    pattern directly. (NHSR back-fills only +1 marks; a falling trend is back-filled here too.)"""
    return [next((e for e in ends[i:i + length] if e), 0) for i in range(len(ends))]


def _cases(name):
    return [P(c, id=f"{name}-{i}") for i, c in enumerate(NHSR_RULES[name])]


@pytest.mark.parametrize("case", _cases("seven_point_one_side_mean"))
def test_nhsr_run_of_seven(case):
    expected = _ends_to_whole_pattern(case["expected"])
    assert run_flags(case["relative_to_mean"], 7) == [bool(e) for e in expected]


@pytest.mark.parametrize("case", _cases("seven_point_trend"))
def test_nhsr_trend_of_seven(case):
    assert trend_flags(case["y"], 7) == _ends_to_whole_pattern(case["expected"])


@pytest.mark.parametrize("case", _cases("two_in_three"))
def test_nhsr_two_in_three(case):
    close = [bool(c) for c in case["close_to_limits"]]
    if "expected_flagged_points" in case:
        expected = case["expected_flagged_points"]
    else:  # NHSR's window flag, of which only the close points are signals
        expected = [e and c for e, c in zip(case["expected"], close)]
    assert two_of_three_flags(close, case["relative_to_mean"]) == [bool(e) for e in expected]


@pytest.mark.parametrize("case", _cases("assurance"))
def test_nhsr_assurance(case):
    polarity = {"increase": "higher", "decrease": "lower"}.get(case["improvement_direction"],
                                                               "neutral")
    codes = {"consistent_pass": "consistent_pass", "consistent_fail": "consistent_fail",
             "inconsistent": "hit_and_miss", None: None}
    assert assurance(case["lpl"], case["upl"], case["target"], polarity) == codes[case["expected"]]


# ---- golden: mdcspc (run 6, trend 6, no screening: mdcspc's own settings) -------------------

VARIATION_CODES = {"01. CC": "common_cause", "02. SCHI": "improvement_high",
                   "03. SCLI": "improvement_low", "04. SCHD": "concern_high",
                   "05. SCLD": "concern_low", "06. SCHC": "neutral_high", "07. SCLC": "neutral_low"}
RULE_BREAKS = {"None": None, "Trend": "trend", "Shift": "run", "2of3": "two_of_three",
               "Astro": "astronomical"}
# The files carry no polarity: it follows from the expected code (I improving with the side,
# D deteriorating against it, C "change" for neutral). Common cause is checked as "higher".
POLARITY_OF = {"CC": "higher", "SCHI": "higher", "SCLI": "lower", "SCHD": "lower",
               "SCLD": "higher", "SCHC": "neutral", "SCLC": "neutral"}


def _mdcspc_series(name: str):
    with (SPC_DATA / name).open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        rule = RULE_BREAKS[row[1].split(". ")[-1]]  # dataset_lp.csv writes "01. Trend"
        code = row[2]
        yield P([float(v) for v in row[4:]], POLARITY_OF[code.split(". ")[1]], rule,
                VARIATION_CODES[code], id=row[3])


@pytest.mark.parametrize("values, polarity, rule, code", list(_mdcspc_series("data__dataset_lp.csv")))
def test_mdcspc_signal_at_the_last_point(values, polarity, rule, code):
    """dataset_lp.csv: the RuleBreak fires at the 28th point and gives the series' icon."""
    result = xmr(values, polarity=polarity, run_length=6, screen=False)
    assert (result.points[-1].rule, result.variation) == (rule, code)


@pytest.mark.parametrize("values, polarity, rule, code", list(_mdcspc_series("data__dataset.csv")))
def test_mdcspc_signal_in_the_series(values, polarity, rule, code):
    """dataset.csv: the signal sits mid-series (around points 15-21), so the last point is common
    cause; the RuleBreak is the only rule that fires and every flagged point has the expected
    code. (The summary file's VariationCode collapses direction, so it is not used.)"""
    result = xmr(values, polarity=polarity, run_length=6, screen=False)
    flagged = [p for p in result.points if p.special_cause]
    assert {p.rule for p in flagged} == ({rule} if rule else set())
    assert {p.variation for p in flagged} == ({code} if rule else set())
    assert result.variation == "common_cause"


@pytest.mark.parametrize("values, polarity, rule, code", [
    case for case in _mdcspc_series("data__dataset.csv") if case.values[2] in ("trend", "run")])
def test_mdcspc_six_point_patterns_are_not_signals_at_run_length_7(values, polarity, rule, code):
    """The same series at kpiboard's default run length 7: the golden 6-point trends and
    shifts are common cause. This is the 6-versus-7 disagreement, made visible."""
    assert {p.rule for p in xmr(values, polarity=polarity).points} == {None}


def _assurance_cases():
    config = SPC_DATA / "config_assurance__metric_config.csv"
    with config.open(encoding="utf-8-sig") as fh:
        polarity = {r["MetricName"]: r["Direction"] for r in csv.DictReader(fh)}
    targets = defaultdict(list)
    with (SPC_DATA / "config_assurance__spc_target_config.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            targets[r["MetricName"]].append((_date(r["EffectiveFrom"]), float(r["TargetValue"])))
    series = defaultdict(list)
    with (SPC_DATA / "data__assurance_golden_input.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            series[r["MetricName"]].append((_date(r["Month"]), float(r["Value"])))
    expected = {"ASSUR_NO_TARGET_HIGH": None, "ASSUR_HIT_MISS_HIGH": "hit_and_miss",
                "ASSUR_FAIL_HIGH": "consistent_fail", "ASSUR_PASS_HIGH": "consistent_pass",
                "ASSUR_PASS_LOW": "consistent_pass", "ASSUR_FAIL_LOW": "consistent_fail",
                "ASSUR_STEP_TARGET_HIGH": "hit_and_miss"}
    for name, points in sorted(series.items()):
        points.sort()
        # the target in force at the latest month (the step target's second step, 0.80)
        in_force = [t for start, t in sorted(targets[name]) if start <= points[-1][0]]
        yield P([v for _, v in points], polarity[name], in_force[-1] if in_force else None,
                expected[name], id=name)


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.mark.parametrize("values, polarity, target, expected", list(_assurance_cases()))
def test_mdcspc_assurance(values, polarity, target, expected):
    assert xmr(values, polarity=polarity, target=target, run_length=6).assurance == expected
