"""Run library measures on an engine: load canonical records once, then ask for any measures,
months, windows and breakdown. Every month and window is answered by one query: the windows
are rows of a small table joined to the records, so the compiled SQL is reused from call to call."""

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
from kpiboard.measures.conditions import (Conditions, age_at_end, columns_used, date_exprs,
                                          working_day_columns)
from kpiboard.measures.spec import MeasureSpec, library
from kpiboard.measures.windows import Window, window, windows_table
from kpiboard.periods import Month
from kpiboard.records.schema import COMMON, KEYS, TABLES, Dataset

BREAKDOWNS = ("team", "worker", "age_band", "gender", "ethnicity", "disability", "legal_status",
              "placement_type")
AGE_BANDS = ((0, 0, "Under 1"), (1, 4, "1-4"), (5, 9, "5-9"), (10, 15, "10-15"), (16, 200, "16+"))
STANDARD = ["window_id", "la", "child_id", "team", "worker", "gender", "ethnicity", "dob",
            "disability", "legal_status", "placement_type", "w_end_year", "w_end_mmdd", "num", "den"]


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
        self.las: list[str] = []
        self.population: list[dict] = []
        self._sql: dict[tuple, str] = {}

    # ---- loading -------------------------------------------------------------------------
    def load(self, dataset: Dataset) -> None:
        """Put every canonical table in the engine and de-duplicate events across extracts."""
        self.history = set(dataset.history)
        self.las = sorted({la for name in TABLES for la in
                           dataset.table(name).column("la").unique().to_pylist() if la is not None})
        for name in TABLES:
            raw = self.backend.put(name, dataset.table(name))
            self.tables[name] = raw
            self.tables[name + "__events"] = self.backend.materialise(
                name + "__events", _latest_version(raw, name))
        self.population = dataset.population.to_pylist()
        # Snapshot measures have no value before an LA's first extract of a table.
        # Columns a source never fills (SSDA903 has no visit dates): measures that need them have
        # no value rather than a misleading 0%.
        self.tables_loaded = {name for name in TABLES if dataset.table(name).num_rows}
        self.empty_columns = {
            (name, col) for name in TABLES if dataset.table(name).num_rows
            for col in dataset.table(name).column_names
            if dataset.table(name).column(col).null_count == dataset.table(name).num_rows}
        self.first_extract = {
            (name, r["la"]): r["extract_date_min"] for name in TABLES
            for r in dataset.table(name).group_by("la").aggregate(
                [("extract_date", "min")]).to_pylist()}
        self.tables["calendar"] = self.backend.put("calendar", calendar_table())
        self._put_windows([window(Month(2000, 1), "month")])
        self._sql.clear()

    def close(self) -> None:
        self.backend.close()

    def _put_windows(self, windows: list[Window]) -> None:
        exprs = {e for m in library().measures for e in date_exprs(m.where + (m.numerator or []))}
        self.tables["windows"] = self.backend.put("windows", windows_table(windows, exprs))

    # ---- row sets, each row joined to the windows it belongs to ---------------------------
    @property
    def windows(self) -> ir.Table:
        return self.tables["windows"]

    def events(self, name: str) -> ir.Table:
        return self.tables[name + "__events"]

    def state(self, name: str) -> ir.Table:
        """Rows as they stood at each window's end: the latest extract on or before it (per LA);
        for complete histories (SSDA903), every record."""
        w, raw = self.windows, self.tables[name]
        if name in self.history:
            # Annual returns (SSDA903) describe their whole year: the return covering the date is
            # the first one ending on or after it (or, past the last return, the last one).
            pairs = raw.join(w, raw.extract_date >= w.w_end)
            chosen = pairs.group_by(["window_id", "la"]).aggregate(pick=pairs.extract_date.min())
            last = raw.group_by("la").aggregate(pick_last=raw.extract_date.max())
            per_window = last.cross_join(w.select("window_id")).left_join(
                chosen, [last.la == chosen.la, "window_id"])
            per_window = per_window.select(window_id=per_window.window_id, la=per_window.la,
                                           pick=per_window.pick.fill_null(per_window.pick_last))
        else:
            pairs = raw.join(w, raw.extract_date <= w.w_end)
            per_window = pairs.group_by(["window_id", "la"]).aggregate(pick=pairs.extract_date.max())
        joined = raw.join(per_window, [raw.la == per_window.la, raw.extract_date == per_window.pick])
        joined = joined.join(w, "window_id")
        return joined.select(*raw.columns, *w.columns)

    def open_at_end(self, name: str, start: str = "start_date", end: str = "end_date") -> ir.Table:
        t = self.state(name)
        return t.filter((t[start] <= t.w_end) & (t[end].isnull() | (t[end] > t.w_end)))

    def rows(self, spec: MeasureSpec) -> ir.Table:
        if spec.rows in ("event", "ended"):
            t, w = self.events(spec.table), self.windows
            col = spec.date if spec.rows == "event" else spec.end
            return t.join(w, (t[col] >= w.w_start) & (t[col] <= w.w_end))
        if spec.rows == "open_at_end":
            return self.open_at_end(spec.table, spec.start, spec.end)
        return self.state(spec.table)

    def with_working_days(self, t: ir.Table, columns: set[str]) -> ir.Table:
        for col in sorted(columns):
            cal = self.tables["calendar"].view()
            t = t.left_join(cal, t[col] == cal.cal_date).mutate(**{f"wd__{col}": cal.wd_index})
            t = t.drop("cal_date", "wd_index")
        return t

    # ---- one measure -> base rows with num and den ---------------------------------------
    def base(self, spec: MeasureSpec) -> ir.Table:
        """The rows a measure counts, each with ``num`` and ``den`` (the measure is their sums)."""
        if spec.ratio_of is not None:
            lib = library()
            top = _standard(self.base(lib.get(spec.ratio_of.numerator)))
            top = top.mutate(den=ibis.literal(0.0))
            bottom = _standard(self.base(lib.get(spec.ratio_of.denominator)))
            bottom = bottom.mutate(den=bottom.num, num=ibis.literal(0.0))
            return ibis.union(top, bottom)
        t = self.rows(spec)
        t = self.with_working_days(t, working_day_columns(spec.where) | working_day_columns(spec.numerator or []))
        if spec.where:
            t = t.filter(Conditions(t, dict(spec.params)).all(spec.where))
        if spec.builder:
            t = getattr(builders, spec.builder)(self, spec, t)
        elif spec.mean_days is not None:
            days = t[spec.mean_days.to].delta(t[spec.mean_days.from_], unit="day")
            if spec.mean_days.floor is not None:
                days = ibis.greatest(days, spec.mean_days.floor)
            t = t.filter(days.notnull()).mutate(num=days.cast("float64"), den=ibis.literal(1.0))
        elif spec.numerator is not None:
            hit = Conditions(t, dict(spec.params)).all(spec.numerator)
            t = t.mutate(num=ibis.ifelse(hit, 1.0, 0.0), den=ibis.literal(1.0))
        else:
            t = t.mutate(num=ibis.literal(1.0), den=ibis.literal(None, "float64"))
        if spec.count == "children":
            t = one_row_per_child(t)
        return t

    # ---- many measures x windows -> results ------------------------------------------------
    def compute(self, measure_ids: Sequence[str], period: Month, kind: str | None = None,
                by: str | None = None, params: dict[str, dict] | None = None) -> list[Result]:
        return self.compute_many(measure_ids, [period], [kind] if kind else [None], by, params)

    def compute_many(self, measure_ids: Sequence[str], periods: Sequence[Month],
                     kinds: Sequence[str | None], by: str | None = None,
                     params: dict[str, dict] | None = None) -> list[Result]:
        """Every measure for every period and window kind (None: the measure's default) in one
        query. ``params`` overrides spec parameters per measure ({"cpp_visited_pct": {"days": 14}})."""
        if by is not None and by not in BREAKDOWNS:
            raise KpiboardError(f"unknown breakdown '{by}' (one of {', '.join(BREAKDOWNS)})")
        lib = library()
        specs = [_with_params(lib.get(m), (params or {}).get(m)) for m in measure_ids]
        wanted = {(s.id, k or s.default_window) for s in specs for k in kinds}
        kinds_used = sorted({k for _, k in wanted})
        windows = [window(p, k) for k in kinds_used for p in periods]
        self._put_windows(windows)
        key = (tuple(s.model_dump_json() for s in specs), tuple(kinds), by)
        if key not in self._sql:
            parts = [self.aggregate(s, by) for s in specs]
            self._sql[key] = str(self.backend.con.compile(ibis.union(*parts)))
        rows = self.backend.run_sql(self._sql[key]) if specs else []
        by_id = {i: w for i, w in enumerate(windows)}
        rows = [r for r in rows if (r["measure"], by_id[r["window_id"]].kind) in wanted]
        return self._results(rows, specs, windows, wanted, by)

    def aggregate(self, spec: MeasureSpec, by: str | None) -> ir.Table:
        t = _standard(self.base(spec))
        if by == "age_band":
            t = t.mutate(age_band=age_band(t))
        keys = ["window_id", "la"] + ([by] if by else [])
        out = t.group_by(keys).aggregate(num=t.num.sum().cast("float64"),
                                         den=t.den.sum().cast("float64"))
        group = out[by].cast("string") if by else ibis.literal(None, "string")
        return out.select(measure=ibis.literal(spec.id), window_id=out.window_id, la=out.la,
                          grp=group, num=out.num, den=out.den)

    def _results(self, rows: list[dict], specs: list[MeasureSpec], windows: list[Window],
                 wanted: set, by: str | None) -> list[Result]:
        if not by:  # a measure with nothing to count is 0 (or no value), not absent
            seen = {(r["measure"], r["window_id"], r["la"]) for r in rows}
            rows = rows + [{"measure": s.id, "window_id": i, "la": la, "grp": None, "num": 0.0,
                            "den": 0.0}
                           for s in specs for i, w in enumerate(windows) if (s.id, w.kind) in wanted
                           for la in self.las if (s.id, i, la) not in seen]
        order = {s.id: n for n, s in enumerate(specs)}
        kinds = {k: n for n, k in enumerate(("month", "ytd", "rolling_12m", "financial_year"))}
        out = []
        for r in rows:
            spec = specs[order[r["measure"]]]
            w = windows[r["window_id"]]
            # some drivers hand back Decimals for sums
            num = None if r["num"] is None else float(r["num"])
            den = None if r["den"] is None else float(r["den"])
            if not self.covers(spec, r["la"], w):
                out.append(Result(spec.id, r["la"], w.period, w.kind, None, None, None, r["grp"]))
                continue
            if spec.unit == "rate_per_10k":
                den = None if by else self.population_for(r["la"], w.end)
            elif spec.unit == "count":
                den = None
            out.append(Result(spec.id, r["la"], w.period, w.kind, num, den, _value(spec, num, den),
                              r["grp"]))
        return sorted(out, key=lambda r: (order[r.measure], r.period, kinds[r.window], r.la,
                                          r.group or ""))

    def covers(self, spec: MeasureSpec, la: str, w: Window) -> bool:
        """False when a snapshot measure asks about a date before the LA's first extract, or a
        measure needs a column the loaded records never fill."""
        if spec.ratio_of is not None:
            return True
        needed = columns_used((spec.numerator or []) + spec.where)
        if spec.table in self.tables_loaded and any((spec.table, col) in self.empty_columns for col in needed):
            return False
        if spec.rows not in ("open_at_end", "snapshot"):
            return True
        # Every list the measure reads that this LA has sent must reach back to the date.
        tables = [t for t in (spec.table, *spec.uses) if (t, la) in self.first_extract]
        return bool(tables) and all(t in self.history or self.first_extract[(t, la)] <= w.end
                                    for t in tables)

    def population_for(self, la: str, day: dt.date) -> float | None:
        """Mid-year estimate for the calendar year containing ``day``, else the latest earlier."""
        years = [p for p in self.population if p["la"] == la and p["year"] <= day.year]
        return float(max(years, key=lambda p: p["year"])["population"]) if years else None


