"""One generation of cases through every stage, and the cases it hands on (re-referrals)."""

from __future__ import annotations

import numpy as np

from . import care, carelife
from .care import ADOPT, ADULT, HOME, SGO, UASCX
from .codes import NEED, NEEDS, REC, weights
from .context import CIN_AFTER_CARE, CIN_STEPDOWN, EMERG, FROM_CP, REMAND, SB3, SB4, UASC, Ctx
from .dates import NEVER
from .frame import Cols, pick
from .protection import cin_stage, cp_stage, pool

NEED_W = weights(NEEDS)


def injected(cases: Cols) -> dict:
    """Stage starts for history cases, which skip the front door (their early rows predate the data)."""
    n = len(cases["case"])
    k = cases["inject"]
    idx = np.arange(n)
    return {
        "contacts": {}, "early_help": {}, "referrals": {}, "assessments": {}, "s47": {},
        "referred": np.ones(n, dtype=bool), "ref_date": cases["ref_date"],
        "end": cases["ref_date"] + 30, "closure": np.full(n, "RC7"),
        "cp": {"at": idx[k == 1], "date": cases["inject_date"][k == 1]},
        "cin": {"at": idx[k == 2], "date": cases["inject_date"][k == 2], "kind": cases["inject_kind"][k == 2]},
        "care": {"at": idx[k == 3], "date": cases["inject_date"][k == 3], "route": cases["inject_kind"][k == 3]},
        "seen": {"at": idx[:0], "date": idx[:0]},
    }


def run_generation(ctx: Ctx, cases: Cols, fd: dict) -> tuple[dict[str, Cols], Cols]:
    """All stages for one generation. Returns the batch of tables and the case summaries."""
    n = len(cases["case"])
    child, la, hist = cases["child"], cases["la"], cases["hist"]
    cid = cases["case"]

    at = fd["cp"]["at"]
    cp = cp_stage(ctx, cid[at], child[at], la[at], fd["cp"]["date"], cases["prior_cp"][at], hist[at])
    sd = cp["stepdown"]
    cin_at = np.r_[fd["cin"]["at"], at[sd["at"]]]
    cin_kind = np.r_[fd["cin"]["kind"], np.full(len(sd["at"]), CIN_STEPDOWN)]
    cin_start = np.r_[fd["cin"]["date"], sd["date"]]
    cin1 = cin_stage(ctx, child[cin_at], la[cin_at], cin_start, cin_kind, hist[cin_at])

    trig = pool([fd["care"], {"at": at[cp["care"]["at"]], "date": cp["care"]["date"], "route": cp["care"]["route"]},
                 {"at": cin_at[cin1["care"]["at"]], "date": cin1["care"]["date"], "route": cin1["care"]["route"]}])
    entries = {"at": trig["at"], "case": cid[trig["at"]], "child": child[trig["at"]], "la": la[trig["at"]],
               "date": trig["date"], "route": trig["route"]}
    entries = care.expand_short_breaks(ctx, entries)
    made = care.periods(ctx, {k: v for k, v in entries.items() if k != "at"})
    p = made["periods"]
    ls0, chg_date, chg_ls = care.legal_statuses(ctx, p, made["po"], made["rev"])
    pl, tch = care.placements(ctx, p, made["placed"], made["ffa"])
    eps = care.episodes(ctx, p, pl, tch, ls0, chg_date, chg_ls)
    ha, dental = carelife.health(ctx, p)
    lv = carelife.leavers(ctx, p)

    # After going home, a CIN plan for half of the children.
    p_at = entries["at"]
    back = (p["exit"] == HOME) & (ctx.u(len(p_at)) < 0.5) & (p["end"] < ctx.bday[18][p["child"]] - 30)
    cin2 = cin_stage(ctx, child[p_at[back]], la[p_at[back]], p["end"][back],
                     np.full(back.sum(), CIN_AFTER_CARE), np.ones(back.sum(), dtype=bool))

    # Case summaries: when each stage ran, so the CIN episode and its status can be read at any date.
    s = {"case": cid, "child": child, "la": la, "hist": hist, "ref_date": fd["ref_date"],
         "prior_cp": cases["prior_cp"], "gen": cases["gen"],
         "referred": fd["referred"], "closure": fd["closure"]}
    never = lambda: np.full(n, NEVER)  # noqa: E731
    s["auth"] = never()
    if fd["assessments"]:
        pos = np.searchsorted(cid, fd["assessments"]["case"])
        s["auth"][pos] = fd["assessments"]["auth"]
    s["cp_start"], s["cp_end"] = never(), never()
    s["cp_start"][at], s["cp_end"][at] = fd["cp"]["date"], cp["plans"]["end"]
    s["cin_start"], s["cin_end"] = never(), never()
    s["cin_start"][cin_at], s["cin_end"][cin_at] = cin_start, cin1["end"]
    main = ~np.isin(p["route"], [SB3, SB4])
    s["care_start"], s["care_end"] = never(), np.zeros(n, dtype=np.int64)
    np.minimum.at(s["care_start"], p_at[main], p["start"][main])
    np.maximum.at(s["care_end"], p_at[main], p["end"][main])
    s["care_end"][s["care_start"] >= NEVER] = NEVER
    s["cin2_start"], s["cin2_end"] = never(), never()
    s["cin2_start"][p_at[back]], s["cin2_end"][p_at[back]] = p["end"][back], cin2["end"]

    end = fd["end"].copy()
    for a, b in (("cp_start", "cp_end"), ("cin_start", "cin_end"), ("care_start", "care_end"),
                 ("cin2_start", "cin2_end")):
        end = np.where(s[a] < NEVER, np.maximum(end, s[b]), end)
    sb_end = np.zeros(n, dtype=np.int64)
    np.maximum.at(sb_end, p_at[~main], p["end"][~main])
    end = np.maximum(end, np.where(sb_end > 0, sb_end, 0))
    s["end"] = np.minimum(end, ctx.bday[18][child])
    s["exit"] = np.full(n, -1)
    s["exit"][p_at[main]] = p["exit"][main]
    s["rec"] = np.full(n, -1)
    s["rec"][p_at[main]] = p["rec"][main]
    s["closure"] = _closure(s)
    s["need"] = _need(ctx, s, at, p_at, p)

    seen = pool([{"at": fd["seen"]["at"], "date": fd["seen"]["date"]},
                 {"at": cin_at[cin1["seen"]["at"]], "date": cin1["seen"]["date"]},
                 {"at": at[cp["visits"]["plan"]], "date": cp["visits"]["date"]},
                 {"at": p_at[back][cin2["seen"]["at"]], "date": cin2["seen"]["date"]}])
    cv = carelife.visits(ctx, p)
    seen = {"case": np.r_[cid[seen["at"]], p["case"][cv["period"]]],
            "child": np.r_[child[seen["at"]], p["child"][cv["period"]]],
            "date": np.r_[seen["date"], cv["date"]]}
    ad = made["adoption"]
    batch = {
        "contacts": fd["contacts"], "early_help": fd["early_help"], "referrals": fd["referrals"],
        "assessments": fd["assessments"], "s47": fd["s47"], "cp": cp["plans"],
        "cp_reviews": cp["reviews"], "cp_visits": cp["visits"],
        "periods": {**p, "ls0": ls0, "need": np.zeros(len(p["case"]), dtype=np.int64)}, "placements": pl,
        "episodes": eps, "cla_reviews": carelife.reviews(ctx, p), "cla_visits": cv, "health": ha, "dental": dental,
        "missing": carelife.missing(ctx, p), "adoption": ad, "leavers": lv["leavers"], "pathway": lv["pathway"],
        "leaver_contacts": lv["contact"], "seen": seen,
    }
    batch["periods"]["need"] = s["need"][p_at]
    return batch, s


