"""Read a catalogue YAML file, turning every problem into one line naming file, ref and field."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from kpiboard.catalogue.model import Catalogue
from kpiboard.errors import KpiboardError


def load_catalogue(path: str | Path) -> Catalogue:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KpiboardError(f"{path}: catalogue file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KpiboardError(f"{path}: cannot read the catalogue ({exc})") from None
    return parse_catalogue(text, source=str(path))


TEXT_KEYS = {"ref", "plan_id", "code"}


class _CatalogueLoader(yaml.SafeLoader):
    """Reads identifiers as written: unquoted ``ref: 5.10`` stays "5.10" (not the number 5.1)
    and ``ref: 010`` stays "010" (not the octal number 8)."""

    def construct_mapping(self, node, deep=False):
        for key_node, value_node in node.value:
            if (isinstance(key_node, yaml.ScalarNode) and key_node.value in TEXT_KEYS
                    and isinstance(value_node, yaml.ScalarNode) and value_node.tag in (
                        "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")):
                value_node.tag = "tag:yaml.org,2002:str"
        return super().construct_mapping(node, deep=deep)


def parse_catalogue(text: str, source: str = "catalogue") -> Catalogue:
    try:
        data = yaml.load(text, Loader=_CatalogueLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KpiboardError(f"{source}: {line}not valid YAML ({problem})") from None
    if not isinstance(data, dict) or "indicators" not in data:
        raise KpiboardError(f"{source}: a catalogue is a mapping with an 'indicators' list")
    _check_refs_and_sections(data, source)
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        raise KpiboardError(_describe(exc, data, source)) from None


def _check_refs_and_sections(data: dict, source: str) -> None:
    """Catalogue-wide rules, checked here so the message can name the entry and field."""
    items = data.get("indicators")
    if not isinstance(items, list):
        return
    first: dict[str, int] = {}
    for n, item in enumerate(items, start=1):
        ref = item.get("ref") if isinstance(item, dict) else None
        if ref is None:
            continue
        ref = str(ref).strip()
        if ref in first:
            raise KpiboardError(f"{source}, indicator '{ref}', field 'ref': appears twice "
                                f"(indicators #{first[ref]} and #{n}); refs must be unique")
        first[ref] = n
    sections = data.get("sections")
    if isinstance(sections, list):
        used = {str(i.get("section")).strip() for i in items if isinstance(i, dict) and i.get("section")}
        missing = sorted(used - {str(s) for s in sections})
        if missing:
            raise KpiboardError(f"{source}, field 'sections': does not list {', '.join(missing)} "
                                "(every section used by an indicator must be listed)")


def _describe(exc: ValidationError, data: dict, source: str) -> str:
    """The first error, located as ``file, indicator 'ref', field 'rag.green': message``."""
    # Union types make pydantic report one error per alternative; the most specific
    # (longest location) is the one a person needs.
    errors = exc.errors()
    first_loc = errors[0]["loc"][:3]
    err = max((e for e in errors if e["loc"][:3] == first_loc), key=lambda e: len(e["loc"]))
    loc = list(err["loc"])
    where = source
    if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
        raw = data["indicators"][loc[1]] if isinstance(data.get("indicators"), list) else None
        ref = raw.get("ref") if isinstance(raw, dict) else None
        where += f", indicator '{ref}'" if ref is not None else f", indicator #{loc[1] + 1}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc if not _is_union_tag(p))
    if field:
        where += f", field '{field}'"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key (see docs/catalogue.md for the keys a catalogue takes)"
    elif err["type"] == "literal_error":
        message = f"{message}, got {err.get('input')!r}"
    return f"{where}: {message}"


def _is_union_tag(part: object) -> bool:
    # pydantic names union branches in locations, e.g. 'Condition' or 'list[Condition]'
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in {"float", "int"})
