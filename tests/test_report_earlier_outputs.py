"""A run without --pdf or --public leaves the PDF and 公表用 an earlier run made in the folder as they were:
R007 names them and the options that make them again (they may no longer match the workbook)."""

from __future__ import annotations

import datetime as dt

import pytest

from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status

PACKET_PDF = "令和8年度_市政改革推進本部会議資料.pdf"
PUBLIC = ["令和8年度_市政改革取組状況_公表用.xlsx", "令和8年度_市政改革取組状況_公表用_改革項目.csv",
          "令和8年度_市政改革取組状況_公表用_KPI.csv"]
PUBLIC_PDF = "令和8年度_市政改革取組状況_公表用.pdf"


@pytest.mark.parametrize("earlier_pdfs, public_before, public_now, names, options", [
    ([], False, False, None, None),  # nothing made before: nothing to say
    ([], True, True, None, None),  # made again
    ([], True, False, PUBLIC, "--public"),
    ([PACKET_PDF], False, False, [PACKET_PDF], "--pdf"),
    ([PACKET_PDF], False, True, [PACKET_PDF], "--pdf"),
    ([PACKET_PDF, PUBLIC_PDF], True, False, [PACKET_PDF, *PUBLIC, PUBLIC_PDF], "--pdf・--public"),
    ([PUBLIC_PDF], True, True, [PUBLIC_PDF], "--pdf"),  # --public alone makes no PDF of it
])
def test_earlier_pdf_and_public_not_made_again_are_named(plan, tmp_path, earlier_pdfs, public_before, public_now,
                                                        names, options):
    made = dict(created=dt.datetime(2027, 6, 1, 10, 0))
    answers, status = sample_answers(plan), sample_status(plan)
    write_reports(plan, 2026, answers, status, tmp_path, public=public_before, **made)
    for name in earlier_pdfs:  # what an earlier run with --pdf left (LibreOffice is not needed to test this)
        (tmp_path / name).write_bytes(b"%PDF-1.7 an earlier run's")
    result = write_reports(plan, 2026, answers, status, tmp_path, public=public_now, **made)
    kept = [p for p in result.problems if p.code == "R007"]
    if names is None:
        assert kept == []
        return
    (found,) = kept
    assert found.severity == "warning" and found.file == str(tmp_path)
    assert f"前に作った {'・'.join(names)} があります" in found.message
    assert f"{options} を付けてもう一度実行してください" in found.message
    assert all((tmp_path / name).read_bytes() for name in names)  # named, never removed
