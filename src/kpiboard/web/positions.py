"""Where the latest value stands against its benchmarks: better or worse than the statistical
neighbours' average and England, given the indicator's polarity. Pure functions of numbers."""

from __future__ import annotations

from dataclasses import dataclass

from kpiboard.ingest.benchmarks import Benchmark
from kpiboard.judge.direction import is_better

WORDS = {"better": "better than", "worse": "worse than", "same": "the same as"}


@dataclass(frozen=True)
class Comparison:
    against: str        # "SN average" | "England"
    benchmark: float
    verdict: str        # better | worse | same

    @property
    def words(self) -> str:
        return f"{WORDS[self.verdict]} {self.against}"


def compare(value: float, benchmark: float, polarity: str, decimals: int = 1) -> str | None:
    """better / worse / same, at the indicator's display precision (a difference too small to
    see is the same, as for direction of travel); None when the indicator has no preferred
    direction."""
    if polarity not in ("higher", "lower"):
        return None
    now, other = round(value, decimals), round(benchmark, decimals)
    if now == other:
        return "same"
    return "better" if is_better(now, other, polarity) else "worse"


def benchmark_position(value: float | None, benchmark: Benchmark | None, polarity: str,
                       decimals: int = 1) -> tuple[Comparison, ...]:
    """The latest value against the SN average and England, where both exist."""
    if value is None or benchmark is None:
        return ()
    out = []
    for against, figure in (("SN average", benchmark.sn_average), ("England", benchmark.england)):
        if figure is None:
            continue
        verdict = compare(value, figure, polarity, decimals)
        if verdict is not None:
            out.append(Comparison(against, figure, verdict))
    return tuple(out)
