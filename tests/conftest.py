"""Shared fixtures: the demo built once per session, the real CLI in a subprocess, and the
PostgreSQL server ./scripts/test starts on loopback (without it those tests fail; they never
skip: CI must run them)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@dataclass
class Demo:
    out: Path
    lines: list[str]

    @property
    def report(self) -> Path:
        return self.out / "monthly-report-2026-10.html"

    @property
    def html(self) -> str:
        return self.report.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    from kpiboard.demo.run import run_demo

    out = tmp_path_factory.mktemp("demo")
    return Demo(out, list(run_demo(out)))


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """The installed command, exactly as a user runs it."""
    return subprocess.run([sys.executable, "-m", "kpiboard", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, input=input, timeout=300)


@pytest.fixture
def cli():
    return run_cli


def _set_by_scripts_test(name: str, what: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the suite with ./scripts/test, which {what} and sets it")
    return value


@pytest.fixture(scope="session")
def pg_url() -> str:
    return _set_by_scripts_test("KPIBOARD_TEST_PG_URL", "starts PostgreSQL on loopback")


@pytest.fixture(scope="session")
def pg_app_url() -> str:
    """A role that does not own the tables, as docs/deployment.md recommends for the app."""
    return _set_by_scripts_test("KPIBOARD_TEST_PG_APP_URL", "creates the kpiboard_app role")
