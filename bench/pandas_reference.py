"""A plain pandas implementation of the standard measures, for comparison with the engine.

Written the way a performance analyst would write it in a notebook: one function per measure,
boolean masks, groupby and merges over the canonical tables (``Dataset.tables[...].to_pandas()``).
It follows ``/work/shared/spec/indicator-definitions.md`` and the "Readings" table in
``docs/measures.md`` directly and shares no code with ``kpiboard.measures`` except the list of
bank holidays, so that agreement between the two is evidence, not an echo.

    ref = PandasReference(dataset)
    figures = ref.compute(Month(2026, 10))   # {measure_id: {la: (numerator, denominator)}}

Numerator None means "no value" (a snapshot asked about a date before the LA's first extract);
counts have denominator None; rates per 10,000 have the population as denominator.

How extracts combine (docs/measures.md):
- events: every extract, a record seen in several extracts (same LA, child and key date) counted
  once, in the latest extract's version (rows of that extract that differ in any column are
  separate records; identical rows are one);
- snapshots: the latest extract at or before the window's end, per LA; for tables the dataset
  marks as complete histories (``dataset.history``: SSDA903 periods of care, episodes, reviews,
  missing) every record, by its dates (de-duplicated like events, so that the same period of care
  in two returns counts once).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from kpiboard.measures.calendar import bank_holidays
from kpiboard.periods import Month
from kpiboard.records.schema import KEYS, Dataset

HOLIDAYS = np.array(sorted(bank_holidays()), dtype="datetime64[D]")
ONE_DAY = np.timedelta64(1, "D")

# Each measure's default window (the adoption averages A1/A2 default to rolling 12 months).
DEFAULT_WINDOW = {"adoption_a1_days": "rolling_12m", "adoption_a2_days": "rolling_12m"}


# ---- small helpers ------------------------------------------------------------------------------
def window_dates(period: Month, kind: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    end = pd.Timestamp(period.last_day)
    fy_start = pd.Timestamp(period.year if period.month >= 4 else period.year - 1, 4, 1)
    if kind == "month":
        return pd.Timestamp(period.first_day), end
    if kind == "ytd":
        return fy_start, end
    if kind == "rolling_12m":
        return pd.Timestamp((period - 11).first_day), end
    if kind == "financial_year":
        return fy_start, fy_start + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    raise ValueError(kind)


def working_days(start: pd.Series, end) -> pd.Series:
    """Working days after ``start`` up to and including ``end`` (same day = 0), NaN where a date
    is missing. numpy's busday_count counts [begin, end), so both dates move on by one day."""
    end = pd.Series(end, index=start.index) if not isinstance(end, pd.Series) else end
    out = pd.Series(np.nan, index=start.index)
    ok = start.notna() & end.notna()
    if ok.any():
        a = start[ok].values.astype("datetime64[D]") + ONE_DAY
        b = end[ok].values.astype("datetime64[D]") + ONE_DAY
        out[ok] = np.busday_count(a, b, holidays=HOLIDAYS)
    return out


def days_between(start, end) -> pd.Series:
    return (end - start).dt.days


def age_at(dob: pd.Series, when: pd.Timestamp) -> pd.Series:
    """Completed years at ``when``."""
    before_birthday = (dob.dt.month * 100 + dob.dt.day) > (when.month * 100 + when.day)
    return when.year - dob.dt.year - before_birthday.astype(int)


def count_by_la(rows: pd.DataFrame, las: list[str]) -> dict[str, float]:
    counts = rows.groupby("la").size()
    return {la: float(counts.get(la, 0)) for la in las}


def children_by_la(rows: pd.DataFrame, las: list[str]) -> dict[str, float]:
    counts = rows.groupby("la")["child_id"].nunique()
    return {la: float(counts.get(la, 0)) for la in las}


def pct_by_la(rows: pd.DataFrame, hit: pd.Series, las: list[str]) -> dict[str, tuple[float, float]]:
    g = pd.DataFrame({"la": rows["la"], "hit": hit.fillna(False).astype(bool)}).groupby("la")["hit"]
    num, den = g.sum(), g.size()
    return {la: (float(num.get(la, 0)), float(den.get(la, 0))) for la in las}


