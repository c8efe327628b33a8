"""Statistical disclosure control for "performance on a page": ``suppress_page_figures``.

The pages are built from aggregates of child-level records (``PageFigure``: a measure's value,
numerator and denominator for a month or the year to date, for the whole LA or one group of a
breakdown), which makes them the riskiest report to publish: a team or an ethnic group with two
children in it is a count of two. Suppression works on the figures before the page model is
built, so every report format sees the same withheld cells. Pure: nothing is recomputed, figures
are only replaced by ``SUPPRESSED``.

The rules are those of the monthly report (``publish.suppress``), applied to the relations a
reader of these pages can use:

- **Primary**: counts from 1 to 5 (the values of count measures, every numerator and
  denominator). Zero is shown; so every ``c`` is known to be at least 1.
- **Derived**: a percentage, rate or average with a withheld part is withheld, and so is the
  numerator of a withheld percentage. The same number of children appearing under another
  measure for the same window and group (``cpp_open`` is the numerator of ``cpp_rate_per_10k``)
  is withheld with it: matching equal counts catches those identities without listing them.
- **Secondary**, against these sums:
  - the groups of a breakdown add up to the LA figure (each child or event is in one group,
    "Not recorded" included);
  - the assessment timeliness bands add up to the assessments completed, and the first three
    to the numerator of ``assessments_45wd_pct``;
  - a year to date made only of months on the page (April to June) adds up to them; later in
    the year it is at least the months shown (the rest are one unknown sum, at least 0); a
    snapshot measure's year to date is its latest month;
  - a count that is by definition another measure's numerator or denominator equals it.
  While a withheld figure can be worked out from those (exactly, or because every ``c`` is at
  least 1 and a numerator at most its denominator), the smallest non-zero figure sharing a sum
  with it is withheld too, failing that the total.

Not covered (said in the note): distinct-children counts over a year are not sums of their
months, so months and year to date are only linked where they are additive; relations between
published pages and other published statistics.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kpiboard.measures.pages import PageFigure
from kpiboard.measures.spec import MeasureSpec, library
from kpiboard.periods import Month
from kpiboard.publish import NOTE, SUPPRESSED, THRESHOLD
from kpiboard.publish.suppress import _determined, _Eq, _propagate, small

SERIES = ("value", "numerator", "denominator")
BANDS = ("assessments_wd_0_25", "assessments_wd_26_40", "assessments_wd_41_45",
         "assessments_wd_46_plus")
BANDS_TOTAL = "assessments_completed"
WITHIN_45 = "assessments_45wd_pct"  # its numerator is the first three bands

# (series, measure, window, period, dimension, group)
Key = tuple[str, str, str, Month, str, str]


@dataclass(frozen=True)
class PagesPublication:
    note: str
    threshold: int
    primary: int
    secondary: int


def suppress_page_figures(figures: Sequence[PageFigure], period: Month
                          ) -> tuple[list[PageFigure], PagesPublication]:
    work = _Work(list(figures), period)
    work.protect()
    primary = len(work.primary)
    return work.published(), PagesPublication(NOTE, THRESHOLD, primary, len(work.hidden) - primary)


def _key(f: PageFigure, series: str) -> Key:
    return (series, f.measure, f.window, f.period, f.dimension, f.group)


class _Work:
    def __init__(self, figures: list[PageFigure], period: Month) -> None:
        self.figures = figures
        self.period = period
        self.lib = library()
        self._specs: dict[str, MeasureSpec] = {}
        self.numbers: dict[Key, float] = {}
        for f in figures:
            for s in SERIES:
                x = getattr(f, s)
                if x is not None:
                    self.numbers[_key(f, s)] = x
        self.primary = {k for k, x in self.numbers.items() if self.counts(k) and small(x)}
        self.hidden: set[Key] = set(self.primary)
        self.sums = list(self._sums())
        self._solved: dict = {}

    def spec(self, measure: str) -> MeasureSpec:
        if measure not in self._specs:
            self._specs[measure] = self.lib.get(measure)
        return self._specs[measure]

    def counts(self, key: Key) -> bool:
        """Numerators and denominators count children or events; values only for counts. (A
        rate's denominator is the child population: never small, so never withheld.)"""
        return key[0] != "value" or self.spec(key[1]).unit == "count"

    # ---- the sums a reader can use ---------------------------------------------------------

    def _sums(self) -> Iterable[tuple[Key, tuple[Key, ...]]]:
        """(total, members) pairs: total = sum of members."""
        groups: dict[tuple[Key, str], list[Key]] = defaultdict(list)
        for key in self.numbers:
            series, measure, window, period, dimension, group = key
            if dimension and self.counts(key):  # each dimension's groups add up to the total
                groups[((series, measure, window, period, "", ""), dimension)].append(key)
        for (total, _), members in groups.items():
            if total in self.numbers:
                yield total, tuple(members)
        yield from self._identities()
        for series in ("value",):
            for window, period in {(k[2], k[3]) for k in self.numbers if k[1] == BANDS_TOTAL}:
                members = tuple((series, b, window, period, "", "") for b in BANDS)
                total = (series, BANDS_TOTAL, window, period, "", "")
                if total in self.numbers and all(m in self.numbers for m in members):
                    yield total, members
                # the first three bands are the assessments within 45 working days
                within = ("numerator", WITHIN_45, window, period, "", "")
                if within in self.numbers and all(m in self.numbers for m in members):
                    yield within, members[:3]
        ytd_months = self.period.financial_year.months_to(self.period)
        shown = set(self.period.months_back(3))
        for key in self.numbers:
            series, measure, window, period, dimension, group = key
            if window != "ytd" or dimension or not self.counts(key):
                continue
            spec = self.spec(measure)
            if spec.rows in ("open_at_end", "snapshot"):
                yield key, ((series, measure, "month", period, "", ""),)
            elif set(ytd_months) <= shown and spec.count == "rows":
                yield key, tuple((series, measure, "month", m, "", "") for m in ytd_months)
            elif spec.count == "rows":
                # later in the year the months not on the page are one unknown sum, at least
                # 0: "year to date minus the months shown" still bounds a withheld month
                months = tuple((series, measure, "month", m, "", "") for m in ytd_months
                               if m in shown)
                yield key, months + (("unseen", *key[1:]),)

    def _identities(self) -> Iterable[tuple[Key, tuple[Key, ...]]]:
        """The same count under two measures by definition (cpp_open is the numerator of
        cpp_rate_per_10k; referrals and contacts are the parts of contact_conversion_pct) as a
        sum of one member, so the solver knows the two are one number, not only that they are
        withheld together. (Coincidentally equal counts are coupled but not made sums: that
        would join every sum on the page into one slow system.)"""
        pairs = _same_children(self.lib)
        for key in self.numbers:
            for other in pairs.get(key[:2], ()):
                twin = (*other, *key[2:])
                if twin in self.numbers and self.counts(twin):
                    yield key, (twin,)

    # ---- the rules ---------------------------------------------------------------------------

    def couple(self, hidden: set[Key], new: Iterable[Key] | None = None) -> set[Key]:
        """``hidden`` with everything linked to it withheld too; ``new``: only these were added
        to a set already coupled, so only they need following."""
        hidden = set(hidden)
        todo = list(hidden if new is None else new)
        while todo:
            for other in self._linked(todo.pop()):
                if other in self.numbers and other not in hidden:
                    hidden.add(other)
                    todo.append(other)
        return hidden

    def _linked(self, key: Key) -> Iterable[Key]:
        series, *rest = key
        value, num, den = (("value", *rest), ("numerator", *rest), ("denominator", *rest))
        if series in ("numerator", "denominator") and value in self.numbers:
            if self.spec(key[1]).unit != "count":
                yield value                    # a percentage, rate or average of a withheld part
        if series == "value" and self.spec(key[1]).unit != "count" and self.numbers.get(num):
            yield num                          # else the percentage is numerator / denominator
        if self.counts(key):                   # the same count under another measure
            x = self.numbers[key]
            for other in self._same_cell(key):
                if self.counts(other) and self.numbers[other] == x:
                    yield other

    def _same_cell(self, key: Key) -> Iterable[Key]:
        where = key[2:]
        return (k for k in self._by_cell.get(where, ()) if k != key)

    @property
    def _by_cell(self) -> dict[tuple, list[Key]]:
        if not hasattr(self, "_cells"):
            cells: dict[tuple, list[Key]] = defaultdict(list)
            for k in self.numbers:
                cells[k[2:]].append(k)
            self._cells = cells
        return self._cells

    def equations(self, hidden: set[Key]) -> list[_Eq]:
        eqs = []
        for total, members in self.sums:
            coeffs: dict = {}
            rhs = 0.0
            shown_members = []
            for m in members:
                if m[0] == "unseen":
                    coeffs[m] = 1
                    continue
                x = self.numbers.get(m)
                if x is None:
                    continue
                if m in hidden:
                    coeffs[m] = coeffs.get(m, 0) + 1
                else:
                    rhs -= x
                    if x:
                        shown_members.append(m)
            if total in hidden:
                coeffs[total] = coeffs.get(total, 0) - 1
            else:
                rhs += self.numbers[total]
            if not any(v[0] != "unseen" for v in coeffs):
                continue  # all shown: nothing to protect in this sum
            eqs.append(_Eq(coeffs, rhs, tuple(shown_members), total))
        return eqs

    def recoverable(self, hidden: set[Key], about: Key | None = None) -> list[Key]:
        """Withheld figures the sums fix; ``about``: only in the sums connected to it. Solved
        one connected set of sums at a time (a breakdown and its total): far quicker than the
        whole page at once, and nothing outside a set can fix a figure inside it."""
        fixed: set[Key] = set()
        for eqs in _components(self.equations(hidden)):
            unknowns = {v for eq in eqs for v in eq.coeffs}
            targets = {v for v in unknowns if v[0] != "unseen"}
            if about is not None and about not in targets:
                continue
            start = {}
            for v in unknowns:
                lo, hi = (0.0 if v[0] == "unseen" else 1.0), float("inf")
                if v[0] == "numerator" and self.spec(v[1]).unit == "percent":
                    den = ("denominator", *v[1:])
                    if den in self.numbers and den not in hidden:
                        hi = self.numbers[den]
                start[v] = (lo, hi)
            # Most sums are unchanged from one round to the next: solve each set once.
            key = (frozenset((frozenset(eq.coeffs.items()), eq.rhs) for eq in eqs),
                   frozenset(start.items()))
            if key not in self._solved:
                bounds = _propagate(eqs, start, unknowns)
                self._solved[key] = _determined(eqs, targets) | {
                    v for v in targets if bounds[v][1] - bounds[v][0] < 1e-9}
            fixed |= self._solved[key]
        return sorted(fixed, key=repr)

    def protect(self) -> None:
        self.hidden = self.couple(self.hidden)
        while True:
            pinned = self.recoverable(self.hidden)
            if not pinned:
                return
            self.complement(pinned[0])

    def complement(self, target: Key) -> None:
        # Every sum connected to it: a figure can be pinned through a chain of sums (a
        # snapshot's year to date equals its month, whose breakdown is complete elsewhere).
        eqs = next((c for c in _components(self.equations(self.hidden))
                    if any(target in eq.coeffs for eq in c)), [])
        candidates = sorted({m for eq in eqs for m in eq.members},
                            key=lambda m: (m[3] == self.period and m[2] == "month",
                                           abs(self.numbers[m]), repr(m)))
        for m in candidates:
            trial = self.couple(self.hidden | {m}, {m})
            if target not in self.recoverable(trial, target):
                self.hidden = trial
                return
        totals = [eq.slot for eq in eqs if eq.slot not in self.hidden]
        for total in totals:
            trial = self.couple(self.hidden | {total}, {total})
            if target not in self.recoverable(trial, target):
                self.hidden = trial
                return
        # nothing single helps: withhold every member and total of its sums
        extra = set(totals) | set(candidates)
        if not extra:  # pragma: no cover - everything around it is withheld already
            raise AssertionError(f"cannot protect {target}")
        self.hidden = self.couple(self.hidden | extra, extra)

    def published(self) -> list[PageFigure]:
        out = []
        for f in self.figures:
            changes = {s: SUPPRESSED for s in SERIES if _key(f, s) in self.hidden}
            out.append(dataclasses.replace(f, **changes) if changes else f)
        return out


def _components(eqs: list[_Eq]) -> list[list[_Eq]]:
    """Equations grouped by shared unknowns."""
    groups: list[tuple[set, list[_Eq]]] = []
    for eq in eqs:
        names = set(eq.coeffs)
        joined = [g for g in groups if g[0] & names]
        merged = (names.union(*(g[0] for g in joined)), [e for g in joined for e in g[1]] + [eq])
        groups = [g for g in groups if not any(g is j for j in joined)] + [merged]
    return [g[1] for g in groups]


def _same_children(lib) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(series, measure) -> the (series, measure) counting the same rows: a ratio's parts, and a
    percentage's denominator or a rate's numerator where a count measure selects the same rows."""
    def rows(spec: MeasureSpec) -> tuple:
        return (spec.table, spec.rows, spec.date, spec.start, spec.end, repr(spec.where),
                spec.count, spec.builder)

    counts = {rows(m): m.id for m in lib.measures if m.unit == "count" and m.table}
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for m in lib.measures:
        if m.ratio_of is not None:
            out[("numerator", m.id)].append(("value", m.ratio_of.numerator))
            out[("denominator", m.id)].append(("value", m.ratio_of.denominator))
        elif m.builder is None and m.table and rows(m) in counts:
            part = "denominator" if m.unit == "percent" else "numerator"
            if m.unit in ("percent", "rate_per_10k"):
                out[(part, m.id)].append(("value", counts[rows(m)]))
    return out
