"""Commentary by indicator owners, from CSV, XLSX or YAML: ref, period, author, subject, text,
status. Text may use Markdown; it is rendered escaped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kpiboard.catalogue.model import Catalogue
from kpiboard.errors import KpiboardError
from kpiboard.ingest import cells
from kpiboard.ingest.tables import Table, normalise_header, read_table
from kpiboard.periods import Month

STATUSES = ("draft", "submitted", "approved", "returned")


@dataclass(frozen=True, slots=True)
class Comment:
    ref: str
    period: Month
    author: str
    subject: str
    text: str
    status: str = "approved"


def read_commentary(path: str | Path, catalogue: Catalogue) -> list[Comment]:
    path = Path(path)
    if path.suffix.lower() in {".yaml", ".yml"}:
        table = _yaml_table(path)
    else:
        table = read_table(path)
    header = [normalise_header(h) for h in table.header]
    for required in ("ref", "period", "text"):
        if required not in header:
            raise table.error(f"missing the '{required}' column (ref,period,author,subject,text[,status])")
    col = {h: i for i, h in enumerate(header)}
    out: list[Comment] = []
    for row, values in table.rows:
        get = lambda name: cells.text(values[col[name]]) if name in col else None  # noqa: E731
        ref = get("ref")
        if ref is None:
            raise table.error("ref is blank", row, "ref")
        if ref not in catalogue.refs:
            raise table.error(f"'{ref}' is not an indicator in the catalogue", row, "ref")
        try:
            period = cells.period(values[col["period"]])
        except ValueError as exc:
            raise table.error(str(exc), row, "period") from None
        if not isinstance(period, Month):
            raise table.error(f"commentary is per month (YYYY-MM), got '{period}'", row, "period")
        text = get("text")
        if not text:
            raise table.error("text is blank", row, "text")
        status = (get("status") or "approved").lower()
        if status not in STATUSES:
            raise table.error(f"status '{status}' is not one of {', '.join(STATUSES)}", row, "status")
        out.append(Comment(ref, period, get("author") or "", get("subject") or "", text, status))
    return out


def _yaml_table(path: Path) -> Table:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError) as exc:
        raise KpiboardError(f"{path}: not readable YAML ({str(exc).splitlines()[0]})") from None
    items = data.get("commentary") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise KpiboardError(f"{path}: expected a list of commentary entries (or 'commentary:' list)")
    header = ["ref", "period", "author", "subject", "text", "status"]
    extra = sorted({k for i in items for k in i} - set(header))
    if extra:
        raise KpiboardError(f"{path}: unknown key(s) {', '.join(map(str, extra))}")
    rows = [(n + 1, [i.get(h) for h in header]) for n, i in enumerate(items)]
    return Table(str(path), None, header, rows)
