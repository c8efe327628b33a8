"""Life in care and after: reviews, visits, health and dental checks, missing episodes, care leavers.

Statutory reviews: within 20 working days of entry, again within 3 months, then every 6 months
(a few late). Social work visits about every 6 weeks, health assessments yearly (six-monthly for
under-fives), dental checks yearly with more slippage. Care leavers are those who left care at
16 or over after 13 weeks in care since their 14th birthday; their contact, activity and
accommodation change from one birthday to the next (EET about 55%, suitable accommodation about
85%, in touch about 90%).
"""

from __future__ import annotations

import numpy as np

from .care import ADOPT, REMANDX, SHORT, UASCX
from .codes import ACCOM_SUITABLE, ACCOMMODATION, ACTIVITIES, IN_TOUCH, REVIEW_W, weights
from .context import Ctx
from .frame import Cols, pick, seq_dates

AGES = np.arange(16, 22)  # care-leaver states by age at the last birthday


def reviews(ctx: Ctx, p: Cols) -> Cols:
    rng, u = ctx.rng, ctx.u
    start, end, la = p["start"], p["end"], p["la"]
    n = len(start)
    late = np.clip(0.15 * ctx.eff["review_late"][la], 0.02, 0.5)
    first = ctx.wd.add(start, np.where(u(n) < late, rng.integers(21, 41, n), rng.integers(6, 21, n)))
    second = first + np.where(u(n) < late, rng.integers(92, 141, n), rng.integers(50, 92, n))
    own, dates = seq_dates(rng, np.arange(n), second, end, 140, 182, late, 330)
    ok1 = first < end
    period = np.concatenate([np.nonzero(ok1)[0], own])
    date = np.concatenate([first[ok1], dates])
    keep = ~np.isin(p["exit"][period], [SHORT]) | (p["route"][period] != 6)  # no reviews of single V3 breaks
    period, date = period[keep], date[keep]
    young = ctx.age_years(p["child"][period], date) < 4
    code = np.where(young, 0, 1 + pick(rng, len(period), REVIEW_W))  # PN0 = under 4
    return {"period": period, "date": date, "code": code}


def visits(ctx: Ctx, p: Cols) -> Cols:
    rng = ctx.rng
    start, end, la = p["start"], p["end"], p["la"]
    n = len(start)
    first = np.maximum(start + rng.integers(0, 8, n), ctx.floor + rng.integers(0, 42, n))
    lapse = np.clip(0.06 * ctx.eff["lapse"][la], 0.01, 0.4)
    own, dates = seq_dates(rng, np.arange(n), first, np.minimum(end, ctx.end + 1), 12, 40, lapse, 90)
    return {"period": own, "date": dates}


def health(ctx: Ctx, p: Cols) -> tuple[Cols, Cols]:
    """Health assessments and dental checks (period, date)."""
    rng, u = ctx.rng, ctx.u
    start, end, child = p["start"], p["end"], p["child"]
    n = len(start)
    stop = np.minimum(end, ctx.end + 1)
    first = start + np.where(u(n) < 0.75, rng.integers(8, 29, n), rng.integers(29, 90, n))
    # jump the series forward for long stays (only recent checks matter), keeping it regular
    skip = np.maximum((ctx.floor - first) // 365 - 1, 0) * 365
    under5 = ctx.age_years(child, start) < 4
    o1, d1 = seq_dates(rng, np.nonzero(under5)[0], first[under5], stop[under5], 150, 182, 0.25, 300)
    o2, d2 = seq_dates(rng, np.nonzero(~under5)[0], (first + skip)[~under5], stop[~under5], 300, 365, 0.6, 620)
    ha = {"period": np.concatenate([o1, o2]), "date": np.concatenate([d1, d2])}
    dfirst = start + rng.integers(60, 180, n)
    dskip = np.maximum((ctx.floor - dfirst) // 365 - 1, 0) * 365
    o3, d3 = seq_dates(rng, np.arange(n), dfirst + dskip, stop, 280, 365, 0.6, 760)
    ok = ctx.age_years(child[o3], d3) >= 1
    return ha, {"period": o3[ok], "date": d3[ok]}


def missing(ctx: Ctx, p: Cols) -> Cols:
    """Missing (M) and away without authorisation (A) episodes, mostly teenagers, a few often."""
    rng, u = ctx.rng, ctx.u
    start, end, child = p["start"], p["end"], p["child"]
    n = len(start)
    lo = np.maximum(np.maximum(start, ctx.floor), ctx.bday[10][child])
    hi = np.minimum(end, ctx.end + 1)
    span = np.maximum(hi - lo, 0)
    prone = u(n) < 0.1
    rate = np.where(prone, rng.gamma(1.2, 6.0, n), 0.08)
    count = np.minimum(rng.poisson(rate * span / 365.25), 80)
    count[np.isin(p["exit"], [SHORT])] = 0
    own = np.repeat(np.arange(n), count)
    s = lo[own] + np.floor(u(len(own)) * span[own]).astype(np.int64)
    length = np.array([0, 1, 3, 12])[pick(rng, len(own), [0.45, 0.30, 0.17, 0.08])]
    length = np.floor(length * rng.uniform(0.5, 1.5, len(own))).astype(np.int64)
    e = np.minimum(s + length, end[own])
    kind = np.where(u(len(own)) < 0.75, "M", "A")
    return {"period": own, "start": s, "end": e, "kind": kind}


def leavers(ctx: Ctx, p: Cols) -> dict:
    """Care leavers and their states at each age from 16 to 21."""
    rng = ctx.rng
    child, start, end = p["child"], p["start"], p["end"]
    b16, b14 = ctx.bday[16][child], ctx.bday[14][child]
    in_care_after_14 = end - np.maximum(start, b14)
    ok = (end >= b16) & (in_care_after_14 >= 91) & ~np.isin(p["exit"], [ADOPT, REMANDX, SHORT, UASCX])
    ok &= p["rec"] != 2  # not E2 (died)
    ok &= end <= ctx.end
    idx = np.nonzero(ok)[0]
    m = len(idx)
    k = len(AGES)
    touch = pick(rng, m * k, weights(IN_TOUCH)).reshape(m, k)
    act = pick(rng, m * k, weights(ACTIVITIES)).reshape(m, k)
    acc = pick(rng, m * k, [a[2] for a in ACCOMMODATION]).reshape(m, k)
    for j in range(1, k):  # most keep last year's situation
        keep = rng.random(m) < 0.55
        touch[keep, j], act[keep, j], acc[keep, j] = touch[keep, j - 1], act[keep, j - 1], acc[keep, j - 1]
    suitable = rng.random((m, k)) < ACCOM_SUITABLE[acc]
    c = child[idx]
    pw_first = np.maximum(end[idx], ctx.floor - 200) + rng.integers(20, 150, m)
    po, pd = seq_dates(rng, np.arange(m), pw_first, np.minimum(ctx.bday[22][c], ctx.end + 1), 110, 182, 0.15, 300)
    co, cd = seq_dates(rng, np.arange(m), np.maximum(end[idx], ctx.floor - 60) + rng.integers(3, 40, m),
                       np.minimum(ctx.bday[22][c], ctx.end + 1), 7, 50, 0.1, 120)
    return {"leavers": {"period": idx, "child": c, "left": end[idx], "touch": touch, "activity": act,
                        "accom": acc, "suitable": suitable},
            "pathway": {"leaver": po, "date": pd}, "contact": {"leaver": co, "date": cd}}
