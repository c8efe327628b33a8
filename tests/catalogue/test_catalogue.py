"""Reading and validating the indicator catalogue (kpiboard.catalogue)."""

from __future__ import annotations

import pytest

from kpiboard.catalogue import Catalogue, Condition, load_catalogue, parse_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.periods import Month

MINIMAL = """\
indicators:
  - ref: "CR1"
    title: Contacts received
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
"""

# A second indicator, appended to MINIMAL; tests add keys to it (indented four spaces).
PERCENT = """\
  - ref: "CR2"
    title: Contacts with a decision within 1 working day
    section: Contact and referral
    polarity: higher
    unit: percent
    aggregation: ratio
"""


def write(tmp_path, text, name="catalogue.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error(tmp_path, text) -> tuple[str, str]:
    """(message, path) for a catalogue that must not load."""
    path = write(tmp_path, text)
    with pytest.raises(KpiboardError) as excinfo:
        load_catalogue(path)
    message = str(excinfo.value)
    assert "\n" not in message, message
    return message, str(path)


def with_cr2(*lines: str) -> str:
    return MINIMAL + PERCENT + "".join(f"    {line}\n" for line in lines)


# ---- valid catalogues ---------------------------------------------------------------------------

def test_minimal_catalogue(tmp_path):
    cat = load_catalogue(write(tmp_path, MINIMAL))
    assert isinstance(cat, Catalogue)
    assert cat.refs == ["CR1"]
    ind = cat.indicator("CR1")
    assert (ind.title, ind.section, ind.polarity, ind.unit, ind.aggregation) == (
        "Contacts received", "Contact and referral", "neutral", "count", "sum")
    assert ind.target is None and ind.rag is None and ind.tolerance is None
    assert ind.decimal_places == 0 and ind.scale == 1.0
    assert cat.section_order == ["Contact and referral"]
    with pytest.raises(KeyError):
        cat.indicator("CR2")


def test_full_catalogue(tmp_path):
    text = """\
title: Exampleshire indicators
la: {code: "999", name: Exampleshire}
report: {title: Monthly report, status: Issue 1}
sections: [Looked-after children, Contact and referral]
indicators:
  - ref: "CR2"
    title: Decisions within 1 working day
    section: Contact and referral
    polarity: higher
    unit: percent
    aggregation: ratio
    target: {"2017-18": {Q1: 85, Q2: 88, "2017-12": 90, Mar-18: 92}, "2018/19": 95}
    tolerance: 5
    rag: {green: {at_least: 90}, amber: {at_least: 85}, red: {below: 85}}
    baseline: "2017-3"
    decimals: 2
  - ref: 12
    title: Caseload
    section: Looked-after children
    polarity: neutral
    unit: rate_per_10k
    aggregation: latest
    rag:
      green: {within: {of: 346.4, by: 5}}
      amber: {within: {by_pct: 10}}
  - ref: "5.10"
    title: Placement range
    section: Looked-after children
    polarity: neutral
    unit: number
    aggregation: mean
    rag: {green: {between: [14, 20]}, amber: [{below: 14}, {above: 20}]}
  - ref: "5.11"
    title: New measure
    section: Looked-after children
    polarity: lower
    unit: days
    aggregation: mean
    target_basis: ytd
    target: 182
    rag: {note: range to be set}
"""
    cat = load_catalogue(write(tmp_path, text))
    assert cat.refs == ["CR2", "12", "5.10", "5.11"]
    assert cat.section_order == ["Looked-after children", "Contact and referral"]
    cr2 = cat.indicator("CR2")
    assert cr2.target == {"2017-18": {"Q1": 85, "Q2": 88, "2017-12": 90, "2018-03": 92}, "2018-19": 95}
    assert cr2.baseline == "2017-03"
    assert cr2.decimal_places == 2 and cr2.scale == 100.0
    assert cr2.rag.green == Condition(at_least=90)
    assert cr2.rag.has_bands
    assert cat.indicator("12").scale == 10_000.0
    assert cat.indicator("5.10").rag.amber == [Condition(below=14), Condition(above=20)]
    new = cat.indicator("5.11")
    assert new.rag.note == "range to be set" and not new.rag.has_bands
    assert new.target == 182 and new.target_basis == "ytd"
    assert cat.la.code == "999" and cat.report.status == "Issue 1"


def test_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_bytes("\ufeff".encode() + MINIMAL.encode())
    assert load_catalogue(path).refs == ["CR1"]


def test_integer_ref_becomes_text(tmp_path):
    cat = load_catalogue(write(tmp_path, MINIMAL.replace('"CR1"', "12")))
    assert cat.refs == ["12"]


# ---- errors: file, indicator ref and field in one line --------------------------------------------

def test_unknown_key(tmp_path):
    message, path = error(tmp_path, with_cr2("tolerence: 5"))
    assert message == (f"{path}, indicator 'CR2', field 'tolerence': unknown key "
                       "(see docs/catalogue.md for the keys a catalogue takes)")


def test_unknown_key_inside_rag(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {green: {at_least: 90}, amber: [{below: 14}, {abov: 20}]}"))
    assert message.startswith(f"{path}, indicator 'CR2', field 'rag.amber.1.abov': unknown key")


def test_unknown_top_level_key(tmp_path):
    message, path = error(tmp_path, "titel: x\n" + MINIMAL)
    assert message.startswith(f"{path}, field 'titel': unknown key")


def test_bad_polarity(tmp_path):
    message, path = error(tmp_path, MINIMAL + PERCENT.replace("higher", "up"))
    assert message == (f"{path}, indicator 'CR2', field 'polarity': "
                       "Input should be 'higher', 'lower' or 'neutral', got 'up'")


def test_bad_unit(tmp_path):
    message, path = error(tmp_path, MINIMAL + PERCENT.replace("unit: percent", "unit: pct"))
    assert message.startswith(f"{path}, indicator 'CR2', field 'unit': Input should be ")
    assert message.endswith("got 'pct'")


def test_ref_written_as_a_yaml_float_is_kept_as_written(tmp_path):
    """Unquoted 5.10 would be the number 5.1 in YAML; the loader keeps the text."""
    cat = load_catalogue(write(tmp_path, MINIMAL + PERCENT.replace('"CR2"', "5.10")))
    assert cat.refs == ["CR1", "5.10"]


def test_ref_given_as_a_float_in_python_is_rejected():
    from pydantic import ValidationError

    from kpiboard.catalogue.model import Indicator

    with pytest.raises(ValidationError, match="write the ref in quotes"):
        Indicator(ref=5.1, title="t", section="s", polarity="higher", unit="count", aggregation="sum")


def test_missing_required_field_names_the_indicator_by_ref(tmp_path):
    message, path = error(tmp_path, MINIMAL + PERCENT.replace("    aggregation: ratio\n", ""))
    assert message == f"{path}, indicator 'CR2', field 'aggregation': Field required"


def test_missing_ref_names_the_indicator_by_position(tmp_path):
    message, path = error(tmp_path, MINIMAL + PERCENT.replace('  - ref: "CR2"\n    title', "  - title"))
    assert message == f"{path}, indicator #2, field 'ref': Field required"


def test_blank_title(tmp_path):
    message, path = error(tmp_path, MINIMAL.replace("Contacts received", '"  "'))
    assert message == f"{path}, indicator 'CR1', field 'title': must not be blank"


def test_duplicate_refs(tmp_path):
    message, path = error(tmp_path, MINIMAL + PERCENT.replace("CR2", "CR1"))
    assert message == (f"{path}, indicator 'CR1', field 'ref': appears twice (indicators #1 and #2); "
                       "refs must be unique")


def test_band_with_two_keys(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {green: {at_least: 90, at_most: 95}}"))
    assert message == (f"{path}, indicator 'CR2', field 'rag.green': a band needs exactly one of "
                       "at_least, at_most, above, below, between, within (got at_least, at_most)")


def test_band_with_no_keys(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {green: {}}"))
    assert message.startswith(f"{path}, indicator 'CR2', field 'rag.green': a band needs exactly one")
    assert "(got none)" in message


def test_between_low_above_high(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {green: {between: [20, 14]}}"))
    assert message == (f"{path}, indicator 'CR2', field 'rag.green': "
                       "between [20.0, 14.0]: low end above high end")


def test_within_with_by_and_by_pct(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {green: {within: {by: 5, by_pct: 2}}}"))
    assert message == (f"{path}, indicator 'CR2', field 'rag.green.within': "
                       "give exactly one of 'by' (units) or 'by_pct' (% of the level)")


def test_within_with_neither(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {green: {within: {of: 5}}}"))
    assert message.startswith(f"{path}, indicator 'CR2', field 'rag.green.within': give exactly one")


@pytest.mark.parametrize("target, month", [
    ('{"2017-18": {Q1: 85, "2018-04": 90}}', "2018-04"),
    ('{"2017-18": {Mar-17: 90}}', "2017-03"),
])
def test_target_profile_month_outside_its_year(tmp_path, target, month):
    message, path = error(tmp_path, with_cr2(f"target: {target}"))
    assert message == (f"{path}, indicator 'CR2', field 'target': "
                       f"profile month {month} is not in financial year 2017-18")


def test_target_profile_bad_key(tmp_path):
    message, path = error(tmp_path, with_cr2('target: {"2017-18": {Q5: 85}}'))
    assert message.startswith(f"{path}, indicator 'CR2', field 'target': target profile key 'Q5'")


def test_target_bad_year(tmp_path):
    message, path = error(tmp_path, with_cr2("target: {2017: 85}"))
    assert message == (f"{path}, indicator 'CR2', field 'target': "
                       "'2017' is not a financial year in the form YYYY-YY")


def test_rag_without_green_or_note(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {amber: {at_least: 85}}"))
    assert message == (f"{path}, indicator 'CR2', field 'rag': "
                       "a green band is needed to judge RAG (or give only a note)")


def test_rag_empty(tmp_path):
    message, path = error(tmp_path, with_cr2("rag: {basis: ytd}"))
    assert message.startswith(f"{path}, indicator 'CR2', field 'rag': give green (and amber) bands")


def test_negative_tolerance(tmp_path):
    message, path = error(tmp_path, with_cr2("tolerance: -1"))
    assert message.startswith(f"{path}, indicator 'CR2', field 'tolerance': ")
    assert "greater than or equal to 0" in message


def test_bad_baseline(tmp_path):
    message, path = error(tmp_path, with_cr2("baseline: 2017-13"))
    assert message == f"{path}, indicator 'CR2', field 'baseline': '2017-13' is not a month in the form YYYY-MM"


def test_invalid_yaml_syntax_gives_the_line(tmp_path):
    text = MINIMAL + '  - ref: "CR2"\n    title: "unclosed\n    section: x\n'
    message, path = error(tmp_path, text)
    assert message.startswith(f"{path}: line ")
    assert "not valid YAML" in message
    text = MINIMAL + "  - ref: CR2\n   title: x\n"  # bad indentation on line 9
    message, path = error(tmp_path, text)
    assert message.startswith(f"{path}: line 9: not valid YAML (")


def test_file_not_found(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(KpiboardError) as excinfo:
        load_catalogue(path)
    assert str(excinfo.value) == f"{path}: catalogue file not found"


def test_sections_list_missing_a_section(tmp_path):
    message, path = error(tmp_path, "sections: [Assessments]\n" + MINIMAL)
    assert message == (f"{path}, field 'sections': does not list Contact and referral "
                       "(every section used by an indicator must be listed)")


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "title: x\n", "just text\n"])
def test_not_a_catalogue(tmp_path, text):
    message, path = error(tmp_path, text)
    assert message == f"{path}: a catalogue is a mapping with an 'indicators' list"


def test_no_indicators(tmp_path):
    message, path = error(tmp_path, "indicators: []\n")
    assert message.startswith(f"{path}, field 'indicators': ")


def test_parse_catalogue_uses_the_source_name():
    with pytest.raises(KpiboardError, match=r"^stored\.yaml, indicator 'CR1', field 'polarity'"):
        parse_catalogue(MINIMAL.replace("neutral", "sideways"), source="stored.yaml")


def test_error_in_second_indicator_names_that_indicator(tmp_path):
    text = MINIMAL + PERCENT + PERCENT.replace("CR2", "CR3").replace("ratio", "total")
    message, path = error(tmp_path, text)
    assert message.startswith(f"{path}, indicator 'CR3', field 'aggregation': ")


def test_ref_with_leading_zero_not_silently_changed(tmp_path):
    """010 is octal 8 in YAML 1.1; the loader keeps the ref as written."""
    cat = load_catalogue(write(tmp_path, MINIMAL.replace('"CR1"', "010")))
    assert cat.refs == ["010"]


def test_month_profile_helpers():
    # a profile written with month labels normalises to YYYY-MM keys
    cat = parse_catalogue(with_cr2('target: {"2017-18": {Apr-17: 80, "2018-03": 90}}'))
    assert cat.indicator("CR2").target == {"2017-18": {"2017-04": 80, "2018-03": 90}}
    assert Month.parse("2018-03").financial_year == Month(2017, 4).financial_year
