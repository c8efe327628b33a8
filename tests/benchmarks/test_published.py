"""Reading the real published DfE tables (../shared/data/dfe): derived values reproduce the
published ones, suppression codes stay missing with their reason, figures checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiboard.benchmarks.compare import round_half_up
from kpiboard.benchmarks.mapping import mapping, parse_mapping
from kpiboard.benchmarks.published import (parse_cell, parse_year, read_neighbours,
                                           read_published)
from kpiboard.errors import KpiboardError

DFE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dfe"

# Places the published figure is rounded to (the looked-after tables print whole numbers).
PUBLISHED_PLACES = {"rereferrals_12m_pct": 1, "referrals_nfa_pct": 1, "cpp_second_subsequent_pct": 1,
                    "cpp_open_2y_plus_pct": 1, "cpp_ended_2y_plus_pct": 1,
                    "cpp_reviewed_on_time_pct": 1, "cla_rate_per_10k": 0,
                    "cla_3plus_placements_pct": 0, "cla_long_term_stability_pct": 0}


@pytest.fixture(scope="module")
def published():
    return read_published(DFE)


def la(published, measure, year, code):
    return published.get(measure, year).la(code)


def test_every_derived_measure_with_a_published_column_is_checked():
    derived = {m.id for m in mapping().measures if m.method == "derived" and m.published}
    assert derived == set(PUBLISHED_PLACES)


@pytest.mark.parametrize("measure", sorted(PUBLISHED_PLACES))
def test_derived_values_match_the_published_figure_for_every_la(published, measure):
    checked = 0
    for year in published.years(measure):
        for row in published.get(measure, year).las.values():
            if row.value is None or row.published is None:
                continue
            assert round_half_up(row.value, PUBLISHED_PLACES[measure]) == row.published, (
                f"{measure} {year} {row.la_name}: derived {row.value}, published {row.published}")
            checked += 1
    assert checked > 700  # every year's LAs, less suppressed cells


def test_england_rereferral_rate_is_the_published_england_row(published):
    england = published.get("rereferrals_12m_pct", 2024).england
    # c1 2024 England row: Referrals 621880, Re_referrals 139080, Re_referrals_percent 22.4
    assert (england.numerator, england.denominator, england.published) == (139080, 621880, 22.4)
    assert england.value == 22.4
    assert round_half_up(england.numerator * 100 / england.denominator) == 22.4


def test_region_rows_read_the_published_percent(published):
    # c1 2024 Inner London: Referrals 38730, Re_referrals 7060, Re_referrals_percent 18.2
    inner = published.get("rereferrals_12m_pct", 2024).regions["E13000001"]
    assert (inner.region_name, inner.value, inner.numerator) == ("Inner London", 18.2, 7060)


def test_camden_figures_checked_by_hand(published):
    # c1 2024, Camden (202): Referrals 2241, Re_referrals 416, Re_referrals_percent 18.6
    row = la(published, "rereferrals_12m_pct", 2024, "202")
    assert (row.numerator, row.denominator, row.published, row.derived) == (416, 2241, 18.6, True)
    assert row.value == pytest.approx(18.5631414547)
    assert (row.new_la_code, row.la_name, row.region_code) == ("E09000007", "Camden", "E13000001")
    # c2 2024: 6 + 70 + 184 + 350 + 860 + 340 = 1810 within 45 days of 2225 completed
    row = la(published, "assessments_45wd_pct", 2024, "202")
    assert (row.numerator, row.denominator) == (1810, 2225)
    assert round_half_up(row.value) == 81.3
    # placement stability 2024, CLA on 31 March: 31 with 3+ placements of 214 (published 14%)
    row = la(published, "cla_3plus_placements_pct", 2024, "202")
    assert (row.numerator, row.denominator, row.published) == (31, 214, 14)
    assert round_half_up(row.value) == 14.5
    # care leavers 2024: EET 39 (17-18) + 135 (19-21) of 54 + 218
    row = la(published, "care_leavers_eet_pct", 2024, "202")
    assert (row.numerator, row.denominator) == (174, 272)
    assert round_half_up(row.value) == 64.0
    # in touch: 272 less "information not known" 6 + 24
    assert la(published, "care_leavers_in_touch_pct", 2024, "202").numerator == 242
    # accommodation: suitable 46 + 189 of 54 + 217
    row = la(published, "care_leavers_suitable_accommodation_pct", 2024, "202")
    assert (row.numerator, row.denominator) == (235, 271)
    # workforce 2024: caseload_fte 12.2 read (cases 1029, case_holders_fte 84.6)
    row = la(published, "caseload_avg", 2024, "202")
    assert (row.value, row.numerator, row.denominator, row.derived) == (12.2, 1029, 84.6, False)
    # CLA number and rate per 10,000, 31 March 2024: 214 of 36040 aged 0-17 (published 59)
    row = la(published, "cla_rate_per_10k", 2024, "202")
    assert (row.numerator, row.denominator, row.published) == (214, 36040, 59)
    assert round_half_up(row.value) == 59.4


def test_a_suppressed_band_is_replaced_by_the_total_less_the_other_bands(published):
    # c2 2024, Wokingham (872): Same_day and 1-10 days are c; 1576 completed, 46-50 72,
    # 51-60 131, 61+ 82 -> 1576 - 285 = 1291 within 45 working days
    row = la(published, "assessments_45wd_pct", 2024, "872")
    assert (row.numerator, row.denominator, row.missing) == (1291, 1576, None)
    assert round_half_up(row.value) == 81.9


@pytest.mark.parametrize("measure, year, code, reason", [
    ("rereferrals_12m_pct", 2024, "850", "u"),       # Hampshire: every c1 cell is u
    ("cpp_open_2y_plus_pct", 2024, "202", "c"),      # Camden: 1-2 years and 2 years+ are c
    ("sw_agency_rate_pct", 2024, "394", "low"),      # Sunderland: agency_rate_fte is low
    ("sw_turnover_rate_pct", 2024, "394", "u"),
    ("cla_number", 2025, "909", "z"),                # Cumbria (abolished): count z
    ("cla_rate_per_10k", 2025, "909", "x"),          # ... population x
])
def test_suppression_codes_are_missing_with_their_reason(published, measure, year, code, reason):
    row = la(published, measure, year, code)
    assert row.value is None
    assert row.missing == reason


def test_missing_is_never_zero(published):
    for table in published.by_measure_year.values():
        for row in table.las.values():
            assert (row.value is None) == (row.missing is not None)


def test_a_shared_workforce_service_gives_both_las_the_joint_row(published):
    table = published.get("caseload_avg", 2024)
    joint = table.las["314 / 318"]   # Kingston upon Thames / Richmond upon Thames: 13.0
    assert table.la("314") is joint and table.la("318") is joint
    assert joint.value == 13.0


def test_years_filter_and_latest_year(published):
    only = read_published(DFE, years=[2024], measures=["cla_number", "caseload_avg"])
    assert set(only.by_measure_year) == {("cla_number", 2024), ("caseload_avg", 2024)}
    assert published.latest_year("rereferrals_12m_pct") == 2024
    assert published.latest_year("cla_number") == 2025
    assert published.years("assessments_45wd_pct")[0] == 2014


def test_statistical_neighbours_both_vintages():
    assert read_neighbours(DFE, 2021)["202"] == ("213", "205", "207", "206", "212", "352", "203",
                                                 "870", "309", "302")
    assert read_neighbours(DFE, 2025)["202"] == ("206", "213", "205", "210", "208", "207", "209",
                                                 "309", "204", "302")
    assert "942" not in read_neighbours(DFE, 2021)   # Cumberland came after the 2021 model
    assert len(read_neighbours(DFE, 2025)["942"]) == 10
    with pytest.raises(KpiboardError, match="vintage 2019"):
        read_neighbours(DFE, 2019)


@pytest.mark.parametrize("text, year", [("2024", 2024), ("202324", 2024), (" 201314 ", 2014)])
def test_parse_year(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text, cell", [("c", (None, "c")), ("LOW", (None, "low")), (":", (None, ":")),
                                        ("", (None, "blank")), ("1,234", (1234.0, None)),
                                        ("0", (0.0, None)), ("-2.5", (-2.5, None))])
def test_parse_cell(text, cell):
    assert parse_cell(text) == cell


def small_spec(extra: str = ""):
    return parse_mapping(f"""
