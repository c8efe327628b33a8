"""Front door (Annex A lists 1 and 3): contacts, referrals, conversion, re-referrals, NFA.

Period October 2024 (1-31 Oct) unless a test says otherwise. Each case is its own LA code.
Expected values are worked out by hand from the definitions.
"""

import pytest

from measure_cases import D, Cases, check, compute_once, shared_run

CASES = Cases()
add = CASES.add


@pytest.fixture(scope="module")
def run():
    """The shared engine holding this module's CASES (one per history set per session)."""
    return shared_run(CASES)


# ---- contacts: "contacts dated in period" --------------------------------------------------
# F01: 1 Oct and 31 Oct are in October; 30 Sep and 1 Nov are not -> 2.
add("contacts", "F01", "a", contact_date=D(2024, 10, 1))
add("contacts", "F01", "b", contact_date=D(2024, 10, 31))
add("contacts", "F01", "c", contact_date=D(2024, 9, 30))
add("contacts", "F01", "d", contact_date=D(2024, 11, 1), extract=D(2024, 11, 30))

# F02: the same contact (child a, 10 Oct, Police) in the 15 Oct and 31 Oct extracts is one
# contact; child b's contact is in the later extract only -> 2.
add("contacts", "F02", "a", extract=D(2024, 10, 15), contact_date=D(2024, 10, 10), source="Police")
add("contacts", "F02", "a", extract=D(2024, 10, 31), contact_date=D(2024, 10, 10), source="Police")
add("contacts", "F02", "b", extract=D(2024, 10, 31), contact_date=D(2024, 10, 20), source="School")


def test_contacts_counts_first_and_last_day_only_of_the_month(run):
    check(run.get("contacts", "F01"), 2, None, 2)


def test_contacts_same_contact_in_two_extracts_counts_once(run):
    check(run.get("contacts", "F02"), 2, None, 2)


# ---- referrals and contact conversion --------------------------------------------------------
# F03: referrals 3 Oct (a) and 31 Oct (b) in period, 30 Sep (c) not -> 2.
# Contacts: four in October -> conversion 2 / 4 = 50%.
add("referrals", "F03", "a", referral_date=D(2024, 10, 3))
add("referrals", "F03", "b", referral_date=D(2024, 10, 31))
add("referrals", "F03", "c", referral_date=D(2024, 9, 30))
for i, child in enumerate("abcd"):
    add("contacts", "F03", child, contact_date=D(2024, 10, 1 + i))
add("contacts", "F03", "e", contact_date=D(2024, 9, 29))          # September: not in denominator

# F04: the same referral (a, 3 Oct) in the 15 Oct extract (NFA not yet recorded) and the 31 Oct
# extract (NFA = yes): one referral, and the latest version says NFA -> referrals 1, NFA 1/1.
add("referrals", "F04", "a", extract=D(2024, 10, 15), referral_date=D(2024, 10, 3), nfa=None)
add("referrals", "F04", "a", extract=D(2024, 10, 31), referral_date=D(2024, 10, 3), nfa=True)

# F05: a referral but no contacts recorded in the month: conversion has no value (0 / 0).
add("referrals", "F05", "a", referral_date=D(2024, 10, 3))


def test_referrals_dated_in_period(run):
    check(run.get("referrals", "F03"), 2, None, 2)


def test_referrals_same_referral_in_two_extracts_counts_once(run):
    check(run.get("referrals", "F04"), 1, None, 1)


def test_contact_conversion_is_referrals_over_contacts_in_period(run):
    check(run.get("contact_conversion_pct", "F03"), 2, 4, 50.0)


def test_contact_conversion_without_contacts_has_no_value(run):
    check(run.get("contact_conversion_pct", "F05"), 1, 0, None)


# ---- referrals_nfa_pct -----------------------------------------------------------------------
# F06: October referrals with NFA yes, no and not recorded; a September NFA referral is outside.
# -> 1 / 3 = 33.33%.
add("referrals", "F06", "a", referral_date=D(2024, 10, 2), nfa=True)
add("referrals", "F06", "b", referral_date=D(2024, 10, 9), nfa=False)
add("referrals", "F06", "c", referral_date=D(2024, 10, 16), nfa=None)
add("referrals", "F06", "d", referral_date=D(2024, 9, 16), nfa=True)


def test_referrals_nfa_pct(run):
    check(run.get("referrals_nfa_pct", "F06"), 1, 3, 100 / 3)


