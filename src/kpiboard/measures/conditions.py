"""Spec conditions -> Ibis boolean expressions. One function per operator family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from kpiboard.measures.calendar import working_day_index
from kpiboard.measures.windows import Window, resolve

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


def age_at(dob: ir.DateValue, day: dt.date) -> ir.IntegerValue:
    """Completed years at ``day`` (birthday not yet reached this year: one less)."""
    before_birthday = (dob.month() * 100 + dob.day()) > (day.month * 100 + day.day)
    return day.year - dob.year() - ibis.ifelse(before_birthday, 1, 0)


class Conditions:
    """Compiles conditions against one table for one window.

    ``wd`` gives a column's working-day index (joined from the calendar by the caller) so that
    working days between two columns is a subtraction on every engine.
    """

    def __init__(self, t: ir.Table, w: Window, params: dict,
                 wd: Callable[[str], ir.IntegerValue]) -> None:
        self.t, self.w, self.params, self.wd = t, w, params, wd

    def date(self, ref: str) -> ir.DateValue:
        day = resolve(ref, self.w)
        return ibis.date(day) if day is not None else self.t[ref]

    def all(self, conds: list[dict]) -> ir.BooleanValue:
        expr = ibis.literal(True)
        for cond in conds:
            expr = expr & self.one(cond)
        return expr

    def one(self, cond: dict) -> ir.BooleanValue:
        if "any" in cond:
            found = ibis.literal(False)
            for sub in cond["any"]:
                found = found | self.one(sub).fill_null(False)
            return found
        if "working_days" in cond:
            a, b = cond["working_days"]
            gap = self._wd(b) - self._wd(a)
            return self._bounded(gap, cond, "working_days")
        if "days" in cond:
            a, b = cond["days"]
            gap = self.date(b).delta(self.date(a), unit="day")
            return self._bounded(gap, cond, "days")
        if "age_at_end" in cond:
            lo, hi = cond["age_at_end"]
            age = age_at(self.t.dob, self.w.end)
            return (age >= lo) & (age <= hi)
        if "age_at_end_under" in cond:
            return age_at(self.t.dob, self.w.end) < cond["age_at_end_under"]
        if "column" in cond:
            return self._column(cond)
        raise SpecError(f"unknown condition {cond}")

    def _wd(self, ref: str) -> ir.IntegerValue:
        day = resolve(ref, self.w)
        return ibis.literal(working_day_index(day)) if day is not None else self.wd(ref)

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


def working_day_columns(conds: list[dict]) -> set[str]:
    """Columns whose working-day index a list of conditions needs."""
    found: set[str] = set()
    for cond in conds:
        if "any" in cond:
            found |= working_day_columns(cond["any"])
        elif "working_days" in cond:
            found |= {c for c in cond["working_days"] if resolve(c, _PROBE) is None}
    return found


_PROBE = Window("month", None, dt.date(2000, 1, 1), dt.date(2000, 1, 31))  # type: ignore[arg-type]
