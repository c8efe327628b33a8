"""The commentary workflow: draft, submit, approve or return with a reason, every version kept,
optimistic locking with a clear conflict, and approved text in the reports."""

from __future__ import annotations

import pytest

from kpiboard.periods import Month
from kpiboard.reporting import build_report
from kpiboard.store import Store
from kpiboard.web import workflow

from test_auth import audit_rows


def post(client, action: str, version: int, **fields):
    return client.post("/commentary/CR1/2026-10",
                       data={"action": action, "version": version, "csrf_token": client.csrf, **fields})


def test_draft_submit_return_resubmit_approve_keeps_every_version(login, db_url):
    alex, officer = login("alex"), login("officer")
    assert post(alex, "save", 0, text="Contacts **rose** in October.").status_code == 303
    assert post(alex, "submit", 1).status_code == 303
    assert post(officer, "return", 2, reason="Say why they rose.").status_code == 303
    page = alex.get("/commentary/CR1/2026-10").text
    assert "Returned because: <span class=\"reason\">Say why they rose.</span>" in page
    assert post(alex, "save", 3, text="Contacts rose after the school term began.").status_code == 303
    assert post(alex, "submit", 4).status_code == 303
    assert post(officer, "approve", 5).status_code == 303
    store = Store(db_url)
    history = workflow.history(store, "CR1", "2026-10")
    assert [(v.version, v.action, v.status, v.changed_by) for v in reversed(history)] == [
        (1, "save", "draft", "Alex Smith"), (2, "submit", "submitted", "Alex Smith"),
        (3, "return", "returned", "Olive Officer"), (4, "save", "draft", "Alex Smith"),
        (5, "submit", "submitted", "Alex Smith"), (6, "approve", "approved", "Olive Officer")]
    assert history[-1].text == "Contacts **rose** in October."
    assert history[3].reason == "Say why they rose."
    actions = [a for _, a, _ in audit_rows(db_url) if a.startswith("commentary_")]
    assert actions == ["commentary_save", "commentary_submit", "commentary_return", "commentary_save",
                       "commentary_submit", "commentary_approve"]


def test_only_approved_text_reaches_the_report_and_a_later_draft_does_not_replace_it(db_url, tmp_path):
    store = Store(db_url)
    workflow.change(store, "save", "CR2", "2026-10", "Alex Smith", 0, text="First words.")
    assert [c.status for c in store.commentary() if c.ref == "CR2"] == ["draft"]  # in progress only
    workflow.change(store, "submit", "CR2", "2026-10", "Alex Smith", 1)
    workflow.change(store, "approve", "CR2", "2026-10", "Olive Officer", 2)
    workflow.change(store, "save", "CR2", "2026-10", "Alex Smith", 3, text="Second words, unapproved.")
    comments = [c for c in store.commentary() if c.ref == "CR2"]
    assert [(c.period, c.author, c.text, c.status) for c in comments] == [
        (Month(2026, 10), "Alex Smith", "First words.", "approved"),
        (Month(2026, 10), "Alex Smith", "Second words, unapproved.", "draft")]
    for kind in ("monthly", "scorecard"):
        html = build_report(db_url, kind, Month(2026, 10), tmp_path, record=False)[0].read_text()
        assert "First words." in html and "Second words" not in html, kind
    monthly = (tmp_path / "monthly-report-2026-10.html").read_text()
    assert "A later version of this commentary is being drafted; the approved text is shown." in monthly


def test_reports_say_which_owed_commentary_is_awaiting_approval_or_being_drafted(db_url, tmp_path):
    """CR2 and CP1 are amber and owe commentary; only approved text is shown, but the report
    says what is on its way instead of calling it missing."""
    store = Store(db_url)
    workflow.change(store, "save", "CR2", "2026-10", "Alex Smith", 0, text="Words under review.")
    workflow.change(store, "submit", "CR2", "2026-10", "Alex Smith", 1)
    html = build_report(db_url, "monthly", Month(2026, 10), tmp_path, record=False)[0].read_text()
    assert ("Commentary required but not supplied for 2 indicators: CR2, CP1 "
            "(submitted and awaiting approval: CR2).") in html
    assert html.count("Commentary required (off target) – submitted, awaiting approval.") == 1
    assert html.count("Commentary required (off target) – not yet supplied.") == 1  # CP1
    assert "Words under review." not in html
    workflow.change(store, "return", "CR2", "2026-10", "Olive Officer", 2, reason="Say why.")
    html, book = build_report(db_url, "monthly", Month(2026, 10), tmp_path, formats=("html", "xlsx"),
                              record=False)
    html = html.read_text()
    assert "Commentary required (off target) – being drafted, not yet submitted." in html
    assert "awaiting approval" not in html
    # the workbook's two sheets say the same as the report
    import openpyxl

    cells = [c.value for ws in openpyxl.load_workbook(book).worksheets for row in ws.iter_rows() for c in row]
    assert "Yes – being drafted, not yet submitted" in cells
    assert "Commentary required – being drafted, not yet submitted" in cells
    assert "Commentary required – not yet supplied" in cells  # CP1


