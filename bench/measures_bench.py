"""Measure-engine benchmark: figures (not asserts) for the issue's performance targets.

    .venv/bin/python bench/measures_bench.py --quick      # smoke run, about a minute
    .venv/bin/python bench/measures_bench.py              # full run, several minutes

Stages (each large stage runs in its own process, so its peak memory is its own):

1. large LA: ``simulate(children=100_000)``, load into ``Engine("duckdb")``, every library measure
   for one month cold, then warm for 5 other months (target: warm < 1 s);
2. the same engine: 24 months x (month, ytd, rolling_12m) in one ``compute_many``, cold and warm
   (target < 5 s);
3. the same data through ``bench/pandas_reference.py`` for one month: time, ratio to the engine's
   warm time, and agreement of numerator and denominator for every measure (mismatches printed);
4. national: ``simulate(las=153, children=<per-LA average>)``, load and every measure for one month
   (target: load + measures < 60 s), and the same agreement check across all LAs;
5. (no target) the large LA as ``--extracts`` monthly extracts, as a council loading a year of
   month-end Annex A extracts would: ``simulate()`` gives one extract as at its end date, so
   snapshot measures (open plans, visits ...) have a value only in that month; here every month
   end has its own extract, and the engine must pick the right one per month and de-duplicate
   events across extracts. Timed like stage 1 and checked against pandas for every month.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))  # pandas_reference beside this file

TARGET_WARM_S, TARGET_MANY_S, TARGET_NATIONAL_S = 1.0, 5.0, 60.0
KINDS = ["month", "ytd", "rolling_12m"]


# ---- small helpers ------------------------------------------------------------------------------
def memory() -> dict[str, float]:
    """Current resident memory and the process's peak so far (MB)."""
    rss = psutil.Process().memory_info().rss / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return {"rss_mb": rss, "peak_mb": peak}


def show_memory(stage: str, figures: dict) -> None:
    m = memory()
    figures[f"mem:{stage}"] = m
    print(f"  memory after {stage}: rss {m['rss_mb']:,.0f} MB, peak {m['peak_mb']:,.0f} MB", flush=True)


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def print_sizes(data) -> int:
    counts = {name: t.num_rows for name, t in sorted(data.tables.items())}
    total = sum(counts.values())
    width = max(len(n) for n in counts)
    for name, n in counts.items():
        print(f"    {name:{width}s} {n:>11,}")
    print(f"    {'total':{width}s} {total:>11,}   ({len(data.las)} LA(s), "
          f"population rows {data.population.num_rows})", flush=True)
    return total


def engine_figures(results) -> dict[str, dict[str, tuple]]:
    out: dict[str, dict[str, tuple]] = {}
    for r in results:
        out.setdefault(r.measure, {})[r.la] = (r.numerator, r.denominator)
    return out


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def compare(engine_results, pandas_figures, label: str, show: int = 5) -> list[str]:
    """Measures whose numerator or denominator differ between the engine and pandas, per LA."""
    eng = engine_figures(engine_results)
    bad: list[str] = []
    for measure_id, by_la in pandas_figures.items():
        wrong = [(la, eng.get(measure_id, {}).get(la), fig) for la, fig in sorted(by_la.items())
                 if not (_same(eng.get(measure_id, {}).get(la, (None, None))[0], fig[0])
                         and _same(eng.get(measure_id, {}).get(la, (None, None))[1], fig[1]))]
        if wrong:
            bad.append(measure_id)
            print(f"    MISMATCH {label} {measure_id}: {len(wrong)} of {len(by_la)} LA(s) differ")
            for la, e, p in wrong[:show]:
                print(f"      la {la}: engine (num, den) = {e}   pandas = {p}")
    if not bad:
        print(f"    {label}: engine and pandas agree on numerator and denominator for all "
              f"{len(pandas_figures)} measures x {len(next(iter(pandas_figures.values())))} LA(s)")
    return bad


