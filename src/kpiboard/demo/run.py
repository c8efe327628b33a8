"""``kpiboard demo``: a fictional LA run month by month, as a performance team would.

The child-level indicators come from a synthetic LA's monthly Annex A extracts (``kpiboard
synth``), computed by the measure library; workforce, quality and a few other indicators are
hand-entered figures, as they are in real LAs. September's report is built from the extracts
and figures known at the end of September; October's load brings the October extract (whose
late recording revises earlier months) and revised hand-entered figures, and October's report
marks what changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from kpiboard.catalogue import load_catalogue
from kpiboard.demo.synthetic import Row, write_demo_inputs
from kpiboard.ingest.annex_a import read_annex_a
from kpiboard.ingest.population import read_population
from kpiboard.loading import commit_load, prepare_load
from kpiboard.measures.engine import Engine
from kpiboard.measures.figures import figures_from_records, months_covered
from kpiboard.measures.windows import add_months
from kpiboard.periods import Month
from kpiboard.records.schema import Dataset
from kpiboard.errors import KpiboardError
from kpiboard.publish.check import check_published
from kpiboard.reporting import build_all, build_monthly_report
from kpiboard.store import Store

LA = "999"
PERIOD = Month(2026, 10)
CHILDREN = 6000


def _extract_date(path: Path) -> dt.date:
    return dt.date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", path.name).group(0))


def _records(workbooks: list[Path], population: pa.Table) -> Dataset:
    dataset = read_annex_a(workbooks, la=LA)
    dataset.population = population
    return dataset


def _computed(catalogue, records: Dataset) -> dict[str, dict[str, Row]]:
    """Figures of the sourced indicators, to let the demo's commentary quote them."""
    engine = Engine("duckdb")
    try:
        engine.load(records)
        first = min(_dates(records))
        figures = figures_from_records(catalogue, engine, months_covered(add_months(first, -11),
                                                                          PERIOD.last_day))
    finally:
        engine.close()
    out: dict[str, dict[str, Row]] = {}
    whole = lambda x: int(x) if x is not None and float(x).is_integer() else x  # noqa: E731
    for f in figures:
        out.setdefault(f.ref, {})[str(f.period)] = Row(f.value, whole(f.numerator), whole(f.denominator))
    return out


def _dates(records: Dataset) -> list[dt.date]:
    return [d for t in records.tables.values() for d in set(t.column("extract_date").to_pylist()) if d]


def run_demo(out_dir: Path, seed: int = 2026, reports: bool = True) -> Iterator[str]:
    """Build the demo LA's store in ``out_dir`` (and, with ``reports``, every report from it),
    saying what each step did."""
    from kpiboard.synth import write_synthetic

    out_dir.mkdir(parents=True, exist_ok=True)
    records_dir = out_dir / "records"
    write_synthetic(records_dir, children=CHILDREN, months=24, seed=seed, end=PERIOD.last_day)
    workbooks = sorted((records_dir / "annex_a").glob("*.xlsx"))
    population = read_population(records_dir / "population.csv")
    population = population.set_column(0, "la", pa.array([LA] * population.num_rows))
    yield f"wrote a synthetic LA of about {CHILDREN:,} children: {len(workbooks)} monthly Annex A extracts in {records_dir}"

    catalogue = load_catalogue(Path(__file__).with_name("catalogue.yaml"))
    everything = _records(workbooks, population)
    inputs = write_demo_inputs(out_dir / "inputs", seed, computed=_computed(catalogue, everything))

    db_path = out_dir / "kpiboard-demo.db"
    db_path.unlink(missing_ok=True)  # the demo always starts from an empty store
    store = Store(str(db_path))
    september = everything.until((PERIOD - 1).last_day)
    september.sources = [s for s in everything.sources if _extract_date(Path(s)) <= (PERIOD - 1).last_day]
    first = prepare_load(store, catalogue=inputs.catalogue, values=[inputs.values_first],
                         commentary=[inputs.commentary], benchmarks=[inputs.benchmarks],
                         records=september, as_at=(PERIOD - 1).last_day)
    commit_load(store, first, None, "demo")  # the app's lists come from the latest records, below
    yield (f"loaded the catalogue, hand-entered figures and {len(september.sources)} extracts "
           f"to {(PERIOD - 1).long_label}")
    if reports:
        earlier = build_monthly_report(str(db_path), PERIOD - 1, out_dir, progress=True)[0]
        yield f"wrote {earlier}"
    # Recorded as `kpiboard load` records a load, the web app's exception lists included.
    lines = commit_load(store, prepare_load(store, values=[inputs.values_revised], records=everything,
                                            as_at=PERIOD.last_day), everything, "demo")
    yield f"loaded the {PERIOD.long_label} extract and figures, with revisions to earlier months"
    yield lines[-1]
    if not reports:
        return
    every = ("html", "pdf", "xlsx")
    written, _ = build_all(str(db_path), PERIOD, out_dir, formats=every)
    yield f"wrote {len(written)} reports: {', '.join(p.name for p in written)}"
    published, _ = build_all(str(db_path), PERIOD, out_dir / "published", formats=("html", "xlsx"),
                             publish=True)
    problems = [p for path in published for p in check_published(path)]
    if problems:
        raise KpiboardError("a published demo report failed its check: " + problems[0])
    yield (f"wrote {len(published)} versions for publication (small counts withheld) "
           f"in {out_dir / 'published'}")
    latest = written[0]
    yield f"open {latest.resolve()} in a browser (it works offline)"
