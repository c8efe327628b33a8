"""Periods of care: how long, how they end, legal statuses, placements and SSDA903 episodes.

Exits by age at entry follow the DfE looked-after statistics in shape: babies are more often
adopted or made subject to a special guardianship order, older children more often return home
or stay until 18. Adoptions run entry -> decision -> placement order -> match -> placed ->
adoption order (about 15 months from entry to placement on average). Placements: a bridging
placement first for about a third, then either a settled placement or, for an unsettled minority
(mostly teenagers), a run of short ones; long-term foster placements turn from U6 into U4 with
the same carer (RNE T); 16- and 17-year-olds often move to semi-independent H5.
"""

from __future__ import annotations

import numpy as np

from .codes import EXIT_CODES, LS_INDEX, PL, PLACE_CHANGE_W, PLACE_MIX, REC_INDEX
from .context import EMERG, FROM_CIN, FROM_CP, REMAND, SB3, SB4, UASC, Ctx
from .dates import NEVER
from .frame import Cols, firsts, lasts, pick, pick_dict

HOME, SGO, ADOPT, OTHER, ADULT, REMANDX, UASCX, SHORT = range(8)
EXIT_NAMES = ["home", "sgo", "adopt", "other", "adult", "remand", "uasc", "short"]
# home, sgo, adopt, other, stay until 18 -- by age band at entry (<1, 1-4, 5-9, 10-15, 16+)
EXIT_MIX = np.array([[.17, .20, .45, .05, .13], [.28, .22, .25, .06, .19], [.40, .15, 0, .10, .35],
                     [.50, .05, 0, .10, .35], [.32, 0, 0, .06, .62]])
RNE_CODES = np.array(["S", "P", "T", "L", "B", "U"])
L = LS_INDEX


def _uniform(ctx: Ctx, n: int, lo, hi) -> np.ndarray:
    return (np.asarray(lo) + np.floor(ctx.u(n) * (np.asarray(hi) - np.asarray(lo) + 1))).astype(np.int64)


def expand_short_breaks(ctx: Ctx, entries: Cols) -> Cols:
    """A V3 short-break arrangement is a run of separate one-to-four-night periods."""
    sb3 = entries["route"] == SB3
    k = np.where(sb3, ctx.rng.integers(4, 11, len(sb3)), 1)
    idx = np.repeat(np.arange(len(sb3)), k)
    out = {key: v[idx] for key, v in entries.items()}
    within = np.arange(len(idx)) - np.repeat(np.cumsum(k) - k, k)
    gaps = ctx.rng.integers(20, 61, len(idx))
    offset = np.cumsum(np.where(within == 0, 0, gaps))
    offset -= np.repeat(offset[np.cumsum(k) - k], k)
    out["date"] = out["date"] + offset
    return out


