"""RAG judgement table: every band notation x polarity usage x edge.

Each row reads: value, bands (as written in the catalogue YAML), target, expected RAG.
The band sets are the notations performance officers write today (docs: spec/reports.md).
"""

import pytest

from kpiboard.catalogue.model import Rag
from kpiboard.judge.rag import rag, rag_conflict


def bands(**kw) -> Rag:
    return Rag.model_validate(kw)


# --- Band sets, named after how users write them ---------------------------------------------

# Higher is better: `<92%` red, `92%>` amber, `95%+` green (amber written as a superset of green)
HIGHER_SPEC = bands(green={"at_least": 95}, amber={"at_least": 92}, red={"below": 92})
# Same with red left implicit ("not green, not amber = red")
HIGHER_IMPLICIT_RED = bands(green={"at_least": 95}, amber={"at_least": 92})
# Higher with open bounds: green above 95, amber above 92
HIGHER_OPEN = bands(green={"above": 95}, amber={"above": 92})
# "80% or above Green 70%-79% Amber 69% and below Red" (higher, gaps 79-80 and 69-70)
HIGHER_GAPS = bands(green={"at_least": 80}, amber={"between": [70, 79]}, red={"at_most": 69})
# Green only: anything else is red
GREEN_ONLY = bands(green={"at_least": 95})
# Green and amber with a gap between them and nothing below amber
GAP_NO_RED = bands(green={"at_least": 95}, amber={"between": [90, 92]})

# Lower is better: `26%+` red, `26%>` amber, `23%<` green
LOWER_SPEC = bands(green={"at_most": 23}, amber={"below": 26}, red={"at_least": 26})
LOWER_OPEN = bands(green={"below": 23}, amber={"below": 26})
# "24% or below Green, 25%-34% Amber, 35% and above Red"
VACANCY = bands(green={"at_most": 24}, amber={"between": [25, 34]}, red={"at_least": 35})
# Caseload: green "17 or below", amber "18.1-20", red "20.1 and above"
CASELOAD = bands(green={"at_most": 17}, amber={"between": [18.1, 20]}, red={"at_least": 20.1})
# Overlapping human bands: "22% or below Green 21% - 25% Amber 26% and above Red"
OVERLAP = bands(green={"at_most": 22}, amber={"between": [21, 25]}, red={"at_least": 26})
# Zero is best: 0 green, 1-2 amber, 3+ red
ZERO_BEST = bands(green={"at_most": 0}, amber={"between": [1, 2]}, red={"at_least": 3})
# Negative thresholds (e.g. a change measure): -1 or above green, -5 or above amber
NEGATIVE = bands(green={"at_least": -1}, amber={"at_least": -5})

# Closeness to a level (information only too): `+/-5 of 346.4` green, `+/-15` amber, beyond red
WITHIN_OF = bands(green={"within": {"of": 346.4, "by": 5}},
                  amber={"within": {"of": 346.4, "by": 15}})
# Same with `of` omitted: the level is the period's target
WITHIN_TARGET = bands(green={"within": {"by": 5}}, amber={"within": {"by": 15}})
# Percentage closeness to the target: green within 1% of target, amber within 5%
WITHIN_PCT_TARGET = bands(green={"within": {"by_pct": 1}}, amber={"within": {"by_pct": 5}})
# Percentage closeness to a stated level: within 10% of 200
WITHIN_PCT_OF = bands(green={"within": {"of": 200, "by_pct": 10}})
# Mixed: absolute green, amber relative to the target
MIXED_RELATIVE = bands(green={"at_least": 95}, amber={"within": {"by": 3}})

# Green range 14-20 with amber 1% outside the range (a band as a list = union)
RANGE = bands(green={"between": [14, 20]},
              amber=[{"between": [13.86, 14]}, {"between": [20, 20.2]}])
# Same range with red stated explicitly as a union either side
RANGE_RED = bands(green={"between": [14, 20]},
                  amber=[{"between": [13.86, 14]}, {"between": [20, 20.2]}],
                  red=[{"below": 13.86}, {"above": 20.2}])
