"""Details only the files carry (postcodes, URNs, adopters, return interviews), fixed once per world
so that every month's workbook and every year's return agree with each other."""

from __future__ import annotations

import numpy as np

from .care import ADOPT, ADULT, HOME, SGO
from .codes import ADOPTER_SEX, ETHNICITIES, GENDERS, OLD_LA_CODES, PERMANENCE, PLACE
from .context import SB3, SB4
from .dates import NEVER, add_years
from .frame import firsts
from .world import World

RESIDENTIAL = {"K1", "K2", "R1", "R2", "S1"}
SEMI = {"H5", "P2"}
URN_TYPES = {"K1", "K2", "R1", "S1", "H5"}
LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUWY"))
PERM = np.array(list(PERMANENCE.values()), dtype=object)


class Extras:
    def __init__(self, w: World):
        self.w = w
        rng = np.random.default_rng(int(w.end) + 17 * len(w.la_codes))
        kids, per, pl, ep = w.children, w.t["periods"], w.t["placements"], w.t["episodes"]
        self.bday18 = add_years(kids["dob"], 18)
        self.uasc_until = np.where(kids["uasc"], self.bday18, -NEVER)

        # second or subsequent period within 12 months of the last one ending
        main = ~np.isin(per["route"], [SB3, SB4])
        o = np.lexsort((per["start"], per["child"]))
        o = o[main[o]]
        prev_end = np.r_[-NEVER, per["end"][o][:-1]]
        same = np.r_[False, per["child"][o][1:] == per["child"][o][:-1]]
        self.second = np.zeros(len(per["start"]), dtype=bool)
        self.second[o] = same & (per["start"][o] - prev_end <= 365)

        # start of the current legal status: the first episode of each run of one status
        change = firsts(ep["period"]) | np.r_[True, ep["ls"][1:] != ep["ls"][:-1]] if len(ep["period"]) else []
        idx = np.where(change, np.arange(len(ep["period"])), 0)
        self.ls_start = ep["start"][np.maximum.accumulate(idx)] if len(idx) else np.zeros(0, dtype=np.int64)

        n_pl = len(pl["start"])
        area = LETTERS[rng.integers(0, len(LETTERS), (n_pl, 2))]
        self.postcode = np.array([f"{a}{b}{d} {e}{f}{g}" for (a, b), d, e, (f, g) in zip(
            area, rng.integers(1, 30, n_pl), rng.integers(1, 10, n_pl), LETTERS[rng.integers(0, 20, (n_pl, 2))])],
            dtype=object)
        codes = np.array(PLACE)[pl["type"]]
        urn = np.char.add("SC", rng.integers(100000, 999999, n_pl).astype(str))
        self.urn = np.where(np.isin(codes, list(URN_TYPES)), urn, None).astype(object)
        own = np.array(w.la_codes, dtype=object)[kids["la"][per["child"][pl["period"]]]]
        others = np.array(OLD_LA_CODES, dtype=object)[rng.integers(0, len(OLD_LA_CODES), n_pl)]
        self.place_la = np.where(pl["inarea"], own, np.where(others == own, "873", others)).astype(object)
        n_kid = len(kids["dob"])
        self.home_post = np.array([f"{a}{b}{d} {e}{f}{g}" for (a, b), d, e, (f, g) in zip(
            LETTERS[rng.integers(0, len(LETTERS), (n_kid, 2))], rng.integers(1, 30, n_kid), rng.integers(1, 10, n_kid),
            LETTERS[rng.integers(0, 20, (n_kid, 2))])], dtype=object)
        digits = rng.integers(0, 10**12, n_kid, dtype=np.int64)
        self.upn = np.array([f"{c}{d:012d}" for c, d in zip(LETTERS[rng.integers(0, 20, n_kid)], digits)], dtype=object)
        n_per = len(per["start"])
        self.offered = rng.random(n_per) < 0.88
        self.accepted = rng.random(n_per) < 0.58
        n_ad = len(w.t["adoption"]["period"])
        self.family = 4_000_000 + rng.permutation(n_ad * 3 + 1)[:n_ad] * 7
        self.adopter = 7_000_000 + rng.permutation(n_ad * 3 + 1)[:n_ad] * 11
        sexes = list(ADOPTER_SEX)
        self.sex = rng.choice(len(sexes), n_ad, p=np.array([v[1] for v in ADOPTER_SEX.values()]) / 100)
        self.adopter_eth = rng.choice(len(ETHNICITIES), n_ad, p=_eth_weights())
        self.enquiry_lead = rng.integers(260, 420, n_ad)
        self.adopters_n = np.where(np.isin(np.array(sexes)[self.sex], ["F1", "M1"]), 1, 2)

    def permanence(self, row: np.ndarray, ptype: np.ndarray, T: int) -> np.ndarray:
        per = self.w.t["periods"]
        ex = per["exit"][row]
        code = np.array(PLACE)[ptype]
        early = T - per["start"][row] < 60  # not decided yet at the first review
        out = np.select([ex == HOME, ex == ADOPT, ex == SGO,
                         (ex == ADULT) & np.isin(code, list(SEMI)), (ex == ADULT) & np.isin(code, list(RESIDENTIAL)),
                         ex == ADULT], [0, 1, 2, 3, 4, 5], 6)
        return np.where(early, None, PERM[out])

    def iro(self, row: np.ndarray, last_review: np.ndarray) -> np.ndarray:
        return np.where(last_review < NEVER, last_review - (row * 37) % 15, NEVER)

    def adopters(self, a: dict, T: int, lo: int) -> list[list]:
        """List 11: one row per adoptive family matched with a child, until a year after the order."""
        m = (a["match"] <= T) & ~(a["order"] <= lo)
        r = a["row"][m]
        o = np.argsort(a["match"][m], kind="stable")
        r, match, placed, order = r[o], a["match"][m][o], a["placed"][m][o], a["order"][m][o]
        enquiry = match - self.enquiry_lead[r]
        s1 = enquiry + 21
        s1e, s2 = s1 + 60, s1 + 67
        s2e = s2 + 120
        approved = s2e + 35
        sexes = np.array(list(ADOPTER_SEX))[self.sex[r]]
        gender = np.where(np.char.startswith(sexes.astype(str), "M"), GENDERS[0][1], GENDERS[1][1])
        d = lambda x: [None if v >= NEVER or v > T else v + 25569 for v in np.asarray(x).tolist()]  # noqa: E731
        n = len(r)
        return [self.adopter[r].tolist(), self.family[r].tolist(), gender.tolist(),
                np.array([e[1] for e in ETHNICITIES], dtype=object)[self.adopter_eth[r]].tolist(), ["b) No"] * n,
                np.where(a["ffa"][m][o] < NEVER, "Yes", "No").tolist(), d(enquiry), d(s1), d(s1e), d(s2), d(s2e),
                d(s2e - 10), d(approved), d(match), d(placed), [1] * n, d(order), [None] * n, [None] * n]


def _eth_weights() -> np.ndarray:
    w = np.array([e[2] for e in ETHNICITIES], dtype=float)
    w[0] *= 1.3  # adopters are more often White British than the children
    return w / w.sum()
