"""Deterministic synthetic figures for the demo catalogue (Exampleshire, a fictional council).

Each indicator has a row in ``SPECS``: its level in April 2022 and October 2026, a wave, noise and,
for percentages, where the denominator comes from. A series is the straight line between the two
levels plus a sine wave (random period and phase) plus AR(1) Gaussian noise (``ar`` near 1 for
month-end snapshots); flows are scaled by a calendar-month factor (dips in August and December).
Percentages are integer numerator over integer denominator; rates per 10,000 use a 0-17 population
that steps up each financial year. Each indicator has its own ``random.Random`` seeded by the seed
and its ref. History starts a year before the first published month (April 2023) so that rolling
12-month figures are complete; commentary texts quote the generated figures.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

PERIOD = "2026-10"
FIRST_PUBLISHED = "2023-04"
MONTHS = [f"{2022 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(55)]  # to 2026-10
POPULATION = {2022: 12_550, 2023: 12_600, 2024: 12_650, 2025: 12_700, 2026: 12_750}
# Calendar-month factor for flows: school holidays in August, Christmas in late December.
SEASON = {1: 1.05, 2: 1.01, 3: 1.03, 4: 0.95, 5: 1.03, 6: 1.04,
          7: 1.02, 8: 0.80, 9: 1.02, 10: 1.07, 11: 1.05, 12: 0.86}
GAP_MONTHS = ("2024-06", "2024-07")
GAP_REFS = ("CN3", "CN4", "CP6")
GAP_NOTE = "Unavailable due to data migration"
# A recent gap, so the report's 13-month tables show how an unavailable month reads.
RECENT_GAPS = {("WF6", "2026-01"): "Not reported: supervision records moved to the new HR system"}
STARTS = {"WF6": "2024-10"}  # recorded only since the new system went live
REVISED = ("AS2", "CN3", "LA5", "LA9", "WF2", "WF1", "CN4")  # August and September re-stated with new figures
RESTATED = ("CP1", "LA1", "PL1", "CL1", "WF4", "PL3")  # September re-sent unchanged (not a revision)
REVISED_NOTE = "Revised: late recording completed"


class S(NamedTuple):
    """How one indicator's series is made (levels in display units)."""

    kind: str  # count | pct | mean | days | rate | share | ceased
    start: float = 0.0
    end: float = 0.0
    wave: float = 0.0
    noise: float = 0.0
    den: int | str | None = None  # pct: a fixed size or a ref; rate/share/ceased: source refs
    season: float = 0.0  # 0 = none, 1 = the full SEASON factor
    ar: float = 0.0  # noise autocorrelation
    rolling: bool = False  # numerator and denominator summed over 12 months