def periods(ctx: Ctx, entries: Cols) -> dict:
    """Entries (case, child, la, date, route) -> periods of care with their exits and adoption."""
    rng, u = ctx.rng, ctx.u
    child, start, route, la = entries["child"], entries["date"], entries["route"], entries["la"]
    n = len(child)
    age = ctx.age_years(child, start)
    band = np.select([age < 1, age < 5, age < 10, age < 16], [0, 1, 2, 3], 4)
    cum = np.cumsum(EXIT_MIX[band], axis=1)
    ex = np.array([HOME, SGO, ADOPT, OTHER, ADULT])[np.argmax(u(n)[:, None] < cum, axis=1)]
    ex[route == REMAND] = REMANDX
    ex[route == UASC] = np.where(u((route == UASC).sum()) < 0.92, ADULT, UASCX)
    ex[(route == SB3) | (route == SB4)] = SHORT
    bday18 = ctx.bday[18][child]

    dur = np.exp(rng.normal(np.log(np.where(age >= 16, 60, 110)), 1.15))
    dur = np.where(ex == SGO, rng.uniform(280, 1000, n), dur)
    dur = np.where(ex == OTHER, np.exp(rng.normal(np.log(220), 1.0, n)), dur)
    pace = u(n) < 0.3
    dur = np.where(ex == REMANDX, np.where(pace, 1, np.exp(rng.normal(np.log(45), 0.8, n))), dur)
    dur = np.where(ex == UASCX, rng.uniform(10, 120, n), dur)
    dur = np.where(ex == SHORT, np.where(route == SB4, rng.uniform(150, 540, n), rng.integers(1, 5, n)), dur)
    end = start + np.clip(np.round(dur), 1, 4000).astype(np.int64)
    end = np.where(ex == ADULT, bday18, end)

    # Adoption: decision, placement order, match, placed, order; one in ten plans is reversed.
    adopt = ex == ADOPT
    decision = np.where(adopt, start + _uniform(ctx, n, 90, 260), NEVER)
    ffa = adopt & (u(n) < 0.14)
    ffa_date = np.where(ffa, start + _uniform(ctx, n, 5, 60), NEVER)
    po = np.where(adopt, decision + _uniform(ctx, n, 30, 180), NEVER)
    reversed_ = adopt & (u(n) < 0.10)
    rev_date = np.where(reversed_, po + _uniform(ctx, n, 60, 300), NEVER)
    wait = np.clip(np.exp(rng.normal(np.log(125), 0.7, n)), 14, 900).astype(np.int64)
    match = np.where(ffa, po - _uniform(ctx, n, 0, 20), po + wait)
    match = np.where(adopt & ~reversed_, match, NEVER)
    placed = np.where(ffa, po + _uniform(ctx, n, 0, 14), match + _uniform(ctx, n, 7, 42))
    placed = np.where(adopt & ~reversed_, placed, NEVER)
    order = np.where(adopt & ~reversed_, placed + _uniform(ctx, n, 110, 420), NEVER)
    end = np.where(adopt & ~reversed_, order, end)
    # a reversed plan becomes special guardianship or long-term fostering
    to_sgo = reversed_ & (u(n) < 0.5)
    end = np.where(reversed_, np.where(to_sgo, rev_date + _uniform(ctx, n, 200, 700), bday18), end)
    ex = np.where(reversed_, np.where(to_sgo, SGO, ADULT), ex)
    ex = np.where((end >= bday18) & (ex != SHORT) & (ex != REMANDX), ADULT, ex)
    end = np.minimum(end, bday18)
    end = np.maximum(end, start + 1)

    rec = np.zeros(n, dtype=np.int64)
    for x, name in enumerate(EXIT_NAMES):
        m = ex == x
        if m.any():
            rec[m] = pick_dict(rng, int(m.sum()), EXIT_CODES[name], REC_INDEX)
    rec[u(n) < 0.001] = REC_INDEX["E2"]
    adoption = {"period": np.nonzero(adopt)[0], "decision": decision[adopt], "po": po[adopt],
                "match": match[adopt], "placed": placed[adopt], "order": order[adopt],
                "reversed": rev_date[adopt], "rev_reason": np.where(u(n) < 0.4, 2, rng.integers(0, 4, n))[adopt],
                "ffa": ffa_date[adopt]}
    p = {"case": entries["case"], "child": child, "la": la, "start": start, "end": end, "route": route,
         "exit": ex, "rec": rec, "pace": pace & (ex == REMANDX)}
    return {"periods": p, "adoption": adoption, "po": po, "placed": placed, "ffa": ffa_date, "rev": rev_date}


