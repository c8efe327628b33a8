"""Build a report from the store: read, judge, model, render, write. The only place that joins
the stages, so each stage stays ignorant of the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rich.progress import Progress

from kpiboard.model.assess import Series, assess
from kpiboard.model.monthly import MonthlyReport, Source, build_monthly
from kpiboard.model.rows import series_by_ref
from kpiboard.periods import Month
from kpiboard.errors import KpiboardError
from kpiboard.store import Store


def monthly_model(store: Store, period: Month, today: dt.date | None = None) -> MonthlyReport:
    catalogue = store.catalogue()
    current = store.current_figures()
    figures = [v.figure for versions in current.values() for v in versions]
    sources = {(v.figure.ref, v.figure.period): f"load {v.load_id}: {v.source}"
               for versions in current.values() for v in versions}
    series = series_by_ref(figures)
    assessments = [assess(ind, series.get(ind.ref, Series({}, {})), period)
                   for ind in catalogue.indicators]
    since = store.last_report_load("monthly", period)
    if since is None:  # no earlier report: show what the latest values load changed
        values_loads = [r.id for r in store.loads() if r.kind == "values"]
        since = values_loads[-2] if len(values_loads) > 1 else None
    revised = store.revised_since(since) if since is not None else set()
    load_sources = tuple(Source(r.id, r.kind, r.source, r.sha256, r.loaded_at, r.as_at)
                         for r in store.loads())
    return build_monthly(
        catalogue, assessments, {ref: dict(s.months) for ref, s in series.items()},
        revised=revised, sources=sources, benchmarks=store.benchmarks(),
        comments=store.commentary(), load_sources=load_sources, created=today or dt.date.today(),
        neighbours=store.neighbours())


FORMATS = ("html", "pdf", "xlsx")
KINDS = ("monthly", "plan", "scorecard", "appendix", "pages")
STEMS = {"monthly": "monthly-report", "plan": "plan-tracker", "scorecard": "scorecard-by-owner",
         "appendix": "improvement-kpi-appendix", "pages": "performance-on-a-page"}


@dataclass(frozen=True)
class Rendered:
    """One report kind's model and how to draw it in each format."""

    model: object
    html: Callable[[], str]
    xlsx: Callable[[], bytes]


def build_report(db: str | None, kind: str, period: Month, out_dir: Path, *,
                 formats: tuple[str, ...] = ("html",), publish: bool = False,
                 progress: bool = False, record: bool = True) -> list[Path]:
    """Write one report kind in each format; returns the files written, in format order.
    ``publish`` writes the version for a website instead (kpiboard.publish), named
    ``<kind>-YYYY-MM-published.*``."""
    with Store(db, create=False) as store:
        stem = out_dir / f"{STEMS[kind]}-{period}{'-published' if publish else ''}"
        with Progress(transient=True, disable=not progress) as bar:
            bar.add_task(f"Building the {kind} report", total=None)
            rendered = _model(store, kind, period, publish)
            out_dir.mkdir(parents=True, exist_ok=True)
            written = []
            html = rendered.html() if {"html", "pdf"} & set(formats) else None
            if "html" in formats:
                written.append(stem.with_suffix(".html"))
                written[-1].write_text(html, encoding="utf-8")
            if "pdf" in formats:
                from kpiboard.render.pdf import html_to_pdf

                bar.add_task("Typesetting the PDF", total=None)
                written.append(stem.with_suffix(".pdf"))
                written[-1].write_bytes(html_to_pdf(html))
            if "xlsx" in formats:
                written.append(stem.with_suffix(".xlsx"))
                written[-1].write_bytes(rendered.xlsx())
        if record and kind == "monthly" and not publish:
            store.record_report("monthly", period)
        return written


def build_monthly_report(db: str | None, period: Month, out_dir: Path, *, progress: bool = False,
                         record: bool = True, formats: tuple[str, ...] = ("html",),
                         publish: bool = False) -> list[Path]:
    return build_report(db, "monthly", period, out_dir, formats=formats, publish=publish,
                        progress=progress, record=record)


