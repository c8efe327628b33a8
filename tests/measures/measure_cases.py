"""Helpers for the measure-library tests: small hand-built cases, expected values worked out by
hand from ../shared/spec/indicator-definitions.md (never from the code).

Each case is a few child rows under its own LA code (unique across the folder). Every module's
cases with the same ``history`` load into ONE shared DuckDB engine, and one ``compute`` per
(period, window, breakdown) answers every case at once: results are per LA, and everything the
engine does per LA (latest extract, history coverage, population) stays inside the case.

    CASES = Cases()
    CASES.add("contacts", "F01", "a", contact_date=D(2024, 10, 1))

    @pytest.fixture(scope="module")
    def run():
        return shared_run(CASES)           # the engine holding this module's CASES

    def test_x(run):
        check(run.get("contacts", "F01"), 1, None, 1)

``compute_once`` is the one-shot form: a Dataset from a few dicts, its own engine, one measure.
Not a conftest.py on purpose: top-level tests do ``from conftest import ROOT``, and a second
module named ``conftest`` in this folder would shadow tests/conftest.py for them. Each test
module declares its two-line ``run`` fixture (``shared_run(CASES)``).
"""

from __future__ import annotations

import atexit
import datetime as dt
from collections import defaultdict

import pyarrow as pa
import pytest

from kpiboard.measures.engine import Engine, Result
from kpiboard.measures.spec import WINDOWS, library
from kpiboard.periods import Month
from kpiboard.records.schema import Dataset, table_from_rows

D = dt.date
OCT24 = Month(2024, 10)          # the default period: 1-31 October 2024 (31 Oct is a Thursday)
END = D(2024, 10, 31)

# Every person-level row carries these unless a case says otherwise.
PERSON = dict(team="T1", worker="W1", gender="Female", ethnicity="WBRI", dob=D(2015, 5, 1),
              disability=False)


_ALL: list["Cases"] = []


class Cases:
    """Rows for many small cases; one LA code per case."""

    def __init__(self, extract: dt.date = END, history: tuple[str, ...] = (),
                 shared: bool = True) -> None:
        self.extract = extract
        self.tables: dict[str, list[dict]] = defaultdict(list)
        self.pop: list[dict] = []
        self.history = set(history)
        if shared:
            _ALL.append(self)

    @property
    def las(self) -> set[str]:
        return {r["la"] for rows in self.tables.values() for r in rows} | {p["la"] for p in self.pop}

    def add(self, table: str, la: str, child: str, extract: dt.date | None = None, **fields) -> None:
        self.tables[table].append({**PERSON, "extract_date": extract or self.extract, "la": la,
                                   "child_id": child, **fields})

    def population(self, la: str, year: int, n: int) -> None:
        self.pop.append({"la": la, "year": year, "population": n})

    def dataset(self) -> Dataset:
        ds = Dataset(history=set(self.history))
        for name, rows in self.tables.items():
            ds.add(name, table_from_rows(name, rows))
        if self.pop:
            ds.population = pa.table({
                "la": pa.array([p["la"] for p in self.pop], pa.string()),
                "year": pa.array([p["year"] for p in self.pop], pa.int32()),
                "population": pa.array([p["population"] for p in self.pop], pa.int64())})
        return ds


class Run:
    """One engine over a module's cases; results cached per (period, window, breakdown).

    Every library measure is computed in each call, as the CLI does (see
    test_windows_calendar.py for a measure computed alone)."""

    def __init__(self, cases: Cases, measures: list[str] | None = None) -> None:
        self.engine = Engine("duckdb")
        self.engine.load(cases.dataset())
        self.measures = list(measures or library().ids)
        self._cache: dict[tuple, list[Result]] = {}

    def results(self, period: Month = OCT24, kind: str | None = None,
                by: str | None = None) -> list[Result]:
        """Results for one window kind (None: each measure's default window)."""
        key = (period, by)
        if key not in self._cache:  # every window kind in one query (one compile per breakdown)
            self._cache[key] = self.engine.compute_many(self.measures, [period], [None, *WINDOWS],
                                                        by=by)
        lib = library()
        return [r for r in self._cache[key]
                if r.window == (kind or lib.get(r.measure).default_window)]

    def get(self, measure: str, la: str, period: Month = OCT24, kind: str | None = None) -> Result:
        found = [r for r in self.results(period, kind) if r.measure == measure and r.la == la]
        assert len(found) == 1, f"{measure} {la}: {found}"
        return found[0]

    def groups(self, measure: str, la: str, by: str, period: Month = OCT24,
               kind: str | None = None) -> dict[str | None, Result]:
        return {r.group: r for r in self.results(period, kind, by)
                if r.measure == measure and r.la == la}

    def close(self) -> None:
        self.engine.close()


def _same(got, want) -> bool:
    if want is None:
        return got is None
    return got is not None and got == pytest.approx(want, abs=1e-9)


def check(r: Result, num, den, value) -> None:
    """Numerator, denominator and value, all three (den None for counts)."""
    assert (_same(r.numerator, num) and _same(r.denominator, den) and _same(r.value, value)), \
        f"{r.measure} {r.la} {r.window}: want num={num} den={den} value={value}, " \
        f"got num={r.numerator} den={r.denominator} value={r.value}"


def compute_once(tables: dict[str, list[dict]], measure: str, period: Month = OCT24,
                 kind: str | None = None, by: str | None = None, history: tuple[str, ...] = (),
                 population: list[tuple[str, int, int]] = ()) -> list[Result]:
    """One-shot: build a Dataset from a few dicts (LA "999" unless given) and run one measure."""
    cases = Cases(history=history, shared=False)
    for table, rows in tables.items():
        for row in rows:
            row = dict(row)
            cases.add(table, row.pop("la", "999"), row.pop("child_id"), **row)
    for la, year, n in population:
        cases.population(la, year, n)
    run = Run(cases, [measure])  # the measure alone
    try:
        return run.results(period, kind, by)
    finally:
        run.close()


_RUNS: dict[frozenset, Run] = {}


def shared_run(cases: Cases) -> Run:
    """The session's engine for every registered Cases with the same history (built once)."""
    key = frozenset(cases.history)
    if key not in _RUNS:
        merged = Cases(history=tuple(key), shared=False)
        seen: set[str] = set()
        for c in _ALL:
            if frozenset(c.history) != key:
                continue
            clash = seen & c.las
            assert not clash, f"LA codes used by two case sets: {sorted(clash)}"
            seen |= c.las
            for name, rows in c.tables.items():
                merged.tables[name] += rows
            merged.pop += c.pop
        _RUNS[key] = Run(merged)
    return _RUNS[key]


@atexit.register
def close_runs() -> None:
    for r in _RUNS.values():
        r.close()
    _RUNS.clear()