def pct_children_by_la(rows: pd.DataFrame, hit: pd.Series, las: list[str]) -> dict[str, tuple[float, float]]:
    """Percent of children, not records: a child with two open periods of care counts once, in
    the numerator if any of them qualifies."""
    flags = pd.DataFrame({"la": rows["la"], "child_id": rows["child_id"],
                          "hit": hit.fillna(False).astype(bool)})
    per_child = flags.groupby(["la", "child_id"], as_index=False)["hit"].max()
    return pct_by_la(per_child, per_child["hit"], las)


class PandasReference:
    def __init__(self, data: Dataset) -> None:
        self.history = set(data.history)
        self.frames: dict[str, pd.DataFrame] = {}
        for name, table in data.tables.items():
            df = table.to_pandas(date_as_object=False)
            for col in df.columns:  # date32 -> datetime64; make sure they are all ns for arithmetic
                if str(df[col].dtype).startswith("datetime64"):
                    df[col] = df[col].astype("datetime64[ns]")
            self.frames[name] = df
        self.las = sorted({la for df in self.frames.values() for la in df["la"].dropna().unique()})
        self.population = data.population.to_pandas()
        # De-duplicated events: one version of each record, the latest extract's.
        self.events_cache = {name: self._latest_version(name) for name in self.frames}

    # ---- row sets -------------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        return self.frames.get(name, pd.DataFrame(columns=["la", "child_id", "extract_date"]))

    def _latest_version(self, name: str) -> pd.DataFrame:
        """Across extracts, keep the latest extract's version of a record (same LA, child and key
        date). Within that extract, rows that differ are different records (a missing and an
        absent episode of one child starting the same day are two episodes) and are all kept;
        rows identical in every column are one record keyed in twice and are kept once."""
        keys = ["la", "child_id", *KEYS[name]]
        df = self.frames[name]
        latest = df.groupby(keys, dropna=False)["extract_date"].transform("max")
        return df[df["extract_date"] == latest].drop_duplicates()

    def events(self, name: str) -> pd.DataFrame:
        return self.events_cache.get(name, self.table(name))

    def dated_in(self, name: str, column: str, start, end) -> pd.DataFrame:
        df = self.events(name)
        return df[(df[column] >= start) & (df[column] <= end)]

    def state(self, name: str, end: pd.Timestamp) -> tuple[pd.DataFrame, set[str]]:
        """Rows as they stood at ``end`` and the LAs that have a value (an extract by then)."""
        if name in self.history:
            return self.events(name), set(self.las)
        df = self.table(name)
        upto = df[df["extract_date"] <= end]
        latest = upto.groupby("la")["extract_date"].max().rename("latest").reset_index()
        rows = upto.merge(latest, on="la")
        rows = rows[rows["extract_date"] == rows["latest"]].drop(columns="latest")
        return rows, set(latest["la"])

    def open_at(self, name: str, end: pd.Timestamp) -> tuple[pd.DataFrame, set[str]]:
        rows, covered = self.state(name, end)
        is_open = (rows["start_date"] <= end) & (rows["end_date"].isna() | (rows["end_date"] > end))
        return rows[is_open], covered

    def _blank(self, figures: dict, covered: set[str]) -> dict:
        """No value for LAs without an extract at the window's end."""
        out = {}
        for la, fig in figures.items():
            if la in covered:
                out[la] = fig
            else:
                out[la] = (None, None)
        return out

    def _counts(self, values: dict[str, float]) -> dict:
        return {la: (v, None) for la, v in values.items()}

    def population_for(self, la: str, end: pd.Timestamp) -> float | None:
        p = self.population[(self.population["la"] == la) & (self.population["year"] <= end.year)]
        return float(p.sort_values("year")["population"].iloc[-1]) if len(p) else None

    # ---- the measures ---------------------------------------------------------------------------
    def compute(self, period: Month, kind: str | None = None,
                measures: list[str] | None = None) -> dict[str, dict[str, tuple]]:
        out = {}
        for measure_id in measures or MEASURES:
            start, end = window_dates(period, kind or DEFAULT_WINDOW.get(measure_id, "month"))
            out[measure_id] = getattr(self, measure_id)(start, end)
        return out

    # front door
    def contacts(self, start, end):
        return self._counts(count_by_la(self.dated_in("contacts", "contact_date", start, end), self.las))

    def referrals(self, start, end):
        return self._counts(count_by_la(self.dated_in("referrals", "referral_date", start, end), self.las))

    def contact_conversion_pct(self, start, end):
        refs = self.referrals(start, end)
        cons = self.contacts(start, end)
        return {la: (refs[la][0], cons[la][0]) for la in self.las}

    def rereferrals_12m_pct(self, start, end):
        refs = self.dated_in("referrals", "referral_date", start, end).copy()
        refs["year_before"] = refs["referral_date"] - pd.DateOffset(years=1)  # 29 Feb -> 28 Feb
        history = self.events("referrals")[["la", "child_id", "referral_date"]]
        pairs = refs[["la", "child_id", "referral_date", "year_before"]].merge(
            history.rename(columns={"referral_date": "other_date"}), on=["la", "child_id"])
        earlier = pairs[(pairs["other_date"] < pairs["referral_date"])
                        & (pairs["other_date"] >= pairs["year_before"])]
        had = earlier[["la", "child_id", "referral_date"]].drop_duplicates().assign(had_earlier=True)
        refs = refs.merge(had, on=["la", "child_id", "referral_date"], how="left")
        refs["had_earlier"] = refs["had_earlier"].fillna(False).astype(bool)
        # Where the loaded history does not reach a year back, the list's own count also counts.
        first = history.groupby("la")["referral_date"].min().rename("history_from")
        refs = refs.merge(first, left_on="la", right_index=True, how="left")
        covered = refs["history_from"] <= refs["year_before"]
        hit = refs["had_earlier"] | (~covered & (refs["referrals_12m"].fillna(0) > 1))
        return pct_by_la(refs, hit, self.las)

    def referrals_nfa_pct(self, start, end):
        refs = self.dated_in("referrals", "referral_date", start, end)
        return pct_by_la(refs, refs["nfa"] == True, self.las)  # noqa: E712 (None is not True)

    # assessments
    def assessments_completed(self, start, end):
        return self._counts(count_by_la(self.dated_in("assessments", "authorised_date", start, end), self.las))

    def assessments_45wd_pct(self, start, end):
        done = self.dated_in("assessments", "authorised_date", start, end)
        return pct_by_la(done, working_days(done["start_date"], done["authorised_date"]) <= 45, self.las)

    def assessments_open_over_45wd(self, start, end):
        rows, covered = self.state("assessments", end)
        open_ = rows[(rows["start_date"] <= end)
                     & (rows["authorised_date"].isna() | (rows["authorised_date"] > end))]
        late = open_[working_days(open_["start_date"], end) > 45]
        return self._blank(self._counts(count_by_la(late, self.las)), covered)

    def assessments_child_seen_pct(self, start, end):
        done = self.dated_in("assessments", "authorised_date", start, end)
        return pct_by_la(done, done["child_seen"] == True, self.las)  # noqa: E712

    # section 47
    def s47_started(self, start, end):
        return self._counts(count_by_la(self.dated_in("s47", "strategy_date", start, end), self.las))

    def icpc_15wd_pct(self, start, end):
        held = self.dated_in("s47", "icpc_date", start, end)
        return pct_by_la(held, working_days(held["strategy_date"], held["icpc_date"]) <= 15, self.las)

    def s47_to_icpc_pct(self, start, end):
        s47 = self.dated_in("s47", "strategy_date", start, end)
        return pct_by_la(s47, s47["icpc_date"].notna(), self.las)

    # children in need and child protection
    def cin_open(self, start, end):
        rows, covered = self.open_at("cin", end)
        return self._blank(self._counts(count_by_la(rows, self.las)), covered)

    def cin_rate_per_10k(self, start, end):
        cin, covered = self.open_at("cin", end)
        cp, _ = self.open_at("cp_plans", end)
        both = pd.concat([cin[["la", "child_id"]], cp[["la", "child_id"]]])
        return self._blank(self._rates(children_by_la(both, self.las), end), covered)

    def _rates(self, counts: dict[str, float], end) -> dict:
        return {la: (n, self.population_for(la, end)) for la, n in counts.items()}

    def cpp_open(self, start, end):
        rows, covered = self.open_at("cp_plans", end)
        return self._blank(self._counts(children_by_la(rows, self.las)), covered)

    def cpp_rate_per_10k(self, start, end):
        rows, covered = self.open_at("cp_plans", end)
        return self._blank(self._rates(children_by_la(rows, self.las), end), covered)

    def cpp_started(self, start, end):
        return self._counts(count_by_la(self.dated_in("cp_plans", "start_date", start, end), self.las))

    def cpp_second_subsequent_pct(self, start, end):
        plans = self.dated_in("cp_plans", "start_date", start, end)
        history = self.events("cp_plans")[["la", "child_id", "start_date"]]
        pairs = plans[["la", "child_id", "start_date"]].merge(
            history.rename(columns={"start_date": "other_start"}), on=["la", "child_id"])
        earlier = pairs[pairs["other_start"] < pairs["start_date"]]
        had = earlier[["la", "child_id", "start_date"]].drop_duplicates().assign(had_earlier=True)
        plans = plans.merge(had, on=["la", "child_id", "start_date"], how="left")
        hit = plans["had_earlier"].fillna(False).astype(bool) | (plans["previous_plans"].fillna(0) > 0)
        return pct_by_la(plans, hit, self.las)

    def cpp_open_2y_plus_pct(self, start, end):
        rows, covered = self.open_at("cp_plans", end)
        return self._blank(pct_by_la(rows, days_between(rows["start_date"], end) > 729, self.las), covered)

    def cpp_ended_2y_plus_pct(self, start, end):
        ended = self.dated_in("cp_plans", "end_date", start, end)
        return pct_by_la(ended, days_between(ended["start_date"], ended["end_date"]) > 729, self.las)

    def cpp_visited_pct(self, start, end, days: int = 28):
        rows, covered = self.open_at("cp_plans", end)
        rows = rows[days_between(rows["start_date"], end) > 7]
        visit = rows["last_visit_date"]
        hit = (visit <= end) & (days_between(visit, end) <= days)
        return self._blank(pct_by_la(rows, hit, self.las), covered)

    def cpp_reviewed_on_time_pct(self, start, end):
        rows, covered = self.open_at("cp_plans", end)
        hit = ((rows["start_date"] > end - pd.DateOffset(months=3))
               | (rows["last_review_date"] > end - pd.DateOffset(months=6)))
        return self._blank(pct_by_la(rows, hit, self.las), covered)

    # children looked after
    def cla_number(self, start, end):
        rows, covered = self.open_at("cla", end)
        return self._blank(self._counts(children_by_la(rows, self.las)), covered)

    def cla_rate_per_10k(self, start, end):
        rows, covered = self.open_at("cla", end)
        return self._blank(self._rates(children_by_la(rows, self.las), end), covered)

    def cla_started(self, start, end):
        return self._counts(count_by_la(self.dated_in("cla", "start_date", start, end), self.las))

    def cla_ceased(self, start, end):
        return self._counts(count_by_la(self.dated_in("cla", "end_date", start, end), self.las))

    def cla_visited_pct(self, start, end, days: int = 42):
        rows, covered = self.open_at("cla", end)
        visit = rows["last_visit_date"]
        hit = (visit <= end) & (days_between(visit, end) <= days)
        return self._blank(pct_children_by_la(rows, hit, self.las), covered)

    def cla_reviewed_on_time_pct(self, start, end):
        rows, covered = self.open_at("cla", end)
        if "cla_reviews" in self.history:  # the SSDA903 review history: latest review by then
            reviews = self.events("cla_reviews")
            reviews = reviews[reviews["review_date"] <= end]
            latest = reviews.groupby(["la", "child_id"])["review_date"].max().rename("latest_review")
            rows = rows.merge(latest, left_on=["la", "child_id"], right_index=True, how="left")
        else:
            rows = rows.assign(latest_review=rows["last_review_date"])
        hit = ((rows["latest_review"] > end - pd.DateOffset(months=6))
               | (working_days(rows["start_date"], end) <= 20))
        return self._blank(pct_children_by_la(rows, hit, self.las), covered)

    def _checked_12_months(self, start, end, column):
        rows, covered = self.open_at("cla", end)
        year_ago = end - pd.DateOffset(months=12)
        rows = rows[rows["start_date"] <= year_ago]
        hit = (rows[column] > year_ago) & (rows[column] <= end)
        return self._blank(pct_children_by_la(rows, hit, self.las), covered)

    def cla_health_assessment_pct(self, start, end):
        return self._checked_12_months(start, end, "health_assessment_date")

    def cla_dental_check_pct(self, start, end):
        return self._checked_12_months(start, end, "dental_check_date")

    def cla_3plus_placements_pct(self, start, end):
        rows, covered = self.open_at("cla", end)
        rows = rows[~rows["legal_status"].isin(["V3", "V4"])]
        if "cla_episodes" not in self.history:
            return self._blank(pct_children_by_la(rows, rows["placements_12m"] >= 3, self.las), covered)
        # Placements from SSDA903 episodes: L/T/U continue a placement; S/P/B, or a gap, start one.
        ep = self.events("cla_episodes")
        ep = ep[~ep["legal_status"].isin(["V3", "V4"])].sort_values(["la", "child_id", "start_date"])
        previous_end = ep.groupby(["la", "child_id"])["end_date"].shift()
        new = ep["rne"].isin(["S", "P", "B"]) | previous_end.isna() | (previous_end != ep["start_date"])
        ep = ep.assign(placement=new.astype(int).groupby([ep["la"], ep["child_id"]]).cumsum())
        year_ago = end - pd.DateOffset(months=12)
        overlapping = ep[(ep["start_date"] <= end) & (ep["end_date"].isna() | (ep["end_date"] > year_ago))]
        placements = overlapping.groupby(["la", "child_id"])["placement"].nunique().rename("placements")
        rows = rows.merge(placements, left_on=["la", "child_id"], right_index=True, how="left")
        return self._blank(pct_children_by_la(rows, rows["placements"].fillna(0) >= 3, self.las), covered)

    def cla_long_term_stability_pct(self, start, end):
        rows, covered = self.open_at("cla", end)
        rows = rows[(age_at(rows["dob"], end) < 16) & (days_between(rows["start_date"], end) >= 913)]
        hit = days_between(rows["placement_start"], end) >= 730
        return self._blank(pct_children_by_la(rows, hit, self.las), covered)

    def cla_missing_episodes(self, start, end):
        ep = self.dated_in("missing", "start_date", start, end)
        ep = ep[ep["kind"].isna() | (ep["kind"] == "M")]
        return self._counts(count_by_la(ep, self.las))

    def caseload_avg(self, start, end):
        cin, cin_covered = self.open_at("cin", end)
        cp, cp_covered = self.open_at("cp_plans", end)
        cla, _ = self.open_at("cla", end)
        covered = cin_covered & cp_covered  # without the CIN and CP lists it is not a caseload
        allocated = pd.concat([t[["la", "worker", "child_id"]] for t in (cin, cp, cla)])
        allocated = allocated[allocated["worker"].notna() & (allocated["worker"].str.strip() != "")]
        pairs = allocated.drop_duplicates()
        num = pairs.groupby("la").size()
        den = pairs.groupby("la")["worker"].nunique()
        figures = {la: (float(num.get(la, 0)), float(den.get(la, 0))) for la in self.las}
        return self._blank(figures, covered)

    # care leavers
    def _leavers_17_21(self, end):
        rows, covered = self.state("care_leavers", end)
        age = age_at(rows["dob"], end)
        return rows[(age >= 17) & (age <= 21)], covered

    def care_leavers_eet_pct(self, start, end):
        rows, covered = self._leavers_17_21(end)
        eet = rows["activity"].fillna("").str.upper().str.match(r"^[FP]")  # Readings: F or P codes
        return self._blank(pct_by_la(rows, eet, self.las), covered)

    def care_leavers_suitable_accommodation_pct(self, start, end):
        rows, covered = self._leavers_17_21(end)
        return self._blank(pct_by_la(rows, rows["accommodation_suitable"] == True, self.las), covered)  # noqa: E712

    def care_leavers_in_touch_pct(self, start, end):
        rows, covered = self.state("care_leavers", end)
        return self._blank(pct_by_la(rows, rows["in_touch"] == True, self.las), covered)  # noqa: E712

    def care_leavers_pathway_plan_pct(self, start, end):
        rows, covered = self.state("care_leavers", end)
        review = rows["pathway_review_date"]
        hit = (review > end - pd.DateOffset(months=6)) & (review <= end)
        return self._blank(pct_by_la(rows, hit, self.las), covered)

    # adoption
    def _mean_days(self, rows, days) -> dict:
        rows = rows.assign(days=days)[days.notna()]
        g = rows.groupby("la")["days"]
        total, n = g.sum(), g.size()
        return {la: (float(total.get(la, 0)), float(n.get(la, 0))) for la in self.las}

    def adoption_a1_days(self, start, end):
        placed = self.dated_in("adoption", "placed_date", start, end)
        return self._mean_days(placed, days_between(placed["entered_care_date"], placed["placed_date"]))

    def adoption_a2_days(self, start, end):
        matched = self.dated_in("adoption", "matched_date", start, end)
        matched = matched[matched["placement_order_date"].notna()]
        days = days_between(matched["placement_order_date"], matched["matched_date"]).clip(lower=0)
        return self._mean_days(matched, days)

    def adoptions(self, start, end):
        return self._counts(count_by_la(self.dated_in("adoption", "adoption_order_date", start, end), self.las))


