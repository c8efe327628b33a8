"""Child protection plans and child in need plans.

CP plan lengths follow DfE's plans-ending bands (England 2024: 16% up to 3 months, 12% 3-6, 43%
6-12, 25% 1-2 years, 4% 2 years or more). Review conferences come within 3 months and then every
6 months, statutory visits about every 10 working days; both lapse now and then. About one plan
in six ends with the child coming into care; most others step down to a CIN plan.
"""

from __future__ import annotations

import numpy as np

from .codes import ABUSE, weights
from .context import CIN_AFTER_CARE, CIN_LONG, CIN_STEPDOWN, FROM_CIN, FROM_CP, SB3, SB4, Ctx
from .frame import band_days, pick, seq_dates

ABUSE_W = weights(ABUSE)
CP_BANDS = [(0.13, 30, 91), (0.11, 92, 182), (0.45, 183, 365), (0.27, 366, 730), (0.04, 731, 1300)]


def cp_stage(ctx: Ctx, case: np.ndarray, child: np.ndarray, la: np.ndarray, start: np.ndarray,
             prior: np.ndarray, no_care: np.ndarray) -> dict:
    rng, u, n = ctx.rng, ctx.u, len(case)
    age = ctx.age_years(child, start)
    end = np.minimum(start + band_days(rng, n, CP_BANDS), ctx.bday[18][child] - 1)
    to_care = ~no_care & (u(n) < np.clip(0.115 * ctx.eff["care"][la] * np.where(age < 1, 3.5, 1.0), 0, 0.7))
    care_date = start + 30 + np.floor(u(n) * np.maximum(np.minimum(end - start, 450) - 30, 1)).astype(np.int64)
    care_date = np.minimum(care_date, end)
    end = np.where(to_care, care_date, end)
    stepdown = ~to_care & (u(n) < 0.7) & (end < ctx.bday[18][child] - 30)

    late = np.clip(0.4 * ctx.eff["review_late"][la], 0.04, 0.8)
    first = start + np.where(u(n) < late, rng.integers(92, 131, n), rng.integers(55, 92, n))
    rv_owner, rv_date = seq_dates(rng, np.arange(n), first, end, 150, 182, late, 430)
    lapse = np.clip(0.08 * ctx.eff["lapse"][la], 0.01, 0.4)
    vfirst = np.maximum(start + rng.integers(1, 10, n), ctx.floor + rng.integers(0, 14, n))
    v_owner, v_date = seq_dates(rng, np.arange(n), vfirst, np.minimum(end + 1, ctx.end + 1), 6, 15, lapse, 60)
    initial = pick(rng, n, ABUSE_W)
    latest = np.where(u(n) < 0.86, initial, pick(rng, n, ABUSE_W))
    plans = {"case": case, "child": child, "la": la, "start": start, "end": end, "prior": prior,
             "initial": initial, "category": latest,
             "alone": np.where(age >= 5, u(n) < 0.72, u(n) < 0.08), "epo": u(n) < 0.03}
    return {"plans": plans, "reviews": {"plan": rv_owner, "date": rv_date},
            "visits": {"plan": v_owner, "date": v_date},
            "care": {"at": np.nonzero(to_care)[0], "date": care_date[to_care],
                     "route": np.full(to_care.sum(), FROM_CP)},
            "stepdown": {"at": np.nonzero(stepdown)[0], "date": end[stepdown]}}


CIN_MEDIAN = {0: 190, CIN_STEPDOWN: 160, CIN_LONG: 650, CIN_AFTER_CARE: 150}
CIN_SIGMA = {0: 0.65, CIN_STEPDOWN: 0.6, CIN_LONG: 0.7, CIN_AFTER_CARE: 0.6}


def cin_stage(ctx: Ctx, child: np.ndarray, la: np.ndarray, start: np.ndarray, kind: np.ndarray,
              no_care: np.ndarray) -> dict:
    """CIN plans: ``kind`` sets the typical length; some teenagers come into care from one and a
    few disabled children start short breaks (V3/V4) during a long plan."""
    rng, u, n = ctx.rng, ctx.u, len(child)
    med = np.vectorize(CIN_MEDIAN.get)(kind) if n else np.zeros(0)
    sig = np.vectorize(CIN_SIGMA.get)(kind) if n else np.zeros(0)
    dur = np.clip(np.exp(rng.normal(np.log(np.maximum(med, 1)), np.maximum(sig, 0.01))), 20, 3000).astype(np.int64)
    end = np.minimum(start + dur, ctx.bday[18][child] - 1)
    end = np.maximum(end, start)
    age = ctx.age_years(child, start)
    p = np.where(age >= 10, 0.04, 0.011) * ctx.eff["care"][la]
    to_care = ~no_care & (u(n) < p) & (end - start > 10)
    care_date = start + np.floor((0.1 + 0.8 * u(n)) * (end - start)).astype(np.int64)
    end = np.where(to_care, care_date, end)
    sb = ~no_care & ~to_care & (kind == CIN_LONG) & ctx.children["disabled"][child] & (u(n) < 0.1)
    sb_date = start + rng.integers(20, 200, n)
    sb &= sb_date < end
    vfirst = np.maximum(start + rng.integers(3, 30, n), ctx.floor + rng.integers(0, 45, n))
    v_owner, v_date = seq_dates(rng, np.arange(n), vfirst, np.minimum(end + 1, ctx.end + 1), 15, 45, 0.1, 100)
    route = np.r_[np.full(to_care.sum(), FROM_CIN), np.where(u(sb.sum()) < 0.6, SB4, SB3)]
    return {"end": end, "seen": {"at": v_owner, "date": v_date},
            "care": {"at": np.r_[np.nonzero(to_care)[0], np.nonzero(sb)[0]],
                     "date": np.r_[care_date[to_care], sb_date[sb]], "route": route}}


def pool(parts: list[dict]) -> dict:
    """Concatenate trigger dicts ``{"at", "date", ...}``."""
    keys = parts[0].keys()
    return {k: np.concatenate([p[k] for p in parts]) for k in keys}

