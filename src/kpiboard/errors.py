"""One error type for everything a user can get wrong.

The CLI prints ``str(error)`` on one line and exits non-zero; no traceback reaches the user.
"""

from __future__ import annotations


class KpiboardError(Exception):
    """A problem with the user's input, described in one line."""


def where(file: object, *, sheet: str | None = None, row: int | None = None,
          column: str | None = None, ref: str | None = None, field: str | None = None) -> str:
    """The location prefix every input error starts with: file, sheet, row, column or ref, field."""
    parts = [str(file)]
    if sheet:
        parts.append(f"sheet '{sheet}'")
    if row is not None:
        parts.append(f"row {row}")
    if ref is not None:
        parts.append(f"indicator '{ref}'")
    if column:
        parts.append(f"column '{column}'")
    if field:
        parts.append(f"field '{field}'")
    return ", ".join(parts)


def input_error(message: str, file: object, **location) -> KpiboardError:
    return KpiboardError(f"{where(file, **location)}: {message}")
