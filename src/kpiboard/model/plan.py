"""The improvement-plan tracker (spec section 5): one row per plan id, latest against previous,
change and whether it is good, change since the plan's baseline, target and rating."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kpiboard.catalogue.model import Indicator
from kpiboard.judge.direction import is_better
from kpiboard.model.assess import Assessment, Change
from kpiboard.periods import Month
from kpiboard.publish import SUPPRESSED, is_suppressed


@dataclass(frozen=True)
class PlanRow:
    plan_id: str
    indicator: Indicator
    period: Month
    previous: float | None
    latest: float | None
    change: float | None
    change_good: bool | None     # None: no movement, no polarity, or a figure missing
    baseline: Change | None
    target: float | None
    rating: str | None           # the RAG of the latest figure

    @property
    def arrow(self) -> str | None:
        if self.change is None or is_suppressed(self.change):
            return None
        return "right" if self.change_good is None and round(self.change, 9) == 0 else (
            "up" if self.change > 0 else "down" if self.change < 0 else "right")

    @property
    def arrow_colour(self) -> str:
        return {True: "green", False: "red"}.get(self.change_good, "")


@dataclass(frozen=True)
class PlanTracker:
    title: str
    la_name: str | None
    period: Month
    created: dt.date
    rows: tuple[PlanRow, ...]
    publication: object | None = None  # publication mode: what was withheld (kpiboard.publish)
    missing_commentary: tuple[str, ...] = ()  # refs owing commentary for the period (none given)


def _natural(plan_id: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", plan_id)]


def plan_row(a: Assessment) -> PlanRow:
    ind = a.indicator
    latest = a.value
    previous = a.previous.value if a.previous else None
    if is_suppressed(latest) or is_suppressed(previous):
        # either figure withheld: the change would give it away (latest minus change)
        return PlanRow(ind.plan_id or "", ind, a.period, previous, latest,
                       None if latest is None or previous is None else SUPPRESSED, None,
                       a.baseline, a.target, a.rag)
    change = None if latest is None or previous is None else latest - previous
    moved = change is not None and round(latest, ind.decimal_places) != round(previous, ind.decimal_places)
    good = is_better(latest, previous, ind.polarity) if moved and ind.polarity != "neutral" else None
    return PlanRow(ind.plan_id or "", ind, a.period, previous, latest, change, good, a.baseline,
                   a.target, a.rag)


def build_plan(title: str, la_name: str | None, assessments: Sequence[Assessment],
               created: dt.date) -> PlanTracker:
    rows = sorted((plan_row(a) for a in assessments if a.indicator.plan_id),
                  key=lambda r: _natural(r.plan_id))
    period = assessments[0].period
    return PlanTracker(title, la_name, period, created, tuple(rows))
