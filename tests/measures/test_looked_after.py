"""Children looked after (Annex A list 8; SSDA903 where given), missing episodes, caseloads.

Period October 2024, period end Thu 31 Oct 2024. Looked after at D: some period of care with
start <= D and (no end, or end > D); a child whose care ended on D is NOT looked after at D.

Two engines: ``run`` holds Annex A style cases (snapshots from the latest extract, placements
from the list's count); ``run903`` holds SSDA903 style cases ("cla_episodes", "cla",
"cla_reviews" and "missing" in dataset.history: rows read by their dates, placements from the
episodes by the RNE rules).
"""

import pytest

from measure_cases import D, Cases, check, shared_run
from kpiboard.periods import Month
from measure_cases import OCT24

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


# ---- L01: cla_number, cla_rate_per_10k, cla_started, cla_ceased --------------------------------
#  a: since 1 Jan 2020, open                      -> looked after
#  b: 1 Jan 2023 - 31 Oct 2024 (ended on D)        -> not looked after at D; ceased in October
#  c: started 31 Oct 2024 (on D)                   -> looked after; started in October
#  d: starts 1 Nov 2024                            -> not looked after at 31 Oct
#  e: two open periods of care (recording error)   -> one child
#  f: 1 Oct - 15 Oct 2024                          -> started and ceased in October
#  g: 1 Jan 2022 - 30 Sep 2024                     -> ceased in September, not October
# cla_number = a, c, e = 3 children; rate = 3 / 6000 x 10,000 = 5.0
# cla_started = c, f = 2; cla_ceased = b, f = 2.
for child, start, end in [("a", D(2020, 1, 1), None), ("b", D(2023, 1, 1), D(2024, 10, 31)),
                          ("c", D(2024, 10, 31), None), ("d", D(2024, 11, 1), None),
                          ("e", D(2022, 1, 1), None), ("e", D(2023, 6, 1), None),
                          ("f", D(2024, 10, 1), D(2024, 10, 15)),
                          ("g", D(2022, 1, 1), D(2024, 9, 30))]:
    add("cla", "L01", child, start_date=start, end_date=end, legal_status="C2")
CASES.population("L01", 2024, 6000)


def test_cla_number_children_looked_after_at_end(run):
    check(run.get("cla_number", "L01"), 3, None, 3)


def test_cla_rate_per_10k(run):
    r = run.get("cla_rate_per_10k", "L01")
    assert r.numerator == pytest.approx(3) and r.value == pytest.approx(5.0), r
    # denominator: the population (x10,000 applied to the value) or population / 10,000
    assert r.denominator in (pytest.approx(6000), pytest.approx(0.6)), r


def test_cla_started(run):
    check(run.get("cla_started", "L01"), 2, None, 2)


def test_cla_ceased(run):
    check(run.get("cla_ceased", "L01"), 2, None, 2)


# ---- L02: cla_visited_pct (days = 42) -------------------------------------------------------
# Visit within 42 days of 31 Oct, period end = day 0: on or after 19 Sep 2024.
#  a: 19 Sep (day 42) yes;  b: 18 Sep (day 43) no;  c: never visited no;
#  d: ceased 31 Oct -> not looked after, not counted.  -> 1 / 3.
for child, visit, end in [("a", D(2024, 9, 19), None), ("b", D(2024, 9, 18), None),
                          ("c", None, None), ("d", D(2024, 10, 30), D(2024, 10, 31))]:
    add("cla", "L02", child, start_date=D(2022, 1, 1), end_date=end, last_visit_date=visit)


def test_cla_visited_42_days(run):
    check(run.get("cla_visited_pct", "L02"), 1, 3, 100 / 3)


# ---- L04: cla_reviewed_on_time_pct --------------------------------------------------------------
# Latest review within the last 6 months (after 30 Apr 2024), or started care within the last
# 20 working days. Working days after Thu 3 Oct up to Thu 31 Oct 2024: Fri 4 (1), 7-11 (6),
# 14-18 (11), 21-25 (16), 28-31 (20) -> 20; from Wed 2 Oct -> 21.
#  a: started 3 Oct, no review -> yes;  b: started 2 Oct, no review -> no
#  c: review 1 May 2024 -> yes;  d: review 30 Apr 2024 -> no;  e: no review, old -> no
# -> 2 / 5.
for child, start, review in [("a", D(2024, 10, 3), None), ("b", D(2024, 10, 2), None),
                             ("c", D(2020, 1, 1), D(2024, 5, 1)), ("d", D(2020, 1, 1), D(2024, 4, 30)),
                             ("e", D(2020, 1, 1), None)]:
    add("cla", "L04", child, start_date=start, last_review_date=review)


