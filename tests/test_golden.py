"""Golden files: the demo's judgements and summary table, compared line by line.

The demo data is seeded, so any change here is a change in a judgement or in what the report
shows. Regenerate deliberately with ``KPIBOARD_UPDATE_GOLDEN=1 ./scripts/test tests/test_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KPIBOARD_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text.splitlines() == expected.splitlines(), f"{name} differs from the golden file"


class SummaryText(HTMLParser):
    """The summary table as rows of cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "summary-table") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []
        elif self.inside and tag == "svg" and self.cell is not None:
            self.cell.append("[arrow]")

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.inside and self.cell is not None:
            self.cell.append(data)


def test_demo_judgements_match_golden(demo, cli):
    inputs = demo.out / "inputs"
    # later files win, as later loads do: the revised file replaces August and September
    done = cli("compute", "--catalogue", inputs / "catalogue.yaml",
                   "--values", inputs / "values_first.csv", "--values", inputs / "values_revised.csv",
                   "--period", "2026-10")
    assert done.returncode == 0, done.stderr
    check("demo-compute-2026-10.csv", done.stdout)


def test_demo_summary_table_matches_golden(demo):
    parser = SummaryText()
    parser.feed(demo.html)
    text = "\n".join(" | ".join(row) for row in parser.rows if row) + "\n"
    assert re.search(r"CR1 \| Contacts received", text)
    check("demo-summary-2026-10.txt", text)
