"""Statistical process control: is this month's figure signal or noise? ("Making Data Count")

``xmr()`` takes a series of monthly values (oldest first) and returns, for every point, the
centre line and process limits that apply to it, the special-cause rule that fired (if any) and
its variation code; and for the series, the variation icon of the latest point, the assurance
icon against a target and whether the limits are only trial limits. Pure: no files, no store.

Rules (see docs/spc.md for the sources and where they disagree):

- Limits: mean +/- 2.66 x mean moving range, from all points of a group or its first
  ``baseline`` points (at least 12). ``screen`` drops moving ranges >= 3.267 x their mean first.
- Special causes, in priority order for labelling a point: ``astronomical`` (outside the
  limits), ``trend`` (``run_length`` points each strictly higher, or lower, than the one
  before), ``two_of_three`` (two of three consecutive points in the outer third towards a limit,
  all three on the same side of the mean; only the close points are flagged), ``run``
  (``run_length`` points on one side of the mean; a point on the mean breaks it).
- Improvement or concern from polarity; a trend's direction decides for trend points, the side
  of the mean for the others. Neutral indicators are only high or low.
- ``rebase_at``: indexes where a new group starts; mean, limits and rules restart there.
- A group with fewer than 13 points has trial limits (``SpcPoint.trial``).
- Missing values (None) are skipped: the moving range is taken from the previous value, and
  they neither break nor extend a run or trend, because a month without a figure is not
  evidence that the process changed. They keep their group's mean and
  limits so a chart's lines stay continuous, with ``variation`` None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kpiboard.judge.spc_rules import (Limits, run_flags, trend_flags, two_of_three_flags,
                                      xmr_limits)

POLARITIES = ("higher", "lower", "neutral")
RULES = ("astronomical", "trend", "two_of_three", "run")  # priority order for labelling
RUN_LENGTHS = (6, 7)
MIN_BASELINE = 12
MIN_POINTS = 13  # fewer points than this in a group: trial limits

COMMON_CAUSE = "common_cause"
VARIATIONS = (COMMON_CAUSE, "improvement_high", "improvement_low", "concern_high",
              "concern_low", "neutral_high", "neutral_low")
ASSURANCES = ("consistent_pass", "consistent_fail", "hit_and_miss")

VARIATION_LABELS = {
    COMMON_CAUSE: "Common cause variation",
    "improvement_high": "Special cause variation: improvement (higher values)",
    "improvement_low": "Special cause variation: improvement (lower values)",
    "concern_high": "Special cause variation: concern (higher values)",
    "concern_low": "Special cause variation: concern (lower values)",
    "neutral_high": "Special cause variation: higher values (no polarity)",
    "neutral_low": "Special cause variation: lower values (no polarity)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "Consistently passes the target",
    "consistent_fail": "Consistently fails the target",
    "hit_and_miss": "Hits and misses the target at random",
}
RULE_LABELS = {
    "astronomical": "a point outside the process limits",
    "trend": "a trend of rising or falling points",
    "two_of_three": "two of three points close to a process limit",
    "run": "a run of points on one side of the mean",
}


@dataclass(frozen=True, slots=True)
class SpcPoint:
    """One month on the chart. ``group`` counts rebased groups from 0."""

    value: float | None
    group: int
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    rule: str | None         # one of RULES, the highest-priority rule that fired; None if none
    variation: str | None    # one of VARIATIONS; None for a missing value
    trial: bool              # the group's limits are trial limits (< 13 points)

    @property
    def special_cause(self) -> bool:
        return self.rule is not None


@dataclass(frozen=True, slots=True)
class SpcResult:
    """Every point, plus the series' icons as of the latest point with a value."""

    points: tuple[SpcPoint, ...]
    variation: str | None    # one of VARIATIONS for the latest value; None with no values
    assurance: str | None    # one of ASSURANCES; None without target, for neutral, or no limits
    trial: bool              # the latest group's limits are trial limits
    polarity: str
    target: float | None
    run_length: int
    screen: bool
    baseline: int | None

    @property
    def latest(self) -> SpcPoint | None:
        return next((p for p in reversed(self.points) if p.value is not None), None)


