"""Engines for the cross-engine tests: DuckDB in process, a real PostgreSQL server, Spark local.

PostgreSQL comes from ``KPIBOARD_TEST_PG_URL``, which ./scripts/test sets after starting a server
on loopback. Without it these tests fail (they never skip): CI must run them.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = os.environ.get("KPIBOARD_TEST_PG_URL")
    if not url:
        pytest.fail("KPIBOARD_TEST_PG_URL is not set: run the suite with ./scripts/test, which "
                    "starts PostgreSQL on loopback and sets it")
    return url
