"""CIN census XML files -> the canonical tables of records/schema.py.

A census file is one LA's return for one census year (1 April to 31 March). It holds each child's
episodes of need (CINdetails) with their assessments, section 47 enquiries and child protection
plans, so, like SSDA903, its tables are complete histories, and each file is one extract dated at
its census date: the header's ReferenceDate (a date other than 31 March is read as the census year
containing it, with a warning). Without one, CollectionDetails/Year is used; files in the wild write
it either as the year the census ends or the year it starts, so 31 March of Year is taken unless
the file has referrals after it (then 31 March of Year + 1).

What kpiboard cannot do without (each child's LAchildID, each record's start date) and anything
unreadable (bad XML, dates, true/false, numbers) raises ``KpiboardError`` with one line naming the
file, the child and the element. What is odd but usable (other required elements missing, dates
after the census date or before their record's start, gender codes outside the census list) is kept
as given and warned about once per file, element and kind, with a count.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpiboard.errors import KpiboardError
from kpiboard.ingest import cells
from kpiboard.records.schema import Dataset, table_from_rows

TABLES = ("referrals", "assessments", "s47", "cin", "cp_plans")
# The census codes for GenderCurrent (Sex in later specifications); 0 = not recorded or unborn.
GENDER = {"1": "Male", "2": "Female", "9": "Indeterminate", "0": None}
GENDER_WORDS = {"m": "Male", "male": "Male", "f": "Female", "female": "Female"}
NO_DISABILITY = "NONE"
_TIMEZONE = re.compile(r"(?:Z|[+-]\d{2}:\d{2})$")   # xs:date may carry one


def read_cin_census(paths: Sequence[Path], *, la: str = "LA") -> Dataset:
    """Read CIN census XML files (or folders of them); raises KpiboardError on bad input."""
    out = Dataset(history=set(TABLES))
    seen: dict[dt.date, Path] = {}
    for path in _files([Path(p) for p in paths]):
        census = _Census.read(path)
        if census.extract in seen:
            census.warnings.append(f"{path}: same census date ({census.extract:%d/%m/%Y}) as "
                                   f"{seen[census.extract]}; both are kept")
        seen.setdefault(census.extract, path)
        common = {"la": la, "extract_date": census.extract}
        for name, rows in census.rows.items():
            out.add(name, table_from_rows(name, [common | row for row in rows]))
        out.warnings += census.warnings + census.notes.lines()
        out.sources.append(str(path))
    return out


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            xml = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xml"
                         and not p.name.startswith("."))
            if not xml:
                raise KpiboardError(f"{path}: no .xml files in this folder (a CIN census is an XML file)")
            found += xml
        elif not path.exists():
            raise KpiboardError(f"{path}: file or folder not found")
        elif path.suffix.lower() != ".xml":
            raise KpiboardError(f"{path}: a CIN census must be an .xml file, "
                                f"got '{path.suffix or 'no extension'}'")
        else:
            found.append(path)
    if not found:
        raise KpiboardError("no CIN census files given")
    return found


# ---- cells ----------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]   # files with a namespace read like files without


def _text(elem: ET.Element | None, path: str) -> str | None:
    found = None if elem is None else elem.find(path)
    return None if found is None or found.text is None or not found.text.strip() else found.text.strip()


def _date(text: str) -> dt.date:
    try:
        return cells.dmy_date(_TIMEZONE.sub("", text))
    except ValueError as exc:
        raise ValueError(str(exc).replace("(DD/MM/YYYY)", "(YYYY-MM-DD)")) from None


def _flag(text: str) -> bool | None:
    try:
        return cells.flag(text)
    except ValueError:
        raise ValueError(f"'{text}' is not true or false") from None


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"'{text}' is not a year")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"'{text}' is not a whole number")
    return int(text)


class _Notes:
    """Odd-but-usable things, reported once per file, element and kind with a count."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.seen: dict[tuple[str, str], list] = {}

    def add(self, element: str, what: str, child: str, value: str | None = None) -> None:
        entry = self.seen.setdefault((element, what), [0, child, []])
        entry[0] += 1
        if value is not None and value not in entry[2] and len(entry[2]) < 5:
            entry[2].append(value)

    def lines(self) -> list[str]:
        out = []
        for (element, what), (count, child, values) in self.seen.items():
            shown = f" ({', '.join(values)})" if values else ""
            out.append(f"{self.source}, element '{element}': {what}{shown} in {count} "
                       f"case{'s' if count != 1 else ''} (first: child '{child}')")
        return out


# ---- one file -------------------------------------------------------------------------------

