"""Benchmark position: better or worse than the SN average and England, by polarity, at the
indicator's display precision."""

from __future__ import annotations

import pytest

from kpiboard.ingest.benchmarks import Benchmark
from kpiboard.web.positions import benchmark_position, compare


@pytest.mark.parametrize("value, benchmark, polarity, decimals, expected", [
    (92.0, 88.0, "higher", 1, "better"),
    (85.0, 88.0, "higher", 1, "worse"),
    (6.0, 8.0, "lower", 1, "better"),       # fewer plans lasting 2 years is better
    (9.0, 8.0, "lower", 1, "worse"),
    (88.04, 88.0, "higher", 1, "same"),     # 88.0 and 88.0 on screen
    (88.06, 88.0, "higher", 1, "better"),   # 88.1 against 88.0
    (120.4, 120.0, "higher", 0, "same"),
    (110.0, 100.0, "neutral", 0, None),     # information only: no judgement
])
def test_compare(value, benchmark, polarity, decimals, expected):
    assert compare(value, benchmark, polarity, decimals) == expected


def test_position_against_sn_and_england_skips_what_is_missing():
    b = Benchmark("CR2", "2024-25", sn_average=88.0, england=93.5)
    got = benchmark_position(92.0, b, "higher")
    assert [(c.against, c.benchmark, c.verdict, c.words) for c in got] == [
        ("SN average", 88.0, "better", "better than SN average"),
        ("England", 93.5, "worse", "worse than England")]
    assert benchmark_position(92.0, Benchmark("CR2", "2024-25", england=80.0), "higher")[0].against == "England"
    assert benchmark_position(None, b, "higher") == ()
    assert benchmark_position(92.0, None, "higher") == ()
    assert benchmark_position(92.0, b, "neutral") == ()