def _with_params(spec: MeasureSpec, params: dict | None) -> MeasureSpec:
    if not params:
        return spec
    unknown = set(params) - set(spec.params)
    if unknown:
        raise KpiboardError(f"measure '{spec.id}' has no parameter(s) {', '.join(sorted(unknown))}"
                            + (f" (it takes {', '.join(spec.params)})" if spec.params else ""))
    return spec.model_copy(update={"params": {**spec.params, **params}})


def _value(spec: MeasureSpec, num: float | None, den: float | None) -> float | None:
    if spec.unit == "count":
        return num or 0.0
    if not den:
        return None
    return (num or 0.0) / den * spec.scale


def _standard(t: ir.Table) -> ir.Table:
    """The columns every base relation shares, so measures over different tables can union."""
    cols = {}
    for name in STANDARD:
        if name in t.columns:
            cols[name] = t[name].cast("float64") if name in ("num", "den") else t[name]
        else:
            dtype = {"date32[day]": "date", "bool": "boolean"}.get(str(COMMON.get(name)), "string")
            cols[name] = ibis.literal(None, dtype)
    return t.select(**cols)


def one_row_per_child(t: ir.Table) -> ir.Table:
    """Count children, not records: a child with two open plans (a recording error) counts once."""
    t = _standard(t)
    attrs = [c for c in STANDARD if c not in ("window_id", "la", "child_id", "num", "den")]
    return t.group_by(["window_id", "la", "child_id"]).aggregate(
        **{c: t[c].max() for c in attrs}, num=t.num.max(), den=t.den.max())