def xmr(values: Sequence[float | None], *, polarity: str, target: float | None = None,
        run_length: int = 7, screen: bool = False, baseline: int | None = None,
        rebase_at: Sequence[int] = ()) -> SpcResult:
    """XmR chart of ``values`` (oldest first; None for a missing month).

    Defaults: ``run_length`` 7 (the spec and NHSRplotthedots; mdcspc uses 6); ``screen`` off,
    as the Making Data Count Excel tool most analysts already use (NHSRplotthedots screens), so
    the limits agree with the spreadsheets people compare against; ``baseline`` None: the
    limits use every point of the group until the caller fixes them.

    Raises ValueError for an unknown polarity, a run length other than 6 or 7, a baseline under
    12 points, or a rebase index outside the series.
    """
    _check(values, polarity, run_length, baseline, rebase_at)
    points: list[SpcPoint] = []
    starts = sorted(set(rebase_at))
    for group, (lo, hi) in enumerate(zip([0, *starts], [*starts, len(values)])):
        points.extend(_group_points(values[lo:hi], group, polarity, run_length, screen, baseline))
    latest = next((p for p in reversed(points) if p.value is not None), None)
    return SpcResult(
        points=tuple(points),
        variation=None if latest is None else latest.variation,
        assurance=None if latest is None else assurance(latest.lower_limit, latest.upper_limit,
                                                        target, polarity),
        trial=bool(points) and points[-1].trial,
        polarity=polarity, target=target, run_length=run_length, screen=screen,
        baseline=baseline,
    )


def variation(rule: str | None, side: int, polarity: str) -> str:
    """The variation code for a point: ``side`` is +1 (high / rising) or -1 (low / falling)."""
    if rule is None or side == 0:
        return COMMON_CAUSE
    high = side > 0
    if polarity == "neutral":
        return "neutral_high" if high else "neutral_low"
    good = high == (polarity == "higher")
    return f"{'improvement' if good else 'concern'}_{'high' if high else 'low'}"


def assurance(lower: float | None, upper: float | None, target: float | None,
              polarity: str) -> str | None:
    """Where the target sits against the latest limits: beyond them on the good side, the
    process consistently passes; on the bad side, consistently fails; between them (or on a
    limit, as NHSRplotthedots has it), it hits and misses."""
    if target is None or polarity == "neutral" or lower is None or upper is None:
        return None
    if target < lower:
        return "consistent_pass" if polarity == "higher" else "consistent_fail"
    if target > upper:
        return "consistent_fail" if polarity == "higher" else "consistent_pass"
    return "hit_and_miss"


def _check(values: Sequence[float | None], polarity: str, run_length: int,
           baseline: int | None, rebase_at: Sequence[int]) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity '{polarity}' is not one of {', '.join(POLARITIES)}")
    if run_length not in RUN_LENGTHS:
        raise ValueError(f"run length {run_length} is not 6 or 7")
    if baseline is not None and baseline < MIN_BASELINE:
        raise ValueError(f"a fixed baseline needs at least {MIN_BASELINE} points, not {baseline}")
    bad = [i for i in rebase_at if not 0 < i < len(values)]
    if bad:
        raise ValueError(f"rebase point(s) {', '.join(map(str, bad))} are not inside the series "
                         f"(1 to {len(values) - 1})")


def _group_points(values: Sequence[float | None], group: int, polarity: str, run_length: int,
                  screen: bool, baseline: int | None) -> list[SpcPoint]:
    present = [v for v in values if v is not None]
    trial = len(present) < MIN_POINTS
    if not present:
        return [SpcPoint(None, group, None, None, None, None, None, trial) for _ in values]
    limits = xmr_limits(present[:baseline] if baseline else present, screen=screen)
    labels = iter(_labels(present, limits, polarity, run_length))
    points = []
    for value in values:
        rule, code = next(labels) if value is not None else (None, None)
        points.append(SpcPoint(value, group, limits.mean, limits.lower, limits.upper, rule, code,
                               trial))
    return points


def _labels(values: list[float], limits: Limits, polarity: str,
            run_length: int) -> list[tuple[str | None, str]]:
    """(rule, variation) for each value of one group, none missing."""
    sides = [limits.side(v) for v in values]
    outside = [limits.outside(v) for v in values]
    if limits.upper is None:  # one point: no limits, so no rules to apply
        return [(None, COMMON_CAUSE)]
    trends = trend_flags(values, run_length)
    close = [limits.close(v) for v in values]
    fired = {"astronomical": [bool(o) for o in outside], "trend": [bool(t) for t in trends],
             "two_of_three": two_of_three_flags(close, sides), "run": run_flags(sides, run_length)}
    labels = []
    for i in range(len(values)):
        rule = next((r for r in RULES if fired[r][i]), None)
        side = trends[i] if rule == "trend" else sides[i]
        labels.append((rule, variation(rule, side, polarity)))
    return labels
