"""Publication mode's suppression (kpiboard.publish.suppress), attacked as a reader would: from
the published model alone, try to get a withheld count back out of the totals and percentages.

The attacker here is written independently of suppress(): it knows only what YTD, rolling 12
months and outturns mean (docs/judgements.md), that zero is never withheld (so every ``c`` is at
least 1), and that a percentage's numerator is at most its denominator. It tries every whole
number completion of the ``c`` cells consistent with every published figure; a withheld count
is re-identified when only one value fits.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
import random
from dataclasses import dataclass

import pytest

from kpiboard.loading import prepare_load
from kpiboard.model.monthly import IndicatorPage, MonthlyReport
from kpiboard.periods import Month
from kpiboard.publish import MARK, NOTE, SUPPRESSED, THRESHOLD, is_suppressed
from kpiboard.publish.suppress import PublishedMonthlyReport, Publication, suppress
from kpiboard.reporting import monthly_model
from kpiboard.store import Store

PERIOD = Month(2026, 10)
MONTHS = [Month(2023, 4) + i for i in range(43)]  # April 2023 to October 2026
SERIES = ("value", "numerator", "denominator")
# What each aggregation totals (judge/aggregate.py): the reader's knowledge, not suppress()'s.
TOTALLED = {"sum": SERIES, "mean": ("value",), "ratio": ("numerator", "denominator"),
            "latest": SERIES}


def page_of(report: MonthlyReport, ref: str) -> IndicatorPage:
    return next(p for p in report.pages if p.indicator.ref == ref)


def shown(page: IndicatorPage, label: str, series: str = "value"):
    cell = next(c for c in page.months if c.month.label == label)
    return getattr(cell.figure, series)


def windows(page: IndicatorPage):
    a = page.assessment
    yield "YTD", a.period.financial_year.months_to(a.period), a.ytd
    yield "rolling 12 months", a.period.months_back(12), a.rolling
    for fy, agg in a.outturns:
        yield str(fy), fy.months, agg


def is_count(page: IndicatorPage, series: str) -> bool:
    return series != "value" or page.indicator.unit == "count"


# ---- the attacker ------------------------------------------------------------------------------

@dataclass
class Sum:
    """sum of the ``c`` cells in ``cells`` = residual (closed window) or <= residual (the window
    runs back before the 13 months shown, so unseen months take up the rest)."""

    name: str
    cells: list[Month]
    residual: int
    closed: bool


@dataclass
class Attack:
    page: IndicatorPage
    series: str
    sums: list[Sum]
    withheld_totals: list[tuple[str, list[Month]]]  # a withheld total's c cells (closed windows)
    low: dict[Month, int]
    high: dict[Month, float]

    @classmethod
    def on(cls, page: IndicatorPage, series: str) -> "Attack":
        how = page.indicator.aggregation
        figures = {c.month: c.figure for c in page.months}
        sums, withheld = [], []
        for name, window, agg in windows(page) if series in TOTALLED[how] else ():
            window = window[-1:] if how == "latest" else window
            total = getattr(agg, series)
            if total is None:
                continue
            cells, known = [], 0.0
            for m in (m for m in window if m in figures):
                x = None if figures[m] is None else getattr(figures[m], series)
                if is_suppressed(x):
                    cells.append(m)
                elif x is not None:
                    known += x
            closed = all(m in figures for m in window)
            if is_suppressed(total):
                if closed:
                    withheld.append((name, cells))
                continue
            residual = total * (agg.months if how == "mean" else 1) - known
            assert abs(residual - round(residual)) < 1e-6, (name, residual)
            sums.append(Sum(name, cells, round(residual), closed))
        low, high = {}, {}
        for m, f in figures.items():
            if f is None or not is_suppressed(getattr(f, series)):
                continue
            low[m], high[m] = 1, float("inf")
            if page.indicator.unit in ("percent", "rate_per_10k"):
                if series == "numerator" and not is_suppressed(f.denominator):
                    high[m] = f.denominator
                if series == "denominator" and not is_suppressed(f.numerator):
                    low[m] = max(1, int(f.numerator))
        return cls(page, series, sums, withheld, low, high)

    def feasible(self, fixed: dict[Month, int], extra: list[Sum] = ()) -> bool:
        """Is there a whole-number completion of the c cells meeting every published sum?

        Cells in exactly the same sums only matter through their total, and a group of cells
        with whole-number ranges can total anything between the sums of its ends, so the search
        runs over those groups' totals rather than over single cells."""
        sums = [*self.sums, *extra]
        groups: dict[tuple, list[float]] = {}
        for m in {m for s in sums for m in s.cells}:
            lo, hi = (fixed[m], fixed[m]) if m in fixed else (self.low[m], self.high[m])
            if lo > hi:
                return False
            key = tuple(i for i, s in enumerate(sums) if m in s.cells) + ((m,) if m in fixed
                                                                          else ())
            bounds = groups.setdefault(key, [0, 0])
            bounds[0] += lo
            bounds[1] += hi
        keys = sorted(groups, key=len, reverse=True)
        inside = [[k for k in keys if i in k] for i in range(len(sums))]

        def search(j: int, totals: dict[tuple, int]) -> bool:
            for i, s in enumerate(sums):
                done = sum(totals[k] for k in inside[i] if k in totals)
                least = sum(groups[k][0] for k in inside[i] if k not in totals)
                most = sum(groups[k][1] for k in inside[i] if k not in totals)
                if done + least > s.residual or (s.closed and done + most < s.residual):
                    return False
            if j == len(keys):
                return True
            key = keys[j]
            lo, hi = groups[key]
            top = min([hi] + [sums[i].residual for i in key if isinstance(i, int)])
            for v in range(int(lo), int(top) + 1):
                totals[key] = v
                if search(j + 1, totals):
                    return True
                del totals[key]
            return False

        return search(0, {})

    def values(self, month: Month, limit: int = 2) -> list[int]:
        """Values the withheld cell could have, given everything published (up to ``limit``)."""
        bounding = [s.residual for s in self.sums if month in s.cells]
        if not bounding:
            return list(range(self.low[month], self.low[month] + limit))  # nothing constrains it
        found = []
        for v in range(self.low[month], int(min([*bounding, self.high[month]])) + 1):
            if self.feasible({month: v}):
                found.append(v)
                if len(found) == limit:
                    break
        return found

    def total_values(self, cells: list[Month], limit: int = 2) -> list[int]:
        """Values a withheld total's c cells could sum to."""
        found = []
        for v in range(len(cells), 10 * THRESHOLD + sum(s.residual for s in self.sums) + 1):
            if self.feasible({}, [Sum("withheld total", cells, v, True)]):
                found.append(v)
                if len(found) == limit:
                    break
        return found


