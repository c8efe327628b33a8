"""The published-table mapping (mapping.yaml), validated with pydantic: unknown keys are errors.

Each measure says which table it comes from, whether its value is read from a published column
or derived from a numerator and denominator, its polarity, and how the published definition
differs from our monthly measure (docs/benchmarks.md).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kpiboard.measures.spec import library

Unit = Literal["count", "percent", "rate_per_10k", "days", "number"]
Polarity = Literal["higher", "lower", "neutral"]
Filter = dict[str, Union[str, list[str]]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Table(_Strict):
    path: str
    publication: str
    as_at: Literal["march", "september"]

    def year_label(self, year: int) -> str:
        """2024 -> "2023-24" for a year to 31 March; "2024" for the workforce (30 September)."""
        if self.as_at == "march":
            return f"{year - 1}-{year % 100:02d}"
        return str(year)

    def source_label(self, year: int) -> str:
        """E.g. "DfE CIN census 2023-24" or "DfE social work workforce 30 September 2024"."""
        when = self.year_label(year) if self.as_at == "march" else f"30 September {year}"
        return f"{self.publication} {when}"


class Quantity(_Strict):
    """Columns added together, over the rows of a long table that match ``where``."""

    sum: list[str] = Field(min_length=1)
    where: Filter = {}

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, v: object) -> object:
        if isinstance(v, str):
            return {"sum": [v]}
        if isinstance(v, list):
            return {"sum": v}
        return v


class PublishedMeasure(_Strict):
    id: str
    library: bool = True
    table: str
    unit: Unit
    polarity: Polarity
    method: Literal["read", "derived"]
    where: Filter = {}
    published: Quantity | None = None
    numerator: Quantity | None = None
    numerator_complement: Quantity | None = None
    denominator: Quantity | None = None
    quartiles: bool = True  # False where LAIT shows no quartiles for the measure
    # England and region rows of a derived measure: "read" the published figure (their counts
    # are rounded to the nearest 10) or "derived" (where the figure is published only as a
    # whole number, as in the looked-after tables)
    totals: Literal["read", "derived"] = "read"
    differs: str

    @model_validator(mode="after")
    def _method_inputs(self) -> "PublishedMeasure":
        if self.method == "read" and self.published is None:
            raise ValueError(f"measure {self.id}: method read needs 'published' (the column read)")
        if self.method == "derived":
            if self.denominator is None or (self.numerator is None and self.numerator_complement is None):
                raise ValueError(f"measure {self.id}: method derived needs a numerator "
                                 "(or numerator_complement) and a denominator")
            if self.unit not in ("percent", "rate_per_10k", "number"):
                raise ValueError(f"measure {self.id}: a {self.unit} cannot be derived from a ratio")
        return self

    @field_validator("differs")
    @classmethod
    def _said(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("say how the published definition differs (or that it does not)")
        return v.strip()

    @property
    def scale(self) -> float:
        return {"percent": 100.0, "rate_per_10k": 10_000.0}.get(self.unit, 1.0)

    @property
    def ranked(self) -> bool:
        """Best SN, quartiles and rank need a direction: none for neutral measures."""
        return self.polarity != "neutral" and self.quartiles


class Mapping(_Strict):
    tables: dict[str, Table]
    measures: list[PublishedMeasure]

    @model_validator(mode="after")
    def _consistent(self) -> "Mapping":
        seen: set[str] = set()
        lib = library()
        for m in self.measures:
            if m.id in seen:
                raise ValueError(f"measure {m.id} is mapped twice")
            seen.add(m.id)
            if m.table not in self.tables:
                raise ValueError(f"measure {m.id}: unknown table {m.table!r}")
            if m.library:
                try:
                    spec = lib.get(m.id)
                except KeyError:
                    raise ValueError(f"measure {m.id} is not in the measure library "
                                     "(mark it 'library: false' if it is published only)") from None
                if (spec.unit, spec.polarity) != (m.unit, m.polarity):
                    raise ValueError(f"measure {m.id}: unit/polarity {m.unit}/{m.polarity} differ from "
                                     f"the library's {spec.unit}/{spec.polarity}")
            elif m.id in lib.ids:
                raise ValueError(f"measure {m.id} is in the library: drop 'library: false'")
        return self

    def get(self, measure_id: str) -> PublishedMeasure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    @property
    def ids(self) -> list[str]:
        return [m.id for m in self.measures]


def parse_mapping(text: str) -> Mapping:
    return Mapping.model_validate(yaml.safe_load(text))


@cache
def mapping() -> Mapping:
    text = resources.files("kpiboard.benchmarks").joinpath("mapping.yaml").read_text("utf-8")
    return parse_mapping(text)