SPECS: dict[str, S] = {
    "CR1": S("count", 280, 300, 10, 12, season=1.0),
    "CR2": S("pct", 76.0, 88.5, 1.5, 1.2, "CR1", ar=0.5),
    "CR3": S("count", 70, 74, 4, 5, season=0.8),
    "CR4": S("share", den="CR3/CR1"),
    "CR5": S("pct", 24.5, 20.5, 1.2, 1.5, "CR3"),
    "CR6": S("rate", den="CR3", rolling=True),
    "AS1": S("count", 56, 60, 4, 5, season=0.6),
    "AS2": S("pct", 74.0, 84.0, 2.0, 1.5, "AS1", ar=0.5),
    "AS3": S("count", 14, 5, 2, 1.5, ar=0.7),
    "AS4": S("pct", 96.5, 98.3, 0.4, 0.5, "AS1"),
    "AS5": S("pct", 38.0, 42.0, 2.0, 1.5, "AS1"),
    "SC1": S("count", 62, 68, 3, 5, season=0.5),
    "SC2": S("count", 46, 50, 3, 4, season=0.5),
    "SC3": S("pct", 36.0, 33.0, 2.0, 2.5, "SC2"),
    "SC4": S("count", 18, 20, 2, 3, season=0.3),
    "SC5": S("pct", 84.0, 73.0, 3.0, 4.0, "SC4"),
    "CN1": S("count", 520, 545, 6, 5, ar=0.8),
    "CN2": S("rate", den="CN1"),
    "CN3": S("pct", 82.0, 86.5, 1.5, 1.2, 250, ar=0.6),
    "CN4": S("pct", 88.0, 83.0, 1.5, 1.5, 250, ar=0.6),
    "CP1": S("count", 100, 106, 4, 2, ar=0.8),
    "CP2": S("rate", den="CP1"),
    "CP3": S("count", 9, 10, 1, 2, season=0.3),
    "CP4": S("pct", 17.0, 19.3, 1.5, 3.0, "CP3", rolling=True),
    "CP5": S("pct", 88.0, 93.5, 1.5, 1.0, "CP1", ar=0.6),
    "CP6": S("pct", 97.0, 98.6, 0.5, 0.5, "CP1"),
    "CP7": S("pct", 4.5, 3.6, 0.3, 0.3, "CP1", ar=0.7),
    "LA1": S("count", 104, 110, 2, 1, ar=0.8),
    "LA2": S("rate", den="LA1"),
    "LA3": S("count", 4, 5, 1, 1.5),
    "LA4": S("ceased", den="LA3/LA1"),
    "LA5": S("pct", 84.0, 92.5, 1.5, 1.2, "LA1", ar=0.6),
    "LA6": S("pct", 94.0, 96.0, 0.8, 0.8, "LA1"),
    "LA7": S("pct", 55.0, 63.0, 4.0, 6.0, 8),
    "LA8": S("pct", 88.0, 91.0, 1.0, 1.0, 1000, ar=0.5),
    "LA9": S("count", 12, 14, 2, 3, season=0.5),
    "LA10": S("count", 7, 10, 1, 0.5, ar=0.8),
    "PL1": S("pct", 9.5, 11.2, 0.6, 0.5, "LA1", ar=0.7),
    "PL2": S("pct", 71.0, 66.5, 1.0, 1.0, 60, ar=0.7),
    "PL3": S("pct", 16.0, 19.0, 0.6, 0.5, "LA1", ar=0.7),
    "PL4": S("pct", 76.0, 75.5, 0.8, 0.5, "LA1", ar=0.7),
    "PL5": S("count", 9, 11, 1, 0.6, ar=0.8),
    "CL1": S("pct", 48.0, 57.0, 1.5, 1.2, 60, ar=0.6),
    "CL2": S("pct", 91.0, 84.5, 1.0, 1.0, 60, ar=0.6),
    "CL3": S("pct", 95.0, 96.5, 0.6, 0.7, "CL5"),
    "CL4": S("pct", 86.0, 79.0, 1.5, 1.5, "CL5", ar=0.6),
    "CL5": S("count", 56, 62, 2, 2, ar=0.8),
    "AD1": S("days", 520, 455, 12, 6, ar=0.8),
    "AD2": S("days", 170, 110, 8, 5, ar=0.8),
    "AD3": S("count", 0.8, 1.0, 0.3, 0.8),
    "AD4": S("count", 0.8, 1.0, 0.3, 0.8),
    "AD5": S("count", 5, 4, 1, 1, ar=0.8),
    "WF1": S("pct", 31.0, 26.5, 1.5, 0.8, 120, ar=0.7),
    "WF2": S("pct", 25.0, 16.8, 1.2, 0.8, 110, ar=0.7),
    "WF3": S("mean", 21.0, 18.0, 0.4, 0.3, ar=0.7),
    "WF4": S("mean", 23.0, 17.3, 0.5, 0.4, ar=0.6),
    "WF5": S("mean", 16.0, 13.5, 0.4, 0.4, ar=0.5),
    "WF6": S("pct", 70.0, 84.0, 2.0, 2.0, 90, ar=0.5),
    "WF7": S("pct", 45.0, 53.0, 4.0, 6.0, 15),
}


