"""The few rules the spec vocabulary cannot say. Each takes the measure's selected rows (already
joined to their windows) and returns them with ``num`` and ``den``; breakdowns and exceptions
then work on them like on any other measure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from kpiboard.measures.spec import MeasureSpec

if TYPE_CHECKING:
    from kpiboard.measures.engine import Engine


def _flag(t: ir.Table, hit: ir.BooleanValue) -> ir.Table:
    return t.mutate(num=ibis.ifelse(hit.fill_null(False), 1.0, 0.0), den=ibis.literal(1.0))


def _attach(t: ir.Table, found: ir.Table, keys: list[str]) -> ir.Table:
    """Left-join per-row findings on ``keys`` without duplicating the key columns."""
    joined = t.left_join(found, keys)
    return joined.drop(*[f"{k}_right" for k in keys if f"{k}_right" in joined.columns])


def _minus_12_months(day: ir.DateValue) -> ir.DateValue:
    """The same date a year earlier (29 February -> 28 February), on every engine."""
    return ibis.date(day.year() - 1, day.month(),
                     ibis.ifelse((day.month() == 2) & (day.day() == 29), 28, day.day()))


def rereferrals(engine: "Engine", spec: MeasureSpec, t: ir.Table) -> ir.Table:
    """Another referral of the same child in the 12 months before this one. Where the loaded
    history does not reach 12 months back, the list's "referrals in the last 12 months" (> 1)
    stands in for it, as the definition allows."""
    history = engine.events("referrals").view()
    earlier = t.join(history, [t.la == history.la, t.child_id == history.child_id,
                               history.referral_date < t.referral_date,
                               history.referral_date >= _minus_12_months(t.referral_date)])
    found = earlier.select(la=t.la, child_id=t.child_id, referral_date=t.referral_date).distinct()
    t = _attach(t, found.mutate(had_earlier=ibis.literal(True)), ["la", "child_id", "referral_date"])
    first = history.group_by("la").aggregate(history_from=history.referral_date.min())
    t = _attach(t, first, ["la"])
    covered = t.history_from <= _minus_12_months(t.referral_date)
    hit = t.had_earlier.fill_null(False) | (~covered.fill_null(False) & (t.referrals_12m.fill_null(0) > 1))
    return _flag(t, hit).drop("had_earlier", "history_from")


def second_plans(engine: "Engine", spec: MeasureSpec, t: ir.Table) -> ir.Table:
    """A previous plan, ever: the list's count of previous plans, or an earlier plan on record."""
    history = engine.events("cp_plans").view()
    earlier = t.join(history, [t.la == history.la, t.child_id == history.child_id,
                               history.start_date < t.start_date])
    found = earlier.select(la=t.la, child_id=t.child_id, start_date=t.start_date).distinct()
    t = _attach(t, found.mutate(had_earlier=ibis.literal(True)), ["la", "child_id", "start_date"])
    hit = t.had_earlier.fill_null(False) | (t.previous_plans.fill_null(0) > 0)
    return _flag(t, hit).drop("had_earlier")


def cin_or_cpp_children(engine: "Engine", spec: MeasureSpec, t: ir.Table) -> ir.Table:
    """Children with an open CIN episode or an open CP plan (each child once)."""
    from kpiboard.measures.engine import _standard, one_row_per_child

    count = dict(num=ibis.literal(1.0), den=ibis.literal(None, "float64"))
    plans = engine.open_at_end("cp_plans")
    return one_row_per_child(ibis.union(_standard(t.mutate(**count)),
                                        _standard(plans.mutate(**count))))


def placements_12m(engine: "Engine", spec: MeasureSpec, t: ir.Table) -> ir.Table:
    """Three or more placements in the 12 months to the window's end. From SSDA903 episodes when
    loaded (placements counted by the RNE rules, short breaks ignored, a placement counting if it
    overlaps the 12 months at all); otherwise the Annex A list's own count."""
    if "cla_episodes" not in engine.history:
        return _flag(t, t.placements_12m >= 3)
    ep = engine.events("cla_episodes")
    ep = ep.filter(ep.legal_status.isnull() | ~ep.legal_status.isin(["V3", "V4"]))
    by_child = ibis.window(group_by=[ep.la, ep.child_id], order_by=ep.start_date)
    previous_end = ep.end_date.lag().over(by_child)
    starts_placement = (ep.rne.isin(["S", "P", "B"]) | previous_end.isnull()
                        | (previous_end != ep.start_date))
    ep = ep.mutate(new=ibis.ifelse(starts_placement, 1, 0))
    ep = ep.mutate(placement=ep.new.cumsum().over(
        ibis.window(group_by=[ep.la, ep.child_id], order_by=ep.start_date)))
    w = engine.windows
    overlapping = ep.join(w, (ep.start_date <= w.w_end)
                          & (ep.end_date.isnull() | (ep.end_date > w.w_end_m12month)))
    counts = overlapping.group_by(["window_id", "la", "child_id"]).aggregate(
        placements=overlapping.placement.nunique())
    t = _attach(t, counts, ["window_id", "la", "child_id"])
    return _flag(t, t.placements.fill_null(0) >= 3).drop("placements")


def cla_reviews(engine: "Engine", spec: MeasureSpec, t: ir.Table) -> ir.Table:
    """Latest statutory review within the last 6 months, or care started within the last 20
    working days (no review due yet). SSDA903 review history is used where loaded."""
    latest = "last_review_date"
    if "cla_reviews" in engine.history:
        rv, w = engine.events("cla_reviews"), engine.windows
        pairs = rv.join(w, rv.review_date <= w.w_end)
        last = pairs.group_by(["window_id", "la", "child_id"]).aggregate(review=pairs.review_date.max())
        t = _attach(t, last, ["window_id", "la", "child_id"])
        latest = "review"
    t = engine.with_working_days(t, {"start_date"})
    hit = (t[latest] > t.w_end_m6month) | ((t.w_wd_end - t.wd__start_date) <= 20)
    out = _flag(t, hit).drop("wd__start_date")
    return out.drop("review") if "review" in out.columns else out


def caseload(engine: "Engine", spec: MeasureSpec, t: ir.Table) -> ir.Table:
    """Children (open CIN, CP or looked after) per named worker: pairs of worker and child over
    workers. Each worker's first row carries den = 1, so the sums give pairs / workers."""
    from kpiboard.measures.engine import STANDARD, _standard

    one = dict(num=ibis.literal(1.0), den=ibis.literal(0.0))
    rows = ibis.union(_standard(t.mutate(**one)),
                      _standard(engine.open_at_end("cp_plans").mutate(**one)),
                      _standard(engine.open_at_end("cla").mutate(**one)))
    rows = rows.filter(rows.worker.notnull() & (rows.worker.strip() != ""))
    attrs = [c for c in STANDARD if c not in ("window_id", "la", "worker", "child_id", "num", "den")]
    pairs = rows.group_by(["window_id", "la", "worker", "child_id"]).aggregate(
        **{c: rows[c].max() for c in attrs})
    first = ibis.window(group_by=[pairs.window_id, pairs.la, pairs.worker], order_by=pairs.child_id)
    return pairs.mutate(num=ibis.literal(1.0),
                        den=ibis.ifelse(ibis.row_number().over(first) == 0, 1.0, 0.0))
