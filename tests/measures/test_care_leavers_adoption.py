"""Care leavers (Annex A list 9) and adoption (list 10)."""

import pytest

from measure_cases import D, Cases, check, shared_run
from kpiboard.periods import Month

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


# ---- CL1: care leavers at 31 Oct 2024 (snapshot of the 31 Oct extract) ------------------------
# Age in completed years at 31 Oct 2024:
#  a: born 31 Oct 2007 -> 17 that day (in 17-21)   EET yes, suitable yes, in touch yes, pathway 1 May 2024
#  b: born 1 Nov 2007  -> 16 (out of 17-21)        EET yes, suitable yes, in touch NO,  pathway 30 Apr 2024
#  c: born 1 Nov 2002  -> 21 (in; 22 tomorrow)     EET no,  suitable n/r, in touch yes, no pathway review
#  d: born 31 Oct 2002 -> 22 (out)                 EET yes, suitable yes, in touch n/r, pathway 31 Oct 2024
#  e: born 1 Jun 2005  -> 19 (in)                  EET n/r, suitable NO,  in touch yes, pathway 15 Jun 2024
# EET (aged 17-21: a, c, e): a -> 1 / 3
# Suitable accommodation (a, c, e): a -> 1 / 3
# In touch (all care leavers, any age): a, c, e -> 3 / 5
# Pathway plan reviewed in the last 6 months (1 May - 31 Oct 2024; all care leavers):
#   a (1 May), d (31 Oct), e (15 Jun) -> 3 / 5; b's 30 Apr is 6 months + 1 day back.
for child, dob, eet, suitable, touch, pathway in [
        ("a", D(2007, 10, 31), True, True, True, D(2024, 5, 1)),
        ("b", D(2007, 11, 1), True, True, False, D(2024, 4, 30)),
        ("c", D(2002, 11, 1), False, None, True, None),
        ("d", D(2002, 10, 31), True, True, None, D(2024, 10, 31)),
        ("e", D(2005, 6, 1), None, False, True, D(2024, 6, 15))]:
    add("care_leavers", "CL1", child, dob=dob, eet=eet, accommodation_suitable=suitable,
        in_touch=touch, pathway_review_date=pathway)


def test_care_leavers_eet_aged_17_to_21(run):
    check(run.get("care_leavers_eet_pct", "CL1"), 1, 3, 100 / 3)


def test_care_leavers_suitable_accommodation_aged_17_to_21(run):
    check(run.get("care_leavers_suitable_accommodation_pct", "CL1"), 1, 3, 100 / 3)


def test_care_leavers_in_touch_all_ages(run):
    check(run.get("care_leavers_in_touch_pct", "CL1"), 3, 5, 60.0)


def test_care_leavers_pathway_plan_last_6_months(run):
    check(run.get("care_leavers_pathway_plan_pct", "CL1"), 3, 5, 60.0)


# ---- CL2: snapshot takes the latest extract at or before period end ------------------------
# Child a (19): 30 Sep extract EET no; 31 Oct extract EET yes; 30 Nov extract EET no.
# September 0 / 1; October 1 / 1 (not the November extract); November 0 / 1.
for extract, eet in [(D(2024, 9, 30), False), (D(2024, 10, 31), True), (D(2024, 11, 30), False)]:
    add("care_leavers", "CL2", "a", extract=extract, dob=D(2005, 6, 1), eet=eet)


def test_care_leavers_snapshot_by_extract(run):
    check(run.get("care_leavers_eet_pct", "CL2", Month(2024, 9)), 0, 1, 0.0)
    check(run.get("care_leavers_eet_pct", "CL2"), 1, 1, 100.0)
    check(run.get("care_leavers_eet_pct", "CL2", Month(2024, 11)), 0, 1, 0.0)


# ---- AD1: adoption ---------------------------------------------------------------------------
# A1: mean days from entering care to moving in with the adopters, children placed in the
# window; default window rolling 12 months to 31 Oct 2024 = 1 Nov 2023 - 31 Oct 2024.
#  a: care 1 Jan 2023 -> placed 1 Jan 2024 = 365 days
#  b: care 1 Jun 2022 -> placed 31 Oct 2024 = 731 (to 1 Jun 2024, through 29 Feb 2024)
#     + 152 (Jun 30 + Jul 31 + Aug 31 + Sep 30 + 30 to 31 Oct) = 883 days
#  c: placed 31 Oct 2023 (the day before the 12 months) -> out
#  d: not placed -> out
# A1 = (365 + 883) / 2 = 624 (numerator 1248 days, denominator 2 children).
# A1 in the month of October only: b -> 883.  Year to date (Apr-Oct 2024): b -> 883.
# A2: mean days from placement order to match, children matched in the window (rolling 12m);
# a match before the order counts as 0:
#  a: order 1 Mar 2024, matched 1 Feb 2024 -> 0
#  b: order 1 Jan 2024, matched 1 Jul 2024 -> 31+29+31+30+31+30 = 182
#  c: matched 31 Oct 2023 -> out of the window
#  d: matched 1 May 2024 but no placement order -> no days to count, left out
# A2 = (0 + 182) / 2 = 91.
# adoptions: orders granted in October: a (1 Oct), b (31 Oct); c's 1 Nov is not -> 2.
for child, care, order, match, placed, adopted in [
        ("a", D(2023, 1, 1), D(2024, 3, 1), D(2024, 2, 1), D(2024, 1, 1), D(2024, 10, 1)),
        ("b", D(2022, 6, 1), D(2024, 1, 1), D(2024, 7, 1), D(2024, 10, 31), D(2024, 10, 31)),
        ("c", D(2022, 1, 1), D(2023, 1, 1), D(2023, 10, 31), D(2023, 10, 31), D(2024, 11, 1)),
        ("d", D(2023, 5, 1), None, D(2024, 5, 1), None, None)]:
    add("adoption", "AD1", child, entered_care_date=care, placement_order_date=order,
        matched_date=match, placed_date=placed, adoption_order_date=adopted)


def test_a1_default_window_is_rolling_12_months(run):
    r = run.get("adoption_a1_days", "AD1")
    assert r.window == "rolling_12m"
    check(r, 1248, 2, 624.0)


def test_a1_in_month_and_year_to_date(run):
    check(run.get("adoption_a1_days", "AD1", kind="month"), 883, 1, 883.0)
    check(run.get("adoption_a1_days", "AD1", kind="ytd"), 883, 1, 883.0)


def test_a2_match_before_order_counts_as_zero(run):
    check(run.get("adoption_a2_days", "AD1"), 182, 2, 91.0)


def test_adoptions_orders_granted_in_period(run):
    check(run.get("adoptions", "AD1"), 2, None, 2)