def attack_all(original: MonthlyReport, published: MonthlyReport) -> list[str]:
    """Every withheld count the attacker can pin down, as 'REF series month = value'."""
    found = []
    for page in published.pages:
        before = page_of(original, page.indicator.ref)
        truth = {c.month: c.figure for c in before.months}
        for series in SERIES:
            if not is_count(page, series):
                continue
            attack = Attack.on(page, series)
            # the attacker's picture of the data is right: the true figures satisfy it
            true_cells = {m: int(getattr(truth[m], series)) for m in attack.low}
            assert attack.feasible(true_cells), (page.indicator.ref, series)
            for m in attack.low:
                options = attack.values(m)
                if len(options) < 2:
                    found.append(f"{page.indicator.ref} {series} {m.label} = {options}")
            for name, cells in attack.withheld_totals:
                if len(attack.total_values(cells)) < 2:
                    found.append(f"{page.indicator.ref} {series} {name}")
    return found


@pytest.fixture
def published(report) -> PublishedMonthlyReport:
    return suppress(report)


# ---- the model ---------------------------------------------------------------------------------

def test_a_new_frozen_report_the_original_untouched(report, published):
    before = repr(report)
    again = suppress(report)
    assert repr(report) == before
    assert isinstance(published, PublishedMonthlyReport) and isinstance(published, MonthlyReport)
    assert repr(again) == repr(published)  # pure: the same report every time
    with pytest.raises(dataclasses.FrozenInstanceError):
        published.title = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        published.pages[0].assessment.ytd.value = 1
    assert suppress(published) is published  # already published
    assert published.title == report.title and published.period == report.period
    assert [p.indicator.ref for p in published.pages] == [p.indicator.ref for p in report.pages]


def test_publication_flag_and_note(report, published):
    pub = published.publication
    assert isinstance(pub, Publication) and pub.note == NOTE and pub.threshold == THRESHOLD
    assert "counts from 1 to 5 are shown as c" in NOTE
    assert published.data_caution.startswith(NOTE) and "Figures may be revised." in \
        published.data_caution
    assert pub.primary > 0 and pub.secondary > 0
    assert pub.commentary_withheld


