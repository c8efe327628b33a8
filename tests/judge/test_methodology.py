"""RAG methodology in words, generated from the bands (improvement KPI appendix column)."""

import pytest

from kpiboard.catalogue.model import Condition, Rag
from kpiboard.judge.methodology import (describe_band, describe_condition, describe_rag,
                                        rag_methodology)

P = pytest.param


def bands(**kw) -> Rag:
    return Rag.model_validate(kw)


CASES = [
    # bands, unit, target -> sentence
    P(bands(green={"at_least": 95}, amber={"at_least": 92}, red={"below": 92}), "percent", None,
      "95% or above Green, 92% to under 95% Amber, below 92% Red",
      id="higher-95+-green-92>-amber-<92-red"),
    P(bands(green={"at_least": 95}, amber={"at_least": 92}), "percent", None,
      "95% or above Green, 92% to under 95% Amber, below 92% Red", id="higher-implicit-red"),
    P(bands(green={"above": 95}, amber={"above": 92}), "percent", None,
      "above 95% Green, over 92% to 95% Amber, 92% or below Red", id="higher-open-bounds"),
    P(bands(green={"at_most": 23}, amber={"below": 26}, red={"at_least": 26}), "percent", None,
      "23% or below Green, over 23% to under 26% Amber, 26% or above Red",
      id="lower-23<-green-26>-amber-26+-red"),
    P(bands(green={"below": 23}, amber={"below": 26}), "percent", None,
      "below 23% Green, 23% to under 26% Amber, 26% or above Red", id="lower-open-implicit-red"),
    P(bands(green={"at_most": 23}, amber={"at_most": 25.9}), "percent", None,
      "23% or below Green, over 23% to 25.9% Amber, above 25.9% Red", id="lower-at-most-nested"),
    P(bands(green={"at_most": 24}, amber={"between": [25, 34]}, red={"at_least": 35}), "percent", None,
      "24% or below Green, 25%-34% Amber, 35% or above Red", id="vacancy-24-or-below"),
    P(bands(green={"at_most": 17}, amber={"between": [18.1, 20]}, red={"at_least": 20.1}), "number",
      None, "17 or below Green, 18.1-20 Amber, 20.1 or above Red", id="caseload-gaps"),
    P(bands(green={"at_least": 80}, amber={"between": [70, 79]}, red={"at_most": 69}), "percent", None,
      "80% or above Green, 70%-79% Amber, 69% or below Red", id="higher-gaps-stated-red"),
    P(bands(green={"at_least": 95}, amber={"between": [90, 92]}), "percent", None,
      "95% or above Green, 90%-92% Amber, below 90% Red", id="gap-implicit-red"),
    P(bands(green={"at_least": 95}), "percent", None, "95% or above Green, below 95% Red",
      id="green-only"),
    P(bands(green={"within": {"of": 346.4, "by": 5}}, amber={"within": {"of": 346.4, "by": 15}}),
      "number", None, "±5 of 346.4 Green, ±15 of 346.4 Amber, below 331.4 or above 361.4 Red",
      id="within-+/-5-of-346.4"),
    P(bands(green={"within": {"by": 5}}, amber={"within": {"by": 15}}), "number", 346.4,
      "±5 of target Green, ±15 of target Amber, below 331.4 or above 361.4 Red",
      id="within-of-target-known"),
    P(bands(green={"within": {"by": 5}}, amber={"within": {"by": 15}}), "number", None,
      "±5 of target Green, ±15 of target Amber, otherwise Red", id="within-of-target-unknown"),
    P(bands(green={"within": {"by_pct": 1}}, amber={"within": {"by_pct": 5}}), "percent", 80,
      "within 1% of target Green, within 5% of target Amber, below 76% or above 84% Red",
      id="within-pct-of-target"),
    P(bands(green={"within": {"of": 200, "by_pct": 10}}), "count", None,
      "within 10% of 200 Green, below 180 or above 220 Red", id="within-pct-of-level"),
    P(bands(green={"between": [14, 20]}, amber=[{"between": [13.86, 14]}, {"between": [20, 20.2]}]),
      "number", None, "14-20 Green, 13.86-14, or 20-20.2 Amber, below 13.86 or above 20.2 Red",
      id="range-14-20-amber-1pct-outside"),
    P(bands(green={"between": [14, 20]}, amber=[{"between": [13.86, 14]}, {"between": [20, 20.2]}],
            red=[{"below": 13.86}, {"above": 20.2}]),
      "number", None, "14-20 Green, 13.86-14, or 20-20.2 Amber, below 13.86, or above 20.2 Red",
      id="range-red-stated-as-union"),
    P(bands(basis="ytd", green={"at_least": 95}, amber={"at_least": 92}), "percent", None,
      "95% or above Green, 92% to under 95% Amber, below 92% Red (judged on the year to date)",
      id="ytd-basis"),
    P(bands(green={"at_least": 1500}, amber={"at_least": 1200}), "count", None,
      "1,500 or above Green, 1,200 to under 1,500 Amber, below 1,200 Red", id="thousands-separator"),
    P(bands(note="Range to be set"), "percent", None, "Range to be set", id="range-to-be-set"),
    P(None, "percent", None, "", id="no-rag"),
]


@pytest.mark.parametrize("spec, unit, target, expected", CASES)
def test_rag_methodology(spec, unit, target, expected):
    assert rag_methodology(spec, unit, target) == expected


@pytest.mark.parametrize("spec, unit, expected", [
    P(bands(green={"at_least": 95}, amber={"at_least": 92}, red={"below": 92}), "percent",
      {"green": "95% or above", "amber": "92% to under 95%", "red": "below 92%"}, id="higher"),
    P(bands(green={"at_most": 24}, amber={"between": [25, 34]}, red={"at_least": 35}), "percent",
      {"green": "24% or below", "amber": "25%-34%", "red": "35% or above"}, id="vacancy"),
    P(bands(note="Range to be set"), "percent", {}, id="range-to-be-set-empty"),
    P(None, "percent", {}, id="none-empty"),
])
def test_describe_rag(spec, unit, expected):
    assert describe_rag(spec, unit) == expected


@pytest.mark.parametrize("cond, unit, expected", [
    P({"at_least": 95}, "percent", "95% or above", id="at-least"),
    P({"at_most": 17}, "number", "17 or below", id="at-most"),
    P({"above": 92.5}, "percent", "above 92.5%", id="above"),
    P({"below": 0.25}, "rate_per_10k", "below 0.25", id="below"),
    P({"between": [18.1, 20]}, "days", "18.1-20", id="between"),
    P({"within": {"of": 346.4, "by": 5}}, "number", "±5 of 346.4", id="within-by-of"),
    P({"within": {"by": 5}}, "number", "±5 of target", id="within-by-target"),
    P({"within": {"by_pct": 2.5}}, "count", "within 2.5% of target", id="within-pct-target"),
    P({"within": {"of": 90, "by": 5}}, "percent", "±5pp of 90%", id="within-percent-points"),
])
def test_describe_condition(cond, unit, expected):
    assert describe_condition(Condition.model_validate(cond), unit) == expected


def test_describe_band_union():
    band = [Condition(at_most=5), Condition(at_least=95)]
    assert describe_band(band, "percent") == "5% or below, or 95% or above"
