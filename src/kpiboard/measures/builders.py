"""The few rules the spec vocabulary cannot say. Each takes the measure's selected rows and
returns them with ``num`` and ``den``; breakdowns and exceptions work on them like any other."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from kpiboard.measures.calendar import working_day_index
from kpiboard.measures.spec import MeasureSpec
from kpiboard.measures.windows import Window, add_months

if TYPE_CHECKING:
    from kpiboard.measures.engine import Engine


def _flag(t: ir.Table, hit: ir.BooleanValue) -> ir.Table:
    return t.mutate(num=ibis.ifelse(hit.fill_null(False), 1.0, 0.0), den=ibis.literal(1.0))


def rereferrals(engine: "Engine", spec: MeasureSpec, w: Window, t: ir.Table) -> ir.Table:
    """Another referral of the same child in the 12 months before this one. Where the loaded
    history does not reach 12 months back, the list's "referrals in the last 12 months" (> 1)
    stands in for it, as the definition allows."""
    history = engine.events("referrals").view()
    earlier = t.join(history, [
        t.la == history.la, t.child_id == history.child_id,
        history.referral_date < t.referral_date,
        history.referral_date >= _minus_12_months(t.referral_date),
    ])
    keys = earlier.select(la=t.la, child_id=t.child_id, referral_date=t.referral_date).distinct()
    keys = keys.mutate(had_earlier=ibis.literal(True))
    first = history.group_by("la").aggregate(history_from=history.referral_date.min())
    t = t.left_join(keys, ["la", "child_id", "referral_date"]).drop("la_right", "child_id_right",
                                                                      "referral_date_right")
    t = t.left_join(first, "la").drop("la_right")
    covered = t.history_from <= _minus_12_months(t.referral_date)
    hit = ibis.ifelse(covered, t.had_earlier.fill_null(False), t.referrals_12m.fill_null(0) > 1)
    return _flag(t, hit).drop("had_earlier", "history_from")


def _minus_12_months(day: ir.DateValue) -> ir.DateValue:
    """The same date a year earlier (29 February -> 28 February), on every engine."""
    return ibis.date(day.year() - 1, day.month(), ibis.ifelse(
        (day.month() == 2) & (day.day() == 29), 28, day.day()))


def second_plans(engine: "Engine", spec: MeasureSpec, w: Window, t: ir.Table) -> ir.Table:
    """A previous plan, ever: the list's count of previous plans, or an earlier plan on record."""
    history = engine.events("cp_plans").view()
    earlier = t.join(history, [t.la == history.la, t.child_id == history.child_id,
                               history.start_date < t.start_date])
    keys = earlier.select(la=t.la, child_id=t.child_id, start_date=t.start_date).distinct()
    keys = keys.mutate(had_earlier=ibis.literal(True))
    t = t.left_join(keys, ["la", "child_id", "start_date"]).drop("la_right", "child_id_right",
                                                                   "start_date_right")
    hit = t.had_earlier.fill_null(False) | (t.previous_plans.fill_null(0) > 0)
    return _flag(t, hit).drop("had_earlier")


def cin_or_cpp_children(engine: "Engine", spec: MeasureSpec, w: Window, t: ir.Table) -> ir.Table:
    """Children with an open CIN episode or an open CP plan (each child once)."""
    from kpiboard.measures.engine import _standard, one_row_per_child

    plans = engine.state("cp_plans", w)
    plans = plans.filter((plans.start_date <= w.end) & (plans.end_date.isnull() | (plans.end_date > w.end)))
    both = ibis.union(_standard(t.mutate(num=ibis.literal(1.0), den=ibis.literal(None, "float64"))),
                      _standard(plans.mutate(num=ibis.literal(1.0), den=ibis.literal(None, "float64"))))
    return one_row_per_child(both)


