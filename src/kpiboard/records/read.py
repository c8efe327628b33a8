"""Read child-level inputs (Annex A workbooks, SSDA903 returns, population) into one Dataset."""

from __future__ import annotations

from pathlib import Path

from kpiboard.errors import KpiboardError
from kpiboard.records.schema import Dataset


def read_records(annex_a: list[Path] | None = None, ssda903: list[Path] | None = None,
                 la: str = "LA", population: Path | None = None,
                 cin_census: list[Path] | None = None) -> Dataset:
    """Nothing is returned if any file is bad: the first problem raises, in one line."""
    if not annex_a and not ssda903 and not cin_census:
        raise KpiboardError("give --annex-a PATH, --ssda903 PATH or --cin-census PATH")
    dataset = Dataset()
    if annex_a:
        from kpiboard.ingest.annex_a import read_annex_a
        dataset = read_annex_a(annex_a, la=la)  # keeps its per-file, per-list read report
    if ssda903:
        from kpiboard.ingest.ssda903 import read_ssda903
        returns = read_ssda903(ssda903, la=la)
        if annex_a:
            # Annex A lists are current to their extract; annual returns stop at 31 March. Both
            # describing the same children would count them twice, so with both, SSDA903 gives
            # only what Annex A lacks: missing episodes.
            dropped = sorted(set(returns.tables) - {"missing"})
            returns.tables = {k: v for k, v in returns.tables.items() if k == "missing"}
            returns.history &= {"missing"}
            returns.warnings.append("Annex A and SSDA903 given together: SSDA903 supplies missing "
                                    f"episodes only; its {', '.join(dropped)} come from Annex A")
        dataset.merge(returns)
    if cin_census:
        from kpiboard.ingest.cin_census import read_cin_census
        census = read_cin_census(cin_census, la=la)
        if annex_a:
            # As with SSDA903: the monthly Annex A lists are current; the annual census would
            # count the same children twice, so Annex A wins where both describe a list.
            census.tables = {k: v for k, v in census.tables.items() if k not in dataset.tables}
            census.history &= set(census.tables)
        dataset.merge(census)
    population = population or population_beside([*(annex_a or []), *(ssda903 or []),
                                                   *(cin_census or [])])
    if population is not None:
        from kpiboard.ingest.population import read_population
        dataset.population = read_population(population)
        dataset.sources.append(str(population))
        known = set(dataset.population.column("la").to_pylist())
        missing = sorted(dataset.las - known)
        if missing:
            dataset.warnings.append(
                f"{population}: no population for LA {', '.join(missing)}, so rates per 10,000 "
                f"have no value (the file has {', '.join(sorted(known)[:5])}"
                f"{' ...' if len(known) > 5 else ''}; give the records' LA code with --la)")
    return dataset


def population_beside(paths: list[Path]) -> Path | None:
    """A population.csv next to the inputs or one folder up (as `kpiboard synth` writes it)."""
    for p in paths:
        folder = Path(p) if Path(p).is_dir() else Path(p).parent
        for candidate in (folder / "population.csv", folder.parent / "population.csv"):
            if candidate.exists():
                return candidate
    return None


def extract_span(dataset: Dataset):
    """(earliest, latest) extract date over every table, or None for an empty dataset."""
    import pyarrow.compute as pc

    spans = [pc.min_max(t.column("extract_date")).as_py() for t in dataset.tables.values()
             if t.num_rows]
    spans = [(s["min"], s["max"]) for s in spans if s["min"] is not None]
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None
