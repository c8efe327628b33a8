"""Figures for "performance on a page", computed from child-level records when they are loaded
(aggregates only: counts, numerators and denominators per group, never child rows), so reports
and the web app read them from the store instead of recomputing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from kpiboard.measures.engine import Engine
from kpiboard.measures.spec import library
from kpiboard.periods import Month


@dataclass(frozen=True)
class PageFigure:
    measure: str
    period: Month
    window: str          # month | ytd
    dimension: str       # "" for the whole LA
    group: str           # "" for the whole LA
    numerator: float | None
    denominator: float | None
    value: float | None


@cache
def page_specs() -> list[dict]:
    text = resources.files("kpiboard.measures").joinpath("pages.yaml").read_text("utf-8")
    specs = yaml.safe_load(text)["pages"]
    ids = set(library().ids)
    for page in specs:  # a spec naming an unknown measure is a bug in pages.yaml
        unknown = [m for m in page["measures"] if m not in ids]
        assert not unknown, f"pages.yaml: unknown measures {unknown}"
    return specs


def page_figures(engine: Engine, period: Month, la: str | None = None) -> list[PageFigure]:
    la = la or (engine.las[0] if engine.las else None)
    ids = list(dict.fromkeys(m for page in page_specs() for m in page["measures"]))
    out = [_figure(r, "", "") for r in
           engine.compute_many(ids, period.months_back(3), ["month"]) +
           engine.compute_many(ids, [period], ["ytd"]) if r.la == la]
    for page in page_specs():
        b = page.get("breakdown")
        if not b:
            continue
        for dim in b["by"]:
            for kind in ("ytd", "month"):
                out += [_figure(r, dim, r.group or "Not recorded")
                        for r in engine.compute([b["measure"]], period, kind, by=dim) if r.la == la]
    return out


def _figure(r, dimension: str, group: str) -> PageFigure:
    return PageFigure(r.measure, r.period, r.window, dimension, group, r.numerator, r.denominator,
                      r.value)
