"""Children in need and child protection (Annex A lists 6 and 7).

Period October 2024, period end Thu 31 Oct 2024, extract 31 Oct 2024 unless a case says
otherwise. "Open at period end": start <= 31 Oct and (no end, or end > 31 Oct); a plan ending on
31 Oct is NOT open at period end.
"""

import pytest

from measure_cases import D, OCT24, Cases, check, shared_run
from kpiboard.measures.spec import library
from kpiboard.periods import Month

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


def check_rate(r, num, population, value):
    """Rates: numerator and value exactly. The definition's denominator column reads
    "population 0-17 / 10,000"; either the population itself (with the x10,000 applied like a
    percent's x100) or population / 10,000 is accepted, as long as value = num / den (x10,000)."""
    assert r.numerator == pytest.approx(num) and r.value == pytest.approx(value), r
    assert r.denominator in (pytest.approx(population), pytest.approx(population / 10_000)), r


# ---- P01: cin_open, cpp_open, cin_rate_per_10k, cpp_rate_per_10k -----------------------------
# CIN episodes:
#  a open since 1 Jan 2024 -> open
#  b ended 31 Oct 2024 (on period end) -> not open
#  c 1 Mar 2024 - 1 Nov 2024 -> open at the end of 31 Oct (end > period end)
#  d starts 1 Nov 2024 -> not open
#  e two open episodes (1 Feb, 1 May 2024): cin_open counts EPISODES -> 2
# cin_open = a, c, e, e = 4 episodes.
for child, start, end in [("a", D(2024, 1, 1), None), ("b", D(2024, 1, 1), D(2024, 10, 31)),
                          ("c", D(2024, 3, 1), D(2024, 11, 1)), ("d", D(2024, 11, 1), None),
                          ("e", D(2024, 2, 1), None), ("e", D(2024, 5, 1), None)]:
    add("cin", "P01", child, start_date=start, end_date=end)
# CP plans:
#  a open (also has a CIN episode), f open, g ended 31 Oct 2024 -> not open,
#  h two open plans (a recording error) -> one child.
# cpp_open = children a, f, h = 3.  cpp_rate = 3 / 8000 x 10,000 = 3.75
# cin_rate: children with an open CIN episode or an open plan, each once: a, c, e, f, h = 5
#           -> 5 / 8000 x 10,000 = 6.25
for child, start, end in [("a", D(2024, 2, 1), None), ("f", D(2024, 6, 1), None),
                          ("g", D(2024, 1, 1), D(2024, 10, 31)), ("h", D(2024, 3, 1), None),
                          ("h", D(2024, 6, 1), None)]:
    add("cp_plans", "P01", child, start_date=start, end_date=end)
# Population: the LA's 2024 mid-year estimate (2023's and another LA's are not used).
CASES.population("P01", 2023, 9999)
CASES.population("P01", 2024, 8000)
CASES.population("P99", 2024, 1234)


def test_cin_open_counts_episodes_open_at_end(run):
    check(run.get("cin_open", "P01"), 4, None, 4)


def test_cpp_open_counts_children_once(run):
    check(run.get("cpp_open", "P01"), 3, None, 3)


def test_cpp_rate_per_10k(run):
    check_rate(run.get("cpp_rate_per_10k", "P01"), 3, 8000, 3.75)


def test_cin_rate_per_10k_counts_children_with_cin_or_cp_once(run):
    check_rate(run.get("cin_rate_per_10k", "P01"), 5, 8000, 6.25)


# P10: snapshots read the latest extract at or before period end: x and y open in the 30 Sep
# extract; the 31 Oct extract lists only y -> September 2, October 1.
add("cin", "P10", "x", extract=D(2024, 9, 30), start_date=D(2024, 1, 1))
add("cin", "P10", "y", extract=D(2024, 9, 30), start_date=D(2024, 1, 1))
add("cin", "P10", "y", extract=D(2024, 10, 31), start_date=D(2024, 1, 1))


def test_cin_open_uses_latest_extract_at_or_before_period_end(run):
    check(run.get("cin_open", "P10", Month(2024, 9)), 2, None, 2)
    check(run.get("cin_open", "P10"), 1, None, 1)


