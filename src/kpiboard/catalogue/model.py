"""Pydantic models of the catalogue YAML (see docs/catalogue.md).

Unknown keys are errors everywhere: a misspelt ``tolerence`` must not silently do nothing.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import (BaseModel, ConfigDict, Field, field_validator, model_validator)

from kpiboard.periods import FinancialYear, Month, parse_month_label

Polarity = Literal["higher", "lower", "neutral"]
Unit = Literal["count", "percent", "rate_per_10k", "days", "number"]
Aggregation = Literal["sum", "ratio", "mean", "latest"]
Basis = Literal["month", "ytd"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Within(_Strict):
    """Closeness to a level: ``of`` (default: the period's target) plus or minus ``by``."""

    of: float | None = None
    by: float | None = Field(default=None, ge=0)
    by_pct: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_distance(self) -> "Within":
        if (self.by is None) == (self.by_pct is None):
            raise ValueError("give exactly one of 'by' (units) or 'by_pct' (% of the level)")
        return self


class Condition(_Strict):
    """One threshold as people write them; exactly one key is set.

    ``at_least``/``at_most`` include the limit, ``above``/``below`` exclude it,
    ``between`` includes both ends.
    """

    at_least: float | None = None
    at_most: float | None = None
    above: float | None = None
    below: float | None = None
    between: tuple[float, float] | None = None
    within: Within | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "Condition":
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a band needs exactly one of at_least, at_most, above, below, "
                             f"between, within (got {', '.join(given) or 'none'})")
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError(f"between [{self.between[0]}, {self.between[1]}]: low end above high end")
        return self


# A band is one condition or a list of them (a union, e.g. amber either side of a green range).
Band = Union[Condition, list[Condition]]


class Rag(_Strict):
    basis: Basis = "month"
    green: Band | None = None
    amber: Band | None = None
    red: Band | None = None
    note: str | None = None  # e.g. "range to be set": shown instead of a RAG

    @model_validator(mode="after")
    def _some_band(self) -> "Rag":
        if self.green is None and self.amber is None and self.red is None and not self.note:
            raise ValueError("give green (and amber) bands, or a note such as 'range to be set'")
        if self.note is None and self.green is None:
            raise ValueError("a green band is needed to judge RAG (or give only a note)")
        return self

    @property
    def has_bands(self) -> bool:
        return self.green is not None


_QUARTER = re.compile(r"Q([1-4])", re.I)


def _profile_key(key: str) -> str:
    """Normalise a target profile key: ``Q1``..``Q4`` or a month (``2017-06``, ``Jun-17``)."""
    key = str(key).strip()
    if _QUARTER.fullmatch(key):
        return key.upper()
    month = parse_month_label(key)
    if month is None:
        raise ValueError(f"target profile key '{key}' is neither Q1-Q4 nor a month like 2017-06")
    return str(month)


TargetProfile = dict[str, float]
TargetSpec = Union[float, dict[str, Union[float, TargetProfile]]]


class Source(_Strict):
    """Figures computed from child-level records by a library measure (docs/measures.md)."""

    measure: str
    params: dict[str, float] = {}
    window: Literal["month", "ytd", "rolling_12m", "financial_year"] | None = None

    @model_validator(mode="after")
    def _known_measure(self) -> "Source":
        from kpiboard.measures.spec import library  # the library is data; load it only if used

        try:
            spec = library().get(self.measure)
        except KeyError:
            raise ValueError(f"unknown measure '{self.measure}' (see docs/measures.md)") from None
        unknown = set(self.params) - set(spec.params)
        if unknown:
            raise ValueError(f"measure '{self.measure}' has no parameter {', '.join(sorted(unknown))}"
                             + (f"; it takes {', '.join(spec.params)}" if spec.params else ""))
        return self


class LocalAuthority(_Strict):
    code: str | None = None  # 3-digit old LA code, used for published benchmarks
    name: str


class ReportMeta(_Strict):
    title: str = "Children's services performance report"
    service: str = "Children's Services"
    author: str | None = None
    status: str | None = None  # e.g. "Issue 1 - final"
    data_caution: str | None = None


