"""The measure library's declarative specs (library.yaml), validated with pydantic."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kpiboard.records.schema import TABLES

Rows = Literal["event", "ended", "open_at_end", "snapshot"]
Window = Literal["month", "ytd", "rolling_12m", "financial_year"]
WINDOWS: tuple[str, ...] = ("month", "ytd", "rolling_12m", "financial_year")
ENGINES: tuple[str, ...] = ("duckdb", "postgres", "spark")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatioOf(_Strict):
    numerator: str
    denominator: str


class MeanDays(_Strict):
    """Mean of calendar days between two dates; ``floor`` caps negatives (a match before the
    placement order counts as 0)."""

    from_: str = Field(alias="from")
    to: str
    floor: int | None = None


class MeasureSpec(_Strict):
    id: str
    title: str
    unit: Literal["count", "percent", "rate_per_10k", "days", "number"]
    polarity: Literal["higher", "lower", "neutral"]
    table: str | None = None
    rows: Rows | None = None
    date: str | None = None
    start: str = "start_date"
    end: str = "end_date"
    where: list[dict] = []
    numerator: list[dict] | None = None
    count: Literal["rows", "children"] = "rows"
    params: dict[str, float] = {}
    ratio_of: RatioOf | None = None
    mean_days: MeanDays | None = None
    builder: str | None = None
    uses: list[str] = []  # other tables a builder reads (a snapshot has a value if any has data)
    default_window: Window = "month"

    @property
    def has_exceptions(self) -> bool:
        """Its failures are children (an exception list can name them): a percentage or a count
        with a preferred direction. Averages (caseload, days) and rates per 10,000 have none."""
        return (self.unit in ("percent", "count") and self.polarity != "neutral"
                and self.ratio_of is None and self.mean_days is None)

    @model_validator(mode="after")
    def _consistent(self) -> "MeasureSpec":
        if self.ratio_of is None:
            if self.table not in TABLES:
                raise ValueError(f"measure {self.id}: unknown table {self.table!r}")
            if self.rows is None:
                raise ValueError(f"measure {self.id}: 'rows' is required")
            if self.rows == "event" and self.date is None:
                raise ValueError(f"measure {self.id}: event rows need a 'date' column")
        return self

    @property
    def scale(self) -> float:
        return {"percent": 100.0, "rate_per_10k": 10_000.0}.get(self.unit, 1.0)


class Library(_Strict):
    measures: list[MeasureSpec]

    def get(self, measure_id: str) -> MeasureSpec:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    @property
    def ids(self) -> list[str]:
        return [m.id for m in self.measures]


@cache
def library() -> Library:
    text = resources.files("kpiboard.measures").joinpath("library.yaml").read_text("utf-8")
    return Library.model_validate(yaml.safe_load(text))
