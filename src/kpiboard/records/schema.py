"""The canonical child-level tables.

Every readers' output is a ``Dataset``: one pyarrow table per name below, each row tagged with
the LA and the date of the extract it came from. Demographics, team and worker are carried on
every row (as Annex A lists carry them) so that any measure can be broken down without joins.

Dates are ``date32``; flags are booleans (None = not recorded); codes are kept as given, minus
Annex A's "a) " list prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

D, S, B, I = pa.date32(), pa.string(), pa.bool_(), pa.int32()

# Columns every person-level table carries.
COMMON = {"la": S, "extract_date": D, "child_id": S, "gender": S, "ethnicity": S, "dob": D,
          "disability": B, "team": S, "worker": S}

TABLES: dict[str, dict[str, pa.DataType]] = {
    # list 1
    "contacts": {"contact_date": D, "source": S},
    # list 3
    "referrals": {"referral_date": D, "source": S, "nfa": B, "referrals_12m": I},
    # list 4 (continuous assessments)
    "assessments": {"start_date": D, "authorised_date": D, "child_seen": B, "outcome": S},
    # list 5
    "s47": {"strategy_date": D, "icpc_unnecessary": B, "icpc_date": D, "icpc_to_cpp": B},
    # list 6
    "cin": {"start_date": D, "end_date": D, "last_seen_date": D, "primary_need": S, "case_status": S},
    # list 7
    "cp_plans": {"start_date": D, "end_date": D, "last_visit_date": D, "last_review_date": D,
                 "previous_plans": I, "category": S},
    # list 8 / SSDA903: one row per period of care
    "cla": {"start_date": D, "end_date": D, "legal_status": S, "placement_type": S,
            "placement_start": D, "placements_12m": I, "last_review_date": D, "last_visit_date": D,
            "health_assessment_date": D, "dental_check_date": D, "uasc": B, "placement_location": S},
    # SSDA903 episodes: placements and short breaks need the episode history
    "cla_episodes": {"start_date": D, "end_date": D, "rne": S, "legal_status": S,
                     "placement_type": S},
    # list 9
    "care_leavers": {"in_touch": B, "activity": S, "eet": B, "accommodation": S,
                     "accommodation_suitable": B, "pathway_review_date": D},
    # list 10
    "adoption": {"entered_care_date": D, "decision_date": D, "placement_order_date": D,
                 "matched_date": D, "placed_date": D, "adoption_order_date": D},
    # SSDA903 reviews: the review history (Annex A gives only the latest review, on "cla")
    "cla_reviews": {"review_date": D},
    # SSDA903 missing episodes
    "missing": {"start_date": D, "end_date": D, "kind": S},
}

# What identifies the same record in two extracts (besides la and child_id): the engine keeps
# the version from the latest extract.
KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("contact_date", "source"), "referrals": ("referral_date",),
    "assessments": ("start_date",), "s47": ("strategy_date",), "cin": ("start_date",),
    "cp_plans": ("start_date",), "cla": ("start_date",), "cla_episodes": ("start_date",),
    "cla_reviews": ("review_date",), "care_leavers": (), "adoption": ("entered_care_date",),
    "missing": ("start_date",),
}

# Not person-level: mid-year population aged 0-17.
POPULATION = pa.schema([("la", S), ("year", I), ("population", pa.int64())])


def schema(name: str) -> pa.Schema:
    return pa.schema(list(COMMON.items()) + list(TABLES[name].items()))


def empty_table(name: str) -> pa.Table:
    return schema(name).empty_table()


@dataclass
class Dataset:
    """Canonical tables plus what a reader learned on the way.

    ``history`` names tables whose rows are complete histories (SSDA903 episodes): snapshot
    measures on them read every row by its dates rather than only the latest extract.
    """

    tables: dict[str, pa.Table] = field(default_factory=dict)
    population: pa.Table = field(default_factory=POPULATION.empty_table)
    history: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def table(self, name: str) -> pa.Table:
        return self.tables[name] if name in self.tables else empty_table(name)

    def add(self, name: str, rows: pa.Table) -> None:
        """Append rows (cast to the canonical schema) to a table."""
        rows = rows.select(schema(name).names).cast(schema(name))
        self.tables[name] = pa.concat_tables([self.tables[name], rows]) if name in self.tables else rows

    def merge(self, other: "Dataset") -> None:
        for name, rows in other.tables.items():
            self.add(name, rows)
        if other.population.num_rows:
            self.population = pa.concat_tables([self.population, other.population])
        self.history |= other.history
        self.warnings += other.warnings
        self.sources += other.sources

    def until(self, day) -> "Dataset":
        """The records as known on ``day``: only extracts dated on or before it."""
        import pyarrow.compute as pc

        tables = {name: t.filter(pc.less_equal(t.column("extract_date"), pa.scalar(day, pa.date32())))
                  for name, t in self.tables.items()}
        return Dataset(tables, self.population, set(self.history), list(self.warnings),
                       list(self.sources))

    @property
    def las(self) -> set[str]:
        return {la for t in self.tables.values() for la in t.column("la").unique().to_pylist() if la}

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: t.num_rows for name, t in sorted(self.tables.items())}


def table_from_rows(name: str, rows: list[dict]) -> pa.Table:
    """A canonical table from dicts; missing columns are None (handy for readers and tests)."""
    s = schema(name)
    return pa.table({f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in s}, schema=s)