def legal_statuses(ctx: Ctx, p: Cols, po: np.ndarray, rev: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Legal status on entry and up to three changes (date, status) before the period ends."""
    rng, u = ctx.rng, ctx.u
    route, ex, start, end = p["route"], p["exit"], p["start"], p["end"]
    n = len(route)
    age = ctx.age_years(p["child"], start)
    ls0 = np.full(n, L["V2"])
    em = route == EMERG
    ls0[em] = np.array([L["L1"], L["L2"], L["V2"], L["C1"]])[pick(rng, int(em.sum()), [.25, .07, .40, .28])]
    cp = route == FROM_CP
    ls0[cp] = np.where(u(cp.sum()) < 0.68, L["C1"], L["V2"])
    cin = route == FROM_CIN
    ls0[cin] = np.where(u(cin.sum()) < 0.15, L["C1"], L["V2"])
    ls0[route == REMAND] = np.where(p["pace"][route == REMAND], L["J2"], L["J1"])
    ls0[route == SB4], ls0[route == SB3] = L["V4"], L["V3"]
    adopt = np.isin(ls0, [L["V2"], L["L1"], L["L2"]]) & (ex == ADOPT)
    ls0[adopt & (u(n) < 0.6)] = L["C1"]

    chg_date = np.full((n, 3), NEVER)
    chg_ls = np.full((n, 3), -1)
    cur, since = ls0.copy(), start.copy()
    # police protection and EPOs last days; then section 20 or an interim care order
    d = np.where(cur == L["L1"], start + _uniform(ctx, n, 1, 3), start + _uniform(ctx, n, 2, 8))
    go = np.isin(cur, [L["L1"], L["L2"]]) & (d < end)
    new = np.where((cur == L["L1"]) & (u(n) < 0.55), L["V2"], L["C1"])
    chg_date[go, 0], chg_ls[go, 0] = d[go], new[go]
    cur[go], since[go] = new[go], d[go]
    # section 20 -> proceedings for children heading for permanence away from home
    court = np.select([np.isin(ex, [SGO, ADOPT, OTHER]) | ((ex == ADULT) & (age < 12)), ex == ADULT,
                       (ex == HOME) & (end - start > 200)], [0.75, 0.55, 0.15], 0.0)
    court[ex == ADOPT] = 1.0
    d = since + _uniform(ctx, n, 20, 180)
    go = (cur == L["V2"]) & ~np.isin(route, [UASC, SB3, SB4]) & (u(n) < court) & (d < end)
    chg_date[go, 1], chg_ls[go, 1] = d[go], L["C1"]
    cur[go], since[go] = L["C1"], d[go]
    # interim -> full care order, or a placement order for adoption
    to_e1 = (cur == L["C1"]) & (ex == ADOPT) & (po < end) & (po > since)
    d = np.where(to_e1, po, since + _uniform(ctx, n, 90, 300))
    go = (cur == L["C1"]) & (d < end) & (to_e1 | (u(n) < 0.9))
    chg_date[go, 2], chg_ls[go, 2] = d[go], np.where(to_e1, L["E1"], L["C2"])[go]
    return ls0, chg_date, chg_ls


def _place_type(ctx: Ctx, age: np.ndarray, route: np.ndarray) -> np.ndarray:
    n = len(age)
    grp = np.select([np.isin(route, [SB3, SB4]), route == UASC, age < 1, age < 10, age < 12, age < 16],
                    ["short", "uasc", "baby", "child", "tween", "teen"], "older")
    out = np.zeros(n, dtype=np.int64)
    for g in np.unique(grp):
        m = grp == g
        out[m] = pick_dict(ctx.rng, int(m.sum()), PLACE_MIX[g], PL)
    rem = route == REMAND
    out[rem] = np.where(ctx.u(rem.sum()) < 0.5, PL["K2"], PL["U6"])
    return out


# Who provides each kind of placement (PR0..PR5) and how often it is inside the LA's area.
PROVIDERS = {"U": [0, .62, .02, 0, .31, .05], "K": [0, .22, .03, 0, .7, .05], "H": [0, .18, 0, 0, .77, .05],
             "A": [0, .72, .03, .05, 0, .2], "P": [1, 0, 0, 0, 0, 0], "R": [0, .1, .1, .6, .15, .05],
             "S": [0, .1, .1, .1, .4, .3], "Z": [0, .5, 0, 0, .4, .1], "T": [0, .7, 0, 0, .3, 0]}
IN_AREA = {0: 0.95, 1: 0.85, 2: 0.2, 3: 0.5, 4: 0.45, 5: 0.5}


def _provider(ctx: Ctx, ptype: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from .codes import PLACE
    letter = np.array([c[0] for c in PLACE])[ptype]
    prov = np.zeros(len(ptype), dtype=np.int64)
    for k, w in PROVIDERS.items():
        m = letter == k
        prov[m] = pick(ctx.rng, int(m.sum()), w)
    inarea = ctx.u(len(ptype)) < np.vectorize(IN_AREA.get)(prov) if len(ptype) else np.zeros(0, dtype=bool)
    kin = np.isin(ptype, [PL["U1"], PL["U2"], PL["U3"]])
    prov[kin] = 1
    return prov, inarea


def placements(ctx: Ctx, p: Cols, placed: np.ndarray, ffa: np.ndarray) -> tuple[Cols, Cols]:
    """Placements (period, start, end, type) and same-carer type changes (period, date, type)."""
    rng, u = ctx.rng, ctx.u
    start, end, ex, route, child = p["start"], p["end"], p["exit"], p["route"], p["child"]
    n, K = len(start), 16
    age = ctx.age_years(child, start)
    teen = age >= 12
    stab = ctx.eff["stability"][p["la"]]
    unstable = u(n) < np.where(teen, 0.27, np.where(age < 1, 0.04, 0.10)) / stab
    settle = rng.random((n, K)) < (np.where(teen, 0.33, 0.45) * stab)[:, None]
    regular = rng.exponential(np.where(teen, 260, 420)[:, None], (n, K)) + 14
    d = np.where(settle, np.where(rng.random((n, K)) < 0.55, rng.uniform(200, 1500, (n, K)), 1e7), regular)
    d[:, 0] = np.where(u(n) < 0.32, rng.uniform(2, 45, n), d[:, 0])
    d = np.where(unstable[:, None], rng.exponential(80, (n, K)) + 3, d)
    d[np.isin(route, [SB3, SB4, REMAND]) | (ex == UASCX)] = 1e7

    # forced moves: placed for adoption, FFA carers, placed with parents before going home, H5 at 16-17
    f_date = np.full(n, NEVER)
    f_type = np.full(n, -1)
    adopt_move = (placed < end) & (ffa >= NEVER)
    f_date[adopt_move] = placed[adopt_move]
    f_type[adopt_move] = np.where(u(adopt_move.sum()) < 0.7, PL["A6"], PL["A5"])
    ffa_move = ffa < end
    f_date[ffa_move], f_type[ffa_move] = ffa[ffa_move], PL["U5"]
    home = (ex == HOME) & (end - start > 120) & (u(n) < 0.25)
    hd = end - _uniform(ctx, n, 28, 120)
    f_date[home], f_type[home] = hd[home], PL["P1"]
    h5 = ctx.bday[16][child] + _uniform(ctx, n, 0, 400)
    semi = (ex == ADULT) & (route != UASC) & (age < 16.3) & (u(n) < 0.45) & (h5 > start + 60) & (h5 < end - 30)
    f_date[semi], f_type[semi] = h5[semi], PL["H5"]
    cut = np.minimum(f_date, end)

    brk = start[:, None] + np.cumsum(d, axis=1)[:, : K - 1].astype(np.int64)
    ok = brk < (cut - 1)[:, None]
    pi, pk = np.nonzero(ok)
    pl_period = np.concatenate([np.arange(n), pi, np.nonzero(f_date < end)[0]])
    pl_start = np.concatenate([start, brk[pi, pk], f_date[f_date < end]])
    order = np.lexsort((pl_start, pl_period))
    pl_period, pl_start = pl_period[order], pl_start[order]
    forced = np.concatenate([np.full(n + len(pi), -1), f_type[f_date < end]])[order]
    last = lasts(pl_period)
    pl_end = np.where(last, end[pl_period], np.r_[pl_start[1:], 0])
    nonzero = pl_end > pl_start  # two moves on one day: only the second counts
    pl_period, pl_start, pl_end, forced = pl_period[nonzero], pl_start[nonzero], pl_end[nonzero], forced[nonzero]
    pl_age = ctx.age_years(child[pl_period], pl_start)
    ptype = np.where(forced >= 0, forced, _place_type(ctx, pl_age, route[pl_period]))
    ptype = np.where((ptype == PL["R3"]) & (pl_end - pl_start > 140), PL["U6"], ptype)  # units are for weeks

    # same carer, new status: U6 -> U4 and U3 -> U1 after months; FFA carer -> placed for adoption
    length = pl_end - pl_start
    lt = np.isin(ptype, [PL["U6"], PL["U3"]]) & (pl_age < 14) & (length > 300) & (u(len(ptype)) < 0.55)
    t_date = pl_start + np.minimum(_uniform(ctx, len(ptype), 120, 500), np.maximum(length - 1, 1))
    t_type = np.where(ptype == PL["U6"], PL["U4"], PL["U1"])
    fp = ffa < end
    t_period = np.concatenate([pl_period[lt], np.nonzero(fp & (placed < end))[0]])
    t_when = np.concatenate([t_date[lt], placed[fp & (placed < end)]])
    t_new = np.concatenate([t_type[lt], np.full((fp & (placed < end)).sum(), PL["A5"])])
    provider, inarea = _provider(ctx, ptype)
    pl = {"period": pl_period, "start": pl_start, "end": pl_end, "type": ptype, "provider": provider,
          "inarea": inarea}
    return pl, {"period": t_period, "date": t_when, "type": t_new}


def episodes(ctx: Ctx, p: Cols, pl: Cols, tch: Cols, ls0, chg_date, chg_ls) -> Cols:
    """Merge placement starts, carer-type changes and legal-status changes into episodes."""
    if not len(pl["period"]):
        return {k: np.zeros(0, dtype=np.int64) for k in
                ("period", "start", "end", "rne", "ls", "type", "placement", "reason_change")}
    first = firsts(pl["period"])
    pidx = np.arange(len(pl["period"]))
    ci, ck = np.nonzero(chg_date < p["end"][:, None])
    per = np.concatenate([pl["period"], tch["period"], ci])
    date = np.concatenate([pl["start"], tch["date"], chg_date[ci, ck]])
    kind = np.concatenate([np.where(first, 0, 1), np.full(len(tch["period"]), 2), np.full(len(ci), 3)])
    place = np.concatenate([pidx, np.full(len(tch["period"]) + len(ci), -1)])
    ptype = np.concatenate([pl["type"], tch["type"], np.full(len(ci), -1)])
    ls = np.concatenate([np.where(first, ls0[pl["period"]], -1), np.full(len(tch["period"]), -1), chg_ls[ci, ck]])
    order = np.lexsort((kind, date, per))
    per, date, kind, place, ptype, ls = (a[order] for a in (per, date, kind, place, ptype, ls))
    new = np.r_[True, (per[1:] != per[:-1]) | (date[1:] != date[:-1])]
    g = np.nonzero(new)[0]
    has = lambda k: np.maximum.reduceat((kind == k).astype(int), g) > 0  # noqa: E731
    s, pp, t, lc = has(0), has(1), has(2), has(3)
    rne = np.select([s, pp & lc, pp, t & lc, t], [0, 4, 1, 5, 2], 3)
    e_per, e_start = per[g], date[g]

    def ffill(v):
        v = np.maximum.reduceat(v, g)
        idx = np.where(v >= 0, np.arange(len(v)), 0)
        return v[np.maximum.accumulate(idx)]

    e_place, e_type, e_ls = ffill(place), ffill(ptype), ffill(ls)
    last = lasts(e_per)
    e_end = np.where(last, p["end"][e_per], np.r_[e_start[1:], 0])
    nxt = np.r_[rne[1:], 0]
    moved = ~last & np.isin(nxt, [1, 4])
    reason = np.where(moved, pick(ctx.rng, len(rne), PLACE_CHANGE_W), -1)
    planned = np.isin(np.r_[e_type[1:], -1], [PL[c] for c in ("A3", "A4", "A5", "A6", "P1", "H5", "U5")])
    reason = np.where(moved & planned, 0, reason)  # CARPL: a move the care plan intended
    return {"period": e_per, "start": e_start, "end": e_end, "rne": rne, "ls": e_ls, "type": e_type,
            "placement": e_place, "reason_change": reason}
