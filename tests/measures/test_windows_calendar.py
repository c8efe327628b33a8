"""Working days, reporting windows, snapshots over windows, breakdowns, and a measure computed
on its own."""

import pytest

from measure_cases import D, Cases, check, compute_once, shared_run
from kpiboard.measures.calendar import working_days
from kpiboard.measures.windows import window
from kpiboard.periods import Month

# ---- working days (the calendar itself) -----------------------------------------------------
# (start, end, working days after start up to and including end), each worked by hand.
WORKING_DAYS = [
    (D(2024, 10, 7), D(2024, 10, 7), 0),      # same day
    (D(2024, 10, 18), D(2024, 10, 19), 0),    # Fri -> Sat
    (D(2024, 10, 18), D(2024, 10, 21), 1),    # Fri -> Mon
    (D(2024, 10, 19), D(2024, 10, 20), 0),    # Sat -> Sun
    (D(2024, 10, 7), D(2024, 10, 14), 5),     # Mon -> Mon
    (D(2022, 12, 23), D(2022, 12, 28), 1),    # 26 Dec BH, 27 Dec substitute Christmas BH
    (D(2022, 12, 26), D(2022, 12, 28), 1),    # starting on a bank holiday
    (D(2022, 12, 30), D(2023, 1, 3), 1),      # 2 Jan 2023 substitute New Year BH
    (D(2023, 12, 22), D(2024, 1, 2), 4),      # 25, 26 Dec, 1 Jan BH: 27, 28, 29 Dec + 2 Jan
    (D(2024, 3, 28), D(2024, 4, 2), 1),       # Good Friday 29 Mar, Easter Monday 1 Apr 2024
    (D(2022, 6, 1), D(2022, 6, 6), 1),        # 2 Jun Spring BH, 3 Jun Platinum Jubilee 2022
    (D(2022, 5, 27), D(2022, 5, 30), 1),      # Mon 30 May 2022 is an ordinary working day
    (D(2022, 9, 16), D(2022, 9, 20), 1),      # 19 Sep 2022 State Funeral
    (D(2023, 5, 5), D(2023, 5, 9), 1),        # 8 May 2023 Coronation
    (D(2024, 12, 24), D(2024, 12, 27), 1),    # 25, 26 Dec 2024
    # England & Wales only: other nations' bank holidays are working days
    (D(2024, 1, 1), D(2024, 1, 2), 1),        # 2 Jan (Scotland)
    (D(2024, 8, 2), D(2024, 8, 5), 1),        # first Monday of August (Scotland)
    (D(2024, 7, 11), D(2024, 7, 12), 1),      # 12 July (Northern Ireland)
    (D(2025, 3, 14), D(2025, 3, 17), 1),      # St Patrick's Day (Northern Ireland)
    (D(2024, 11, 29), D(2024, 12, 2), 1),     # St Andrew's Day substitute (Scotland)
    # the 45 / 46 boundaries used in test_assessments.py
    (D(2022, 11, 7), D(2023, 1, 12), 45), (D(2022, 11, 7), D(2023, 1, 13), 46),
    (D(2024, 2, 19), D(2024, 4, 24), 45), (D(2024, 2, 19), D(2024, 4, 25), 46),
    (D(2022, 5, 3), D(2022, 7, 7), 45), (D(2022, 5, 3), D(2022, 7, 8), 46),
    (D(2022, 7, 27), D(2022, 9, 30), 45), (D(2022, 7, 26), D(2022, 9, 30), 46),
]


@pytest.mark.parametrize("start, end, expected", WORKING_DAYS, ids=lambda v: str(v))
def test_working_days(start, end, expected):
    assert working_days(start, end) == expected


# ---- window date ranges -----------------------------------------------------------------------
@pytest.mark.parametrize("period, kind, start, end", [
    (Month(2024, 10), "month", D(2024, 10, 1), D(2024, 10, 31)),
    (Month(2024, 10), "ytd", D(2024, 4, 1), D(2024, 10, 31)),
    (Month(2024, 10), "rolling_12m", D(2023, 11, 1), D(2024, 10, 31)),
    (Month(2024, 10), "financial_year", D(2024, 4, 1), D(2025, 3, 31)),
    (Month(2025, 2), "ytd", D(2024, 4, 1), D(2025, 2, 28)),        # Jan-Mar: FY began last April
    (Month(2024, 2), "month", D(2024, 2, 1), D(2024, 2, 29)),
    (Month(2024, 4), "ytd", D(2024, 4, 1), D(2024, 4, 30)),        # April: the month itself
    (Month(2024, 3), "financial_year", D(2023, 4, 1), D(2024, 3, 31)),
    (Month(2024, 3), "rolling_12m", D(2023, 4, 1), D(2024, 3, 31)),
])
def test_window_dates(period, kind, start, end):
    w = window(period, kind)
    assert (w.start, w.end) == (start, end)


# ---- windows in the engine ------------------------------------------------------------------
CASES = Cases(extract=D(2025, 4, 30))
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


