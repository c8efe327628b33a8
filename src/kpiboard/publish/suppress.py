"""Statistical disclosure control for the monthly report: ``suppress(report)``.

A pure function from a ``MonthlyReport`` to a ``PublishedMonthlyReport`` (the same frozen model
plus a ``publication`` record). Nothing is recomputed: figures are only withheld, by putting
``SUPPRESSED`` (written ``c``) where the number was.

What is withheld, indicator by indicator:

- **Primary**: every count from 1 to 5: monthly values of count indicators, the numerator and
  denominator of every percentage, rate or average, and the year-to-date, rolling-12-month and
  outturn figures formed from them (a sum of 4 is as small as a month of 4). Non-integer counts
  (the mean of a count) are withheld when they would print as 1 to 5 (``0 < x < 5.5``).
- **Zero is shown.** "None" is not a count of anyone, it is what boards most need to see (no
  children waiting, no missing episodes), and withholding it would leave a suppressed cell with
  no known lower bound to protect, so every complementary cell would have to be a bigger number.
  Because zero is never withheld, anyone reading ``c`` knows the figure is at least 1; the
  protection below assumes that reader.
- **Derived**: a percentage, rate or average whose numerator or denominator is withheld, and the
  numerator of a withheld percentage (else the percentage is numerator / denominator again).
- **Secondary**: nothing withheld may be worked out from what is shown. For every series (values,
  numerators, denominators) the published totals are linear equations over the 13 months shown:
  year to date, rolling 12 months and the three outturns (sums; a mean times its months; a ratio's
  numerator and denominator sums; a snapshot's last month). A withheld figure is *recoverable*
  when those equations fix it, exactly (it lies in their row space: "YTD minus the other months",
  "rolling minus YTD minus ...") or by bounds (every ``c`` is at least 1, so a total of 2 over
  two ``c`` cells makes both 1; a percentage's numerator is at most its denominator). While
  anything is recoverable, the next-smallest non-zero month shown in the same window is withheld
  too (a zero would add no protection; the report's own month only if no other month will do);
  when no single month helps, the total itself, the shortest window's first. Repeats until
  nothing is recoverable. The protection is against arithmetic on what is published; it does
  not hide which month was chosen as the complement from someone who reruns this rule.
- **Judgements on a withheld figure**: the RAG, the RAG typed into the data, the direction of
  travel, tolerance status and on-target flag, the change since baseline, and a month cell's RAG
  colour: band edges on counts are often narrow enough to give the number away.
- **Commentary** is withheld unless ``keep_commentary=True``: it is free text that quotes figures
  ("3 of them in October") and can name children, which no rule can check. Pages then say no
  commentary is required. With ``keep_commentary=True`` the text is published as written;
  ``check_published`` flags small counts it can see in it.

Not covered, and said so in ``Publication.unchecked``: percentages, rates and averages loaded
without numerator and denominator (the small count behind them is unknown), and relations
between indicators (an indicator and its complement). Benchmarks are other LAs' published
figures and are shown as given. The monthly model holds no child-level data and no exception
lists; nothing else in it needs removing.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction

from kpiboard.catalogue.model import Indicator
from kpiboard.figures import Figure
from kpiboard.judge import Aggregate
from kpiboard.model.monthly import Annual, IndicatorPage, MonthlyReport
from kpiboard.periods import FinancialYear, Month
from kpiboard.publish import NOTE, SUPPRESSED, THRESHOLD

VALUE, NUM, DEN = "value", "numerator", "denominator"
SERIES = (VALUE, NUM, DEN)
CELL_NOTE = "c: withheld to protect confidentiality"

# Which series an aggregate is a total of (judge/aggregate.py): a ratio's value follows from its
# summed numerator and denominator; a mean has no parts; a snapshot is its window's last month.
WINDOWED = {"sum": (VALUE, NUM, DEN), "mean": (VALUE,), "ratio": (NUM, DEN),
            "latest": (VALUE, NUM, DEN)}

Slot = Month | FinancialYear | str   # a month shown, "ytd", "rolling", or an outturn year
Key = tuple[str, Slot]               # (series, slot)
Var = tuple[str, Slot]               # ("cell", month) | ("total", slot) | ("unseen", slot)


@dataclass(frozen=True)
class Publication:
    """What publication mode did to a report; the note is printed with it."""

    note: str
    threshold: int
    primary: int                   # figures withheld as counts from 1 to threshold
    secondary: int                 # further figures withheld so those cannot be worked out
    commentary_withheld: bool
    unchecked: tuple[str, ...]     # indicators with values but no numerator and denominator


@dataclass(frozen=True)
class PublishedMonthlyReport(MonthlyReport):
    publication: Publication


def suppress(report: MonthlyReport, *, keep_commentary: bool = False) -> PublishedMonthlyReport:
    """The report as it may be published. Pure: ``report`` is not changed."""
    if isinstance(report, PublishedMonthlyReport):
        return report
    primary = secondary = 0
    unchecked: list[str] = []
    sections = []
    for section in report.sections:
        pages = []
        for page in section.pages:
            work = _Work.of(page)
            work.protect()
            primary += len(work.primary)
            secondary += len(work.hidden) - len(work.primary)
            if work.unchecked():
                unchecked.append(page.indicator.ref)
            pages.append(work.page(keep_commentary))
        sections.append(replace(section, pages=tuple(pages)))
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(MonthlyReport)}
    fields.update(sections=tuple(sections),
                  data_caution=" ".join(x for x in (NOTE, report.data_caution) if x))
    return PublishedMonthlyReport(**fields, publication=Publication(
        note=NOTE, threshold=THRESHOLD, primary=primary, secondary=secondary,
        commentary_withheld=not keep_commentary, unchecked=tuple(unchecked)))


def small(x: float | None) -> bool:
    """A count that would print as 1 to THRESHOLD."""
    return x is not None and 0 < x < THRESHOLD + 0.5


@dataclass
class _Eq:
    """sum(coeff * var) = rhs, over withheld figures; the shown members are folded into rhs."""

    coeffs: dict[Var, int]
    rhs: float
    members: tuple[Month, ...]   # shown, non-zero months in the window: complement candidates
    slot: Slot

    def minus(self, other: "_Eq") -> "_Eq":
        coeffs = dict(self.coeffs)
        for v, c in other.coeffs.items():
            coeffs[v] = coeffs.get(v, 0) - c
        return _Eq({v: c for v, c in coeffs.items() if c}, self.rhs - other.rhs, (), self.slot)


@dataclass
class _Work:
    """One indicator page while its figures are being withheld (mutable, never escapes)."""

    source: IndicatorPage
    figures: dict[Month, Figure | None]
    totals: dict[Slot, Aggregate]
    windows: dict[Slot, list[Month]]
    hidden: set[Key]
    primary: set[Key]

    @classmethod
    def of(cls, page: IndicatorPage) -> "_Work":
        a = page.assessment
        totals: dict[Slot, Aggregate] = {"ytd": a.ytd, "rolling": a.rolling}
        windows: dict[Slot, list[Month]] = {"ytd": a.period.financial_year.months_to(a.period),
                                            "rolling": a.period.months_back(12)}
        for fy, agg in a.outturns:
            totals[fy], windows[fy] = agg, fy.months
        work = cls(page, {c.month: c.figure for c in page.months}, totals, windows, set(), set())
        for key in work.keys():
            if work.counts(key[0]) and small(work.number(*key)):
                work.primary.add(key)
        work.hidden |= work.primary
        return work

    # ---- reading ------------------------------------------------------------------------------

    @property
    def ind(self) -> Indicator:
        return self.source.indicator

    @property
    def slots(self) -> list[Slot]:
        return [*self.figures, *self.totals]

    def keys(self) -> Iterable[Key]:
        return ((s, slot) for slot in self.slots for s in SERIES)

    def number(self, series: str, slot: Slot) -> float | None:
        holder = self.figures.get(slot) if isinstance(slot, Month) else self.totals[slot]
        return None if holder is None else getattr(holder, series)

    def counts(self, series: str) -> bool:
        """Numerators and denominators are counts of children; values only for count units."""
        return series != VALUE or self.ind.unit == "count"

    def unchecked(self) -> bool:
        return self.ind.unit != "count" and any(
            f is not None and f.value is not None and (f.numerator is None or f.denominator is None)
            for f in self.figures.values())

    # ---- the rules ----------------------------------------------------------------------------

    def protect(self) -> None:
        """Derived and secondary suppression, until nothing withheld can be worked out."""
        while True:
            self.couple()
            for series in SERIES:
                pinned = self.recoverable(series)
                if pinned:
                    self.complement(series, pinned[0])
                    break
            else:
                return

    def couple(self, hidden: set[Key] | None = None) -> set[Key]:
        """A value with a withheld part is withheld; a withheld value's numerator too."""
        hidden = self.hidden if hidden is None else hidden
        changed = True
        while changed:
            changed = False
            for slot in self.slots:
                if self.number(NUM, slot) is None or self.number(DEN, slot) is None:
                    continue
                parts = (NUM, slot) in hidden or (DEN, slot) in hidden
                if parts and self.number(VALUE, slot) is not None and (VALUE, slot) not in hidden:
                    hidden.add((VALUE, slot))
                    changed = True
                if (VALUE, slot) in hidden and not parts and self.number(NUM, slot):
                    hidden.add((NUM, slot))   # (0 of n is 0% whatever n is: nothing to hide)
                    changed = True
        return hidden

    def equations(self, series: str, hidden: set[Key] | None = None) -> list[_Eq]:
        hidden = self.hidden if hidden is None else hidden
        how = self.ind.aggregation
        if series not in WINDOWED[how]:
            return []
        eqs = []
        for slot, agg in self.totals.items():
            total = getattr(agg, series)
            if total is None:
                continue
            window = self.windows[slot][-1:] if how == "latest" else self.windows[slot]
            coeffs: dict[Var, int] = {}
            rhs, members = 0.0, []
            for m in window:
                if m not in self.figures:
                    coeffs[("unseen", slot)] = 1   # months not shown: one unknown sum
                    continue
                x = self.number(series, m)
                if x is None:
                    continue                       # no figure: not in the total
                if (series, m) in hidden:
                    coeffs[("cell", m)] = 1
                else:
                    rhs -= x
                    if x:
                        members.append(m)
            weight = agg.months if how == "mean" else 1  # a mean times its months is a sum
            if (series, slot) in hidden:
                coeffs[("total", slot)] = -weight
            else:
                rhs += weight * total
            if coeffs:
                eqs.append(_Eq(coeffs, rhs, tuple(members), slot))
        return eqs

    def recoverable(self, series: str, hidden: set[Key] | None = None) -> list[Key]:
        """Withheld figures of a series that the shown totals fix, in slot order."""
        hidden = self.hidden if hidden is None else hidden
        eqs = self.equations(series, hidden)
        targets = {v for eq in eqs for v in eq.coeffs if v[0] != "unseen"}
        if not targets:
            return []
        fixed = _determined(eqs, targets) | self._bounded(series, eqs, targets, hidden)
        order = {slot: i for i, slot in enumerate(self.slots)}
        return sorted(((series, v[1]) for v in fixed), key=lambda k: order[k[1]])

    def _bounded(self, series: str, eqs: list[_Eq], targets: set[Var],
                 hidden: set[Key]) -> set[Var]:
        """Targets pinned by what a reader knows besides the totals: every ``c`` is at least 1
        (zero is shown), and a percentage's or rate's numerator is at most its denominator."""
        counts = self.counts(series)
        mean = self.ind.aggregation == "mean"
        bounded = self.ind.unit in ("percent", "rate_per_10k") and series in (NUM, DEN)
        start, integer = {}, set()
        for eq in eqs:
            for v in eq.coeffs:
                whole = counts and not (mean and v[0] == "total")  # a mean of counts is not
                lo, hi = (1.0 if whole and v[0] != "unseen" else 0.0), math.inf
                if bounded and v[0] != "unseen":
                    other = DEN if series == NUM else NUM
                    shown = self.number(other, v[1])
                    if shown is not None and (other, v[1]) not in hidden:
                        if series == NUM:
                            hi = shown
                        else:
                            lo = max(lo, shown)
                start[v] = (lo, hi)
                if whole:
                    integer.add(v)
        bounds = _propagate(eqs, start, integer)
        return {v for v in targets if bounds[v][1] - bounds[v][0] < 1e-9}

    def complement(self, series: str, target: Key) -> None:
        """Withhold the next-smallest non-zero month sharing a total with ``target``; if no
        single month protects it, the totals it is in; failing that, anything that helps."""
        var = ("cell", target[1]) if isinstance(target[1], Month) else ("total", target[1])
        eqs = [eq for eq in self.equations(series) if var in eq.coeffs]
        # The report's own month is its headline: another month goes first when one helps.
        period = self.source.assessment.period
        months = sorted({m for eq in eqs for m in eq.members},
                        key=lambda m: (m == period, abs(self.number(series, m)), m))
        for m in months:
            trial = self.couple(self.hidden | {(series, m)})
            if target not in self.recoverable(series, trial):
                self.hidden = trial
                return
        # The shortest window's total first (the year to date before the rolling year).
        order = {slot: i for i, slot in enumerate(self.slots)}
        totals = sorted({(series, eq.slot) for eq in eqs} - self.hidden,
                        key=lambda k: (len(self.windows[k[1]]), order[k[1]]))
        for total in totals:
            trial = self.couple(self.hidden | {total})
            if target not in self.recoverable(series, trial):
                self.hidden = trial
                return
        extra = set(totals) or ({(series, months[0])} if months else
                                {(series, s) for s in self.totals if self.number(series, s)
                                 is not None} - self.hidden)
        if not extra:  # pragma: no cover - every total is withheld, so nothing is left to fix
            raise AssertionError(f"{self.ind.ref}: cannot protect {target}")
        self.hidden = self.couple(self.hidden | extra)

    # ---- the published page -------------------------------------------------------------------

    def _figure(self, month: Month) -> Figure | None:
        fig = self.figures.get(month)
        changes = {s: SUPPRESSED for s in SERIES if (s, month) in self.hidden}
        if fig is None or not changes:
            return fig
        if VALUE in changes:
            changes.update(note=fig.note or CELL_NOTE, rag_given=None)
        return replace(fig, **changes)

    def _total(self, slot: Slot) -> Aggregate:
        changes = {s: SUPPRESSED for s in SERIES if (s, slot) in self.hidden}
        return replace(self.totals[slot], **changes) if changes else self.totals[slot]

    def page(self, keep_commentary: bool) -> IndicatorPage:
        page, a = self.source, self.source.assessment
        figures = {m: self._figure(m) for m in self.figures}
        cells = tuple(replace(c, figure=figures[c.month],
                              rag=None if (VALUE, c.month) in self.hidden else c.rag)
                      for c in page.months)
        totals = {slot: self._total(slot) for slot in self.totals}
        annual = tuple(replace(y, figure=totals[self._annual_slot(y)]) for y in page.annual)
        ind = a.indicator
        month_hidden = (VALUE, a.period) in self.hidden
        basis = ind.rag.basis if ind.rag else "month"
        judged_hidden = (VALUE, "ytd") in self.hidden if basis == "ytd" else month_hidden
        compared_hidden = ((VALUE, "ytd") in self.hidden if ind.target_basis == "ytd"
                           else month_hidden)
        changes = dict(figure=figures.get(a.period), previous=figures.get(a.period - 1),
                       ytd=totals["ytd"], rolling=totals["rolling"],
                       outturns=tuple((fy, totals[fy]) for fy, _ in a.outturns))
        if judged_hidden:
            changes.update(rag=None, dot=None,  # the arrow's colour is the RAG
                           judged_value=None if a.judged_value is None else SUPPRESSED)
        if month_hidden:
            changes.update(rag_given=None)
        if month_hidden or (VALUE, a.period - 1) in self.hidden:
            changes.update(dot=None)
        if compared_hidden:
            changes.update(status=None, on_target=None)
        if self.hidden:  # the centre line and limits are averages over the withheld months
            changes.update(spc=None)
        if a.projection is not None:
            hidden = month_hidden if a.projection.basis == "month" else (VALUE, "ytd") in self.hidden
            if hidden:
                changes.update(projection=replace(a.projection, value=SUPPRESSED, on_course=None))
        if a.baseline is not None and not self._baseline_safe(a.baseline.since,
                                                                a.baseline.baseline, month_hidden):
            changes.update(baseline=None)
        commentary = page.commentary
        if not keep_commentary:
            commentary = ()
            changes.update(indicator=ind.model_copy(update={"commentary_required": "never"}))
        return replace(page, assessment=replace(a, **changes), months=cells,
                       last_three=cells[-3:], annual=annual, commentary=commentary)

    def _annual_slot(self, year: Annual) -> Slot:
        """The annual trend repeats the outturns and the year to date (model/monthly.py)."""
        if year.to_date:
            return "ytd"
        for slot in self.totals:
            if isinstance(slot, FinancialYear) and str(slot) == year.label:
                return slot
        raise ValueError(f"{self.ind.ref}: annual figure '{year.label}' is not an outturn; "
                         "publication cannot tell what it is made of")

    def _baseline_safe(self, since: Month, value: float, month_hidden: bool) -> bool:
        """The change since a baseline is value minus baseline: both must be publishable."""
        if month_hidden or (VALUE, since) in self.hidden:
            return False
        if since in self.figures:
            return True
        # A month outside the 13 shown: a count can be judged; a percentage's parts cannot.
        if self.ind.unit == "count":
            return not small(value)
        current = self.figures.get(self.source.assessment.period)
        return current is None or current.numerator is None


