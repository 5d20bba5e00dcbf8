"""What a later year of the plan costs is the work of its own years, not that work done again: the 総括 reads every
year's answers once for both workbooks, and the archive check looks at each kept original once, without the ledger's
path helpers per copy (docs/performance.md 「後の年度」). Counted, never timed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import openpyxl
import pandas as pd

import intake_craft as craft
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.report import consolidate, write_reports
from report_sample import sample_answers, sample_status


def test_the_summary_reads_each_years_answers_once_for_both_workbooks(plan, tmp_path, monkeypatch):
    years = (2026, 2027)
    answers, status = sample_answers(plan, years), sample_status(plan, years)
    calls: Counter[int] = Counter()
    item_answers = consolidate.item_answers

    def counted(p, a, year):
        calls[year] += 1
        return item_answers(p, a, year)

    monkeypatch.setattr(consolidate, "item_answers", counted)
    made = write_reports(plan, 2027, answers, status, tmp_path, created=dt.datetime(2028, 6, 1, 9, 0), final=True)
    # each year: its row of the trend, the 総括's (once for the packet and the office copy: its 財政効果額, the note
    # under it and 計画期間の改革項目 share it), and the packet's own year or 前年度 — never once a sheet and workbook
    assert calls == {2026: 3, 2027: 3}
    for book in (made.workbook, made.office):
        sheets = openpyxl.load_workbook(book).sheetnames
        assert {"計画期間の総括", "計画期間の改革項目"} <= set(sheets), sheets


def test_the_archive_check_counts_the_missing_originals_without_a_path_per_copy(plan, tmp_path, monkeypatch):
    """L027 over a ledger's every kept original (each year's, at every merge and rerun): the copies recorded in the
    archive beside the ledger and gone from it are counted — the one removed here, not the others, nor one the
    ledger kept elsewhere — reading each recorded path as text, never through the ledger's path helper per copy."""
    inbox = tmp_path / "受信"
    for section in ("観光課", "土木課", "税務課"):
        craft.filled(plan, 2026, section, inbox)
    db = tmp_path / "out" / "reform.db"
    run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out")
    copies = sorted((tmp_path / "out" / "reform_archive").glob("*/*.xlsx"))
    assert len(copies) == 3
    copies[0].unlink()
    with Ledger(db) as ledger:  # another recorded as kept outside the archive (not there either): not this archive's
        ledger.db.execute("UPDATE submissions SET archived_as = ? WHERE archived_as LIKE ?",
                          (str(tmp_path / "elsewhere" / copies[1].name), f"%{copies[1].name}"))
        asked = []
        real = Ledger.recorded_path
        monkeypatch.setattr(Ledger, "recorded_path", lambda self, text: asked.append(text) or real(self, text))
        (said,) = ledger.archive_problems()
    assert said.code == "L027" and "1 件" in said.message
    assert asked == []


def test_the_shared_yearly_items_are_as_built_after_both_workbooks(plan, tmp_path):
    """ReportData.yearly_items is shared by the packet's and the office copy's 総括 (read only): a sheet that changed a
    frame in place would give the office copy other figures than the packet. After both workbooks every year's frame is
    still what item_answers builds, and the two 総括 sheets say the same."""
    from reform_xlsx.report.model import ReportData
    from reform_xlsx.report.workbook import build_workbook

    years = (2026, 2027)
    data = ReportData.build(plan, 2027, sample_answers(plan, years), sample_status(plan, years),
                            created=dt.datetime(2028, 6, 1, 9, 0), final=True)
    books = {kind: tmp_path / f"{kind}.xlsx" for kind in ("packet", "office")}
    for kind, path in books.items():
        build_workbook(path, data, kind)
    assert list(data.yearly_items) == list(years)
    for year, frame in data.yearly_items.items():
        pd.testing.assert_frame_equal(frame, consolidate.item_answers(data.plan_for(year), data.answers, year))
    packet, office = (openpyxl.load_workbook(p) for p in books.values())
    for name in ("計画期間の総括", "計画期間の改革項目"):
        assert [[c.value for c in r] for r in packet[name].iter_rows()] == [[c.value for c in r] for r in office[name].iter_rows()]
