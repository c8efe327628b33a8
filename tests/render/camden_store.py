"""Camden (202) with DfE's published tables, for the benchmarking tests of the monthly report's
contents and workbook: a store loaded with three months of figures and `kpiboard load --dfe`.
The middle section ("Other") has no published neighbours."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kpiboard.cli import app
from kpiboard.periods import Month

DFE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dfe"
PERIOD = Month.parse("2024-03")

CATALOGUE = """\
la: {code: "202", name: London Borough of Camden}
sections: [Front door, Other, Child protection]
indicators:
  - ref: CR3
    title: Referrals to children's social care
    section: Front door
    polarity: neutral
    unit: count
    aggregation: sum
    source: {measure: referrals}
  - ref: CR5
    title: Re-referrals within 12 months
    section: Front door
    polarity: lower
    unit: percent
    aggregation: ratio
    source: {measure: rereferrals_12m_pct}
  - ref: X1
    title: Typed in by hand
    section: Other
    polarity: higher
    unit: percent
    aggregation: ratio
  - ref: CP5
    title: Open plans lasting 2 years or more
    section: Child protection
    polarity: lower
    unit: percent
    aggregation: ratio
    source: {measure: cpp_open_2y_plus_pct}
"""


def load_camden(folder: Path) -> str:
    """The store, in ``folder``."""
    (folder / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    rows = ["ref,period,value,numerator,denominator"]
    for m in PERIOD.months_back(3):
        rows += [f"CR3,{m},190,,", f"CR5,{m},18.0,36,200", f"X1,{m},80.0,40,50",
                 f"CP5,{m},5.0,2,40"]
    (folder / "values.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = str(folder / "store.db")
    done = CliRunner().invoke(app, ["load", "--catalogue", str(folder / "catalogue.yaml"), "--values",
                                    str(folder / "values.csv"), "--dfe", str(DFE), "--db", db])
    assert done.exit_code == 0, done.output
    return db
