"""Canonical child-level records: the contract between the format readers (Annex A, SSDA903,
CIN census, the synthetic LA) and the measure library."""

from kpiboard.records.schema import TABLES, Dataset, empty_table

__all__ = ["TABLES", "Dataset", "empty_table"]