# Green as a union (two acceptable ranges)
GREEN_UNION = bands(green=[{"at_most": 5}, {"at_least": 95}], amber={"between": [5, 10]})

RANGE_TO_BE_SET = bands(note="Range to be set")
YTD_BASIS = bands(basis="ytd", green={"at_least": 95}, amber={"at_least": 92})


P = pytest.param

CASES = [
    # ---- higher is better: <92% red, 92%> amber, 95%+ green --------------------------------
    P(99.0, HIGHER_SPEC, None, "green", id="higher-spec-well-above-green"),
    P(95.0, HIGHER_SPEC, None, "green", id="higher-spec-exactly-95-green"),
    P(94.99, HIGHER_SPEC, None, "amber", id="higher-spec-just-under-95-amber"),
    P(92.0, HIGHER_SPEC, None, "amber", id="higher-spec-exactly-92-amber"),
    P(91.99, HIGHER_SPEC, None, "red", id="higher-spec-just-under-92-red"),
    P(0.0, HIGHER_SPEC, None, "red", id="higher-spec-zero-red"),
    # judged on the unrounded value: 94.96 prints as "95.0%" yet is amber against "95% or above"
    P(94.96, HIGHER_SPEC, None, "amber", id="higher-spec-unrounded-94.96-amber"),
    P(100.0, HIGHER_SPEC, None, "green", id="higher-spec-100-green"),
    P(95.0, HIGHER_IMPLICIT_RED, None, "green", id="higher-implicit-95-green"),
    P(92.0, HIGHER_IMPLICIT_RED, None, "amber", id="higher-implicit-92-amber"),
    P(91.9, HIGHER_IMPLICIT_RED, None, "red", id="higher-implicit-below-every-band-red"),
    # open bounds: above/below exclude the limit
    P(95.0, HIGHER_OPEN, None, "amber", id="higher-open-exactly-95-not-green"),
    P(95.01, HIGHER_OPEN, None, "green", id="higher-open-above-95-green"),
    P(92.0, HIGHER_OPEN, None, "red", id="higher-open-exactly-92-red"),
    P(92.01, HIGHER_OPEN, None, "amber", id="higher-open-above-92-amber"),
    # gaps between human-written bands take the worse neighbour
    P(80.0, HIGHER_GAPS, None, "green", id="higher-gaps-exactly-80-green"),
    P(79.5, HIGHER_GAPS, None, "amber", id="higher-gaps-79.5-gap-green/amber-amber"),
    P(79.0, HIGHER_GAPS, None, "amber", id="higher-gaps-exactly-79-amber"),
    P(70.0, HIGHER_GAPS, None, "amber", id="higher-gaps-exactly-70-amber"),
    P(69.5, HIGHER_GAPS, None, "red", id="higher-gaps-69.5-gap-amber/red-red"),
    P(69.0, HIGHER_GAPS, None, "red", id="higher-gaps-exactly-69-red"),
    P(95.0, GREEN_ONLY, None, "green", id="green-only-on-boundary-green"),
    P(94.9, GREEN_ONLY, None, "red", id="green-only-anything-else-red"),
    P(93.0, GAP_NO_RED, None, "amber", id="gap-no-red-between-amber-and-green-amber"),
    P(92.0, GAP_NO_RED, None, "amber", id="gap-no-red-exactly-92-amber"),
    P(89.99, GAP_NO_RED, None, "red", id="gap-no-red-below-every-band-red"),
    # ---- lower is better: 26%+ red, 26%> amber, 23%< green ---------------------------------
    P(10.0, LOWER_SPEC, None, "green", id="lower-spec-well-below-green"),
    P(23.0, LOWER_SPEC, None, "green", id="lower-spec-exactly-23-green"),
    P(23.01, LOWER_SPEC, None, "amber", id="lower-spec-just-over-23-amber"),
    P(25.99, LOWER_SPEC, None, "amber", id="lower-spec-just-under-26-amber"),
    P(26.0, LOWER_SPEC, None, "red", id="lower-spec-exactly-26-red"),
    P(100.0, LOWER_SPEC, None, "red", id="lower-spec-100-red"),
    P(0.0, LOWER_SPEC, None, "green", id="lower-spec-zero-green"),
    P(23.0, LOWER_OPEN, None, "amber", id="lower-open-exactly-23-not-green"),
    P(22.99, LOWER_OPEN, None, "green", id="lower-open-under-23-green"),
    P(26.0, LOWER_OPEN, None, "red", id="lower-open-exactly-26-implicit-red"),
    # "24% or below Green, 25%-34% Amber, 35% and above Red"
    P(24.0, VACANCY, None, "green", id="vacancy-exactly-24-green"),
    P(24.5, VACANCY, None, "amber", id="vacancy-24.5-gap-green/amber-amber"),
    P(25.0, VACANCY, None, "amber", id="vacancy-exactly-25-amber"),
    P(34.0, VACANCY, None, "amber", id="vacancy-exactly-34-amber"),
    P(34.5, VACANCY, None, "red", id="vacancy-34.5-gap-amber/red-red"),
    P(35.0, VACANCY, None, "red", id="vacancy-exactly-35-red"),
    P(43.0, VACANCY, None, "red", id="vacancy-43-red"),
    # caseload: green 17 or below, amber 18.1-20, red 20.1 and above
    P(17.0, CASELOAD, None, "green", id="caseload-exactly-17-green"),
    P(17.5, CASELOAD, None, "amber", id="caseload-17.5-gap-amber"),
    P(18.09, CASELOAD, None, "amber", id="caseload-18.09-gap-amber"),
    P(18.1, CASELOAD, None, "amber", id="caseload-exactly-18.1-amber"),
    P(20.0, CASELOAD, None, "amber", id="caseload-exactly-20-amber"),
    P(20.05, CASELOAD, None, "red", id="caseload-20.05-gap-red"),
    P(20.1, CASELOAD, None, "red", id="caseload-exactly-20.1-red"),
    P(35.0, CASELOAD, None, "red", id="caseload-35-red"),
    # overlapping bands: the better band wins where both are stated
    P(21.5, OVERLAP, None, "green", id="overlap-21.5-in-green-and-amber-green"),
    P(22.5, OVERLAP, None, "amber", id="overlap-22.5-amber"),
    P(25.5, OVERLAP, None, "red", id="overlap-25.5-gap-amber/red-red"),
    # zero and negative values
    P(0.0, ZERO_BEST, None, "green", id="zero-best-zero-green"),
    P(-1.0, ZERO_BEST, None, "green", id="zero-best-negative-green"),
    P(0.5, ZERO_BEST, None, "amber", id="zero-best-0.5-gap-amber"),
    P(2.5, ZERO_BEST, None, "red", id="zero-best-2.5-gap-red"),
    P(-1.0, NEGATIVE, None, "green", id="negative-exactly-minus-1-green"),
    P(-3.0, NEGATIVE, None, "amber", id="negative-minus-3-amber"),
    P(-5.0, NEGATIVE, None, "amber", id="negative-exactly-minus-5-amber"),
    P(-5.1, NEGATIVE, None, "red", id="negative-below-minus-5-red"),
    # ---- closeness to a level: +/-5 of 346.4 green, +/-15 amber, more than 15 red ----------
    P(346.4, WITHIN_OF, None, "green", id="within-of-on-level-green"),
    P(341.4, WITHIN_OF, None, "green", id="within-of-exactly-minus-5-green"),
    P(351.4, WITHIN_OF, None, "green", id="within-of-exactly-plus-5-green"),
    P(351.5, WITHIN_OF, None, "amber", id="within-of-just-over-5-amber"),
    P(331.4, WITHIN_OF, None, "amber", id="within-of-exactly-minus-15-amber"),
    P(361.4, WITHIN_OF, None, "amber", id="within-of-exactly-plus-15-amber"),
    P(361.41, WITHIN_OF, None, "red", id="within-of-more-than-plus-15-red"),
    P(331.39, WITHIN_OF, None, "red", id="within-of-more-than-minus-15-red"),
    P(346.4, WITHIN_OF, 1000.0, "green", id="within-of-given-ignores-target"),
    P(341.4, WITHIN_TARGET, 346.4, "green", id="within-target-exactly-minus-5-green"),
    P(361.4, WITHIN_TARGET, 346.4, "amber", id="within-target-exactly-plus-15-amber"),
    P(300.0, WITHIN_TARGET, 346.4, "red", id="within-target-beyond-red"),
    P(346.4, WITHIN_TARGET, None, None, id="within-target-no-target-none"),
    P(99.0, MIXED_RELATIVE, None, None, id="amber-relative-no-target-none"),
    P(93.0, MIXED_RELATIVE, 95.0, "amber", id="amber-relative-with-target-amber"),
    P(91.0, MIXED_RELATIVE, 95.0, "red", id="amber-relative-with-target-red"),
    P(79.2, WITHIN_PCT_TARGET, 80.0, "green", id="within-pct-exactly-minus-1pct-green"),
    P(80.8, WITHIN_PCT_TARGET, 80.0, "green", id="within-pct-exactly-plus-1pct-green"),
    P(81.0, WITHIN_PCT_TARGET, 80.0, "amber", id="within-pct-1.25pct-amber"),
    P(76.0, WITHIN_PCT_TARGET, 80.0, "amber", id="within-pct-exactly-minus-5pct-amber"),
    P(84.0, WITHIN_PCT_TARGET, 80.0, "amber", id="within-pct-exactly-plus-5pct-amber"),
    P(84.01, WITHIN_PCT_TARGET, 80.0, "red", id="within-pct-beyond-5pct-red"),
    P(79.2, WITHIN_PCT_TARGET, None, None, id="within-pct-no-target-none"),
    P(-10.1, WITHIN_PCT_TARGET, -10.0, "green", id="within-pct-negative-target-uses-size"),
    P(0.0, WITHIN_PCT_TARGET, 0.0, "green", id="within-pct-target-zero-on-target-green"),
    P(0.1, WITHIN_PCT_TARGET, 0.0, "red", id="within-pct-target-zero-off-red"),
    P(180.0, WITHIN_PCT_OF, None, "green", id="within-pct-of-exactly-minus-10pct-green"),
    P(220.0, WITHIN_PCT_OF, None, "green", id="within-pct-of-exactly-plus-10pct-green"),
    P(221.0, WITHIN_PCT_OF, None, "red", id="within-pct-of-beyond-red"),
    # ---- green range 14-20, amber 1% outside the range (band as a list) -------------------
    P(17.0, RANGE, None, "green", id="range-middle-green"),
    P(14.0, RANGE, None, "green", id="range-exactly-14-green"),
    P(20.0, RANGE, None, "green", id="range-exactly-20-green"),
    P(13.9, RANGE, None, "amber", id="range-just-below-amber"),
    P(13.86, RANGE, None, "amber", id="range-exactly-1pct-below-amber"),
    P(20.1, RANGE, None, "amber", id="range-just-above-amber"),
    P(20.2, RANGE, None, "amber", id="range-exactly-1pct-above-amber"),
    P(20.21, RANGE, None, "red", id="range-beyond-above-red"),
    P(13.85, RANGE, None, "red", id="range-beyond-below-red"),
    P(20.21, RANGE_RED, None, "red", id="range-red-union-above-red"),
    P(13.85, RANGE_RED, None, "red", id="range-red-union-below-red"),
    P(20.2, RANGE_RED, None, "amber", id="range-red-union-edge-amber"),
    P(3.0, GREEN_UNION, None, "green", id="green-union-low-part-green"),
    P(97.0, GREEN_UNION, None, "green", id="green-union-high-part-green"),
    P(7.0, GREEN_UNION, None, "amber", id="green-union-amber"),
    P(50.0, GREEN_UNION, None, "amber", id="green-union-gap-amber/green-amber"),
    # ---- nothing to judge ------------------------------------------------------------------
    P(None, HIGHER_SPEC, None, None, id="no-value-none"),
    P(None, WITHIN_TARGET, 346.4, None, id="no-value-within-none"),
    P(50.0, RANGE_TO_BE_SET, None, None, id="range-to-be-set-none"),
    P(50.0, None, None, None, id="no-rag-spec-none"),
    P(96.0, YTD_BASIS, None, "green", id="ytd-basis-same-bands-green"),
    P(93.0, YTD_BASIS, None, "amber", id="ytd-basis-same-bands-amber"),
]