def test_a_stale_save_is_a_conflict_naming_who_and_keeping_your_text(login, db_url):
    alex, officer = login("alex"), login("officer")
    post(alex, "save", 0, text="Alex's first text.")
    # both open version 1; the officer saves first
    assert post(officer, "save", 1, text="Officer's edit.").status_code == 303
    response = post(alex, "save", 1, text="Alex's second text.")
    assert response.status_code == 409
    assert "This commentary was changed by Olive Officer at" in response.text
    assert "since you opened it (now version 2, draft)" in response.text
    assert "Alex&#39;s second text.</textarea>" in response.text       # kept in the form
    assert '<input type="hidden" name="version" value="2">' in response.text
    assert "Officer&#39;s edit." in response.text                       # theirs shown beside it
    assert workflow.current(Store(db_url), "CR1", "2026-10").text == "Officer's edit."
    assert any(a == "commentary_conflict" for _, a, _ in audit_rows(db_url))
    assert post(alex, "save", 2, text="Alex's second text.").status_code == 303  # deliberate


@pytest.mark.parametrize("steps, refused", [
    ([], ("submit", 0)),                      # nothing to submit
    ([("save", 0)], ("approve", 1)),          # a draft is not approved before it is submitted
    ([("save", 0), ("submit", 1)], ("submit", 2)),
])
def test_steps_the_status_does_not_allow(db_url, steps, refused):
    store = Store(db_url)
    for action, version in steps:
        workflow.change(store, action, "CP2", "2026-10", "Bea Jones", version, text="Text.")
    with pytest.raises(workflow.WorkflowError):
        workflow.change(store, refused[0], "CP2", "2026-10", "Olive Officer", refused[1])


def test_returning_needs_a_reason(db_url):
    store = Store(db_url)
    workflow.change(store, "save", "CP2", "2026-10", "Bea Jones", 0, text="Text.")
    workflow.change(store, "submit", "CP2", "2026-10", "Bea Jones", 1)
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.change(store, "return", "CP2", "2026-10", "Olive Officer", 2, reason=" ")


def test_workbooks_carry_commentary_as_plain_text_and_say_what_awaits_approval(db_url, tmp_path):
    import openpyxl

    store = Store(db_url)
    words = "Decisions *fell*: **two** vacancies.\n\n- recruit\n- review the [rota](https://example.org)"
    for version, (action, who) in enumerate([("save", "Alex Smith"), ("submit", "Alex Smith"),
                                             ("approve", "Olive Officer")]):
        workflow.change(store, action, "CR2", "2026-10", who, version, text=words if action == "save" else None)
    workflow.change(store, "save", "CP1", "2026-10", "Alex Smith", 0, text="On its way.")
    workflow.change(store, "submit", "CP1", "2026-10", "Alex Smith", 1)
    path = build_report(db_url, "monthly", Month(2026, 10), tmp_path, formats=("xlsx",), record=False)[0]
    book = openpyxl.load_workbook(path)
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert ("Decisions fell: two vacancies.\n\n• recruit\n• review the rota (https://example.org)"
            "\n— Alex Smith, ") in cells
    assert not any("*fell*" in c for c in cells)
    summary = book["Summary"]
    header = [c.value for c in summary[5]]
    flags = {r[0].value: r[header.index("Commentary needed")].value for r in summary.iter_rows(min_row=6)}
    assert flags["CP1"] == "Yes – submitted, awaiting approval" and flags["CR2"] in ("", None)
    assert "Commentary required – submitted, awaiting approval" in cells


@pytest.mark.parametrize("words", ['=HYPERLINK("http://evil.example","Click for detail")',
                                   '\\=cmd|" /C calc"!A0', "+1+1", "@SUM(A1)"])
def test_commentary_that_looks_like_a_formula_stays_text_in_every_workbook(db_url, tmp_path, words):
    import zipfile

    store = Store(db_url)
    for version, (action, who) in enumerate([("save", "Alex Smith"), ("submit", "Alex Smith"),
                                             ("approve", "Olive Officer")]):
        workflow.change(store, action, "CR2", "2026-10", who, version, text=words if action == "save" else None)
    for kind in ("monthly", "scorecard", "appendix", "plan"):
        for path in build_report(db_url, kind, Month(2026, 10), tmp_path, formats=("xlsx",), record=False):
            with zipfile.ZipFile(path) as z:
                sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            assert sheets and not any("<f>" in xml for xml in sheets), kind  # kpiboard writes no formulas


def test_building_a_report_leaves_no_connection_open(db_url, tmp_path):
    """The app builds reports on request: each must close its store, not leave a connection (a
    PostgreSQL server process, a SQLite file handle) until garbage collection."""
    import gc

    import psutil

    db_file = db_url.removeprefix("sqlite:///")
    gc.collect()
    before = sum(f.path == db_file for f in psutil.Process().open_files())
    gc.disable()  # only explicit closing counts
    try:
        for kind in ("monthly", "scorecard", "plan"):
            build_report(db_url, kind, Month(2026, 10), tmp_path, formats=("html", "xlsx"), record=False)
        after = sum(f.path == db_file for f in psutil.Process().open_files())
    finally:
        gc.enable()
    assert after == before