class Row(NamedTuple):
    value: float | None
    num: int | None = None
    den: int | None = None


@dataclass(frozen=True)
class DemoInputs:
    catalogue: Path
    values_first: Path
    values_revised: Path
    commentary: Path
    benchmarks: Path
    period: str  # the report period


def _population(month: str) -> int:
    year, mon = int(month[:4]), int(month[5:])
    return POPULATION[year if mon >= 4 else year - 1]


def _path(spec: S, rng: random.Random) -> list[float]:
    """Trend + seasonality + wave + AR(1) noise, one float per month in MONTHS."""
    period, phase = rng.uniform(14, 26), rng.uniform(0, 2 * math.pi)
    noise, out = 0.0, []
    for t, month in enumerate(MONTHS):
        noise = spec.ar * noise + math.sqrt(1 - spec.ar ** 2) * rng.gauss(0, spec.noise)
        level = spec.start + (spec.end - spec.start) * t / (len(MONTHS) - 1)
        level *= 1 + spec.season * (SEASON[int(month[5:])] - 1)
        out.append(level + spec.wave * math.sin(2 * math.pi * t / period + phase) + noise)
    return out


def _rolling(values: list[int]) -> list[int]:
    return [sum(values[max(0, t - 11):t + 1]) for t in range(len(values))]


def _ratio(num: int, den: int) -> Row:
    return Row(round(100 * num / den, 1), num, den) if den else Row(None)


class _Generator:
    """Builds every series on demand, so one ref can use another ref's figures."""

    def __init__(self, seed: int):
        self.seed = seed
        self.series: dict[str, list[Row]] = {}

    def get(self, ref: str) -> list[Row]:
        if ref not in self.series:
            self.series[ref] = self._make(SPECS[ref], random.Random(f"{self.seed}:{ref}"))
        return self.series[ref]

    def _counts(self, ref: str) -> list[int]:
        return [int(r.value) for r in self.get(ref)]

    def _make(self, spec: S, rng: random.Random) -> list[Row]:
        if spec.kind == "count":
            return [Row(max(0, round(x))) for x in _path(spec, rng)]
        if spec.kind in ("mean", "days"):
            return [Row(round(x, 1)) for x in _path(spec, rng)]
        if spec.kind == "rate":
            nums = self._counts(spec.den)
            nums = _rolling(nums) if spec.rolling else nums
            return [Row(round(n / _population(m) * 10_000, 1), n, _population(m))
                    for n, m in zip(nums, MONTHS)]
        if spec.kind == "share":
            num_ref, den_ref = spec.den.split("/")
            return [_ratio(n, d) for n, d in zip(self._counts(num_ref), self._counts(den_ref))]
        if spec.kind == "ceased":  # leavers = joiners - change in the number looked after
            joined_ref, stock_ref = spec.den.split("/")
            joined, stock = self._counts(joined_ref), self._counts(stock_ref)
            return [Row(max(0, j - (s - p))) for j, s, p in zip(joined, stock, [stock[0]] + stock)]
        return self._percent(spec, rng)

    def _percent(self, spec: S, rng: random.Random) -> list[Row]:
        if isinstance(spec.den, str):
            dens = self._counts(spec.den)
        else:
            size = S("count", spec.den, spec.den, 0, spec.den * 0.015, ar=0.8)
            dens = [max(1, round(x)) for x in _path(size, rng)]
        pcts = _path(spec, rng)
        nums = [min(d, max(0, round(d * p / 100))) for d, p in zip(dens, pcts)]
        if spec.rolling:
            nums, dens = _rolling(nums), _rolling(dens)
        return [_ratio(n, d) for n, d in zip(nums, dens)]


