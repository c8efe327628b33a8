"""bench/web_bench.py still runs against the real server: a tiny run (3 users, 2 requests each)
prints its figures line. Nothing about speed is asserted here; the figures live in bench/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "web_bench.py"


def test_web_bench_prints_its_figures():
    done = subprocess.run([sys.executable, str(BENCH), "--users", "3", "--requests", "2", "--workers", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"overview, 1 worker\(s\), 3 concurrent users, 6 requests in [\d.]+ s \(\d+/s\): "
                        r"p50 \d+ ms, p95 \d+ ms, max \d+ ms; SQLite store; server on uvloop \+ httptools", line), line
