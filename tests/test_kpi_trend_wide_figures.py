"""「KPI推移」's 「実績値の推移」 table prints every figure whole — a 10-digit yen figure (ふるさと納税 15億円)
as KPI達成状況 shows it, never 「###」 — in the packet and 公表用, on A4 at 8 pt or more."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

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


def test_a_figure_of_trillions_is_shown_scaled_and_the_page_keeps_8_pt(soffice, plan, tmp_path):
    """A prefecture's KPI of 1兆円 and more (13 to 15 digits) widened every year's column until the fitted page
    printed at about 6.5 pt: its row now shows the figures in 百万円, or 十億円 for 987兆円 (at most 7 digits, short
    enough for its chart's axis too; the cell keeps the whole value)."""
    answers = sample_answers(plan, (2026,))
    rows = (answers["kind"] == "kpi") & (answers["field"] == "actual") & (answers["id"] == "K10")
    answers.loc[rows, "value"] = 987_654_321_098_765
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path / "out",
                           created=dt.datetime(2026, 5, 1, 10, 0))
    ws = openpyxl.load_workbook(result.workbook)["KPI推移"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")[0].row
    row = next(r for r in ws.iter_rows(min_row=header + 1) if r[0].value == "K10")
    year = next(c for c in ws[header] if c.value == "令和8年度").column - 1
    assert row[2].value == "十億円" and row[year].value == 987_654_321_098_765
    assert row[year].number_format == "#,##0,,,"
    others = next(r for r in ws.iter_rows(min_row=header + 1) if r[0].value == "K01")
    assert others[2].value == plan.kpi("K01").unit  # only the KPI with such figures is scaled
    pages = read_words(render_pdf(result.workbook, tmp_path / "packet"))
    trend = [words for _, _, words in pages if any(x.text.startswith("実績値の推移（") for x in words)]
    texts = [x.text for x in trend[0]]
    assert "987,654" in texts and "十億円" in texts and not any("###" in t for t in texts)
    assert min((x.y1 - x.y0) / BBOX_HEIGHT_PER_PT for x in trend[0]) >= 7.9
    charts = [words for _, _, words in pages if any(x.text.startswith("KPI推移（") for x in words)]
    assert charts and min((x.y1 - x.y0) / BBOX_HEIGHT_PER_PT for x in charts[0]) >= 7.9


@pytest.mark.parametrize("value, unit, scale", [
    (9_990_000_000, "円", 1), (15_000_000_000, "円", 10**6), (1_500_000_000_000, "円", 10**6),
    (987_654_321_098_765, "円", 10**9), (-15_000_000_000, "円", 10**6), (15_000_000_000, "千円", 10**6),
    (1_234_567_890_123, "円", 10**6),
])
def test_table_scale(plan, value, unit, scale):
    from dataclasses import replace

    from reform_xlsx.report.kpi_trend import _scaled_unit, table_scale

    kpi = replace(plan.kpi("K10"), unit=unit)
    assert table_scale(kpi, [1.0, value]) == scale
    if scale > 1:
        assert _scaled_unit(unit, scale) == {("円", 10**6): "百万円", ("円", 10**9): "十億円",
                                             ("千円", 10**6): "十億円"}[(unit, scale)]