tables:
  t: {{path: t.csv, publication: Test, as_at: march}}
measures:
  - id: test_pct
    library: false
    table: t
    unit: percent
    polarity: lower
    method: derived
    numerator: n
    denominator: d
    differs: a test{extra}
""")


HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code," \
         "region_name,old_la_code,new_la_code,la_name,n,d\n"


def test_an_unreadable_cell_is_a_one_line_error_naming_row_and_column(tmp_path):
    (tmp_path / "t.csv").write_text(HEADER + "2024,Reporting year,Local authority,E92000001,England,"
                                    "E12000001,North East,805,E06000001,Hartlepool,n/a,10\n")
    with pytest.raises(KpiboardError, match=r"t.csv, row 2, column 'n': 'n/a' is neither"):
        read_published(tmp_path, spec=small_spec())


def test_a_zero_denominator_is_missing_not_a_crash(tmp_path):
    (tmp_path / "t.csv").write_text(HEADER + "202324,Reporting year,Local authority,E92000001,"
                                    "England,E12000001,North East,805,E06000001,Hartlepool,0,0\n")
    row = read_published(tmp_path, spec=small_spec()).get("test_pct", 2024).la("805")
    assert (row.value, row.missing) == (None, "zero denominator")


def test_a_missing_column_or_table_is_a_one_line_error(tmp_path):
    (tmp_path / "t.csv").write_text("time_period,geographic_level\n")
    with pytest.raises(KpiboardError, match="missing column"):
        read_published(tmp_path, spec=small_spec())
    with pytest.raises(KpiboardError, match="no such DfE table"):
        read_published(tmp_path / "nowhere", spec=small_spec())
