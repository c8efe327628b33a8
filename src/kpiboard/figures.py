"""The figure: one indicator's value for one period, as loaded (the canonical figures table row)."""

from __future__ import annotations

from dataclasses import dataclass

from kpiboard.periods import FinancialYear, Month

RAG_WORDS = {"g": "green", "green": "green", "a": "amber", "amber": "amber",
             "y": "amber", "yellow": "amber", "r": "red", "red": "red"}
NO_RAG_WORDS = {"", "grey", "gray", "n/a", "na", "none", "-"}


@dataclass(frozen=True, slots=True)
class Figure:
    """A value in display units (86.4 means 86.4%) with what it was formed from.

    ``period`` is a Month, or a FinancialYear for a published annual outturn.
    ``value`` None with a ``note`` means "unavailable" and the note says why.
    ``rag_given`` is a RAG someone typed into the data, kept to check it against the bands.
    """

    ref: str
    period: Month | FinancialYear
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    note: str | None = None
    rag_given: str | None = None

    @property
    def same_figures(self) -> tuple:
        """What must differ for a re-load to count as a revision."""
        return (self.value, self.numerator, self.denominator, self.note)


def normalise_rag(text: str | None) -> str | None:
    """'Green', 'G', 'Yellow' (used for amber in some LAs) ... -> green|amber|red; None when blank."""
    if text is None:
        return None
    word = str(text).strip().lower()
    if word in NO_RAG_WORDS:
        return None
    if word not in RAG_WORDS:
        raise ValueError(f"'{text}' is not a RAG rating (green, amber, red, or G/A/R)")
    return RAG_WORDS[word]
