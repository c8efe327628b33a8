"""Read and validate user files into a store load batch: everything is checked before anything
is written, so a bad file leaves the store as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from kpiboard.catalogue import Catalogue, load_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.records.schema import Dataset
from kpiboard.ingest.benchmarks import read_benchmarks
from kpiboard.ingest.commentary import read_commentary
from kpiboard.ingest.values import read_values
from kpiboard.store import LoadBatch, Store
from kpiboard.store.db import LoadItem, file_hash


def prepare_load(store: Store, *, catalogue: Path | None = None, values: list[Path] = (),
                 commentary: list[Path] = (), benchmarks: list[Path] = (),
                 sheet: str | None = None, as_at: dt.date | None = None,
                 records: Dataset | None = None) -> LoadBatch:
    batch = LoadBatch(as_at=as_at)
    cat: Catalogue
    if catalogue is not None:
        cat = load_catalogue(catalogue)
        batch.items.append(LoadItem("catalogue", str(catalogue), file_hash(catalogue), cat.indicators,
                                    catalogue_yaml=Path(catalogue).read_text(encoding="utf-8-sig")))
    else:
        cat = store.catalogue()
    for path in values:
        read = read_values(path, cat, sheet)
        batch.items.append(LoadItem("values", str(path), file_hash(path), read.figures, read.warnings))
    if records is not None:
        batch.items.extend(records_items(cat, records))
    for path in commentary:
        batch.items.append(LoadItem("commentary", str(path), file_hash(path), read_commentary(path, cat)))
    for path in benchmarks:
        batch.items.append(LoadItem("benchmarks", str(path), file_hash(path), read_benchmarks(path, cat)))
    return batch


def records_items(catalogue: Catalogue, records: Dataset) -> list[LoadItem]:
    """Figures for the catalogue's sourced indicators, computed from child-level records for
    every month the records cover (the 11 months before the first extract are covered by the
    lists' 12-month histories), and the "performance on a page" aggregates for the latest month."""
    from kpiboard.measures.engine import Engine
    from kpiboard.measures.figures import figures_from_records, months_covered, sourced
    from kpiboard.measures.pages import page_figures
    from kpiboard.records.read import extract_span
    from kpiboard.measures.windows import add_months

    if not sourced(catalogue):
        raise KpiboardError("the catalogue has no indicator with a 'source' measure, so child-level "
                            "records give it no figures (see docs/measures.md)")
    span = extract_span(records)
    if span is None:
        raise KpiboardError("the child-level files hold no records")
    if len(records.las) > 1:
        raise KpiboardError("load child-level records for one LA at a time")
    engine = Engine("duckdb")
    try:
        engine.load(records)
        months = months_covered(add_months(span[0], -11), span[1])
        figures = figures_from_records(catalogue, engine, months)
        pages = page_figures(engine, months[-1])
    finally:
        engine.close()
    digest = hashlib.sha256()
    for source in sorted(records.sources):
        path = Path(source)
        digest.update(file_hash(path).encode() if path.is_file() else source.encode())
    digest.update(json.dumps([i.source.model_dump() for i in sourced(catalogue)], sort_keys=True).encode())
    name = "child-level records: " + ", ".join(sorted({Path(s).name for s in records.sources}))
    return [LoadItem("values", name[:500], digest.hexdigest(), figures, list(records.warnings)),
            LoadItem("breakdowns", name[:500], digest.hexdigest(), pages)]