class Indicator(_Strict):
    ref: str
    title: str
    section: str
    polarity: Polarity
    unit: Unit
    aggregation: Aggregation
    target: TargetSpec | None = None
    target_basis: Basis = "month"  # "ytd" for cumulative targets (182, 365, 547, 730)
    rag: Rag | None = None
    tolerance: float | None = Field(default=None, ge=0)  # % of target
    owner: str | None = None
    definition: str | None = None
    data_note: str | None = None
    decimals: int | None = Field(default=None, ge=0, le=4)
    plan_id: str | None = None
    baseline: str | None = None  # YYYY-MM: change is also shown against this period
    commentary_required: Literal["off_target", "always", "never"] = "off_target"
    source: Source | None = None  # computed from child-level records instead of entered

    @field_validator("source")
    @classmethod
    def _source_unit(cls, v: Source | None, info) -> Source | None:
        unit = info.data.get("unit")
        if v is not None and unit is not None:
            from kpiboard.measures.spec import library

            gives = library().get(v.measure).unit
            if gives != unit:
                raise ValueError(f"measure '{v.measure}' gives {gives}, but the indicator's unit "
                                 f"is {unit}")
        return v

    @field_validator("ref", mode="before")
    @classmethod
    def _ref_text(cls, v: object) -> object:
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            raise ValueError(f"write the ref in quotes (\"{v}\"): YAML reads it as the number {v}, "
                             "so a ref like 5.10 would become 5.1")
        return v

    @field_validator("ref", "title", "section")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()

    @field_validator("baseline")
    @classmethod
    def _baseline_month(cls, v: str | None) -> str | None:
        return None if v is None else str(Month.parse(v))

    @field_validator("target", mode="before")
    @classmethod
    def _target_shape(cls, v: object) -> object:
        if v is None or isinstance(v, (int, float)) and not isinstance(v, bool):
            return v
        if not isinstance(v, dict):
            raise ValueError("target is a number, or a mapping of financial year (\"2017-18\") "
                             "to a number or to a profile {Q1: .., Q2: ..} / {\"2017-06\": ..}")
        out: dict[str, object] = {}
        for year, spec in v.items():
            fy = str(FinancialYear.parse(str(year)))
            if isinstance(spec, dict):
                profile = {}
                for key, number in spec.items():
                    k = _profile_key(key)
                    if not k.startswith("Q") and Month.parse(k).financial_year != FinancialYear.parse(fy):
                        raise ValueError(f"profile month {k} is not in financial year {fy}")
                    profile[k] = number
                out[fy] = profile
            else:
                out[fy] = spec
        return out

    @property
    def decimal_places(self) -> int:
        if self.decimals is not None:
            return self.decimals
        return {"count": 0, "percent": 1, "rate_per_10k": 1, "days": 0, "number": 1}[self.unit]

    @property
    def scale(self) -> float:
        """What numerator / denominator is multiplied by to give the value."""
        return {"percent": 100.0, "rate_per_10k": 10_000.0}.get(self.unit, 1.0)


class Catalogue(_Strict):
    title: str | None = None
    la: LocalAuthority | None = None
    report: ReportMeta = ReportMeta()
    sections: list[str] | None = None  # display order; default is order of first appearance
    indicators: Annotated[list[Indicator], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_refs(self) -> "Catalogue":
        seen: set[str] = set()
        for ind in self.indicators:
            if ind.ref in seen:
                raise ValueError(f"indicator '{ind.ref}' appears twice (refs must be unique)")
            seen.add(ind.ref)
        if self.sections is not None:
            missing = sorted({i.section for i in self.indicators} - set(self.sections))
            if missing:
                raise ValueError(f"sections list does not name: {', '.join(missing)}")
        return self

    def indicator(self, ref: str) -> Indicator:
        for ind in self.indicators:
            if ind.ref == ref:
                return ind
        raise KeyError(ref)

    @property
    def refs(self) -> list[str]:
        return [i.ref for i in self.indicators]

    @property
    def section_order(self) -> list[str]:
        if self.sections is not None:
            return list(self.sections)
        order: list[str] = []
        for ind in self.indicators:
            if ind.section not in order:
                order.append(ind.section)
        return order
