"""Assessments (Annex A list 4): completed, within 45 working days, open over 45 working days,
child seen.

Working days (definition): count the days AFTER the start date up to and INCLUDING the end date,
leaving out Saturdays, Sundays and England & Wales bank holidays; same day = 0. Every count
below is worked by hand week by week (Mon-Fri weeks; BH = bank holiday).
"""

import pytest

from measure_cases import D, Cases, check, shared_run
from kpiboard.periods import Month

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


# ---- assessments_completed / assessments_45wd_pct across Christmas and New Year 2022-23 -----
# Period January 2023. Start Mon 7 Nov 2022:
#   8-11 Nov 4 | 14-18 Nov 5 (9) | 21-25 5 (14) | 28 Nov-2 Dec 5 (19) | 5-9 Dec 5 (24)
#   12-16 Dec 5 (29) | 19-23 Dec 5 (34) | 26 Dec BH, 27 Dec BH (substitute Christmas), 28-30: 3 (37)
#   2 Jan BH (substitute New Year), 3-6 Jan: 4 (41) | 9 (42) 10 (43) 11 (44) Thu 12 (45) Fri 13 (46)
#  a: 7 Nov 2022 -> 12 Jan 2023 = 45 working days -> within
#  b: 7 Nov 2022 -> 13 Jan 2023 = 46 -> not within
#  c: start and authorised Mon 16 Jan 2023 = 0 -> within
#  d: authorised 30 Dec 2022 (December) -> not completed in January
# completed = 3; within 45 = a, c -> 2 / 3.
add("assessments", "A01", "a", extract=D(2023, 1, 31), start_date=D(2022, 11, 7), authorised_date=D(2023, 1, 12))
add("assessments", "A01", "b", extract=D(2023, 1, 31), start_date=D(2022, 11, 7), authorised_date=D(2023, 1, 13))
add("assessments", "A01", "c", extract=D(2023, 1, 31), start_date=D(2023, 1, 16), authorised_date=D(2023, 1, 16))
add("assessments", "A01", "d", extract=D(2023, 1, 31), start_date=D(2022, 11, 1), authorised_date=D(2022, 12, 30))

# Easter 2024 (Good Friday 29 Mar, Easter Monday 1 Apr). Period April 2024. Start Mon 19 Feb:
#   20-23 Feb 4 | 26 Feb-1 Mar 5 (9) | 4-8 Mar (14) | 11-15 (19) | 18-22 (24)
#   25-28 Mar 4, Fri 29 BH (28) | Mon 1 Apr BH, 2-5 Apr 4 (32) | 8-12 (37) | 15-19 (42)
#   22 (43) 23 (44) Wed 24 (45) Thu 25 (46)
#  a: -> 24 Apr = 45 within; b: -> 25 Apr = 46 not. -> 1 / 2.
add("assessments", "A02", "a", extract=D(2024, 4, 30), start_date=D(2024, 2, 19), authorised_date=D(2024, 4, 24))
add("assessments", "A02", "b", extract=D(2024, 4, 30), start_date=D(2024, 2, 19), authorised_date=D(2024, 4, 25))

# 2022 Platinum Jubilee (Spring BH moved to Thu 2 Jun, Jubilee Fri 3 Jun; Mon 30 May 2022 is an
# ordinary working day). Period July 2022. Start Tue 3 May 2022 (the day after May Day):
#   4-6 May 3 | 9-13 (8) | 16-20 (13) | 23-27 (18) | 30, 31 May, 1 Jun 3, 2-3 Jun BH (21)
#   6-10 Jun (26) | 13-17 (31) | 20-24 (36) | 27 Jun-1 Jul (41) | 4 (42) 5 (43) 6 (44)
#   Thu 7 Jul (45) Fri 8 Jul (46)
#  a: -> 7 Jul = 45 within; b: -> 8 Jul = 46 not. -> 1 / 2.
add("assessments", "A03", "a", extract=D(2022, 7, 31), start_date=D(2022, 5, 3), authorised_date=D(2022, 7, 7))
add("assessments", "A03", "b", extract=D(2022, 7, 31), start_date=D(2022, 5, 3), authorised_date=D(2022, 7, 8))

# Weekend ends: authorised Sat 19 Oct 2024 after a start on Fri 18 Oct = 0 working days (the only
# day after the start is a Saturday) -> within. Period October 2024. -> 1 / 1.
add("assessments", "A04", "a", start_date=D(2024, 10, 18), authorised_date=D(2024, 10, 19))


def test_completed_counts_authorised_in_period(run):
    check(run.get("assessments_completed", "A01", Month(2023, 1)), 3, None, 3)


def test_45wd_across_christmas_new_year_2022(run):
    check(run.get("assessments_45wd_pct", "A01", Month(2023, 1)), 2, 3, 200 / 3)


def test_45wd_across_easter_2024(run):
    check(run.get("assessments_45wd_pct", "A02", Month(2024, 4)), 1, 2, 50.0)


def test_45wd_across_platinum_jubilee_2022(run):
    check(run.get("assessments_45wd_pct", "A03", Month(2022, 7)), 1, 2, 50.0)


def test_45wd_weekend_only_gap_is_zero_working_days(run):
    check(run.get("assessments_45wd_pct", "A04"), 1, 1, 100.0)


