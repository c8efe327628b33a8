"""What the case-management system shows at a given date ``T``.

Rows started after ``T`` are not there yet; dates after ``T`` (an assessment not yet authorised,
a plan not yet ended) are blank; "latest" fields (last visit, last review, number of placements
in the last 12 months) are worked out as at ``T``. The same functions serve ``simulate()`` (at
the end date) and every month-end Annex A.
"""

from __future__ import annotations

import numpy as np

from .carelife import AGES
from .codes import CIC, CPT, DCT, FRONT, LEAVING, NEED, ASSESS
from .context import SB3, SB4
from .dates import NEVER, add_years
from .frame import Cols, last_at_or_before, take
from .world import World

STATUS_CARE, STATUS_CP, STATUS_CIN, STATUS_ASSESS, STATUS_CLOSED = range(5)


def hidden(d: np.ndarray, T: int) -> np.ndarray:
    """Dates after ``T`` are not known yet."""
    return np.where(d <= T, d, NEVER)


def within(a: np.ndarray, b: np.ndarray, T: int) -> np.ndarray:
    return (a <= T) & (T < b)


def case_status(c: Cols, T: int) -> np.ndarray:
    care = within(c["care_start"], c["care_end"], T)
    cp = within(c["cp_start"], c["cp_end"], T)
    cin = within(c["cin_start"], c["cin_end"], T) | within(c["cin2_start"], c["cin2_end"], T)
    assess = T < c["auth"]
    return np.select([T >= c["end"], care, cp, cin, assess], [STATUS_CLOSED, STATUS_CARE, STATUS_CP, STATUS_CIN,
                                                              STATUS_ASSESS], STATUS_CIN)


def _dct(w: World, child: np.ndarray, need: np.ndarray) -> np.ndarray:
    return w.children["disabled"][child] & (need == NEED["N2"])


