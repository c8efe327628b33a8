"""Publication mode: reports safe to put on a council website.

``suppress.suppress(report)`` returns the report with small counts (1 to 5), and every figure
they could be worked out from, replaced by ``SUPPRESSED``, shown as ``c``;
``check.check_published(path)`` scans a written HTML, PDF or XLSX file for anything that slipped
through.

This module holds only the marker, so that ``units.py`` and the renderers can import it without
pulling in the model (``Publication`` and ``check_published`` are imported on first use).
"""

from __future__ import annotations

from typing import Any

THRESHOLD = 5          # counts from 1 to THRESHOLD are suppressed
MARK = "c"             # how a suppressed figure is written (the ONS / DfE convention)
NOTE = (f"Published version: counts from 1 to {THRESHOLD} are shown as {MARK}, and so is any "
        f"total, percentage, rate or other month from which such a count could be worked out. "
        f"Zero is shown as 0. RAG ratings, direction of travel and target status are not shown "
        f"where they are judged on a suppressed figure.")


class Suppressed:
    """The one marker for a withheld figure, in place of a number in a frozen model.

    It formats as ``c`` under any format spec (so ``f"{value:,.1f}"`` and ``"{:,.0f}".format``
    in templates write ``c``), and it is deliberately not a number: arithmetic or comparison with
    it raises ``TypeError``, so code that tries to compute with a withheld figure fails loudly
    instead of leaking it.
    """

    __slots__ = ()
    _instance: "Suppressed | None" = None

    def __new__(cls) -> "Suppressed":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return MARK

    def __format__(self, spec: str) -> str:
        return MARK

    def __reduce__(self) -> str:
        return "SUPPRESSED"

    def __copy__(self) -> "Suppressed":
        return self

    def __deepcopy__(self, memo: dict) -> "Suppressed":
        return self


SUPPRESSED = Suppressed()


def is_suppressed(value: Any) -> bool:
    return value is SUPPRESSED


def __getattr__(name: str) -> Any:
    """``from kpiboard.publish import check_published, Publication`` without import cycles.
    (The function ``suppress`` is imported from ``kpiboard.publish.suppress``: the submodule
    of the same name would shadow it here.)"""
    if name in ("Publication", "PublishedMonthlyReport"):
        from kpiboard.publish import suppress as module

        return getattr(module, name)
    if name == "check_published":
        from kpiboard.publish.check import check_published

        return check_published
    raise AttributeError(f"module 'kpiboard.publish' has no attribute {name!r}")


__all__ = ["MARK", "NOTE", "SUPPRESSED", "THRESHOLD", "Suppressed", "is_suppressed"]