MEASURES = [
    "contacts", "referrals", "contact_conversion_pct", "rereferrals_12m_pct", "referrals_nfa_pct",
    "assessments_completed", "assessments_45wd_pct", "assessments_open_over_45wd",
    "assessments_child_seen_pct", "s47_started", "icpc_15wd_pct", "s47_to_icpc_pct",
    "cin_open", "cin_rate_per_10k", "cpp_open", "cpp_rate_per_10k", "cpp_started",
    "cpp_second_subsequent_pct", "cpp_open_2y_plus_pct", "cpp_ended_2y_plus_pct", "cpp_visited_pct",
    "cpp_reviewed_on_time_pct", "cla_number", "cla_rate_per_10k", "cla_started", "cla_ceased",
    "cla_visited_pct", "cla_reviewed_on_time_pct", "cla_health_assessment_pct",
    "cla_dental_check_pct", "cla_3plus_placements_pct", "cla_long_term_stability_pct",
    "cla_missing_episodes", "caseload_avg", "care_leavers_eet_pct",
    "care_leavers_suitable_accommodation_pct", "care_leavers_in_touch_pct",
    "care_leavers_pathway_plan_pct", "adoption_a1_days", "adoption_a2_days", "adoptions"]


if __name__ == "__main__":  # a quick look: python bench/pandas_reference.py
    import time

    from kpiboard.synth import simulate

    data = simulate(children=5000)
    t0 = time.perf_counter()
    ref = PandasReference(data)
    t1 = time.perf_counter()
    figures = ref.compute(Month(2026, 10))
    t2 = time.perf_counter()
    for measure_id, by_la in figures.items():
        print(f"{measure_id:42s} {by_la}")
    print(f"convert {t1 - t0:.2f} s, compute {t2 - t1:.2f} s")
