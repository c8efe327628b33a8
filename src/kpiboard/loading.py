"""Read and validate user files into a store load batch: everything is checked before anything
is written, so a bad file leaves the store as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, replace
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
                 records: Dataset | None = None, dfe: Path | None = None,
                 sn_vintage: int = 2021) -> LoadBatch:
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
    if dfe is not None:  # after any benchmark files, so for the same indicator and year it wins
        batch.items.extend(dfe_items(cat, dfe, sn_vintage))
    return batch


def dfe_items(catalogue: Catalogue, data_dir: Path, sn_vintage: int = 2021) -> list[LoadItem]:
    """Benchmarks for the catalogue's LA from DfE's published tables (docs/benchmarks.md), for
    every indicator whose ``source.measure`` has a published table, in its latest published
    year; and the LA's and its neighbours' values behind each, for the benchmarking pages.

    Two items in the same batch, as records give "values" and "breakdowns": the benchmarks go
    where hand-loaded ones go (so every report shows them), the neighbour values beside them.
    """
    from kpiboard.benchmarks.compare import round_half_up
    from kpiboard.benchmarks.lookup import Benchmarks, benchmarks_for
    from kpiboard.store.db import NeighbourValues

    code = str(catalogue.la.code or "").strip() if catalogue.la else ""
    if not code:
        raise KpiboardError("--dfe: the catalogue names no LA; add `la: {code: \"202\", name: ...}` "
                            "(old 3-digit or new E-code) to the catalogue")
    if not Path(data_dir).is_dir():
        raise KpiboardError(f"{data_dir}: not a folder (give --dfe the folder holding cin_2024/, "
                            "cla/ and reference/)")
    try:
        book = Benchmarks(data_dir, sn_vintage=sn_vintage)
    except KpiboardError as exc:  # the reader's hints name `kpiboard benchmarks --data`
        raise KpiboardError(str(exc).replace("--data", "--dfe")) from None
    try:
        la = book.resolve(code)
    except KpiboardError as exc:
        raise KpiboardError(f"the catalogue's la.code: {exc}") from None
    measures = {i.ref: i.source.measure for i in catalogue.indicators if i.source}
    found = benchmarks_for(la.code, measures, sn_vintage=sn_vintage, data_dir=data_dir)
    if not found:
        raise KpiboardError("--dfe: no catalogue indicator has a source measure with a published "
                            "DfE table (see the mapping in docs/benchmarks.md)")
    charts = []
    for b in found:
        chart = book.chart(la, measures[b.ref])
        if len(chart.points) < 2:  # an LA outside the neighbour model: nothing to chart against
            continue
        chart = replace(chart, england=round_half_up(chart.england),
                        sn_mean=round_half_up(chart.sn_mean),
                        points=tuple(replace(p, value=round_half_up(p.value)) for p in chart.points))
        charts.append(NeighbourValues(b.ref, b.year, b.source or "", chart))
    unmatched = sorted(set(measures) - {b.ref for b in found})
    warnings = [f"no published DfE table for {', '.join(unmatched)}: their benchmarks are "
                "only what is loaded by hand"] if unmatched else []
    name = f"DfE tables {data_dir} for {la.name} ({la.code}), SN {sn_vintage}"[:500]
    digest = hashlib.sha256(json.dumps(
        [la.code, sn_vintage, [asdict(b) for b in found], [asdict(n) for n in charts]],
        sort_keys=True, default=str).encode()).hexdigest()
    return [LoadItem("benchmarks", name, digest, found, warnings),
            LoadItem("neighbours", name, digest, charts)]


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


def commit_load(store: Store, batch: LoadBatch, records: Dataset | None, actor: str,
                ip: str | None = None) -> list[str]:
    """Write a prepared load and record it, as every way of loading does (`kpiboard load`, the
    app's Data loads, the demo): the load, then its ``data_load`` audit row (Store.load owns its
    transaction, so the row follows it), then, with child-level records, the exception lists
    refreshed from them (audited by the refresh; also when the figures were skipped as loaded
    before). A load that writes nothing is audited too: someone still ran it against the store.
    Returns one line per file, then the exception lists' line."""
    from kpiboard.exception_lists import refresh
    from kpiboard.store.web_tables import record_audit

    lines = [s.describe() for s in store.load(batch)]
    record_audit(store, actor, "data_load", " | ".join(lines), ip)
    if records is not None:
        lines.append(refresh(store, store.catalogue(), records, actor, ip).outcome)
    return lines