# ---- P02: cpp_started and cpp_second_subsequent_pct ----------------------------------------
#  a: plan starts 5 Oct 2024, list says 0 previous plans, but an earlier plan (1 Jan 2022 -
#     1 Jan 2023) is on record from the January 2023 extract -> second (history)
#  b: starts 10 Oct, list says 1 previous plan, none on record -> second (list)
#  c: starts 15 Oct, 0 previous, none on record -> first
#  d: starts 20 Oct, previous not recorded, none on record -> first
#  e: starts 1 Sep -> not in October
#  f: plan 2 Oct - 9 Oct 2024 (first), then a new plan 25 Oct 2024 (previous not recorded): both
#     start in October; the 25 Oct plan has the 2 Oct one before it -> second
# cpp_started = a, b, c, d, f, f = 6 plans; second = a, b, f(25 Oct) = 3 -> 50%.
add("cp_plans", "P02", "a", extract=D(2023, 1, 31), start_date=D(2022, 1, 1), end_date=D(2023, 1, 1))
add("cp_plans", "P02", "a", start_date=D(2024, 10, 5), previous_plans=0)
add("cp_plans", "P02", "b", start_date=D(2024, 10, 10), previous_plans=1)
add("cp_plans", "P02", "c", start_date=D(2024, 10, 15), previous_plans=0)
add("cp_plans", "P02", "d", start_date=D(2024, 10, 20))
add("cp_plans", "P02", "e", start_date=D(2024, 9, 1), previous_plans=2)
add("cp_plans", "P02", "f", start_date=D(2024, 10, 2), end_date=D(2024, 10, 9), previous_plans=0)
add("cp_plans", "P02", "f", start_date=D(2024, 10, 25))


def test_cpp_started_counts_plans(run):
    check(run.get("cpp_started", "P02"), 6, None, 6)


def test_cpp_second_subsequent_from_history_or_previous_plans(run):
    check(run.get("cpp_second_subsequent_pct", "P02"), 3, 6, 50.0)


# ---- cpp_open_2y_plus_pct ----------------------------------------------------------------------
# "Lasting 2 years or more" = more than 729 days between start and (period) end, counting the
# end day. Reading (see report): the days after the start up to and including the end, i.e.
# end - start, the same count as working days and the "day 0" rule; 2 years = 730 days as in
# cla_long_term_stability_pct. So the plan qualifies when end - start >= 730.
# P03 (clear cases): a since 1 Jan 2021 (1399 days) yes; c since 1 Jan 2024 (304 days) no;
#   d 1 Jan 2020 - 31 Oct 2024 ended on period end -> not open, not counted. -> 1 / 2.
add("cp_plans", "P03", "a", start_date=D(2021, 1, 1))
add("cp_plans", "P03", "c", start_date=D(2024, 1, 1))
add("cp_plans", "P03", "d", start_date=D(2020, 1, 1), end_date=D(2024, 10, 31))
# P04 (the boundary): 1 Nov 2022 -> 31 Oct 2024 = 365 (to 1 Nov 2023) + 366 (to 1 Nov 2024,
#   through 29 Feb 2024) - 1 = 730 days -> yes;  2 Nov 2022 -> 729 days -> no.  -> 1 / 2.
add("cp_plans", "P04", "a", start_date=D(2022, 11, 1))
add("cp_plans", "P04", "b", start_date=D(2022, 11, 2))


def test_cpp_open_2y_plus(run):
    check(run.get("cpp_open_2y_plus_pct", "P03"), 1, 2, 50.0)


def test_cpp_open_2y_plus_729_is_not_2_years_730_is(run):
    check(run.get("cpp_open_2y_plus_pct", "P04"), 1, 2, 50.0)


# ---- cpp_ended_2y_plus_pct: plans ENDING in period ------------------------------------------
# P05: a 1 Jan 2021 - 15 Oct 2024 yes; b 1 Jan 2024 - 20 Oct 2024 no; c ended 30 Sep (not in
#   October); x open (not ended). -> 1 / 2.
add("cp_plans", "P05", "a", start_date=D(2021, 1, 1), end_date=D(2024, 10, 15))
add("cp_plans", "P05", "b", start_date=D(2024, 1, 1), end_date=D(2024, 10, 20))
add("cp_plans", "P05", "c", start_date=D(2020, 1, 1), end_date=D(2024, 9, 30))
add("cp_plans", "P05", "x", start_date=D(2020, 1, 1))
# P06: ended 10 Oct 2024: from 11 Oct 2022 = 730 days (through 29 Feb 2024) -> yes;
#   from 12 Oct 2022 = 729 days -> no. -> 1 / 2.
add("cp_plans", "P06", "a", start_date=D(2022, 10, 11), end_date=D(2024, 10, 10))
add("cp_plans", "P06", "b", start_date=D(2022, 10, 12), end_date=D(2024, 10, 10))


def test_cpp_ended_2y_plus(run):
    check(run.get("cpp_ended_2y_plus_pct", "P05"), 1, 2, 50.0)


def test_cpp_ended_2y_plus_729_is_not_2_years_730_is(run):
    check(run.get("cpp_ended_2y_plus_pct", "P06"), 1, 2, 50.0)


