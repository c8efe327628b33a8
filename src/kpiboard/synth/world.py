"""The simulated world: every table the simulation makes, before any extract is taken from it.

Row references between tables are row numbers (``period`` in ``episodes`` is a row of
``periods``); ``Store`` keeps them right while generations of rows are appended and ``select``
keeps them right while children are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .frame import Cols, concat, size

# child table -> (reference column, parent table)
REFS = {
    "placements": ("period", "periods"), "episodes": ("period", "periods"), "cla_reviews": ("period", "periods"),
    "cla_visits": ("period", "periods"), "health": ("period", "periods"), "dental": ("period", "periods"),
    "missing": ("period", "periods"), "adoption": ("period", "periods"), "leavers": ("period", "periods"),
    "pathway": ("leaver", "leavers"), "leaver_contacts": ("leaver", "leavers"),
    "cp_reviews": ("plan", "cp"), "cp_visits": ("plan", "cp"),
}
# tables that carry a ``child`` column (row number in ``children``)
CHILD_TABLES = ["cases", "contacts", "early_help", "referrals", "assessments", "s47", "cp", "periods", "seen"]


class Store:
    """Appends batches of tables, shifting row references by what is already stored."""

    def __init__(self) -> None:
        self.parts: dict[str, list[Cols]] = defaultdict(list)
        self.count: dict[str, int] = defaultdict(int)

    def add(self, batch: dict[str, Cols]) -> None:
        before = dict(self.count)
        for name, cols in batch.items():
            if not cols:
                continue
            cols = dict(cols)
            if name in REFS:
                col, parent = REFS[name]
                cols[col] = cols[col] + before.get(parent, 0)
            self.parts[name].append(cols)
            self.count[name] += size(cols)

    def tables(self) -> dict[str, Cols]:
        return {name: concat(parts) for name, parts in self.parts.items()}


@dataclass
class World:
    la_codes: list[str]
    start: int  # first day of complete flows
    end: int
    children: Cols
    t: dict[str, Cols]
    ctx: object = None  # the simulation context (calendar, LA effects) the world was made with
    # filled in by ``staffing.staff``
    n_workers: np.ndarray | None = None  # (LA, team) -> number of workers
    worker_names: list = field(default_factory=list)  # [LA][team] -> names
    r12: np.ndarray | None = None  # per referral: the child's referrals in the 12 months to its date
    population: dict = field(default_factory=dict)  # (la code, year) -> population

    def get(self, name: str) -> Cols:
        return self.t.get(name, {})


def select(tables: dict[str, Cols], children: Cols, keep_child: np.ndarray) -> tuple[dict[str, Cols], Cols]:
    """Keep only some children (and everything about them), renumbering row references."""
    new_child = np.cumsum(keep_child) - 1
    masks: dict[str, np.ndarray] = {}
    out: dict[str, Cols] = {}
    for name in CHILD_TABLES:
        t = tables.get(name)
        if t:
            masks[name] = keep_child[t["child"]]
    pending = [n for n in REFS if n in tables and tables[n]]
    while pending:  # parents before children (leavers before pathway)
        for name in list(pending):
            col, parent = REFS[name]
            if parent in masks:
                masks[name] = masks[parent][tables[name][col]]
                pending.remove(name)
            elif parent not in tables or not tables[parent]:
                pending.remove(name)
    for name, t in tables.items():
        if not t:
            continue
        m = masks.get(name, np.ones(size(t), dtype=bool))
        cols = {k: v[m] for k, v in t.items()}
        if name in REFS:
            col, parent = REFS[name]
            remap = np.cumsum(masks[parent]) - 1
            cols[col] = remap[cols[col]]
        if "child" in cols:
            cols["child"] = new_child[cols["child"]]
        out[name] = cols
    return out, {k: v[keep_child] for k, v in children.items()}
