"""The embedded store: every load a dated snapshot, nothing overwritten."""

from kpiboard.store.db import DEFAULT_DB, LoadBatch, LoadSummary, Store, default_db_url

__all__ = ["DEFAULT_DB", "LoadBatch", "LoadSummary", "Store", "default_db_url"]
