"""The overview: SPC icons and benchmark position in each row, and the kept page body, which a
load or a commentary change replaces at once (also when made through another app instance, as
another server process would)."""

from __future__ import annotations

import re

from kpiboard.loading import prepare_load
from kpiboard.store import Store
from kpiboard.web import create_app, workflow

BENCHMARKS = """\
ref,year,sn_average,england
CR2,2025-26,85,90
CP1,2025-26,7,5
"""


def row(html: str, ref: str) -> str:
    return re.search(rf'<tr data-ref="{ref}">(.*?)</tr>', html, re.S).group(1)


def test_rows_show_spc_icons_and_benchmark_position(login, db_url, tmp_path):
    (tmp_path / "bench.csv").write_text(BENCHMARKS)
    store = Store(db_url)
    store.load(prepare_load(store, benchmarks=[tmp_path / "bench.csv"]))
    html = login("viewer").get("/").text
    # CR2 October 87%: above the SN average 85, below England 90 (higher is better)
    cr2 = row(html, "CR2")
    assert "better than SN average" in cr2 and "worse than England" in cr2
    # CP1 October 6%: lower is better; SN average 7 (better), England 5 (worse)
    cp1 = row(html, "CP1")
    assert "better than SN average" in cp1 and "worse than England" in cp1
    assert "than" not in row(html, "CR1")  # no benchmark, and information only
    # Three months are too few for XmR limits, so no icon is drawn (the column is there).
    assert html.count('<td class="spc">') == 4


def test_kept_overview_follows_commentary_and_loads_from_another_process(login, db_url, tmp_path):
    viewer = login("viewer")
    assert ">(none)</a>" in row(viewer.get("/").text, "CR1")
    other = create_app(db_url).state.web.store  # as another worker would write
    workflow.change(other, "save", "CR1", "2026-10", "Alex Smith", 0, text="Rose.")
    assert ">draft</a>" in row(viewer.get("/").text, "CR1")
    (tmp_path / "v3.csv").write_text("ref,period,value\nCR1,2026-10,999\n")
    other.load(prepare_load(other, values=[tmp_path / "v3.csv"]))
    assert ">999<" in row(viewer.get("/").text, "CR1")


def test_filters_are_kept_apart(login):
    viewer = login("viewer")
    assert viewer.get("/?section=Child+protection").text.count("<tr data-ref=") == 2
    assert viewer.get("/").text.count("<tr data-ref=") == 4
    assert viewer.get("/?period=2026-09&rag=red").text.count("<tr data-ref=") == 1  # CP1 9%
    assert viewer.get("/?period=2099-01").status_code == 400