def generate(seed: int = 2026) -> dict[str, list[Row]]:
    """Every indicator's figures for every month in MONTHS, keyed by ref."""
    gen = _Generator(seed)
    return {ref: gen.get(ref) for ref in SPECS}


def _revise(row: Row, rng: random.Random) -> Row:
    """A later extract: a few more events recorded late, so never the same figures."""
    if row.num is None:
        return Row(row.value + max(1, round(row.value * rng.uniform(0.02, 0.06))))
    extra = rng.randint(2, 6)
    return _ratio(row.num + extra if row.num + extra <= row.den else row.num - extra, row.den)


def revisions(data: dict[str, list[Row]], seed: int) -> dict[tuple[str, str], Row]:
    """Revised August and September figures for the REVISED refs."""
    rng = random.Random(f"{seed}:revisions")
    return {(ref, month): _revise(data[ref][MONTHS.index(month)], rng)
            for ref in REVISED for month in ("2026-08", "2026-09")}


def _csv_row(ref: str, month: str, row: Row, note: str = "") -> list[str]:
    if row.value is None:
        value = ""
    elif SPECS[ref].kind in ("count", "ceased"):
        value = str(int(row.value))
    else:
        value = f"{row.value:.1f}"
    num, den = ("" if x is None else str(x) for x in (row.num, row.den))
    return [ref, month, value, num, den, note]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def first_values(data: dict[str, list[Row]]) -> list[list[str]]:
    """April 2023 to September 2026 as first reported, with the migration gap."""
    rows = []
    for ref, series in data.items():
        first = MONTHS.index(STARTS.get(ref, FIRST_PUBLISHED))
        for month, row in zip(MONTHS[first:-1], series[first:-1]):
            if ref in GAP_REFS and month in GAP_MONTHS:
                rows.append([ref, month, "", "", "", GAP_NOTE])
            elif (ref, month) in RECENT_GAPS:
                rows.append([ref, month, "", "", "", RECENT_GAPS[(ref, month)]])
            else:
                rows.append(_csv_row(ref, month, row))
    return rows


def revised_values(data: dict[str, list[Row]],
                   revised: dict[tuple[str, str], Row]) -> list[list[str]]:
    """October 2026, revisions of August and September, and unchanged re-statements."""
    rows = [_csv_row(ref, month, row, REVISED_NOTE) for (ref, month), row in revised.items()]
    rows += [_csv_row(ref, "2026-09", data[ref][-2]) for ref in RESTATED if ref in data]
    rows += [_csv_row(ref, PERIOD, series[-1]) for ref, series in data.items()]
    return rows


AUTHORS = {  # owner -> (author, comment subject)
    "MASH": ("Priya Raman", "Service Manager commentary"),
    "AI": ("Tom Hollis", "Head of Service commentary"),
    "SG": ("Grace Adeyemi", "Head of Service commentary"),
    "CIC": ("Martin Clarke", "Head of Service commentary"),
    "LC": ("Sian Roberts", "Service Manager commentary"),
    "ADO": ("Helen Osei", "Head of Service commentary"),
    "PSW": ("Dan Whitfield", "Principal Social Worker commentary"),
}


class _Ctx:
    """Figures a comment quotes: value ``v``, last month ``p``, ``to`` ('rose to 85.9%')..."""

    def __init__(self, data: dict[str, list[Row]], ref: str, month: str):
        i = MONTHS.index(month)
        self.data, self.month, self.kind = data, month, SPECS[ref].kind
        row, prev = data[ref][i], data[ref][i - 1]
        ytd = data[ref][MONTHS.index(f"{month[:4]}-04"):i + 1]  # fine for April-December
        self.value, self.v, self.p = row.value, self.fmt(row.value), self.fmt(prev.value)
        self.to = f"{self._verb(row.value, prev.value)} {self.v}"
        if row.num is None:
            self.ytd_sum = self.fmt(sum(r.value for r in ytd))
        else:
            self.n, self.d = f"{row.num:,}", f"{row.den:,}"
            self.ytd_n, self.ytd_d = sum(r.num for r in ytd), sum(r.den for r in ytd)
            self.ytd = self.fmt(100 * self.ytd_n / self.ytd_d)

    @staticmethod
    def _verb(now: float, before: float) -> str:
        return "rose to" if now > before else "fell to" if now < before else "stayed at"

    def fmt(self, value: float) -> str:
        if self.kind in ("pct", "share"):
            return f"{value:.1f}%"
        return f"{value:,.0f}" if self.kind in ("count", "ceased", "days") else f"{value:,.1f}"

    def vs(self, target: float) -> str:
        return "above" if self.value > target else "below" if self.value < target else "level with"

    def of(self, ref: str) -> "_Ctx":
        return _Ctx(self.data, ref, self.month)


