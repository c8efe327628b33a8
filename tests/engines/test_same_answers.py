"""The measure library gives the same answers on DuckDB, PostgreSQL and Spark.

One synthetic LA (small, so Spark stays quick), every measure, three months, every window, and
one breakdown: each engine must return exactly the same numerators and denominators.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kpiboard.measures.engine import Engine
from kpiboard.measures.spec import WINDOWS, library
from kpiboard.periods import Month

PERIODS = [Month(2026, 3), Month(2026, 9), Month(2026, 10)]


@pytest.fixture(scope="module")
def records():
    from kpiboard.synth import simulate

    return simulate(children=600, months=18, seed=7, end=dt.date(2026, 10, 31))


def answers(engine: Engine, records) -> tuple[dict, dict]:
    engine.load(records)
    try:
        totals = engine.compute_many(library().ids, PERIODS, list(WINDOWS))
        by_team = engine.compute(library().ids, Month(2026, 10), "month", by="team")
    finally:
        engine.close()
    key = lambda r: (r.measure, str(r.period), r.window, r.la, r.group)  # noqa: E731
    rounded = lambda x: None if x is None else round(x, 6)  # noqa: E731
    return ({key(r): (rounded(r.numerator), rounded(r.denominator)) for r in totals},
            {key(r): (rounded(r.numerator), rounded(r.denominator)) for r in by_team})


@pytest.fixture(scope="module")
def duckdb_answers(records):
    return answers(Engine("duckdb"), records)


def test_duckdb_answers_every_measure_and_window(duckdb_answers):
    totals, by_team = duckdb_answers
    assert len(totals) == len(library().ids) * len(PERIODS) * len(WINDOWS)
    assert any(num for num, _ in totals.values()), "the synthetic LA should give non-zero measures"
    assert by_team


def test_postgres_gives_the_same_answers(records, duckdb_answers, pg_url):
    assert answers(Engine("postgres", pg_url), records) == duckdb_answers


def test_spark_gives_the_same_answers(records, duckdb_answers):
    assert answers(Engine("spark"), records) == duckdb_answers
