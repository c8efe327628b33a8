"""Direction of travel: the spec's key, for every polarity, RAG and edge.

Key (spec/reports.md): information only up/right/down in a neutral colour; improvement up green;
decline within the limits of target (RAG green/amber) down amber; decline not on target (RAG red)
down red; no movement within limits right green; no movement not on target right amber.
"""

import pytest

from kpiboard.judge.direction import Direction, direction_of_travel, is_better

P = pytest.param

CASES = [
    # current, previous, polarity, rag, decimals -> (dot, arrow, colour)
    # ---- higher is better --------------------------------------------------------------------
    P(92.0, 90.0, "higher", "green", 1, ("improved", "up", "green"), id="higher-up-rag-green-improved"),
    P(92.0, 90.0, "higher", "amber", 1, ("improved", "up", "green"), id="higher-up-rag-amber-improved"),
    P(92.0, 90.0, "higher", "red", 1, ("improved", "up", "green"), id="higher-up-rag-red-still-improved-green"),
    P(92.0, 90.0, "higher", None, 1, ("improved", "up", "green"), id="higher-up-no-rag-improved"),
    P(90.0, 92.0, "higher", "green", 1, ("declined", "down", "amber"), id="higher-down-rag-green-declined-amber"),
    P(90.0, 92.0, "higher", "amber", 1, ("declined", "down", "amber"), id="higher-down-rag-amber-declined-amber"),
    P(90.0, 92.0, "higher", "red", 1, ("declined", "down", "red"), id="higher-down-rag-red-declined-red"),
    P(90.0, 92.0, "higher", None, 1, ("declined", "down", "amber"), id="higher-down-no-rag-within-limits-amber"),
    P(90.0, 90.0, "higher", "green", 1, ("no_change", "right", "green"), id="higher-same-rag-green-no-change-green"),
    P(90.0, 90.0, "higher", "amber", 1, ("no_change", "right", "green"), id="higher-same-rag-amber-no-change-green"),
    P(90.0, 90.0, "higher", "red", 1, ("no_change", "right", "amber"), id="higher-same-rag-red-no-change-amber"),
    P(90.0, 90.0, "higher", None, 1, ("no_change", "right", "green"), id="higher-same-no-rag-no-change-green"),
    # ---- lower is better ---------------------------------------------------------------------
    P(18.0, 20.0, "lower", "green", 1, ("improved", "up", "green"), id="lower-down-rag-green-improved"),
    P(18.0, 20.0, "lower", "amber", 1, ("improved", "up", "green"), id="lower-down-rag-amber-improved"),
    P(18.0, 20.0, "lower", "red", 1, ("improved", "up", "green"), id="lower-down-rag-red-improved"),
    P(18.0, 20.0, "lower", None, 1, ("improved", "up", "green"), id="lower-down-no-rag-improved"),
    P(20.0, 18.0, "lower", "green", 1, ("declined", "down", "amber"), id="lower-up-rag-green-declined-amber"),
    P(20.0, 18.0, "lower", "amber", 1, ("declined", "down", "amber"), id="lower-up-rag-amber-declined-amber"),
    P(20.0, 18.0, "lower", "red", 1, ("declined", "down", "red"), id="lower-up-rag-red-declined-red"),
    P(20.0, 18.0, "lower", None, 1, ("declined", "down", "amber"), id="lower-up-no-rag-declined-amber"),
    P(18.0, 18.0, "lower", "green", 1, ("no_change", "right", "green"), id="lower-same-rag-green-no-change-green"),
    P(18.0, 18.0, "lower", "amber", 1, ("no_change", "right", "green"), id="lower-same-rag-amber-no-change-green"),
    P(18.0, 18.0, "lower", "red", 1, ("no_change", "right", "amber"), id="lower-same-rag-red-no-change-amber"),
    P(18.0, 18.0, "lower", None, 1, ("no_change", "right", "green"), id="lower-same-no-rag-no-change-green"),
    # ---- information only: direction of the number, neutral colour, RAG ignored ---------------
    P(12.0, 10.0, "neutral", None, 1, ("increased", "up", ""), id="neutral-up-increase"),
    P(10.0, 12.0, "neutral", None, 1, ("decreased", "down", ""), id="neutral-down-decrease"),
    P(10.0, 10.0, "neutral", None, 1, ("no_change", "right", ""), id="neutral-same-no-change"),
    P(12.0, 10.0, "neutral", "red", 1, ("increased", "up", ""), id="neutral-with-red-rag-still-neutral"),
    P(10.0, 10.0, "neutral", "red", 1, ("no_change", "right", ""), id="neutral-same-red-rag-neutral"),
    P(1.0, 0.0, "neutral", None, 0, ("increased", "up", ""), id="neutral-from-zero-increase"),
    P(-1.0, 0.0, "neutral", None, 0, ("decreased", "down", ""), id="neutral-negative-decrease"),
    # ---- display precision: changes too small to see are no change ---------------------------
    P(86.44, 86.41, "higher", "green", 1, ("no_change", "right", "green"), id="precision-1dp-0.03-no-change"),
    P(86.41, 86.44, "higher", "red", 1, ("no_change", "right", "amber"), id="precision-1dp-drop-hidden-red-rag"),
    P(17.04, 17.01, "lower", "red", 1, ("no_change", "right", "amber"), id="precision-lower-1dp-no-change"),
    P(86.46, 86.44, "higher", "green", 1, ("improved", "up", "green"),
      id="precision-1dp-shown-86.4-to-86.5-improved"),
    P(86.44, 86.41, "higher", "green", 2, ("improved", "up", "green"), id="precision-2dp-0.03-visible"),
    P(100.4, 100.2, "higher", "green", 0, ("no_change", "right", "green"), id="precision-count-0dp-no-change"),
    P(100.6, 100.4, "higher", "green", 0, ("improved", "up", "green"), id="precision-count-0dp-101-vs-100"),
    P(10.04, 10.01, "neutral", None, 1, ("no_change", "right", ""), id="precision-neutral-no-change"),
    P(10.0, 9.99, "neutral", None, 1, ("no_change", "right", ""), id="precision-neutral-rounds-equal"),
    # ---- negative values and zero ------------------------------------------------------------
    P(-1.0, -3.0, "higher", "green", 1, ("improved", "up", "green"), id="negative-higher-less-negative-improved"),
    P(-3.0, -1.0, "higher", "red", 1, ("declined", "down", "red"), id="negative-higher-more-negative-declined"),
    P(-1.0, -3.0, "lower", "amber", 1, ("declined", "down", "amber"), id="negative-lower-rise-declined"),
    P(-3.0, -1.0, "lower", "amber", 1, ("improved", "up", "green"), id="negative-lower-fall-improved"),
    P(-0.04, 0.04, "higher", "green", 1, ("no_change", "right", "green"), id="minus-zero-equals-zero"),
    P(5.0, 0.0, "higher", "green", 0, ("improved", "up", "green"), id="zero-to-five-higher-improved"),
    P(0.0, 5.0, "lower", "green", 0, ("improved", "up", "green"), id="five-to-zero-lower-improved"),
    P(0.0, 5.0, "higher", "red", 0, ("declined", "down", "red"), id="five-to-zero-higher-red-declined"),
    P(0.0, 0.0, "lower", "green", 0, ("no_change", "right", "green"), id="zero-to-zero-no-change"),
]