# W1 contacts (one each):
#   31 Oct 2023 (before every window) | 1 Nov 2023 (rolling) | 31 Mar 2024 (rolling)
#   1 Apr, 15 Apr, 10 Jul 2024 (ytd, rolling, FY) | 1, 15, 31 Oct 2024 (all four)
#   1 Nov 2024, 15 Jan 2025, 31 Mar 2025 (FY only) | 1 Apr 2025 (none)
# month 3; ytd 3 + 3 = 6; rolling 6 + 2 = 8; FY 6 + 3 = 9.
for day in [D(2023, 10, 31), D(2023, 11, 1), D(2024, 3, 31), D(2024, 4, 1), D(2024, 4, 15),
            D(2024, 7, 10), D(2024, 10, 1), D(2024, 10, 15), D(2024, 10, 31), D(2024, 11, 1),
            D(2025, 1, 15), D(2025, 3, 31), D(2025, 4, 1)]:
    add("contacts", "W1", f"c{day}", contact_date=day)
# W1 referrals (NFA):
#   10 Jan 2024 no (rolling) | 5 Apr yes, 20 Apr yes | 2 Oct yes, 9 Oct no, 16 Oct no,
#   23 Oct not recorded | 1 Feb 2025 yes (FY only)
# month: 1 / 4 = 25%
# ytd: (2 + 1) / (2 + 4) = 3 / 6 = 50%  (NOT the mean of April's 100% and October's 25%)
# rolling: 3 / 7;  FY: 4 / 7.
# Conversion: month 4 / 3; ytd 6 / 6; rolling 7 / 8; FY 7 / 9.
for day, nfa in [(D(2024, 1, 10), False), (D(2024, 4, 5), True), (D(2024, 4, 20), True),
                 (D(2024, 10, 2), True), (D(2024, 10, 9), False), (D(2024, 10, 16), False),
                 (D(2024, 10, 23), None), (D(2025, 2, 1), True)]:
    add("referrals", "W1", f"r{day}", referral_date=day, nfa=nfa)

EXPECTED_W1 = {
    "month": [("contacts", 3, None, 3), ("referrals", 4, None, 4),
              ("referrals_nfa_pct", 1, 4, 25.0), ("contact_conversion_pct", 4, 3, 400 / 3)],
    "ytd": [("contacts", 6, None, 6), ("referrals", 6, None, 6),
            ("referrals_nfa_pct", 3, 6, 50.0), ("contact_conversion_pct", 6, 6, 100.0)],
    "rolling_12m": [("contacts", 8, None, 8), ("referrals", 7, None, 7),
                    ("referrals_nfa_pct", 3, 7, 300 / 7), ("contact_conversion_pct", 7, 8, 87.5)],
    "financial_year": [("contacts", 9, None, 9), ("referrals", 7, None, 7),
                       ("referrals_nfa_pct", 4, 7, 400 / 7), ("contact_conversion_pct", 7, 9, 700 / 9)],
}


@pytest.mark.parametrize("kind", list(EXPECTED_W1))
def test_event_counts_and_percentages_over_windows(run, kind):
    for measure, num, den, value in EXPECTED_W1[kind]:
        check(run.get(measure, "W1", kind=kind), num, den, value)


def test_year_to_date_is_the_sum_of_its_months(run):
    months = [Month(2024, m) for m in range(4, 11)]
    for measure in ("contacts", "referrals_nfa_pct"):
        parts = [run.get(measure, "W1", m) for m in months]
        ytd = run.get(measure, "W1", kind="ytd")
        assert sum(p.numerator for p in parts) == pytest.approx(ytd.numerator)
        if measure == "referrals_nfa_pct":
            assert sum(p.denominator for p in parts) == pytest.approx(ytd.denominator)


# W2 snapshot measures over windows: the value at the window's end, never a sum over months.
# 30 Sep 2024 extract: plans a, b, c open since 1 Jan 2024, all visited 20 Sep.
# 31 Oct 2024 extract: a, b open (c's plan gone); a visited 20 Oct (11 days), b 20 Sep (41 days).
# cpp_open: month / ytd / rolling = 2 (October's snapshot); the financial year's end is
# 31 Mar 2025, whose latest extract at or before it is still 31 Oct -> 2.
# cpp_visited_pct ytd / rolling = October's 1 / 2.
for child in "abc":
    add("cp_plans", "W2", child, extract=D(2024, 9, 30), start_date=D(2024, 1, 1),
        last_visit_date=D(2024, 9, 20))
add("cp_plans", "W2", "a", extract=D(2024, 10, 31), start_date=D(2024, 1, 1), last_visit_date=D(2024, 10, 20))
add("cp_plans", "W2", "b", extract=D(2024, 10, 31), start_date=D(2024, 1, 1), last_visit_date=D(2024, 9, 20))


@pytest.mark.parametrize("kind", ["month", "ytd", "rolling_12m", "financial_year"])
def test_snapshot_count_takes_value_at_window_end(run, kind):
    check(run.get("cpp_open", "W2", kind=kind), 2, None, 2)