def team_of(kind: str, w: World, case: np.ndarray, child: np.ndarray, need=None, status=None, c=None) -> np.ndarray:
    """Allocated team (index into TEAMS) for a row of the given kind."""
    assess, cp, cic = ASSESS + case % 3, CPT + (case // 3) % 2, CIC + (case // 7) % 2
    if kind == "front":
        return np.full(len(case), FRONT)
    if kind == "assess":
        return assess
    if kind == "cp":
        return np.where(_dct(w, child, need), DCT, cp)
    if kind == "care":
        return cic
    if kind == "leaver":
        return np.full(len(case), LEAVING)
    # CIN episode: whoever holds the case now; closed ones keep their last holder
    holder = np.where(c["referred"] & (c["auth"] < NEVER), assess, FRONT)
    holder = np.where(c["cin_start"] < NEVER, np.where(_dct(w, child, need), DCT, assess), holder)
    holder = np.where(c["cp_start"] < NEVER, cp, holder)
    holder = np.where(c["care_start"] < NEVER, cic, holder)
    now = np.select([status == STATUS_CARE, status == STATUS_CP, status == STATUS_ASSESS], [cic, cp, assess], holder)
    now = np.where((status == STATUS_CIN) & _dct(w, child, need), DCT, now)
    return np.where((status == STATUS_CIN) & ~_dct(w, child, need), assess, now)


def worker_of(w: World, la: np.ndarray, team: np.ndarray, case: np.ndarray) -> np.ndarray:
    """Index into the LA's worker list for ``team``: the same case keeps the same worker."""
    n = w.n_workers[la, team]
    h = (case.astype(np.uint64) * np.uint64(2654435761) + team.astype(np.uint64) * np.uint64(97)) % np.uint64(1 << 31)
    return (h % np.maximum(n, 1).astype(np.uint64)).astype(np.int64)


def count_in_last_year(child: np.ndarray, date: np.ndarray, at: np.ndarray | None = None) -> np.ndarray:
    """For each row, rows of the same child dated in the 12 months up to and including its date
    (or up to ``at``), itself included."""
    key = child.astype(np.int64) * 100_000_000 + date
    srt = np.sort(key)
    upto = key if at is None else child.astype(np.int64) * 100_000_000 + at
    return np.searchsorted(srt, upto, "right") - np.searchsorted(srt, upto - 365, "right")


def tables_at(w: World, T: int) -> dict[str, Cols]:
    t = w.t
    out: dict[str, Cols] = {}
    cases = t["cases"]

    def case_row(case):
        return np.searchsorted(cases["case"], case)

    c = t["contacts"]
    out["contacts"] = take(c, c["date"] <= T)
    r = t["referrals"]
    m = r["date"] <= T
    out["referrals"] = {**take(r, m), "r12": w.r12[m]}
    a = t["assessments"]
    m = a["start"] <= T
    out["assessments"] = {**take(a, m), "auth": hidden(a["auth"][m], T)}
    s = t["s47"]
    m = s["strategy"] <= T
    ss = take(s, m)
    ss["unnecessary"] = ss["icpc"] >= NEVER
    ss["icpc"] = hidden(ss["icpc"], T)
    ss["cpp_known"] = ss["icpc"] <= T
    out["s47"] = ss
    eh = t["early_help"]
    m = eh["start"] <= T
    out["early_help"] = {**take(eh, m), "end": hidden(eh["end"][m], T)}

    p = t["cp"]
    m = p["start"] <= T
    idx = np.nonzero(m)[0]
    cp = take(p, m)
    cp["end"] = hidden(cp["end"], T)
    n = len(p["start"])
    cp["last_visit"] = last_at_or_before(t["cp_visits"]["plan"], t["cp_visits"]["date"], n, T)[idx]
    cp["last_review"] = last_at_or_before(t["cp_reviews"]["plan"], t["cp_reviews"]["date"], n, T)[idx]
    cp["need"] = cases["need"][case_row(cp["case"])]
    out["cp"] = cp

    m = cases["referred"] & (cases["ref_date"] <= T)
    cin = take(cases, m)
    cin["status"] = case_status(cin, T)
    cin["end"] = hidden(cin["end"], T)
    seen = t["seen"]
    last = last_at_or_before(case_row(seen["case"]), seen["date"], len(cases["case"]), T)
    cin["last_seen"] = np.where(last[m] >= cin["ref_date"], last[m], NEVER)
    out["cin"] = cin

    out.update(_care_at(w, T))
    return out


def _care_at(w: World, T: int) -> dict[str, Cols]:
    t = w.t
    out: dict[str, Cols] = {}
    per = t["periods"]
    n = len(per["start"])
    m = per["start"] <= T
    idx = np.nonzero(m)[0]
    cla = take(per, m)
    cla["end"] = hidden(cla["end"], T)
    ep = t["episodes"]
    when = np.minimum(per["end"] - 1, T)  # the episode current at T, or the last one
    cur = np.full(n, -1)
    ok = ep["start"] <= when[ep["period"]]
    e_idx = np.nonzero(ok)[0]
    cur[ep["period"][e_idx]] = e_idx  # episodes are sorted by period and date: the last one wins
    cur = cur[idx]
    cla["ep_row"] = cur
    cla["ls"], cla["type"] = ep["ls"][cur], ep["type"][cur]
    pl = t["placements"]
    pl_cur = np.full(n, -1)
    okp = pl["start"] <= when[pl["period"]]
    p_idx = np.nonzero(okp)[0]
    pl_cur[pl["period"][p_idx]] = p_idx
    cla["placement_start"] = pl["start"][pl_cur[idx]]
    cla["place_row"] = pl_cur[idx]
    overl = (pl["start"] <= T) & (pl["end"] > T - 365) & ~np.isin(per["route"][pl["period"]], [SB3, SB4])
    cla["placements_12m"] = np.bincount(pl["period"][overl], minlength=n)[idx]
    for name, table in (("last_review", "cla_reviews"), ("last_visit", "cla_visits"), ("health", "health"),
                        ("dental", "dental")):
        cla[name] = last_at_or_before(t[table]["period"], t[table]["date"], n, T)[idx]
    mis = t["missing"]
    recent = (mis["start"] <= T) & (mis["start"] > T - 365)
    cla["missing_12m"] = np.bincount(mis["period"][recent & (mis["kind"] == "M")], minlength=n)[idx]
    cla["absent_12m"] = np.bincount(mis["period"][recent & (mis["kind"] == "A")], minlength=n)[idx]
    cla["row"] = idx
    out["cla"] = cla
    m = ep["start"] <= T
    out["episodes"] = {**take(ep, m), "end": hidden(ep["end"][m], T)}
    rv = t["cla_reviews"]
    out["cla_reviews"] = take(rv, rv["date"] <= T)
    m = mis["start"] <= T
    out["missing"] = {**take(mis, m), "end": hidden(mis["end"][m], T)}
    ad = t["adoption"]
    m = ad["decision"] <= T
    a = {**take(ad, m), "row": np.nonzero(m)[0]}
    for k in ("po", "match", "placed", "order", "reversed", "ffa"):
        a[k] = hidden(a[k], T)
    out["adoption"] = a

    lv = t["leavers"]
    dob = w.children["dob"][lv["child"]]
    age = (T - dob) / 365.25
    b17, b22 = add_years(dob, 17), add_years(dob, 22)
    m = (lv["left"] <= T) & (b17 <= T) & (T < b22)
    j = np.clip(np.floor(age[m]).astype(int) - AGES[0], 0, len(AGES) - 1)
    rows = np.nonzero(m)[0]
    L = {"period": lv["period"][m], "child": lv["child"][m], "left": lv["left"][m], "row": rows,
         "touch": lv["touch"][rows, j], "activity": lv["activity"][rows, j], "accom": lv["accom"][rows, j],
         "suitable": lv["suitable"][rows, j]}
    nl = len(lv["left"])
    L["pathway"] = last_at_or_before(t["pathway"]["leaver"], t["pathway"]["date"], nl, T)[rows]
    L["contact"] = last_at_or_before(t["leaver_contacts"]["leaver"], t["leaver_contacts"]["date"], nl, T)[rows]
    out["leavers"] = L
    return out