def test_cla_reviewed_on_time(run):
    check(run.get("cla_reviewed_on_time_pct", "L04"), 2, 5, 40.0)


# ---- L05: cla_health_assessment_pct / cla_dental_check_pct --------------------------------------
# Cohort: looked after at 31 Oct 2024 for 12 months or more (started on or before 31 Oct 2023).
# Check "in the 12 months to period end": 1 Nov 2023 - 31 Oct 2024.
#  a: started 31 Oct 2023 (exactly 12 months) -> in; health 1 Nov 2023 yes; dental none no
#  b: started 1 Nov 2023 -> not yet 12 months -> out of both cohorts
#  c: health 31 Oct 2023 (13th month back) no; dental 1 Jan 2024 yes
#  d: health none no; dental 31 Oct 2023 no
#  e: health 31 Oct 2024 (day 0) yes; dental 31 Oct 2024 yes
#  x: ceased 31 Oct 2024 -> not looked after
# health: a, e = 2 / 4;  dental: c, e = 2 / 4.
for child, start, ha, dc, end in [
        ("a", D(2023, 10, 31), D(2023, 11, 1), None, None),
        ("b", D(2023, 11, 1), D(2024, 1, 1), D(2024, 1, 1), None),
        ("c", D(2020, 1, 1), D(2023, 10, 31), D(2024, 1, 1), None),
        ("d", D(2020, 1, 1), None, D(2023, 10, 31), None),
        ("e", D(2020, 1, 1), D(2024, 10, 31), D(2024, 10, 31), None),
        ("x", D(2020, 1, 1), D(2024, 1, 1), D(2024, 1, 1), D(2024, 10, 31))]:
    add("cla", "L05", child, start_date=start, health_assessment_date=ha, dental_check_date=dc,
        end_date=end)


def test_cla_health_assessment(run):
    check(run.get("cla_health_assessment_pct", "L05"), 2, 4, 50.0)


def test_cla_dental_check(run):
    check(run.get("cla_dental_check_pct", "L05"), 2, 4, 50.0)


# ---- L06: cla_3plus_placements_pct from the Annex A list's count -------------------------------
#  a: 3 placements -> yes;  b: 2 -> no;  e: not recorded -> no (and legal status unknown: still
#  in the cohort);  c: 4 but V3 (short breaks) -> out;  d: 5 but V4 -> out.  -> 1 / 3.
for child, n, ls in [("a", 3, "C2"), ("b", 2, "C1"), ("c", 4, "V3"), ("d", 5, "V4"), ("e", None, None)]:
    add("cla", "L06", child, start_date=D(2022, 1, 1), placements_12m=n, legal_status=ls)
# L10: episodes present but NOT declared history: the list's count (1) is used, not the three
# placements the episodes would give -> 0 / 1.
add("cla", "L10", "a", start_date=D(2023, 9, 1), placements_12m=1, legal_status="C2")
for start, end, rne in [(D(2023, 9, 1), D(2023, 12, 1), "S"), (D(2023, 12, 1), D(2024, 4, 1), "P"),
                        (D(2024, 4, 1), None, "B")]:
    add("cla_episodes", "L10", "a", start_date=start, end_date=end, rne=rne, legal_status="C2")


def test_cla_3plus_placements_from_list_count_short_breaks_out(run):
    check(run.get("cla_3plus_placements_pct", "L06"), 1, 3, 100 / 3)


def test_cla_3plus_placements_uses_list_count_when_episodes_are_not_history(run):
    check(run.get("cla_3plus_placements_pct", "L10"), 0, 1, 0.0)


