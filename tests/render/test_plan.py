"""The improvement-plan tracker from the demo: rows by plan id, change arrows coloured by whether
the change is good, change since baseline, target and rating."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kpiboard.catalogue import load_catalogue


class Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.arrow_titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = []
        elif tag == "svg" and ("class", "dot") in attrs:
            self.arrow_titles.append(dict(attrs).get("aria-label", ""))

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_plan_tracker_rows(demo):
    html = (demo.out / "plan-tracker-2026-10.html").read_text()
    catalogue = load_catalogue(demo.out / "inputs" / "catalogue.yaml")
    planned = sorted((i.plan_id, i.ref) for i in catalogue.indicators if i.plan_id)
    parser = Rows()
    parser.feed(html)
    rows = [r for r in parser.rows if r]
    assert [(r[0], r[1]) for r in rows] == sorted(planned, key=lambda p: int(p[0][2:]))
    for r in rows:
        assert re.search(r"\((Mar-25)\)", r[7]), r  # the catalogue's baseline month
        assert r[10] in {"Green", "Amber", "Red", "–"}
    assert set(parser.arrow_titles) <= {"better", "worse", "no change"}
    assert "<script" not in html and "http" not in html.split("</style>", 1)[1]