def test_every_count_from_1_to_5_is_withheld(published):
    """Monthly values of counts, numerators and denominators, YTD, rolling and outturns."""
    left = []
    for page in published.pages:
        holders = [(c.month.label, c.figure) for c in page.months if c.figure is not None]
        holders += [(name, agg) for name, _, agg in windows(page)]
        holders += [("latest", page.assessment.figure), ("previous", page.assessment.previous)]
        for where, holder in holders:
            for series in SERIES:
                x = getattr(holder, series)
                if is_count(page, series) and isinstance(x, float) and 0 < x < THRESHOLD + 0.5:
                    left.append(f"{page.indicator.ref} {where} {series} {x}")
    assert left == []


def test_the_small_counts_placed_in_the_fixture(published):
    la3, ua1, cp5, rt1 = (page_of(published, r) for r in ("LA3", "UA1", "CP5", "RT1"))
    assert shown(la3, "Dec-25") is SUPPRESSED and shown(la3, "Jun-26") is SUPPRESSED
    assert all(shown(cp5, "Sep-26", s) is SUPPRESSED for s in SERIES)        # 3 of 4
    assert shown(cp5, "Jul-26", "numerator") is SUPPRESSED                     # 4 of 40
    assert shown(cp5, "Jul-26") is SUPPRESSED                                  # 10% of 40
    assert shown(rt1, "May-26", "numerator") is SUPPRESSED and shown(rt1, "May-26") is SUPPRESSED
    assert shown(rt1, "May-26", "denominator") == 50000                       # not a small count
    assert shown(ua1, "Oct-26") is SUPPRESSED and shown(ua1, "Mar-26") is SUPPRESSED


def test_zero_is_shown_and_never_used_as_a_complement(report, published):
    la3, cp5 = page_of(published, "LA3"), page_of(published, "CP5")
    assert shown(la3, "Aug-26") == 0                      # beside the withheld June
    assert shown(cp5, "Feb-26", "numerator") == 0         # 0 of 3: the 3 is withheld, 0 is not
    assert shown(cp5, "Feb-26", "denominator") is SUPPRESSED
    assert shown(cp5, "Feb-26") is SUPPRESSED             # 0% built on a withheld 3
    for page in published.pages:                          # so every c stands for at least 1
        before = {c.month: c.figure for c in page_of(report, page.indicator.ref).months}
        for c in page.months:
            for s in SERIES:
                if c.figure is not None and is_suppressed(getattr(c.figure, s)) and \
                        is_count(page, s):
                    assert getattr(before[c.month], s) >= 1, (page.indicator.ref, c.month, s)


def test_figures_that_reveal_nothing_are_kept(report, published):
    la3 = page_of(published, "LA3")
    assert shown(la3, "Jan-26") == 13 and la3.assessment.ytd.value == 56
    assert la3.assessment.rolling.value == page_of(report, "LA3").assessment.rolling.value
    assert shown(la3, "Oct-26") == 8          # the report's own month is not the complement
    cp5 = page_of(published, "CP5")
    assert cp5.assessment.value == 94 and cp5.assessment.figure.numerator == 47
    assert cp5.assessment.rag == "green"
    assert page_of(published, "AD3").assessment.ytd.value == 23
    assert page_of(published, "WF2").months == page_of(report, "WF2").months  # no counts at all


def test_latest_figures_share_the_months_fate(published):
    """A snapshot's YTD and rolling figure is its last month: withheld with it."""
    ua1 = page_of(published, "UA1").assessment
    assert ua1.ytd.value is SUPPRESSED and ua1.rolling.value is SUPPRESSED
    assert dict((str(fy), agg.value) for fy, agg in ua1.outturns)["2025-26"] is SUPPRESSED  # Mar-26


def test_judgements_on_a_withheld_figure_are_withheld(report, published):
    ua1 = page_of(published, "UA1").assessment
    assert page_of(report, "UA1").assessment.baseline is not None
    assert ua1.baseline is None and ua1.dot is None and ua1.judged_value is SUPPRESSED
    cp5 = page_of(published, "CP5")
    assert cp5.assessment.dot is None                    # September, its previous month, is c
    assert next(c for c in cp5.months if c.month.label == "Sep-26").rag is None
    assert next(c for c in cp5.months if c.month.label == "Oct-26").rag == "green"
    assert page_of(published, "LA3").assessment.baseline is not None  # both months shown
    ad3 = page_of(published, "AD3").assessment
    assert ad3.rag == "green"                            # judged on the YTD, which is shown


