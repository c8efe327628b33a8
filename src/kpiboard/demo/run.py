"""``kpiboard demo``: load the fictional LA month by month, as a performance team would, and
render the reports. Two loads show revisions: September's report is built first, then October's
load revises August and September figures, which October's report marks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kpiboard.demo.synthetic import write_demo_inputs
from kpiboard.loading import prepare_load
from kpiboard.periods import Month
from kpiboard.reporting import build_monthly_report
from kpiboard.store import Store


def run_demo(out_dir: Path, seed: int = 2026) -> Iterator[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = write_demo_inputs(out_dir / "inputs", seed)
    db_path = out_dir / "kpiboard-demo.db"
    db_path.unlink(missing_ok=True)  # the demo always starts from an empty store
    store = Store(str(db_path))
    period = Month.parse(inputs.period)
    first = prepare_load(store, catalogue=inputs.catalogue, values=[inputs.values_first],
                         commentary=[inputs.commentary], benchmarks=[inputs.benchmarks],
                         as_at=(period - 1).last_day)
    store.load(first)
    yield f"loaded the fictional catalogue and figures to {(period - 1).long_label} into {db_path}"
    earlier = build_monthly_report(str(db_path), period - 1, out_dir, progress=True)
    yield f"wrote {earlier}"
    store.load(prepare_load(store, values=[inputs.values_revised], as_at=period.last_day))
    yield f"loaded {period.long_label} figures, with revisions to earlier months"
    latest = build_monthly_report(str(db_path), period, out_dir, progress=True)
    yield f"wrote {latest}"
    yield f"open {latest.resolve()} in a browser (it works offline)"
