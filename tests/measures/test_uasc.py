"""Unaccompanied asylum-seeking children (UASC): the `uasc` flag on periods of care (Annex A
list 8; SSDA903's UASC file).

Period October 2024, period end Thu 31 Oct 2024. Looked after at D: some period of care with
start <= D and (no end, or end > D); a child whose care ended on D is NOT looked after at D.
"""

import pytest

from measure_cases import D, Cases, check, compute_once, shared_run

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    return shared_run(CASES)


# ---- U01: uasc_number, uasc_cla_pct, uasc_rate_per_10k, uasc_started ------------------------
#  a: UASC, since 1 Jan 2024, open                  -> UASC looked after (started before April)
#  b: UASC, 1 Jan 2023 - 31 Oct 2024 (ended on D)   -> not looked after at D
#  c: UASC, started 31 Oct 2024 (on D)               -> UASC looked after; started in October
#  d: not UASC, open                                 -> looked after, not UASC
#  e: flag not recorded, open                        -> looked after, not counted as UASC
#  f: UASC, two open periods (recording error)       -> one child
#  g: UASC, 1 Oct - 15 Oct 2024                      -> started in October, not looked after at D
#  h: not UASC, started 10 Oct 2024, open           -> looked after, not a UASC start
#  i: UASC, starts 1 Nov 2024                        -> nothing
#  j: UASC, 1 May - 1 Jun 2024                       -> a UASC start in the year to date only
# uasc_number = a, c, f = 3 children; looked after at D: a, c, d, e, f, h = 6 -> 50%.
# rate = 3 / 4,000 x 10,000 = 7.5 (under the National Transfer Scheme's 10).
# uasc_started: October c, g = 2; year to date (1 Apr - 31 Oct 2024) c, g, j = 3.
for child, start, end, uasc, gender in [
        ("a", D(2024, 1, 1), None, True, "Male"), ("b", D(2023, 1, 1), D(2024, 10, 31), True, "Male"),
        ("c", D(2024, 10, 31), None, True, "Male"), ("d", D(2022, 1, 1), None, False, "Female"),
        ("e", D(2022, 1, 1), None, None, "Female"), ("f", D(2023, 1, 1), None, True, "Female"),
        ("f", D(2023, 6, 1), None, True, "Female"), ("g", D(2024, 10, 1), D(2024, 10, 15), True, "Male"),
        ("h", D(2024, 10, 10), None, False, "Male"), ("i", D(2024, 11, 1), None, True, "Male"),
        ("j", D(2024, 5, 1), D(2024, 6, 1), True, "Male")]:
    add("cla", "U01", child, start_date=start, end_date=end, uasc=uasc, gender=gender,
        legal_status="V2")
CASES.population("U01", 2024, 4000)


def test_uasc_number_children_looked_after_at_end(run):
    check(run.get("uasc_number", "U01"), 3, None, 3)


def test_uasc_number_year_to_date_is_the_position_at_the_end(run):
    check(run.get("uasc_number", "U01", kind="ytd"), 3, None, 3)


def test_uasc_share_of_children_looked_after(run):
    check(run.get("uasc_cla_pct", "U01"), 3, 6, 50.0)


def test_uasc_rate_per_10k_uses_the_child_population(run):
    check(run.get("uasc_rate_per_10k", "U01"), 3, 4000, 7.5)


def test_uasc_started_in_the_month_and_year_to_date(run):
    check(run.get("uasc_started", "U01"), 2, None, 2)
    check(run.get("uasc_started", "U01", kind="ytd"), 3, None, 3)


def test_uasc_number_by_gender_adds_up(run):
    groups = run.groups("uasc_number", "U01", "gender")
    assert {g: r.numerator for g, r in groups.items()} == {"Male": 2, "Female": 1}


# ---- U02: a source without the flag (SSDA903 without its UASC file) -> no value, not 0 --------
def test_no_uasc_flag_anywhere_gives_no_value():
    rows = [dict(child_id="a", start_date=D(2024, 1, 1), uasc=None)]
    for measure in ("uasc_number", "uasc_cla_pct", "uasc_started"):
        out = compute_once({"cla": rows}, measure, population=[("999", 2024, 1000)])
        assert [r.value for r in out] == [None], (measure, out)


# ---- U03: no population for the LA -> the rate has no value -----------------------------------
def test_uasc_rate_without_population_has_no_value():
    out = compute_once({"cla": [dict(child_id="a", start_date=D(2024, 1, 1), uasc=True)]},
                       "uasc_rate_per_10k")
    assert out[0].numerator == 1 and out[0].value is None, out
