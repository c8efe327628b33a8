"""The indicator catalogue: what is measured, which way is good, targets and RAG bands."""

from kpiboard.catalogue.load import load_catalogue, parse_catalogue
from kpiboard.catalogue.model import (
    Band, Catalogue, Condition, Indicator, Rag, Within,
)

__all__ = ["Band", "Catalogue", "Condition", "Indicator", "Rag", "Within",
           "load_catalogue", "parse_catalogue"]