def test_referrals_nfa_pct_uses_latest_version_of_a_referral(run):
    check(run.get("referrals_nfa_pct", "F04"), 1, 1, 100.0)


# ---- rereferrals_12m_pct ---------------------------------------------------------------------
# R01: history reaches 12 months back (this LA's referrals start 5 Jan 2023, and every October
# referral's 12-month look-back starts on or after 1 Oct 2023).
#  a: 3 Oct 2024, earlier referral 3 Feb 2024                -> re-referral
#  b: 10 Oct 2024, earlier referral 9 Oct 2023 (12 months + 1 day before) -> not
#  c: 15 Oct 2024, earlier referral 15 Oct 2023 (the same date a year before: the first day of
#     "the 12 months before 15 Oct 2024", 15 Oct 2023 - 14 Oct 2024)     -> re-referral
#  d: 20 Oct 2024, list says 3 referrals in 12 months but the (complete) history has none
#     -> history decides                                                 -> not
#  e: 1 Oct 2024 and 25 Oct 2024: the 25th is a re-referral, the 1st is not
# In period: a, b, c, d, e1, e25 = 6; re-referrals a, c, e25 = 3 -> 50%.
add("referrals", "R01", "z", referral_date=D(2023, 1, 5))
add("referrals", "R01", "a", referral_date=D(2024, 2, 3))
add("referrals", "R01", "a", referral_date=D(2024, 10, 3))
add("referrals", "R01", "b", referral_date=D(2023, 10, 9))
add("referrals", "R01", "b", referral_date=D(2024, 10, 10))
add("referrals", "R01", "c", referral_date=D(2023, 10, 15))
add("referrals", "R01", "c", referral_date=D(2024, 10, 15))
add("referrals", "R01", "d", referral_date=D(2024, 10, 20), referrals_12m=3)
add("referrals", "R01", "e", referral_date=D(2024, 10, 1))
add("referrals", "R01", "e", referral_date=D(2024, 10, 25))

# R02: history does NOT reach back (this LA's referrals start 1 Jun 2024): the list's
# "referrals in last 12 months" > 1 stands in.
#  a: referrals_12m 2 -> yes;  b: 1 -> no;  c: not recorded, nothing in history -> no.
# -> 1 / 3.
add("referrals", "R02", "f", referral_date=D(2024, 6, 1))
add("referrals", "R02", "a", referral_date=D(2024, 10, 3), referrals_12m=2)
add("referrals", "R02", "b", referral_date=D(2024, 10, 5), referrals_12m=1)
add("referrals", "R02", "c", referral_date=D(2024, 10, 7))

# R03: history does not reach 12 months back (starts 3 Feb 2024), but it does show child a's
# earlier referral on 3 Feb 2024, 8 months before the 3 Oct 2024 one; the list count is not
# recorded. The child "had another referral in the 12 months before" -> 1 / 1 = 100%.
add("referrals", "R03", "a", referral_date=D(2024, 2, 3))
add("referrals", "R03", "a", referral_date=D(2024, 10, 3))

# R04: the same October referral in two extracts is not its own earlier referral -> 0 / 1.
add("referrals", "R04", "z", referral_date=D(2023, 1, 1))
add("referrals", "R04", "a", extract=D(2024, 10, 15), referral_date=D(2024, 10, 3))
add("referrals", "R04", "a", extract=D(2024, 10, 31), referral_date=D(2024, 10, 3))


def test_rereferrals_from_history(run):
    check(run.get("rereferrals_12m_pct", "R01"), 3, 6, 50.0)


def test_rereferrals_from_list_count_where_history_is_short(run):
    check(run.get("rereferrals_12m_pct", "R02"), 1, 3, 100 / 3)


def test_rereferrals_short_history_still_counts_an_earlier_referral_it_holds(run):
    check(run.get("rereferrals_12m_pct", "R03"), 1, 1, 100.0)


def test_rereferrals_same_referral_in_two_extracts_is_not_a_rereferral(run):
    check(run.get("rereferrals_12m_pct", "R04"), 0, 1, 0.0)


def test_one_shot_helper_builds_a_dataset_from_dicts():
    # The smallest use of the helper: two contacts in October, one in September -> 2.
    out = compute_once({"contacts": [dict(child_id="a", contact_date=D(2024, 10, 1)),
                                     dict(child_id="b", contact_date=D(2024, 10, 2)),
                                     dict(child_id="c", contact_date=D(2024, 9, 2))]}, "contacts")
    assert [(r.la, r.numerator, r.value) for r in out] == [("999", 2.0, 2.0)]