# (ref, month, author, text). Texts quote the generated figures, so they hold for any seed.
COMMENTS = [
    ("CR2", "2026-10", "MASH", lambda c: f"Decisions within one working day {c.to} ({c.n} of "
     f"{c.d} contacts), {c.vs(90)} the 90% target. A second senior practitioner now covers "
     "Mondays, when a third of the week's police notifications arrive."),
    ("CR2", "2026-08", "MASH", lambda c: f"{c.n} of {c.d} contacts had a decision within a "
     "working day in a quieter August. Two practitioners joined the screening team."),
    ("CR5", "2026-10", "MASH", lambda c: f"Re-referrals {c.to} ({c.n} of {c.d} referrals). An "
     "audit of thirty re-referred families found most had been closed after a single-agency "
     "plan, so step-down checks with early help are being tightened."),
    ("AS2", "2026-10", "AI", lambda c: f"{c.v} of assessments ({c.n} of {c.d}) were completed "
     f"within 45 working days, against {c.p} in September once late authorisations were "
     f"counted; {c.vs(88)} the 88% target.\n\nActions this month:\n- weekly tracking of every "
     "assessment past day 35\n- two extra social workers in Assessment Team 3 until January"),
    ("AS3", "2026-10", "AI", lambda c: f"{c.v} assessments were open beyond 45 working days at "
     f"the end of October ({c.p} a month earlier). Most are in two teams that carried vacancies "
     "over the summer; managers are agreeing a completion date for each."),
    ("AS3", "2026-09", "AI", lambda c: f"Overdue open assessments {c.to}. The summer backlog is "
     "being shared across all four assessment teams."),
    ("SC5", "2026-10", "SG", lambda c: f"{c.n} of {c.d} initial conferences ({c.v}) were held "
     "within 15 working days of the strategy discussion. A fourth conference chair started in "
     "October and **no conference has been postponed for lack of a chair since mid-month**."),
    ("CN4", "2026-10", "AI", lambda c: f"**Reviews of child in need plans are {c.vs(90)} "
     f"target** at {c.v} ({c.n} of {c.d}). Most overdue reviews are in the disabled children's "
     "service, which lost two team managers in the summer; a tracker now goes out each Monday."),
    ("CP1", "2026-10", "SG", lambda c: f"{c.v} children were on a child protection plan at the "
     f"end of October ({c.p} in September), {c.of('CP2').v} per 10,000 children. Neglect is "
     "still the most common category. Plans over 18 months old are reviewed monthly."),
    ("CP1", "2026-09", "SG", lambda c: f"The number on a plan {c.to}, with {c.of('CP3').v} new "
     "plans in September."),
    ("CP1", "2026-08", "SG", lambda c: f"{c.v} children were on a plan at the end of August. "
     "Fewer conferences were held over the school holidays, as usual."),
    ("CP4", "2026-10", "SG", lambda c: f"Over the last twelve months {c.n} of {c.d} new plans "
     f"({c.v}) were for a child who had been on a plan before, against a range of 14-20%. A "
     "themed audit of repeat plans will report to the December board."),
    ("CP5", "2026-10", "SG", lambda c: f"Visits within 10 working days {c.to} ({c.n} of {c.d} "
     "children).\n\n**Recovery actions:**\n- a daily list of visits due goes to every team "
     "manager\n- visits are recorded within 24 hours and checked in supervision"),
    ("CP5", "2026-09", "SG", lambda c: f"{c.v} of children on a plan were visited within 10 "
     "working days. Sickness in two teams reduced capacity late in the month."),
    ("CP6", "2026-10", "SG", lambda c: f"{c.v} of children on a plan had their review "
     "conferences on time, even with more plans open than a year ago."),
    ("LA1", "2026-10", "CIC", lambda c: f"{c.v} children were looked after at the end of "
     f"October, {c.vs(1450)} the 1,450 planned in the sufficiency strategy. {c.of('LA3').v} "
     f"children came into care and {c.of('LA4').v} left; {c.of('LA10').v} are unaccompanied "
     "asylum-seeking children."),
    ("LA5", "2026-10", "CIC", lambda c: f"Visits in timescale {c.to} ({c.n} of {c.d}); "
     f"September was revised to {c.p} after late recording. Visits to children placed out of "
     "county are now booked at the placement meeting."),
    ("LA7", "2026-10", "CIC", lambda c: f"So far this year {c.ytd_n} of {c.ytd_d} initial "
     f"health assessments ({c.ytd}) were within 20 working days; October alone was {c.v}. Most "
     "delays come from consent forms reaching the health provider late; a joint form starts in "
     "November."),
    ("PL2", "2026-10", "CIC", lambda c: f"Long-term stability {c.to} ({c.n} of {c.d}), "
     f"{c.vs(70)} the 70% target. Stability meetings are now called as soon as a carer raises "
     "concerns."),
    ("PL3", "2026-10", "CIC", lambda c: f"**{c.n} children ({c.v}) live more than 20 miles from "
     "home.** There are too few local foster carers for teenagers; the recruitment campaign "
     "launched in September has had 14 enquiries so far."),
    ("CL1", "2026-10", "LC", lambda c: f"{c.n} of {c.d} care leavers aged 19-21 ({c.v}) are in "
     f"education, employment or training, {c.vs(55)} the 55% target. The council apprenticeship "
     "offer has placed eleven young people this year."),
    ("CL4", "2026-10", "LC", lambda c: f"Only {c.n} of {c.d} care leavers ({c.v}) had their "
     "pathway plan reviewed in the last six months. Personal adviser vacancies are the main "
     "cause; two advisers start in November."),
    ("CL4", "2026-09", "LC", lambda c: f"Pathway plan reviews {c.to}. Personal advisers in the "
     "north team are each supporting more than 25 young people."),
    ("AD1", "2026-10", "ADO", lambda c: f"Children moved in with adopters on average {c.v} days "
     f"after entering care (rolling twelve months; {c.p} last month). Two sibling groups with "
     "long care histories were placed this year, which lengthens the average."),
    ("AD3", "2026-10", "ADO", lambda c: f"{c.ytd_sum} adoption orders have been granted this "
     f"year, {c.v} of them in October. The profile is 22 by the end of September and 33 by the "
     "end of December."),
    ("WF2", "2026-10", "PSW", lambda c: f"Agency workers are {c.v} of social workers (September "
     f"revised to {c.p}). Agency cover <b>ended</b> in October for six posts in the assessment "
     "teams, which are now filled by permanent staff."),
    ("WF3", "2026-10", "PSW", lambda c: f"The average caseload {c.to}, against a target of 17 "
     "or fewer. Caseloads are highest in the assessment teams."),
    ("WF3", "2026-08", "PSW", lambda c: f"The average caseload was {c.v} in August, with summer "
     "leave reducing the number of workers holding cases."),
    ("WF7", "2026-10", "PSW", lambda c: f"{c.n} of {c.d} audits were graded good or better "
     f"({c.v}); {c.ytd} for the year so far, the better guide with such small numbers. "
     "Recurring themes:\n- chronologies not kept up to date\n- plans without timescales"),
]