def age_band(t: ir.Table) -> ir.StringValue:
    age = age_at_end(t)
    return ibis.cases(*[((age >= lo) & (age <= hi), label) for lo, hi, label in AGE_BANDS],
                      else_="Unknown")


def _latest_version(raw: ir.Table, name: str) -> ir.Table:
    """Each record as the latest extract holding it gives it: every row of that extract for the
    key (two missing episodes starting the same day stay two), exact repeats dropped."""
    keys = ["la", "child_id", *KEYS[name]]
    w = ibis.window(group_by=[raw[k] for k in keys], order_by=ibis.desc(raw.extract_date))
    ranked = raw.mutate(_rank=ibis.rank().over(w))
    return ranked.filter(ranked._rank == 0).drop("_rank").distinct()


RESTRICTED = "RESTRICTED: child-level data. Handle under your information-sharing rules; never publish."


def exception_rows(engine: Engine, measure_id: str, period: Month, kind: str | None = None) -> pa.Table:
    """The child-level rows behind a measure's failures: for a percentage where higher is better,
    the rows in the denominator but not the numerator (children on a plan not visited in time);
    where lower is better, the rows in the numerator (children with three or more placements);
    for a count where lower is better, the rows counted (open assessments over 45 working days)."""
    spec = library().get(measure_id)
    if not spec.has_exceptions:
        raise KpiboardError(f"measure '{measure_id}' has no exceptions: it is "
                            + ("information only" if spec.polarity == "neutral" else "an average or a rate"))
    engine._put_windows([window(period, kind or spec.default_window)])
    t = engine.base(spec)
    if spec.unit != "count":
        # the failures are outside the numerator when higher is better (not visited in time),
        # inside it when lower is better (children with three or more placements)
        t = t.filter((t.den > 0) & ((t.num > 0) if spec.polarity == "lower" else (t.num == 0)))
    drop = [c for c in t.columns if c.startswith(("wd__", "w_")) or c in
            ("num", "den", "extract_date", "window_id")]
    return engine.backend.execute(t.drop(*drop).order_by(["la", "team", "worker", "child_id"]))
