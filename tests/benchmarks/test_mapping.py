"""mapping.yaml is validated: unknown keys, unknown measures and polarity clashes are errors,
and every mapped measure is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kpiboard.benchmarks.mapping import mapping, parse_mapping
from kpiboard.measures.spec import library

ROOT = Path(__file__).resolve().parents[2]

TABLES = "tables:\n  t: {path: t.csv, publication: Test, as_at: march}\nmeasures:\n"


def measure(**fields) -> str:
    base = {"id": "rereferrals_12m_pct", "table": "t", "unit": "percent", "polarity": "lower",
            "method": "derived", "numerator": "n", "denominator": "d", "differs": "annual"}
    base.update(fields)
    return TABLES + "  - " + "\n    ".join(f"{k}: {v}" for k, v in base.items() if v is not None) + "\n"


def test_the_shipped_mapping_is_valid_and_names_library_measures():
    spec = mapping()
    assert len(spec.measures) >= 30
    lib = library()
    for m in spec.measures:
        if m.library:
            assert lib.get(m.id).polarity == m.polarity


def test_a_valid_small_mapping():
    spec = parse_mapping(measure())
    assert spec.get("rereferrals_12m_pct").numerator.sum == ["n"]


@pytest.mark.parametrize("fields, message", [
    ({"colour": "red"}, "Extra inputs are not permitted"),              # unknown key
    ({"polarity": "higher"}, "differ from the library"),
    ({"id": "no_such_measure"}, "not in the measure library"),
    ({"id": "sw_new_pct", "library": "false", "polarity": "lower"}, None),  # published only: fine
    ({"id": "referrals", "library": "false"}, "is in the library"),
    ({"table": "nope"}, "unknown table"),
    ({"method": "read", "numerator": None, "denominator": None}, "needs 'published'"),
    ({"denominator": None}, "needs a numerator"),
    ({"differs": "' '"}, "say how the published definition differs"),
    ({"totals": "sometimes"}, "totals"),
])
def test_mapping_errors(fields, message):
    if message is None:
        parse_mapping(measure(**fields))
        return
    with pytest.raises(ValidationError, match=message):
        parse_mapping(measure(**fields))


def test_every_mapped_measure_is_in_the_docs_table():
    doc = (ROOT / "docs" / "benchmarks.md").read_text()
    for m in mapping().measures:
        assert f"| `{m.id}`" in doc, f"{m.id} is not in docs/benchmarks.md"
        assert m.differs in doc, f"docs/benchmarks.md does not say how {m.id} differs"
