"""Periods of care and placements from SSDA903 episodes, stitched across returns.

A return holds only the episodes open during its collection year, so on its own a period of care
that began years earlier would start at the first episode the return holds. Returns read together
are therefore stitched into each child's history first (an episode, by child and start date, held
by several returns is taken in the version of the latest), and each return's periods of care are
taken from that history as they stood at the return's extract date: with their true start and
current placement, and open where they were open then. A single return is its own history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

OPEN = dt.date.max                         # the end of an episode still open
SAME_PLACEMENT = {"L", "T", "U"}           # S, P, B (and unknown codes) start a new placement
SHORT_BREAKS = {"V3", "V4"}


@dataclass(slots=True)
class Episode:
    child: str
    start: dt.date
    end: dt.date | None
    rne: str | None
    ls: str | None
    place: str | None
    rec: str | None
    row: int
    until: dt.date = OPEN                  # the end used for periods: open ends repaired


Period = list[Episode]
Note = Callable[[Episode, str, str], None]  # (episode, column, what) for a repair made


def chain(episodes: Iterable[Episode], note: Note | None = None) -> dict[str, list[Period]]:
    """Each child's periods of care, oldest first: a period runs on while each episode starts
    on (or, in faulty data, before) the day the previous ones ended. Sets each episode's
    ``until``; ``note`` hears of the repairs."""
    note = note or (lambda e, column, what: None)
    by_child: dict[str, list[Episode]] = defaultdict(list)
    for e in sorted(episodes, key=lambda e: (e.child, e.start, e.row)):
        by_child[e.child].append(e)
    out: dict[str, list[Period]] = {}
    for child, eps in by_child.items():
        periods, running = out.setdefault(child, []), dt.date.min
        for e, after in zip(eps, eps[1:] + [None]):
            if e.end is None and after is not None:
                note(e, "DEC", "blank but the child has a later episode "
                     "(read as ending when that one starts)")
            e.until = e.end if e.end is not None else (after.start if after else OPEN)
            if periods and e.start <= running:
                if e.start < running:
                    note(e, "DECOM", "before the previous episode's DEC (read as one period of care)")
                periods[-1].append(e)
                running = max(running, e.until)
            else:
                periods.append([e])
                running = e.until
    return out


def placements(period: Period) -> list[list[Episode]]:
    """A period's placements: RNE L, T or U carries on the placement; S, P, B (or a code we do
    not know) starts one, as does the period's first episode."""
    out: list[list[Episode]] = []
    for e in period:
        if out and e.rne in SAME_PLACEMENT:
            out[-1].append(e)
        else:
            out.append([e])
    return out


def year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


@dataclass
class Care:
    """One child's care as one return sees it."""
    periods: list[Period]                  # the periods holding the return's episodes, oldest first
    spans: list[tuple[dt.date, dt.date]]   # (start, until) of every placement known by the extract
                                           # date, short breaks left out


class History:
    """Every child's periods of care from the episodes of all the returns read together."""

    def __init__(self, returns: Iterable[Sequence[Episode]]) -> None:
        """``returns``: each return's episodes, the oldest extract first."""
        kept: dict[tuple[str, dt.date], list[Episode]] = {}
        for episodes in returns:
            held: dict[tuple[str, dt.date], list[Episode]] = defaultdict(list)
            for e in episodes:
                held[(e.child, e.start)].append(replace(e))   # a copy: ``until`` is this history's
            kept.update(held)
        self.periods = chain(e for versions in kept.values() for e in versions)

    def at(self, episodes: Sequence[Episode], extract: dt.date) -> dict[str, Care]:
        """The care of one return's children as it stood at the return's extract date: the
        episodes started by then, and the periods holding the return's own episodes."""
        held = {(e.child, e.start) for e in episodes}
        out: dict[str, Care] = {}
        for child in sorted({e.child for e in episodes}):
            known = [p for period in self.periods[child]
                     if (p := [e for e in period if e.start <= extract])]
            spans = [(kept[0].start, max(e.until for e in kept)) for period in known
                     for p in placements(period) if (kept := [e for e in p if e.ls not in SHORT_BREAKS])]
            out[child] = Care([p for p in known if any((child, e.start) in held for e in p)], spans)
        return out