@pytest.mark.parametrize("current, previous, polarity, rag, decimals, expected", CASES)
def test_direction_of_travel(current, previous, polarity, rag, decimals, expected):
    d = direction_of_travel(current, previous, polarity, rag, decimals)
    assert isinstance(d, Direction)
    assert (d.dot, d.arrow, d.colour) == expected


@pytest.mark.parametrize("current, previous, polarity, rag", [
    P(None, 90.0, "higher", "green", id="no-current"),
    P(90.0, None, "higher", "green", id="no-previous"),
    P(None, None, "lower", "red", id="neither"),
    P(None, 10.0, "neutral", None, id="neutral-no-current"),
    P(0.0, None, "neutral", None, id="neutral-zero-no-previous"),
])
def test_direction_needs_both_months(current, previous, polarity, rag):
    assert direction_of_travel(current, previous, polarity, rag) is None


def test_default_precision_is_one_decimal():
    assert direction_of_travel(50.04, 50.0, "higher", "green").dot == "no_change"
    assert direction_of_travel(50.06, 50.0, "higher", "green").dot == "improved"


@pytest.mark.parametrize("new, old, polarity, expected", [
    P(2.0, 1.0, "higher", True, id="higher-up-better"),
    P(1.0, 2.0, "higher", False, id="higher-down-worse"),
    P(1.0, 1.0, "higher", False, id="higher-same-not-better"),
    P(1.0, 2.0, "lower", True, id="lower-down-better"),
    P(2.0, 1.0, "lower", False, id="lower-up-worse"),
    P(1.0, 1.0, "lower", False, id="lower-same-not-better"),
    P(-2.0, -1.0, "lower", True, id="lower-negative-better"),
])
def test_is_better(new, old, polarity, expected):
    assert is_better(new, old, polarity) is expected