def _closure(s: Cols) -> np.ndarray:
    """CIN closure reason: the front door's for short cases, else from how care or the plan ended."""
    out = np.where((s["cp_start"] < NEVER) | (s["cin_start"] < NEVER), "RC7", s["closure"])
    rec = np.array(REC + ["-"])[s["rec"]]  # -1 -> "-"
    for codes, reason in ((("E11", "E12"), "RC1"), (("E45", "E46", "E47", "E48"), "RC4"), (("E41",), "RC3"),
                          (("E3",), "RC5"), (("E7",), "RC6")):
        out = np.where(np.isin(rec, codes), reason, out)
    return np.where((s["rec"] >= 0) & (out == "RC8"), "RC7", out)


def _need(ctx: Ctx, s: Cols, cp_at: np.ndarray, p_at: np.ndarray, p: Cols) -> np.ndarray:
    """Primary need code: abuse or neglect for protection cases, disability, absent parenting for UASC."""
    n = len(s["case"])
    need = pick(ctx.rng, n, NEED_W)
    disabled = ctx.children["disabled"][s["child"]]
    need[disabled & (ctx.u(n) < 0.7)] = NEED["N2"]
    abuse = np.zeros(n, dtype=bool)
    abuse[cp_at] = True
    abuse[p_at[np.isin(p["route"], [EMERG, FROM_CP])]] = True
    need[abuse & (ctx.u(n) < 0.88)] = NEED["N1"]
    need[p_at[p["route"] == UASC]] = NEED["N8"]
    need[p_at[p["route"] == REMAND]] = NEED["N6"]
    return need


def repeats(ctx: Ctx, s: Cols, next_case: int) -> Cols:
    """Some children come back: a new contact some months after the last case closed."""
    n = len(s["case"])
    p = np.select([s["exit"] >= 0, s["cp_start"] < NEVER, s["cin_start"] < NEVER, ~s["referred"]],
                  [np.where(s["exit"] == HOME, 0.35, 0.04), 0.38, 0.35, 0.28], 0.8)
    p = p * 0.7 ** s["gen"]  # families referred again and again are fewer
    p = np.where(np.isin(s["exit"], [ADULT, ADOPT, UASCX, SGO]), 0.0, p)
    gap = 14 + ctx.rng.exponential(np.where(s["referred"] & (s["cin_start"] >= NEVER), 120, 220)).astype(np.int64)
    anchor = s["end"] + gap
    ok = (ctx.u(n) < p) & (s["end"] < NEVER) & (anchor <= ctx.end) & (anchor >= ctx.first_flow)
    ok &= anchor < ctx.bday[18][s["child"]] - 120
    m = int(ok.sum())
    return {"case": next_case + np.arange(m), "child": s["child"][ok], "la": s["la"][ok], "anchor": anchor[ok],
            "gen": s["gen"][ok] + 1, "uasc": np.zeros(m, dtype=bool), "known": s["referred"][ok],
            "prior_cp": (s["cp_start"][ok] < NEVER).astype(np.int64) + s["prior_cp"][ok],
            "hist": np.zeros(m, dtype=bool)}