def placements_12m(engine: "Engine", spec: MeasureSpec, w: Window, t: ir.Table) -> ir.Table:
    """Three or more placements in the 12 months to the window's end. From SSDA903 episodes when
    loaded (placements counted by the RNE rules, short breaks ignored); otherwise from the Annex A
    list's "number of placements in the last 12 months"."""
    if "cla_episodes" not in engine.history:
        return _flag(t, t.placements_12m >= 3)
    since = add_months(w.end, -12)
    ep = engine.events("cla_episodes")
    ep = ep.filter(ep.legal_status.isnull() | ~ep.legal_status.isin(["V3", "V4"]))
    order = ibis.window(group_by=[ep.la, ep.child_id], order_by=ep.start_date)
    previous_end = ep.end_date.lag().over(order)
    new_placement = (ep.rne.isin(["S", "P", "B"]) | previous_end.isnull()
                     | (previous_end != ep.start_date))
    ep = ep.mutate(new=ibis.ifelse(new_placement, 1, 0))
    ep = ep.mutate(placement=ep.new.cumsum().over(ibis.window(group_by=[ep.la, ep.child_id],
                                                              order_by=ep.start_date)))
    overlapping = ep.filter((ep.start_date <= w.end) & (ep.end_date.isnull() | (ep.end_date > since)))
    counts = overlapping.group_by(["la", "child_id"]).aggregate(placements=overlapping.placement.nunique())
    t = t.left_join(counts, ["la", "child_id"]).drop("la_right", "child_id_right")
    return _flag(t, t.placements.fill_null(0) >= 3).drop("placements")


def cla_reviews(engine: "Engine", spec: MeasureSpec, w: Window, t: ir.Table) -> ir.Table:
    """Latest statutory review within the last 6 months, or care started within the last 20
    working days (no review due yet). SSDA903 review history is used where loaded."""
    six_months = add_months(w.end, -6)
    latest = t.last_review_date
    if "cla_reviews" in engine.history:
        rv = engine.events("cla_reviews")
        rv = rv.filter(rv.review_date <= w.end)
        last = rv.group_by(["la", "child_id"]).aggregate(review=rv.review_date.max())
        t = t.left_join(last, ["la", "child_id"]).drop("la_right", "child_id_right")
        latest = t.review
    t = engine.with_working_days(t, {"start_date"})
    recent_start = (ibis.literal(working_day_index(w.end)) - t.wd__start_date) <= 20
    hit = (latest > six_months) | recent_start
    out = _flag(t, hit).drop("wd__start_date")
    return out.drop("review") if "review" in out.columns else out


def caseload(engine: "Engine", spec: MeasureSpec, w: Window, t: ir.Table) -> ir.Table:
    """Children (open CIN, CP or looked after) per named worker: pairs of worker and child over
    workers. Each worker's first row carries den = 1, so sums give pairs / workers."""
    from kpiboard.measures.engine import _standard

    def open_rows(name: str) -> ir.Table:
        s = engine.state(name, w)
        s = s.filter((s.start_date <= w.end) & (s.end_date.isnull() | (s.end_date > w.end)))
        return _standard(s.mutate(num=ibis.literal(1.0), den=ibis.literal(0.0)))

    rows = ibis.union(_standard(t.mutate(num=ibis.literal(1.0), den=ibis.literal(0.0))),
                      open_rows("cp_plans"), open_rows("cla"))
    rows = rows.filter(rows.worker.notnull() & (rows.worker.strip() != ""))
    pairs = rows.group_by(["la", "worker", "child_id"]).aggregate(
        team=rows.team.max(), gender=rows.gender.max(), ethnicity=rows.ethnicity.max(),
        dob=rows.dob.max(), disability=rows.disability.max(),
        legal_status=rows.legal_status.max(), placement_type=rows.placement_type.max())
    first = ibis.window(group_by=[pairs.la, pairs.worker], order_by=pairs.child_id)
    return pairs.mutate(num=ibis.literal(1.0),
                        den=ibis.ifelse(ibis.row_number().over(first) == 0, 1.0, 0.0))
