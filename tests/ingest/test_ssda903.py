"""Reading SSDA903 returns into the canonical tables (kpiboard.ingest.ssda903)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from kpiboard.errors import KpiboardError
from kpiboard.ingest.ssda903 import read_ssda903
from kpiboard.records.schema import schema

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ssda903"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def d(text: str | None) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def episode(child, decom, rne, ls, place, dec="", rec="") -> str:
    """An episodes.csv row in the DfE column order (unread columns filled in)."""
    return f"{child},{decom},{rne},{ls},N1,{place},PR1,{dec},{rec or ('X1' if dec else '')},,,,"


def write_return(folder: Path, episodes: list[str], prefix: str = "2017-", **tables: list[str]) -> Path:
    """A return: episodes rows plus any other table as full CSV lines; a header for every child
    unless one is given."""
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / f"{prefix}episodes.csv", [EPISODES, *episodes])
    children = sorted({row.split(",")[0] for row in episodes})
    tables.setdefault("header", ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
                      + [f"{c},1,01/01/2010,WBRI,,," for c in children])
    for name, lines in tables.items():
        write(folder / f"{prefix}{name}.csv", lines)
    return folder


def rows(dataset, name: str, child: str | None = None) -> list[dict]:
    out = dataset.table(name).to_pylist()
    return [r for r in out if child is None or r["child_id"] == child]


def error(paths) -> str:
    with pytest.raises(KpiboardError) as excinfo:
        read_ssda903(paths)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# ---- periods of care ------------------------------------------------------------------------

def test_continuous_episodes_form_one_period_and_a_gap_starts_another(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "10/06/2017", "P", "C2", "U3"),             # rows out of order: sorted by DECOM
        episode("A", "01/04/2017", "S", "C1", "U1", "10/06/2017"),
        episode("B", "01/05/2017", "S", "C2", "U1", "01/06/2017", "E13"),
        episode("B", "02/06/2017", "S", "V2", "K2", "01/09/2017", "E8"),
    ])])
    a = rows(ds, "cla", "A")
    assert [(r["start_date"], r["end_date"], r["legal_status"], r["placement_type"]) for r in a] == [
        (d("01/04/2017"), None, "C2", "U3")]
    b = rows(ds, "cla", "B")
    assert [(r["start_date"], r["end_date"], r["legal_status"]) for r in b] == [
        (d("01/05/2017"), d("01/06/2017"), "C2"), (d("02/06/2017"), d("01/09/2017"), "V2")]
    assert len(rows(ds, "cla_episodes")) == 4
    assert ds.history >= {"cla_episodes", "cla", "cla_reviews", "missing"}
    assert ds.warnings == []


def test_every_table_has_the_canonical_schema_and_common_columns(tmp_path):
    folder = write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")], header=[
        "CHILD,SEX,DOB,ETHNIC", "A,2,03/02/2009,BAFR"])
    ds = read_ssda903([folder], la="Camden")
    for name, table in ds.tables.items():
        assert table.schema == schema(name)
    (row,) = rows(ds, "cla")
    assert {k: row[k] for k in ("la", "extract_date", "child_id", "gender", "ethnicity", "dob",
                                "disability", "team", "worker")} == {
        "la": "Camden", "extract_date": d("31/03/2018"), "child_id": "A", "gender": "Female",
        "ethnicity": "BAFR", "dob": d("03/02/2009"), "disability": None, "team": None, "worker": None}


def test_episode_ending_after_the_extract_date_leaves_the_period_open(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1", "01/04/2018")])])
    assert rows(ds, "cla")[0]["end_date"] is None
    assert rows(ds, "cla_episodes")[0]["end_date"] == d("01/04/2018")  # episodes keep the data as given
    assert ds.warnings == [f"{tmp_path / '2017-episodes.csv'}, column 'DEC': after the extract date "
                           "31/03/2018 (the period of care is read as open at it) in 1 row (first: row 2)"]


# ---- several returns: each child's history stitched ------------------------------------------

def cla_by_return(dataset, child: str, *columns: str) -> list[tuple]:
    return [(r["extract_date"], *(r[c] for c in columns)) for r in rows(dataset, "cla", child)]


def test_a_period_of_care_across_three_returns_keeps_its_true_start_and_placement(tmp_path):
    write_return(tmp_path, [
        episode("A", "01/06/2014", "S", "C2", "U1", "01/01/2016"),
        episode("A", "01/01/2016", "P", "C2", "U4")], prefix="2015-")
    write_return(tmp_path, [
        episode("A", "01/01/2016", "P", "C2", "U4", "01/09/2016"),
        episode("A", "01/09/2016", "L", "E1", "U4"),                 # legal status only
        episode("B", "01/05/2016", "S", "C2", "U1")], prefix="2016-")
    write_return(tmp_path, [
        episode("A", "01/09/2016", "L", "E1", "U4", "01/02/2018"),
        episode("A", "01/02/2018", "T", "E1", "U5"),                 # same carer, new type
        episode("B", "01/05/2016", "S", "C2", "U1", "01/06/2017", "E13")], prefix="2017-")
    ds = read_ssda903([tmp_path])
    assert cla_by_return(ds, "A", "start_date", "end_date", "placement_start", "legal_status",
                         "placement_type") == [
        (d("31/03/2016"), d("01/06/2014"), None, d("01/01/2016"), "C2", "U4"),
        (d("31/03/2017"), d("01/06/2014"), None, d("01/01/2016"), "E1", "U4"),
        (d("31/03/2018"), d("01/06/2014"), None, d("01/01/2016"), "E1", "U5")]
    # the 2016 return's row reads the episode in its latest version, but as open at 31/03/2017
    assert cla_by_return(ds, "B", "start_date", "end_date") == [
        (d("31/03/2017"), d("01/05/2016"), None), (d("31/03/2018"), d("01/05/2016"), d("01/06/2017"))]
    # episodes stay as each return gives them
    assert [(r["extract_date"], r["start_date"]) for r in rows(ds, "cla_episodes", "A")] == [
        (d("31/03/2016"), d("01/06/2014")), (d("31/03/2016"), d("01/01/2016")),
        (d("31/03/2017"), d("01/01/2016")), (d("31/03/2017"), d("01/09/2016")),
        (d("31/03/2018"), d("01/09/2016")), (d("31/03/2018"), d("01/02/2018"))]
    assert ds.warnings == []


def test_each_return_read_alone_starts_its_periods_at_its_own_episodes(tmp_path):
    write_return(tmp_path, [episode("A", "01/06/2014", "S", "C2", "U1", "01/09/2016"),
                            episode("A", "01/09/2016", "L", "E1", "U1")], prefix="2016-")
    write_return(tmp_path, [episode("A", "01/09/2016", "L", "E1", "U1")], prefix="2017-")
    alone = read_ssda903(sorted(tmp_path.glob("2017-*.csv")))
    assert cla_by_return(alone, "A", "start_date", "placement_start") == [
        (d("31/03/2018"), d("01/09/2016"), d("01/09/2016"))]
    together = read_ssda903([tmp_path])
    assert cla_by_return(together, "A", "start_date", "placement_start")[-1] == (
        d("31/03/2018"), d("01/06/2014"), d("01/06/2014"))


def test_a_gap_between_returns_episodes_breaks_the_period(tmp_path):
    write_return(tmp_path, [
        episode("A", "01/01/2016", "S", "C2", "U1", "10/03/2017", "E13"),
        episode("C", "01/01/2016", "S", "C2", "U1", "10/03/2017"),
        episode("C", "10/03/2017", "P", "C2", "U4")], prefix="2016-")
    write_return(tmp_path, [
        episode("A", "20/04/2017", "S", "C2", "U1"),                 # back in care after a gap
        episode("C", "10/03/2017", "P", "C2", "U4")], prefix="2017-")  # moved on the day: no gap
    ds = read_ssda903([tmp_path])
    assert cla_by_return(ds, "A", "start_date", "end_date") == [
        (d("31/03/2017"), d("01/01/2016"), d("10/03/2017")), (d("31/03/2018"), d("20/04/2017"), None)]
    assert cla_by_return(ds, "C", "start_date", "placement_start") == [
        (d("31/03/2017"), d("01/01/2016"), d("10/03/2017")),
        (d("31/03/2018"), d("01/01/2016"), d("10/03/2017"))]


def test_placements_in_the_12_months_reach_into_the_previous_return(tmp_path):
    write_return(tmp_path, [
        episode("A", "01/01/2016", "S", "C2", "U1", "01/08/2016"),
        episode("A", "01/08/2016", "P", "C2", "U4", "01/02/2017"),
        episode("A", "01/02/2017", "P", "C2", "U5")], prefix="2016-")
    write_return(tmp_path, [episode("A", "01/02/2017", "P", "C2", "U5", "01/05/2017", "E13")], prefix="2017-")
    ds = read_ssda903([tmp_path])
    # the 12 months to 01/05/2017 reach back to 01/05/2016, into the first placement
    assert cla_by_return(ds, "A", "start_date", "end_date", "placement_start", "placements_12m")[-1] == (
        d("31/03/2018"), d("01/01/2016"), d("01/05/2017"), d("01/02/2017"), 3)
    alone = read_ssda903(sorted(tmp_path.glob("2017-*.csv")))
    assert rows(alone, "cla")[0]["placements_12m"] == 1


# ---- placements -----------------------------------------------------------------------------

def test_rne_l_t_u_continue_a_placement_and_s_p_b_start_one(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/01/2016", "S", "C2", "U1", "01/06/2017"),
        episode("A", "01/06/2017", "L", "E1", "U1", "01/08/2017"),  # legal status only: same placement
        episode("A", "01/08/2017", "P", "E1", "U4", "01/10/2017"),  # new placement
        episode("A", "01/10/2017", "T", "E1", "U5", "01/12/2017"),  # same carer, new type
        episode("A", "01/12/2017", "B", "E1", "U6"),                # new placement
        episode("C", "01/01/2016", "S", "C2", "U1", "01/12/2017"),
        episode("C", "01/12/2017", "U", "C2", "U2"),                # same carer: placement from 2016
    ])])
    (a,) = rows(ds, "cla", "A")
    assert (a["placement_start"], a["placements_12m"]) == (d("01/12/2017"), 3)
    (c,) = rows(ds, "cla", "C")
    assert (c["placement_start"], c["placements_12m"]) == (d("01/01/2016"), 1)


@pytest.mark.parametrize("first_ends, expected", [
    ("31/03/2017", 1),   # moved on the day before the 12 months: only the current placement
    ("01/04/2017", 2),   # still in the first placement on the window's first day
])
def test_a_placement_counts_if_it_overlaps_the_12_months_at_all(tmp_path, first_ends, expected):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/01/2016", "S", "C2", "U1", first_ends),
        episode("A", first_ends, "P", "C2", "U4")])])
    assert rows(ds, "cla")[0]["placements_12m"] == expected


def test_short_breaks_are_not_placements(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/05/2017", "S", "V3", "H5", "03/05/2017", "E8"),
        episode("A", "01/06/2017", "S", "V4", "H5", "04/06/2017", "E8"),
        episode("A", "01/07/2017", "S", "C2", "U1", "01/09/2017"),
        episode("A", "01/09/2017", "S", "V3", "H5", "03/09/2017"),   # a break within a period
        episode("A", "03/09/2017", "S", "C2", "U1"),
    ])])
    assert [(r["start_date"], r["legal_status"], r["placements_12m"]) for r in rows(ds, "cla")] == [
        (d("01/05/2017"), "V3", 0), (d("01/06/2017"), "V4", 0), (d("01/07/2017"), "C2", 2)]


def test_placements_from_an_earlier_period_in_the_12_months_count(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/05/2017", "S", "C2", "U1", "01/06/2017", "E13"),
        episode("A", "01/08/2017", "S", "C2", "U1")])])
    assert [r["placements_12m"] for r in rows(ds, "cla")] == [1, 2]


def test_a_closed_period_counts_the_12_months_to_its_end(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/06/2016", "S", "C2", "U1", "01/02/2017"),
        episode("A", "01/02/2017", "P", "C2", "U4", "01/06/2017"),
        episode("A", "01/06/2017", "P", "C2", "U5", "01/07/2017", "E13")])])
    (row,) = rows(ds, "cla")
    assert (row["end_date"], row["placement_start"], row["placements_12m"]) == (
        d("01/07/2017"), d("01/06/2017"), 3)


# ---- reviews, uasc, missing, care leavers, adoption -----------------------------------------

def test_reviews_and_the_latest_review_within_each_period(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/04/2017", "S", "C2", "U1", "01/08/2017", "E13"),
        episode("A", "01/09/2017", "S", "C2", "U1")],
        reviews=["CHILD,DOB,REVIEW,REVIEW_CODE"] + [f"A,01/01/2010,{day},PN1" for day in (
            "01/01/2017", "01/05/2017", "01/02/2018", "01/06/2018")])])
    assert [r["review_date"] for r in rows(ds, "cla_reviews")] == [
        d("01/01/2017"), d("01/05/2017"), d("01/02/2018"), d("01/06/2018")]
    # a review before the period started is not its review; one after the extract date is not yet held
    assert [r["last_review_date"] for r in rows(ds, "cla")] == [d("01/05/2017"), d("01/02/2018")]
    assert ds.warnings == [f"{tmp_path / '2017-reviews.csv'}, column 'REVIEW': after the extract date "
                           "31/03/2018 in 1 row (first: row 5)"]


def test_uasc_from_uasc_csv_and_none_without_it(tmp_path):
    eps = [episode("A", "01/04/2017", "S", "C2", "U1"), episode("B", "01/04/2017", "S", "C2", "U1")]
    uasc = ["CHILD,SEX,DOB,DUC", "A,1,01/01/2010,01/01/2028"]
    with_file = read_ssda903([write_return(tmp_path / "x", eps, uasc=uasc)])
    assert [(r["child_id"], r["uasc"]) for r in rows(with_file, "cla")] == [("A", True), ("B", False)]
    without = read_ssda903([write_return(tmp_path / "y", eps)])
    assert [r["uasc"] for r in rows(without, "cla")] == [None, None]


def test_missing_episodes(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")], missing=[
        "CHILD,DOB,MISSING,MIS_START,MIS_END", "A,01/01/2010,M,03/05/2017,05/05/2017",
        "A,01/01/2010,A,01/12/2017,"])])
    assert [(r["start_date"], r["end_date"], r["kind"]) for r in rows(ds, "missing")] == [
        (d("03/05/2017"), d("05/05/2017"), "M"), (d("01/12/2017"), None, "A")]


@pytest.mark.parametrize("in_touch, activ, accom, expected", [
    ("YES", "F1", "B1", (True, True, True)),
    ("NO", "P3", "B2", (False, True, False)),
    ("DIED", "G4", "0", (None, False, None)),
    ("REFU", "0", "Z", (None, None, None)),
    ("NREQ", "G6", "Z2", (None, False, False)),
])
def test_care_leavers_from_oc3(tmp_path, in_touch, activ, accom, expected):
    ds = read_ssda903([write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")], oc3=[
        "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", f"A,01/01/2000,{in_touch},{activ},{accom}"])])
    (row,) = rows(ds, "care_leavers")
    assert (row["in_touch"], row["eet"], row["accommodation_suitable"]) == expected
    assert (row["activity"], row["accommodation"]) == (activ, accom)
    assert ds.warnings == []


def test_adoption_from_ad1_placed_for_adoption_and_episodes(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/01/2015", "S", "C2", "U1", "01/03/2015", "E13"),   # an earlier period of care
        episode("A", "01/06/2015", "S", "C2", "U1", "01/02/2016"),
        episode("A", "01/02/2016", "L", "E1", "U1", "01/09/2016"),
        episode("A", "01/09/2016", "P", "E1", "A4", "01/04/2017"),
        episode("A", "01/04/2017", "L", "E1", "A4", "15/10/2017", "E11"),
        episode("B", "01/06/2016", "S", "E1", "U1"),
    ], ad1=["CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
            "A,01/01/2014,01/12/2015,20/08/2016,0,2,MF,L11"],
        placed_for_adoption=["CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
                             "A,01/01/2014,05/12/2015,,", "B,01/01/2014,01/10/2016,,"])])
    got = {r["child_id"]: r for r in rows(ds, "adoption")}
    assert {k: got["A"][k] for k in schema("adoption").names[9:]} == {
        "entered_care_date": d("01/06/2015"), "decision_date": d("05/12/2015"),
        "placement_order_date": d("01/02/2016"), "matched_date": d("20/08/2016"),
        "placed_date": d("01/09/2016"), "adoption_order_date": d("15/10/2017")}
    assert (got["B"]["entered_care_date"], got["B"]["placement_order_date"], got["B"]["matched_date"]) == (
        d("01/06/2016"), d("01/06/2016"), None)


# ---- collection years -----------------------------------------------------------------------

def test_several_years_in_one_folder_are_several_returns(tmp_path):
    write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")], prefix="2017-")
    write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1", "01/06/2018")], prefix="2018-")
    ds = read_ssda903([tmp_path])
    assert [(r["extract_date"], r["end_date"]) for r in rows(ds, "cla")] == [
        (d("31/03/2018"), None), (d("31/03/2019"), d("01/06/2018"))]
    assert len(ds.sources) == 4


@pytest.mark.parametrize("prefix, expected", [("", "31/03/2018"), ("2017-", "31/03/2018"),
                                              ("2017-18-", "31/03/2018"), ("2016_", "31/03/2018")])
def test_extract_date_from_the_prefix_or_the_data(tmp_path, prefix, expected):
    ds = read_ssda903([write_return(tmp_path, [episode("A", "05/03/2018", "S", "C2", "U1")], prefix=prefix)])
    assert {r["extract_date"] for r in rows(ds, "cla_episodes")} == {d(expected)}
    assert bool(ds.warnings) == (prefix == "2016_")


def test_a_prefix_the_data_contradict_is_warned_about(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [episode("A", "01/01/2016", "S", "C2", "U1"),
                                               episode("B", "05/06/2017", "S", "C2", "U1")], prefix="2016-")])
    assert ds.warnings == [
        f"{tmp_path / '2016-episodes.csv'}: the file name says 2016-17 but row 3 starts an episode on "
        "05/06/2017, after 31/03/2017; read as the 2017-18 return (extract date 31/03/2018)"]


def test_warnings_are_summarised_per_file_and_column(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [episode(c, "01/04/2017", "S", "Q9", "U1") for c in "ABC"]
                                    + [episode("D", "01/04/2017", "S", "Q8", "")])])
    assert ds.warnings == [
        f"{tmp_path / '2017-episodes.csv'}, column 'LS': unknown code (Q9, Q8) in 4 rows (first: row 2)",
        f"{tmp_path / '2017-episodes.csv'}, column 'PLACE': blank in 1 row (first: row 5)"]
    assert [r["placement_type"] for r in rows(ds, "cla_episodes")] == ["U1", "U1", "U1", None]


def test_faulty_episode_chains_are_repaired_and_warned_about(tmp_path):
    ds = read_ssda903([write_return(tmp_path, [
        episode("A", "01/04/2017", "S", "C2", "U1", "01/07/2017"),
        episode("A", "01/06/2017", "P", "C2", "U4", "01/08/2017"),   # starts before the last one ends
        episode("A", "01/08/2017", "P", "C2", "U5"),                 # open, yet followed by another
        episode("A", "01/10/2017", "P", "C2", "U6", "01/11/2017", "E13"),
    ])])
    (row,) = rows(ds, "cla")
    assert (row["start_date"], row["end_date"], row["placements_12m"]) == (
        d("01/04/2017"), d("01/11/2017"), 4)
    source = tmp_path / "2017-episodes.csv"
    assert ds.warnings == [
        f"{source}, column 'DECOM': before the previous episode's DEC (read as one period of care) "
        "in 1 row (first: row 3)",
        f"{source}, column 'DEC': blank but the child has a later episode (read as ending when that one "
        "starts) in 1 row (first: row 4)"]


def test_children_missing_from_the_header_and_unknown_files(tmp_path):
    folder = write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1"),
                                     episode("B", "01/04/2017", "S", "C2", "U1")],
                          header=["CHILD,SEX,DOB,ETHNIC", "A,3,,WBRI"])
    write(folder / "2017-notes.csv", ["anything"])
    ds = read_ssda903([folder])
    assert [(r["child_id"], r["gender"], r["dob"]) for r in rows(ds, "cla")] == [("A", None, None),
                                                                               ("B", None, None)]
    assert ds.warnings == [
        f"{folder / '2017-notes.csv'}: not an SSDA903 table name; ignored",
        f"{folder / '2017-header.csv'}, column 'SEX': unknown code (3) in 1 row (first: row 2)",
        f"{folder / '2017-header.csv'}, column 'DOB': blank in 1 row (first: row 2)",
        f"{folder / '2017-episodes.csv'}, column 'CHILD': child not in header.csv (no gender, ethnicity "
        "or dob) in 1 row (first: row 3)"]


@pytest.mark.parametrize("cell, expected", [
    ("01/04/2017", dt.date(2017, 4, 1)), ("1/4/2017", dt.date(2017, 4, 1)),
    ("01/04/2017 00:00", dt.date(2017, 4, 1)), ("2017-04-01", dt.date(2017, 4, 1)), ("", None)])
def test_dmy_dates(cell, expected):
    from kpiboard.ingest.cells import dmy_date

    assert dmy_date(cell) == expected


# ---- errors ---------------------------------------------------------------------------------

def test_unreadable_date(tmp_path):
    folder = write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1"),
                                     episode("B", "31/02/2018", "S", "C2", "U1")])
    assert error([folder]) == (f"{folder / '2017-episodes.csv'}, row 3, column 'DECOM': "
                               "'31/02/2018' is not a date (no such day)")
    write(folder / "2017-header.csv", ["CHILD,SEX,DOB,ETHNIC", "A,1,2010/01/01,WBRI"])
    assert error([folder]) == (f"{folder / '2017-header.csv'}, row 2, column 'DOB': "
                               "'2010/01/01' is not a date (DD/MM/YYYY)")


def test_missing_required_column(tmp_path):
    folder = write_return(tmp_path, [])
    write(folder / "2017-episodes.csv", ["CHILD,DECOM,RNE,LS,DEC,REC", "A,01/04/2017,S,C2,,"])
    assert error([folder]) == (f"{folder / '2017-episodes.csv'}, column 'PLACE': missing; 2017-episodes.csv "
                               "needs the columns CHILD, DECOM, RNE, LS, PLACE, DEC, REC")


def test_episode_ending_before_it_starts(tmp_path):
    folder = write_return(tmp_path, [episode("A", "05/03/2017", "S", "C2", "U1", "01/03/2017")])
    assert error([folder]) == (f"{folder / '2017-episodes.csv'}, row 2, column 'DEC': "
                               "01/03/2017 is before DECOM 05/03/2017")


@pytest.mark.parametrize("name", ["header", "episodes"])
def test_a_return_without_header_or_episodes(tmp_path, name):
    folder = write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")])
    (folder / f"2017-{name}.csv").unlink()
    other = "2017-header.csv" if name == "episodes" else "2017-episodes.csv"
    assert error([folder]) == (f"{folder / f'2017-{name}.csv'}: not found; every SSDA903 return needs "
                               f"header.csv and episodes.csv (this one has {other})")


def test_files_that_are_not_ssda903_csv(tmp_path):
    folder = write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")])
    (folder / "episodes.xlsx").write_bytes(b"PK\x03\x04")
    assert error([folder]) == (f"{folder / 'episodes.xlsx'}: not a CSV file; SSDA903 tables are read "
                               "from CSV (header.csv, episodes.csv, ...)")
    notes = write(tmp_path / "notes.csv", ["a,b"])
    assert error([notes]).startswith(f"{notes}: not an SSDA903 table name (expected header, episodes, ")
    assert error([tmp_path / "nowhere"]) == f"{tmp_path / 'nowhere'}: file or folder not found"


def test_blank_child_id(tmp_path):
    folder = write_return(tmp_path, [episode("A", "01/04/2017", "S", "C2", "U1")],
                          missing=["CHILD,DOB,MISSING,MIS_START,MIS_END", ",01/01/2010,M,03/05/2017,"])
    assert error([folder]) == (f"{folder / '2017-missing.csv'}, row 2, column 'CHILD': "
                               "blank; every row needs the child's id")


# ---- the shared data sets -------------------------------------------------------------------

def csv_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("folder, years", [
    ("single_year_2017_18", {"": 2018}),
    ("five_years_2017_2021", {f"{y}-": y + 1 for y in range(2017, 2022)})])
def test_shared_returns(folder, years):
    ds = read_ssda903([SHARED / folder])
    tables = {name: rows(ds, name) for name in ds.tables}
    for prefix, year in years.items():
        extract = dt.date(year, 3, 31)
        of_year = {name: [r for r in got if r["extract_date"] == extract] for name, got in tables.items()}
        for table, file in [("cla_episodes", "episodes"), ("cla_reviews", "reviews"), ("missing", "missing")]:
            expected = csv_rows(SHARED / folder / f"{prefix}{file}.csv")
            assert len(of_year[table]) == len(expected), (table, year)
        header = {r["CHILD"] for r in csv_rows(SHARED / folder / f"{prefix}header.csv")}
        assert {r["child_id"] for got in of_year.values() for r in got} == header
        episodes = csv_rows(SHARED / folder / f"{prefix}episodes.csv")
        assert {r["child_id"] for r in of_year["cla"]} == {r["CHILD"] for r in episodes}
        assert all(r["gender"] in ("Male", "Female") and r["dob"] for r in of_year["cla"])
    assert {r["extract_date"].year for r in tables["cla"]} == set(years.values())
    assert not any("the file name says" in w for w in ds.warnings)
    assert ds.history >= {"cla_episodes", "cla", "cla_reviews", "missing"}


def test_both_shared_sets_together():
    ds = read_ssda903([SHARED / "single_year_2017_18", SHARED / "five_years_2017_2021"])
    years = sorted({r["extract_date"].year for r in rows(ds, "cla_episodes")})
    assert years == [2018, 2019, 2020, 2021, 2022]
    assert len(ds.sources) == 10 + 5 * 8


def test_stitched_returns_put_more_children_in_the_long_term_stability_cohort():
    """October 2020 is read from the 2020-21 return: alone, its periods of care start no earlier
    than the episodes it holds; with the four returns before it, they start when care began."""
    from kpiboard.measures.engine import Engine
    from kpiboard.periods import Month

    folder = SHARED / "five_years_2017_2021"
    alone = read_ssda903(sorted(folder.glob("2020-*.csv")))
    together = read_ssda903([folder])
    extract = dt.date(2021, 3, 31)
    starts = {r["child_id"]: r["start_date"] for r in rows(alone, "cla") if r["end_date"] is None}
    stitched = {r["child_id"]: r["start_date"] for r in rows(together, "cla")
                if r["extract_date"] == extract and r["end_date"] is None}
    assert stitched.keys() == starts.keys()
    assert all(stitched[c] <= starts[c] for c in starts)
    assert sum(stitched[c] < starts[c] for c in starts) > len(starts) // 4

    def cohort(dataset) -> tuple:
        engine = Engine()
        try:
            engine.load(dataset)
            (result,) = engine.compute(["cla_long_term_stability_pct"], Month(2020, 10))
        finally:
            engine.close()
        return result.numerator, result.denominator

    # (numerator, denominator); both re-counted by hand from the CSV files
    assert (cohort(alone), cohort(together)) == ((1, 5), (9, 94))
