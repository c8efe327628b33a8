"""RAG bands written out in words, generated from the bands so the words can never drift from
what is applied ("95% or above Green, 92% to under 95% Amber, below 92% Red")."""

from __future__ import annotations

import math

from kpiboard.catalogue.model import Band, Condition, Rag
from kpiboard.judge.rag import RAGS, band_intervals
from kpiboard.units import format_threshold


def describe_condition(cond: Condition, unit: str) -> str:
    f = lambda x: format_threshold(x, unit)  # noqa: E731
    if cond.at_least is not None:
        return f"{f(cond.at_least)} or above"
    if cond.at_most is not None:
        return f"{f(cond.at_most)} or below"
    if cond.above is not None:
        return f"above {f(cond.above)}"
    if cond.below is not None:
        return f"below {f(cond.below)}"
    if cond.between is not None:
        return f"{f(cond.between[0])}-{f(cond.between[1])}"
    w = cond.within
    level = "target" if w.of is None else f(w.of)
    if w.by is not None:
        # For percentages the distance is in percentage points, not a percentage of the level.
        by = f"{format_threshold(w.by, 'number')}pp" if unit == "percent" else f(w.by)
        return f"±{by} of {level}"
    return f"within {format_threshold(w.by_pct, 'percent')} of {level}"


def describe_band(band: Band, unit: str) -> str:
    conds = band if isinstance(band, list) else [band]
    return ", or ".join(describe_condition(c, unit) for c in conds)


def _nested_amber(spec: Rag, unit: str) -> str | None:
    """Amber written as a superset of green ({at_least: 92} around {at_least: 95}) is applied
    after green, so in words it is the part green does not take: "92% to under 95%"."""
    g, a = spec.green, spec.amber
    if not isinstance(g, Condition) or not isinstance(a, Condition):
        return None
    gi, ai = band_intervals(g, None), band_intervals(a, None)
    if not gi or not ai:
        return None
    gi, ai = gi[0], ai[0]
    f = lambda x: format_threshold(x, unit)  # noqa: E731
    if gi.hi == ai.hi == math.inf and ai.lo < gi.lo:  # higher is better
        start = f(ai.lo) if ai.lo_closed else f"over {f(ai.lo)}"
        return f"{start} to {'under ' if gi.lo_closed else ''}{f(gi.lo)}"
    if gi.lo == ai.lo == -math.inf and ai.hi > gi.hi:  # lower is better
        start = f"over {f(gi.hi)}" if gi.hi_closed else f(gi.hi)
        return f"{start} to {'' if ai.hi_closed else 'under '}{f(ai.hi)}"
    return None


def _implicit_red(spec: Rag, unit: str, target: float | None) -> str:
    ivs = [iv for name in ("green", "amber") for iv in (band_intervals(getattr(spec, name), target) or [])]
    if not ivs:
        return "otherwise"
    f = lambda x: format_threshold(x, unit)  # noqa: E731
    lo = min(ivs, key=lambda iv: (iv.lo, not iv.lo_closed))
    hi = max(ivs, key=lambda iv: (iv.hi, iv.hi_closed))
    parts = []
    if lo.lo != -math.inf:
        parts.append(f"below {f(lo.lo)}" if lo.lo_closed else f"{f(lo.lo)} or below")
    if hi.hi != math.inf:
        parts.append(f"above {f(hi.hi)}" if hi.hi_closed else f"{f(hi.hi)} or above")
    return " or ".join(parts) if parts else "otherwise"


def describe_rag(spec: Rag | None, unit: str, target: float | None = None) -> dict[str, str]:
    """{'green': '95% or above', 'amber': ..., 'red': ...}; empty when there are no bands."""
    if spec is None or not spec.has_bands:
        return {}
    words = {}
    for name in RAGS:
        band = getattr(spec, name)
        if band is not None:
            words[name] = describe_band(band, unit)
    nested = _nested_amber(spec, unit)
    if nested:
        words["amber"] = nested
    if "red" not in words:
        words["red"] = _implicit_red(spec, unit, target)
    return words


def rag_methodology(spec: Rag | None, unit: str, target: float | None = None) -> str:
    """One sentence for reports; the note (e.g. 'Range to be set') when there are no bands."""
    if spec is None:
        return ""
    if not spec.has_bands:
        return spec.note or ""
    words = describe_rag(spec, unit, target)
    text = ", ".join(f"{words[n]} {n.capitalize()}" for n in RAGS if n in words)
    if spec.basis == "ytd":
        text += " (judged on the year to date)"
    return text
