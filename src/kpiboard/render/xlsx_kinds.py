"""Excel workbooks for the report kinds beside the monthly report (which is render/xlsx.py): one
import for the CLI, each renderer in its own module.

Every workbook holds real numbers with number formats by unit, RAG as conditional formats, frozen
panes and filters, native charts with a target series where there is a target, and a Definitions
sheet; a withheld (published) figure is the text ``c``. Only the models' aggregates are written.
"""

from __future__ import annotations

from kpiboard.render.xlsx_appendix import render_appendix_xlsx
from kpiboard.render.xlsx_pages import render_pages_xlsx
from kpiboard.render.xlsx_plan import render_plan_xlsx
from kpiboard.render.xlsx_scorecard import render_scorecard_xlsx

__all__ = ["render_appendix_xlsx", "render_pages_xlsx", "render_plan_xlsx", "render_scorecard_xlsx"]
