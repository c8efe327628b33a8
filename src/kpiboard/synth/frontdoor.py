"""Contact -> referral -> continuous assessment -> section 47 -> initial conference.

One call handles one generation of cases (a case is one involvement of a child, starting with a
contact) and returns the rows it made plus the starts it hands on: CP plans, CIN plans, care.
Rates follow the DfE children in need census (England 2024): referrals about a quarter of
contacts, 6-7% no further action, assessments median about 30 working days with 84% within 45,
section 47s for about 36% of referrals, initial conferences for about a third of those (80% within
15 working days), a plan from 87% of conferences.
"""

from __future__ import annotations

import numpy as np

from .codes import SOURCE_UASC, SOURCES, weights
from .context import CIN_LONG, CIN_NORMAL, EMERG, REMAND, UASC, Ctx
from .dates import NEVER
from .frame import Cols, band_days, pick

SOURCE_W = weights(SOURCES)


def front_door(ctx: Ctx, cases: Cols) -> dict[str, Cols | np.ndarray]:
    n = len(cases["case"])
    rng, wd, u = ctx.rng, ctx.wd, ctx.u
    child, la, anchor = cases["child"], cases["la"], cases["anchor"]
    uasc = cases["uasc"]
    prior_cp = cases["prior_cp"] > 0
    age = ctx.age_years(child, anchor)
    disabled = ctx.children["disabled"][child]
    eff = ctx.eff

    # Contacts: a referral comes from a contact; most contacts end at the front door.
    p_ref = np.clip(np.where(cases["known"], 0.6, 0.29) * eff["conversion"][la], 0.05, 0.85)
    referred = uasc | (u(n) < p_ref)
    extra = np.where(referred, (u(n) < 0.2).astype(int), pick(rng, n, [0.62, 0.24, 0.10, 0.04]))
    c_case = np.concatenate([np.arange(n), np.repeat(np.arange(n), extra)])
    rep = np.repeat(np.arange(n), extra)
    # extra contacts: before the referral for referred cases, after the first one otherwise
    offset = np.floor(rng.uniform(10, 240, len(rep))).astype(np.int64)
    extra_dates = np.where(referred[rep], anchor[rep] - offset, anchor[rep] + offset)
    c_date = np.concatenate([anchor, extra_dates])
    ok = (c_date >= ctx.children["dob"][child[c_case]]) & (c_date < ctx.bday[18][child[c_case]])
    c_case, c_date = c_case[ok], c_date[ok]
    c_source = pick(rng, len(c_case), SOURCE_W)
    uc = uasc[c_case]
    c_source[uc] = np.array(SOURCE_UASC)[pick(rng, int(uc.sum()), [0.45, 0.55])]
    src = c_source[:n]  # the anchor contacts come first (a child is born before its first contact)
    contacts = {"case": cases["case"][c_case], "child": child[c_case], "date": c_date, "source": c_source}
    last_contact = np.zeros(n, dtype=np.int64)
    np.maximum.at(last_contact, c_case, c_date)

    # Early help assessments (Annex A list 2) for some contacts that stay below the threshold.
    eh = ~referred & (u(n) < 0.22)
    eh_start = anchor[eh] + rng.integers(3, 21, eh.sum())
    eh_end = eh_start + np.where(u(eh.sum()) < 0.9, rng.integers(15, 90, eh.sum()), rng.integers(90, 300, eh.sum()))
    early_help = {"case": cases["case"][eh], "child": child[eh], "start": eh_start, "end": eh_end,
                  "org": rng.integers(0, 8, eh.sum())}

    # Referral: the same day or a few working days after the contact.
    ref_date = np.where(referred, wd.add(anchor, pick(rng, n, [0.62, 0.24, 0.09, 0.05])), NEVER)
    nfa = referred & ~uasc & (u(n) < np.clip(0.055 * eff["nfa"][la], 0.01, 0.3))
    assessed = referred & ~nfa

    # Continuous assessment: starts at referral, authorised after N working days.
    a_start = wd.add(ref_date, np.array([0, 1, 2, 3, 5, 8])[pick(rng, n, [0.62, 0.15, 0.09, 0.06, 0.05, 0.03])])
    slow = eff["speed"][la] * ctx.wave_at(la, ref_date)
    dur = np.exp(rng.normal(np.log(30.0 * slow), 0.38))
    dur = np.where(u(n) < 0.016, 0, np.clip(np.round(dur), 1, 320)).astype(np.int64)
    dur[uasc] = np.minimum(dur[uasc], 30)
    a_auth = wd.add(a_start, dur)
    seen = u(n) < 0.965

    # Section 47, initial conference, plan.
    age_f = np.select([age < 1, age >= 16], [1.45, 0.75], 1.0)
    s47 = assessed & ~uasc & (u(n) < np.clip(0.47 * eff["s47"][la] * age_f * np.where(prior_cp, 1.3, 1), 0, 0.9))
    strat = np.where(u(n) < 0.45, a_start, wd.add(a_start, rng.integers(1, 11, n)))
    strat = np.minimum(strat, a_auth)
    p_icpc = np.clip(0.26 * eff["cp"][la] * np.where(age < 1, 1.4, 1.0) * np.where(prior_cp, 1.25, 1), 0, 0.9)
    icpc = s47 & (u(n) < p_icpc)
    late = np.clip(0.12 * eff["icpc_late"][la], 0.02, 0.6)
    icpc_wd = np.where(u(n) < late, band_days(rng, n, [(0.45, 16, 20), (0.55, 21, 45)]),
                       band_days(rng, n, [(0.11, 4, 10), (0.89, 11, 15)]))
    icpc_date = wd.add(strat, icpc_wd)

    # Emergencies during the assessment: police protection, EPO, section 20; remands for teens.
    p_em = np.select([age < 1, age < 5, age < 10, age < 16], [0.15, 0.012, 0.008, 0.013], 0.016)
    emerg = assessed & ~uasc & (u(n) < p_em * eff["care"][la])
    em_date = a_start + np.floor(u(n) * (a_auth - a_start + 1)).astype(np.int64)
    remand = assessed & ~uasc & ~emerg & (age >= 13) & (age < 17.5) & (u(n) < 0.006)
    icpc &= ~emerg
    cpp = icpc & (u(n) < 0.87)

    support = cpp | emerg | uasc | (s47 & ~icpc & (u(n) < 0.45)) | (icpc & ~cpp & (u(n) < 0.75))
    support |= assessed & ~s47 & ~emerg & (u(n) < np.where(disabled, 0.62, 0.45))
    cin_plan = support & ~cpp & ~emerg & ~uasc
    cin_start = np.where(icpc & ~cpp, icpc_date, a_auth)
    cin_kind = np.where(disabled & (u(n) < 0.45), CIN_LONG, CIN_NORMAL)

    idx = np.arange(n)
    assessments = {"case": cases["case"][assessed], "child": child[assessed], "start": a_start[assessed],
                   "auth": a_auth[assessed], "seen": seen[assessed], "support": support[assessed]}
    s47_rows = {"case": cases["case"][s47], "child": child[s47], "strategy": strat[s47],
                "icpc": np.where(icpc, icpc_date, NEVER)[s47], "cpp": cpp[s47]}
    referrals = {"case": cases["case"][referred], "child": child[referred], "date": ref_date[referred],
                 "source": src[referred], "nfa": nfa[referred]}
    care = np.concatenate([idx[emerg], idx[uasc], idx[remand]])
    care_date = np.concatenate([em_date[emerg], ref_date[uasc], em_date[remand]])
    route = np.concatenate([np.full(emerg.sum(), EMERG), np.full(uasc.sum(), UASC), np.full(remand.sum(), REMAND)])
    # A case with no further stage closes soon after its last front-door step.
    end = np.where(referred, np.where(nfa, ref_date + rng.integers(0, 3, n), a_auth + rng.integers(0, 6, n)),
                   last_contact)
    closure = np.where(nfa | (assessed & ~support & (u(n) < 0.62)), "RC8", "RC9")
    closure = np.where(support, "RC7", closure)
    seen_dates = a_start + np.floor(u(n) * (a_auth - a_start + 1)).astype(np.int64)
    return {
        "contacts": contacts, "early_help": early_help, "referrals": referrals, "assessments": assessments,
        "s47": s47_rows, "referred": referred, "ref_date": ref_date, "end": end, "closure": closure,
        "cp": {"at": idx[cpp], "date": icpc_date[cpp]},
        "cin": {"at": idx[cin_plan], "date": cin_start[cin_plan], "kind": cin_kind[cin_plan]},
        "care": {"at": care, "date": care_date, "route": route},
        "seen": {"at": idx[assessed & seen], "date": seen_dates[assessed & seen]},
    }
