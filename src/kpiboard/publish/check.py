"""``check_published(path)``: the last look before a file goes on a website.

Reads a written report (HTML, PDF or XLSX) without the model behind it and lists every problem:

- a count from 1 to 5 still shown: a count indicator's monthly value, year to date, outturn or
  rolling figure, the numerator or denominator of any percentage or rate ("3 of 4", "3/4"),
  a count in a chart's data labels, and small counts quoted in commentary ("3 children");
- a child-level column (``child_id``, ``dob``, ``upn`` ...) or a RESTRICTED exception list;
- no suppression note.

An empty list means the file passed. The checker knows the report's layout (the template's CSS
classes, the workbook's sheets) and judges only what it can see, so it complements
``suppress`` rather than repeating it: it finds what a renderer, a template change or a hand
edit let through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kpiboard.publish import THRESHOLD

# Column names that only child-level data has (records/schema.py, Annex A, SSDA903, CIN census).
CHILD_LEVEL = {"child_id", "childid", "child id", "lachildid", "la child id", "child unique id",
               "upn", "former upn", "former_upn", "unique pupil number", "dob", "date of birth",
               "person_id", "person id", "nhs number", "nhs_number"}
# The note's key words (publish.NOTE), allowing for line breaks in PDF text.
NOTE_PATTERN = re.compile(rf"counts\s+from\s+1\s+to\s+{THRESHOLD}\s+are\s+shown\s+as\s+c",
                          re.IGNORECASE)
NOT_FIGURES = {"target", "tally"}  # CSS classes of table cells (or rows) that hold no count
MONTH_LABEL = re.compile(r"^[A-Z][a-z]{2}-\d{2}$")
YEAR_LABEL = re.compile(r"^\d{4}-\d{2}$")
NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
# "3 of 4", "3/4"; not "±5 of 370" or "+/-5 of 346.4" (a RAG band), nor dates (1/4/2026)
PAIR = re.compile(r"(?<![\w.,/±+-])(\d[\d,]*)\s*(?:of|/)\s*(\d[\d,]*)(?![\w.,/%])")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# "3 children", "two more young people": small counts quoted in commentary
PROSE = re.compile(
    r"(?<![\d,.])\b(\d+|one|two|three|four|five)\s+"
    r"(?:(?:more|fewer|new|other|further|of\s+the|of\s+them|looked[- ]after|unaccompanied|"
    r"disabled|adopted|missing)\s+)*"
    r"(children|child|young\s+people|young\s+person|care\s+leavers?|famil(?:y|ies)|babies|baby|"
    r"siblings?|boys?|girls?|pupils?|adopters|mothers|fathers|parents)\b", re.IGNORECASE)


def check_published(path: str | Path) -> list[str]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        problems = _check_html(path.read_text(encoding="utf-8"))
    elif suffix == ".pdf":
        problems = _check_pdf(path)
    elif suffix in (".xlsx", ".xlsm"):
        problems = _check_xlsx(path)
    elif suffix in (".csv", ".tsv", ".json"):
        text = path.read_text(encoding="utf-8", errors="replace")
        problems = [f"{suffix[1:].upper()} is not a publication format: publish the report's "
                    f"HTML, PDF or Excel file"] + _child_level_text(text)
    else:
        problems = [f"cannot check {suffix or 'extensionless'} files: only HTML, PDF and XLSX"]
    return [f"{path.name}: {p}" for p in problems]


def small(x: float | None) -> bool:
    return x is not None and 0 < x < THRESHOLD + 0.5


def _number(text: str) -> float | None:
    text = text.strip()
    return float(text.replace(",", "")) if NUMBER.match(text) else None


def _flag(where: str, text: str) -> str:
    return f"{where}: {text.strip()} is a count from 1 to {THRESHOLD} and is not suppressed"


def _pairs(where: str, text: str) -> list[str]:
    """'3 of 4' and '3/4': the numerator and denominator of a percentage are counts."""
    found = []
    for m in PAIR.finditer(text):
        if text[max(0, m.start() - 5):m.start()].strip().lower().endswith("page"):
            continue  # "Page 1 of 9"
        if any(small(_number(g)) for g in m.groups()):
            found.append(_flag(where, m.group(0)))
    return found


def _prose(where: str, text: str) -> list[str]:
    found = []
    for m in PROSE.finditer(text):
        word = m.group(1).lower()
        n = _WORDS.get(word) or (int(word) if word.isdigit() else None)
        if small(n):
            found.append(f"{where}: '{m.group(0)}' quotes a count from 1 to {THRESHOLD}")
    return found


def _child_level_text(text: str) -> list[str]:
    found = []
    if "RESTRICTED" in text:
        found.append("holds a RESTRICTED child-level list")
    header = re.split(r"[\r\n]", text, maxsplit=1)[0]
    cols = {c.strip().strip('"').lower() for c in re.split(r"[,;\t]", header)}
    for col in sorted(cols & CHILD_LEVEL):
        found.append(f"child-level column '{col}'")
    if re.search(r'"(child_id|dob|upn)"\s*:', text, re.IGNORECASE):
        found.append("child-level fields")
    return found


# ---- HTML ------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node | str"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Node"]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.find_all(tag, cls))
        return found

    def find(self, tag: str | None = None, cls: str | None = None) -> "Node | None":
        found = self.find_all(tag, cls)
        return found[0] if found else None

    def rows(self) -> list["Node"]:
        return self.find_all("tr")

    def cells(self) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node) and c.tag in ("td", "th")]

    def text(self, skip: tuple[str, ...] = ("sup", "title", "style", "script")) -> str:
        """Text as shown: superscript marks (r, p, pub) and SVG tooltips left out."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in skip:
                parts.append(child.text(skip))
        return "".join(parts)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def _count_like(article: Node) -> tuple[bool, bool]:
    """(is a count indicator, sure of it): ``data-unit`` when the template gives it, else the
    months table's row label ("Number" is also the label of non-count numbers, which the
    template prints with decimals, so then only whole numbers are taken as counts)."""
    unit = article.attrs.get("data-unit")
    if unit:
        return unit == "count", True
    table = article.find("table", "months")
    rows = table.rows() if table else []
    label = rows[1].cells()[0].text().strip() if len(rows) > 1 and rows[1].cells() else ""
    return label == "Number", False


