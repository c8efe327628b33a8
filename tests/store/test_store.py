"""The SQLite store: loads, revisions, atomic batches (kpiboard.store, kpiboard.loading)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from kpiboard.catalogue import load_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.figures import Figure
from kpiboard.ingest.benchmarks import Benchmark
from kpiboard.ingest.commentary import Comment
from kpiboard.loading import prepare_load
from kpiboard.measures.pages import PageFigure
from kpiboard.periods import FinancialYear, Month
from kpiboard.store import LoadBatch, Store, default_db_url
from kpiboard.store import schema
from kpiboard.store.db import LoadItem

CATALOGUE = """\
title: Test catalogue
indicators:
  - ref: "CR1"
    title: Contacts received
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
  - ref: "CR2"
    title: Contacts with a decision within 1 working day
    section: Contact and referral
    polarity: higher
    unit: percent
    aggregation: ratio
    target: 90
    rag: {green: {at_least: 90}, amber: {at_least: 85}}
"""

VALUES_1 = """\
ref,period,value,note
CR1,2017-04,100,
CR1,2017-05,110,
CR1,2017-06,,unavailable due to data migration
CR2,2017-04,76 of 576,
CR2,2016-17,84.5,
"""

# May revised, June now available, July new; April and the annual figure restated unchanged
VALUES_2 = """\
ref,period,value,note,rag
CR1,2017-04,100,,
CR1,2017-05,115,,
CR1,2017-06,120,,
CR1,2017-07,130,,
CR2,2017-04,76 of 576,,R
CR2,2016-17,84.5,,
"""

TABLES = (schema.loads, schema.catalogues, schema.figures, schema.commentary, schema.benchmarks,
          schema.reports)


@pytest.fixture
def store(tmp_path):
    return Store(str(tmp_path / "kpi.db"))


@pytest.fixture
def files(tmp_path):
    """Write a named file into tmp_path and return its path."""
    def write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def catalogue_file(files):
    return files("catalogue.yaml", CATALOGUE)


@pytest.fixture
def loaded(store, catalogue_file):
    """A store with the catalogue already loaded."""
    store.load(prepare_load(store, catalogue=catalogue_file))
    return store


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES}


def values_of(store: Store, ref: str) -> dict:
    return {v.figure.period: v.figure.value for v in store.current_figures()[ref]}


# ---- every load recorded --------------------------------------------------------------------------

def test_every_load_recorded_with_sha256_and_as_at(store, files, catalogue_file):
    values = files("values.csv", VALUES_1)
    comments = files("comments.csv", "ref,period,author,subject,text\nCR1,2017-04,AS,Contacts,Up.\n")
    bench = files("bench.csv", "ref,year,england\nCR2,2016-17,81.2\n")
    batch = prepare_load(store, catalogue=catalogue_file, values=[values], commentary=[comments],
                         benchmarks=[bench], as_at=dt.date(2017, 7, 5))
    summaries = store.load(batch)
    assert [(s.kind, s.source, s.rows, s.skipped) for s in summaries] == [
        ("catalogue", str(catalogue_file), 2, None),
        ("values", str(values), 5, None),
        ("commentary", str(comments), 1, None),
        ("benchmarks", str(bench), 1, None),
    ]
    assert [s.load_id for s in summaries] == [1, 2, 3, 4]
    assert summaries[1].new == 5 and summaries[1].revised == 0 and summaries[1].unchanged == 0
    loads = store.loads()
    assert [(r.id, r.kind, r.source, r.rows) for r in loads] == [
        (1, "catalogue", str(catalogue_file), 2), (2, "values", str(values), 5),
        (3, "commentary", str(comments), 1), (4, "benchmarks", str(bench), 1)]
    for row, path in zip(loads, [catalogue_file, values, comments, bench]):
        assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert row.as_at == "2017-07-05"
        assert dt.datetime.fromisoformat(row.loaded_at).tzinfo is not None
    assert store.last_load_id() == 4
    assert counts(store) == {"loads": 4, "catalogues": 1, "figures": 5, "commentary": 1,
                             "benchmarks": 1, "reports": 0}


def test_as_at_defaults_to_today(loaded, files):
    loaded.load(prepare_load(loaded, values=[files("v.csv", VALUES_1)]))
    assert loaded.loads()[-1].as_at == dt.date.today().isoformat()


def test_load_warnings_are_kept(loaded, files):
    path = files("v.csv", "ref,period,value,note\nCR1,2017-04,5,\nCR1,2017-05,,\n")
    loaded.load(prepare_load(loaded, values=[path]))
    row = loaded.loads()[-1]
    assert row.rows == 1
    assert row.warnings == f"{path}, row 3, column 'value': blank value with no note, skipped"


def test_figures_round_trip(loaded, files):
    loaded.load(prepare_load(loaded, values=[files("v.csv", VALUES_1)]))
    current = {v.figure.period: v.figure for v in loaded.current_figures()["CR2"]}
    assert current[FinancialYear(2016)] == Figure("CR2", FinancialYear(2016), 84.5)
    april = current[Month(2017, 4)]
    assert (april.numerator, april.denominator) == (76.0, 576.0)
    assert april.value == pytest.approx(76 / 576 * 100)
    cr1 = {v.figure.period: v.figure for v in loaded.current_figures()["CR1"]}
    assert cr1[Month(2017, 6)] == Figure("CR1", Month(2017, 6), None, note="unavailable due to data migration")


# ---- identical file again -----------------------------------------------------------------------

def test_identical_file_again_writes_nothing(loaded, files):
    path = files("v.csv", VALUES_1)
    (first,) = loaded.load(prepare_load(loaded, values=[path]))
    before = counts(loaded)
    (again,) = loaded.load(prepare_load(loaded, values=[path]))
    assert again.load_id is None
    assert again.skipped.startswith(f"already loaded as load {first.load_id} on ")
    assert again.new == again.revised == again.unchanged == 0
    assert counts(loaded) == before


def test_identical_content_under_another_name_is_skipped(loaded, files):
    loaded.load(prepare_load(loaded, values=[files("april.csv", VALUES_1)]))
    before = counts(loaded)
    (again,) = loaded.load(prepare_load(loaded, values=[files("april-copy.csv", VALUES_1)]))
    assert again.skipped is not None
    assert counts(loaded) == before


def test_identical_catalogue_again_is_skipped(loaded, catalogue_file):
    before = counts(loaded)
    (summary,) = loaded.load(prepare_load(loaded, catalogue=catalogue_file))
    assert summary.skipped.startswith("already loaded as load 1")
    assert counts(loaded) == before


# ---- revisions ------------------------------------------------------------------------------------

def test_changed_figures_are_revisions(loaded, files):
    (s1,) = loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1)]))
    (s2,) = loaded.load(prepare_load(loaded, values=[files("v2.csv", VALUES_2)]))
    # May changed; June went from unavailable to a value; July is new; the rest restated as they were
    # (a RAG typed into the data is not a change of figures)
    assert (s2.new, s2.revised, s2.unchanged) == (1, 2, 3)

    history = loaded.history()
    may = history[("CR1", "2017-05")]
    assert [(v.figure.value, v.load_id) for v in may] == [(110.0, s1.load_id), (115.0, s2.load_id)]
    assert may[0].source.endswith("v1.csv") and may[1].source.endswith("v2.csv")
    assert [v.figure.note for v in history[("CR1", "2017-06")]] == ["unavailable due to data migration", None]
    assert len(history[("CR1", "2017-07")]) == 1
    assert len(history[("CR2", "2016/17")]) == 2  # both versions kept, even when identical

    assert values_of(loaded, "CR1") == {Month(2017, 4): 100.0, Month(2017, 5): 115.0,
                                        Month(2017, 6): 120.0, Month(2017, 7): 130.0}
    current_cr2 = {v.figure.period: v for v in loaded.current_figures()["CR2"]}
    assert current_cr2[Month(2017, 4)].figure.rag_given == "red"
    assert current_cr2[Month(2017, 4)].load_id == s2.load_id

    assert loaded.revised_since(s1.load_id) == {("CR1", Month(2017, 5)), ("CR1", Month(2017, 6))}
    assert loaded.revised_since(s2.load_id) == set()
    assert loaded.revised_since(0) == set()  # nothing was known before the first load


def test_restating_identical_figures_in_a_different_file_is_not_a_revision(loaded, files):
    (s1,) = loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1)]))
    restated = files("wide.csv", 'Ref,Title,Apr-17,May-17\nCR1,Contacts,100,"110"\nCR2,Decisions,76 of 576,\n')
    (s2,) = loaded.load(prepare_load(loaded, values=[restated]))
    assert s2.skipped is None and s2.load_id is not None
    assert (s2.new, s2.revised, s2.unchanged) == (0, 0, 3)
    assert loaded.revised_since(s1.load_id) == set()
    assert len(loaded.history()[("CR1", "2017-04")]) == 2


def test_revision_to_an_annual_figure(loaded, files):
    (s1,) = loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1)]))
    loaded.load(prepare_load(loaded, values=[files("annual.csv", "ref,period,value\nCR2,2016/17,85.0\n")]))
    assert loaded.revised_since(s1.load_id) == {("CR2", FinancialYear(2016))}
    assert values_of(loaded, "CR2")[FinancialYear(2016)] == 85.0


def test_summary_counts_within_one_batch(loaded, files):
    s1, s2 = loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1), files("v2.csv", VALUES_2)]))
    assert (s2.new, s2.revised, s2.unchanged) == (1, 2, 3)


def test_two_files_in_one_batch_keep_order(loaded, files):
    s1, s2 = loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1), files("v2.csv", VALUES_2)]))
    assert values_of(loaded, "CR1")[Month(2017, 5)] == 115.0
    assert loaded.revised_since(s1.load_id) == {("CR1", Month(2017, 5)), ("CR1", Month(2017, 6))}


# ---- atomic batches -----------------------------------------------------------------------------

def test_bad_second_file_leaves_store_as_it_was(loaded, files):
    loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1)]))
    before = counts(loaded)
    loads_before = loaded.loads()
    good = files("v2.csv", VALUES_2)
    bad = files("bad.csv", "ref,period,value\nCR1,2017-08,1\nCR1,2017-09,lots\n")
    with pytest.raises(KpiboardError) as excinfo:
        loaded.load(prepare_load(loaded, values=[good, bad]))
    assert str(excinfo.value).startswith(f"{bad}, row 3, column 'value': 'lots' is not a number")
    assert counts(loaded) == before
    assert loaded.loads() == loads_before
    assert values_of(loaded, "CR1")[Month(2017, 5)] == 110.0


def test_bad_commentary_after_good_values_writes_nothing(store, files, catalogue_file):
    before = counts(store)
    with pytest.raises(KpiboardError, match="is not an indicator"):
        store.load(prepare_load(store, catalogue=catalogue_file, values=[files("v1.csv", VALUES_1)],
                                commentary=[files("c.csv", "ref,period,text\nXX,2017-04,Hi\n")]))
    assert counts(store) == before == {t.name: 0 for t in TABLES}


def test_failure_while_writing_rolls_back_the_whole_batch(loaded, files):
    before = counts(loaded)
    batch = prepare_load(loaded, values=[files("v1.csv", VALUES_1)])
    batch.items.append(LoadItem("not-a-kind", "x", "0" * 64, []))
    with pytest.raises(ValueError):
        loaded.load(batch)
    assert counts(loaded) == before


def test_values_without_a_catalogue(store, files):
    with pytest.raises(KpiboardError) as excinfo:
        prepare_load(store, values=[files("v1.csv", VALUES_1)])
    assert str(excinfo.value) == "no catalogue loaded yet; run 'kpiboard load --catalogue FILE'"


def test_values_checked_against_the_catalogue_in_the_same_batch(store, files):
    extended = CATALOGUE + """\
  - ref: "CR3"
    title: Referrals
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
"""
    batch = prepare_load(store, catalogue=files("cat2.yaml", extended),
                         values=[files("v.csv", "ref,period,value\nCR3,2017-04,7\n")])
    store.load(batch)
    assert values_of(store, "CR3") == {Month(2017, 4): 7.0}


# ---- commentary and benchmarks ------------------------------------------------------------------

def test_commentary_latest_version(loaded, files):
    c1 = files("c1.csv", "ref,period,author,subject,text,status\n"
                         "CR1,2017-04,AS,Contacts,First draft,draft\n"
                         "CR1,2017-04,BJ,Contacts,Second opinion,\n"
                         "CR2,2017-04,AS,Timeliness,Below target,submitted\n")
    c2 = files("c2.csv", "ref,period,author,subject,text,status\n"
                         "CR1,2017-04,AS,Contacts,Final text,approved\n"
                         "CR1,2017-05,AS,Contacts,May text,draft\n")
    loaded.load(prepare_load(loaded, commentary=[c1]))
    loaded.load(prepare_load(loaded, commentary=[c2]))
    got = sorted(loaded.commentary(), key=lambda c: (c.ref, c.period, c.author))
    assert got == [
        Comment("CR1", Month(2017, 4), "AS", "Contacts", "Final text", "approved"),
        Comment("CR1", Month(2017, 4), "BJ", "Contacts", "Second opinion", "approved"),
        Comment("CR1", Month(2017, 5), "AS", "Contacts", "May text", "draft"),
        Comment("CR2", Month(2017, 4), "AS", "Timeliness", "Below target", "submitted"),
    ]
    assert counts(loaded)["commentary"] == 5  # older versions are kept


def test_benchmarks_latest_version(loaded, files):
    b1 = files("b1.csv", "ref,year,sn_average,best_sn,england,top_quartile,source\n"
                         "CR2,2016-17,80.1,90.2,81.2,88.0,DfE 2017\n"
                         "CR2,2015-16,79.0,89.0,80.0,87.0,DfE 2016\n")
    b2 = files("b2.csv", "ref,year,sn_average,best_sn,england,top_quartile,source\n"
                         "CR2,2016-17,c,90.5,81.3,x,DfE 2017 revised\n")
    loaded.load(prepare_load(loaded, benchmarks=[b1]))
    loaded.load(prepare_load(loaded, benchmarks=[b2]))
    got = {(b.ref, b.year): b for b in loaded.benchmarks()}
    assert got == {
        ("CR2", "2016-17"): Benchmark("CR2", "2016-17", None, 90.5, 81.3, None, None, "DfE 2017 revised"),
        ("CR2", "2015-16"): Benchmark("CR2", "2015-16", 79.0, 89.0, 80.0, 87.0, None, "DfE 2016"),
    }


# ---- reports --------------------------------------------------------------------------------------

def test_record_report_and_last_report_load(loaded, files):
    (s1,) = loaded.load(prepare_load(loaded, values=[files("v1.csv", VALUES_1)]))
    loaded.record_report("monthly", Month(2017, 6))
    (s2,) = loaded.load(prepare_load(loaded, values=[files("v2.csv", VALUES_2)]))

    assert loaded.last_report_load("monthly", Month(2017, 7)) == s1.load_id
    assert loaded.last_report_load("monthly", Month(2017, 6)) is None  # only earlier reports count
    assert loaded.last_report_load("quarterly", Month(2017, 7)) is None
    # what changed since the figures the last report was built from
    assert loaded.revised_since(loaded.last_report_load("monthly", Month(2017, 7))) == {
        ("CR1", Month(2017, 5)), ("CR1", Month(2017, 6))}

    loaded.record_report("monthly", Month(2017, 7))
    assert loaded.last_report_load("monthly", Month(2017, 8)) == s2.load_id
    with loaded.engine.connect() as conn:
        rows = conn.execute(select(schema.reports).order_by(schema.reports.c.id)).all()
    assert [(r.kind, r.period, r.last_load_id) for r in rows] == [
        ("monthly", "2017-06", s1.load_id), ("monthly", "2017-07", s2.load_id)]


def test_record_report_on_an_empty_store(store):
    store.record_report("monthly", Month(2017, 4))
    assert store.last_report_load("monthly", Month(2017, 5)) == 0


# ---- catalogue in the store ---------------------------------------------------------------------

def test_catalogue_round_trips(loaded, catalogue_file):
    assert loaded.catalogue() == load_catalogue(catalogue_file)
    with loaded.engine.connect() as conn:
        (yaml_text,) = conn.execute(select(schema.catalogues.c.yaml)).one()
    assert yaml_text == CATALOGUE


def test_newer_catalogue_wins(loaded, files):
    newer = files("catalogue-v2.yaml", CATALOGUE.replace("Contacts received", "Contacts received (all)"))
    loaded.load(prepare_load(loaded, catalogue=newer))
    assert loaded.catalogue().indicator("CR1").title == "Contacts received (all)"
    assert loaded.catalogue() == load_catalogue(newer)


def test_no_catalogue_yet(store):
    with pytest.raises(KpiboardError, match="no catalogue loaded yet"):
        store.catalogue()


def test_store_reopened_from_file(tmp_path, catalogue_file, files):
    first = Store(str(tmp_path / "kpi.db"))
    first.load(prepare_load(first, catalogue=catalogue_file, values=[files("v1.csv", VALUES_1)]))
    again = Store(str(tmp_path / "kpi.db"), create=False)
    assert again.catalogue() == load_catalogue(catalogue_file)
    assert values_of(again, "CR1")[Month(2017, 4)] == 100.0
    assert counts(again) == counts(first)


def test_store_create_false_on_missing_file(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(KpiboardError) as excinfo:
        Store(str(path), create=False)
    message = str(excinfo.value)
    assert message == f"{path.resolve()}: no store here yet; run 'kpiboard load' first"
    assert not path.exists()


def test_empty_batch(store):
    assert store.load(LoadBatch()) == []
    assert store.last_load_id() == 0
    assert store.history() == {} and store.current_figures() == {}


def test_page_figures_of_a_month_come_from_that_months_load_not_a_later_one(tmp_path):
    """October's load repeats September's LA totals (for the trends) but has no September
    breakdowns: September's page still comes from September's load."""
    sep, oct_ = Month(2026, 9), Month(2026, 10)
    september = [PageFigure("referrals", sep, "month", "", "", None, None, 90.0),
                 PageFigure("referrals", sep, "ytd", "", "", None, None, 500.0),
                 PageFigure("referrals", sep, "month", "team", "North", None, None, 40.0),
                 PageFigure("referrals", sep, "month", "team", "South", None, None, 50.0)]
    october = [PageFigure("referrals", sep, "month", "", "", None, None, 91.0),  # revised total
               PageFigure("referrals", oct_, "month", "", "", None, None, 97.0),
               PageFigure("referrals", oct_, "ytd", "", "", None, None, 597.0),
               PageFigure("referrals", oct_, "month", "team", "North", None, None, 97.0)]
    store = Store(f"sqlite:///{tmp_path / 'kpi.db'}")
    for name, figures in (("sep", september), ("oct", october)):
        store.load(LoadBatch([LoadItem("breakdowns", name, name * 16, figures)]))
    assert sorted(store.page_figures(sep), key=str) == sorted(september, key=str)
    assert sorted(store.page_figures(oct_), key=str) == sorted(october, key=str)
    assert store.page_figures(Month(2026, 8)) == []


@pytest.mark.parametrize("given, url", [
    ("postgresql://u:pw@db.example/kpi", "postgresql+psycopg://u:pw@db.example/kpi"),
    ("postgres://u:pw@db.example/kpi", "postgresql+psycopg://u:pw@db.example/kpi"),
    ("postgresql+psycopg://u:pw@db.example/kpi", "postgresql+psycopg://u:pw@db.example/kpi"),
    ("sqlite:///tmp/k.db", "sqlite:///tmp/k.db"),
])
def test_store_urls_name_the_driver_kpiboard_installs(given, url):
    assert default_db_url(given) == url


def test_a_sqlite_store_waits_for_another_writer(tmp_path):
    """A load while the app's users save commentary: the second writer waits (up to 30 s) for
    the first instead of failing at once with "database is locked"."""
    import threading
    import time

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'k.db'}"
    first, second = Store(url), Store(url)
    holding = threading.Event()

    def hold_the_write_lock():
        with first.engine.begin() as conn:
            conn.execute(text("INSERT INTO reports (kind, period, last_load_id, generated_at) "
                              "VALUES ('monthly', '2026-10', 0, 'now')"))
            holding.set()
            time.sleep(6)  # longer than SQLite's default 5 s wait

    writer = threading.Thread(target=hold_the_write_lock)
    writer.start()
    holding.wait()
    second.record_report("monthly", Month(2026, 11))  # waits for the first, then writes
    writer.join()
    with second.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reports")).scalar_one() == 2
