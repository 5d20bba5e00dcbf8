"""What a later year of the plan costs is the work of its own years, not that work done again: the 総括 reads every
year's answers once for both workbooks (docs/performance.md 「後の年度」). Counted, never timed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import openpyxl

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