def _count_text(text: str, sure: bool) -> bool:
    value = _number(text)
    return small(value) and (sure or "." not in text)


def _check_html(html: str) -> list[str]:
    root = parse_html(html)
    problems = []
    if not NOTE_PATTERN.search(re.sub(r"\s+", " ", root.text())):
        problems.append("no suppression note (\"counts from 1 to 5 are shown as c\")")
    body = root.text(skip=("style", "script"))
    if "RESTRICTED" in body:
        problems.append("holds a RESTRICTED child-level list")
    for cell in root.find_all("th") + root.find_all("td"):
        if cell.text().strip().lower() in CHILD_LEVEL:
            problems.append(f"child-level column '{cell.text().strip()}'")
    articles = root.find_all("article", "indicator")
    summary = root.find("table", "summary-table")
    if not articles and summary is None:  # not the monthly layout: every table cell is suspect
        for row in root.find_all("tr"):
            for cell in row.cells():
                # except what the templates mark as not a figure: targets and tallies of
                # indicators ("3 indicators worse than target")
                if cell.tag == "th" or (row.classes | cell.classes) & NOT_FIGURES:
                    continue
                if _count_text(cell.text(), False):
                    problems.append(_flag("table cell", cell.text()))
                problems += _pairs("table cell", cell.text())
        return problems
    counts: dict[str, tuple[bool, bool]] = {}
    for article in articles:
        ref_node = article.find("span", "ref")
        ref = ref_node.text().strip() if ref_node else "?"
        counts[ref] = count, sure = _count_like(article)
        problems += _check_article(ref, article, count, sure)
    if summary is not None:
        problems += _check_summary(summary, counts)
    return problems


