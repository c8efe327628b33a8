"""Spec conditions -> Ibis boolean expressions over rows joined to their window.

Window dates are columns (``w_end``, ``w_end_m6month`` ...) from the windows table, so one
compiled query serves every month and window.
"""

from __future__ import annotations

from collections.abc import Iterable

import ibis
import ibis.expr.types as ir

from kpiboard.measures.windows import column_for, is_date_expr

Numeric = ("at_least", "at_most", "more_than", "less_than")
DateOps = ("on_or_after", "after", "on_or_before", "before")


class SpecError(ValueError):
    """A library spec uses the vocabulary wrongly (a bug in library.yaml, not user input)."""


def _compare(value: ir.Value, op: str, bound) -> ir.BooleanValue:
    return {"at_least": value >= bound, "at_most": value <= bound, "more_than": value > bound,
            "less_than": value < bound, "on_or_after": value >= bound, "after": value > bound,
            "on_or_before": value <= bound, "before": value < bound}[op]


def _number(bound, params: dict) -> float:
    if isinstance(bound, dict) and "param" in bound:
        return params[bound["param"]]
    return bound


def age_at_end(t: ir.Table) -> ir.IntegerValue:
    """Completed years at the window's end (birthday not reached yet that year: one less)."""
    before_birthday = (t.dob.month() * 100 + t.dob.day()) > t.w_end_mmdd
    return t.w_end_year - t.dob.year() - ibis.ifelse(before_birthday, 1, 0)


class Conditions:
    def __init__(self, t: ir.Table, params: dict) -> None:
        self.t, self.params = t, params

    def date(self, ref: str) -> ir.DateValue:
        return self.t[column_for(ref)] if is_date_expr(ref) else self.t[ref]

    def all(self, conds: list[dict]) -> ir.BooleanValue:
        expr = ibis.literal(True)
        for cond in conds:
            expr = expr & self.one(cond).fill_null(False)
        return expr

    def one(self, cond: dict) -> ir.BooleanValue:
        if "any" in cond:
            found = ibis.literal(False)
            for sub in cond["any"]:
                found = found | self.one(sub).fill_null(False)
            return found
        if "working_days" in cond:
            a, b = cond["working_days"]
            return self._bounded(self._wd(b) - self._wd(a), cond, "working_days")
        if "days" in cond:
            a, b = cond["days"]
            return self._bounded(self.date(b).delta(self.date(a), unit="day"), cond, "days")
        if "age_at_end" in cond:
            lo, hi = cond["age_at_end"]
            age = age_at_end(self.t)
            return (age >= lo) & (age <= hi)
        if "age_at_end_under" in cond:
            return age_at_end(self.t) < cond["age_at_end_under"]
        if "column" in cond:
            return self._column(cond)
        raise SpecError(f"unknown condition {cond}")

    def _wd(self, ref: str) -> ir.IntegerValue:
        if is_date_expr(ref):
            if ref.strip() != "end":
                raise SpecError(f"working days can be counted to 'end' or a column, not {ref!r}")
            return self.t.w_wd_end
        return self.t[f"wd__{ref}"]

    def _bounded(self, value: ir.Value, cond: dict, key: str) -> ir.BooleanValue:
        ops = [op for op in Numeric if op in cond]
        if not ops:
            raise SpecError(f"{key} condition needs one of {Numeric}: {cond}")
        expr = ibis.literal(True)
        for op in ops:
            expr = expr & _compare(value, op, _number(cond[op], self.params))
        return expr

    def _column(self, cond: dict) -> ir.BooleanValue:
        col = self.t[cond["column"]]
        if "is_null" in cond:
            return col.isnull() if cond["is_null"] else col.notnull()
        if "is" in cond:
            return col == bool(cond["is"])
        if "in" in cond:
            return col.isin([str(v) for v in cond["in"]])
        if "not_in" in cond:
            return col.isnull() | ~col.isin([str(v) for v in cond["not_in"]])
        for op in DateOps:
            if op in cond:
                return _compare(col, op, self.date(cond[op]))
        for op in Numeric:
            if op in cond:
                return _compare(col, op, _number(cond[op], self.params))
        raise SpecError(f"unknown column condition {cond}")


def _walk(conds: Iterable[dict]):
    for cond in conds:
        yield cond
        if "any" in cond:
            yield from _walk(cond["any"])


def working_day_columns(conds: list[dict]) -> set[str]:
    """Columns whose working-day index a list of conditions needs."""
    return {c for cond in _walk(conds) if "working_days" in cond
            for c in cond["working_days"] if not is_date_expr(c)}


def date_exprs(conds: list[dict]) -> set[str]:
    """Window date expressions ('end - 6 months') a list of conditions uses."""
    found: set[str] = set()
    for cond in _walk(conds):
        values = [v for k, v in cond.items() if k in DateOps] + list(cond.get("days", []))
        found |= {v for v in values if is_date_expr(v)}
    return found


def columns_used(conds: list[dict]) -> set[str]:
    """Record columns a list of conditions reads."""
    found: set[str] = set()
    for cond in _walk(conds):
        if "column" in cond:
            found.add(cond["column"])
        for key in ("days", "working_days"):
            found |= {c for c in cond.get(key, []) if not is_date_expr(c)}
        if "age_at_end" in cond or "age_at_end_under" in cond:
            found.add("dob")
    return found
