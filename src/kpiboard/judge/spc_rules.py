"""XmR arithmetic and the four special-cause rules, on plain sequences of numbers.

These are the building blocks of ``judge/spc.py``; they know nothing of polarity, groups or
missing months (the caller removes missing values first, so a gap neither breaks nor extends a
run). Each rule returns one flag per point, marking every point that is part of the pattern,
not only the point that completes it. See docs/spc.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LIMIT_FACTOR = 2.66    # 3 / d2 with d2 = 1.128 for ranges of two points, as MDC and NHSR round it
SCREEN_FACTOR = 3.267  # D4 for n = 2: a moving range this large is itself a special cause
NEAR = 2 / 3           # "close to a limit": beyond two thirds of the way from the mean


@dataclass(frozen=True, slots=True)
class Limits:
    """A group's centre line and process limits. ``lower``/``upper`` are None with one point."""

    mean: float
    mean_moving_range: float | None
    lower: float | None
    upper: float | None

    def side(self, value: float) -> int:
        """+1 above the mean, -1 below, 0 on it (a point on the mean breaks a run)."""
        return (value > self.mean) - (value < self.mean)

    def outside(self, value: float) -> int:
        """+1 above the upper limit, -1 below the lower, 0 within (a point on a limit is within)."""
        if self.upper is None or self.lower is None:
            return 0
        return (value > self.upper) - (value < self.lower)

    def close(self, value: float) -> bool:
        """In the outer third between the mean and a limit, not beyond the limit (NHSR's rule)."""
        if self.upper is None or self.lower is None or self.outside(value):
            return False
        return (value > self.mean + NEAR * (self.upper - self.mean)
                or value < self.mean - NEAR * (self.mean - self.lower))


def moving_ranges(values: Sequence[float]) -> list[float]:
    return [abs(b - a) for a, b in zip(values, values[1:])]


def xmr_limits(values: Sequence[float], *, screen: bool = False) -> Limits:
    """Mean and mean +/- 2.66 x mean moving range of ``values`` (at least one, none missing).

    With ``screen``, moving ranges at or above 3.267 x their mean are dropped and the mean
    moving range is taken again before the limits, so one wild month does not widen them.
    """
    if not values:
        raise ValueError("xmr_limits needs at least one value")
    mean = sum(values) / len(values)
    ranges = moving_ranges(values)
    if not ranges:
        return Limits(mean, None, None, None)
    mr_bar = sum(ranges) / len(ranges)
    if screen and mr_bar > 0:
        kept = [r for r in ranges if r < SCREEN_FACTOR * mr_bar]
        mr_bar = sum(kept) / len(kept)  # never empty: not every range can be >= 3.267 x the mean
    return Limits(mean, mr_bar, mean - LIMIT_FACTOR * mr_bar, mean + LIMIT_FACTOR * mr_bar)


def run_flags(sides: Sequence[int], length: int) -> list[bool]:
    """Points in a run of ``length`` or more consecutive points on one side of the mean.

    ``sides`` is +1 / -1 / 0 per point (``Limits.side``); 0, a point on the mean, breaks a run.
    """
    flags = [False] * len(sides)
    start = 0
    for i, side in enumerate(sides):
        if i > 0 and side != sides[i - 1]:
            start = i
        if side != 0 and i - start + 1 >= length:
            flags[start:i + 1] = [True] * (i - start + 1)
    return flags


def trend_flags(values: Sequence[float], length: int) -> list[int]:
    """+1 / -1 for points in ``length`` or more points each strictly higher / lower than the one
    before, 0 otherwise. A tie breaks a trend. A turning point keeps the trend it ends."""
    flags = [0] * len(values)
    start, direction = 0, 0
    for i in range(1, len(values)):
        step = (values[i] > values[i - 1]) - (values[i] < values[i - 1])
        if step != direction or step == 0:
            start, direction = i - 1, step
        if direction != 0 and i - start + 1 >= length:
            for j in range(start, i + 1):
                flags[j] = flags[j] or direction
    return flags


def two_of_three_flags(close: Sequence[bool], sides: Sequence[int]) -> list[bool]:
    """Close points in a window of three consecutive points of which at least two are close to
    a limit and all three are on the same side of the mean. Only the close points are flagged:
    the third point of the window is not a signal in itself."""
    flags = [False] * len(close)
    for start in range(len(close) - 2):
        window = range(start, start + 3)
        same_side = sides[start] != 0 and all(sides[j] == sides[start] for j in window)
        if same_side and sum(bool(close[j]) for j in window) >= 2:
            for j in window:
                flags[j] = flags[j] or bool(close[j])
    return flags
