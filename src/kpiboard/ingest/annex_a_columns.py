"""Which Annex A column feeds which canonical column: the knowledge behind ``annex_a.py``.

Each list names its canonical table, the words that identify its sheet, and for every canonical
column the headers LAs use for it (the Annex A name first; the others are renamings seen in
local templates and older guidance). Headers are compared normalised (``header_key``), so case,
spacing, punctuation and "(Y/N)" hints do not matter. ``known`` lists Annex A columns that no
measure needs: they are read past without a warning.

Kinds: ``id`` child ID, ``text`` kept as given, ``code`` text minus the "a) " list prefix,
``flag`` yes/no, ``date``, ``int``, and the list 9 codes ``in_touch`` and ``suitable`` (whose
meanings are at the end, with the activity codes that give ``eet``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpiboard.ingest import cells


@dataclass(frozen=True)
class Column:
    name: str                   # canonical column
    kind: str
    headers: tuple[str, ...]    # Annex A name first
    required: bool = False


@dataclass(frozen=True)
class ListSpec:
    number: int
    table: str | None           # None: a list no measure reads (2, 11)
    title: str
    sheet_words: str            # regex over the lower-cased sheet name
    columns: tuple[Column, ...] = ()
    known: tuple[str, ...] = ()


def header_key(text: object) -> str:
    """'Referral NFA?' -> 'referral nfa'; "LA children's" -> 'la childrens'; drops '(Y/N)'."""
    s = re.sub(r"['’‘`]", "", str(text if text is not None else "").lower())
    s = " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())
    return re.sub(r"( y n| yes no| dd mm yyyy| dd mm yy)+$", "", s)


def _col(name: str, kind: str, *headers: str, required: bool = False) -> Column:
    return Column(name, kind, headers, required)


COMMON = (
    _col("child_id", "id", "Child Unique ID", "Child ID", "Unique Child ID", "Child Unique Identifier",
         "Child Identifier", "CUID", "ID", "Person ID", "Client ID", "Child Reference", "Child Ref",
         required=True),
    _col("gender", "code", "Gender", "Sex"),
    _col("ethnicity", "code", "Ethnicity", "Ethnic Group", "Ethnic Origin"),
    _col("dob", "date", "Date of Birth", "DOB", "Birth Date"),
    _col("disability", "flag", "Does the Child have a Disability", "Disability", "Disabled"),
    _col("team", "text", "Allocated Team", "Team"),
    _col("worker", "text", "Allocated Worker", "Worker", "Allocated Social Worker", "Social Worker"),
)
AGE = ("Age", "Age of Child (Years)", "Age of Child", "Age (Years)")

LISTS = (
    ListSpec(1, "contacts", "contacts", r"\bcontacts?\b", (
        _col("contact_date", "date", "Date of Contact", "Contact Date", required=True),
        _col("source", "code", "Contact Source", "Source of Contact", "Source"),
    ), AGE),
    ListSpec(2, None, "early help assessments", r"\bearly help\b"),
    ListSpec(3, "referrals", "referrals", r"\breferrals?\b", (
        _col("referral_date", "date", "Date of Referral", "Referral Date", required=True),
        _col("source", "code", "Referral Source", "Source of Referral", "Source"),
        _col("nfa", "flag", "Referral NFA?", "NFA", "Referral No Further Action", "No Further Action",
             "Was the Referral NFA"),
        _col("referrals_12m", "int", "Number of Referrals in Last 12 Months",
             "Number of Referrals in the Last 12 Months", "No. of Referrals in Last 12 Months",
             "Referrals in Last 12 Months"),
    ), AGE),
    ListSpec(4, "assessments", "assessments", r"\bassessments?\b", (
        _col("start_date", "date", "Continuous Assessment Start Date", "Assessment Start Date",
             "Date Assessment Started", "Start Date of Assessment", required=True),
        _col("authorised_date", "date", "Continuous Assessment Date of Authorisation",
             "Assessment Date of Authorisation", "Date of Authorisation", "Assessment Authorisation Date",
             "Assessment Authorised Date", "Date Assessment Authorised", "Assessment Completion Date"),
        _col("child_seen", "flag", "Child Seen During Continuous Assessment", "Child Seen During Assessment",
             "Child Seen"),
        _col("outcome", "code", "Was the child assessed as requiring LA children's social care support?",
             "Assessment Outcome", "Outcome"),
    ), AGE),
    ListSpec(5, "s47", "section 47 enquiries", r"\bs ?47\b|\bsection ?47\b|\bstrategy\b", (
        _col("strategy_date", "date", "Strategy discussion initiating Section 47 Enquiry Start Date",
             "Section 47 Enquiry Start Date", "S47 Enquiry Start Date", "S47 Start Date",
             "Date of Strategy Discussion", "Strategy Discussion Date", required=True),
        _col("icpc_unnecessary", "flag", "Was an Initial Child Protection Conference deemed unnecessary?",
             "ICPC Deemed Unnecessary", "ICPC Not Required"),
        _col("icpc_date", "date", "Date of Initial Child Protection Conference",
             "Initial Child Protection Conference Date", "Date of ICPC", "ICPC Date"),
        _col("icpc_to_cpp", "flag",
             "Did the Initial Child Protection Conference Result in a Child Protection Plan",
             "Did the ICPC Result in a Child Protection Plan", "ICPC Resulted in CP Plan",
             "ICPC Resulted in CPP"),
    ), AGE + ("Number of Section 47 Enquiries in the last 12 months",
              "Number of ICPCs in the last 12 months")),
    ListSpec(6, "cin", "children in need", r"\bchild(ren)? in need\b|\bcin\b", (
        _col("start_date", "date", "CIN Start Date", "Child in Need Start Date", "Start Date", required=True),
        _col("end_date", "date", "CIN Closure Date", "CIN End Date", "Closure Date", "Date of Closure",
             "End Date"),
        _col("last_seen_date", "date", "Date Child Was Last Seen", "Date Child Last Seen", "Date Last Seen"),
        _col("primary_need", "code", "Primary Need Code", "Primary Need", "CIN Primary Need Code"),
        _col("case_status", "code", "Case Status"),
    ), AGE + ("Reason for Closure",)),
    ListSpec(7, "cp_plans", "child protection plans", r"\bchild protection\b|\bcpp?\b|\bcp plans?\b", (
        _col("start_date", "date", "Child Protection Plan Start Date", "CP Plan Start Date",
             "CPP Start Date", "Plan Start Date", required=True),
        _col("end_date", "date", "Child Protection Plan End Date", "CP Plan End Date", "CPP End Date",
             "Plan End Date"),
        _col("last_visit_date", "date", "Date of the Last Statutory Visit", "Date of Last Statutory Visit",
             "Last Statutory Visit Date"),
        _col("last_review_date", "date", "Date of latest review conference",
             "Date of Last Review Conference", "Latest Review Conference Date"),
        _col("previous_plans", "int", "Number of Previous Child Protection Plans",
             "Number of Previous CP Plans", "Previous CP Plans"),
        _col("category", "code", "Latest Category of Abuse", "Category of Abuse",
             "Current Category of Abuse"),
    ), AGE + ("Initial Category of Abuse", "Was the Child Seen Alone?",
              "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
              "Months (Y/N)")),
    ListSpec(8, "cla", "children looked after",
             r"\blooked after\b|\bcla\b|\blac\b|\bchildren in care\b|\bcic\b", (
        _col("start_date", "date", "Date Started to be Looked After", "Date Started Looked After",
             "Date Became Looked After", "CLA Start Date", "Date Started Care", required=True),
        _col("end_date", "date", "Date Ceased to be Looked After", "Date Ceased Looked After",
             "CLA End Date", "Date Ceased Care"),
        _col("legal_status", "short_code", "Child's Legal Status", "Legal Status"),
        _col("placement_type", "short_code", "Placement Type"),
        _col("placement_start", "date", "Start Date of Most Recent Placement", "Placement Start Date",
             "Date of Most Recent Placement"),
        _col("placements_12m", "int", "Number of Placements in the Last 12 months",
             "Number of Placements in Last 12 Months", "Placements in Last 12 Months"),
        _col("last_review_date", "date", "Date of Latest Statutory Review", "Date of Last Statutory Review",
             "Date of Last Review"),
        _col("last_visit_date", "date", "Date of Last Social Work Visit", "Last Social Work Visit Date"),
        _col("health_assessment_date", "date", "Date of Last Health Assessment",
             "Last Health Assessment Date"),
        _col("dental_check_date", "date", "Date of Last Dental Check", "Last Dental Check Date"),
        _col("uasc", "flag", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
             "Unaccompanied Asylum Seeking Child (UASC)", "Unaccompanied Asylum Seeking Child", "UASC"),
        _col("placement_location", "code", "Placement Location"),
    ), AGE + ("Child's Category of Need",
              "Is this a second or subsequent period of being a Looked After Child within the last "
              "12 months (Y/N)",
              "Start date of current legal status", "What is the permanence plan for this child?",
              "Date of Last IRO Visit / Contact to the Child", "Reason Ceased to be Looked After",
              "Placement Provider", "Placement postcode", "URN of Placement", "LA of Placement",
              "Number of Episodes the Child has been ‘Missing’ from their Placement in the last "
              "12 months",
              "Number of Episodes the Child has been ‘Absent’ from their Placement in the last "
              "12 months",
              "Was the child offered a Return Interview after their last missing episode (Y/N)?",
              "Did the child accept a Return Interview after their last missing episode (Y/N)?")),
    ListSpec(9, "care_leavers", "care leavers", r"\bcare leavers?\b|\bleaving care\b|\bleavers?\b", (
        _col("in_touch", "in_touch", "LA in Touch", "Local Authority in Touch", "In Touch"),
        _col("activity", "code", "Activity Status", "Main Activity", "Activity"),
        _col("accommodation", "code", "Type of Accommodation", "Accommodation Type", "Accommodation"),
        _col("accommodation_suitable", "suitable", "Suitability of Accommodation",
             "Accommodation Suitable", "Suitable Accommodation"),
        # 2024 layout onwards only
        _col("pathway_review_date", "date", "Latest Pathway Plan Review Date", "Pathway Plan Review Date",
             "Date of Latest Pathway Plan Review", "Date of Last Pathway Plan Review"),
    ), AGE + ("Eligibility Category", "Allocated Personal Advisor", "Latest Date of Contact",
              "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)")),
    ListSpec(10, "adoption", "adoption", r"\badopt(ion|ions|ed)\b", (
        _col("entered_care_date", "date", "Date the Child Entered Care", "Date Child Entered Care",
             "Date Entered Care"),
        _col("decision_date", "date", "Date of Decision that Child Should be Placed for Adoption",
             "Date of Decision to Place for Adoption", "ADM Decision Date"),
        _col("placement_order_date", "date", "Date of Placement Order", "Placement Order Date"),
        _col("matched_date", "date", "Date of Matching Child and Prospective Adopters", "Date Matched",
             "Date of Match", "Matching Date"),
        _col("placed_date", "date", "Date Placed for Adoption", "Date Placed with Adopters"),
        _col("adoption_order_date", "date", "Date of Adoption Order", "Adoption Order Date"),
    ), AGE + ("Family identifier", "Date of Decision that Child Should No Longer be Placed for Adoption",
              "Reason Why Child No Longer Placed for Adoption",
              "Date the child was placed for fostering in FFA or concurrent planning placement")),
    ListSpec(11, None, "adopters", r"\badopters?\b"),
)
BY_NUMBER = {spec.number: spec for spec in LISTS}
# Keyword order matters where words overlap: adopters before adoption, early help before
# assessments, care leavers before children in care.
KEYWORD_ORDER = (11, 10, 2, 9, 8, 7, 6, 5, 3, 1, 4)


def columns(spec: ListSpec) -> tuple[Column, ...]:
    return COMMON + spec.columns


# ---- what list 9's codes mean ---------------------------------------------------------------
# "LA in touch" (SSDA903 codes or their words): YES; NO, REFU refuses contact, NREQ no longer
# requires services, RHOM returned home (all not in touch); DIED (neither).
_NOT_IN_TOUCH = re.compile(r"^(no|n|false|refu|nreq|rhom)\b|not in touch|refus|no longer|not require|return")
_IN_TOUCH = re.compile(r"^(yes|y|true|in touch)\b")


def in_touch(text: str) -> bool | None:
    """Raises ValueError for a word that is none of the codes."""
    word = text.strip().lower()
    if word in cells.UNKNOWN_WORDS or re.search(r"\bdied\b|\bdeceased\b", word):
        return None
    if _NOT_IN_TOUCH.search(word):
        return False
    if _IN_TOUCH.search(word):
        return True
    raise ValueError(f"'{text}' is not an 'LA in touch' answer (Yes, No, REFU, NREQ, RHOM or DIED)")


def suitable(text: str) -> bool | None:
    """'Suitable' / 'Unsuitable' (SSDA903: 1 / 2), or Yes / No. Raises ValueError."""
    word = text.strip().lower()
    if word in cells.UNKNOWN_WORDS:
        return None
    if word in {"suitable", "1", "yes", "y"}:
        return True
    if word in {"unsuitable", "not suitable", "2", "no", "n"}:
        return False
    raise ValueError(f"'{text}' is not Suitable or Unsuitable")


def eet(activity: str | None) -> bool | None:
    """Activity codes F1-F6 (full time) and P1-P6 (part time) are in education, employment or
    training; G1-G6 are not. None when there is no such code."""
    code = re.match(r"([FPG])\d", activity or "", re.I)
    return None if code is None else code[1].upper() in "FP"
