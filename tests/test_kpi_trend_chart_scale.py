"""A KPI chart of 「KPI推移」 for an absurd 実績値 (999,999,999,999,999枚 of PPC用紙 against 5,600,000枚) is drawn in
the scale 「実績値の推移」 shows it in — 十億枚, never 千枚 beside a table in 十億枚 — so its value axis reads
「1,250,000」, not 「1,250,000,000,000」 (which squeezed the plot), and the point's label 「1,000,000」 prints on one
line (「1,000,000,0」 over 「00,000」 before)."""

from __future__ import annotations

import re

import openpyxl
import pytest

from pdf_measure import read_words, render_pdf
from reform_xlsx.plan.model import Kpi
from reform_xlsx.report.kpi_trend import _axis_scale
from report_sample import packet_with_actuals

FIGURE = re.compile(r"-?[\d,]+")


_packet = packet_with_actuals


def _table_unit(book, kpi_id: str) -> str:
    ws = openpyxl.load_workbook(book)["KPI推移"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    unit = next(c.column for c in header if c.value == "単位")
    return next(r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value == kpi_id)[unit - 1].value


@pytest.mark.parametrize(("kpi_id", "actual", "table_unit", "chart_unit", "label"), [
    ("K12", 999_999_999_999_999, "十億枚", "十億枚", "1,000,000"),  # the review's PPC用紙使用枚数
    ("K10", 987_654_321_098_765, "十億円", "十億円", "987,654"),     # ふるさと納税寄附額, 987兆円
    ("K09", 9_999_999_999, "施設", "百万施設", "10,000"),            # whole in the table (13 digits), not in a chart
])
def test_an_absurd_actual_is_charted_in_the_tables_scale_with_short_labels(soffice, plan, tmp_path, kpi_id, actual,
                                                                           table_unit, chart_unit, label):
    book = _packet(plan, tmp_path / "out", {kpi_id: actual})
    assert _table_unit(book, kpi_id) == table_unit
    pages = [words for _, _, words in read_words(render_pdf(book, tmp_path / "pdf"))]
    first = next(n for n, words in enumerate(pages) if any(w.text.startswith("KPI推移（") for w in words))
    table = next(n for n, words in enumerate(pages) if any(w.text.startswith("実績値の推移（") for w in words))
    charts = [w for words in pages[first + 1:table] for w in words]  # the KPI charts after the first row
    titles = [w.text for w in charts if w.text.endswith(f"（{chart_unit}）")]  # the unit whole: a long title is
    assert len(titles) == 1, titles  # broken before it (「ネーミングライツ施設数」「（百万施設）」), not in it
    figures = [w.text for w in charts if FIGURE.fullmatch(w.text)]
    assert label in figures  # the latest 実績値's label, whole on one line
    assert max(len(f) for f in figures) <= len("12,500,000")  # the value axis' labels, short


@pytest.mark.parametrize(("unit", "plan_values", "table", "plotted", "scale"), [
    ("枚", [6_290_000, 5_600_000], 1, [6_290_000, 6_100_000, 5_600_000], ("#,##0,", "千枚")),  # as before
    ("枚", [6_290_000, 5_600_000], 10**9, [6_290_000, 1e15], ("#,##0,,,", "十億枚")),  # the table's, not 千枚
    ("枚", [6_290_000, 5_600_000], 10**12, [6_290_000, 1e16], ("#,##0,,,,", "兆枚")),
    ("円", [150_000_000, 250_000_000], 10**6, [150_000_000, 1.2e12], ("#,##0,,", "百万円")),
    ("千円", [150_000, 250_000], 10**6, [150_000, 2e10], ("#,##0,,", "十億円")),  # the table's 百万 of 千円
    ("施設", [1, 3], 1, [1, 9_999_999_999], ("#,##0,,", "百万施設")),  # a table still whole: short all the same
    ("基", [303, 495], 1, [303, 99_999_999], ("#,##0,", "千基")),
    ("基", [303, 495], 1, [303, 9_999_999], ("#,##0", "基")),
])
def test_a_chart_takes_the_tables_scale_and_keeps_its_labels_short(unit, plan_values, table, plotted, scale):
    kpi = Kpi("K01", "1", "指標", "count", unit, "減少", False, plan_values[0], plan_values[-1], "財政課")
    assert _axis_scale(kpi, table, plotted) == scale
    shown = max(plotted) / 1000 ** scale[0].count(",", len("#,##0"))
    assert len(f"{shown:,.0f}") <= len("9,999,999")
