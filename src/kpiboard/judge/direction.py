"""Direction of travel: the arrow and its colour, from the spec's 8-state key.

For indicators with a polarity the arrow shows the direction of performance; for neutral
(information only) indicators it shows the direction of the number, in a neutral colour.
Changes too small to see at the indicator's display precision count as no change.
"""

from __future__ import annotations

from dataclasses import dataclass

ARROWS = {"improved": "up", "declined": "down", "increased": "up", "decreased": "down",
          "no_change": "right"}


@dataclass(frozen=True, slots=True)
class Direction:
    dot: str     # improved | declined | no_change | increased | decreased
    colour: str  # green | amber | red, or "" for information-only indicators

    @property
    def arrow(self) -> str:
        return ARROWS[self.dot]


def is_better(new: float, old: float, polarity: str) -> bool:
    return new > old if polarity == "higher" else new < old


def direction_of_travel(current: float | None, previous: float | None, polarity: str,
                        rag: str | None, decimals: int = 1) -> Direction | None:
    """None when either month has no value.

    ``rag`` is the current RAG: green or amber is "within the limits of target", red is "not on
    target". With no RAG (no bands, or no target yet) the indicator is treated as within limits:
    nothing shows it is off target, so a decline is amber rather than red.
    """
    if current is None or previous is None:
        return None
    now, before = round(current, decimals), round(previous, decimals)
    if polarity == "neutral":
        dot = "increased" if now > before else "decreased" if now < before else "no_change"
        return Direction(dot, "")
    within_limits = rag != "red"
    if now == before:
        return Direction("no_change", "green" if within_limits else "amber")
    if is_better(now, before, polarity):
        return Direction("improved", "green")
    return Direction("declined", "amber" if within_limits else "red")