def write_commentary(path: Path, data: dict[str, list[Row]]) -> Path:
    rows = []
    for ref, month, who, text in COMMENTS:
        try:
            rows.append([ref, month, *AUTHORS[who], text(_Ctx(data, ref, month)), "approved"])
        except (TypeError, ZeroDivisionError):  # a figure the comment quotes does not exist
            continue
    return _write_csv(path, ["ref", "period", "author", "subject", "text", "status"], rows)


# ref, year, SN average, best SN, England, national top-quartile threshold (illustrative figures)
BENCHMARKS = [
    ("CR5", "2024", 21.6, 15.2, 22.4, 18.1), ("CR6", "2024", 512.3, "", 533.9, ""),
    ("AS2", "2024", 84.7, 96.1, 82.9, 91.3), ("SC5", "2024", 79.4, 93.0, 78.5, 87.6),
    ("CN2", "2024", 346.4, "", 332.9, ""), ("CP2", "2024", 40.8, "", 41.6, ""),
    ("CP4", "2024", 22.1, "", 23.6, ""), ("LA2", "2024-25", 58.9, "", 70.0, ""),
    ("LA8", "2024-25", 89.6, 95.2, 89.0, 93.0), ("PL1", "2024-25", 10.4, 7.9, 10.6, 8.8),
    ("PL2", "2024-25", 69.8, 76.5, 69.0, 73.0), ("CL1", "2024-25", 54.6, 63.0, 56.0, 61.0),
    ("CL2", "2024-25", 88.9, 95.4, 88.0, 92.0), ("CL3", "2024-25", 92.0, 98.0, 93.0, 96.0),
    ("AD1", "2024-25", 462.0, 384.0, 480.0, 418.0), ("WF1", "2024", 18.9, 9.6, 17.8, 12.5),
    ("WF2", "2024", 16.1, 6.8, 17.6, 10.5), ("WF3", "2024", 16.2, 13.4, 15.8, 14.1),
]