def _published_monthly(store: Store, period: Month, publish: bool) -> MonthlyReport:
    model = monthly_model(store, period)
    if publish:
        from kpiboard.publish.suppress import suppress

        model = suppress(model)
    return model


def _model(store: Store, kind: str, period: Month, publish: bool) -> Rendered:
    if kind == "pages":
        return _pages(store, period, publish)
    monthly = _published_monthly(store, period, publish)
    publication = getattr(monthly, "publication", None)
    owing = tuple(p.indicator.ref for p in monthly.missing_commentary)
    if kind == "monthly":
        from kpiboard.render.html import render_monthly
        from kpiboard.render.xlsx import render_xlsx

        return Rendered(monthly, lambda: render_monthly(monthly), lambda: render_xlsx(monthly))
    if kind == "plan":
        from kpiboard.model.plan import build_plan
        from kpiboard.render.html import render_plan

        plan = build_plan("Improvement plan tracker", monthly.la_name,
                          [p.assessment for p in monthly.pages], monthly.created)
        mine = {r.indicator.ref for r in plan.rows}
        plan = replace(plan, publication=publication,
                       missing_commentary=tuple(r for r in owing if r in mine))
        return Rendered(plan, lambda: render_plan(plan), lambda: _xlsx_kinds().render_plan_xlsx(plan))
    if kind == "scorecard":
        from kpiboard.model.scorecard import build_scorecard
        from kpiboard.render.html import render_scorecard

        card = replace(build_scorecard(monthly), publication=publication)
        return Rendered(card, lambda: render_scorecard(card), lambda: _xlsx_kinds().render_scorecard_xlsx(card))
    if kind == "appendix":
        from kpiboard.model.appendix import build_appendix
        from kpiboard.render.appendix import render_appendix

        appendix = replace(build_appendix(monthly), publication=publication,
                           missing_commentary=owing)
        return Rendered(appendix, lambda: render_appendix(appendix),
                        lambda: _xlsx_kinds().render_appendix_xlsx(appendix))
    raise KpiboardError(f"unknown report kind '{kind}'; choose from {', '.join(KINDS)}")


def _pages(store: Store, period: Month, publish: bool) -> Rendered:
    """Performance on a page, from the aggregates stored when child-level records were loaded."""
    from kpiboard.model.pages import build_pages
    from kpiboard.render.html import render_pages

    catalogue = store.catalogue()
    figures = store.page_figures(period)
    if not figures:
        raise NoChildLevelData(
            f"no child-level records loaded for {period}: load Annex A, SSDA903 or CIN census "
            "files with 'kpiboard load --annex-a ...' first")
    publication = None
    if publish:
        from kpiboard.publish.pages import suppress_page_figures

        figures, publication = suppress_page_figures(figures, period)
    model = replace(build_pages(figures, period, catalogue.la.name if catalogue.la else None,
                                dt.date.today()), publication=publication)
    return Rendered(model, lambda: render_pages(model), lambda: _xlsx_kinds().render_pages_xlsx(model))


def _xlsx_kinds():
    from kpiboard.render import xlsx_kinds  # XlsxWriter only when a workbook is asked for

    return xlsx_kinds


class NoChildLevelData(KpiboardError):
    """The pages report needs child-level records; ``--kind all`` skips it without them."""


def build_all(db: str | None, period: Month, out_dir: Path, *,
              formats: tuple[str, ...] = ("html",), publish: bool = False,
              progress: bool = False) -> tuple[list[Path], list[str]]:
    """Every report kind; returns the files written and why any kind was skipped."""
    written, skipped = [], []
    for kind in KINDS:
        try:
            written += build_report(db, kind, period, out_dir, formats=formats, publish=publish,
                                    progress=progress)
        except NoChildLevelData as exc:
            skipped.append(f"{kind}: {exc}")
    return written, skipped
