"""The quarterly scorecard by owner (spec section 3): a section per accountable owner; inside it,
indicators grouped by where they stand against target and tolerance; each card shows the
financial year month by month, a status symbol at each quarter end reached, and the period's
commentary or why there is none.

Built from the monthly report's pages, so the scorecard and the monthly report never disagree
about a figure, a target or whether commentary is owed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kpiboard.catalogue.model import Indicator
from kpiboard.figures import Figure
from kpiboard.ingest.commentary import Comment
from kpiboard.judge import target_for, tolerance_status, year_to_date
from kpiboard.judge.tolerance import BETTER, WITHIN, WORSE
from kpiboard.model.assess import shown
from kpiboard.model.monthly import IndicatorPage, MonthlyReport
from kpiboard.periods import FinancialYear, Month
from kpiboard.publish import is_suppressed
from kpiboard.units import UNIT_LABELS

NO_OWNER = "No owner recorded"
NOT_JUDGED = "not_judged"  # no target, information only, or no figure for the period
STATUS_ORDER = (WORSE, WITHIN, BETTER, NOT_JUDGED)
STATUS_LABELS = {
    WORSE: "Worse than target beyond tolerance",
    WITHIN: "Within tolerance of target",
    BETTER: "Better than target beyond tolerance",
    NOT_JUDGED: "No target or not judged",
}
SHORT_LABELS = {WORSE: "Worse", WITHIN: "Within", BETTER: "Better", NOT_JUDGED: "Not judged"}
POLARITY_WORDS = {"higher": "Bigger is better", "lower": "Smaller is better",
                  "neutral": "Information only"}

# What the card says in place of, or about, commentary.
COMMENTED, ON_TARGET, MISSING, NOT_REQUIRED = "commented", "on_target", "missing", "not_required"
QUARTER_ENDS = (6, 9, 12, 3)


@dataclass(frozen=True)
class MonthEnd:
    """One column of the card: the position at the end of a month of the financial year."""

    month: Month
    reached: bool           # False for months after the period: shown blank
    actual: float | None    # the month's figure, or the year to date for cumulative targets
    target: float | None
    status: str | None      # tolerance status at this month end (None: not judged)
    partial: bool = False   # a year-to-date figure with months missing
    note: str | None = None  # why there is no figure (e.g. "system migration")

    @property
    def quarter_end(self) -> bool:
        return self.month.month in QUARTER_ENDS

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status or NOT_JUDGED]

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self.status or NOT_JUDGED]


@dataclass(frozen=True)
class QuarterMark:
    quarter: int
    month: Month
    status: str | None      # None: the quarter end has no figure or no target to judge


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    owner: str
    polarity: str           # in words: Bigger is better, Smaller is better, Information only
    unit: str
    cumulative: bool        # actuals and targets are year to date
    status: str             # one of STATUS_ORDER: the group the card sits in
    months: tuple[MonthEnd, ...]  # April to March of the period's financial year
    commentary: tuple[Comment, ...]
    commentary_state: str   # COMMENTED, ON_TARGET, MISSING or NOT_REQUIRED
    why_not_judged: str | None  # for NOT_JUDGED cards: no target, information only, no figure
    owed: str | None = None  # for MISSING cards, where the commentary stands (IndicatorPage.commentary_owed)

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def quarters(self) -> tuple[QuarterMark, ...]:
        """A mark for each quarter end reached by the period, in order."""
        return tuple(QuarterMark(m.month.quarter, m.month, m.status)
                     for m in self.months if m.quarter_end and m.reached)


@dataclass(frozen=True)
class StatusGroup:
    status: str
    cards: tuple[Card, ...]

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class OwnerSection:
    owner: str
    groups: tuple[StatusGroup, ...]  # non-empty groups, in STATUS_ORDER

    @property
    def cards(self) -> list[Card]:
        return [c for g in self.groups for c in g.cards]

    @property
    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUS_ORDER}
        for g in self.groups:
            counts[g.status] = len(g.cards)
        return counts

    @property
    def missing_commentary(self) -> int:
        return sum(c.commentary_state == MISSING for c in self.cards)


@dataclass(frozen=True)
class Scorecard:
    title: str
    service: str
    la_name: str | None
    period: Month
    status: str | None      # the report's issue status, e.g. "Issue 1 - draft"
    created: dt.date
    sections: tuple[OwnerSection, ...]
    publication: object | None = None  # publication mode: what was withheld (kpiboard.publish)

    @property
    def financial_year(self) -> FinancialYear:
        return self.period.financial_year

    @property
    def months(self) -> list[Month]:
        return self.financial_year.months

    @property
    def quarter(self) -> int:
        return self.period.quarter

    @property
    def quarter_complete(self) -> bool:
        return self.period.month in QUARTER_ENDS

    @property
    def cards(self) -> list[Card]:
        return [c for s in self.sections for c in s.cards]

    @property
    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUS_ORDER}
        for c in self.cards:
            counts[c.status] += 1
        return counts

    @property
    def missing_commentary(self) -> int:
        return sum(s.missing_commentary for s in self.sections)

    @property
    def key(self) -> tuple[tuple[str, str], ...]:
        """The status symbols in order, with what each means."""
        return tuple((s, STATUS_LABELS[s]) for s in STATUS_ORDER)


def _compared(ind: Indicator, figures: dict[Month, Figure],
              month: Month) -> tuple[float | None, bool, str | None]:
    """The figure a month end is judged on, as the assessment judges it: the year to date for
    cumulative targets, otherwise the month's own figure. Returns (value, partial, note)."""
    if ind.target_basis == "ytd":
        ytd = year_to_date(figures, month, ind.aggregation, ind.scale)
        # a reason only when there were figures that could not be combined; none at all is blank
        return ytd.value, ytd.value is not None and ytd.missing > 0, ytd.reason if ytd.months else None
    figure = figures.get(month)
    if figure is None:
        return None, False, None
    return figure.value, False, figure.note if figure.value is None else None


