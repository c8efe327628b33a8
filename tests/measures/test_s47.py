"""Section 47 enquiries and initial conferences (Annex A list 5)."""

import pytest

from measure_cases import D, Cases, check, shared_run
from kpiboard.periods import Month

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


# ---- s47_started: strategy discussions dated in period ---------------------------------------
# October 2024: 1 Oct, 15 Oct, 31 Oct in; 30 Sep and 1 Nov out -> 3.
# The 15 Oct one is in two extracts (15 Oct and 31 Oct) -> still one.
add("s47", "S01", "a", strategy_date=D(2024, 10, 1))
add("s47", "S01", "b", extract=D(2024, 10, 15), strategy_date=D(2024, 10, 15))
add("s47", "S01", "b", strategy_date=D(2024, 10, 15))
add("s47", "S01", "c", strategy_date=D(2024, 10, 31))
add("s47", "S01", "d", strategy_date=D(2024, 9, 30))
add("s47", "S01", "e", extract=D(2024, 11, 30), strategy_date=D(2024, 11, 1))


def test_s47_started(run):
    check(run.get("s47_started", "S01"), 3, None, 3)


# ---- icpc_15wd_pct: conferences HELD in period, within 15 working days of the strategy ------
# 2023 Coronation (Mon 8 May 2023) and May Day (Mon 1 May). Period May 2023.
# Strategy Fri 28 Apr 2023: 1 May BH, 2-5 May 4 | 8 May BH, 9-12 May 4 (8) | 15-19 (13)
#   Mon 22 (14) Tue 23 (15) Wed 24 (16)
#  a: ICPC 23 May = 15 -> within;  b: ICPC 24 May = 16 -> not
#  c: strategy 2 May, ICPC 2 Jun (June: not held in May) -> not in the denominator
#  d: strategy 2 May, conference unnecessary, no ICPC -> not in the denominator
# -> 1 / 2.
add("s47", "S02", "a", extract=D(2023, 6, 30), strategy_date=D(2023, 4, 28), icpc_date=D(2023, 5, 23))
add("s47", "S02", "b", extract=D(2023, 6, 30), strategy_date=D(2023, 4, 28), icpc_date=D(2023, 5, 24))
add("s47", "S02", "c", extract=D(2023, 6, 30), strategy_date=D(2023, 5, 2), icpc_date=D(2023, 6, 2))
add("s47", "S02", "d", extract=D(2023, 6, 30), strategy_date=D(2023, 5, 2), icpc_unnecessary=True)

# Christmas 2023 / New Year 2024. Period January 2024. Strategy Fri 15 Dec 2023:
#   18-22 Dec 5 | 25 BH, 26 BH, 27-29 3 (8) | 1 Jan BH, 2-5 Jan 4 (12) | 8 (13) 9 (14)
#   Wed 10 Jan (15) Thu 11 Jan (16)
#  a: ICPC 10 Jan = 15 -> within; b: ICPC 11 Jan = 16 -> not;
#  c: strategy and ICPC both Tue 9 Jan 2024 = 0 -> within
# -> 2 / 3.
add("s47", "S03", "a", extract=D(2024, 1, 31), strategy_date=D(2023, 12, 15), icpc_date=D(2024, 1, 10))
add("s47", "S03", "b", extract=D(2024, 1, 31), strategy_date=D(2023, 12, 15), icpc_date=D(2024, 1, 11))
add("s47", "S03", "c", extract=D(2024, 1, 31), strategy_date=D(2024, 1, 9), icpc_date=D(2024, 1, 9))


def test_icpc_15wd_across_coronation_2023(run):
    check(run.get("icpc_15wd_pct", "S02", Month(2023, 5)), 1, 2, 50.0)


def test_icpc_15wd_across_christmas_2023(run):
    check(run.get("icpc_15wd_pct", "S03", Month(2024, 1)), 2, 3, 200 / 3)


def test_icpc_15wd_counts_by_conference_date_not_strategy_date(run):
    # S02 in June 2023: c's conference (strategy 2 May, ICPC Fri 2 Jun) is the only one held.
    # 3-5 May 3 | 8 May BH, 9-12 4 (7) | 15-19 (12) | 22-26 (17) | 29 May BH, 30, 31 May, 1, 2 Jun
    # (21) -> 21 > 15 -> 0 / 1.
    check(run.get("icpc_15wd_pct", "S02", Month(2023, 6)), 0, 1, 0.0)


# ---- s47_to_icpc_pct: enquiries started in period that have an initial conference ------------
# October 2024 (strategy dates in October):
#  a: ICPC 20 Oct -> yes
#  b: no ICPC -> no
#  c: ICPC not yet in the 31 Oct extract, held 12 Nov per the 30 Nov extract: the enquiry (one
#     record, latest version) has a conference -> yes
#  d: conference recorded as unnecessary -> no
#  e: strategy 30 Sep -> not started in October
# -> 2 / 4.
add("s47", "S04", "a", strategy_date=D(2024, 10, 2), icpc_date=D(2024, 10, 20))
add("s47", "S04", "b", strategy_date=D(2024, 10, 10))
add("s47", "S04", "c", strategy_date=D(2024, 10, 25))
add("s47", "S04", "c", extract=D(2024, 11, 30), strategy_date=D(2024, 10, 25), icpc_date=D(2024, 11, 12))
add("s47", "S04", "d", strategy_date=D(2024, 10, 28), icpc_unnecessary=True)
add("s47", "S04", "e", strategy_date=D(2024, 9, 30), icpc_date=D(2024, 10, 14))


def test_s47_to_icpc_pct(run):
    check(run.get("s47_to_icpc_pct", "S04"), 2, 4, 50.0)


def test_s47_started_same_enquiry_in_two_extracts_counts_once(run):
    check(run.get("s47_started", "S04"), 4, None, 4)