def _reduced(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form (exact) and its pivot columns."""
    rows = [list(r) for r in rows]
    pivots: list[int] = []
    rank, cols = 0, len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [x / lead for x in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[rank])]
        pivots.append(col)
        rank += 1
    return rows[:rank], pivots


def _determined(eqs: list[_Eq], targets: set[Var]) -> set[Var]:
    """Targets fixed exactly by the equations: their unit vector is in the row space. In reduced
    row echelon form that is a pivot column whose row has nothing in any free column (one
    reduction for all targets, not a rank per target)."""
    variables = sorted({v for eq in eqs for v in eq.coeffs}, key=repr)
    index = {v: i for i, v in enumerate(variables)}
    rows = [[Fraction(0)] * len(variables) for _ in eqs]
    for row, eq in zip(rows, eqs):
        for v, c in eq.coeffs.items():
            row[index[v]] = Fraction(c)
    reduced, pivots = _reduced(rows)
    free = [c for c in range(len(variables)) if c not in set(pivots)]
    fixed = set()
    for row, col in zip(reduced, pivots):
        if variables[col] in targets and all(row[f] == 0 for f in free):
            fixed.add(variables[col])
    return fixed


def _propagate(eqs: list[_Eq], start: dict[Var, tuple[float, float]], integer: set[Var],
               rounds: int = 50) -> dict[Var, tuple[float, float]]:
    """Interval bounds on every variable from the equations and their pairwise differences
    (which give the windows between nested totals: rolling minus year to date)."""
    system = list(eqs) + [a.minus(b) for i, a in enumerate(eqs) for b in eqs[i + 1:]]
    bounds = {v: [lo, hi] for v, (lo, hi) in start.items()}
    for _ in range(rounds):
        changed = False
        for eq in system:
            for v, a in eq.coeffs.items():
                low = high = 0.0
                for u, c in eq.coeffs.items():
                    if u != v:
                        ends = (c * bounds[u][0], c * bounds[u][1])
                        low, high = low + min(ends), high + max(ends)
                lo, hi = (eq.rhs - high) / a, (eq.rhs - low) / a
                if a < 0:
                    lo, hi = hi, lo
                if v in integer:
                    lo = math.ceil(lo - 1e-6) if math.isfinite(lo) else lo
                    hi = math.floor(hi + 1e-6) if math.isfinite(hi) else hi
                if lo > bounds[v][0] + 1e-9:
                    bounds[v][0], changed = lo, True
                if hi < bounds[v][1] - 1e-9:
                    bounds[v][1], changed = hi, True
        if not changed:
            break
    # Contradictory bounds mean the published totals disagree with the months (a published
    # outturn, revised months): nothing is pinned by them.
    return {v: (lo, hi) if lo <= hi else (-math.inf, math.inf) for v, (lo, hi) in bounds.items()}