# ---- stage 1-3: one large LA --------------------------------------------------------------------
def large_la(args, queue) -> None:
    from pandas_reference import PandasReference

    from kpiboard.measures.engine import Engine
    from kpiboard.measures.spec import library
    from kpiboard.periods import Month
    from kpiboard.synth import simulate

    f: dict = {}
    ids = [m.id for m in library().measures]
    print(f"\n== Large LA: simulate(children={args.children:,}) ==", flush=True)
    data, f["large_simulate_s"] = timed(simulate, children=args.children)
    print(f"  simulate: {f['large_simulate_s']:.1f} s; rows per table:")
    f["large_rows"] = print_sizes(data)
    show_memory("simulate (large LA)", f)

    engine = Engine("duckdb")
    _, f["large_load_s"] = timed(engine.load, data)
    print(f"  Engine('duckdb').load: {f['large_load_s']:.2f} s")
    show_memory("load (large LA)", f)

    month = Month.of(args.end)
    print(f"  all {len(ids)} library measures, one month (each measure's default window):")
    results = {}
    results[month], f["large_cold_s"] = timed(engine.compute, ids, month)
    print(f"    cold  {month}: {f['large_cold_s']:.3f} s  (builds and compiles the query)")
    warm = []
    for back in range(1, args.warm_runs + 1):
        p = month - back
        results[p], t = timed(engine.compute, ids, p)
        warm.append(t)
        print(f"    warm  {p}: {t:.3f} s")
    f["large_warm_s"] = warm
    f["large_warm_median_s"] = statistics.median(warm)
    same = [timed(engine.compute, ids, month)[1] for _ in range(3)]
    f["large_warm_same_month_s"] = statistics.median(same)
    print(f"    median warm: {f['large_warm_median_s']:.3f} s   (target < {TARGET_WARM_S:.0f} s)")
    print(f"    warm, {month} again x3: median {f['large_warm_same_month_s']:.3f} s "
          "(every snapshot measure has a value only at the extract's month)")
    show_memory("one-month measures (large LA)", f)

    periods = month.months_back(24)
    print(f"  compute_many: all measures x {len(periods)} months x {len(KINDS)} windows "
          f"({periods[0]} .. {periods[-1]}, {', '.join(KINDS)})")
    many, f["many_cold_s"] = timed(engine.compute_many, ids, periods, KINDS)
    print(f"    cold: {f['many_cold_s']:.3f} s  ({len(many):,} results)")
    warm_many = [timed(engine.compute_many, ids, periods, KINDS)[1] for _ in range(args.many_runs)]
    f["many_warm_s"] = warm_many
    f["many_warm_median_s"] = statistics.median(warm_many)
    print(f"    warm: {', '.join(f'{t:.3f}' for t in warm_many)} s; median "
          f"{f['many_warm_median_s']:.3f} s   (target < {TARGET_MANY_S:.0f} s)")
    show_memory("24 x 3 windows (large LA)", f)

    print(f"  pandas reference (bench/pandas_reference.py), same data, {month}:")
    ref, f["pandas_convert_s"] = timed(PandasReference, data)
    pandas_month, f["pandas_compute_s"] = timed(ref.compute, month)
    runs = [f["pandas_compute_s"]] + [timed(ref.compute, month)[1] for _ in range(2)]
    f["pandas_compute_s"] = statistics.median(runs)
    f["pandas_ratio"] = f["pandas_compute_s"] / f["large_warm_same_month_s"]
    print(f"    to_pandas + de-duplication: {f['pandas_convert_s']:.2f} s; "
          f"{len(pandas_month)} measures: {', '.join(f'{t:.2f}' for t in runs)} s, median "
          f"{f['pandas_compute_s']:.2f} s")
    print(f"    ratio pandas / DuckDB warm ({month}): {f['pandas_ratio']:.1f}x   "
          f"(vs median warm over other months: "
          f"{f['pandas_compute_s'] / f['large_warm_median_s']:.1f}x)")
    show_memory("pandas reference (large LA)", f)
    print("  agreement, engine vs pandas (numerator and denominator):")
    f["mismatches"] = {}
    for p, res in results.items():
        figs = pandas_month if p == month else ref.compute(p)
        f["mismatches"][str(p)] = compare(res, figs, f"large LA {p}")
    # the 24 x 3 figures too: every window kind, every month
    eng_many: dict = {}
    for r in many:
        eng_many.setdefault((r.period, r.window), []).append(r)
    bad_many = set()
    pandas_many = 0.0
    for (p, kind), res in sorted(eng_many.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        figs, t = timed(ref.compute, p, kind)
        pandas_many += t
        wrong = _quiet_compare(res, figs)
        for m in wrong:
            bad_many.add((m, kind))
    f["pandas_many_s"] = pandas_many
    print(f"    (pandas took {pandas_many:.1f} s for the 24 x 3 windows, one computation each: "
          f"{pandas_many / f['many_warm_median_s']:.0f}x the engine's warm compute_many)")
    f["mismatches"]["24x3"] = sorted({m for m, _ in bad_many})
    if bad_many:
        for m, kind in sorted(bad_many):
            months = [str(p) for (p, k), res in eng_many.items() if k == kind
                      and m in _quiet_compare(res, ref.compute(p, kind, [m]))]
            print(f"    MISMATCH 24x3 {m} [{kind}] in {len(months)} month(s): {', '.join(months[:6])}"
                  + (" ..." if len(months) > 6 else ""))
    else:
        print(f"    24 months x {len(KINDS)} windows: agree for every measure")
    engine.close()
    queue.put(f)


def _quiet_compare(results, figures) -> list[str]:
    eng = engine_figures(results)
    return [m for m, by_la in figures.items()
            if any(not (_same(eng.get(m, {}).get(la, (None, None))[0], fig[0])
                        and _same(eng.get(m, {}).get(la, (None, None))[1], fig[1]))
                   for la, fig in by_la.items())]


# ---- stage 4: national ----------------------------------------------------------------------------
def national(args, queue) -> None:
    from pandas_reference import PandasReference

    from kpiboard.measures.engine import Engine
    from kpiboard.measures.spec import library
    from kpiboard.periods import Month
    from kpiboard.synth import simulate

    f: dict = {}
    ids = [m.id for m in library().measures]
    print(f"\n== National: simulate(las={args.las}, children={args.national_children:,} per LA "
          f"on average) ==", flush=True)
    data, f["nat_simulate_s"] = timed(simulate, las=args.las, children=args.national_children)
    print(f"  simulate: {f['nat_simulate_s']:.1f} s; rows per table:")
    f["nat_rows"] = print_sizes(data)
    f["nat_las"] = len(data.las)
    show_memory("simulate (national)", f)
    month = Month.of(args.end)
    t0 = time.perf_counter()
    engine = Engine("duckdb")
    engine.load(data)
    f["nat_load_s"] = time.perf_counter() - t0
    results = engine.compute(ids, month)
    f["nat_total_s"] = time.perf_counter() - t0
    f["nat_measures_s"] = f["nat_total_s"] - f["nat_load_s"]
    print(f"  load {f['nat_load_s']:.2f} s + all {len(ids)} measures for {month} (cold) "
          f"{f['nat_measures_s']:.2f} s = {f['nat_total_s']:.2f} s   (target < {TARGET_NATIONAL_S:.0f} s)")
    _, f["nat_warm_s"] = timed(engine.compute, ids, month - 1)
    print(f"  (warm, {month - 1}: {f['nat_warm_s']:.2f} s)")
    show_memory("national load + measures", f)
    if not args.skip_national_pandas:
        print("  agreement, engine vs pandas across all LAs:")
        ref, t_conv = timed(PandasReference, data)
        figs, t_pd = timed(ref.compute, month)
        print(f"    pandas: to_pandas {t_conv:.1f} s, measures {t_pd:.1f} s")
        f["nat_mismatches"] = compare(results, figs, f"national {month}")
        show_memory("pandas reference (national)", f)
    engine.close()
    queue.put(f)


# ---- stage 5: many extracts ----------------------------------------------------------------------
def monthly_extracts(children: int, extracts: int, end):
    """The large LA as ``extracts`` month-end extracts (each as the system stood that day, with
    ``extract_date`` = that day) for the Annex A lists, plus the complete SSDA903-style histories
    once. Built from ``kpiboard.synth.world`` and ``kpiboard.synth.dataset.dataset(world, when)``."""
    from kpiboard.periods import Month
    from kpiboard.records.schema import Dataset
    from kpiboard.synth import world
    from kpiboard.synth.dataset import dataset

    w = world(children=children, end=end)
    final = dataset(w)
    out = Dataset(history=set(final.history), population=final.population)
    for back in range(extracts - 1, -1, -1):
        part = dataset(w, (Month.of(end) - back).last_day)
        for name, rows in part.tables.items():
            if name not in final.history:
                out.add(name, rows)
    for name in final.history:
        out.tables[name] = final.tables[name]
    return out


def many_extracts(args, queue) -> None:
    from pandas_reference import PandasReference

    from kpiboard.measures.engine import Engine
    from kpiboard.measures.spec import library
    from kpiboard.periods import Month

    f: dict = {}
    ids = [m.id for m in library().measures]
    month = Month.of(args.end)
    print(f"\n== Large LA as {args.extracts} monthly extracts ({month - (args.extracts - 1)} .. {month}), "
          f"children={args.children:,} ==", flush=True)
    data, f["ext_build_s"] = timed(monthly_extracts, args.children, args.extracts, args.end)
    print(f"  built: {f['ext_build_s']:.1f} s; rows per table (every extract's rows):")
    f["ext_rows"] = print_sizes(data)
    show_memory("build (extracts)", f)
    engine = Engine("duckdb")
    _, f["ext_load_s"] = timed(engine.load, data)
    print(f"  Engine('duckdb').load: {f['ext_load_s']:.2f} s")
    results = {}
    results[month], f["ext_cold_s"] = timed(engine.compute, ids, month)
    print(f"    cold  {month}: {f['ext_cold_s']:.3f} s")
    warm = []
    for back in range(1, min(args.warm_runs, args.extracts - 1) + 1):
        p = month - back
        results[p], t = timed(engine.compute, ids, p)
        warm.append(t)
        print(f"    warm  {p}: {t:.3f} s")
    f["ext_warm_median_s"] = statistics.median(warm) if warm else float("nan")
    print(f"    median warm: {f['ext_warm_median_s']:.3f} s")
    periods = month.months_back(24)
    _, f["ext_many_cold_s"] = timed(engine.compute_many, ids, periods, KINDS)
    f["ext_many_warm_s"] = statistics.median(
        [timed(engine.compute_many, ids, periods, KINDS)[1] for _ in range(args.many_runs)])
    print(f"  compute_many 24 x 3: cold {f['ext_many_cold_s']:.3f} s, warm (median) {f['ext_many_warm_s']:.3f} s")
    show_memory("measures (extracts)", f)
    ref, t_conv = timed(PandasReference, data)
    figs, f["ext_pandas_s"] = timed(ref.compute, month)
    f["ext_ratio"] = f["ext_pandas_s"] / f["ext_warm_median_s"]
    print(f"  pandas: to_pandas + de-duplication {t_conv:.2f} s, one month {f['ext_pandas_s']:.2f} s "
          f"({f['ext_ratio']:.1f}x the engine's median warm)")
    show_memory("pandas reference (extracts)", f)
    print("  agreement, engine vs pandas, every extract month:")
    f["ext_mismatches"] = []
    for back in range(args.extracts):
        p = month - back
        res = results[p] if p in results else engine.compute(ids, p)
        f["ext_mismatches"] += compare(res, figs if p == month else ref.compute(p), f"{args.extracts} extracts {p}")
    f["ext_mismatches"] = sorted(set(f["ext_mismatches"]))
    engine.close()
    queue.put(f)


def in_process(target, args) -> dict:
    """Run a stage in a fresh process (its own peak memory) and collect its figures."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(args, queue))
    proc.start()
    while True:  # a stage that dies never answers: stop instead of waiting for ever
        try:
            figures = queue.get(timeout=5)
            break
        except Exception:
            if not proc.is_alive():
                raise SystemExit(f"stage {target.__name__} failed (exit {proc.exitcode})") from None
    proc.join()
    return figures


# ---- summary --------------------------------------------------------------------------------------
def verdict(value: float, target: float) -> str:
    return "PASS" if value < target else "FAIL"


def summary(args, f: dict) -> None:
    rows = [
        ("large LA rows (all tables)", f"{f['large_rows']:,}", "", ""),
        ("large LA simulate", f"{f['large_simulate_s']:.1f} s", "", ""),
        ("large LA load (DuckDB)", f"{f['large_load_s']:.2f} s", "", ""),
        ("one month, all measures, cold", f"{f['large_cold_s']:.3f} s", "", ""),
        ("one month, all measures, warm (median of 5 months)", f"{f['large_warm_median_s']:.3f} s",
         f"< {TARGET_WARM_S:g} s", verdict(f["large_warm_median_s"], TARGET_WARM_S)),
        ("one month, warm, extract month again", f"{f['large_warm_same_month_s']:.3f} s",
         f"< {TARGET_WARM_S:g} s", verdict(f["large_warm_same_month_s"], TARGET_WARM_S)),
        ("24 months x 3 windows, cold", f"{f['many_cold_s']:.3f} s", f"< {TARGET_MANY_S:g} s",
         verdict(f["many_cold_s"], TARGET_MANY_S)),
        ("24 months x 3 windows, warm (median)", f"{f['many_warm_median_s']:.3f} s",
         f"< {TARGET_MANY_S:g} s", verdict(f["many_warm_median_s"], TARGET_MANY_S)),
        ("pandas reference, one month", f"{f['pandas_compute_s']:.2f} s", "", ""),
        ("pandas / DuckDB warm (same month)", f"{f['pandas_ratio']:.1f}x", "", ""),
        ("pandas 24 x 3 windows (72 computations)", f"{f['pandas_many_s']:.1f} s", "", ""),
        ("pandas / DuckDB warm, 24 x 3", f"{f['pandas_many_s'] / f['many_warm_median_s']:.0f}x", "", ""),
        ("peak memory, large-LA process", f"{f['mem:pandas reference (large LA)']['peak_mb']:,.0f} MB", "", ""),
        (f"national rows ({f['nat_las']} LAs)", f"{f['nat_rows']:,}", "", ""),
        ("national simulate (not timed against target)", f"{f['nat_simulate_s']:.1f} s", "", ""),
        ("national load", f"{f['nat_load_s']:.2f} s", "", ""),
        ("national all measures one month (cold)", f"{f['nat_measures_s']:.2f} s", "", ""),
        ("national load + measures", f"{f['nat_total_s']:.2f} s", f"< {TARGET_NATIONAL_S:g} s",
         verdict(f["nat_total_s"], TARGET_NATIONAL_S)),
        ("peak memory after national load + measures",
         f"{f['mem:national load + measures']['peak_mb']:,.0f} MB", "", ""),
    ]
    if "mem:pandas reference (national)" in f:
        rows.append(("peak memory, national process (incl. pandas)",
                     f"{f['mem:pandas reference (national)']['peak_mb']:,.0f} MB", "", ""))
    if "ext_rows" in f:
        rows += [
            (f"{args.extracts} monthly extracts: rows", f"{f['ext_rows']:,}", "", ""),
            (f"{args.extracts} extracts: load", f"{f['ext_load_s']:.2f} s", "", ""),
            (f"{args.extracts} extracts: one month cold", f"{f['ext_cold_s']:.3f} s", "", ""),
            (f"{args.extracts} extracts: one month warm (median)", f"{f['ext_warm_median_s']:.3f} s",
             f"(< {TARGET_WARM_S:g} s)", verdict(f["ext_warm_median_s"], TARGET_WARM_S)),
            (f"{args.extracts} extracts: 24 x 3 warm (median)", f"{f['ext_many_warm_s']:.3f} s",
             f"(< {TARGET_MANY_S:g} s)", verdict(f["ext_many_warm_s"], TARGET_MANY_S)),
            (f"{args.extracts} extracts: pandas / DuckDB warm, one month", f"{f['ext_ratio']:.1f}x", "", ""),
            (f"{args.extracts} extracts: peak memory", f"{f['mem:pandas reference (extracts)']['peak_mb']:,.0f} MB",
             "", ""),
        ]
    checks = [("large LA", sorted({m for ms in f["mismatches"].values() for m in ms})),
              ("national", f.get("nat_mismatches", [])), ("extracts", f.get("ext_mismatches", []))]
    checks = [(label, bad) for label, bad in checks if label != "extracts" or "ext_rows" in f]
    w = max(len(r[0]) for r in rows)
    v = max(len(r[1]) for r in rows)
    print("\n== Summary ==")
    print(f"machine: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
          f"Python {platform.python_version()}; run: {'--quick' if args.quick else 'full'}, "
          f"large LA children={args.children:,}, national las={args.las} x "
          f"children={args.national_children:,}")
    print(f"{'figure':{w}s}  {'measured':>{v}s}  {'target':9s}  result")
    for name, value, target, result in rows:
        print(f"{name:{w}s}  {value:>{v}s}  {target:9s}  {result}".rstrip())
    for label, bad in checks:
        print(f"engine vs pandas, measures that differ ({label}): {', '.join(bad) if bad else 'none'}")


def main() -> None:
    import datetime as dt

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--children", type=int, help="children in the large LA (default 100000; --quick 5000)")
    p.add_argument("--las", type=int, help="LAs in the national run (default 153; --quick 10)")
    p.add_argument("--national-children", type=int,
                   help="children per LA on average in the national run (default 5000, so ~765k in all; "
                        "--quick 2000)")
    p.add_argument("--warm-runs", type=int, default=5, help="warm one-month runs (default 5)")
    p.add_argument("--many-runs", type=int, default=3, help="warm 24x3 runs (default 3)")
    p.add_argument("--skip-national-pandas", action="store_true",
                   help="skip the engine-vs-pandas check on the national data")
    p.add_argument("--extracts", type=int,
                   help="also run the large LA as this many monthly extracts (default 12; --quick 3; 0 skips)")
    p.add_argument("--quick", action="store_true", help="small sizes for a smoke run (about a minute)")
    args = p.parse_args()
    args.children = args.children or (5000 if args.quick else 100_000)
    args.las = args.las or (10 if args.quick else 153)
    args.national_children = args.national_children or (2000 if args.quick else 5000)
    if args.extracts is None:
        args.extracts = 3 if args.quick else 12
    args.end = dt.date(2026, 10, 31)  # simulate()'s default end: its one extract is as at this date

    import duckdb
    print(f"kpiboard measures benchmark ({'quick' if args.quick else 'full'}); DuckDB {duckdb.__version__}, "
          f"{os.cpu_count()} CPUs", flush=True)
    t0 = time.perf_counter()
    figures = in_process(large_la, args)
    gc.collect()
    figures |= in_process(national, args)
    if args.extracts > 1:
        figures |= in_process(many_extracts, args)
    summary(args, figures)
    print(f"(benchmark wall time {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