def test_commentary_is_withheld_unless_asked_for(report, published):
    assert all(p.commentary == () for p in published.pages)
    assert published.missing_commentary == []            # not "required but missing" in public
    kept = suppress(report, keep_commentary=True)
    assert [c.text for c in page_of(kept, "CP5").commentary] == \
        [c.text for c in page_of(report, "CP5").commentary]
    assert not kept.publication.commentary_withheld


def test_percentages_without_parts_are_listed_as_unchecked(published):
    assert published.publication.unchecked == ("WF2",)


# ---- re-identification: the explicit sums a reader would try ------------------------------------

def test_ytd_minus_the_other_months_does_not_give_june(report, published):
    la3 = page_of(published, "LA3")
    ytd_months = [c for c in la3.months if c.month >= Month(2026, 4)]
    hidden = [c.month.label for c in ytd_months if is_suppressed(c.figure.value)]
    rest = sum(c.figure.value for c in ytd_months if not is_suppressed(c.figure.value))
    guess = la3.assessment.ytd.value - rest
    assert "Jun-26" in hidden and len(hidden) >= 2
    assert guess != shown(page_of(report, "LA3"), "Jun-26") == 3


def test_rolling_minus_ytd_minus_the_other_months_does_not_give_december(report, published):
    la3 = page_of(published, "LA3")
    gap = [c for c in la3.months if Month(2025, 11) <= c.month <= Month(2026, 3)]
    hidden = [c.month.label for c in gap if is_suppressed(c.figure.value)]
    guess = (la3.assessment.rolling.value - la3.assessment.ytd.value
             - sum(c.figure.value for c in gap if not is_suppressed(c.figure.value)))
    assert "Dec-25" in hidden and len(hidden) >= 2
    assert guess != shown(page_of(report, "LA3"), "Dec-25") == 2


def test_no_window_shows_exactly_one_withheld_figure(published):
    """The classic differencing attack: a published total with one c in it gives the c."""
    for page in published.pages:
        how = page.indicator.aggregation
        for series in TOTALLED[how]:
            for name, window, agg in windows(page):
                window = window[-1:] if how == "latest" else window
                total = getattr(agg, series)
                if total is None or is_suppressed(total) or not all(
                        m in {c.month for c in page.months} for m in window):
                    continue
                cs = [c.month.label for c in page.months if c.month in window and c.figure
                      is not None and is_suppressed(getattr(c.figure, series))]
                assert len(cs) != 1, (page.indicator.ref, series, name, cs)


def test_numerator_from_percentage_times_denominator(report, published):
    """Wherever a percentage or rate is shown with its denominator, the numerator it gives is
    one that is shown anyway; where the numerator is withheld, so is the percentage."""
    for page in published.pages:
        ind = page.indicator
        if ind.unit not in ("percent", "rate_per_10k"):
            continue
        holders = [c.figure for c in page.months if c.figure is not None]
        holders += [agg for _, _, agg in windows(page)]
        for h in holders:
            if h.value is None or h.numerator is None:
                continue
            if not is_suppressed(h.value) and not is_suppressed(h.denominator):
                assert not is_suppressed(h.numerator)
                assert abs(h.value * h.denominator / ind.scale - h.numerator) < 1e-6
            if is_suppressed(h.numerator):
                assert is_suppressed(h.value)
    # September's 3 of 4 from the YTD percentage: the YTD numerator less the months shown
    # leaves July's withheld numerator in with September's.
    cp5 = page_of(published, "CP5")
    ytd = cp5.assessment.ytd
    numerator = round(ytd.value * ytd.denominator / 100)
    rest = sum(c.figure.numerator for c in cp5.months if c.month >= Month(2026, 4)
               and not is_suppressed(c.figure.numerator))
    assert numerator - rest != 3
    assert numerator - rest == 3 + 4


def test_the_attacker_re_identifies_the_unsuppressed_report(report):
    """The attacker works: with a lone c the sums give it straight back."""
    la3 = page_of(report, "LA3")
    june = next(i for i, c in enumerate(la3.months) if c.month.label == "Jun-26")
    naive = dataclasses.replace(la3, months=tuple(
        dataclasses.replace(c, figure=dataclasses.replace(c.figure, value=SUPPRESSED))
        if i == june else c for i, c in enumerate(la3.months)))
    attack = Attack.on(naive, "value")
    assert attack.values(Month(2026, 6)) == [3]