@pytest.mark.parametrize("value, spec, target, expected", CASES)
def test_rag(value, spec, target, expected):
    assert rag(value, spec, target) == expected


# Values exactly on a `within` edge: the edge is computed as level +/- by in floating point
# (86.4 - 0.1 = 86.30000000000001), and a value typed as 86.3 must still count as on the edge.
@pytest.mark.parametrize("value, spec, target, expected", [
    P(86.3, bands(green={"within": {"of": 86.4, "by": 0.1}}, amber={"within": {"of": 86.4, "by": 1}}),
      None, "green", id="within-by-0.1-of-86.4-lower-edge"),
    P(86.5, bands(green={"within": {"of": 86.4, "by": 0.1}}, amber={"within": {"of": 86.4, "by": 1}}),
      None, "green", id="within-by-0.1-of-86.4-upper-edge"),
    P(86.51, bands(green={"within": {"of": 86.4, "by": 0.1}}, amber={"within": {"of": 86.4, "by": 1}}),
      None, "amber", id="within-by-0.1-of-86.4-just-beyond-amber"),
    P(70.2, bands(green={"within": {"by": 0.1}}), 70.1, "green",
      id="within-target-by-0.1-of-70.1-upper-edge"),
    P(33.0, bands(green={"within": {"of": 33.3, "by": 0.3}}), None, "green",
      id="within-by-0.3-of-33.3-lower-edge"),
    P(19.095, bands(green={"within": {"by_pct": 5}}, amber={"within": {"by_pct": 10}}),
      20.1, "green", id="within-5pct-of-20.1-lower-edge"),
    P(12.177, bands(green={"within": {"by_pct": 1}}, amber={"within": {"by_pct": 2}}),
      12.3, "green", id="within-1pct-of-12.3-lower-edge"),
    P(36.63, bands(green={"within": {"by_pct": 10}}, amber={"within": {"by_pct": 20}}),
      33.3, "green", id="within-10pct-of-33.3-upper-edge"),
])
def test_rag_within_edge_in_floating_point(value, spec, target, expected):
    assert rag(value, spec, target) == expected


