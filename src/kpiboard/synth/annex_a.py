"""Annex A workbooks (2024 layout) as a council's system would produce them at a month end.

Each workbook holds the 12 months before its extract date (contacts, early help, referrals,
assessments, section 47s, and CIN episodes, CP plans and care that closed in that time) plus
everything open on the day, with "latest" fields as they were on that day. Values use the
template's wording ("a) Male", "a) WBRI", "a) Yes", real dates). A few data-quality flaws are
left in on purpose, as in real extracts: some blank genders, NOBT ethnicities, and two contacts
entered twice in each workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import xlsxwriter

from .annex_layout import HEADERS
from .codes import (ABUSE, ACCOMMODATION, ACTIVITIES, CASE_STATUS, CLOSURE, EARLY_HELP, ETHNICITIES, GENDERS,
                    IN_TOUCH, LEGAL, LS, NEEDS, NO_LONGER, PLACE, PLACEMENTS, PROVIDER, REASON_CEASED,
                    REC, SOURCES, TEAMS)
from .dates import NEVER, day, months_before, to_date
from .extras import Extras
from .snapshot import tables_at, team_of, worker_of
from .staffing import worker_names
from .world import World

EXCEL_EPOCH = 25569  # 1970-01-01 as an Excel serial date
GENDER = np.array([g[1] for g in GENDERS], dtype=object)
ETH = np.array([e[1] for e in ETHNICITIES], dtype=object)
YES_NO = np.array(["b) No", "a) Yes"], dtype=object)
PLAIN_YES_NO = np.array(["No", "Yes"], dtype=object)
SOURCE = np.array([s[1] for s in SOURCES], dtype=object)
NEED = np.array([n[1] for n in NEEDS], dtype=object)
ABUSE_LABEL = np.array([a[1] for a in ABUSE], dtype=object)
LEGAL_LABEL = np.array([LEGAL[c] for c in LS], dtype=object)
PLACE_LABEL = np.array([PLACEMENTS[c] for c in PLACE], dtype=object)
PROVIDER_LABEL = np.array(list(PROVIDER.values()), dtype=object)
REC_LABEL = np.array([REASON_CEASED[c] for c in REC], dtype=object)
TOUCH_LABEL = np.array([t[1] for t in IN_TOUCH], dtype=object)
ACCOM_LABEL = np.array([a[1] for a in ACCOMMODATION], dtype=object)
ACTIVITY_LABEL = np.array([a[1] for a in ACTIVITIES], dtype=object)


def _d(x: np.ndarray) -> list:
    """Day numbers -> Excel serials (None where unknown)."""
    x = np.asarray(x, dtype=np.int64)
    return [None if v >= NEVER else v + EXCEL_EPOCH for v in x.tolist()]


def _t(x) -> list:
    return [None if (v is None or v == "") else v for v in np.asarray(x, dtype=object).tolist()]


def _n(x) -> list:
    return np.asarray(x).tolist()


class Lists:
    """Builds the rows of every list for one extract date."""

    def __init__(self, w: World, x: Extras, T: int, tables: dict | None = None):
        self.w, self.x, self.T = w, x, T
        self.lo = day(months_before(to_date(T), 12))  # window: (lo, T]
        self.s = tables_at(w, T) if tables is None else tables

    def person(self, child: np.ndarray, id_first: bool = True) -> list[list]:
        k, T = self.w.children, self.T
        age = np.round((T - k["dob"][child]) / 365.25, 2)
        return [_n(k["id"][child]), _t(GENDER[k["gender"][child]]), _t(ETH[k["eth"][child]]),
                _d(k["dob"][child]), _n(age)]

    def disability(self, child):
        return _t(YES_NO[self.w.children["disabled"][child].astype(int)])

    def staff(self, kind: str, case, child, **kw) -> list[list]:
        team = team_of(kind, self.w, case, child, **kw)
        la = self.w.children["la"][child]
        names = worker_names(self.w, la, team, worker_of(self.w, la, team, case))
        return [_t(np.array(TEAMS, dtype=object)[team]), _t(names)]

    def recent(self, d: np.ndarray) -> np.ndarray:
        return (d > self.lo) & (d <= self.T)

    def list1(self):
        c = self.s["contacts"]
        m = np.nonzero(self.recent(c["date"]))[0]
        if len(m) > 2:  # two contacts keyed in twice
            dup = m[np.random.default_rng(self.T).choice(len(m), 2, replace=False)]
            m = np.sort(np.r_[m, dup])
        o = m[np.lexsort((c["child"][m], c["date"][m]))]
        return [*self.person(c["child"][o]), _d(c["date"][o]), _t(SOURCE[c["source"][o]])]

    def list2(self):
        e = self.s["early_help"]
        o = np.nonzero(self.recent(e["start"]) | (e["end"] > self.T))[0]
        o = o[np.argsort(e["start"][o], kind="stable")]
        return [*self.person(e["child"][o]), _d(e["start"][o]), _d(e["end"][o]),
                _t(np.array(EARLY_HELP, dtype=object)[e["org"][o]])]

    def list3(self):
        r = self.s["referrals"]
        o = np.nonzero(self.recent(r["date"]))[0]
        o = o[np.argsort(r["date"][o], kind="stable")]
        return [*self.person(r["child"][o]), _d(r["date"][o]), _t(SOURCE[r["source"][o]]),
                _t(PLAIN_YES_NO[r["nfa"][o].astype(int)]), _n(r["r12"][o]),
                *self.staff("front", r["case"][o], r["child"][o])]

    def list4(self):
        a = self.s["assessments"]
        o = np.nonzero(self.recent(a["auth"]) | (a["auth"] > self.T))[0]
        o = o[np.argsort(a["start"][o], kind="stable")]
        done = a["auth"][o] <= self.T
        seen = np.where(done, PLAIN_YES_NO[a["seen"][o].astype(int)], None)
        outcome = np.where(done, YES_NO[a["support"][o].astype(int)], None)
        return [*self.person(a["child"][o]), self.disability(a["child"][o]), _d(a["start"][o]), _t(seen),
                _d(a["auth"][o]), _t(outcome), *self.staff("assess", a["case"][o], a["child"][o])]

    def list5(self):
        s = self.s["s47"]
        o = np.nonzero(self.recent(s["strategy"]))[0]
        o = o[np.argsort(s["strategy"][o], kind="stable")]
        n = len(self.w.children["la"])
        n47 = np.bincount(s["child"][self.recent(s["strategy"])], minlength=n)
        nic = np.bincount(s["child"][self.recent(s["icpc"])], minlength=n)
        child = s["child"][o]
        cpp = np.where(s["cpp_known"][o], PLAIN_YES_NO[s["cpp"][o].astype(int)], None)
        return [*self.person(child), self.disability(child), _d(s["strategy"][o]),
                _t(PLAIN_YES_NO[s["unnecessary"][o].astype(int)]), _d(s["icpc"][o]), _t(cpp), _n(n47[child]),
                _n(nic[child]), *self.staff("assess", s["case"][o], child)]

    def list6(self):
        c = self.s["cin"]
        o = np.nonzero((c["end"] > self.T) | self.recent(c["end"]))[0]
        o = o[np.argsort(c["ref_date"][o], kind="stable")]
        closed = c["end"][o] <= self.T
        reason = np.where(closed, np.vectorize(CLOSURE.get, otypes=[object])(c["closure"][o]), None)
        status = np.array(CASE_STATUS, dtype=object)[c["status"][o]]
        staff = self.staff("cin", c["case"][o], c["child"][o], need=c["need"][o], status=c["status"][o],
                           c={k: v[o] for k, v in c.items()})
        return [*self.person(c["child"][o]), self.disability(c["child"][o]), _d(c["ref_date"][o]),
                _t(NEED[c["need"][o]]),
                _d(c["last_seen"][o]), _d(c["end"][o]), _t(reason), _t(status), *staff]

    def list7(self):
        p = self.s["cp"]
        o = np.nonzero((p["end"] > self.T) | self.recent(p["end"]))[0]
        o = o[np.argsort(p["start"][o], kind="stable")]
        return [*self.person(p["child"][o]), self.disability(p["child"][o]), _d(p["start"][o]),
                _t(ABUSE_LABEL[p["initial"][o]]), _t(ABUSE_LABEL[p["category"][o]]), _d(p["last_visit"][o]),
                _t(YES_NO[p["alone"][o].astype(int)]), _d(p["last_review"][o]), _d(p["end"][o]),
                _t(YES_NO[p["epo"][o].astype(int)]), _n(p["prior"][o]),
                *self.staff("cp", p["case"][o], p["child"][o], need=p["need"][o])]

    def list8(self):
        k, x, T = self.s["cla"], self.x, self.T
        o = np.nonzero((k["end"] > T) | self.recent(k["end"]))[0]
        o = o[np.argsort(k["start"][o], kind="stable")]
        row, child = k["row"][o], k["child"][o]
        uasc = self.w.children["uasc"][child] & (x.uasc_until[child] > self.lo)
        ceased = k["end"][o] <= T
        pl = k["place_row"][o]
        offered = k["missing_12m"][o] > 0
        return [*self.person(child), _t(YES_NO[uasc.astype(int)]), self.disability(child), _d(k["start"][o]),
                _t(NEED[k["need"][o]]), _t(YES_NO[x.second[row].astype(int)]), _d(x.ls_start[k["ep_row"][o]]),
                _t(LEGAL_LABEL[k["ls"][o]]), _d(k["last_review"][o]), _d(k["last_visit"][o]),
                _t(x.permanence(row, k["type"][o], T)),
                _d(x.iro(row, k["last_review"][o])), _d(k["health"][o]), _d(k["dental"][o]), _n(k["placements_12m"][o]),
                _d(k["end"][o]), _t(np.where(ceased, REC_LABEL[k["rec"][o]], None)), _d(k["placement_start"][o]),
                _t(PLACE_LABEL[k["type"][o]]), _t(PROVIDER_LABEL[self.w.t["placements"]["provider"][pl]]),
                _t(x.postcode[pl]), _t(x.urn[pl]),
                _t(np.where(self.w.t["placements"]["inarea"][pl], "a) In", "b) Out")), _t(x.place_la[pl]),
                _n(k["missing_12m"][o]), _n(k["absent_12m"][o]),
                _t(np.where(offered, YES_NO[x.offered[row].astype(int)], None)),
                _t(np.where(offered & x.offered[row], YES_NO[x.accepted[row].astype(int)], None)),
                *self.staff("care", k["case"][o], child)]

    def list9(self):
        lv = self.s["leavers"]
        child = lv["child"]
        o = np.argsort(self.w.children["dob"][child], kind="stable")
        child = child[o]
        touch = lv["touch"][o]
        known = np.isin(touch, [0, 4])  # YES, RHOM
        adult = self.T >= self.x.bday18[child]
        staff = self.staff("leaver", self.w.t["periods"]["case"][lv["period"][o]], child)
        return [*self.person(child), _t(YES_NO[self.w.children["uasc"][child].astype(int)]), self.disability(child),
                *staff, staff[1], _t(np.where(adult, "b) Former relevant child", "a) Relevant child")),
                _d(lv["pathway"][o]), _t(TOUCH_LABEL[touch]), _d(np.where(known, lv["contact"][o], NEVER)),
                _t(np.where(known, ACCOM_LABEL[lv["accom"][o]], None)),
                _t(np.where(known, np.where(lv["suitable"][o], "a) Suitable", "b) Unsuitable"), None)),
                _t(np.where(known, ACTIVITY_LABEL[lv["activity"][o]], None))]

    def list10(self):
        a, T, x = self.s["adoption"], self.T, self.x
        over = (a["order"] <= self.lo) | (a["reversed"] <= self.lo)
        o = np.nonzero(~over)[0]
        o = o[np.argsort(a["decision"][o], kind="stable")]
        per = self.w.t["periods"]
        child = per["child"][a["period"][o]]
        age = np.floor((T - self.w.children["dob"][child]) / 365.25).astype(int)
        fam = np.where(a["match"][o] <= T, x.family[a["row"][o]], None)
        rev = a["reversed"][o]
        k = self.person(child)
        return [k[0], _t(fam), k[1], k[2], k[3], _n(age), self.disability(child), _d(per["start"][a["period"][o]]),
                _d(a["decision"][o]), _d(a["po"][o]), _d(a["match"][o]), _d(a["placed"][o]), _d(a["order"][o]),
                _d(rev), _t(np.where(rev <= T, np.array(NO_LONGER, dtype=object)[a["rev_reason"][o]], None)),
                _d(a["ffa"][o])]

    def list11(self):
        return self.x.adopters(self.s["adoption"], self.T, self.lo)


def write_workbook(path: Path, lists: Lists) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": dt.datetime.combine(to_date(lists.T), dt.time(18)), "author": "kpiboard.synth"})
    bold = wb.add_format({"bold": True})
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    for sheet, headers in HEADERS.items():
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, headers, bold)
        cols = getattr(lists, "list" + sheet.split()[-1])()
        kinds = [_kind(h) for h in headers]
        for j, h in enumerate(headers):
            ws.set_column(j, j, 14 if kinds[j] == "date" else max(10, min(len(h), 28)))
        if not cols or not len(cols[0]):
            continue
        rows = list(zip(*cols))
        write_number, write_string = ws.write_number, ws.write_string
        for r, values in enumerate(rows, start=1):
            for j, v in enumerate(values):
                if v is None:
                    continue
                if kinds[j] == "date":
                    write_number(r, j, v, datef)
                elif isinstance(v, str):
                    write_string(r, j, v)
                else:
                    write_number(r, j, v)
    wb.close()
    return path


def _kind(header: str) -> str:
    h = header.lower()
    return "date" if ("date" in h and "number" not in h and "update" not in h) else "other"


def split_by_la(w: World, tables: dict) -> list[dict]:
    """The same tables, one set per LA (rows of each table grouped by their child's LA)."""
    n_la = len(w.la_codes)
    la = w.children["la"]
    per_child = w.t["periods"]["child"]
    parts: list[dict] = [{} for _ in range(n_la)]
    for name, t in tables.items():
        if not t:
            for part in parts:
                part[name] = t
            continue
        child = t["child"] if "child" in t else per_child[t["period"]]
        key = la[child]
        order = np.argsort(key, kind="stable")
        bounds = np.searchsorted(key[order], np.arange(n_la + 1))
        for i in range(n_la):
            rows = order[bounds[i]:bounds[i + 1]]
            parts[i][name] = {k: v[rows] for k, v in t.items()}
    return parts


def write_annex_a(w: World, folders: list[Path], extracts: list[dt.date], x: Extras | None = None) -> list[Path]:
    """One workbook per extract date for each LA (``folders[i]`` for LA ``i``)."""
    x = Extras(w) if x is None else x
    paths = []
    for e in extracts:
        T = day(e)
        full = tables_at(w, T)
        parts = split_by_la(w, full) if len(w.la_codes) > 1 else [full]
        for folder, tables in zip(folders, parts):
            folder.mkdir(parents=True, exist_ok=True)
            paths.append(write_workbook(folder / f"annex_a_{e.isoformat()}.xlsx", Lists(w, x, T, tables)))
    return paths
