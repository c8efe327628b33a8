"""Read and validate user files into a store load batch: everything is checked before anything
is written, so a bad file leaves the store as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kpiboard.catalogue import Catalogue, load_catalogue
from kpiboard.ingest.benchmarks import read_benchmarks
from kpiboard.ingest.commentary import read_commentary
from kpiboard.ingest.values import read_values
from kpiboard.store import LoadBatch, Store
from kpiboard.store.db import LoadItem, file_hash


def prepare_load(store: Store, *, catalogue: Path | None = None, values: list[Path] = (),
                 commentary: list[Path] = (), benchmarks: list[Path] = (),
                 sheet: str | None = None, as_at: dt.date | None = None) -> LoadBatch:
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
    for path in commentary:
        batch.items.append(LoadItem("commentary", str(path), file_hash(path), read_commentary(path, cat)))
    for path in benchmarks:
        batch.items.append(LoadItem("benchmarks", str(path), file_hash(path), read_benchmarks(path, cat)))
    return batch
