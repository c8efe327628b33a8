"""Build the simulated world: councils, children, generations of cases and the history before them.

Flows (contacts and what follows) are simulated from a little over 12 months before the first
extract, so every Annex A has a full year behind it. Children already known then (long-term
looked after, care leavers, open plans) come from a history run: starts of care, CP plans and
long CIN plans drawn at the rates the flow itself produced, as far back as such a case can still
be open, kept only if it is. ``children`` is the number of distinct children per LA on average;
the 0-17 population is then set so that the CIN rate comes out near each LA's own level (around
330 per 10,000), which puts the CLA rate near 70 and the CP rate near 40.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .codes import DEMO_LA, ETH_INDEX, ETHNICITIES, GENDERS, OLD_LA_CODES, UASC_ETHNICITIES, weights
from .context import CIN_LONG, CIN_NORMAL, SB3, SB4, Ctx, la_effects, waves
from .dates import NEVER, WorkingDays, day, demand_weights, extract_dates, months_before, to_date
from .frame import Cols, pick, size
from .frontdoor import front_door
from .journeys import injected, repeats, run_generation
from .ssda903 import collection_years
from .world import Store, World, select

CASES_PER_CHILD = 1.0  # first contacts per eventual child, over the kept span (subsampling trims the surplus)
BURN_IN = 2 * 365
MIN_SIMULATED = 400  # children per LA simulated at least (then sampled down)
TOP_UP = 0.35  # returning children at the start of the burn-in, as a share of first contacts
AGE_BANDS = [(0.10, 0, 1), (0.17, 1, 5), (0.23, 5, 10), (0.36, 10, 16), (0.14, 16, 17.9)]


def la_codes(rng: np.random.Generator, las: int) -> list[str]:
    if las == 1:
        return [DEMO_LA]
    pool = list(OLD_LA_CODES) + [str(c) for c in range(944, 999) if str(c) != DEMO_LA]
    if las > len(pool):
        raise ValueError(f"at most {len(pool)} LAs")
    return sorted(rng.choice(pool[: max(las, 153)], las, replace=False).tolist())


def la_sizes(rng: np.random.Generator, children: int, las: int) -> np.ndarray:
    if las == 1:
        return np.array([children])
    s = np.exp(rng.normal(0, 0.6, las))
    return np.maximum(np.round(s / s.mean() * children), 100).astype(np.int64)


def new_children(ctx: Ctx, la: np.ndarray, when: np.ndarray, age_days: np.ndarray, uasc: np.ndarray) -> Cols:
    rng, n = ctx.rng, len(la)
    gender = pick(rng, n, weights(GENDERS))
    gender[uasc] = np.where(ctx.u(uasc.sum()) < 0.93, 0, 1)
    eth = pick(rng, n, weights(ETHNICITIES))
    ucodes = list(UASC_ETHNICITIES)
    eth[uasc] = np.array([ETH_INDEX[c] for c in ucodes])[pick(rng, int(uasc.sum()), list(UASC_ETHNICITIES.values()))]
    return {"la": la, "dob": when - age_days, "gender": gender, "eth": eth,
            "disabled": ctx.u(n) < 0.08, "uasc": uasc}


def _flow_cases(ctx: Ctx, sizes: np.ndarray, lo: int) -> tuple[Cols, Cols]:
    rng = ctx.rng
    n_la = len(sizes)
    w = demand_weights(lo, ctx.end + 1, ctx.wd)
    t = np.arange(len(w))
    topup = TOP_UP * np.exp(-t / 365)  # stand-ins for the returning children of the years before
    w = w * (1 + topup)
    # small councils are simulated at a workable size and then sampled down to the size asked for
    counts = rng.poisson(np.maximum(sizes, MIN_SIMULATED) * CASES_PER_CHILD * (ctx.end - lo) / (ctx.end - lo - BURN_IN))
    la = np.repeat(np.arange(n_la), counts)
    # each LA's demand drifts month to month
    drift = waves(rng, n_la, len(w) // 28 + 2)[:, t // 28]
    cdf = np.cumsum(w[None, :] * drift, axis=1)
    cdf = cdf / cdf[:, -1:] + np.arange(n_la)[:, None]
    anchor = lo + np.searchsorted(cdf.ravel(), la + rng.random(len(la))) - la * len(w)
    anchor = np.clip(anchor, lo, ctx.end)
    n = len(la)
    uasc = ctx.u(n) < 0.0022 * ctx.eff["uasc"][la]
    band = pick(rng, n, [b[0] for b in AGE_BANDS])
    lo_y, hi_y = np.array([b[1] for b in AGE_BANDS])[band], np.array([b[2] for b in AGE_BANDS])[band]
    years = np.where(uasc, rng.uniform(15.3, 17.8, n), lo_y + ctx.u(n) * (hi_y - lo_y))
    children = new_children(ctx, la, anchor, (years * 365.25).astype(np.int64), uasc)
    prior = np.where(years >= 2, (ctx.u(n) < 0.16).astype(int) + (ctx.u(n) < 0.04), 0)
    returning = ctx.u(n) < (topup / (1 + topup))[anchor - lo]
    prior = prior + (returning & (years >= 1) & (ctx.u(n) < 0.2))
    cases = {"case": np.arange(n), "child": np.arange(n), "la": la, "anchor": anchor,
             "gen": returning.astype(np.int64), "uasc": uasc, "prior_cp": prior.astype(np.int64), "known": returning,
             "hist": np.zeros(n, dtype=bool)}
    return children, cases


def _run(ctx: Ctx, cases: Cols, history: bool = False, keep_from: int = 0) -> dict[str, Cols]:
    """Generations until nobody comes back. With ``history``, the first generation skips the
    front door and only cases still open (or care leavers still young enough) at ``keep_from``
    are kept."""
    store = Store()
    next_case = int(cases["case"].max()) + 1 if size(cases) else 0
    first = True
    while size(cases):
        fd = injected(cases) if (first and history) else front_door(ctx, cases)
        batch, s = run_generation(ctx, cases, fd)
        if first and history:
            alive = s["end"] >= keep_from
            lv = batch["leavers"]
            alive[np.searchsorted(s["case"], batch["periods"]["case"][lv["period"]])] |= (
                ctx.bday[22][lv["child"]] >= keep_from)
            keep_child = np.zeros(size(ctx.children), dtype=bool)
            keep_child[s["child"][alive]] = True
            batch = {**batch, "cases": s}
            batch, kept = select(batch, ctx.children, keep_child)
            ctx.set_children(kept)
            s = batch.pop("cases")
        store.add({**batch, "cases": s})
        cases = repeats(ctx, s, next_case)
        next_case += size(cases)
        first = False
    return store.tables()


def _active_since(ctx: Ctx, tables: dict[str, Cols], children: Cols, keep_from: int) -> tuple[dict, Cols]:
    """Drop children whose every case closed before ``keep_from`` (they left no trace in any extract)."""
    c = tables["cases"]
    last = np.zeros(size(children), dtype=np.int64)
    np.maximum.at(last, c["child"], c["end"])
    keep = last >= keep_from
    lv = tables["leavers"]
    keep[lv["child"][ctx.bday[22][lv["child"]] >= keep_from]] = True
    tables, children = select(tables, children, keep)
    ctx.set_children(children)
    return tables, children


def _history_cases(ctx: Ctx, flow: dict[str, Cols], flow_children: Cols, lo: int, case0: int) -> tuple[Cols, Cols]:
    """Starts before the flows at the rates the flows show, with attributes copied from them."""
    rng = ctx.rng
    win0 = ctx.start  # rates from the complete years, after the burn-in
    span = ctx.end - win0
    p = flow["periods"]
    plans = flow["cp"]
    cases_s = flow["cases"]
    kinds = []  # (inject kind, la, start, age_days at start, route/kind, donor child)
    per = (p["start"] >= win0) & ~np.isin(p["route"], [SB3, SB4])
    kinds.append((3, p["la"][per], p["start"][per], p["child"][per], p["route"][per], 18.0))
    cp_ok = plans["start"] >= win0
    kinds.append((1, plans["la"][cp_ok], plans["start"][cp_ok], plans["child"][cp_ok], np.zeros(cp_ok.sum(), int), 3.2))
    cin_ok = (cases_s["cin_start"] >= win0) & (cases_s["cin_start"] < NEVER)
    long_ = flow_children["disabled"][cases_s["child"]]
    kind = np.where(long_[cin_ok] & (rng.random(cin_ok.sum()) < 0.45), CIN_LONG, CIN_NORMAL)
    kinds.append((2, cases_s["la"][cin_ok], cases_s["cin_start"][cin_ok], cases_s["child"][cin_ok], kind, 4.0))
    parts = []
    for inject, la, start, donor, sub, years in kinds:
        if not len(la):
            continue
        horizon = int(years * 365.25)
        k = rng.poisson(len(la) * horizon / span)
        pick_i = rng.integers(0, len(la), k)
        when = lo - 1 - rng.integers(0, horizon, k)
        age = start[pick_i] - flow_children["dob"][donor[pick_i]]
        if inject == 2:  # long plans start at any age; older ones have ended by now
            age = np.where(sub[pick_i] == CIN_LONG, rng.integers(0, 17 * 365, k), age)
        parts.append({"inject": np.full(k, inject), "la": la[pick_i], "inject_date": when, "age": age,
                      "inject_kind": sub[pick_i], "donor": donor[pick_i]})
    if not parts:
        return None, None
    h = {key: np.concatenate([q[key] for q in parts]) for key in parts[0]}
    n = len(h["la"])
    d = h["donor"]
    children = {"la": h["la"], "dob": h["inject_date"] - h["age"], "gender": flow_children["gender"][d],
                "eth": flow_children["eth"][d], "disabled": flow_children["disabled"][d],
                "uasc": flow_children["uasc"][d]}
    lead = np.where(h["inject"] == 3, np.where(np.isin(h["inject_kind"], [1, 2]), rng.integers(30, 400, n),
                                                  rng.integers(0, 30, n)), rng.integers(20, 60, n))
    ref = np.maximum(h["inject_date"] - lead, children["dob"])
    cases = {"case": case0 + np.arange(n), "child": np.arange(n), "la": h["la"], "anchor": ref,
             "gen": np.zeros(n, dtype=np.int64), "uasc": children["uasc"], "known": np.ones(n, dtype=bool),
             "prior_cp": (rng.random(n) < 0.12).astype(np.int64), "hist": np.ones(n, dtype=bool),
             "inject": h["inject"], "inject_date": h["inject_date"], "inject_kind": h["inject_kind"], "ref_date": ref}
    return children, cases


def build(children: int, months: int, seed: int, las: int, end: dt.date) -> World:
    rng = np.random.default_rng(seed)
    codes = la_codes(rng, las)
    sizes = la_sizes(rng, children, las)
    first_extract = extract_dates(end, months)[0]
    start = day(months_before(first_extract, 12)) + 1
    years = collection_years(end, months)  # SSDA903 years: their first April may come before ``start``
    keep_from = (min(start, day(dt.date(years[0] - 1, 4, 1))) if years else start) - 1
    lo = start - BURN_IN - 45
    wd = WorkingDays(end.year - 24, end.year + 8)
    n_la = len(codes)
    month0 = np.datetime64(to_date(lo), "M").astype(np.int64)
    n_months = int(np.datetime64(end, "M").astype(np.int64) - month0) + 2
    ctx = Ctx(rng=rng, wd=wd, start=start, end=day(end), floor=keep_from - 400, n_la=n_la,
              eff=la_effects(rng, n_la), wave=waves(rng, n_la, n_months), wave_month0=int(month0), first_flow=lo)

    flow_children, cases = _flow_cases(ctx, sizes, lo)
    ctx.set_children(flow_children)
    flow = _run(ctx, cases)
    flow, flow_children = _active_since(ctx, flow, flow_children, keep_from)

    store = Store()
    store.add(flow)
    kids = flow_children
    hist_children, hcases = _history_cases(ctx, flow, flow_children, lo, int(flow["cases"]["case"].max()) + 1)
    if hcases is not None:
        ctx.set_children(hist_children)
        hist = _run(ctx, hcases, history=True, keep_from=keep_from)
        offset = size(flow_children)
        store.add({name: ({**t, "child": t["child"] + offset} if "child" in t else t) for name, t in hist.items()})
        kids = {k: np.concatenate([flow_children[k], ctx.children[k]]) for k in flow_children}
    tables = store.tables()

    # exactly the requested number of children per LA (a random subset)
    keep = np.zeros(size(kids), dtype=bool)
    order = rng.permutation(size(kids))
    rank = np.zeros(size(kids), dtype=np.int64)
    la_sorted = kids["la"][order]
    srt = np.argsort(la_sorted, kind="stable")
    counts = np.bincount(la_sorted, minlength=n_la)
    rank_sorted = np.arange(len(srt)) - np.repeat(np.cumsum(counts) - counts, counts)
    rank[order[srt]] = rank_sorted
    keep = rank < sizes[kids["la"]]
    tables, kids = select(tables, kids, keep)
    ids = 1_000_000 + np.cumsum(rng.integers(1, 400, size(kids)))
    kids["id"] = rng.permutation(ids)
    ctx.set_children(kids)
    return World(la_codes=codes, start=start, end=day(end), children=kids, t=tables, ctx=ctx)