@dataclass
class _Census:
    path: Path
    notes: _Notes
    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in TABLES})
    warnings: list[str] = field(default_factory=list)
    extract: dt.date = dt.date.min
    children: set[str] = field(default_factory=set)
    child: str = ""                                    # the child being read, for notes
    dated: list[tuple[str, dt.date, str]] = field(default_factory=list)  # checked against the census date

    @classmethod
    def read(cls, path: Path) -> "_Census":
        census = cls(path, _Notes(str(path)))
        header = census.stream()
        census.extract = census.census_date(header)
        for element, day, child in census.dated:
            if day > census.extract:
                census.notes.add(element, f"after the census date {census.extract:%d/%m/%Y} (kept)", child)
        return census

    def stream(self) -> ET.Element | None:
        """Stream the file a child at a time; returns the header."""
        header, stack, count = None, [], 0
        try:
            with open(self.path, "rb") as stream:
                for event, elem in ET.iterparse(stream, events=("start", "end")):
                    tag = _local(elem.tag)
                    if event == "start":
                        if not stack and tag != "Message":
                            raise KpiboardError(f"{self.path}: not a CIN census (the root element is "
                                                f"'{tag}', not 'Message')")
                        stack.append(elem)
                        continue
                    stack.pop()
                    parent = _local(stack[-1].tag) if stack else None
                    if tag == "Header" and parent == "Message":
                        header = _localised(elem)
                    elif tag == "Child" and parent == "Children":
                        count += 1
                        self.read_child(_localised(elem), count)
                        stack[-1].remove(elem)   # done with it: memory stays flat on large files
        except ET.ParseError as exc:
            raise KpiboardError(f"{self.path}: not well-formed XML ({exc})") from None
        except OSError as exc:
            raise KpiboardError(f"{self.path}: cannot be read ({exc.strerror or exc})") from None
        if not count:
            self.warnings.append(f"{self.path}: no Child elements; no records from this file")
        return header

    def census_date(self, header: ET.Element | None) -> dt.date:
        details = None if header is None else header.find("CollectionDetails")
        collection = _text(details, "Collection")
        if collection is not None and collection.upper() != "CIN":
            raise KpiboardError(f"{self.path}, header, element 'Collection': '{collection}' is not CIN, "
                                "so this is not a CIN census")
        ref = self.value(details, "ReferenceDate", "header", _date)
        year = self.value(details, "Year", "header", _year)
        if ref is not None:
            end = dt.date(ref.year + (ref > dt.date(ref.year, 3, 31)), 3, 31)
            if end != ref:
                self.warnings.append(f"{self.path}, header, element 'ReferenceDate': {ref:%d/%m/%Y} is not "
                                     f"a 31 March; read as the census year ending {end:%d/%m/%Y}")
            if year is not None and end.year not in (year, year + 1):
                self.warnings.append(f"{self.path}, header, element 'Year': {year} does not match the "
                                     f"ReferenceDate {ref:%d/%m/%Y}; the ReferenceDate is used")
            return end
        if year is None:
            raise KpiboardError(f"{self.path}, header: no ReferenceDate or Year in CollectionDetails, so "
                                "the census date (the 31 March the census year ends) is unknown")
        latest = max((r["referral_date"] for r in self.rows["referrals"]), default=None)
        end = dt.date(year + (latest is not None and latest > dt.date(year, 3, 31)), 3, 31)
        self.warnings.append(f"{self.path}, header: no ReferenceDate; the census date is taken as "
                             f"{end:%d/%m/%Y} from Year {year}"
                             + (" and the latest referral" if end.year > year else ""))
        return end

    # ---- elements ---------------------------------------------------------------------------

    def value(self, elem: ET.Element | None, name: str, where: str, parse=None, *,
              key: str | None = None, needed: bool = False):
        """The text of sub-element ``name``, parsed. Missing: an error naming ``key`` (what needs
        it), a note when ``needed``, else None."""
        text, element = _text(elem, name), name.rsplit("/", 1)[-1]
        if text is not None:
            return text if parse is None else self.parse(text, parse, where, element)
        if key:
            raise KpiboardError(f"{self.path}, {where}, element '{element}': missing or empty; "
                                f"every {key} needs one")
        if needed:
            self.notes.add(element, "missing (left blank)", self.child)
        return None

    def parse(self, text: str, parse, where: str, element: str):
        try:
            return parse(text)
        except ValueError as exc:
            raise KpiboardError(f"{self.path}, {where}, element '{element}': {exc}") from None

    def dates(self, elem: ET.Element, where: str, start: str, end: str | None = None, *,
              key: str) -> tuple[dt.date, dt.date | None]:
        """A record's start (required) and end dates; an end before the start is noted."""
        first = self.value(elem, start, where, _date, key=key)
        last = end and self.value(elem, end, where, _date)
        if last is not None and last < first:
            self.notes.add(end, f"before {start} (kept as given)", self.child)
        self.dated += [(name, day, self.child) for name, day in ((start, first), (end, last)) if day]
        return first, last

    def read_child(self, elem: ET.Element, n: int) -> None:
        child = _text(elem, "ChildIdentifiers/LAchildID")
        if child is None:
            raise KpiboardError(f"{self.path}, Child {n}, element 'LAchildID': missing or empty; "
                                "every child needs its LA child ID")
        if child in self.children:
            self.notes.add("LAchildID", "child listed more than once (each kept)", child)
        self.children.add(child)
        self.child, where = child, f"child '{child}'"
        codes = [d.text.strip() for d in elem.iterfind("ChildCharacteristics/Disabilities/Disability")
                 if d.text and d.text.strip()]
        person = {"child_id": child, "gender": self.gender(elem.find("ChildIdentifiers")),
                  "dob": self.value(elem, "ChildIdentifiers/PersonBirthDate", where, _date),
                  "ethnicity": self.value(elem, "ChildCharacteristics/Ethnicity", where, needed=True),
                  # a child with no Disability codes, or only NONE, is read as not disabled
                  "disability": any(code.upper() != NO_DISABILITY for code in codes)}
        episodes = elem.findall("CINdetails")
        if not episodes:
            self.notes.add("CINdetails", "none for the child (no records)", child)
        for k, details in enumerate(episodes, 1):
            self.read_episode(details, person, f"{where}, CINdetails {k}")

    def gender(self, ids: ET.Element | None) -> str | None:
        for name in ("GenderCurrent", "Sex"):
            if (code := _text(ids, name)) is not None:
                break
        else:
            self.notes.add("GenderCurrent", "missing (left blank)", self.child)
            return None
        if code in GENDER:
            return GENDER[code]
        word = GENDER_WORDS.get(code.lower())
        self.notes.add(name, "not a census code (1, 2, 0 or 9); " + (f"read as {word}" if word else
                       "left blank"), self.child, code)
        return word

    def read_episode(self, details: ET.Element, person: dict, where: str) -> None:
        """One episode of need: a referral, a CIN episode, and the records inside it."""
        start, end = self.dates(details, where, "CINreferralDate", "CINclosureDate", key="CINdetails")
        nfa = self.value(details, "ReferralNFA", where, _flag, needed=True)
        if nfa and end is None:
            self.notes.add("CINclosureDate", "blank although ReferralNFA is true (read as open)", self.child)
        self.rows["referrals"].append(person | {
            "referral_date": start, "nfa": nfa,
            "source": self.value(details, "ReferralSource", where, needed=True)})
        self.rows["cin"].append(person | {
            "start_date": start, "end_date": end,
            "primary_need": self.value(details, "PrimaryNeedCode", where)})
        for k, elem in enumerate(details.findall("Assessments"), 1):
            begun, authorised = self.dates(elem, f"{where}, Assessments {k}", "AssessmentActualStartDate",
                                           "AssessmentAuthorisationDate", key="Assessments")
            self.rows["assessments"].append(person | {"start_date": begun, "authorised_date": authorised})
        plans = [self.read_plan(elem, person, f"{where}, ChildProtectionPlans {k}")
                 for k, elem in enumerate(details.findall("ChildProtectionPlans"), 1)]
        for k, elem in enumerate(details.findall("Section47"), 1):
            at = f"{where}, Section47 {k}"
            strategy, icpc = self.dates(elem, at, "S47ActualStartDate", "DateOfInitialCPC", key="Section47")
            self.rows["s47"].append(person | {
                "strategy_date": strategy, "icpc_date": icpc,
                "icpc_unnecessary": self.value(elem, "ICPCnotRequired", at, _flag, needed=True),
                # the census has no outcome field: a plan in this episode starting on the
                # conference date is read as the conference's outcome
                "icpc_to_cpp": None if icpc is None else icpc in plans})

    def read_plan(self, elem: ET.Element, person: dict, where: str) -> dt.date:
        start, end = self.dates(elem, where, "CPPstartDate", "CPPendDate", key="ChildProtectionPlans")
        reviews = [self.parse(r.text.strip(), _date, where, "CPPreviewDate")
                   for r in elem.iterfind("Reviews/CPPreviewDate") if r.text and r.text.strip()]
        self.dated += [("CPPreviewDate", day, self.child) for day in reviews]
        category = (self.value(elem, "LatestCategoryOfAbuse", where)
                    or self.value(elem, "InitialCategoryOfAbuse", where, needed=True))
        self.rows["cp_plans"].append(person | {
            "start_date": start, "end_date": end, "last_review_date": max(reviews, default=None),
            "previous_plans": self.value(elem, "NumberOfPreviousCPP", where, _count, needed=True),
            "category": category})
        return start


def _localised(elem: ET.Element) -> ET.Element:
    for e in elem.iter():
        e.tag = _local(e.tag)
    return elem