def test_the_attacker_uses_bounds_as_well_as_differences():
    """Two c cells totalling 2 are both 1; a withheld denominator is at least its numerator."""
    a, b = Month(2026, 5), Month(2026, 6)
    inf = float("inf")
    both_ones = Attack(None, "value", [Sum("YTD", [a, b], 2, True)], [], {a: 1, b: 1},
                       {a: inf, b: inf})
    assert both_ones.values(a) == [1]
    three = Attack(None, "value", [Sum("YTD", [a, b], 3, True)], [], {a: 1, b: 1},
                   {a: inf, b: inf})
    assert three.values(a) == [1, 2]
    denominators = Attack(None, "denominator", [Sum("YTD", [a, b], 45, True)], [],
                          {a: 44, b: 1}, {a: inf, b: inf})   # May: 44 of c, June: 0 of c
    assert denominators.values(b) == [1]


def test_no_withheld_count_can_be_re_identified(report, published):
    assert attack_all(report, published) == []


# ---- many small-number series, built through the store -------------------------------------------

RANDOM_CATALOGUE = """\
title: Random
sections: [S]
indicators:
  - {ref: CNT, title: Count, section: S, polarity: neutral, unit: count, aggregation: sum}
  - {ref: PCT, title: Share, section: S, polarity: higher, unit: percent, aggregation: ratio}
  - {ref: NOW, title: Snapshot, section: S, polarity: neutral, unit: count, aggregation: latest}
  - {ref: AVG, title: Average, section: S, polarity: neutral, unit: count, aggregation: mean}
"""


def random_report(tmp_path, seed: int, period: Month = PERIOD) -> MonthlyReport:
    rng = random.Random(seed)
    rows = ["ref,period,value"]
    for m in MONTHS:
        rows.append(f"CNT,{m},{rng.choice([0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 20])}")
        d = rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 30, 60])
        rows.append(f"PCT,{m},{rng.randint(0, d)} of {d}")
        rows.append(f"NOW,{m},{rng.choice([0, 2, 4, 6, 7, 9, 11])}")
        rows.append(f"AVG,{m},{rng.choice([0, 1, 3, 5, 6, 8, 10, 14])}")
    (tmp_path / "c.yaml").write_text(RANDOM_CATALOGUE, encoding="utf-8")
    (tmp_path / "v.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = Store(str(tmp_path / "kpi.db"))
    store.load(prepare_load(store, catalogue=tmp_path / "c.yaml", values=[tmp_path / "v.csv"]))
    return monthly_model(store, period, today=dt.date(2026, 11, 6))


# October: the year to date inside the rolling year; April: last year's outturn wholly shown;
# March: the year to date is the whole year.
@pytest.mark.parametrize("seed", range(45))
def test_random_small_numbers_cannot_be_re_identified(tmp_path, seed):
    period = (Month(2026, 10), Month(2026, 4), Month(2026, 3))[seed % 3]
    report = random_report(tmp_path, seed, period)
    published = suppress(report)
    assert attack_all(report, published) == []
    for page in published.pages:  # and nothing small is left standing
        for c in page.months:
            for s in SERIES:
                x = None if c.figure is None else getattr(c.figure, s)
                assert not (is_count(page, s) and isinstance(x, float) and 0 < x < 5.5)


# ---- the marker --------------------------------------------------------------------------------

def test_the_marker_prints_as_c_and_refuses_arithmetic():
    assert f"{SUPPRESSED:,.1f}" == "c" == "{:,.0f}".format(SUPPRESSED) == str(SUPPRESSED) == MARK
    for attempt in (lambda: SUPPRESSED + 1, lambda: 3 * SUPPRESSED, lambda: SUPPRESSED < 5,
                    lambda: float(SUPPRESSED), lambda: sum([1, SUPPRESSED])):
        with pytest.raises(TypeError):
            attempt()
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED
    assert copy.deepcopy(SUPPRESSED) is SUPPRESSED and copy.copy(SUPPRESSED) is SUPPRESSED
    assert is_suppressed(SUPPRESSED) and not is_suppressed(None) and not is_suppressed(0)
