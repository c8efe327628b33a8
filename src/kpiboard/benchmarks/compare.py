"""Pure comparisons of an LA with its statistical neighbours, region, England and all LAs.

Conventions (../shared/spec/benchmarks.md, docs/benchmarks.md):
- SN mean (LAIT): arithmetic mean of the neighbours' values, missing values dropped.
- SN median (DfE children's social care dashboard): median of the neighbours' values, rounded
  half-up to 1 dp (20.75 -> 20.8), in Decimal so binary floats cannot round it down.
- Quartiles (LAIT): type-7 quantiles (linear interpolation, the R / numpy default) over LA rows
  only. Lower is better: A = [min, Q1], B = (Q1, median], C = (median, Q3], D = (Q3, max];
  higher is better mirrors it, so A is always best. Top-quartile threshold: Q1 for lower, Q3 for
  higher. Rank 1 = best; ties share the smallest rank.
- Neutral measures have no best SN, quartile band, threshold or rank.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal, Sequence

Polarity = Literal["higher", "lower", "neutral"]
NO_DIRECTION = "neutral measure: no best SN, quartile band, threshold or rank"


@dataclass(frozen=True, slots=True)
class Quartiles:
    q1: float
    median: float
    q3: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """One LA's value set beside its benchmarks for one measure and year."""

    value: float | None
    sn_mean: float | None
    sn_median: float | None
    best_sn: float | None
    region: float | None
    england: float | None
    quartile_band: str | None
    top_quartile_threshold: float | None
    rank: int | None
    ranked_las: int                # LA values the quartiles and rank are taken over
    neighbours_with_values: int    # of the LA's neighbours, how many have a value
    sn_vintage: int
    note: str | None = None


def round_half_up(value: float | None, places: int = 1) -> float | None:
    """Half-up on the decimal written form: 20.75 -> 20.8 (round() gives 20.8 or 20.7 by luck)."""
    if value is None:
        return None
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def present(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None and not math.isnan(v)]


def _decimals(values: Sequence[float | None]) -> list[Decimal]:
    """Values as written (repr), so 9.6 and 9.7 interpolate to 9.65, not 9.649999999999999."""
    return sorted(Decimal(repr(v)) for v in present(values))


def sn_mean(values: Sequence[float | None]) -> float | None:
    got = _decimals(values)
    return float(sum(got) / len(got)) if got else None


def sn_median(values: Sequence[float | None]) -> float | None:
    """Median of the neighbours' values (missing dropped), rounded half-up to 1 dp."""
    got = _decimals(values)
    if not got:
        return None
    mid = len(got) // 2
    median = got[mid] if len(got) % 2 else (got[mid - 1] + got[mid]) / 2
    return float(median.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def best(values: Sequence[float | None], polarity: Polarity) -> float | None:
    got = present(values)
    if not got or polarity == "neutral":
        return None
    return max(got) if polarity == "higher" else min(got)


def quantile7(sorted_values: Sequence[Decimal], p: Decimal) -> Decimal:
    """R's type 7: h = (n - 1) p; linear interpolation between the order statistics around h."""
    if not sorted_values:
        raise ValueError("no values")
    h = (len(sorted_values) - 1) * p
    lo = int(h)  # h >= 0, so int() is floor
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def quartiles(values: Sequence[float | None]) -> Quartiles | None:
    return _quartiles(tuple(values))


@lru_cache(maxsize=256)  # every LA of a table shares one distribution: sort it once
def _quartiles(values: tuple[float | None, ...]) -> Quartiles | None:
    got = _decimals(values)
    if not got:
        return None
    q1, q2, q3 = (float(quantile7(got, Decimal(p))) for p in ("0.25", "0.5", "0.75"))
    return Quartiles(q1, q2, q3)


def band(value: float | None, q: Quartiles | None, polarity: Polarity) -> str | None:
    """Quartile band A (best) to D."""
    if value is None or q is None or polarity == "neutral":
        return None
    if polarity == "lower":
        return "A" if value <= q.q1 else "B" if value <= q.median else "C" if value <= q.q3 else "D"
    return "A" if value >= q.q3 else "B" if value >= q.median else "C" if value >= q.q1 else "D"


def top_quartile_threshold(q: Quartiles | None, polarity: Polarity) -> float | None:
    if q is None or polarity == "neutral":
        return None
    return q.q1 if polarity == "lower" else q.q3


def rank(value: float | None, values: Sequence[float | None], polarity: Polarity) -> int | None:
    """1 = best; LAs with equal values share the smallest rank (1, 2, 2, 4)."""
    if value is None or polarity == "neutral":
        return None
    better = [v for v in present(values) if (v < value if polarity == "lower" else v > value)]
    return len(better) + 1


def compare(value: float | None, *, polarity: Polarity, neighbours: Sequence[float | None],
            la_values: Sequence[float | None], region: float | None, england: float | None,
            sn_vintage: int, ranked: bool = True, note: str | None = None) -> Comparison:
    """An LA's comparison. ``neighbours`` are its neighbours' values (None where missing);
    ``la_values`` every LA row of the table for the year (no region or England rows).
    ``ranked`` False (a measure LAIT gives no quartiles) drops band, threshold and rank."""
    direction: Polarity = polarity if ranked else "neutral"
    q = quartiles(la_values) if direction != "neutral" else None
    notes = [n for n in (note, NO_DIRECTION if polarity == "neutral" else None) if n]
    return Comparison(
        value=value, sn_mean=sn_mean(neighbours), sn_median=sn_median(neighbours),
        best_sn=best(neighbours, polarity), region=region, england=england,
        quartile_band=band(value, q, direction),
        top_quartile_threshold=top_quartile_threshold(q, direction),
        rank=rank(value, la_values, direction), ranked_las=len(present(la_values)),
        neighbours_with_values=len(present(neighbours)), sn_vintage=sn_vintage,
        note="; ".join(notes) or None,
    )