def _check_article(ref: str, article: Node, count: bool, sure: bool) -> list[str]:
    problems = []
    meta = article.find("p", "meta")
    if meta is not None:
        latest = next((s for s in meta.find_all("span") if s.text().startswith("Latest:")), None)
        if latest is not None:
            text = latest.text()[len("Latest:"):]
            problems += _pairs(f"{ref} latest", text)
            head = text.split("(")[0]
            if count and _count_text(head, sure):
                problems.append(_flag(f"{ref} latest", head))
    table = article.find("table", "months")
    if table is not None:
        rows = table.rows()
        months = [c.text().strip() for c in rows[0].cells()[1:]] if rows else []
        for row in rows[1:]:
            cells = row.cells()
            label = cells[0].text().strip() if cells else ""
            for month, cell in zip(months, cells[1:]):
                where = f"{ref} {month} ({label or 'value'})"
                if "parts" in row.classes:
                    problems += _pairs(where, cell.text())
                elif "target" not in row.classes and count and _count_text(cell.text(), sure):
                    problems.append(_flag(where, cell.text()))
    annual = article.find("table", "annual")
    if annual is not None and count:
        rows = annual.rows()
        labels = [c.text().strip() for c in rows[0].cells()] if rows else []
        for row in rows[1:]:
            cells = row.cells()
            if "rolling" in row.classes:
                pairs = [("rolling 12 months", cells[-1])] if cells else []
            else:
                pairs = list(zip(labels, cells))
            for label, cell in pairs:
                if _count_text(cell.text(), sure):
                    problems.append(_flag(f"{ref} {label}", cell.text()))
    notes = article.find("ul", "notes")
    if notes is not None and count:
        for m in re.finditer(r"baseline\s+([\d,.]+)", notes.text()):
            if _count_text(m.group(1), sure):
                problems.append(_flag(f"{ref} baseline", m.group(1)))
    chart = article.find("figure", "chart")
    if chart is not None and count:
        for node in chart.find_all():
            m = re.search(r"\bvalue: ([-\d.,]+)", node.attrs.get("aria-label", ""))
            if m and small(_number(m.group(1))):
                problems.append(_flag(f"{ref} chart", m.group(1)))
    for comment in article.find_all("div", "comment-body"):
        problems += _pairs(f"{ref} commentary", comment.text())
        problems += _prose(f"{ref} commentary", comment.text())
    return problems


def _check_summary(table: Node, counts: dict[str, tuple[bool, bool]]) -> list[str]:
    head = table.find("thead")
    header_rows = head.rows() if head else []
    labels = [c.text().strip() for c in header_rows[-1].cells()] if header_rows else []
    problems = []
    for body in table.find_all("tbody"):
        for row in body.rows():
            cells = row.cells()
            if len(cells) != len(labels):
                continue  # section heading rows
            ref = cells[0].text().strip()
            count, sure = counts.get(ref, (True, False))
            if not count:
                continue
            for label, cell in zip(labels, cells):
                figure = MONTH_LABEL.match(label) or YEAR_LABEL.match(label) or label == "YTD"
                text = cell.text()
                if label == "Baseline":  # the plan tracker's "12 (Apr-25)"
                    figure, text = True, text.split("(")[0]
                if figure and _count_text(text, sure):
                    problems.append(_flag(f"summary {ref} {label}", text))
    return problems


# ---- PDF -------------------------------------------------------------------------------------

UNIT_LABELS = ("Number", "%", "Rate per 10,000", "Days")


def _check_pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    text = "\n".join(pages)
    problems = []
    if not NOTE_PATTERN.search(re.sub(r"\s+", " ", text)):
        problems.append("no suppression note (\"counts from 1 to 5 are shown as c\")")
    if "RESTRICTED" in text:
        problems.append("holds a RESTRICTED child-level list")
    for word in sorted({w.lower() for w in re.findall(r"\b(child_id|lachildid|upn|dob)\b", text,
                                                         re.IGNORECASE)}):
        problems.append(f"child-level column '{word}'")
    for number, page in enumerate(pages, start=1):
        problems += _check_pdf_page(f"page {number}", page)
    return problems


