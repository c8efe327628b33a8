"""Benchmarks from DfE's published statistics: statistical neighbours, region, England,
quartiles and rank for an LA and year (docs/benchmarks.md).

    published.py  reads the EES tidy CSVs (the I/O edge), suppression codes kept as reasons
    mapping.yaml  table columns -> measure ids, polarity, read or derived, definitional differences
    compare.py    pure: SN mean / median, best SN, quartiles, bands, rank
    lookup.py     the join: benchmarks_for (catalogue -> Benchmark), neighbour_chart, la_benchmarks
"""

from kpiboard.benchmarks.lookup import benchmarks_for, la_benchmarks, neighbour_chart

__all__ = ["benchmarks_for", "la_benchmarks", "neighbour_chart"]
