"""benchmarks_for (catalogue -> Benchmark records) and the neighbour chart, on the real tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiboard.benchmarks import benchmarks_for, la_benchmarks, neighbour_chart
from kpiboard.catalogue.model import Catalogue
from kpiboard.errors import KpiboardError
from kpiboard.ingest.benchmarks import Benchmark

DFE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dfe"


def catalogue() -> Catalogue:
    def ind(ref, measure, unit, polarity):
        return {"ref": ref, "title": ref, "section": "S", "polarity": polarity, "unit": unit,
                "aggregation": "ratio" if unit == "percent" else "latest",
                "source": {"measure": measure}}

    return Catalogue.model_validate({"indicators": [
        ind("CR5", "rereferrals_12m_pct", "percent", "lower"),
        ind("LA2", "cla_rate_per_10k", "rate_per_10k", "neutral"),
        ind("WF1", "caseload_avg", "number", "lower"),
        ind("CV1", "cpp_visited_pct", "percent", "higher"),     # no published table
        {"ref": "X9", "title": "Entered by hand", "section": "S", "polarity": "higher",
         "unit": "percent", "aggregation": "ratio"},
    ]})


def test_benchmarks_for_a_catalogue_by_hand():
    got = {b.ref: b for b in benchmarks_for("202", catalogue(), year=2024, data_dir=DFE)}
    assert set(got) == {"CR5", "LA2", "WF1"}
    # Camden's 2021 neighbours' re-referral % (see test_compare): mean 17.736, best 12.864;
    # England 22.4 and Inner London 18.2 as published
    assert got["CR5"] == Benchmark(
        ref="CR5", year="2023-24", sn_average=17.7, best_sn=12.9, england=22.4,
        top_quartile=got["CR5"].top_quartile, region=18.2,
        source="DfE CIN census 2023-24 (derived from counts), SN 2021")
    assert got["LA2"].best_sn is None and got["LA2"].top_quartile is None   # neutral
    assert got["LA2"].source == "DfE children looked after 2023-24 (derived from counts), SN 2021"
    assert got["WF1"].year == "2024"
    assert got["WF1"].source == "DfE social work workforce 30 September 2024, SN 2021"
    # workforce 2024 England row: caseload_fte 15.4; Inner London 12.9
    assert (got["WF1"].england, got["WF1"].region) == (15.4, 12.9)


def test_latest_year_when_none_and_a_refs_mapping():
    got = benchmarks_for("E09000007", {"A": "cla_number", "B": "rereferrals_12m_pct",
                                       "C": "sw_agency_rate_pct"}, data_dir=DFE, sn_vintage=2025)
    years = {b.ref: b.year for b in got}
    assert years == {"A": "2024-25", "B": "2023-24"}   # published-only measures never match
    assert all(b.source.endswith("SN 2025") for b in got)


def test_top_quartile_threshold_is_type7_over_la_rows():
    np = pytest.importorskip("numpy")
    rows = la_benchmarks("all", year=2024, data_dir=DFE)
    values = [r.comparison.value for r in rows if r.measure == "rereferrals_12m_pct"
              and r.comparison.value is not None]
    camden = next(r for r in rows if r.measure == "rereferrals_12m_pct" and r.la.code == "202")
    assert camden.comparison.top_quartile_threshold == pytest.approx(np.percentile(values, 25))
    assert camden.comparison.rank == 1 + sum(v < camden.comparison.value for v in values)
    assert camden.comparison.ranked_las == len(values) == 149   # 152 LAs less 3 suppressed


def test_neighbour_chart_names_the_la_and_its_ten_neighbours():
    chart = neighbour_chart("202", "rereferrals_12m_pct", 2024, data_dir=DFE)
    assert (chart.year, chart.sn_vintage, len(chart.points)) == (2024, 2021, 11)
    first, second = chart.points[:2]
    assert (first.name, first.is_la) == ("Camden", True)
    assert (second.code, second.name, second.is_la) == ("213", "Westminster", False)
    assert second.value == pytest.approx(293 * 100 / 1873)
    assert chart.england == 22.4


def test_neighbour_chart_keeps_a_suppressed_neighbour_with_its_reason():
    # Hampshire (850), Leicestershire's 5th 2021 neighbour, has re-referrals 2024 marked u
    chart = neighbour_chart("855", "rereferrals_12m_pct", 2024, data_dir=DFE)
    hampshire = chart.points[5]
    assert (hampshire.code, hampshire.name, hampshire.value, hampshire.missing) == (
        "850", "Hampshire", None, "u")
    assert all((p.value is None) == (p.missing is not None) for p in chart.points)


def test_an_la_outside_the_2021_model_has_no_sn_figures():
    rows = la_benchmarks("942", year=2024, data_dir=DFE)   # Cumberland
    row = next(r for r in rows if r.measure == "rereferrals_12m_pct")
    assert row.comparison.sn_mean is None and row.comparison.neighbours_with_values == 0
    assert "not in the 2021 statistical neighbour model" in row.comparison.note
    assert row.comparison.rank is not None


def test_unknown_la_and_measure_are_one_line_errors():
    with pytest.raises(KpiboardError, match="unknown LA 'ZZZ'"):
        benchmarks_for("ZZZ", catalogue(), data_dir=DFE)
    with pytest.raises(KpiboardError, match="no published table for measure 'contacts'"):
        neighbour_chart("202", "contacts", data_dir=DFE)