# ---- L07: cla_long_term_stability_pct ---------------------------------------------------------
# Cohort: looked after at 31 Oct 2024, aged under 16 then, looked after for at least 913 days
# (start on or before 2 May 2022: 2 May 2022 -> 2 May 2024 = 731 days (29 Feb 2024), + 182 to
# 31 Oct = 913). Numerator: current placement started at least 730 days before 31 Oct 2024
# (on or before 1 Nov 2022: 365 + 366 - 1 = 730).
#  a: care from 2 May 2022 (913), placement 1 Nov 2022 (730) -> den, num
#  b: care from 2 May 2022, placement 2 Nov 2022 (729)     -> den only
#  c: care from 3 May 2022 (912)                             -> out
#  d: born 31 Oct 2008: 16 on 31 Oct 2024                    -> out
#  e: born 1 Nov 2008: 15 until 1 Nov                        -> den; placement 2016 -> num
#  f: ceased 31 Oct 2024                                     -> out
# -> 2 / 3.
for child, dob, start, place, end in [
        ("a", D(2010, 1, 1), D(2022, 5, 2), D(2022, 11, 1), None),
        ("b", D(2010, 1, 1), D(2022, 5, 2), D(2022, 11, 2), None),
        ("c", D(2010, 1, 1), D(2022, 5, 3), D(2022, 5, 3), None),
        ("d", D(2008, 10, 31), D(2015, 1, 1), D(2015, 1, 1), None),
        ("e", D(2008, 11, 1), D(2015, 1, 1), D(2016, 1, 1), None),
        ("f", D(2010, 1, 1), D(2015, 1, 1), D(2015, 1, 1), D(2024, 10, 31))]:
    add("cla", "L07", child, dob=dob, start_date=start, placement_start=place, end_date=end)


def test_cla_long_term_stability(run):
    check(run.get("cla_long_term_stability_pct", "L07"), 2, 3, 200 / 3)


# ---- L03: a child with two open periods of care counts once in every "children" measure ------
# Child e: both rows open, born 2012 (12), care since 2020 / 2021, placement since 1 Jan 2021,
# visited 20 Oct, reviewed 1 Sep, health and dental 1 Jun 2024, 1 placement in 12 months.
# Each cohort is one child: visited 1/1, reviewed 1/1, health 1/1, dental 1/1, 3+ placements
# 0/1, stability 1/1 (913+ days in care, placement 1399 days).
for start in (D(2020, 1, 1), D(2021, 1, 1)):
    add("cla", "L03", "e", dob=D(2012, 1, 1), start_date=start, placement_start=D(2021, 1, 1),
        legal_status="C2", placements_12m=1, last_visit_date=D(2024, 10, 20),
        last_review_date=D(2024, 9, 1), health_assessment_date=D(2024, 6, 1),
        dental_check_date=D(2024, 6, 1))

# A child with two open periods of care (a recording error) is one child in each cohort.
CHILD_MEASURES = [
    pytest.param(m, n)
    for m, n in [("cla_visited_pct", 1), ("cla_reviewed_on_time_pct", 1),
                 ("cla_health_assessment_pct", 1), ("cla_dental_check_pct", 1),
                 ("cla_3plus_placements_pct", 0), ("cla_long_term_stability_pct", 1)]]


def test_cla_number_counts_the_child_once(run):
    check(run.get("cla_number", "L03"), 1, None, 1)


@pytest.mark.parametrize("measure, num", CHILD_MEASURES)
def test_cla_percentages_count_children_once(run, measure, num):
    check(run.get(measure, "L03"), num, 1, num * 100.0)


# ---- L09: cla_missing_episodes ----------------------------------------------------------------
# Missing episodes starting in October: a (M, 5 Oct), b (kind not recorded, 31 Oct), e (M, 20 Oct,
# in two extracts -> once). c is an "A" (away from placement without authorisation: not a
# missing episode), d started 30 Sep. -> 3.
add("missing", "L09", "a", start_date=D(2024, 10, 5), kind="M")
add("missing", "L09", "b", start_date=D(2024, 10, 31))
add("missing", "L09", "c", start_date=D(2024, 10, 10), kind="A")
add("missing", "L09", "d", start_date=D(2024, 9, 30), end_date=D(2024, 10, 2), kind="M")
add("missing", "L09", "e", extract=D(2024, 10, 20), start_date=D(2024, 10, 20), kind="M")
add("missing", "L09", "e", start_date=D(2024, 10, 20), end_date=D(2024, 10, 21), kind="M")


def test_cla_missing_episodes(run):
    check(run.get("cla_missing_episodes", "L09"), 3, None, 3)


# ---- L08: caseload_avg ----------------------------------------------------------------------
# Children with an open CIN episode, CP plan or period of care at 31 Oct, per named worker:
#  W1: a (CIN and CP: one child), b (CLA), j (CIN)          -> 3 children
#  W2: c (CIN), d (CP), f (CLA), j (CLA: also W1's)         -> 4 children
#  W3: only g, whose CIN episode closed 15 Oct              -> no caseload at period end
#  e (W2, care ended 31 Oct) not open; h (no worker) and i (blank worker) are not allocated.
# Average = (3 + 4) / 2 workers = 3.5 (numerator 7 worker-child pairs, denominator 2 workers).
for child, worker, end in [("a", "W1", None), ("c", "W2", None), ("g", "W3", D(2024, 10, 15)),
                           ("h", None, None), ("i", "", None), ("j", "W1", None)]:
    add("cin", "L08", child, worker=worker, start_date=D(2024, 1, 1), end_date=end)