@pytest.mark.parametrize("kind", ["ytd", "rolling_12m"])
def test_snapshot_percentage_takes_value_at_window_end(run, kind):
    check(run.get("cpp_visited_pct", "W2", kind=kind), 1, 2, 50.0)


def test_snapshot_september_reads_the_september_extract(run):
    check(run.get("cpp_open", "W2", Month(2024, 9)), 3, None, 3)
    check(run.get("cpp_visited_pct", "W2", Month(2024, 9)), 3, 3, 100.0)


# ---- breakdowns sum back to the total ---------------------------------------------------------
# B1 referrals in October 2024 (age at 31 Oct 2024 in completed years):
#  a T1 Female born 1 Jan 2024 (0)   b T1 Male born 31 Oct 2023 (1 that day)
#  c T2 Female born 1 Nov 2008 (15)  d no team, no gender, born 31 Oct 2008 (16 that day)
#  e T2 Male, date of birth not recorded
# total 5: team T1 2, T2 2, (none) 1; gender Female 2, Male 2, (none) 1;
# age bands (docs/measures.md: under 1, 1-4, 5-9, 10-15, 16+): a under 1, b 1-4, c 10-15, d 16+.
for child, team, gender, dob in [("a", "T1", "Female", D(2024, 1, 1)), ("b", "T1", "Male", D(2023, 10, 31)),
                                 ("c", "T2", "Female", D(2008, 11, 1)), ("d", None, None, D(2008, 10, 31)),
                                 ("e", "T2", "Male", None)]:
    add("referrals", "B1", child, referral_date=D(2024, 10, 10), team=team, gender=gender, dob=dob)
# B1 assessments authorised in October: T1 in time (start = authorised), T1 late (start 1 Jan),
# T2 in time -> total 2 / 3; by team T1 1/2, T2 1/1.
for child, team, start in [("a", "T1", D(2024, 10, 10)), ("b", "T1", D(2024, 1, 1)),
                           ("c", "T2", D(2024, 10, 10))]:
    add("assessments", "B1", child, team=team, start_date=start, authorised_date=D(2024, 10, 10))
# B1 CP plans at 31 Oct: x has two open plans in different teams (one child); y in T1 -> 2.
add("cp_plans", "B1", "x", extract=D(2024, 10, 31), team="T1", start_date=D(2024, 1, 1))
add("cp_plans", "B1", "x", extract=D(2024, 10, 31), team="T2", start_date=D(2024, 2, 1))
add("cp_plans", "B1", "y", extract=D(2024, 10, 31), team="T1", start_date=D(2024, 3, 1))


def _sums(groups):
    nums = sum(r.numerator for r in groups.values())
    dens = [r.denominator for r in groups.values()]
    return nums, (None if any(d is None for d in dens) else sum(dens))


@pytest.mark.parametrize("by", ["team", "gender", "age_band"])
@pytest.mark.parametrize("measure", ["referrals", "assessments_45wd_pct", "cpp_open"])
def test_breakdowns_sum_back_to_total(run, measure, by):
    total = run.get(measure, "B1")
    groups = run.groups(measure, "B1", by)
    num, den = _sums(groups)
    assert num == pytest.approx(total.numerator)
    if total.denominator is not None:
        assert den == pytest.approx(total.denominator)


def test_breakdown_groups(run):
    teams = {g: r.numerator for g, r in run.groups("referrals", "B1", "team").items()}
    assert teams == {"T1": 2, "T2": 2, None: 1}
    genders = {g: r.numerator for g, r in run.groups("referrals", "B1", "gender").items()}
    assert genders == {"Female": 2, "Male": 2, None: 1}
    ages = {g: r.numerator for g, r in run.groups("referrals", "B1", "age_band").items()}
    assert {k: ages.get(k) for k in ("Under 1", "1-4", "10-15", "16+")} == \
        {"Under 1": 1, "1-4": 1, "10-15": 1, "16+": 1}
    pct = {g: (r.numerator, r.denominator) for g, r in
           run.groups("assessments_45wd_pct", "B1", "team").items()}
    assert pct == {"T1": (1, 2), "T2": (1, 1)}


# ---- one percentage measure computed on its own ------------------------------------------------
def test_a_percentage_measure_alone():
    # One October referral marked NFA -> 1 / 1 = 100%.
    out = compute_once({"referrals": [dict(child_id="a", referral_date=D(2024, 10, 3), nfa=True)]},
                       "referrals_nfa_pct")
    check(out[0], 1, 1, 100.0)


def test_a_count_measure_alone_returns_floats():
    out = compute_once({"contacts": [dict(child_id="a", contact_date=D(2024, 10, 3))]}, "contacts")
    assert isinstance(out[0].numerator, float), type(out[0].numerator)


# ---- every library measure has hand-computed cases in this folder ------------------------------
def test_every_library_measure_has_cases():
    from pathlib import Path

    from kpiboard.measures.spec import library

    text = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    missing = [m for m in library().ids if f'get("{m}"' not in text and f'("{m}", ' not in text]
    assert not missing, f"measures without cases: {missing}"
