"""「KPI推移」's 「実績値の推移」 table prints every figure whole — a 10-digit yen figure (ふるさと納税 15億円)
as KPI達成状況 shows it, never 「###」 — in the packet and 公表用, on A4 at 8 pt or more."""

from __future__ import annotations

import datetime as dt

import openpyxl

from pdf_measure import BBOX_HEIGHT_PER_PT, read_words, render_pdf
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status


def test_a_ten_digit_yen_figure_prints_whole_in_the_trend_table(soffice, plan, tmp_path):
    answers = sample_answers(plan, (2026,))
    rows = (answers["kind"] == "kpi") & (answers["field"] == "actual") & (answers["id"] == "K10")
    answers.loc[rows, "value"] = 1_500_000_000
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path / "out", public=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    for book in (result.workbook, result.public):
        ws = openpyxl.load_workbook(book)["KPI推移"]
        header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "KPI ID")
        assert "令和8年度" in header
        pages = read_words(render_pdf(book, tmp_path / book.stem))
        trend = [(w, h, words) for w, h, words in pages
                 if any(x.text.startswith("実績値の推移（") for x in words)]
        assert len(trend) == 1
        width, height, words = trend[0]
        assert (round(width), round(height)) == (842, 595)  # A4 landscape
        texts = [x.text for x in words]
        assert "1,500,000,000" in texts and "150,000,000" in texts
        assert not any("###" in t for t in texts)
        assert min((x.y1 - x.y0) / BBOX_HEIGHT_PER_PT for x in words) >= 7.9  # 8 pt or more as printed
        charts = [words for _, _, words in pages if any(x.text.startswith("KPI推移（") for x in words)]
        assert charts and min((x.y1 - x.y0) / BBOX_HEIGHT_PER_PT for x in charts[0]) >= 7.9
