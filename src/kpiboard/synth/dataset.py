"""Canonical records (``records.schema``) from the world as at one date."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from kpiboard.records.schema import POPULATION, Dataset, schema

from .codes import (ABUSE, ACCOMMODATION, ACTIVITIES, CASE_STATUS, EET, ETHNICITIES, GENDERS, IN_TOUCH_FLAG,
                    IN_TOUCH_KNOWN, LS,
                    NEEDS, PLACE, SOURCES, TEAMS, plain)
from .dates import NEVER, day
from .snapshot import tables_at, team_of, worker_of
from .staffing import worker_names
from .world import World

HISTORY = {"cla_episodes", "cla", "cla_reviews", "missing"}
GENDER_TEXT = np.array([plain(g[1]) or None for g in GENDERS], dtype=object)
ETH_CODE = np.array([e[0] for e in ETHNICITIES], dtype=object)
SOURCE_TEXT = np.array([plain(s[1]) for s in SOURCES], dtype=object)
NEED_CODE = np.array([n[0] for n in NEEDS], dtype=object)
STATUS_TEXT = np.array([plain(s) for s in CASE_STATUS], dtype=object)
ABUSE_TEXT = np.array([a[1] for a in ABUSE], dtype=object)
LS_CODE = np.array(LS, dtype=object)
PLACE_CODE = np.array(PLACE, dtype=object)
ACTIVITY_CODE = np.array([a[0] for a in ACTIVITIES], dtype=object)
ACCOM_CODE = np.array([a[0] for a in ACCOMMODATION], dtype=object)
RNE = np.array(["S", "P", "T", "L", "B", "U"], dtype=object)


def date_array(d: np.ndarray) -> pa.Array:
    d = np.asarray(d, dtype=np.int64)
    return pa.array(np.where(d >= NEVER, 0, d).astype(np.int32), type=pa.date32(), mask=d >= NEVER)


def common(w: World, T: int, child: np.ndarray, team: np.ndarray, case: np.ndarray) -> dict:
    k = w.children
    la = k["la"][child]
    idx = worker_of(w, la, team, case)
    return {"la": np.array(w.la_codes, dtype=object)[la], "extract_date": np.full(len(child), T),
            "child_id": k["id"][child].astype(str).astype(object), "gender": GENDER_TEXT[k["gender"][child]],
            "ethnicity": ETH_CODE[k["eth"][child]], "dob": k["dob"][child], "disability": k["disabled"][child],
            "team": np.array(TEAMS, dtype=object)[team], "worker": worker_names(w, la, team, idx)}


def to_arrow(name: str, cols: dict) -> pa.Table:
    sch = schema(name)
    arrays = []
    for f in sch:
        v = cols[f.name]
        if f.type == pa.date32():
            arrays.append(date_array(v))
        elif isinstance(v, np.ndarray) and v.dtype == object:
            arrays.append(pa.array(v.tolist(), type=f.type))
        else:
            arrays.append(pa.array(v, type=f.type))
    return pa.Table.from_arrays(arrays, schema=sch)


def opt_bool(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    return np.where(known, values.astype(object), None)


def canonical(w: World, T: int) -> dict[str, dict]:
    """Canonical columns (numpy) for every table as at ``T``."""
    s = tables_at(w, T)
    t = w.t
    out: dict[str, dict] = {}

    def add(name, child, team, case, **cols):
        out[name] = {**common(w, T, child, team, case), **cols}

    c = s["contacts"]
    add("contacts", c["child"], team_of("front", w, c["case"], c["child"]), c["case"],
        contact_date=c["date"], source=SOURCE_TEXT[c["source"]])
    r = s["referrals"]
    add("referrals", r["child"], team_of("front", w, r["case"], r["child"]), r["case"], referral_date=r["date"],
        source=SOURCE_TEXT[r["source"]], nfa=r["nfa"], referrals_12m=r["r12"])
    a = s["assessments"]
    done = a["auth"] <= T
    add("assessments", a["child"], team_of("assess", w, a["case"], a["child"]), a["case"], start_date=a["start"],
        authorised_date=a["auth"], child_seen=opt_bool(a["seen"], done),
        outcome=np.where(done, np.where(a["support"], "Yes", "No"), None).astype(object))
    x = s["s47"]
    add("s47", x["child"], team_of("assess", w, x["case"], x["child"]), x["case"], strategy_date=x["strategy"],
        icpc_unnecessary=x["unnecessary"], icpc_date=x["icpc"], icpc_to_cpp=opt_bool(x["cpp"], x["cpp_known"]))
    ci = s["cin"]
    add("cin", ci["child"], team_of("cin", w, ci["case"], ci["child"], ci["need"], ci["status"], ci), ci["case"],
        start_date=ci["ref_date"], end_date=ci["end"], last_seen_date=ci["last_seen"],
        primary_need=NEED_CODE[ci["need"]], case_status=STATUS_TEXT[ci["status"]])
    p = s["cp"]
    add("cp_plans", p["child"], team_of("cp", w, p["case"], p["child"], p["need"]), p["case"], start_date=p["start"],
        end_date=p["end"], last_visit_date=p["last_visit"], last_review_date=p["last_review"],
        previous_plans=p["prior"], category=ABUSE_TEXT[p["category"]])
    k = s["cla"]
    pl = t["placements"]
    add("cla", k["child"], team_of("care", w, k["case"], k["child"]), k["case"], start_date=k["start"],
        end_date=k["end"], legal_status=LS_CODE[k["ls"]], placement_type=PLACE_CODE[k["type"]],
        placement_start=k["placement_start"], placements_12m=k["placements_12m"], last_review_date=k["last_review"],
        last_visit_date=k["last_visit"], health_assessment_date=k["health"], dental_check_date=k["dental"],
        uasc=w.children["uasc"][k["child"]],
        placement_location=np.where(pl["inarea"][k["place_row"]], "In", "Out").astype(object))
    per = t["periods"]
    e = s["episodes"]
    ec, ecase = per["child"][e["period"]], per["case"][e["period"]]
    add("cla_episodes", ec, team_of("care", w, ecase, ec), ecase, start_date=e["start"], end_date=e["end"],
        rne=RNE[e["rne"]], legal_status=LS_CODE[e["ls"]], placement_type=PLACE_CODE[e["type"]])
    rv = s["cla_reviews"]
    rc, rcase = per["child"][rv["period"]], per["case"][rv["period"]]
    add("cla_reviews", rc, team_of("care", w, rcase, rc), rcase, review_date=rv["date"])
    mi = s["missing"]
    mc, mcase = per["child"][mi["period"]], per["case"][mi["period"]]
    add("missing", mc, team_of("care", w, mcase, mc), mcase, start_date=mi["start"], end_date=mi["end"],
        kind=mi["kind"].astype(object))
    ad = s["adoption"]
    dc, dcase = per["child"][ad["period"]], per["case"][ad["period"]]
    add("adoption", dc, team_of("care", w, dcase, dc), dcase, entered_care_date=per["start"][ad["period"]],
        decision_date=ad["decision"], placement_order_date=ad["po"], matched_date=ad["match"],
        placed_date=ad["placed"], adoption_order_date=ad["order"])
    lv = s["leavers"]
    lcase = per["case"][lv["period"]]
    touch = lv["touch"]
    add("care_leavers", lv["child"], team_of("leaver", w, lcase, lv["child"]), lcase,
        in_touch=IN_TOUCH_FLAG[touch], activity=np.where(IN_TOUCH_KNOWN[touch], ACTIVITY_CODE[lv["activity"]], None),
        eet=opt_bool(EET[lv["activity"]], IN_TOUCH_KNOWN[touch]),
        accommodation=np.where(IN_TOUCH_KNOWN[touch], ACCOM_CODE[lv["accom"]], None),
        accommodation_suitable=opt_bool(lv["suitable"], IN_TOUCH_KNOWN[touch]), pathway_review_date=lv["pathway"])
    return out


def dataset(w: World, when: dt.date | None = None) -> Dataset:
    T = w.end if when is None else day(when)
    ds = Dataset(history=set(HISTORY))
    for name, cols in canonical(w, T).items():
        ds.tables[name] = to_arrow(name, cols)
    rows = sorted(w.population.items())
    ds.population = pa.Table.from_pydict({"la": [k[0] for k, _ in rows], "year": [k[1] for k, _ in rows],
                                          "population": [v for _, v in rows]}, schema=POPULATION)
    ds.sources.append(f"kpiboard.synth (simulated, {len(w.la_codes)} LA(s))")
    return ds
