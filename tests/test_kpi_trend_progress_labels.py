"""The 進捗率 chart of 「KPI推移」 printed: a bar gone the wrong way (進捗率 below 0) has its label inside the
plot, never over the KPI names at the plot's left; the axis steps are 1, 2 or 5 × 10ⁿ % with 0 % a gridline."""

from __future__ import annotations

import re

import pytest

from pdf_measure import read_words, render_pdf
from reform_xlsx.report.kpi_trend import PROGRESS_CLIP, progress_axis, progress_label_px
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
