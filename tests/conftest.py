"""Shared fixtures: the demo built once per session, and the real CLI in a subprocess."""

from __future__ import annotations

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