# ---- assessments_open_over_45wd (snapshot) across the 2022 State Funeral ---------------------
# Period September 2022, end Fri 30 Sep 2022. Working days after a start up to 30 Sep:
#   August 2022: 1-5, 8-12, 15-19, 22-26 = 20, Mon 29 BH, 30, 31 = 22
#   September 2022: 1-2 (2), 5-9 (7), 12-16 (12), Mon 19 BH (State Funeral) + 20-23 (16), 26-30 (21)
#   Aug + Sep = 43.  Start Thu 28 Jul: + Fri 29 Jul = 44.  Start Wed 27 Jul: 45.  Start Tue 26 Jul: 46.
# Extract 30 Sep 2022 (the snapshot for September):
#  a: start 27 Jul, open -> 45, not MORE than 45 -> no
#  b: start 26 Jul, open -> 46 -> yes
#  c: start 1 Jul, authorised 30 Sep (by period end) -> not open
#  f: start 3 May, open -> yes
# -> 2.
# A later extract (14 Oct 2022) shows b authorised on 3 Oct: it is not used for September, but
# it is the snapshot for October (end Mon 31 Oct 2022), where only a and f are still open:
#   a: 45 (to 30 Sep) + October 2022 working days (3-7, 10-14, 17-21, 24-28, 31 = 21) = 66 -> yes
#   f -> yes;  b authorised 3 Oct -> no;  -> 2 for October too, but from the later extract:
#   g: start Mon 17 Oct 2022, open, only in the later extract -> 10 working days -> no.
for child, start, auth in [("a", D(2022, 7, 27), None), ("b", D(2022, 7, 26), None),
                           ("c", D(2022, 7, 1), D(2022, 9, 30)), ("f", D(2022, 5, 3), None)]:
    add("assessments", "A05", child, extract=D(2022, 9, 30), start_date=start, authorised_date=auth)
for child, start, auth in [("a", D(2022, 7, 27), None), ("b", D(2022, 7, 26), D(2022, 10, 3)),
                           ("f", D(2022, 5, 3), None), ("g", D(2022, 10, 17), None)]:
    add("assessments", "A05", child, extract=D(2022, 10, 14), start_date=start, authorised_date=auth)

# A06: one open assessment started Wed 27 Jul 2022 (45 working days at 30 Sep) in an extract of
# 30 Sep, plus one in a later October extract, to show the later extract is not read for
# September: -> September 0; October (a at 66) -> 1.
add("assessments", "A06", "a", extract=D(2022, 9, 30), start_date=D(2022, 7, 27))
add("assessments", "A06", "a", extract=D(2022, 10, 31), start_date=D(2022, 7, 27))


def test_open_over_45wd_across_state_funeral_2022(run):
    check(run.get("assessments_open_over_45wd", "A05", Month(2022, 9)), 2, None, 2)


def test_open_over_45wd_uses_the_latest_extract_at_or_before_period_end(run):
    check(run.get("assessments_open_over_45wd", "A05", Month(2022, 10)), 2, None, 2)


def test_open_over_45wd_exactly_45_is_not_over(run):
    check(run.get("assessments_open_over_45wd", "A06", Month(2022, 9)), 0, None, 0)
    check(run.get("assessments_open_over_45wd", "A06", Month(2022, 10)), 1, None, 1)


# ---- assessments_child_seen_pct -------------------------------------------------------------
# October 2024: a seen, b not seen, c not recorded -> 1 / 3; d seen but authorised in September
# (outside). e: the same assessment in the 15 Oct extract (seen not recorded) and the 31 Oct
# extract (seen) counts once, as seen -> 2 / 4.
add("assessments", "A07", "a", start_date=D(2024, 9, 1), authorised_date=D(2024, 10, 2), child_seen=True)
add("assessments", "A07", "b", start_date=D(2024, 9, 1), authorised_date=D(2024, 10, 9), child_seen=False)
add("assessments", "A07", "c", start_date=D(2024, 9, 1), authorised_date=D(2024, 10, 16), child_seen=None)
add("assessments", "A07", "d", start_date=D(2024, 8, 1), authorised_date=D(2024, 9, 30), child_seen=True)
add("assessments", "A07", "e", extract=D(2024, 10, 15), start_date=D(2024, 9, 2), authorised_date=D(2024, 10, 14))
add("assessments", "A07", "e", start_date=D(2024, 9, 2), authorised_date=D(2024, 10, 14), child_seen=True)


def test_child_seen_pct(run):
    check(run.get("assessments_child_seen_pct", "A07"), 2, 4, 50.0)


def test_completed_same_assessment_in_two_extracts_counts_once(run):
    check(run.get("assessments_completed", "A07"), 4, None, 4)


# ---- timeliness bands (performance on a page): 0-25 / 26-40 / 41-45 / 46+ working days ------
# Period January 2023, LA A09: the A01 dates again (a = 45: 41-45, b = 46: 46+, c = 0: 0-25)
# plus e: Mon 5 Dec 2022 -> Fri 13 Jan 2023: 6-9 Dec 4 | 12-16 (9) | 19-23 (14) |
#   26, 27 BH, 28-30 (17) | 2 Jan BH, 3-6 (21) | 9-13 (26) -> 26 working days (26-40).
for child, start, end in (("a", D(2022, 11, 7), D(2023, 1, 12)), ("b", D(2022, 11, 7), D(2023, 1, 13)),
                          ("c", D(2023, 1, 16), D(2023, 1, 16)), ("e", D(2022, 12, 5), D(2023, 1, 13))):
    add("assessments", "A09", child, extract=D(2023, 1, 31), start_date=start, authorised_date=end)


@pytest.mark.parametrize("measure, count", [
    ("assessments_wd_0_25", 1), ("assessments_wd_26_40", 1), ("assessments_wd_41_45", 1),
    ("assessments_wd_46_plus", 1)])
def test_timeliness_bands(run, measure, count):
    check(run.get(measure, "A09", Month(2023, 1)), count, None, count)
