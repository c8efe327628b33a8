"""Benchmarks for an LA from the published tables: the join of published.py (I/O) and
compare.py (pure) that the CLI and the reports use.

- `la_benchmarks` - one `LaBenchmark` per LA and measure (what `kpiboard benchmarks` prints);
- `benchmarks_for` - `kpiboard.ingest.benchmarks.Benchmark`s for a catalogue's indicators whose
  `source.measure` has a published table, labelled with year, publication and SN vintage;
- `neighbour_chart` - the LA and its 10 neighbours' values, for an "LA against its neighbours" chart.

Years are collection years: 2024 is the year to / at 31 March 2024 (2023-24); for workforce
figures, 30 September 2024. ``year=None`` takes each measure's latest published year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping as MappingType, Sequence

from kpiboard.benchmarks.compare import Comparison, compare, round_half_up
from kpiboard.benchmarks.mapping import Mapping, PublishedMeasure, mapping
from kpiboard.benchmarks.published import (Published, default_data_dir, read_neighbours,
                                           read_published)
from kpiboard.catalogue.model import Catalogue
from kpiboard.errors import KpiboardError
from kpiboard.ingest.benchmarks import Benchmark


@dataclass(frozen=True, slots=True)
class La:
    code: str          # 3-digit old LA code
    new_code: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class LaBenchmark:
    measure: str
    la: La
    year: int
    comparison: Comparison
    derived: bool
    source: str        # e.g. "DfE CIN census 2023-24, SN 2021"
    missing: str | None = None  # why the LA has no value: a suppression code, "no row", ...


@dataclass(frozen=True, slots=True)
class ChartPoint:
    code: str
    name: str | None
    value: float | None
    missing: str | None   # suppression code / reason when value is None
    is_la: bool           # the LA itself (else a neighbour)


@dataclass(frozen=True, slots=True)
class NeighbourChart:
    measure: str
    year: int
    sn_vintage: int
    points: tuple[ChartPoint, ...]   # the LA first, then its neighbours closest first
    england: float | None
    sn_mean: float | None


class Benchmarks:
    """The published tables and a neighbour model, read once, asked many times."""

    def __init__(self, data_dir: str | Path | None = None, *, sn_vintage: int = 2021,
                 years: Sequence[int] | None = None, spec: Mapping | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.spec = spec or mapping()
        self.sn_vintage = sn_vintage
        self.neighbours = read_neighbours(self.data_dir, sn_vintage)
        self.published: Published = read_published(self.data_dir, years=years, spec=self.spec)
        self.las = _directory(self.published)

    # ---- LAs ---------------------------------------------------------------------------------
    def resolve(self, code: str) -> La:
        """An LA by old code (202) or new code (E09000007)."""
        text = code.strip()
        for la in self.las.values():
            if text == la.code or (la.new_code and text.upper() == la.new_code.upper()):
                return la
        raise KpiboardError(f"unknown LA '{code}': give a 3-digit old LA code (e.g. 202) or a "
                            "new code (e.g. E09000007) of an LA in the DfE tables")

    def year_for(self, measure: str, year: int | None) -> int | None:
        return self.published.latest_year(measure) if year is None else year

    # ---- comparisons ---------------------------------------------------------------------------
    def compare(self, la: La, measure: PublishedMeasure, year: int) -> LaBenchmark | None:
        table = self.published.get(measure.id, year)
        if table is None:
            return None
        own = table.la(la.code)
        neighbours = self.neighbours.get(la.code)
        note = None if neighbours is not None else (
            f"LA {la.code} is not in the {self.sn_vintage} statistical neighbour model")
        region = table.regions.get(own.region_code) if own else None
        result = compare(
            own.value if own else None, polarity=measure.polarity,
            neighbours=[_value(table.la(c)) for c in neighbours or ()],
            la_values=[r.value for r in table.las.values()], region=_value(region),
            england=_value(table.england), sn_vintage=self.sn_vintage, ranked=measure.ranked,
            note=note)
        source = self.spec.tables[measure.table].source_label(year)
        derived = " (derived from counts)" if measure.method == "derived" else ""
        return LaBenchmark(measure.id, la, year, result, measure.method == "derived",
                           f"{source}{derived}, SN {self.sn_vintage}",
                           own.missing if own else "no row")

    def for_la(self, la: La, *, year: int | None = None,
               measures: Sequence[str] | None = None) -> list[LaBenchmark]:
        out = []
        for m in self.spec.measures:
            if measures is not None and m.id not in measures:
                continue
            y = self.year_for(m.id, year)
            row = self.compare(la, m, y) if y is not None else None
            if row is not None:
                out.append(row)
        return out

    def chart(self, la: La, measure: str, year: int | None = None) -> NeighbourChart:
        y = self.year_for(measure, year)
        table = self.published.get(measure, y) if y is not None else None
        if table is None:
            raise KpiboardError(f"no published {measure} for {year or 'any year'}")
        codes = [la.code, *self.neighbours.get(la.code, ())]
        points = []
        for i, code in enumerate(codes):
            row = table.la(code)
            name = row.la_name if row else (self.las[code].name if code in self.las else None)
            points.append(ChartPoint(code, name, row.value if row else None,
                                     row.missing if row else "no row", i == 0))
        values = [p.value for p in points[1:]]
        got = [v for v in values if v is not None]
        return NeighbourChart(measure, y, self.sn_vintage, tuple(points), _value(table.england),
                              sum(got) / len(got) if got else None)


def _value(row) -> float | None:
    return row.value if row is not None else None


def _directory(published: Published) -> dict[str, La]:
    """Every LA in the tables by old code (a shared-service row like "314 / 318" is not an LA)."""
    las: dict[str, La] = {}
    for (_, year), table in sorted(published.by_measure_year.items(), key=lambda kv: kv[0][1]):
        for code, row in table.las.items():
            if re.fullmatch(r"\d{3}", code):
                las[code] = La(code, row.new_la_code, row.la_name)  # later years win (renames)
    return dict(sorted(las.items()))


# ---- the functions the reports use -----------------------------------------------------------

def la_benchmarks(la_code: str, *, year: int | None = None, sn_vintage: int = 2021,
                  data_dir: str | Path | None = None) -> list[LaBenchmark]:
    """Every mapped measure for one LA (old or new code), or for every LA when ``la_code`` is "all"."""
    book = _book(data_dir, sn_vintage, year)
    if la_code.strip().lower() != "all":
        return book.for_la(book.resolve(la_code), year=year)
    # every LA, leaving out measures a table does not publish for it (e.g. a former LA's rows
    # in a later year)
    return [row for la in book.las.values() for row in book.for_la(la, year=year)
            if row.missing != "no row"]


def benchmarks_for(la_code: str, catalogue_or_refs: Catalogue | MappingType[str, str], *,
                   year: int | None = None, sn_vintage: int = 2021,
                   data_dir: str | Path | None = None) -> list[Benchmark]:
    """Published benchmarks for the catalogue's indicators whose ``source.measure`` has a DfE
    table (or for a {ref: measure id} mapping), as the store's `Benchmark` records.

    sn_average is the LAIT SN mean; top_quartile the national top-quartile threshold; values are
    rounded half-up to 1 dp; source names the publication, year and SN vintage. Indicators with
    no published table are left out; so is a year with no value for the LA.
    """
    refs = _refs(catalogue_or_refs)
    book = _book(data_dir, sn_vintage, year)
    la = book.resolve(la_code)
    out = []
    for ref, measure_id in refs.items():
        try:
            measure = book.spec.get(measure_id)
        except KeyError:
            continue
        if not measure.library:
            continue
        y = book.year_for(measure_id, year)
        row = book.compare(la, measure, y) if y is not None else None
        if row is None:
            continue
        c = row.comparison
        out.append(Benchmark(
            ref=ref, year=book.spec.tables[measure.table].year_label(y),
            sn_average=round_half_up(c.sn_mean), best_sn=round_half_up(c.best_sn),
            england=round_half_up(c.england), top_quartile=round_half_up(c.top_quartile_threshold),
            region=round_half_up(c.region), source=row.source))
    return out


def neighbour_chart(la_code: str, measure: str, year: int | None = None, *, sn_vintage: int = 2021,
                    data_dir: str | Path | None = None) -> NeighbourChart:
    """The LA and its neighbours' values (with names) for one measure and year."""
    book = _book(data_dir, sn_vintage, year)
    try:
        book.spec.get(measure)
    except KeyError:
        raise KpiboardError(f"no published table for measure '{measure}'") from None
    return book.chart(book.resolve(la_code), measure, year)


def _book(data_dir: str | Path | None, sn_vintage: int, year: int | None) -> Benchmarks:
    book = Benchmarks(data_dir, sn_vintage=sn_vintage, years=[year] if year else None)
    if year is not None and not book.published.by_measure_year:
        raise KpiboardError(f"no published tables for {year} (years are like 2024, meaning 2023-24)")
    return book


def _refs(catalogue_or_refs: Catalogue | MappingType[str, str]) -> dict[str, str]:
    if isinstance(catalogue_or_refs, Catalogue):
        return {i.ref: i.source.measure for i in catalogue_or_refs.indicators if i.source}
    return dict(catalogue_or_refs)
