"""Performance on a page in publication mode (kpiboard.publish.pages), attacked as an adversary
would: from what a published page shows, can any ``c`` be worked out?

The adversary here is written independently of the production solver. It knows what the figures
mean (``relations``): a breakdown's groups add up to the LA figure, dimension by dimension; the
timeliness bands add up to the assessments completed and the first three of them to the
numerator of "within 45 working days"; ``cpp_open`` is the numerator of ``cpp_rate_per_10k``
and referrals and contacts are the parts of the conversion rate; a year to date is the sum of its
months (exactly in April to June, at least the months shown later in the year); a snapshot's year
to date is its latest month. It also knows every ``c`` is at least 1 (zero is shown) and a
percentage's numerator is at most its denominator. ``alternatives`` then searches, for every
withheld count, for another assignment of the withheld cells that satisfies all of that: a witness
that the cell is not pinned. No witness is a leak.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from kpiboard.measures.pages import PageFigure
from kpiboard.measures.spec import library
from kpiboard.periods import Month
from kpiboard.publish import SUPPRESSED, is_suppressed
from kpiboard.publish.pages import suppress_page_figures

PERIOD = Month(2026, 10)
SERIES = ("value", "numerator", "denominator")
BANDS = ("assessments_wd_0_25", "assessments_wd_26_40", "assessments_wd_41_45",
         "assessments_wd_46_plus")
# (series, measure) pairs that are the same number of children by definition
IDENTITIES = [(("numerator", "contact_conversion_pct"), ("value", "referrals")),
              (("denominator", "contact_conversion_pct"), ("value", "contacts")),
              (("numerator", "cpp_rate_per_10k"), ("value", "cpp_open")),
              (("denominator", "assessments_45wd_pct"), ("value", "assessments_completed"))]
STEP = 3   # how far from the truth the search looks for another consistent assignment


# ---- building figures by hand -----------------------------------------------------------------

def count(measure, value, *, period=PERIOD, window="month", dim="", group=""):
    """A count measure as the engine gives it: its numerator is the count, no denominator."""
    return PageFigure(measure, period, window, dim, group, value, None, value)


def pct(measure, num, den, *, period=PERIOD, window="month", dim="", group=""):
    return PageFigure(measure, period, window, dim, group, num, den,
                      num / den * 100 if den else None)


def rate(measure, num, den=50_000, **kw):
    f = pct(measure, num, den, **kw)
    return PageFigure(f.measure, f.period, f.window, f.dimension, f.group, num, den,
                      num / den * 10_000)


def team(maker, measure, *parts, window="month", period=PERIOD):
    """A breakdown by team: groups A, B, C ... in order."""
    return [maker(measure, *p if isinstance(p, tuple) else (p,), window=window, period=period,
                  dim="team", group=chr(ord("A") + i)) for i, p in enumerate(parts)]


# ---- the adversary -----------------------------------------------------------------------------

def key(f: PageFigure, series: str) -> tuple:
    return (series, f.measure, f.window, f.period, f.dimension, f.group)


def is_count(k: tuple) -> bool:
    return k[0] != "value" or library().get(k[1]).unit == "count"


def numbers(figures) -> dict[tuple, float]:
    """Every number a figure shows, except a count's numerator: the count itself again (that
    both are withheld together is checked in ``attack``)."""
    return {key(f, s): getattr(f, s) for f in figures for s in SERIES
            if getattr(f, s) is not None
            and not (s == "numerator" and library().get(f.measure).unit == "count")}


def relations(figures, period: Month) -> list[tuple[dict, bool]]:
    """What a reader knows about the figures, as (coefficients, slack): sum(c * x) = 0, or with
    ``slack`` sum(c * x) = s for some unseen s >= 0."""
    have = numbers(figures)
    rels: list[tuple[dict, bool]] = []

    def add(coeffs: dict, slack: bool = False) -> None:
        if coeffs and all(k in have for k in coeffs):
            rels.append((coeffs, slack))

    cells = {(f.window, f.period, f.dimension, f.group) for f in figures}
    # breakdowns: each dimension on its own adds up to the whole
    groups = defaultdict(list)
    for f in figures:
        if f.dimension:
            groups[(f.measure, f.window, f.period, f.dimension)].append(f)
    for (measure, window, p, dim), members in groups.items():
        for s in SERIES:
            total = (s, measure, window, p, "", "")
            if not is_count(total):
                continue
            add({total: -1, **{key(m, s): 1 for m in members}})
    for window, p, dim, grp in cells:
        def k(series, measure):
            return (series, measure, window, p, dim, grp)
        for a, b in IDENTITIES:
            add({k(*a): 1, k(*b): -1})
        add({k("value", "assessments_completed"): -1, **{k("value", b): 1 for b in BANDS}})
        add({k("numerator", "assessments_45wd_pct"): -1,
             **{k("value", b): 1 for b in BANDS[:3]}})
    # the year to date against the months shown
    months = period.financial_year.months_to(period)
    for f in figures:
        if f.window != "ytd" or f.dimension:
            continue
        spec = library().get(f.measure)
        for s in SERIES:
            ytd = key(f, s)
            if ytd not in have or not is_count(ytd):
                continue
            if spec.rows in ("open_at_end", "snapshot"):
                add({ytd: 1, (s, f.measure, "month", period, "", ""): -1})
            elif spec.rows in ("event", "ended") and spec.count == "rows":
                shown = [(s, f.measure, "month", m, "", "") for m in months]
                shown = [m for m in shown if m in have]
                add({ytd: 1, **{m: -1 for m in shown}}, slack=len(shown) < len(months))
    return rels


def alternatives(original, published, period: Month) -> dict[tuple, bool]:
    """For every withheld count: whether another value is consistent with everything shown."""
    truth = numbers(original)
    shown = numbers(published)
    hidden = {k for k, x in shown.items() if is_suppressed(x) and is_count(k)}
    eqs = []   # (coeffs over unknowns) with sum(c * d) = 0 for a change d from the truth
    slack_truth = {}
    for i, (coeffs, slack) in enumerate(relations(original, period)):
        c = {k: a for k, a in coeffs.items() if k in hidden}
        if slack:
            slack_truth[("slack", i)] = sum(a * truth[k] for k, a in coeffs.items())
            c[("slack", i)] = -1
        if any(not str(v[0]).startswith("slack") for v in c):
            eqs.append(c)
    value = {**{k: truth[k] for k in hidden}, **slack_truth}
    low = {v: (0 if v[0] == "slack" else 1) for v in value}
    high = {v: float("inf") for v in value}
    pairs = []   # (numerator, denominator) both withheld
    for k in hidden:
        if k[0] == "numerator" and library().get(k[1]).unit == "percent":
            den = ("denominator", *k[1:])
            if den in hidden:
                pairs.append((k, den))
            elif den in shown:
                high[k] = shown[den]
    found = {}
    for v in sorted(hidden, key=repr):
        found[v] = _witness(v, eqs, value, low, high, pairs)
    return found


def _witness(target, eqs, value, low, high, pairs) -> bool:
    """Depth-first search for changes d (|d| <= STEP) to the withheld cells connected to
    ``target`` with d[target] != 0, every relation still true and every bound kept."""
    component, frontier = {target}, [target]
    while frontier:
        v = frontier.pop()
        for eq in eqs:
            if v in eq:
                for u in eq:
                    if u not in component:
                        component.add(u)
                        frontier.append(u)
    mine = [eq for eq in eqs if set(eq) & component]
    d: dict = {}

    def fits(v, step) -> bool:
        if not low[v] <= value[v] + step <= high[v]:
            return False
        d[v] = step
        good = all(value[n] + d[n] <= value[m] + d[m] for n, m in pairs if n in d and m in d)
        del d[v]
        return good

    def go() -> bool:
        # an equation with one unknown left decides it; otherwise try the busiest unknown
        for eq in mine:
            left = [u for u in eq if u not in d]
            if len(left) == 1:
                u = left[0]
                rest = -sum(a * d[w] for w, a in eq.items() if w in d)
                if rest % eq[u] or abs(rest // eq[u]) > STEP or not fits(u, rest // eq[u]) \
                        or (u == target and rest == 0):
                    return False
                d[u] = rest // eq[u]
                if go():
                    return True
                del d[u]
                return False
            if not left and sum(a * d[w] for w, a in eq.items()):
                return False
        free = [u for u in component if u not in d]
        if not free:
            return True
        u = target if target not in d else max(free, key=lambda w: (sum(w in eq for eq in mine),
                                                                      repr(w)))
        for step in sorted(range(-STEP, STEP + 1), key=abs):
            if (u == target and step == 0) or not fits(u, step):
                continue
            d[u] = step
            if go():
                return True
            del d[u]
        return False

    return go()


def attack(figures, period: Month = PERIOD) -> list[PageFigure]:
    """Publish the figures, check the rules that need no arithmetic, then every withheld count
    has another consistent value; returns the published figures."""
    published, publication = suppress_page_figures(figures, period)
    assert len(published) == len(figures)
    before, after = numbers(figures), numbers(published)
    withheld = [k for k, x in after.items() if is_suppressed(x)]
    for k, x in after.items():
        if before[k] == 0 and is_count(k):   # (0% of a withheld denominator may be c)
            assert x == 0, f"zero withheld: {k}"
        if is_count(k) and not is_suppressed(x):
            assert not 0 < x < 5.5, f"small count shown: {k} = {x}"
    for f in published:   # a count's numerator is the count; a shown ratio has both parts shown
        if library().get(f.measure).unit == "count":
            assert is_suppressed(f.numerator) == is_suppressed(f.value), f
        if library().get(f.measure).unit != "count" and not is_suppressed(f.value) \
                and f.value is not None:
            assert not is_suppressed(f.numerator) and not is_suppressed(f.denominator), f
    small = [k for k, x in before.items() if is_count(k) and 0 < x < 5.5]
    assert (publication.primary > 0) == bool(small)
    assert set(small) <= set(withheld)
    free = alternatives(figures, published, period)
    pinned = [k for k, ok in free.items() if not ok]
    assert not pinned, f"worked out from what is shown: {pinned}"
    return published


def shown_as(published, measure, series="value", **where):
    out = {}
    for f in published:
        if f.measure == measure and all(getattr(f, a) == b for a, b in where.items()):
            out[(f.window, f.dimension, f.group)] = getattr(f, series)
    return out


# ---- the attacks ---------------------------------------------------------------------------------

def test_one_small_group_is_not_the_total_minus_the_others():
    figures = [count("referrals", 30)] + team(count, "referrals", 3, 12, 15)
    published = attack(figures)
    values = shown_as(published, "referrals")
    assert values[("month", "team", "A")] is SUPPRESSED
    assert sum(is_suppressed(x) for x in values.values()) >= 2


def test_two_small_groups_whose_sum_is_pinned():
    # 14 - 12 = 2 over two c: both would be 1
    figures = [count("referrals", 14)] + team(count, "referrals", 1, 1, 12)
    published = attack(figures)
    assert shown_as(published, "referrals")[("month", "team", "C")] is SUPPRESSED \
        or shown_as(published, "referrals")[("month", "", "")] is SUPPRESSED


def test_each_dimension_adds_up_to_the_whole_on_its_own():
    """Two breakdowns of one total are two sums, not one: a small team and a small age group
    must each be protected within their own breakdown."""
    figures = [count("referrals", 30)] + team(count, "referrals", 3, 12, 15) + [
        count("referrals", 4, dim="age_band", group="1-4"),
        count("referrals", 26, dim="age_band", group="10-15")]
    attack(figures)


@pytest.mark.parametrize("seed", range(30))
def test_random_breakdowns_by_several_dimensions(seed):
    """Totals of 8 to 40 split two or three ways, month and year to date, with small groups."""
    import random

    rng = random.Random(seed)
    figures = []
    for window in ("month", "ytd"):
        total = rng.randint(8, 40)
        figures.append(count("referrals", total, window=window))
        for dim in rng.sample(["team", "age_band", "gender"], rng.randint(2, 3)):
            left, g = total, 0
            while left:
                part = left if g == 3 else min(left, rng.choice([0, 1, 2, 3, 4, 6, 9, 12]))
                if part:
                    figures.append(count("referrals", part, window=window, dim=dim, group=f"g{g}"))
                left, g = left - part, g + 1
    attack(figures)


def test_percentage_breakdown_parts_add_up_to_the_whole():
    figures = [pct("assessments_45wd_pct", 30, 40), count("assessments_completed", 40)] + team(
        pct, "assessments_45wd_pct", (2, 3), (13, 17), (15, 20))
    published = attack(figures)
    a = next(f for f in published if f.group == "A")
    assert a.value is SUPPRESSED and a.numerator is SUPPRESSED and a.denominator is SUPPRESSED


def test_a_small_numerator_of_a_shown_denominator():
    figures = [pct("assessments_45wd_pct", 32, 40), count("assessments_completed", 40)] + team(
        pct, "assessments_45wd_pct", (4, 10), (13, 15), (15, 15))
    attack(figures)


def test_same_children_under_another_measure():
    figures = [count("cpp_open", 4), rate("cpp_rate_per_10k", 4),
               count("referrals", 4), count("contacts", 30), pct("contact_conversion_pct", 4, 30)]
    published = attack(figures)
    for f in published:
        if f.measure in ("cpp_rate_per_10k", "contact_conversion_pct"):
            assert f.numerator is SUPPRESSED and f.value is SUPPRESSED


def test_a_complement_total_is_withheld_under_every_measure_that_repeats_it():
    figures = ([count("cpp_open", 30), rate("cpp_rate_per_10k", 30)]
               + team(count, "cpp_open", 3, 27))
    published = attack(figures)
    if shown_as(published, "cpp_open")[("month", "", "")] is SUPPRESSED:
        assert shown_as(published, "cpp_rate_per_10k", "numerator")[("month", "", "")] is SUPPRESSED


def test_timeliness_bands_and_the_within_45_days_numerator():
    """37 of 40 within 45 working days and bands 20, 14, 3, 3: the bands add to 40 and the
    first three to 37, so withholding the two 3s alone gives both back."""
    figures = [count("assessments_completed", 40), pct("assessments_45wd_pct", 37, 40),
               count(BANDS[0], 20), count(BANDS[1], 14), count(BANDS[2], 3), count(BANDS[3], 3)]
    attack(figures)


@pytest.mark.parametrize("seed", range(8))
def test_random_bands_months_and_year_to_date(seed):
    """Bands, the within-45-days percentage and its team breakdown for three months and the
    year to date, with small counts anywhere."""
    import random

    rng = random.Random(seed)
    figures = []
    ytd = [rng.choice([0, 1, 3, 8]) for _ in BANDS]
    for i, m in enumerate(PERIOD.months_back(3)):
        bands = [rng.choice([0, 1, 2, 4, 7, 12]) for _ in BANDS]
        ytd = [a + b for a, b in zip(ytd, bands)]
        figures += [count(b, n, period=m) for b, n in zip(BANDS, bands)]
        figures += [count("assessments_completed", sum(bands), period=m),
                    pct("assessments_45wd_pct", sum(bands[:3]), sum(bands), period=m)]
    figures += [count(b, n, window="ytd") for b, n in zip(BANDS, ytd)]
    figures += [count("assessments_completed", sum(ytd), window="ytd"),
                pct("assessments_45wd_pct", sum(ytd[:3]), sum(ytd), window="ytd")]
    within, done = sum(ytd[:3]), sum(ytd)
    a = (rng.randint(0, min(within, 5)), 0)
    a = (a[0], rng.randint(max(a[0], 1), max(a[0], 1) + 4))
    if a[1] < done and within - a[0] <= done - a[1]:
        figures += team(pct, "assessments_45wd_pct", a, (within - a[0], done - a[1]),
                        window="ytd")
    attack(figures)


def test_bands_with_one_small_band():
    figures = [count("assessments_completed", 40), count(BANDS[0], 20), count(BANDS[1], 14),
               count(BANDS[2], 2), count(BANDS[3], 4)]
    attack(figures)


def test_year_to_date_in_the_first_quarter_is_the_months_shown():
    may = Month(2026, 5)
    figures = [count("referrals", 11, period=Month(2026, 3)), count("referrals", 3, period=Month(2026, 4)),
               count("referrals", 20, period=may), count("referrals", 23, period=may, window="ytd")]
    published = attack(figures, may)
    assert sum(is_suppressed(f.value) for f in published) >= 2


def test_year_to_date_later_in_the_year_bounds_the_months_shown():
    """Year to date 7 with August 6 and September 0 shown: October is at most 1, so a c there
    is 1 unless something else is withheld."""
    figures = [count("referrals", 6, period=Month(2026, 8)), count("referrals", 0, period=Month(2026, 9)),
               count("referrals", 1), count("referrals", 7, window="ytd")]
    attack(figures)


def test_snapshot_year_to_date_is_the_latest_month():
    figures = ([count("cpp_open", 30), count("cpp_open", 30, window="ytd")]
               + team(count, "cpp_open", 3, 27) + team(count, "cpp_open", 3, 27, window="ytd"))
    attack(figures)


def test_a_whole_page_with_breakdowns_ytd_and_identities():
    """Everything at once, as the pages report holds it."""
    months = PERIOD.months_back(3)
    figures = []
    for m, (ref, con) in zip(months, [(8, 35), (18, 26), (6, 31)]):
        figures += [count("referrals", ref, period=m), count("contacts", con, period=m),
                    pct("contact_conversion_pct", ref, con, period=m)]
    figures += [count("referrals", 79, window="ytd"), count("contacts", 209, window="ytd"),
                pct("contact_conversion_pct", 79, 209, window="ytd")]
    figures += team(count, "referrals", 2, 4, 73, window="ytd") + team(count, "referrals", 0, 1, 5)
    figures += [count("referrals", 3, dim="gender", group="Female"),
                count("referrals", 3, dim="gender", group="Male"),
                count("referrals", 36, dim="gender", group="Female", window="ytd"),
                count("referrals", 43, dim="gender", group="Male", window="ytd")]
    attack(figures)


def test_zero_is_never_withheld_and_nothing_is_when_no_count_is_small():
    big = [count("referrals", 30)] + team(count, "referrals", 0, 12, 18)
    published, publication = suppress_page_figures(big, PERIOD)
    assert published == big
    assert (publication.primary, publication.secondary) == (0, 0)
    small = [count("referrals", 13)] + team(count, "referrals", 0, 1, 12)
    published = attack(small)
    assert shown_as(published, "referrals")[("month", "team", "A")] == 0


def test_the_attacker_finds_a_leak_when_there_is_one():
    """The checker itself: a page with only the small group withheld is caught."""
    figures = [count("referrals", 30)] + team(count, "referrals", 3, 12, 15)
    naive = [f if f.group != "A" else PageFigure(f.measure, f.period, f.window, f.dimension,
                                                  f.group, SUPPRESSED, None, SUPPRESSED)
             for f in figures]
    free = alternatives(figures, naive, PERIOD)
    assert free[("value", "referrals", "month", PERIOD, "team", "A")] is False
    bounded = [count("referrals", 14)] + team(count, "referrals", 1, 1, 12)
    naive = [f if f.group not in ("A", "B") else PageFigure(
        f.measure, f.period, f.window, f.dimension, f.group, SUPPRESSED, None, SUPPRESSED)
        for f in bounded]
    # A + B = 14 - 12 = 2 and each c is at least 1: both are 1
    free = alternatives(bounded, naive, PERIOD)
    assert [free[("value", "referrals", "month", PERIOD, "team", g)] for g in "AB"] == [False] * 2