def write_demo_inputs(out_dir: Path, seed: int = 2026,
                      computed: dict[str, dict[str, Row]] | None = None) -> DemoInputs:
    """Write the demo catalogue and its synthetic input files into ``out_dir``.

    ``computed`` holds the figures of the indicators computed from child-level records (by ref
    and month): those indicators get no hand-entered values, and commentary quotes the computed
    figures instead.
    """
    computed = computed or {}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalogue = out_dir / "catalogue.yaml"
    source = resources.files("kpiboard.demo").joinpath("catalogue.yaml")
    catalogue.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    data = generate(seed)
    revised = revisions(data, seed)
    header = ["ref", "period", "value", "numerator", "denominator", "note"]
    entered = {ref: rows for ref, rows in data.items() if ref not in computed}
    first = _write_csv(out_dir / "values_first.csv", header, first_values(entered))
    second = _write_csv(out_dir / "values_revised.csv", header,
                        revised_values(entered, {k: v for k, v in revised.items() if k[0] not in computed}))
    latest = {ref: list(series) for ref, series in data.items()}  # as known in November 2026
    for (ref, month), row in revised.items():
        latest[ref][MONTHS.index(month)] = row
    for ref, by_month in computed.items():
        latest[ref] = [by_month.get(month, Row(None)) for month in MONTHS]
    commentary = write_commentary(out_dir / "commentary.csv", latest)
    bench_header = ["ref", "year", "sn_average", "best_sn", "england", "top_quartile", "source"]
    bench = _write_csv(out_dir / "benchmarks.csv", bench_header,
                       [[*row, "DfE published statistics (illustrative)"] for row in BENCHMARKS])
    return DemoInputs(catalogue, first, second, commentary, bench, PERIOD)
