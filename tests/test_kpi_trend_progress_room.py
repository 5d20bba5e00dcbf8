"""An absurd 実績値 the forms accept with only a warning (999,999,999,999,999枚 of PPC用紙 against a target of
5,600,000枚) gives a 進捗率 of some −144,927,535,320 %. Printed whole, its column widened the 「KPI推移」 sheet past a
page at 100 % and every chart's 8 pt text printed at 7.7 pt. KPI達成状況 and KPI推移 show such a 進捗率 as
「-10000%未満」 / 「10000%超」 (the cell keeps the value 判定 reads), and the column's extra width comes out of the
name column: the KPI推移 pages print at 8 pt or more."""

from __future__ import annotations

import openpyxl
import pytest

from pdf_measure import read_words, render_pdf
from report_sample import packet_with_actuals

PROGRESS_OVER, PROGRESS_UNDER = "10000%超", "-10000%未満"


_packet = packet_with_actuals


def _page(pages, title: str):
    return next(words for words in pages if any(w.text.startswith(title) for w in words))


@pytest.mark.parametrize(("kpi_id", "actual", "shown"), [
    ("K12", 999_999_999_999_999, PROGRESS_UNDER),  # the review's PPC用紙使用枚数 (6,290,000 → 5,600,000枚): −144927535320.3 %
    ("K09", 999_999_999_999_999, PROGRESS_OVER),   # ネーミングライツ施設数, the smallest span (1 → 3): 49999999999999950.0 %
])
def test_an_absurd_actual_keeps_the_trend_pages_at_8_pt(soffice, plan, tmp_path, kpi_id, actual, shown):
    book = _packet(plan, tmp_path / "out", {kpi_id: actual})
    ws = openpyxl.load_workbook(book, data_only=True)["KPI達成状況"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    col = next(c.column for c in header if c.value == "進捗率")
    row = next(r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value == kpi_id)
    assert abs(row[col - 1].value) > 10**9  # the cell keeps the 進捗率 (判定 reads it); only its format says 「超」

    pages = [words for _, _, words in read_words(render_pdf(book, tmp_path / "pdf"))]
    kpis, chart, table = (_page(pages, t) for t in ("KPI達成状況（", "KPI推移（", "実績値の推移（"))
    trend = pages[pages.index(chart):pages.index(table) + 1]
    assert len(trend) == 3  # the 進捗率 chart and a row of KPI charts, the other KPI charts, the table
    for words in trend + [kpis]:
        assert min(w.pt for w in words) >= 8.0, sorted((w.pt, w.text) for w in words)[:5]
    for words in (kpis, table):  # the tables and the bar's label (a chart's text in runs: 「-10000%」「未満」) agree
        assert shown in {w.text for w in words}
    assert shown in "".join(w.text for w in chart)
    for words in (kpis, table, chart):
        assert not any("###" in w.text or w.text.startswith(("-1449", "4999")) for w in words)


@pytest.mark.parametrize(("progress", "text"), [
    (0.333, "33.3%"), (-0.5, "-50.0%"), (99.9994, "9999.9%"), (-99.9994, "-9999.9%"), (100.0, "10000.0%"),
    (100.001, PROGRESS_OVER), (-100.001, PROGRESS_UNDER), (-1_449_275_353.2, PROGRESS_UNDER),
    (float("inf"), PROGRESS_OVER),
])
def test_progress_text(progress, text):
    from reform_xlsx.report.kpis import progress_text

    assert progress_text(progress) == text


def test_the_progress_column_is_never_wider_than_its_cap():
    from reform_xlsx.report.kpis import progress_width

    assert progress_width([0.3, -1_449_275_353.2]) == progress_width([0.3, -100.5]) == len(PROGRESS_UNDER) + 2 + 1
    assert progress_width([0.3, 0.5]) == 8


def test_a_ten_digit_figure_beside_an_absurd_one_is_scaled_to_keep_8_pt(soffice, plan, tmp_path):
    """15億円 of ふるさと納税 (「1,500,000,000」 widens every year's column) and the absurd PPC用紙 (十億枚,
    「-10000%未満」) together want more room than the name column has (7.8 pt): the 15億円 row is then shown in
    百万円 as its chart is (alone, it prints whole: test_kpi_trend_wide_figures.py)."""
    book = _packet(plan, tmp_path / "out", {"K10": 1_500_000_000, "K12": 999_999_999_999_999})
    pages = [words for _, _, words in read_words(render_pdf(book, tmp_path / "pdf"))]
    chart, table = (_page(pages, t) for t in ("KPI推移（", "実績値の推移（"))
    trend = pages[pages.index(chart):pages.index(table) + 1]
    for words in trend:
        assert min(w.pt for w in words) >= 8.0, sorted((w.pt, w.text) for w in words)[:5]
    ws = openpyxl.load_workbook(book)["KPI推移"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    row = next(r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value == "K10")
    assert row[2].value == "百万円"
    assert {"1,500", "150", "百万円", "十億枚", PROGRESS_UNDER} <= {w.text for w in table}
    assert any(w.text.endswith("（百万円）") for words in trend[1:] for w in words)  # its chart says the same