for child, worker in [("a", "W1"), ("d", "W2")]:
    add("cp_plans", "L08", child, worker=worker, start_date=D(2024, 2, 1))
for child, worker, end in [("b", "W1", None), ("f", "W2", None), ("j", "W2", None),
                           ("e", "W2", D(2024, 10, 31))]:
    add("cla", "L08", child, worker=worker, start_date=D(2024, 3, 1), end_date=end)


def test_caseload_avg(run):
    check(run.get("caseload_avg", "L08"), 7, 2, 3.5)


# =============================== SSDA903 (complete histories) ===================================
CASES_903 = Cases(extract=D(2025, 3, 31), history=("cla_episodes", "cla", "cla_reviews", "missing"))
add903 = CASES_903.add


@pytest.fixture(scope="module")
def run903():
    return shared_run(CASES_903)


def episodes(la, child, rows, **common):
    for start, end, rne, ls in rows:
        add903("cla_episodes", la, child, start_date=start, end_date=end, rne=rne, legal_status=ls,
               **common)


# ---- N01: 3+ placements from episodes (RNE rules) -------------------------------------------
# The 12 months to 31 Oct 2024 run 1 Nov 2023 - 31 Oct 2024; a placement counts if it overlaps
# them at all. RNE L/T/U continue a placement, S/P/B start one; V3/V4 episodes are ignored and a
# child whose current episode is V3/V4 is out of the cohort. The cla rows' placements_12m are
# deliberately wrong: with episodes as history they must not be used.
#  a: S (1 Jun 23-10 Jan 24) | P (-1 Mar) | L (-1 May) | T (open)  -> 2 placements -> no
#  b: S (1 Jan 23-31 Oct 23: ended the day before the 12 months) | B (-1 Feb 24) | P (open)
#     -> 2 -> no
#  c: S (1 Sep 23-1 Dec 23: open when the 12 months start) | P (-1 Apr 24) | B (open) -> 3 -> yes
#  d: short breaks only, current episode V3                       -> out of the cohort
#  e: V3 (Nov 23), V4 (Dec 23), then C2 S (open)                  -> 1 -> no
#  f: S | U | L | S (open)                                        -> 2 -> no
#  g: S (1 Dec 23) | T (-1 Jun 24) | P (-1 Aug 24) | S (open)     -> 3 -> yes
# Cohort a, b, c, e, f, g = 6; 3+ = c, g -> 2 / 6.
episodes("N01", "a", [(D(2023, 6, 1), D(2024, 1, 10), "S", "C2"), (D(2024, 1, 10), D(2024, 3, 1), "P", "C2"),
                      (D(2024, 3, 1), D(2024, 5, 1), "L", "C1"), (D(2024, 5, 1), None, "T", "C2")])
add903("cla", "N01", "a", start_date=D(2023, 6, 1), legal_status="C2", placements_12m=5)
episodes("N01", "b", [(D(2023, 1, 1), D(2023, 10, 31), "S", "C2"), (D(2023, 10, 31), D(2024, 2, 1), "B", "C2"),
                      (D(2024, 2, 1), None, "P", "C2")])
add903("cla", "N01", "b", start_date=D(2023, 1, 1), legal_status="C2", placements_12m=3)
episodes("N01", "c", [(D(2023, 9, 1), D(2023, 12, 1), "S", "C2"), (D(2023, 12, 1), D(2024, 4, 1), "P", "C2"),
                      (D(2024, 4, 1), None, "B", "C2")])
add903("cla", "N01", "c", start_date=D(2023, 9, 1), legal_status="C2", placements_12m=1)
d_breaks = [(D(2024, 1, 1), D(2024, 1, 3)), (D(2024, 2, 1), D(2024, 2, 3)), (D(2024, 3, 1), D(2024, 3, 3)),
            (D(2024, 10, 30), None)]
episodes("N01", "d", [(s, e, "S", "V3") for s, e in d_breaks])
for s, e in d_breaks:
    add903("cla", "N01", "d", start_date=s, end_date=e, legal_status="V3", placements_12m=4)
episodes("N01", "e", [(D(2023, 11, 1), D(2023, 11, 5), "S", "V3"), (D(2023, 12, 1), D(2023, 12, 3), "S", "V4"),
                      (D(2024, 2, 1), None, "S", "C2")])
