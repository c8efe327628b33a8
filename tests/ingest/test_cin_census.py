"""Reading CIN census XML into the canonical tables (kpiboard.ingest.cin_census)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kpiboard.errors import KpiboardError
from kpiboard.ingest.cin_census import read_cin_census
from kpiboard.records.schema import schema

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cin_census"
D = dt.date
HEADER = ("<Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year>"
          "<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>"
          "<Source><LEA>201</LEA></Source></Header>")
# canonical table -> the element each of its rows comes from
ELEMENTS = {"referrals": "CINdetails", "cin": "CINdetails", "assessments": "Assessments",
            "s47": "Section47", "cp_plans": "ChildProtectionPlans"}


def episode(referral: str = "2023-06-01", inner: str = "", nfa: str = "false") -> str:
    """A CINdetails element; ``inner`` goes before ReferralNFA (closure, assessments, s47), plans
    after it, as the schema orders them (the reader does not mind)."""
    return (f"<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>1A</ReferralSource>"
            f"{inner}<ReferralNFA>{nfa}</ReferralNFA></CINdetails>")


def child(child_id: str = "C1", *episodes: str, gender: str = "<GenderCurrent>1</GenderCurrent>",
          characteristics: str = "<Ethnicity>WBRI</Ethnicity>") -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID>"
            f"<PersonBirthDate>2015-03-27</PersonBirthDate>{gender}</ChildIdentifiers>"
            f"<ChildCharacteristics>{characteristics}</ChildCharacteristics>"
            f"{''.join(episodes) or episode()}</Child>")


def census(path: Path, *children: str, header: str = HEADER) -> Path:
    path.write_text(f"<?xml version='1.0' encoding='UTF-8'?>\n<Message>{header}<Children>"
                    f"{''.join(children)}</Children></Message>\n", encoding="utf-8")
    return path


def rows(dataset, name: str) -> list[dict]:
    return dataset.table(name).to_pylist()


def error(paths) -> str:
    with pytest.raises(KpiboardError) as excinfo:
        read_cin_census(paths)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# ---- the shared samples ---------------------------------------------------------------------

@pytest.mark.parametrize("name, census_date", [("CIN_Census_2024.xml", D(2024, 3, 31)),
                                               ("fake_CIN_data.xml", D(2023, 3, 31))])
def test_shared_samples_give_one_row_per_element(name, census_date):
    path = SHARED / name
    root = ET.parse(path).getroot()
    ds = read_cin_census([path])
    assert {t: ds.table(t).num_rows for t in ELEMENTS} == {
        t: len(root.findall(f".//{element}")) for t, element in ELEMENTS.items()}
    assert sorted(r["referral_date"].isoformat() for r in rows(ds, "referrals")) == sorted(
        e.text for e in root.iter("CINreferralDate"))
    ids = {e.text for e in root.iter("LAchildID")}
    assert {r["child_id"] for r in rows(ds, "cin")} == ids
    for name_ in ELEMENTS:
        assert set(ds.table(name_).column("extract_date").to_pylist()) <= {census_date}
        assert ds.table(name_).schema == schema(name_)
    assert ds.history >= set(ELEMENTS)
    assert ds.sources == [str(path)]
    assert all("\n" not in w for w in ds.warnings)


def test_shared_2024_sample_is_mapped_field_by_field():
    ds = read_cin_census([SHARED / "CIN_Census_2024.xml"])
    first = [r for r in rows(ds, "cp_plans") if r["child_id"] == "DfEX0000001"]
    assert [(r["start_date"], r["end_date"], r["last_review_date"], r["previous_plans"], r["category"])
            for r in first] == [(D(2022, 2, 17), D(2023, 3, 14), D(2023, 2, 15), 10, "PHY")]
    s47 = rows(ds, "s47")
    assert [(r["strategy_date"], r["icpc_date"], r["icpc_unnecessary"]) for r in s47] == [
        (D(2022, 6, 2), D(2022, 6, 17), False)]
    # its oddities are warned about, not fatal: <Sex>M</Sex>, authorisation before start,
    # events after the census date
    text = "\n".join(ds.warnings)
    assert "'Sex': not a census code (1, 2, 0 or 9); read as Male (M)" in text
    assert "'AssessmentAuthorisationDate': before AssessmentActualStartDate" in text
    assert "'CINreferralDate': after the census date 31/03/2024 (kept) in 1 case" in text


# ---- mapping --------------------------------------------------------------------------------

def test_every_element_maps_to_its_canonical_column(tmp_path):
    first = episode("2023-05-02", "<PrimaryNeedCode>N1</PrimaryNeedCode>"
                    "<CINclosureDate>2024-01-10</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>"
                    "<Assessments><AssessmentActualStartDate>2023-05-03</AssessmentActualStartDate>"
                    "<AssessmentAuthorisationDate>2023-06-20</AssessmentAuthorisationDate></Assessments>"
                    "<Assessments><AssessmentActualStartDate>2023-11-01</AssessmentActualStartDate>"
                    "</Assessments>"
                    "<Section47><S47ActualStartDate>2023-06-21</S47ActualStartDate>"
                    "<InitialCPCtarget>2023-07-12</InitialCPCtarget>"
                    "<DateOfInitialCPC>2023-07-05</DateOfInitialCPC>"
                    "<ICPCnotRequired>false</ICPCnotRequired></Section47>"
                    "<Section47><S47ActualStartDate>2023-12-01</S47ActualStartDate>"
                    "<ICPCnotRequired>1</ICPCnotRequired></Section47>")
    first = first.replace("</CINdetails>", (
        "<ChildProtectionPlans><CPPstartDate>2023-07-05</CPPstartDate><CPPendDate>2024-01-10</CPPendDate>"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>1</NumberOfPreviousCPP><Reviews><CPPreviewDate>2023-09-20</CPPreviewDate>"
        "<CPPreviewDate>2023-12-14</CPPreviewDate><CPPreviewDate>2023-10-01</CPPreviewDate></Reviews>"
        "</ChildProtectionPlans></CINdetails>"))
    second = episode("2024-02-29", "<PrimaryNeedCode>N4</PrimaryNeedCode>", nfa="true")
    ds = read_cin_census([census(tmp_path / "c.xml", child("C1", first, second, characteristics=(
        "<Ethnicity>MWBA</Ethnicity><Disabilities><Disability>HEAR</Disability></Disabilities>")))],
        la="201")
    person = {"la": "201", "extract_date": D(2024, 3, 31), "child_id": "C1", "gender": "Male",
              "ethnicity": "MWBA", "dob": D(2015, 3, 27), "disability": True, "team": None, "worker": None}
    assert rows(ds, "referrals") == [
        person | {"referral_date": D(2023, 5, 2), "source": "1A", "nfa": False, "referrals_12m": None},
        person | {"referral_date": D(2024, 2, 29), "source": "1A", "nfa": True, "referrals_12m": None}]
    assert rows(ds, "cin") == [
        person | {"start_date": D(2023, 5, 2), "end_date": D(2024, 1, 10), "last_seen_date": None,
                  "primary_need": "N1", "case_status": None},
        person | {"start_date": D(2024, 2, 29), "end_date": None, "last_seen_date": None,
                  "primary_need": "N4", "case_status": None}]
    assert rows(ds, "assessments") == [
        person | {"start_date": D(2023, 5, 3), "authorised_date": D(2023, 6, 20), "child_seen": None,
                  "outcome": None},
        person | {"start_date": D(2023, 11, 1), "authorised_date": None, "child_seen": None,
                  "outcome": None}]
    # the conference on 5 July is the day the plan starts: it resulted in the plan
    assert rows(ds, "s47") == [
        person | {"strategy_date": D(2023, 6, 21), "icpc_unnecessary": False, "icpc_date": D(2023, 7, 5),
                  "icpc_to_cpp": True},
        person | {"strategy_date": D(2023, 12, 1), "icpc_unnecessary": True, "icpc_date": None,
                  "icpc_to_cpp": None}]
    assert rows(ds, "cp_plans") == [
        person | {"start_date": D(2023, 7, 5), "end_date": D(2024, 1, 10), "last_visit_date": None,
                  "last_review_date": D(2023, 12, 14), "previous_plans": 1, "category": "EMO"}]
    # an NFA referral left open is read as given, with a warning
    assert ds.warnings == [f"{tmp_path / 'c.xml'}, element 'CINclosureDate': blank although ReferralNFA "
                           "is true (read as open) in 1 case (first: child 'C1')"]


def test_a_conference_without_a_plan_that_day_did_not_result_in_one(tmp_path):
    inner = ("<Section47><S47ActualStartDate>2023-06-01</S47ActualStartDate><DateOfInitialCPC>2023-06-20"
             "</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>")
    ds = read_cin_census([census(tmp_path / "c.xml", child("C1", episode("2023-05-01", inner)))])
    assert [r["icpc_to_cpp"] for r in rows(ds, "s47")] == [False]


def test_latest_category_falls_back_to_initial(tmp_path):
    plan = ("<ChildProtectionPlans><CPPstartDate>2023-07-05</CPPstartDate>"
            "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>"
            "</ChildProtectionPlans>")
    ds = read_cin_census([census(tmp_path / "c.xml", child("C1", episode("2023-05-01", plan)))])
    assert [(r["category"], r["previous_plans"], r["last_review_date"]) for r in rows(ds, "cp_plans")] == [
        ("NEG", 0, None)]


@pytest.mark.parametrize("element, expected, warned", [
    ("<GenderCurrent>1</GenderCurrent>", "Male", None),
    ("<GenderCurrent>2</GenderCurrent>", "Female", None),
    ("<GenderCurrent>0</GenderCurrent>", None, None),           # not recorded or unborn
    ("<GenderCurrent>9</GenderCurrent>", "Indeterminate", None),
    ("<Sex>2</Sex>", "Female", None),                           # the later specifications' name
    ("<Sex>F</Sex>", "Female", "'Sex': not a census code (1, 2, 0 or 9); read as Female (F)"),
    ("<GenderCurrent>X</GenderCurrent>", None,
     "'GenderCurrent': not a census code (1, 2, 0 or 9); left blank (X)"),
    ("", None, "'GenderCurrent': missing (left blank)"),
])
def test_gender_codes(tmp_path, element, expected, warned):
    ds = read_cin_census([census(tmp_path / "c.xml", child("C1", gender=element))])
    assert [r["gender"] for r in rows(ds, "cin")] == [expected]
    assert len(ds.warnings) == (1 if warned else 0)
    assert not warned or warned in ds.warnings[0]


@pytest.mark.parametrize("disabilities, expected", [
    ("<Disabilities><Disability>MOB</Disability><Disability>AUT</Disability></Disabilities>", True),
    ("<Disabilities><Disability>NONE</Disability></Disabilities>", False),
    ("", False),
])
def test_disability_is_any_code_but_none(tmp_path, disabilities, expected):
    ds = read_cin_census([census(tmp_path / "c.xml", child(
        "C1", characteristics=f"<Ethnicity>WBRI</Ethnicity>{disabilities}"))])
    assert [r["disability"] for r in rows(ds, "referrals")] == [expected]


def test_namespaced_files_read_like_plain_ones(tmp_path):
    path = census(tmp_path / "c.xml", child("C1"))
    path.write_text(path.read_text().replace("<Message>", "<Message xmlns='http://example.org/cin'>"))
    ds = read_cin_census([path])
    assert [(r["child_id"], r["referral_date"]) for r in rows(ds, "referrals")] == [("C1", D(2023, 6, 1))]


# ---- census dates ---------------------------------------------------------------------------

def details(inner: str) -> str:
    return f"<Header><CollectionDetails><Collection>CIN</Collection>{inner}</CollectionDetails></Header>"


@pytest.mark.parametrize("header, referral, expected, warned", [
    (details("<Year>2023</Year><ReferenceDate>2024-03-31</ReferenceDate>"), "2023-06-01",
     D(2024, 3, 31), None),
    (details("<ReferenceDate>2022-07-21</ReferenceDate>"), "2022-06-01", D(2023, 3, 31),
     "element 'ReferenceDate': 21/07/2022 is not a 31 March; read as the census year ending 31/03/2023"),
    (details("<Year>2024</Year>"), "2023-06-01", D(2024, 3, 31),
     "no ReferenceDate; the census date is taken as 31/03/2024 from Year 2024"),
    # Year written as the year the census starts: a referral after 31 March of it says so
    (details("<Year>2023</Year>"), "2023-06-01", D(2024, 3, 31),
     "no ReferenceDate; the census date is taken as 31/03/2024 from Year 2023 and the latest referral"),
    (details("<Year>2019</Year><ReferenceDate>2024-03-31</ReferenceDate>"), "2023-06-01", D(2024, 3, 31),
     "element 'Year': 2019 does not match the ReferenceDate 31/03/2024; the ReferenceDate is used"),
])
def test_the_extract_date_is_the_census_date(tmp_path, header, referral, expected, warned):
    ds = read_cin_census([census(tmp_path / "c.xml", child("C1", episode(referral)), header=header)])
    assert rows(ds, "cin")[0]["extract_date"] == expected
    assert len(ds.warnings) == (1 if warned else 0)
    assert not warned or warned in ds.warnings[0]


def test_dates_after_the_census_date_are_kept_and_warned_about_once(tmp_path):
    late = episode("2024-04-02", "<CINclosureDate>2024-04-01</CINclosureDate>")
    path = census(tmp_path / "c.xml", child("C1", late), child("C2", episode("2024-05-01")),
                  child("C3", episode("2024-01-01")))
    ds = read_cin_census([path])
    assert len(rows(ds, "referrals")) == 3
    assert ds.warnings == [
        f"{path}, element 'CINclosureDate': before CINreferralDate (kept as given) in 1 case "
        "(first: child 'C1')",
        f"{path}, element 'CINreferralDate': after the census date 31/03/2024 (kept) in 2 cases "
        "(first: child 'C1')",
        f"{path}, element 'CINclosureDate': after the census date 31/03/2024 (kept) in 1 case "
        "(first: child 'C1')"]


def test_folders_give_one_extract_per_file(tmp_path):
    header_2023 = HEADER.replace("2024-03-31", "2023-03-31").replace("<Year>2024", "<Year>2023")
    census(tmp_path / "cin_2023.xml", child("C1", episode("2022-06-01")), header=header_2023)
    census(tmp_path / "cin_2024.xml", child("C1", episode("2022-06-01"), episode("2023-06-01")))
    (tmp_path / "notes.txt").write_text("not a census")
    ds = read_cin_census([tmp_path])
    assert [(r["extract_date"], r["referral_date"]) for r in rows(ds, "referrals")] == [
        (D(2023, 3, 31), D(2022, 6, 1)), (D(2024, 3, 31), D(2022, 6, 1)), (D(2024, 3, 31), D(2023, 6, 1))]
    assert ds.sources == [str(tmp_path / "cin_2023.xml"), str(tmp_path / "cin_2024.xml")]
    assert ds.warnings == []


def test_two_files_with_one_census_date_are_both_kept_with_a_warning(tmp_path):
    a = census(tmp_path / "a.xml", child("C1"))
    b = census(tmp_path / "b.xml", child("C2"))
    ds = read_cin_census([a, b])
    assert len(rows(ds, "cin")) == 2
    assert ds.warnings == [f"{b}: same census date (31/03/2024) as {a}; both are kept"]


# ---- errors ---------------------------------------------------------------------------------

ASSESSMENT = "<Assessments><AssessmentActualStartDate>2023-06-02</AssessmentActualStartDate>{}</Assessments>"
PLAN = ("<ChildProtectionPlans><CPPstartDate>2023-07-01</CPPstartDate><InitialCategoryOfAbuse>NEG"
        "</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>{}"
        "</ChildProtectionPlans>")


@pytest.mark.parametrize("children, expected", [
    (child("C1").replace("<LAchildID>C1</LAchildID>", ""),
     "Child 1, element 'LAchildID': missing or empty; every child needs its LA child ID"),
    (child("C1", episode("")),
     "child 'C1', CINdetails 1, element 'CINreferralDate': missing or empty; every CINdetails needs one"),
    (child("C1", episode("2023-02-30")),
     "child 'C1', CINdetails 1, element 'CINreferralDate': '2023-02-30' is not a date (no such day)"),
    (child("C1", episode(), episode("2023-07-01", ASSESSMENT.format(
        "<AssessmentAuthorisationDate>1 July</AssessmentAuthorisationDate>"))),
     "child 'C1', CINdetails 2, Assessments 1, element 'AssessmentAuthorisationDate': '1 July' is not a "
     "date (YYYY-MM-DD)"),
    (child("C1", episode(nfa="maybe")),
     "child 'C1', CINdetails 1, element 'ReferralNFA': 'maybe' is not true or false"),
    (child("C1", episode("2023-06-01", "<Section47><ICPCnotRequired>true</ICPCnotRequired></Section47>")),
     "child 'C1', CINdetails 1, Section47 1, element 'S47ActualStartDate': missing or empty; every "
     "Section47 needs one"),
    (child("C1", episode("2023-06-01", PLAN.format("<NumberOfPreviousCPP>two</NumberOfPreviousCPP>"))),
     "child 'C1', CINdetails 1, ChildProtectionPlans 1, element 'NumberOfPreviousCPP': 'two' is not a "
     "whole number"),
    (child("C1", episode("2023-06-01", PLAN.format("<Reviews><CPPreviewDate>2023-9-1x</CPPreviewDate>"
                                                    "</Reviews>"))),
     "child 'C1', CINdetails 1, ChildProtectionPlans 1, element 'CPPreviewDate': '2023-9-1x' is not a "
     "date (YYYY-MM-DD)"),
    (child("C1", episode("2023-06-01", PLAN.replace("<CPPstartDate>2023-07-01</CPPstartDate>", ""))),
     "child 'C1', CINdetails 1, ChildProtectionPlans 1, element 'CPPstartDate': missing or empty; every "
     "ChildProtectionPlans needs one"),
])
def test_bad_children_name_the_file_child_and_element(tmp_path, children, expected):
    path = census(tmp_path / "c.xml", child("C0"), children)
    assert error([path]) == f"{path}, {expected}".replace("Child 1,", "Child 2,")


@pytest.mark.parametrize("header, expected", [
    (details("<Year>2024</Year><ReferenceDate>31st March</ReferenceDate>"),
     "header, element 'ReferenceDate': '31st March' is not a date (YYYY-MM-DD)"),
    (details("<Year>24</Year>"), "header, element 'Year': '24' is not a year"),
    (details(""), "header: no ReferenceDate or Year in CollectionDetails, so the census date"),
    ("", "header: no ReferenceDate or Year in CollectionDetails"),
    (details("<Collection>SSDA903</Collection>").replace("<Collection>CIN</Collection>", ""),
     "header, element 'Collection': 'SSDA903' is not CIN, so this is not a CIN census"),
])
def test_bad_headers(tmp_path, header, expected):
    path = census(tmp_path / "c.xml", child("C1"), header=header)
    assert error([path]).startswith(f"{path}, {expected}")


def test_bad_files(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<Message><Children><Child></Children></Message>")
    assert error([broken]).startswith(f"{broken}: not well-formed XML (mismatched tag: line 1")
    other = tmp_path / "other.xml"
    other.write_text("<Return><Children/></Return>")
    assert error([other]) == f"{other}: not a CIN census (the root element is 'Return', not 'Message')"
    csv = tmp_path / "cin.csv"
    csv.write_text("a,b\n")
    assert error([csv]) == f"{csv}: a CIN census must be an .xml file, got '.csv'"
    assert error([tmp_path / "missing.xml"]) == f"{tmp_path / 'missing.xml'}: file or folder not found"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert error([empty]).startswith(f"{empty}: no .xml files in this folder")


def test_missing_optional_and_odd_values_are_summarised(tmp_path):
    bare = episode().replace("<ReferralSource>1A</ReferralSource>", "")
    path = census(tmp_path / "c.xml", child("C1", bare, bare), child("C1"),
                  child("C2", characteristics=""))
    ds = read_cin_census([path])
    assert len(rows(ds, "referrals")) == 4
    assert ds.warnings == [
        f"{path}, element 'ReferralSource': missing (left blank) in 2 cases (first: child 'C1')",
        f"{path}, element 'LAchildID': child listed more than once (each kept) in 1 case (first: child 'C1')",
        f"{path}, element 'Ethnicity': missing (left blank) in 1 case (first: child 'C2')"]


# ---- end to end -----------------------------------------------------------------------------

def test_engine_computes_measures_from_a_census(tmp_path):
    from kpiboard.measures.engine import Engine
    from kpiboard.periods import Month

    def assessed(start, authorised):
        return ASSESSMENT.format(f"<AssessmentAuthorisationDate>{authorised}</AssessmentAuthorisationDate>"
                                 ).replace("2023-06-02", start)

    plan = PLAN.format("<NumberOfPreviousCPP>0</NumberOfPreviousCPP>")
    path = census(tmp_path / "c.xml",
                  # authorised 10 Oct 2023: 7 working days after 29 Sep -> in time
                  child("A", episode("2023-09-28", assessed("2023-09-29", "2023-10-10") + plan)),
                  # authorised 31 Oct 2023, 64 working days after 1 Aug -> late
                  child("B", episode("2023-10-05", assessed("2023-08-01", "2023-10-31"))),
                  # a plan that ended in September is not open at 31 October
                  child("C", episode("2023-03-01", plan.replace(
                      "<InitialCategoryOfAbuse>",
                      "<CPPendDate>2023-09-30</CPPendDate><InitialCategoryOfAbuse>"))))
    engine = Engine()
    try:
        engine.load(read_cin_census([path]))
        got = {r.measure: (r.numerator, r.denominator, r.value) for r in
               engine.compute(["referrals", "assessments_45wd_pct", "cpp_open"], Month(2023, 10))}
    finally:
        engine.close()
    assert got == {"referrals": (1.0, None, 1.0), "assessments_45wd_pct": (1.0, 2.0, 50.0),
                   "cpp_open": (1.0, None, 1.0)}


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
""" + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8)) + """]>
<Message><Header>&i;</Header></Message>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<Message><Header><Source>&secret;</Source></Header></Message>
"""


@pytest.mark.parametrize("payload, why", [(ENTITY_BOMB, "amplification"), (EXTERNAL_ENTITY, "undefined entity")])
def test_hostile_xml_is_refused_in_one_line_without_expanding_or_reading_files(tmp_path, payload, why):
    path = tmp_path / "census.xml"
    path.write_text(payload)
    with pytest.raises(KpiboardError) as caught:
        read_cin_census([path])
    message = str(caught.value)
    assert message.startswith(f"{path}: not well-formed XML") and why in message and "\n" not in message
