"""A KPI without a 実績値 this year has no bar on 「KPI推移」's 進捗率 chart: its row said nothing, an empty frame a
meeting member could read as 0 % (令和10年度, 税務課's five KPIs unreported while its form was sent back). The frame's
label now says 「未報告」, and the axis leaves room for it after the frame."""

from __future__ import annotations

import datetime as dt

from pdf_measure import read_words, render_pdf
from reform_xlsx.report import kpi_trend
from report_sample import sample_answers, sample_status

UNREPORTED = "K02"  # 市税等キャッシュレス納付率


def test_the_axis_leaves_room_after_the_frame_for_the_word_unreported():
    plot_px = 200.0
    bottom, top, _ = kpi_trend.progress_axis([0.2, None], [1.0, 1.0], plot_px, ["遅れ", "未報告"])
    room = kpi_trend.unreported_label_px("未報告")  # 「未報告」 with its ground and gap
    assert (top - 1.0) / (top - bottom) * plot_px >= room


def test_an_unreported_kpis_row_on_the_progress_chart_says_so(soffice, plan, tmp_path):
    from reform_xlsx.report.writer import write_reports

    answers = sample_answers(plan, (2026,))
    answers = answers[~((answers["kind"] == "kpi") & (answers["id"] == UNREPORTED))]
    book = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path / "out",
                         created=dt.datetime(2026, 5, 1, 10, 0)).workbook
    words = next(w for _, _, w in read_words(render_pdf(book, tmp_path / "pdf"))
                 if any(x.text.startswith("KPI推移（") for x in w))
    label = plan.kpi(UNREPORTED).label
    (name,) = [w for w in words if w.text == label and w.x1 < 300]  # the KPI's name left of the bars
    middle = (name.y0 + name.y1) / 2
    assert [w.text for w in words if w.y0 < middle < w.y1 and w.x0 > name.x1] == ["未報告"]  # on its row, right of it