def month_ends(page: IndicatorPage, period: Month) -> tuple[MonthEnd, ...]:
    ind = page.indicator
    # The page holds the last 13 months, which always cover April to the period.
    figures = {c.month: c.figure for c in page.months if c.figure is not None}
    out = []
    for month in period.financial_year.months:
        target = target_for(ind, month)
        if month > period:
            out.append(MonthEnd(month, False, None, target, None))
            continue
        value, partial, note = _compared(ind, figures, month)
        status = tolerance_status(shown(value, ind), target, ind.tolerance, ind.polarity)
        out.append(MonthEnd(month, True, value, target, status, partial, note))
    return tuple(out)


def _why_not_judged(page: IndicatorPage) -> str | None:
    a = page.assessment
    if a.status is not None:
        return None
    if a.indicator.polarity == "neutral":
        return "Information only: not judged against a target"
    if a.target is None:
        return f"No target set for {a.period.label}"
    if is_suppressed(a.value) or is_suppressed(a.ytd.value):
        return f"Figure for {a.period.label} withheld to protect confidentiality"
    return f"No figure for {a.period.label}"


def _commentary_state(page: IndicatorPage) -> str:
    if page.commentary:
        return COMMENTED
    if page.missing_commentary:  # the monthly report's rule, so both flag the same gaps
        return MISSING
    if page.assessment.on_target:
        return ON_TARGET
    return NOT_REQUIRED


def build_card(page: IndicatorPage) -> Card:
    ind = page.indicator
    a = page.assessment
    return Card(
        indicator=ind, owner=(ind.owner or "").strip() or NO_OWNER,
        polarity=POLARITY_WORDS[ind.polarity], unit=UNIT_LABELS[ind.unit],
        cumulative=ind.target_basis == "ytd", status=a.status or NOT_JUDGED,
        months=month_ends(page, a.period), commentary=page.commentary,
        commentary_state=_commentary_state(page), why_not_judged=_why_not_judged(page),
        owed=page.commentary_owed)


def _owner_key(owner: str) -> tuple[bool, str]:
    return owner == NO_OWNER, owner.casefold()  # named owners A-Z, then the unowned


def build_scorecard(report: MonthlyReport) -> Scorecard:
    cards = [build_card(p) for p in report.pages]  # catalogue order within each group
    sections = []
    for owner in sorted({c.owner for c in cards}, key=_owner_key):
        mine = [c for c in cards if c.owner == owner]
        groups = tuple(StatusGroup(s, tuple(c for c in mine if c.status == s))
                       for s in STATUS_ORDER if any(c.status == s for c in mine))
        sections.append(OwnerSection(owner, groups))
    return Scorecard(
        title="Performance scorecard by owner", service=report.service, la_name=report.la_name,
        period=report.period, status=report.status, created=report.created,
        sections=tuple(sections))