add903("cla", "N01", "e", start_date=D(2023, 11, 1), end_date=D(2023, 11, 5), legal_status="V3")
add903("cla", "N01", "e", start_date=D(2023, 12, 1), end_date=D(2023, 12, 3), legal_status="V4")
add903("cla", "N01", "e", start_date=D(2024, 2, 1), legal_status="C2", placements_12m=1)
episodes("N01", "f", [(D(2024, 1, 1), D(2024, 2, 1), "S", "C2"), (D(2024, 2, 1), D(2024, 3, 1), "U", "C2"),
                      (D(2024, 3, 1), D(2024, 4, 1), "L", "C1"), (D(2024, 4, 1), None, "S", "C1")])
add903("cla", "N01", "f", start_date=D(2024, 1, 1), legal_status="C1", placements_12m=2)
episodes("N01", "g", [(D(2023, 12, 1), D(2024, 3, 1), "S", "C2"), (D(2024, 3, 1), D(2024, 6, 1), "T", "C2"),
                      (D(2024, 6, 1), D(2024, 8, 1), "P", "C2"), (D(2024, 8, 1), None, "S", "C2")])
add903("cla", "N01", "g", start_date=D(2023, 12, 1), legal_status="C2", placements_12m=3)


def test_903_three_plus_placements_from_episodes_by_rne(run903):
    check(run903.get("cla_3plus_placements_pct", "N01"), 2, 6, 100 / 3)


# ---- N02: looked after read from history by dates (the return is dated 31 Mar 2025) ---------
# Care 1 Jan - 1 Aug 2024: looked after at 30 Jun 2024 (1); not at 31 Aug (ended 1 Aug: 0,
# and one period of care ceased in August); not at 31 Oct.
add903("cla", "N02", "a", start_date=D(2024, 1, 1), end_date=D(2024, 8, 1), legal_status="C2")


def test_903_cla_number_from_history_by_dates(run903):
    check(run903.get("cla_number", "N02", Month(2024, 6)), 1, None, 1)
    check(run903.get("cla_number", "N02", Month(2024, 8)), 0, None, 0)
    check(run903.get("cla_ceased", "N02", Month(2024, 8)), 1, None, 1)
    check(run903.get("cla_number", "N02"), 0, None, 0)


# ---- N03: reviews from the SSDA903 review history -------------------------------------------
# At 31 Oct 2024 (6 months back: after 30 Apr 2024):
#  a: reviews 1 Jun 2024 and 1 Dec 2024 -> latest by 31 Oct is 1 Jun -> yes
#  b: reviews 1 Mar 2024 and 15 Nov 2024 -> latest by 31 Oct is 1 Mar -> no (the 15 Nov
#     review on the period-of-care row is after period end and must not count)
#  c: no reviews, care started Thu 3 Oct 2024 (20 working days) -> yes
# -> 2 / 3.
add903("cla", "N03", "a", start_date=D(2020, 1, 1), last_review_date=D(2024, 12, 1), legal_status="C2")
add903("cla", "N03", "b", start_date=D(2020, 1, 1), last_review_date=D(2024, 11, 15), legal_status="C2")
add903("cla", "N03", "c", start_date=D(2024, 10, 3), legal_status="C2")
for child, day in [("a", D(2024, 6, 1)), ("a", D(2024, 12, 1)), ("b", D(2024, 3, 1)), ("b", D(2024, 11, 15))]:
    add903("cla_reviews", "N03", child, review_date=day)


def test_903_cla_reviewed_from_review_history(run903):
    check(run903.get("cla_reviewed_on_time_pct", "N03"), 2, 3, 200 / 3)


# ---- L11: caseload from CP plans and periods of care only (no CIN list loaded) ---------------
# W1: a (CP), b (looked after) -> 2 children, 1 worker -> 2.0.
add("cp_plans", "L11", "a", worker="W1", start_date=D(2024, 1, 1))
add("cla", "L11", "b", worker="W1", start_date=D(2024, 1, 1))


def test_caseload_without_a_cin_list(run):
    check(run.get("caseload_avg", "L11"), 2, 1, 2.0)


def test_exceptions_of_a_lower_is_better_percentage_are_its_numerator(run):
    """The children behind cla_3plus_placements_pct's failures are those with three or more
    placements (in the numerator), not the others (L06: child a, one of three)."""
    from kpiboard.measures.engine import exception_rows

    rows = exception_rows(run.engine, "cla_3plus_placements_pct", OCT24).to_pylist()
    assert [r["child_id"] for r in rows if r["la"] == "L06"] == ["a"]