def _check_pdf_page(where: str, page: str) -> list[str]:
    """Section pages as pypdf lays them out: 'Latest: 8 (3 of 4)', the months table's unit row
    ('Number 10 11 2 ...') and 'Of 3/4 ...' row, the annual trend's values line and 'Rolling 12
    months to Oct-26 104'. Every summary figure is on a section page too."""
    problems = []
    lines = [line.strip() for line in page.splitlines()]
    count = False
    latest: str | None = None
    for i, line in enumerate(lines):
        problems += _pairs(where, line)
        problems += _prose(where, line)
        if line.startswith("Latest:"):
            latest = line[len("Latest:"):].split("(")[0].split("Target:")[0].split("Good is:")[0]
        unit = next((u for u in UNIT_LABELS if line.startswith(u + " ")), None)
        if unit and i > 0 and all(MONTH_LABEL.match(t) for t in lines[i - 1].split()):
            count = unit == "Number"
            tokens = line[len(unit):].split()
            if count:
                problems += [_flag(f"{where} in month", t) for t in tokens if _count_text(t, False)]
                if latest is not None and _count_text(latest.strip(), False):
                    problems.append(_flag(f"{where} latest", latest))
            latest = None
        if count and line == "Annual trend" and i + 2 < len(lines):
            problems += [_flag(f"{where} annual trend", t) for t in lines[i + 2].split()
                         if _count_text(t, False)]
        m = re.match(r"Rolling 12 months to \S+ (\S+)$", line)
        if count and m and _count_text(m.group(1), False):
            problems.append(_flag(f"{where} rolling 12 months", m.group(1)))
    return problems


# ---- XLSX ------------------------------------------------------------------------------------

def _check_xlsx(path: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True)
    problems = []
    strings = [(ws.title, c) for ws in book.worksheets for row in ws.iter_rows() for c in row
               if isinstance(c.value, str)]
    if not any(NOTE_PATTERN.search(re.sub(r"\s+", " ", c.value)) for _, c in strings):
        problems.append("no suppression note (\"counts from 1 to 5 are shown as c\")")
    for sheet, c in strings:
        if c.value.strip().lower() in CHILD_LEVEL:
            problems.append(f"sheet '{sheet}' {c.coordinate}: child-level column '{c.value}'")
        if "RESTRICTED" in c.value:
            problems.append(f"sheet '{sheet}' {c.coordinate}: a RESTRICTED child-level list")
    units = _xlsx_units(book)
    # The monthly workbook's layout is known cell by cell; the other kinds' workbooks (plan
    # tracker, scorecard, appendix, performance on a page) are tables under header rows
    monthly = any(_monthly_summary([c.value for c in row]) for ws in book.worksheets
                  for row in ws.iter_rows())
    for ws in book.worksheets:
        if ws.title in ("Definitions", "Sources"):
            continue
        problems += _xlsx_sheet(ws, units) if monthly else _xlsx_tables(ws, units)
    return problems


def _monthly_summary(labels: list) -> bool:
    return bool(labels) and labels[0] == "Ref" and "YTD" in labels


# A column of figures in the other kinds' workbooks: a month ("Oct-26"), a year or year to date
# ("2026-27", "2026-27 YTD", "YTD"), a baseline, or the numerator or denominator of one.
FIGURE_COLUMN = re.compile(r"^(?:[A-Z][a-z]{2}-\d{2}|\d{4}-\d{2}(?: YTD)?|YTD|Baseline)"
                           r"(?: (numerator|denominator))?$")
TARGET_ROWS = {"target", "monthly target"}


