"""merge's own outputs (受付結果, 回答一覧, 会議資料, 事務局用, 公表用) in an inbox merged with a ledger that did not write
them (a colleague's output folder copied in, a ledger started anew, --db of another name): each was M001, an error
that tells a section to re-enter 「配布した調査票」 — said of the office's own book. They are the tool's books (F028,
ignored), as the plan master and the 連絡先 are; a section's return is still read whatever sheets it has."""

from __future__ import annotations

import shutil

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.report import model


def test_the_tools_outputs_written_for_another_ledger_are_not_returns(plan, tmp_path):
    first = tmp_path / "受信"
    first.mkdir()
    craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx").rename(first / "観光課.xlsx")
    made = run_merge([first], plan, 2026, db=tmp_path / "a" / "reform.db", out=tmp_path / "a", public=True)
    books = [p for p in made.outputs.values() if str(p).endswith(".xlsx") and "推進室評価シート" not in str(p)]
    assert len(books) == 5  # 受付結果, 回答一覧, 会議資料, 事務局用, 公表用
    inbox = tmp_path / "新しい受信"
    inbox.mkdir()
    for book in books:
        shutil.copy(book, inbox / book.name)
    shutil.copy(first / "観光課.xlsx", inbox / "観光課.xlsx")
    result = run_merge([inbox], plan, 2026, db=tmp_path / "b" / "reform.db", out=tmp_path / "b")
    files = {f.result.name: f for f in result.batch.files}
    for book in books:
        found = files[book.name]
        assert (found.status, [p.code for p in found.problems]) == (FileStatus.IGNORED, ["F028"]), book.name
        assert "merge" in found.problems[0].message
    assert files["観光課.xlsx"].status == FileStatus.ACCEPTED


def test_a_book_of_a_sections_own_that_begins_with_a_cover_is_still_not_a_form(plan, tmp_path):
    """Only merge's books are passed over: a section's own report (表紙・概要 and its own sheets) is M001, as before."""
    import openpyxl

    from reform_xlsx.intake import read_return

    book = openpyxl.Workbook()
    book.active.title = "表紙"
    for name in ("概要", "実績"):
        book.create_sheet(name)
    book.save(tmp_path / "報告書.xlsx")
    result = read_return(tmp_path / "報告書.xlsx", plan, 2026)
    assert [p.code for p in result.problems] == ["M001"]


def test_the_first_sheets_known_are_the_reports():
    assert outputs.REPORT_FIRST_SHEETS == model.PACKET_SHEETS[:3] == model.OFFICE_SHEETS[:3] == model.PUBLIC_SHEETS[:3]
