"""Run library measures on an engine: load canonical records once, then ask for any measure,
period, window and breakdown. Results carry numerator, denominator and value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kpiboard.errors import KpiboardError
from kpiboard.measures import builders
from kpiboard.measures.backends import Backend, connect
from kpiboard.measures.calendar import calendar_table
from kpiboard.measures.conditions import Conditions, age_at, working_day_columns
from kpiboard.measures.spec import MeasureSpec, library
from kpiboard.measures.windows import Window, window
from kpiboard.periods import Month
from kpiboard.records.schema import COMMON, KEYS, TABLES, Dataset, empty_table

BREAKDOWNS = ("team", "worker", "age_band", "gender", "ethnicity", "disability", "legal_status",
              "placement_type")
AGE_BANDS = ((0, 0, "Under 1"), (1, 4, "1-4"), (5, 9, "5-9"), (10, 15, "10-15"), (16, 200, "16+"))


@dataclass(frozen=True)
class Result:
    measure: str
    la: str
    period: Month
    window: str
    numerator: float | None
    denominator: float | None
    value: float | None
    group: str | None = None  # the breakdown value, when broken down


class Engine:
    def __init__(self, engine: str = "duckdb", url: str | None = None) -> None:
        self.backend: Backend = connect(engine, url)
        self.tables: dict[str, ir.Table] = {}
        self.history: set[str] = set()

    # ---- loading -------------------------------------------------------------------------
    def load(self, dataset: Dataset) -> None:
        """Put every canonical table in the engine and de-duplicate events across extracts."""
        self.history = set(dataset.history)
        self.las = sorted({la for name in TABLES for la in
                           dataset.table(name).column("la").unique().to_pylist() if la is not None})
        for name in TABLES:
            raw = self.backend.put(name, dataset.table(name))
            self.tables[name] = raw
            self.tables[name + "__events"] = self.backend.materialise(name + "__events", _latest_version(raw, name))
        pop = dataset.population if dataset.population.num_rows else \
            pa.table({"la": pa.array([], pa.string()), "year": pa.array([], pa.int32()),
                      "population": pa.array([], pa.int64())})
        self.population = pop.to_pylist()
        self.tables["calendar"] = self.backend.put("calendar", calendar_table())

    def close(self) -> None:
        self.backend.close()

    # ---- row sets ------------------------------------------------------------------------
    def events(self, name: str) -> ir.Table:
        return self.tables[name + "__events"]

    def state(self, name: str, w: Window) -> ir.Table:
        """Rows as they stood at the window's end: the latest extract on or before it (per LA);
        for complete histories (SSDA903), every record."""
        if name in self.history:
            return self.events(name)
        raw = self.tables[name]
        latest = (raw.filter(raw.extract_date <= w.end).group_by("la")
                  .aggregate(latest_extract=raw.extract_date.max()))
        joined = raw.join(latest, [raw.la == latest.la, raw.extract_date == latest.latest_extract])
        return joined.select(*raw.columns)

    def rows(self, spec: MeasureSpec, w: Window) -> ir.Table:
        if spec.rows == "event":
            t = self.events(spec.table)
            return t.filter(t[spec.date].between(w.start, w.end))
        if spec.rows == "ended":
            t = self.events(spec.table)
            return t.filter(t[spec.end].between(w.start, w.end))
        t = self.state(spec.table, w)
        if spec.rows == "open_at_end":
            return t.filter((t[spec.start] <= w.end) & (t[spec.end].isnull() | (t[spec.end] > w.end)))
        return t

    def with_working_days(self, t: ir.Table, columns: set[str]) -> ir.Table:
        for col in sorted(columns):
            cal = self.tables["calendar"].view()
            t = t.left_join(cal, t[col] == cal.cal_date).mutate(**{f"wd__{col}": cal.wd_index})
            t = t.drop("cal_date", "wd_index")
        return t

    def conditions(self, t: ir.Table, spec: MeasureSpec, w: Window) -> Conditions:
        return Conditions(t, w, dict(spec.params), lambda col: t[f"wd__{col}"])

    # ---- one measure -> base rows with num and den ---------------------------------------
    def base(self, spec: MeasureSpec, w: Window) -> ir.Table:
        """The rows a measure counts, each with ``num`` and ``den`` (the measure is their sums)."""
        if spec.ratio_of is not None:
            lib = library()
            top = self.base(lib.get(spec.ratio_of.numerator), w).mutate(den=ibis.literal(0.0))
            bottom = self.base(lib.get(spec.ratio_of.denominator), w)
            bottom = bottom.mutate(den=bottom.num, num=ibis.literal(0.0))
            return ibis.union(_standard(top), _standard(bottom))
        t = self.rows(spec, w)
        needed = working_day_columns(spec.where) | working_day_columns(spec.numerator or [])
        t = self.with_working_days(t, needed)
        if spec.where:
            t = t.filter(self.conditions(t, spec, w).all(spec.where).fill_null(False))
        if spec.builder:
            t = getattr(builders, spec.builder)(self, spec, w, t)
        elif spec.mean_days is not None:
            days = t[spec.mean_days.to].delta(t[spec.mean_days.from_], unit="day")
            if spec.mean_days.floor is not None:
                days = ibis.greatest(days, spec.mean_days.floor)
            t = t.filter(days.notnull()).mutate(num=days.cast("float64"), den=ibis.literal(1.0))
        elif spec.numerator is not None:
            hit = self.conditions(t, spec, w).all(spec.numerator).fill_null(False)
            t = t.mutate(num=ibis.ifelse(hit, 1.0, 0.0), den=ibis.literal(1.0))
        else:
            t = t.mutate(num=ibis.literal(1.0), den=ibis.literal(None, "float64"))
        if spec.count == "children":
            t = one_row_per_child(t)
        return t

    # ---- many measures -> results ----------------------------------------------------------
    def compute(self, measure_ids: Sequence[str], period: Month, kind: str | None = None,
                by: str | None = None) -> list[Result]:
        if by is not None and by not in BREAKDOWNS:
            raise KpiboardError(f"unknown breakdown '{by}' (one of {', '.join(BREAKDOWNS)})")
        lib = library()
        parts = []
        windows = {}
        for mid in measure_ids:
            spec = lib.get(mid)
            w = window(period, kind or spec.default_window)
            windows[mid] = w
            parts.append(self.aggregate(spec, w, by))
        table = self.backend.execute(ibis.union(*parts)) if parts else pa.table({})
        return self._results(table.to_pylist(), windows, period, by)

    def aggregate(self, spec: MeasureSpec, w: Window, by: str | None) -> ir.Table:
        t = _standard(self.base(spec, w))
        if by == "age_band":
            t = t.mutate(age_band=age_band(t.dob, w.end))
        keys = ["la"] + ([by] if by else [])
        out = t.group_by(keys).aggregate(num=t.num.sum(), den=t.den.sum(), n=t.num.count())
        group = out[by].cast("string") if by else ibis.literal(None, "string")
        return out.select(measure=ibis.literal(spec.id), la=out.la, grp=group, num=out.num,
                          den=out.den, n=out.n)

    def _results(self, rows: list[dict], windows: dict[str, Window], period: Month,
                 by: str | None) -> list[Result]:
        lib = library()
        if not by:  # a measure with nothing to count is 0 (or no value), not absent
            seen = {(r["measure"], r["la"]) for r in rows}
            rows = rows + [{"measure": m, "la": la, "grp": None, "num": 0.0, "den": 0.0, "n": 0}
                           for m in windows for la in self.las if (m, la) not in seen]
        out = []
        for r in sorted(rows, key=lambda r: (lib.ids.index(r["measure"]), r["la"], r["grp"] or "")):
            spec = lib.get(r["measure"])
            w = windows[spec.id]
            num, den = r["num"], r["den"]
            if spec.unit == "rate_per_10k":
                den = None if by else self.population_for(r["la"], w.end)
            elif spec.unit == "count":
                den = None
            value = _value(spec, num, den)
            out.append(Result(spec.id, r["la"], period, w.kind, num, den, value, r["grp"]))
        return out

    def population_for(self, la: str, day: dt.date) -> float | None:
        """Mid-year estimate for the calendar year containing ``day``, else the latest earlier."""
        years = [p for p in self.population if p["la"] == la and p["year"] <= day.year]
        return float(max(years, key=lambda p: p["year"])["population"]) if years else None


def _value(spec: MeasureSpec, num: float | None, den: float | None) -> float | None:
    if spec.unit == "count":
        return num or 0.0
    if not den:
        return None
    return (num or 0.0) / den * spec.scale


STANDARD = ["la", "child_id", "team", "worker", "gender", "ethnicity", "dob", "disability",
            "legal_status", "placement_type", "num", "den"]


def _standard(t: ir.Table) -> ir.Table:
    """The columns every base relation shares, so measures over different tables can union."""
    cols = {}
    for name in STANDARD:
        if name in t.columns:
            cols[name] = t[name].cast("float64") if name in ("num", "den") else t[name]
        else:
            dtype = COMMON.get(name, "string")
            cols[name] = ibis.literal(None, "string" if name not in COMMON else _ibis_type(dtype))
    return t.select(**cols)


def _ibis_type(arrow_type) -> str:
    return {"date32[day]": "date", "bool": "boolean"}.get(str(arrow_type), "string")


def one_row_per_child(t: ir.Table) -> ir.Table:
    """Count children, not records: a child with two open plans (a recording error) counts once."""
    t = _standard(t)
    attrs = [c for c in STANDARD if c not in ("la", "child_id", "num", "den")]
    return t.group_by(["la", "child_id"]).aggregate(
        **{c: t[c].max() for c in attrs}, num=t.num.max(), den=t.den.max())


def age_band(dob: ir.DateValue, day: dt.date) -> ir.StringValue:
    age = age_at(dob, day)
    case = ibis.cases(*[((age >= lo) & (age <= hi), label) for lo, hi, label in AGE_BANDS],
                      else_="Unknown")
    return case


def _latest_version(raw: ir.Table, name: str) -> ir.Table:
    keys = ["la", "child_id", *KEYS[name]]
    w = ibis.window(group_by=[raw[k] for k in keys], order_by=ibis.desc(raw.extract_date))
    ranked = raw.mutate(_rank=ibis.row_number().over(w))
    return ranked.filter(ranked._rank == 0).drop("_rank")


def empty_dataset() -> Dataset:
    return Dataset({name: empty_table(name) for name in TABLES})
