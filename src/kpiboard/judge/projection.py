"""Year-end projection: where the financial year will finish if the year so far continues, and
whether that meets the year's target — the question most commentary tries to answer.

How the year so far is carried forward depends on the indicator's aggregation (judge/aggregate):

- ``sum`` (counts): the run rate, the year to date over the months with figures times 12;
  compared with the year-end target of a cumulative target, or with the sum of the twelve
  monthly targets when the target is per month (a year of "no more than 400 a month" is 4,800);
- ``ratio`` (percentages, rates): the year to date itself, summed numerators over summed
  denominators, since that is what the outturn will be formed from; compared with March's target;
- ``mean``: the mean so far; compared with March's target;
- ``latest`` (snapshots such as children on a plan at month end): the latest figure, the only
  honest guess without a model of starts and ends; compared with March's target.

No projection without a target, or without a figure this year. A withheld year to date
(publication mode) gives a withheld projection with no verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpiboard.catalogue.model import Indicator
from kpiboard.judge.aggregate import Aggregate
from kpiboard.judge.targets import target_for
from kpiboard.judge.tolerance import on_target
from kpiboard.periods import FinancialYear, Month
from kpiboard.publish import SUPPRESSED, is_suppressed

METHODS = {"sum": "run rate of the year to date", "ratio": "year to date",
           "mean": "mean of the year to date", "latest": "latest figure held"}


@dataclass(frozen=True)
class Projection:
    year: FinancialYear
    value: float | None
    target: float | None      # the year-end target it is compared with
    on_course: bool | None    # None: information only, or withheld
    method: str               # how the year so far was carried forward, in words
    months: int               # months with figures it rests on
    basis: str                # "ytd" or "month": which figure it is made from


def year_end_target(ind: Indicator, year: FinancialYear) -> float | None:
    march = target_for(ind, year.months[-1])
    if ind.aggregation != "sum" or ind.target_basis == "ytd":
        return march
    monthly = [target_for(ind, m) for m in year.months]
    return None if any(t is None for t in monthly) else sum(monthly)


def project(ind: Indicator, ytd: Aggregate, latest: float | None, period: Month
            ) -> Projection | None:
    year = period.financial_year
    target = year_end_target(ind, year)
    if target is None or ytd.months == 0:
        return None
    how = ind.aggregation
    basis = "month" if how == "latest" else "ytd"
    source = latest if how == "latest" else ytd.value
    method = METHODS[how]
    if source is None:
        return None
    if is_suppressed(source):
        return Projection(year, SUPPRESSED, target, None, method, ytd.months, basis)
    value = source / ytd.months * 12 if how == "sum" else source
    shown = round(value, ind.decimal_places)
    return Projection(year, value, target, on_target(shown, target, ind.polarity), method,
                      ytd.months, basis)