# ---- cpp_visited_pct (days = 28) --------------------------------------------------------------
# Denominator: plans open at period end that started MORE than 7 days before it (31 Oct - start
# > 7). Numerator: last visit within 28 days of period end, period end = day 0 (visit on or
# after 3 Oct).
#  a: visit 3 Oct (day 28) -> yes             b: visit 2 Oct (day 29) -> no
#  c: started 24 Oct (7 days before) -> not in the denominator
#  d: started 23 Oct (8 days before), no visit yet -> in the denominator, not visited
#  e: visit 31 Oct (day 0) -> yes             f: plan ended 31 Oct -> not open
# -> 2 / 4.
for child, start, end, visit in [("a", D(2024, 1, 1), None, D(2024, 10, 3)),
                                 ("b", D(2024, 1, 1), None, D(2024, 10, 2)),
                                 ("c", D(2024, 10, 24), None, None),
                                 ("d", D(2024, 10, 23), None, None),
                                 ("e", D(2024, 1, 1), None, D(2024, 10, 31)),
                                 ("f", D(2024, 1, 1), D(2024, 10, 31), D(2024, 10, 30))]:
    add("cp_plans", "P07", child, start_date=start, end_date=end, last_visit_date=visit)
# P08: snapshot. The 31 Oct extract has a's last visit on 1 Oct (30 days before 31 Oct -> no);
# the 30 Nov extract has 20 Nov (10 days before 30 Nov -> yes). October must use the October
# extract (0 / 1) even though a later one exists; November uses the November extract (1 / 1;
# with October's visit date it would be 60 days -> no).
add("cp_plans", "P08", "a", extract=D(2024, 10, 31), start_date=D(2024, 1, 1), last_visit_date=D(2024, 10, 1))
add("cp_plans", "P08", "a", extract=D(2024, 11, 30), start_date=D(2024, 1, 1), last_visit_date=D(2024, 11, 20))


def test_cpp_visited_28_days_day_zero_and_7_vs_8_days(run):
    check(run.get("cpp_visited_pct", "P07"), 2, 4, 50.0)


def test_cpp_visited_snapshot_uses_extract_for_the_period(run):
    check(run.get("cpp_visited_pct", "P08"), 0, 1, 0.0)
    check(run.get("cpp_visited_pct", "P08", Month(2024, 11)), 1, 1, 100.0)


def test_cpp_visited_with_another_days_parameter(run):
    # A catalogue may instantiate days=14: visit on or after 17 Oct. In P07 only e (31 Oct)
    # qualifies; a (3 Oct) no longer does -> 1 / 4.
    res = run.engine.compute(library().ids, OCT24, params={"cpp_visited_pct": {"days": 14}})
    r = next(r for r in res if r.measure == "cpp_visited_pct" and r.la == "P07")
    check(r, 1, 4, 25.0)


# ---- cpp_reviewed_on_time_pct -----------------------------------------------------------------
# In timescale: plan started within the last 3 months (after 31 Jul 2024: the 3 months to
# 31 Oct are 1 Aug - 31 Oct), or latest review within the last 6 months (after 30 Apr 2024).
#  a: started 1 Aug 2024, no review -> yes (no review due yet)
#  b: started 31 Jul 2024, no review -> no (first review was due by 31 Oct)
#  c: review 1 May 2024 -> yes;  d: review 30 Apr 2024 -> no;  e: no review, old plan -> no
#  g: plan ended 31 Oct -> not open
# -> 2 / 5.
for child, start, review, end in [("a", D(2024, 8, 1), None, None), ("b", D(2024, 7, 31), None, None),
                                  ("c", D(2023, 1, 1), D(2024, 5, 1), None),
                                  ("d", D(2023, 1, 1), D(2024, 4, 30), None),
                                  ("e", D(2023, 1, 1), None, None),
                                  ("g", D(2023, 1, 1), D(2024, 10, 1), D(2024, 10, 31))]:
    add("cp_plans", "P09", child, start_date=start, last_review_date=review, end_date=end)


def test_cpp_reviewed_on_time(run):
    check(run.get("cpp_reviewed_on_time_pct", "P09"), 2, 5, 40.0)


# P11: an LA whose records hold CP plans but no CIN list: one child on a plan at 31 Oct is a
# child "with an open CIN episode or CP plan" -> 1 / 10000 x 10,000 = 1.0.
add("cp_plans", "P11", "a", start_date=D(2024, 1, 1))
CASES.population("P11", 2024, 10000)


def test_cin_rate_counts_cp_children_without_a_cin_list(run):
    check_rate(run.get("cin_rate_per_10k", "P11"), 1, 10000, 1.0)
