"""Red / amber / green from the bands a catalogue states.

Bands written by people leave gaps (green "17 or below", amber "18.1-20"). A value in a gap
takes the worse of the two neighbouring bands; a value beyond every stated band on one side is
red ("not green, not amber = red").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kpiboard.catalogue.model import Band, Condition, Rag

RAGS = ("green", "amber", "red")
_WORSE = {"green": 0, "amber": 1, "red": 2}


def _eps(bound: float) -> float:
    """Bounds like 86.4 - 0.1 are computed in floating point (86.30000000000001); a value typed
    as 86.3 must still count as on the edge."""
    return 1e-9 * max(1.0, abs(bound)) if math.isfinite(bound) else 0.0


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    def contains(self, v: float) -> bool:
        lo, hi = _eps(self.lo), _eps(self.hi)
        above_lo = v >= self.lo - lo if self.lo_closed else v > self.lo + lo
        below_hi = v <= self.hi + hi if self.hi_closed else v < self.hi - hi
        return above_lo and below_hi

    def below(self, v: float) -> bool:
        """Wholly below v."""
        return not self.contains(v) and v > self.hi - _eps(self.hi)

    def above(self, v: float) -> bool:
        return not self.contains(v) and v < self.lo + _eps(self.lo)


def interval(cond: Condition, target: float | None) -> Interval | None:
    """The values a condition admits; None when it is relative to a target that is not set."""
    if cond.at_least is not None:
        return Interval(cond.at_least, math.inf)
    if cond.at_most is not None:
        return Interval(-math.inf, cond.at_most)
    if cond.above is not None:
        return Interval(cond.above, math.inf, lo_closed=False)
    if cond.below is not None:
        return Interval(-math.inf, cond.below, hi_closed=False)
    if cond.between is not None:
        return Interval(*cond.between)
    w = cond.within
    level = w.of if w.of is not None else target
    if level is None:
        return None
    by = w.by if w.by is not None else abs(level) * w.by_pct / 100
    return Interval(level - by, level + by)


def band_intervals(band: Band | None, target: float | None) -> list[Interval] | None:
    """Intervals of a band; [] when the band is not stated; None when it cannot be placed."""
    if band is None:
        return []
    conds = band if isinstance(band, list) else [band]
    found = [interval(c, target) for c in conds]
    return None if any(i is None for i in found) else found


def rag(value: float | None, spec: Rag | None, target: float | None = None) -> str | None:
    """green | amber | red, or None when there is no value or no usable bands."""
    if value is None or spec is None or not spec.has_bands:
        return None
    bands = {name: band_intervals(getattr(spec, name), target) for name in RAGS}
    if any(ivs is None for ivs in bands.values()):
        return None  # a band relative to the target, and no target for this period
    for name in RAGS:
        if any(iv.contains(value) for iv in bands[name]):
            return name
    return _gap_band(value, bands)


def _gap_band(value: float, bands: dict[str, list[Interval]]) -> str:
    below = [(iv.hi, name) for name, ivs in bands.items() for iv in ivs if iv.below(value)]
    above = [(iv.lo, name) for name, ivs in bands.items() for iv in ivs if iv.above(value)]
    if not below or not above:
        return "red"
    nearest_below = max(edge for edge, _ in below)
    nearest_above = min(edge for edge, _ in above)
    neighbours = [n for edge, n in below if edge == nearest_below]
    neighbours += [n for edge, n in above if edge == nearest_above]
    return max(neighbours, key=_WORSE.get)


def rag_conflict(given: str | None, computed: str | None) -> bool:
    """True when a RAG someone typed into the data disagrees with the bands."""
    return given is not None and computed is not None and given != computed
