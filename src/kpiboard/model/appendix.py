"""The improvement KPI appendix (spec section 2): a front summary of every indicator with its RAG
last period and now, then per section a table of the financial year so far (polarity as SIB / BIB,
every month from April with its RAG, the year's target, the target owner's initials, the RAG and
its methodology in words) and a chart per indicator.

Built from the monthly model, so both reports rest on the same judgements; the extra judgements
(each month's RAG, last period's RAG) are made here with the same judge functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from kpiboard.catalogue.model import Indicator
from kpiboard.figures import Figure
from kpiboard.judge import rag, target_for, year_to_date
from kpiboard.judge.methodology import rag_methodology
from kpiboard.model.assess import shown
from kpiboard.model.monthly import RAG_ORDER, IndicatorPage, MonthCell, MonthlyReport
from kpiboard.periods import FinancialYear, Month

POLARITY_CODES = {"lower": "SIB", "higher": "BIB"}  # smaller / bigger is better; neutral: blank
POLARITY_WORDS = {"SIB": "Smaller is better", "BIB": "Bigger is better"}

# Words that carry no initial: "Head of Safeguarding" is HS, not HOS.
_MINOR_WORDS = {"of", "and", "the", "for", "in", "to", "at", "on", "&"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "sir", "dame"}


def initials(owner: str | None) -> str:
    """A target owner as the appendix writes them: "Head of Safeguarding" -> "HS",
    "Jane Smith" -> "JS", "Service Manager, MASH" -> "SMM"; text already in initials is kept."""
    if owner is None or not owner.strip():
        return ""
    text = re.sub(r"\([^)]*\)", " ", owner).strip()  # "(interim)", "(acting)" name no one
    if re.fullmatch(r"[A-Z]{1,4}", text):
        return text
    words = re.findall(r"[^\W\d_][^\W\d_'’]*", text)
    letters = [w[0].upper() for w in words if w.lower() not in _MINOR_WORDS | _HONORIFICS]
    return "".join(letters) or text[:3].upper()


def polarity_code(ind: Indicator) -> str:
    return POLARITY_CODES.get(ind.polarity, "")


def year_target(ind: Indicator, year: FinancialYear) -> float | None:
    """The target for the year as the appendix prints it: a flat or per-year target as given, a
    profile's (or cumulative target's) year-end value. Found through ``target_for`` so the
    reading of target specs stays in one place: March's target, or the latest month's that has one."""
    for month in reversed(year.months):
        target = target_for(ind, month)
        if target is not None:
            return target
    return None


def _judged(ind: Indicator, figures: dict[Month, Figure], month: Month) -> float | None:
    """The value the RAG judges for a month, as printed: the month's, or the year to date's."""
    if ind.rag is not None and ind.rag.basis == "ytd":
        return shown(year_to_date(figures, month, ind.aggregation, ind.scale).value, ind)
    fig = figures.get(month)
    return shown(fig.value, ind) if fig is not None else None


def month_rag(ind: Indicator, figure: Figure | None, month: Month) -> str | None:
    """A month's RAG on the month's value against that month's target. Indicators rated on the
    year to date get none: the month's own figure is not what their bands judge."""
    if figure is None or ind.rag is None or ind.rag.basis != "month":
        return None
    return rag(shown(figure.value, ind), ind.rag, target_for(ind, month))


def rag_at(ind: Indicator, figures: dict[Month, Figure], month: Month) -> str | None:
    """The RAG the indicator had at a month, on its own basis (month or year to date)."""
    if ind.rag is None:
        return None
    return rag(_judged(ind, figures, month), ind.rag, target_for(ind, month))


@dataclass(frozen=True)
class SummaryRow:
    indicator: Indicator
    last_rag: str | None
    rag: str | None
    pending: str | None  # the catalogue's note ("range to be set") when there are no bands

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def section(self) -> str:
        return self.indicator.section

    @property
    def movement(self) -> str | None:
        """better | worse | same, comparing the RAGs; None when either is missing."""
        if self.last_rag is None or self.rag is None:
            return None
        now, then = RAG_ORDER.index(self.rag), RAG_ORDER.index(self.last_rag)
        return "better" if now > then else "worse" if now < then else "same"


