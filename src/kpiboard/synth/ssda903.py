"""SSDA903 returns (children looked after), one set of CSV files per collection year.

A collection year runs from 1 April to 31 March; files are named by the year in which it
starts, like the DfE multi-year samples (``2025-episodes.csv`` is the 2025-26 return). Columns and codes follow the DfE
specification and the shared sample: dates DD/MM/YYYY, SEX 1/2, RNE S/P/L/T/U/B, legal statuses,
placement types and providers, REC X1 for an episode that ends while care continues, OC3
IN_TOUCH/ACTIV/ACCOM (the accommodation letter followed by 1 = suitable, 2 = not suitable; "0" for
activity and accommodation not known, when the young person is not in touch).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from .carelife import AGES
from .codes import (ACCOMMODATION, ACTIVITIES, ADOPTER_SEX, ETHNICITIES, IN_TOUCH, LS, NEEDS, NO_LONGER, PLACE,
                    PLACE_CHANGE, REC, REVIEW_CODES)
from .dates import NEVER, add_years, day, months_before
from .extras import Extras
from .world import World

FILES = {
    "header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "placed_for_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "uasc": ["CHILD", "SEX", "DOB", "DUC"],
}
RNE = np.array(["S", "P", "T", "L", "B", "U"], dtype=object)
NEED_903 = np.array([n[0] if n[0] not in ("N0", "N9") else "N8" for n in NEEDS], dtype=object)


def collection_years(end: dt.date, months: int) -> list[int]:
    """Years whose 31 March falls within the ``months`` months up to ``end``."""
    first = months_before(end, months)
    return [y for y in range(first.year, end.year + 1) if first < dt.date(y, 3, 31) <= end]


def fmt(days: np.ndarray) -> list[str]:
    d = np.asarray(days, dtype=np.int64)
    ok = d < NEVER
    s = np.full(len(d), "", dtype=object)
    if ok.any():
        iso = d[ok].astype("datetime64[D]").astype(str)
        s[ok] = [f"{x[8:10]}/{x[5:7]}/{x[:4]}" for x in iso]
    return s.tolist()


class Return:
    def __init__(self, w: World, x: Extras, year: int, la: int):
        self.w, self.x, self.la = w, x, la
        self.lo, self.hi = day(dt.date(year - 1, 4, 1)), day(dt.date(year, 3, 31))
        kids = w.children
        self.ids = kids["id"]
        self.dob = kids["dob"]

    def mine(self, child: np.ndarray) -> np.ndarray:
        return self.w.children["la"][child] == self.la

    def episodes(self) -> tuple[list[list], np.ndarray]:
        w, lo, hi = self.w, self.lo, self.hi
        ep, per, pl = w.t["episodes"], w.t["periods"], w.t["placements"]
        child = per["child"][ep["period"]]
        m = self.mine(child) & (ep["start"] <= hi) & (ep["end"] >= lo)
        o = np.nonzero(m)[0]
        o = o[np.lexsort((ep["start"][o], self.ids[child[o]]))]
        c, p = child[o], ep["period"][o]
        end = ep["end"][o]
        last = end == per["end"][p]
        dec = np.where(end <= hi, end, NEVER)
        rec = np.where(dec >= NEVER, "", np.where(last, np.array(REC, dtype=object)[per["rec"][p]], "X1"))
        reason = np.where((ep["reason_change"][o] >= 0) & (dec < NEVER),
                          np.array(PLACE_CHANGE + [""], dtype=object)[ep["reason_change"][o]], "")
        prow = self._placement_rows(o)
        prov = np.array([f"PR{k}" for k in range(6)], dtype=object)[pl["provider"][prow]]
        # SSDA903's own code for a placement with no Ofsted URN is seven X characters.
        urn = np.where(self.x.urn[prow] == None, "XXXXXXX", self.x.urn[prow])  # noqa: E711
        rows = [self.ids[c].tolist(), fmt(ep["start"][o]), RNE[ep["rne"][o]].tolist(),
                np.array(LS, dtype=object)[ep["ls"][o]].tolist(), NEED_903[per["need"][p]].tolist(),
                np.array(PLACE, dtype=object)[ep["type"][o]].tolist(), prov.tolist(), fmt(dec), rec.tolist(),
                reason.tolist(), self.x.home_post[c].tolist(), self.x.postcode[prow].tolist(), urn.tolist()]
        return rows, np.unique(c)

    def _placement_rows(self, e: np.ndarray) -> np.ndarray:
        """The placement each episode belongs to (the latest placement started on or before it)."""
        ep, pl = self.w.t["episodes"], self.w.t["placements"]
        key_pl = pl["period"].astype(np.int64) * 100_000_000 + pl["start"]
        key_ep = ep["period"][e].astype(np.int64) * 100_000_000 + ep["start"][e]
        return np.searchsorted(key_pl, key_ep, "right") - 1

    def in_year(self, table: str, col: str, key: str = "period") -> np.ndarray:
        t = self.w.t[table]
        child = self.w.t["periods"]["child"][t[key]]
        return np.nonzero(self.mine(child) & (t[col] >= self.lo) & (t[col] <= self.hi))[0]

    def reviews(self) -> list[list]:
        rv = self.w.t["cla_reviews"]
        o = self.in_year("cla_reviews", "date")
        c = self.w.t["periods"]["child"][rv["period"][o]]
        code = np.array(["PN0"] + REVIEW_CODES, dtype=object)[rv["code"][o]]
        return [self.ids[c].tolist(), fmt(self.dob[c]), fmt(rv["date"][o]), code.tolist()]

    def missing(self) -> list[list]:
        mi = self.w.t["missing"]
        o = self.in_year("missing", "start")
        c = self.w.t["periods"]["child"][mi["period"][o]]
        end = np.where(mi["end"][o] <= self.hi, mi["end"][o], NEVER)
        return [self.ids[c].tolist(), fmt(self.dob[c]), mi["kind"][o].tolist(), fmt(mi["start"][o]), fmt(end)]

    def oc3(self) -> tuple[list[list], np.ndarray]:
        lv = self.w.t["leavers"]
        rows = ([], [], [], [], [])
        kids = []
        dob = self.dob[lv["child"]]
        for age in range(17, 22):
            bday = add_years(dob, age)
            m = self.mine(lv["child"]) & (bday >= self.lo) & (bday <= self.hi) & (lv["left"] <= bday)
            i = np.nonzero(m)[0]
            j = age - AGES[0]
            touch = lv["touch"][i, j]
            known = np.isin(touch, [0, 4])
            act = np.where(known, np.array([a[0] for a in ACTIVITIES], dtype=object)[lv["activity"][i, j]], "0")
            acc = np.char.add(np.array([a[0] for a in ACCOMMODATION])[lv["accom"][i, j]],
                              np.where(lv["suitable"][i, j], "1", "2"))
            c = lv["child"][i]
            for col, vals in zip(rows, (self.ids[c].tolist(), fmt(dob[i]),
                                        np.array([t[0] for t in IN_TOUCH], dtype=object)[touch].tolist(),
                                        act.tolist(), np.where(known, acc, "0").tolist())):
                col.extend(vals)
            kids.append(c)
        return list(rows), np.concatenate(kids) if kids else np.zeros(0, dtype=np.int64)

    def adoption(self) -> tuple[list[list], list[list]]:
        ad, per = self.w.t["adoption"], self.w.t["periods"]
        c = per["child"][ad["period"]]
        mine = self.mine(c)
        adopted = np.nonzero(mine & (ad["order"] >= self.lo) & (ad["order"] <= self.hi))[0]
        sexes = np.array([s.rstrip("_") for s in ADOPTER_SEX], dtype=object)[self.x.sex[adopted]]
        status = np.array([v[0] for v in ADOPTER_SEX.values()], dtype=object)[self.x.sex[adopted]]
        ca = c[adopted]
        ad1 = [self.ids[ca].tolist(), fmt(self.dob[ca]), fmt(ad["decision"][adopted]), fmt(ad["match"][adopted]),
               (ad["ffa"][adopted] < NEVER).astype(int).tolist(), self.x.adopters_n[adopted].tolist(),
               sexes.tolist(), status.tolist()]
        open_ = mine & (ad["decision"] <= self.hi) & (ad["reversed"] >= self.lo) & (ad["order"] >= self.lo)
        p = np.nonzero(open_)[0]
        ceased = np.where(ad["reversed"][p] <= self.hi, ad["reversed"][p], NEVER)
        reason = np.where(ceased < NEVER, np.array([r[:3] for r in NO_LONGER], dtype=object)[ad["rev_reason"][p]], "")
        cp = c[p]
        pfa = [self.ids[cp].tolist(), fmt(self.dob[cp]), fmt(ad["decision"][p]), fmt(ceased), reason.tolist()]
        return ad1, pfa

    def header(self, kids: np.ndarray) -> list[list]:
        k = self.w.children
        sex = np.where(k["gender"][kids] == 1, "2", np.where(k["gender"][kids] == 0, "1", np.where(kids % 2, "1", "2")))
        eth = np.array([e[0] for e in ETHNICITIES], dtype=object)[k["eth"][kids]]
        return [self.ids[kids].tolist(), sex.tolist(), fmt(self.dob[kids]), eth.tolist(), self.x.upn[kids].tolist(),
                [""] * len(kids), [""] * len(kids)]

    def uasc(self, kids: np.ndarray) -> list[list]:
        k = self.w.children
        u = kids[k["uasc"][kids]]
        sex = np.where(k["gender"][u] == 1, "2", "1")
        return [self.ids[u].tolist(), sex.tolist(), fmt(self.dob[u]), fmt(add_years(self.dob[u], 18))]


def _write(path: Path, header: list[str], cols: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(zip(*cols))
    return path


def write_ssda903(w: World, x: Extras, folder: Path, years: list[int], la: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in years:
        r = Return(w, x, year, la)
        episodes, in_care = r.episodes()
        oc3, leavers = r.oc3()
        ad1, pfa = r.adoption()
        kids = np.unique(np.concatenate([in_care, leavers]))
        kids = kids[np.argsort(w.children["id"][kids])]
        tables = {"header": r.header(kids), "episodes": episodes, "reviews": r.reviews(), "missing": r.missing(),
                  "oc3": oc3, "ad1": ad1, "placed_for_adoption": pfa, "uasc": r.uasc(in_care)}
        for name, cols in tables.items():
            # named by the year the collection year starts (2025-episodes.csv = 2025-26)
            paths.append(_write(folder / f"{year - 1}-{name}.csv", FILES[name], cols))
    return paths

