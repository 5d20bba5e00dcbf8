"""The 進捗率 chart of 「KPI推移」 printed: a bar gone the wrong way (進捗率 below 0) has its label inside the
plot, never over the KPI names at the plot's left; the axis steps are 1, 2 or 5 × 10ⁿ % with 0 % a gridline; no
label is printed over the edge of its 期待進捗 frame."""

from __future__ import annotations

import re

import pytest

from pdf_measure import read_words, render_pdf
from reform_xlsx.report.kpi_trend import PROGRESS_CLIP, label_anchor, progress_axis, progress_label_px
from report_sample import packet_with_actuals

TICK = re.compile(r"-?\d+%")


_packet = packet_with_actuals


def _progress_page(pdf):
    for _, _, words in read_words(pdf):
        if any(w.text.startswith("KPI推移（") for w in words):  # its first page: the 進捗率 chart
            return words
    raise AssertionError("no page with the 進捗率 chart")


@pytest.mark.parametrize(("kpi_id", "actual", "label"), [
    ("K04", 0.746, "-40%"),    # マイナンバーカード保有率 79 % → 90 %, down to 74.6 %: the axis once started at −40 %
    ("K04", 0.7427, "-43%"),
    ("K01", 0.1476, "-154%"),  # コンビニ交付率 24 % → 30 %, down to 14.76 %
])
def test_a_negative_bars_label_is_not_printed_over_the_kpi_names(soffice, plan, tmp_path, kpi_id, actual, label):
    book = _packet(plan, tmp_path / "out", {kpi_id: actual})
    words = _progress_page(render_pdf(book, tmp_path / "pdf"))
    labels = [k.label for k in plan.kpis]
    names = [w for w in words if len(w.text) >= 2 and not TICK.fullmatch(w.text) and any(w.text in n for n in labels)
             and w.x1 < 300]  # the KPI names at the chart's left (「超過勤務 150 時間超の職員」 is three words)
    name = min((w for w in names if plan.kpi(kpi_id).label.startswith(w.text)), key=lambda w: w.x0)
    names_right = max(w.x1 for w in names)
    middle = (name.y0 + name.y1) / 2
    (bar_label,) = [w for w in words if w.text == label and w.y0 < middle < w.y1]  # on the KPI's row
    assert bar_label.x0 > names_right + 2  # inside the plot, clear of every name
    ticks = [w for w in words if TICK.fullmatch(w.text) and w.y1 < min(n.y0 for n in names)]
    values = sorted(int(w.text[:-1]) for w in ticks)
    assert 0 in values and values[0] < int(label[:-1])  # the axis starts beyond the bar, 0 % a gridline
    assert min(w.x0 for w in ticks) < bar_label.x0


@pytest.mark.parametrize("low", [x / 100 for x in range(-400, 1, 3)])
def test_the_axis_leaves_room_for_every_negative_label(low):
    plot_px = 800.0
    bottom, top, major = progress_axis([low, 0.3, 1.0], [0.33] * 3, plot_px)
    bar = max(low, PROGRESS_CLIP[0])  # a bar far past the end is drawn to it; its label says the rest
    assert (bar - bottom) / (top - bottom) * plot_px >= progress_label_px(low) or low >= 0
    assert (top - 1.0) / (top - bottom) * plot_px >= progress_label_px(1.0)
    assert re.fullmatch(r"[125]0*", f"{round(major * 100)}")  # 1, 2 or 5 × 10ⁿ %
    assert bottom / major == pytest.approx(round(bottom / major)) and top / major == pytest.approx(round(top / major))
    assert (top - bottom) / major <= 10


@pytest.mark.parametrize("progress", [0.9, 0.95, 0.99])
def test_the_axis_leaves_room_for_a_label_after_its_frame(progress):
    """The plan's last year (期待進捗 100 %): a bar a little short of it has its label after the frame, and the axis
    runs far enough past 100 % for it."""
    plot_px = 500.0
    bottom, top, _ = progress_axis([progress, 0.5], [1.0, 1.0], plot_px, ["概ね順調", "遅れ"])
    span = top - bottom
    assert label_anchor(progress, 1.0, progress_label_px(progress, "概ね順調"), span, plot_px) == 1.0
    assert (top - 1.0) / span * plot_px >= progress_label_px(progress, "概ね順調")


def test_no_bars_label_is_printed_over_the_edge_of_its_frame(soffice, plan, tmp_path):
    """A bar ending a little short of its 期待進捗 frame (33 %): 「30% 概ね順調」 after the bar's end reached over the
    frame's right edge, and its white ground hid the edge on that row. Every label now ends before the edge or begins
    after it — measured on the PDF, the edge placed by the axis' ticks."""
    words = _progress_page(render_pdf(_packet(plan, tmp_path / "out", {}), tmp_path / "pdf"))
    labels = [k.label for k in plan.kpis]
    names = [w for w in words if len(w.text) >= 2 and not TICK.fullmatch(w.text) and any(w.text in n for n in labels)
             and w.x1 < 300]
    ticks = {int(w.text[:-1]): (w.x0 + w.x1) / 2 for w in words if TICK.fullmatch(w.text) and w.y1 < min(n.y0 for n in names)}
    (a, xa), (b, xb) = sorted(ticks.items())[:2]
    edge = xa + (100 * plan.expected_progress(2026) - a) / (b - a) * (xb - xa)  # every bundled KPI's frame: 33 %
    figures = [w for w in words if TICK.fullmatch(w.text) and w.x0 > max(n.x1 for n in names) + 2
               and min(n.y0 for n in names) - 2 < w.y0 < max(n.y1 for n in names)]  # the chart's rows only
    assert len(figures) == len(plan.kpis)
    straddling = []
    for f in figures:  # the figure and the 判定 after it (「30%」「概ね順調」) on its row
        judged = min((w for w in words if abs(w.y0 - f.y0) < 2 and w.x0 > f.x1), key=lambda w: w.x0)
        if f.x0 - 1.5 < edge < judged.x1 + 1.5:  # its white ground: a little round the text
            straddling.append(f"{f.text} {judged.text}")
    assert straddling == []
    after = [f.text for f in figures if f.x0 > edge]
    assert {"30%", "28%"} <= set(after)  # 手数料キャッシュレス納付率, ふるさと納税寄附額, PPC用紙使用枚数: after the frame
