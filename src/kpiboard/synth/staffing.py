"""Named workers, team sizes and the 0-17 population, fitted to the simulated caseload."""

from __future__ import annotations

import numpy as np

from .codes import FIRST_NAMES, FRONT, LEAVING, SURNAMES, TEAMS
from .dates import add_years, day, extract_dates, to_date
from .snapshot import case_status, count_in_last_year, team_of
from .world import World

CASELOAD = 16  # children per social worker (DfE workforce statistics: about 16-17)


def staff(w: World, months: int) -> None:
    """Size each team so that the average caseload at the end is about ``CASELOAD``, name the
    workers, and work out every referral's count of referrals in the last 12 months."""
    t, n_la = w.t, len(w.la_codes)
    rng = np.random.default_rng(int(w.end) * 7 + n_la)
    c = t["cases"]
    open_ = c["referred"] & (c["ref_date"] <= w.end) & (w.end < c["end"])
    status = case_status(c, w.end)
    team = team_of("cin", w, c["case"], c["child"], c["need"], status, c)
    la = w.children["la"][c["child"]]
    counts = np.zeros((n_la, len(TEAMS)))
    np.add.at(counts, (la[open_], team[open_]), 1)
    n = np.maximum(np.round(counts / CASELOAD), 2).astype(np.int64)
    recent = t["referrals"]["date"] > w.end - 91
    per_month = np.bincount(w.children["la"][t["referrals"]["child"][recent]], minlength=n_la) / 3
    n[:, FRONT] = np.maximum(np.round(per_month / 30), 3)
    lv = t["leavers"]
    dob = w.children["dob"][lv["child"]]
    current = (lv["left"] <= w.end) & (add_years(dob, 22) > w.end)
    n[:, LEAVING] = np.maximum(np.round(np.bincount(w.children["la"][lv["child"][current]], minlength=n_la) / 20), 2)
    w.n_workers = n
    combos = len(FIRST_NAMES) * len(SURNAMES)
    w.worker_names = []
    for i in range(n_la):
        picks = rng.choice(combos, int(n[i].sum()), replace=False)
        names = [f"{FIRST_NAMES[k // len(SURNAMES)]} {SURNAMES[k % len(SURNAMES)]}" for k in picks]
        offsets = np.r_[0, np.cumsum(n[i])]
        w.worker_names.append([names[offsets[j]:offsets[j + 1]] for j in range(len(TEAMS))])
    r = t["referrals"]
    w.r12 = count_in_last_year(r["child"], r["date"])
    population(w, months)


def population(w: World, months: int) -> None:
    """0-17 population per LA and calendar year such that the CIN rate sits at the LA's level."""
    c = w.t["cases"]
    la = w.children["la"][c["child"]]
    ends = [day(d) for d in extract_dates(to_date(w.end), max(months, 1))]
    n_la = len(w.la_codes)
    open_avg = np.zeros(n_la)
    for T in ends:
        open_ = c["referred"] & (c["ref_date"] <= T) & (T < c["end"])
        kids = np.unique(np.stack([la[open_], c["child"][open_]]), axis=1)
        open_avg += np.bincount(kids[0], minlength=n_la)
    open_avg /= len(ends)
    base = np.maximum(open_avg, 1) / (w.ctx.eff["cin_rate"] / 10_000)
    first = to_date(w.start).year - 1
    last = to_date(w.end).year
    w.population = {}
    for i, code in enumerate(w.la_codes):
        for year in range(first, last + 1):
            w.population[(code, year)] = int(round(base[i] * (1 + 0.004 * (year - last))))


def worker_names(w: World, la: np.ndarray, team: np.ndarray, idx: np.ndarray) -> np.ndarray:
    out = np.empty(len(la), dtype=object)
    for i in np.unique(la):
        for j in np.unique(team[la == i]):
            m = (la == i) & (team == j)
            out[m] = np.array(w.worker_names[i][j], dtype=object)[idx[m]]
    return out

