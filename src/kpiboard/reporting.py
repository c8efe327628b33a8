"""Build a report from the store: read, judge, model, render, write. The only place that joins
the stages, so each stage stays ignorant of the others."""

from __future__ import annotations

import datetime as dt
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
        comments=store.commentary(), load_sources=load_sources, created=today or dt.date.today())


FORMATS = ("html", "pdf", "xlsx")


def build_monthly_report(db: str | None, period: Month, out_dir: Path, *, progress: bool = False,
                         record: bool = True, formats: tuple[str, ...] = ("html",),
                         publish: bool = False) -> list[Path]:
    """Write the monthly report in each format; returns the files written (HTML first).
    ``publish`` writes the version for a website instead (kpiboard.publish), named
    ``monthly-report-YYYY-MM-published.*``."""
    from kpiboard.render.html import render_monthly

    store = Store(db, create=False)
    model = monthly_model(store, period)
    if publish:
        from kpiboard.publish.suppress import suppress

        model = suppress(model)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"monthly-report-{period}{'-published' if publish else ''}"
    with Progress(transient=True, disable=not progress) as bar:
        task = bar.add_task("Drawing charts", total=len(model.pages))
        html = render_monthly(model, on_chart=lambda: bar.advance(task))
        written = []
        if "html" in formats:
            written.append(stem.with_suffix(".html"))
            written[-1].write_text(html, encoding="utf-8")
        if "pdf" in formats:
            from kpiboard.render.pdf import html_to_pdf

            bar.add_task("Typesetting the PDF", total=None)
            written.append(stem.with_suffix(".pdf"))
            written[-1].write_bytes(html_to_pdf(html))
        if "xlsx" in formats:
            from kpiboard.render.xlsx import render_xlsx

            written.append(stem.with_suffix(".xlsx"))
            written[-1].write_bytes(render_xlsx(model))
    if record:
        store.record_report("monthly", period)
    return written


KINDS = ("monthly", "plan", "scorecard", "appendix", "pages")


def _write_html_pdf(html: str, stem: Path, formats: tuple[str, ...], kind: str) -> list[Path]:
    """Report kinds other than the monthly one are written as HTML and PDF."""
    if "xlsx" in formats:
        raise KpiboardError(f"the {kind} is written as html or pdf (xlsx is for the monthly report)")
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    if "html" in formats:
        written.append(stem.with_suffix(".html"))
        written[-1].write_text(html, encoding="utf-8")
    if "pdf" in formats:
        from kpiboard.render.pdf import html_to_pdf

        written.append(stem.with_suffix(".pdf"))
        written[-1].write_bytes(html_to_pdf(html))
    return written


def build_plan_report(db: str | None, period: Month, out_dir: Path, *,
                      formats: tuple[str, ...] = ("html",)) -> list[Path]:
    """The improvement-plan tracker: indicators with a plan id, from the same judgements."""
    from kpiboard.model.plan import build_plan
    from kpiboard.render.html import render_plan

    model = monthly_model(Store(db, create=False), period)
    plan = build_plan("Improvement plan tracker", model.la_name,
                      [p.assessment for p in model.pages], model.created)
    return _write_html_pdf(render_plan(plan), out_dir / f"plan-tracker-{period}", formats,
                           "plan tracker")


def build_scorecard_report(db: str | None, period: Month, out_dir: Path, *,
                           formats: tuple[str, ...] = ("html",)) -> list[Path]:
    """The quarterly scorecard by owner, from the same judgements as the monthly report."""
    from kpiboard.model.scorecard import build_scorecard
    from kpiboard.render.html import render_scorecard

    html = render_scorecard(build_scorecard(monthly_model(Store(db, create=False), period)))
    return _write_html_pdf(html, out_dir / f"scorecard-by-owner-{period}", formats, "scorecard")


def build_appendix_report(db: str | None, period: Month, out_dir: Path, *,
                          formats: tuple[str, ...] = ("html",)) -> list[Path]:
    """The improvement KPI appendix: the financial year so far, month by month, from the same
    judgements as the monthly report."""
    from kpiboard.model.appendix import build_appendix
    from kpiboard.render.appendix import render_appendix

    html = render_appendix(build_appendix(monthly_model(Store(db, create=False), period)))
    return _write_html_pdf(html, out_dir / f"improvement-kpi-appendix-{period}", formats,
                           "improvement KPI appendix")


def build_pages_report(db: str | None, period: Month, out_dir: Path, *,
                       formats: tuple[str, ...] = ("html",)) -> list[Path]:
    """Performance on a page, from the aggregates stored when child-level records were loaded."""
    import datetime as _dt

    from kpiboard.model.pages import build_pages
    from kpiboard.render.html import render_pages

    store = Store(db, create=False)
    catalogue = store.catalogue()
    figures = store.page_figures(period)
    if not figures:
        raise KpiboardError(f"no child-level records loaded for {period}: load Annex A, SSDA903 or "
                            "CIN census files with 'kpiboard load --annex-a ...' first")
    model = build_pages(figures, period, catalogue.la.name if catalogue.la else None,
                        _dt.date.today())
    return _write_html_pdf(render_pages(model), out_dir / f"performance-on-a-page-{period}",
                           formats, "performance on a page report")
