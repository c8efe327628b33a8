"""Pure judgements a performance officer makes by hand: RAG, direction of travel, tolerance
status, year to date and rolling figures, change since a baseline. No I/O here."""

from kpiboard.judge.aggregate import Aggregate, aggregate, outturn, rolling_12m, year_to_date
from kpiboard.judge.direction import Direction, direction_of_travel, is_better
from kpiboard.judge.rag import rag, rag_conflict
from kpiboard.judge.targets import target_for
from kpiboard.judge.tolerance import on_target, tolerance_status

__all__ = ["Aggregate", "Direction", "aggregate", "direction_of_travel", "is_better", "on_target",
           "outturn", "rag", "rag_conflict", "rolling_12m", "target_for", "tolerance_status",
           "year_to_date"]
