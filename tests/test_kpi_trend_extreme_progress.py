"""Extreme 実績値 the forms accept (merge only warns): 進捗率 of −274348419840 % or 6172839450550 % prints as
「-10000%未満」 / 「10000%超」 in KPI達成状況 and KPI推移 (never 「###」, the cells keeping the value), and the 進捗率
chart keeps round ticks with 0 % among them, its bars clipped at the axis' end with the same words in the label; 概要
says them as the tables do."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl

from pdf_measure import read_words, render_pdf
from reform_xlsx.report.kpi_trend import PROGRESS_CLIP, progress_label
from reform_xlsx.report.kpis import progress_text
from reform_xlsx.report.writer import write_reports
from report_sample import packet_with_actuals, sample_answers, sample_status

EXTREME = {"K09": 123_456_789_012, "K10": 9_876_543_210_987, "K11": 123_456_789_012, "K04": 0.123}


def test_extreme_progress_prints_whole_on_a_round_axis(soffice, plan, tmp_path):
    answers = sample_answers(plan, (2026,))
    rows = (answers["kind"] == "kpi") & (answers["field"] == "actual")
    for kpi_id, value in EXTREME.items():
        answers.loc[rows & (answers["id"] == kpi_id), "value"] = value
    book = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path / "out",
                         created=dt.datetime(2026, 5, 1, 10, 0)).workbook
    ws = openpyxl.load_workbook(book, data_only=True)["KPI達成状況"]  # the cached values
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    col = next(c.column for c in header if c.value == "進捗率")
    progress = {r[0].value: r[col - 1].value for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value in EXTREME}
    assert progress["K09"] > 1000 and progress["K11"] < -1000  # far past either end

    pages = read_words(render_pdf(book, tmp_path / "pdf"))
    shown = [words for _, _, words in pages if any(w.text.startswith(("KPI達成状況（", "KPI推移（", "実績値の推移（"))
                                                    for w in words)]
    assert len(shown) >= 3
    assert not any("###" in w.text for words in shown for w in words)
    texts = {w.text for words in shown for w in words}
    for kpi_id in ("K09", "K11"):
        assert progress_text(progress[kpi_id]) in texts  # 「10000%超」 / 「-10000%未満」 in the tables

    chart = next(words for words in shown if any(w.text.startswith("KPI推移（") for w in words))
    first_name = min(w.y0 for w in chart if w.text == plan.kpi("K01").label)
    axis = max(w.y0 for w in chart if w.text == "0%" and w.y1 < first_name)  # the ticks' line, under the title
    ticks = sorted(int(w.text[:-1]) for w in chart if re.fullmatch(r"-?\d+%", w.text) and abs(w.y0 - axis) < 1)
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert 0 in ticks and len(steps) == 1 and re.fullmatch(r"[125]0*", str(steps.pop()))
    assert ticks[0] >= PROGRESS_CLIP[0] * 100 - 300 and ticks[-1] <= PROGRESS_CLIP[1] * 100 + 300  # no absurd range
    for kpi_id in ("K09", "K11"):  # the bar clipped, its label as the tables say it (in runs: 「-10000%」「未満」)
        assert progress_label(progress[kpi_id]) in "".join(w.text for w in chart)


def test_the_overview_says_an_extreme_progress_as_the_tables_show_it(plan, tmp_path):
    """概要 lists a KPI 遅れ with its 進捗率: as KPI達成状況 and KPI推移 show it — 「-1200.0%」, not 「-1,200.0%」, and
    one beyond ±10000 % as 「-10000%未満」, not its twelve digits (「-1,481,481,481.1%」)."""
    book = packet_with_actuals(plan, tmp_path, {"K11": 625, "K12": 999_999_999_999})  # 85 → 40 人: −1200 %
    wb = openpyxl.load_workbook(book)
    lines = [str(c.value) for row in wb["概要"].iter_rows() for c in row if isinstance(c.value, str)]
    said = {kpi_id: next(line for line in lines if line.startswith(f"・{plan.kpi(kpi_id).label}:"))
            for kpi_id in ("K11", "K12")}
    assert "、進捗率 -1200.0%（" in said["K11"], said["K11"]
    assert "、進捗率 -10000%未満（" in said["K12"], said["K12"]
