"""Scorecard status against target: better / within / worse beyond tolerance, and on target.

Tolerance is a percentage of the target either side; none means zero (only exactly on target is
within)."""

import pytest

from kpiboard.judge.tolerance import BETTER, WITHIN, WORSE, on_target, tolerance_status

P = pytest.param

CASES = [
    # value, target, tolerance %, polarity -> status
    # ---- higher is better, target 80, 5% tolerance = 4 either side -----------------------------
    P(90.0, 80.0, 5, "higher", BETTER, id="higher-well-above-better"),
    P(84.01, 80.0, 5, "higher", BETTER, id="higher-just-beyond-margin-better"),
    P(84.0, 80.0, 5, "higher", WITHIN, id="higher-exactly-plus-margin-within"),
    P(80.0, 80.0, 5, "higher", WITHIN, id="higher-on-target-within"),
    P(76.0, 80.0, 5, "higher", WITHIN, id="higher-exactly-minus-margin-within"),
    P(75.99, 80.0, 5, "higher", WORSE, id="higher-just-beyond-margin-worse"),
    P(60.0, 80.0, 5, "higher", WORSE, id="higher-well-below-worse"),
    # ---- lower is better, target 20, 10% tolerance = 2 -----------------------------------------
    P(15.0, 20.0, 10, "lower", BETTER, id="lower-well-below-better"),
    P(17.99, 20.0, 10, "lower", BETTER, id="lower-just-beyond-margin-better"),
    P(18.0, 20.0, 10, "lower", WITHIN, id="lower-exactly-minus-margin-within"),
    P(20.0, 20.0, 10, "lower", WITHIN, id="lower-on-target-within"),
    P(22.0, 20.0, 10, "lower", WITHIN, id="lower-exactly-plus-margin-within"),
    P(22.01, 20.0, 10, "lower", WORSE, id="lower-just-beyond-margin-worse"),
    P(30.0, 20.0, 10, "lower", WORSE, id="lower-well-above-worse"),
    # ---- no tolerance: only exactly on target is within ----------------------------------------
    P(80.0, 80.0, None, "higher", WITHIN, id="none-tolerance-on-target-within"),
    P(80.1, 80.0, None, "higher", BETTER, id="none-tolerance-higher-above-better"),
    P(79.9, 80.0, None, "higher", WORSE, id="none-tolerance-higher-below-worse"),
    P(80.1, 80.0, None, "lower", WORSE, id="none-tolerance-lower-above-worse"),
    P(79.9, 80.0, None, "lower", BETTER, id="none-tolerance-lower-below-better"),
    P(79.9, 80.0, 0, "higher", WORSE, id="zero-tolerance-same-as-none"),
    # ---- target zero: the margin is zero whatever the tolerance --------------------------------
    P(0.0, 0.0, 50, "higher", WITHIN, id="target-zero-on-target-within"),
    P(0.1, 0.0, 50, "higher", BETTER, id="target-zero-higher-above-better"),
    P(-0.1, 0.0, 50, "higher", WORSE, id="target-zero-higher-below-worse"),
    P(1.0, 0.0, 50, "lower", WORSE, id="target-zero-lower-above-worse"),
    # ---- negative target, 10% tolerance = 1 either side ---------------------------------------
    P(-9.0, -10.0, 10, "higher", WITHIN, id="negative-target-higher-plus-margin-within"),
    P(-8.9, -10.0, 10, "higher", BETTER, id="negative-target-higher-beyond-better"),
    P(-11.0, -10.0, 10, "higher", WITHIN, id="negative-target-higher-minus-margin-within"),
    P(-11.1, -10.0, 10, "higher", WORSE, id="negative-target-higher-beyond-worse"),
    P(-11.1, -10.0, 10, "lower", BETTER, id="negative-target-lower-below-better"),
    P(-8.9, -10.0, 10, "lower", WORSE, id="negative-target-lower-above-worse"),
    # ---- floating point: exactly on the margin still counts as within -------------------------
    P(0.77, 0.7, 10, "higher", WITHIN, id="float-0.7-plus-10pct-within"),
    P(0.63, 0.7, 10, "higher", WITHIN, id="float-0.7-minus-10pct-within"),
    P(172.9, 182.0, 5, "higher", WITHIN, id="cumulative-182-minus-5pct-within"),
    P(19.095, 20.1, 5, "higher", WITHIN, id="float-20.1-minus-5pct-within"),
    # ---- nothing to judge -------------------------------------------------------------------------
    P(50.0, 40.0, 5, "neutral", None, id="neutral-none"),
    P(None, 80.0, 5, "higher", None, id="no-value-none"),
    P(80.0, None, 5, "higher", None, id="no-target-none"),
]


@pytest.mark.parametrize("value, target, tolerance, polarity, expected", CASES)
def test_tolerance_status(value, target, tolerance, polarity, expected):
    assert tolerance_status(value, target, tolerance, polarity) == expected


@pytest.mark.parametrize("value, target, polarity, expected", [
    P(80.0, 80.0, "higher", True, id="higher-on-target"),
    P(81.0, 80.0, "higher", True, id="higher-above"),
    P(79.9, 80.0, "higher", False, id="higher-below"),
    P(20.0, 20.0, "lower", True, id="lower-on-target"),
    P(19.0, 20.0, "lower", True, id="lower-below"),
    P(20.1, 20.0, "lower", False, id="lower-above"),
    P(0.1 + 0.2, 0.3, "higher", True, id="float-sum-on-target-higher"),
    P(0.1 + 0.2, 0.3, "lower", True, id="float-sum-on-target-lower"),
    P(0.0, 0.0, "lower", True, id="target-zero-on-target"),
    P(-10.0, -10.0, "higher", True, id="negative-on-target"),
    P(50.0, 40.0, "neutral", None, id="neutral-none"),
    P(None, 40.0, "higher", None, id="no-value-none"),
    P(40.0, None, "lower", None, id="no-target-none"),
])
def test_on_target(value, target, polarity, expected):
    assert on_target(value, target, polarity) is expected