@pytest.mark.parametrize("given, computed, expected", [
    P("green", "green", False, id="same-no-conflict"),
    P("green", "amber", True, id="typed-green-bands-amber-conflict"),
    P("red", "green", True, id="typed-red-bands-green-conflict"),
    P("amber", "red", True, id="typed-amber-bands-red-conflict"),
    P(None, "red", False, id="nothing-typed-no-conflict"),
    P("green", None, False, id="no-computed-rag-no-conflict"),
    P(None, None, False, id="neither-no-conflict"),
])
def test_rag_conflict(given, computed, expected):
    assert rag_conflict(given, computed) is expected


@pytest.mark.parametrize("kw", [
    P({}, id="nothing"),
    P({"amber": {"at_least": 92}}, id="amber-without-green"),
    P({"green": {"at_least": 95, "at_most": 99}}, id="two-keys-in-one-condition"),
    P({"green": {"between": [20, 14]}}, id="between-reversed"),
    P({"green": {"within": {"of": 10}}}, id="within-without-distance"),
    P({"green": {"within": {"by": 1, "by_pct": 1}}}, id="within-both-distances"),
    P({"green": {"at_leest": 95}}, id="misspelt-key"),
])
def test_unusable_bands_are_rejected(kw):
    with pytest.raises(ValueError):
        Rag.model_validate(kw)
