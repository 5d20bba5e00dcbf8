"""The office's 推進室評価シート is sent back (A001: a grade not in the plan), the clerk fixes it and saves it under a new
name beside the first one in 受信. The corrected sheet was accepted and its 評価 were in the packet, yet every merge
after still said 「読み込めなかった推進室評価シート 1 件（評価.xlsx）…このファイルの評価は、読み込めるまで会議資料に
入りません（終了コード 1）」, listed the old A001 as a current 指摘, and kept the exit code at 1 for as long as the old
file lay in 受信 — a section's rejected file is settled by its newer accepted one (解決済み), the office's was not."""

from __future__ import annotations

from datetime import datetime

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from review_sample import review_row


def _review(plan, source, target, grade: str, saved: str):
    def fill(wb):
        ws = wb[layout.SHEET_REVIEW]
        cells = review_row(ws, plan.items_for("観光課", 2026)[0].id, "観光課")
        ws[cells["推進室評価"]] = grade
        ws[cells["推進室コメント"]] = "評価の理由。"
    craft.edit(source, target.with_suffix(".tmp.xlsx"), fill)
    craft.saved_at(target.with_suffix(".tmp.xlsx"), target, saved)
    target.with_suffix(".tmp.xlsx").unlink()
    return target


def _every_section_in(plan, tmp_path):
    """受信 with every section's return, merged on 1 June: (inbox, ledger, out, that merge)."""
    inbox, db, out = tmp_path / "受信", tmp_path / "reform.db", tmp_path / "out"
    inbox.mkdir()
    for section in plan.sections:
        craft.filled(plan, 2026, section, tmp_path / "w", f"{section}.xlsx").rename(inbox / f"{section}.xlsx")
    return inbox, db, out, run_merge([inbox], plan, 2026, db=db, out=out, now=datetime(2027, 6, 1, 10, 0))


def test_a_rejected_review_sheet_settled_by_a_newer_accepted_one_is_resolved(plan, tmp_path):
    inbox, db, out, first = _every_section_in(plan, tmp_path)
    assert first.complete

    _review(plan, first.outputs["review"], inbox / "評価.xlsx", "S 最高", "2027-06-02T01:00:00Z")
    wrong = run_merge([inbox], plan, 2026, db=db, out=out, now=datetime(2027, 6, 2, 12, 0))
    assert [f.result.name for f in wrong.rejected_reviews] == ["評価.xlsx"] and not wrong.complete

    _review(plan, first.outputs["review"], inbox / "評価_直し.xlsx", "A 計画どおり", "2027-06-03T01:00:00Z")
    fixed = run_merge([inbox], plan, 2026, db=db, out=out, now=datetime(2027, 6, 3, 12, 0))
    files = {f.result.name: f for f in fixed.batch.files}
    assert files["評価_直し.xlsx"].status == FileStatus.ACCEPTED
    assert files["評価.xlsx"].status == FileStatus.REJECTED and files["評価.xlsx"].resolved
    assert fixed.rejected_reviews == [] and fixed.complete
    again = run_merge([inbox], plan, 2026, db=db, out=out, now=datetime(2027, 6, 4, 12, 0))
    assert again.rejected_reviews == [] and again.complete


def test_a_review_sheet_rejected_after_the_accepted_one_stays_to_fix(plan, tmp_path):
    """The other way round (the newer sheet is the wrong one): still said, still exit 1."""
    inbox, db, out, first = _every_section_in(plan, tmp_path)
    _review(plan, first.outputs["review"], inbox / "評価.xlsx", "A 計画どおり", "2027-06-02T01:00:00Z")
    run_merge([inbox], plan, 2026, db=db, out=out, now=datetime(2027, 6, 2, 12, 0))
    _review(plan, first.outputs["review"], inbox / "評価_8月.xlsx", "S 最高", "2027-06-03T01:00:00Z")
    later = run_merge([inbox], plan, 2026, db=db, out=out, now=datetime(2027, 6, 3, 12, 0))
    assert [f.result.name for f in later.rejected_reviews] == ["評価_8月.xlsx"] and not later.complete