def _xlsx_tables(ws, units: dict[str, str]) -> list[str]:
    """Every table under a header row naming figure columns: a small whole number there is a
    count unless the row is a target, or its unit (the row's Unit column, else the indicator's
    unit in Definitions, else the cell's number format) says it is not a count. Tallies of
    indicators sit under other headings and are not read."""
    problems: list[str] = []
    header: list[str] | None = None
    title = ""   # a scorecard card's "REF  Title" row names the indicator of the rows under it
    for row in ws.iter_rows():
        values = [c.value for c in row]
        first = values[0] if values else None
        numbers = [c for c in row if _xlsx_small(c) or isinstance(c.value, (int, float))]
        if isinstance(first, str) and "  " in first:
            title = first.split("  ")[0]
        if not numbers:
            if any(isinstance(v, str) and FIGURE_COLUMN.match(v.strip()) for v in values[1:]):
                header = [str(v).strip() if v is not None else "" for v in values]
            if first == "Commentary" and len(row) > 1 and isinstance(row[1].value, str):
                where = f"sheet '{ws.title}' {row[1].coordinate} ({title} commentary)"
                problems += _pairs(where, row[1].value) + _prose(where, row[1].value)
            continue
        if header is None or any(isinstance(v, str) and v.strip().lower() in TARGET_ROWS
                                 for v in values[:2]):
            continue
        cells = dict(zip(header, row))
        ref = str(cells["Ref"].value) if "Ref" in cells else title
        unit = cells["Unit"].value if "Unit" in cells else None
        for label, cell in zip(header, row):
            column = FIGURE_COLUMN.match(label)
            if not column or not _xlsx_small(cell):
                continue
            if column.group(1) is None:  # a value: a count only for a count measure
                # ("Number" is also the label of averages, which have a decimal format)
                count = (unit == "Number" and "." not in str(cell.number_format or "")
                         if unit is not None else _xlsx_count(units, ref, cell))
                if not count:
                    continue
            problems.append(_flag(f"sheet '{ws.title}' {cell.coordinate} ({ref or first} "
                                  f"{label})", _fmt(cell.value)))
    return problems


def _xlsx_units(book) -> dict[str, str]:
    if "Definitions" not in book.sheetnames:
        return {}
    rows = list(book["Definitions"].iter_rows(values_only=True))
    if not rows or "Ref" not in rows[0] or "Unit" not in rows[0]:
        return {}
    ref, unit = rows[0].index("Ref"), rows[0].index("Unit")
    return {str(r[ref]): str(r[unit]) for r in rows[1:] if r[ref] is not None}


def _xlsx_count(units: dict[str, str], ref: str, cell) -> bool:
    if ref in units:
        return units[ref] == "count"
    fmt = str(cell.number_format or "")
    return "%" not in fmt and "." not in fmt  # whole-number formats are the count formats


def _xlsx_small(cell) -> bool:
    return isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) \
        and small(cell.value)


def _xlsx_sheet(ws, units: dict[str, str]) -> list[str]:
    problems = []
    rows = list(ws.iter_rows())
    header, ref = None, ""
    for i, row in enumerate(rows):
        first = row[0].value if row else None
        labels = [c.value for c in row]
        if first == "Ref" and "YTD" in labels:  # the summary sheet's header
            header = labels
            continue
        if header is not None and isinstance(first, str) and first != "Ref":
            for label, cell in zip(header, row):
                label = str(label or "")
                figure = MONTH_LABEL.match(label) or YEAR_LABEL.match(label) or label == "YTD"
                if figure and _xlsx_small(cell) and _xlsx_count(units, first, cell):
                    problems.append(_flag(f"sheet '{ws.title}' {cell.coordinate} ({first} "
                                          f"{label})", _fmt(cell.value)))
            continue
        if isinstance(first, str) and "  " in first:  # a section sheet's "REF  Title" row
            ref = first.split("  ")[0]
        if first in ("Value", "Numerator", "Denominator"):
            for cell in row[1:]:
                if _xlsx_small(cell) and (first != "Value" or _xlsx_count(units, ref, cell)):
                    problems.append(_flag(f"sheet '{ws.title}' {cell.coordinate} ({ref} "
                                          f"{first.lower()})", _fmt(cell.value)))
        if first == "Commentary" and len(row) > 1 and isinstance(row[1].value, str):
            where = f"sheet '{ws.title}' {row[1].coordinate} ({ref} commentary)"
            problems += _pairs(where, row[1].value) + _prose(where, row[1].value)
    return problems


def _fmt(value: float) -> str:
    return f"{value:g}"