@dataclass(frozen=True)
class AppendixRow:
    indicator: Indicator
    polarity: str                   # SIB | BIB | "" (information only)
    months: tuple[MonthCell, ...]   # April to the period, each with its own RAG
    year_target: float | None
    cumulative_target: bool         # the target is reached over the year (a year-end value)
    owner: str | None
    owner_initials: str
    rag: str | None
    pending: str | None
    methodology: str
    chart: IndicatorPage            # the indicator's page cut to the financial year: the values the chart draws

    @property
    def ref(self) -> str:
        return self.indicator.ref


@dataclass(frozen=True)
class AppendixSection:
    name: str
    rows: tuple[AppendixRow, ...]

    @property
    def revised(self) -> bool:
        return any(c.revised for r in self.rows for c in r.months)


@dataclass(frozen=True)
class Appendix:
    title: str
    la_name: str | None
    service: str
    period: Month
    created: dt.date
    status: str | None
    months: tuple[Month, ...]       # the financial year so far, April first
    summary: tuple[SummaryRow, ...]
    sections: tuple[AppendixSection, ...]
    owners: tuple[tuple[str, str], ...]  # (initials, owner) in order of first appearance
    publication: object | None = None  # publication mode: what was withheld (kpiboard.publish)
    missing_commentary: tuple[str, ...] = ()  # refs owing commentary for the period (none given)

    @property
    def financial_year(self) -> FinancialYear:
        return self.period.financial_year

    @property
    def last_period(self) -> Month:
        return self.period - 1

    @property
    def rows(self) -> list[AppendixRow]:
        return [r for s in self.sections for r in s.rows]

    @property
    def rag_counts(self) -> dict[str, tuple[int, int]]:
        """Per RAG: (indicators now, indicators last period)."""
        return {name: (sum(r.rag == name for r in self.summary),
                       sum(r.last_rag == name for r in self.summary)) for name in RAG_ORDER}



def _pending(ind: Indicator) -> str | None:
    return ind.rag.note if ind.rag is not None and not ind.rag.has_bands else None


def build_row(page: IndicatorPage) -> tuple[AppendixRow, SummaryRow]:
    a, ind = page.assessment, page.indicator
    figures = {c.month: c.figure for c in page.months if c.figure is not None}
    year = a.period.financial_year
    # page.months holds the last 13 months, so the financial year so far is always within it.
    cells = tuple(dataclasses.replace(c, rag=month_rag(ind, c.figure, c.month))
                  for c in page.months if c.month.financial_year == year)
    pending = _pending(ind)
    row = AppendixRow(
        indicator=ind, polarity=polarity_code(ind), months=cells,
        year_target=year_target(ind, year), cumulative_target=ind.target_basis == "ytd",
        owner=ind.owner, owner_initials=initials(ind.owner), rag=a.rag, pending=pending,
        methodology=rag_methodology(ind.rag, ind.unit, a.target),
        chart=dataclasses.replace(page, months=cells))
    summary = SummaryRow(ind, rag_at(ind, figures, a.period - 1), a.rag, pending)
    return row, summary


def build_appendix(report: MonthlyReport, title: str = "Improvement key performance indicators"
                   ) -> Appendix:
    sections, summary, owners = [], [], {}
    for section in report.sections:
        rows = []
        for page in section.pages:
            row, line = build_row(page)
            rows.append(row)
            summary.append(line)
            if row.owner_initials and row.owner_initials != row.owner.strip():
                owners.setdefault((row.owner_initials, row.owner.strip()), None)
        sections.append(AppendixSection(section.name, tuple(rows)))
    return Appendix(
        title=title, la_name=report.la_name, service=report.service, period=report.period,
        created=report.created, status=report.status,
        months=tuple(report.period.financial_year.months_to(report.period)),
        summary=tuple(summary), sections=tuple(sections), owners=tuple(owners))
