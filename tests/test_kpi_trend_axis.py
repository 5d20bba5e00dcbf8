"""The KPI charts' value axis and where their labels go: fixed, so Excel and LibreOffice agree and no
label lands on an axis (「KPI推移」)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest

from pdf_measure import read_words
from reform_xlsx.plan.model import Kpi
from reform_xlsx.report.kpi_trend import (
    BELOW_PLOT_PT,
    LABEL_GAP_PT,
    LABEL_HEIGHT_PT,
    LEGEND_LAYOUT,
    LEGEND_SYMBOL_PX,
    _axis_scale,
    _labelled,
    axis_labels,
    chart_width_px,
    final_label_positions,
    label_position,
    progress_axis,
    value_axis,
)
from reform_xlsx.report.writer import write_reports
from reform_xlsx.textwidth import text_units
from report_sample import sample_answers, sample_status


@pytest.fixture(scope="module")
def sample_report(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("trend")
    result = write_reports(plan, 2026, sample_answers(plan, (2026,)), sample_status(plan, (2026,)), out,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    return result.workbook


@pytest.mark.parametrize(("values", "least", "axis"), [
    ([0.24, 0.26, 0.30], 0.01, (0.0, 0.4, 0.1)),        # rates from 0 (the lowest under 5/6 of the highest)
    ([0.50, 0.53, 0.60], 0.01, (0.50, 0.65, 0.05)),     # sitting high above 0: not from 0; never a 2.5 % step
    ([0.79, 0.82, 0.90], 0.01, (0.75, 0.95, 0.05)),
    ([0.0, 0.05, 0.30], 0.01, (0.0, 0.4, 0.1)),
    ([0.001, 0.002], 0.01, (0.0, 0.01, 0.01)),          # never finer than the format shows (1 %)
    ([1, 2, 3], 1, (0, 4, 1)),                          # counts: whole steps, never 0.5
    ([1, 1], 1, (0, 2, 1)),                             # one value: from 0, the point mid-height
    ([0, 10], 1, (0, 15, 5)),                           # 2.5 would be a whole count too few: 5
    ([150, 180, 250], 1, (0, 300, 100)),
    ([85, 70, 40], 1, (0, 100, 25)),
    ([6290, 6100, 5600], 1, (5600, 6400, 200)),
    ([12_000_000, 15_000_000], 1_000_000, (0, 20_000_000, 5_000_000)),
    ([0], 0.01, (0.0, 0.01, 0.01)),                     # nothing but zero
    ([-3, -1], 1, (-3, 1, 1)),                          # below zero: up to 0
    ([-5, 2], 1, (-6, 4, 2)),
])
def test_value_axis(values, least, axis):
    bottom, top, unit = value_axis(values, least)
    assert (bottom, top, unit) == pytest.approx(axis)
    assert bottom <= min(values) and max(values) < top  # every point inside, room above the highest
    steps = (top - bottom) / unit
    assert steps == pytest.approx(round(steps)) and 1 <= round(steps) <= 8  # whole steps, a few gridlines
    assert unit / least == pytest.approx(round(unit / least))  # every gridline shows its own label


@pytest.mark.parametrize(("values", "axis", "position"), [
    ([0.24, 0.26, None, None], (0.0, 0.35), "below"),
    ([0.0, 0.05], (0.0, 0.35), "above"),                # on and near the bottom: the axis and years are below
    ([0.5, 0.53], (0.5, 0.62), "above"),                # one low point moves them all: one place per series
    ([6290, 6100, 5600], (5600, 6400), "above"),
    ([0.087], (0.0, 0.35), "above"),                    # the lowest quarter: just under 0.0875
    ([0.0875], (0.0, 0.35), "below"),
    ([None, None], (0.0, 1.0), "below"),                # nothing reported yet
])
def test_label_position(values, axis, position):
    assert label_position(values, *axis) == position


@pytest.mark.parametrize(("values", "deleted"), [
    ([0.24, None, 0.26, None], set()),                          # the baseline and the latest: both shown
    ([0.24, None, 0.26, 0.27, 0.29, None, None], {2, 3}),        # the years between are read off the line
    ([None, None, 3.0, 4.0], set()),                             # measured from its first report
    ([None, None], {0, 1}),                                      # nothing reported: nothing to label
])
def test_only_the_first_and_the_latest_actual_are_labelled(values, deleted):
    custom = _labelled(values)
    assert {i for i, c in enumerate(custom) if c == {"delete": True}} == deleted | {i for i, v in enumerate(values)
                                                                                  if v is None}


def _label_format(series: str) -> str:
    return re.search(r'<c:dLbls>.*?<c:numFmt formatCode="([^"]+)"', series, re.S).group(1)


def _series(xml: str, name: str) -> str:
    return next(s for s in re.findall(r"<c:ser>.*?</c:ser>", xml, re.S) if f"<c:v>{name}</c:v>" in s)


def test_every_kpi_chart_has_its_scale_and_no_label_under_the_bottom(plan, sample_report):
    """The written charts: the scale set, every actual value on it, the labels above the points when
    one lies in the lowest quarter (the sample has 電子申告（市県民税） at 0 % in R6), else below — one
    place for the whole series, so that every label keeps the series' number format and font."""
    book = openpyxl.load_workbook(sample_report)
    with zipfile.ZipFile(sample_report) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    trend = [c for c in charts if "<c:v>実績値</c:v>" in c]
    assert len(trend) == len(plan.kpis)
    raised = 0
    for xml in trend:  # the years along the axis in the era's words, never 「R6」
        ref = re.search(r"<c:cat>.*?<c:f>(.*?)</c:f>", xml, re.S).group(1)
        sheet, cells = ref.rsplit("!", 1)
        shown = [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]
        assert shown == axis_labels(list(range(plan.baseline_year, plan.end_year + 1)))
    for xml in trend:
        bottom = float(re.search(r'<c:valAx>.*?<c:min val="([^"]+)"', xml, re.S).group(1))
        top = float(re.search(r'<c:valAx>.*?<c:max val="([^"]+)"', xml, re.S).group(1))
        assert re.search(r'<c:valAx>.*?<c:majorTickMark val="none"/>', xml, re.S)
        assert "<c:dLblPos" not in "".join(re.findall(r"<c:dLbl>.*?</c:dLbl>", xml, re.S))  # none point by point
        assert xml.count("<c:ser>") == 2 and "<c:legendEntry>" not in xml  # the target line and the actuals
        actual = _series(xml, "実績値")
        ref = re.search(r"<c:val><c:numRef><c:f>(.*?)</c:f>", actual).group(1)
        sheet, cells = ref.rsplit("!", 1)
        row = next(iter(book[sheet.strip("'")][cells.replace("$", "")]))
        points = {i: c.value for i, c in enumerate(row) if c.value is not None}  # the years answered so far
        assert points and all(bottom <= v < top for v in points.values())
        low = any(v - bottom < (top - bottom) / 4 for v in points.values())
        labels = re.search(r"<c:dLbls>.*?</c:dLbls>", actual, re.S).group(0)
        assert f'<c:dLblPos val="{"t" if low else "b"}"/>' in labels and 'sz="800"' in labels
        assert _label_format(actual) == _label_format(_series(xml, "年度目標値（参考）"))
        raised += low
    assert raised  # the sample has a point at the bottom


def test_the_progress_chart_names_its_kpis_at_the_left_edge(sample_report):
    """A KPI gone the wrong way (進捗率 −16 %) draws its bar left of 0: its name stands at the plot's left
    edge (tickLblPos low), not at 0 where the bar would cover it."""
    with zipfile.ZipFile(sample_report) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    (progress,) = [c for c in charts if "<c:barDir val=\"bar\"/>" in c]
    category_axis = re.search(r"<c:catAx>.*?</c:catAx>", progress, re.S).group(0)
    assert '<c:tickLblPos val="low"/>' in category_axis
    assert '<c:min val="0.0"/>' in re.search(r"<c:valAx>.*?</c:valAx>", progress, re.S).group(0)  # bars from 0


@pytest.mark.parametrize(("progress", "start"), [
    ([0.98, 1.0, 1.03], 0.0),           # every KPI near 100 %: still from 0, a bar as long as its 進捗率
    ([0.2, None, float("nan"), 0.0], 0.0),
    ([None], 0.0),                      # nothing reported yet
    ([0.5, -0.16], -0.2),               # gone the wrong way: room for its bar and its label left of 0
    ([-0.2, 0.4], -0.3),    # −20 %: its label needs room
    ([-1.05], -1.2),
])
def test_the_progress_bars_start_at_zero(progress, start):
    assert progress_axis(progress, [0.33], 800)[0] == pytest.approx(start)


@pytest.mark.parametrize(("progress", "expected"), [
    ([0.0], [0.0]),  # the first year at the baseline, nothing expected yet: every bar at 0 %
    ([None], [0.0]),
    ([], []),
])
def test_a_progress_axis_with_every_value_at_zero_runs_to_100_percent(progress, expected):
    assert progress_axis(progress, expected, 800) == (0.0, 1.0, 0.2)


ZERO_PLAN = """format: 1
plan:
  id: kitaura-chosei
  version: "2027-03"
  name: 北浦町町政改革アクションプラン
  city: 北浦町
  reform: 町政改革
  levels: {area: 柱, category: 施策, item: 取組}
  period: {start: R9, end: R14}
  baseline_year: R7
  headquarters: 北浦町町政改革推進本部
  office: 総務課
sections: [総務課]
grades:
  - {code: A, label: 計画どおり, definition: 計画どおりに進んでいる}
  - {code: B, label: 遅れ, definition: 計画より遅れている, behind: true}
judgement: {achieved: 1.0, on_track: 1.0, mostly_on_track: 0.8}
areas:
  - number: 1
    name: 町民サービス
    categories:
      - number: 1
        name: 窓口
        items:
          - {number: 1, name: 窓口の一本化, content: 窓口を一本化する。, actions: [一本化の検討], sections: [総務課]}
kpis:
  - {id: K01, item: 1-1-1, name: 窓口の待ち時間, kind: count, unit: 分, baseline: null, target: 5, direction: 減少,
     owner: 総務課}
"""


def test_a_packet_whose_only_kpi_is_at_zero_progress_is_written(tmp_path, monkeypatch):
    """A town's one KPI without a baseline, in its first reported year: 進捗率 and expected progress both 0 —
    the packet and its 進捗率 chart are written (the axis once divided by its zero span: 内部エラー)."""
    from reform_xlsx.cli import main
    from reform_xlsx.templates.fill import fill_template

    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(ZERO_PLAN, encoding="utf-8")
    assert main(["templates", "--year", "R9", "--out", "forms", "--plan", "plan.yaml"]) == 0
    form = next((tmp_path / "forms").glob("*.xlsx"))
    (tmp_path / "in").mkdir()
    fill_template(form, {"取組状況": {"1-1-1": {"進捗状況": "A 計画どおり", "取組実績": "検討会を3回開いた。",
                                              "課題・今後の方針": "試行する。"}},
                         "KPI": {"K01": {"実績値": 12, "算出根拠・備考": "3月末"}}}, tmp_path / "in" / form.name)
    assert main(["merge", "in", "--year", "R9", "--out", "out", "--db", "reform.db", "--plan", "plan.yaml"]) == 0
    packet = next((tmp_path / "out").glob("*本部会議資料.xlsx"))
    ws = openpyxl.load_workbook(packet, data_only=True)["KPI推移"]
    assert any(r[0] == "K01" for r in ws.iter_rows(values_only=True))
    assert main(["report", "--year", "R9", "--db", "reform.db", "--out", "again", "--plan", "plan.yaml"]) == 0


PLOT_PT = 63.6  # a small chart's plot with its title on one line


@pytest.mark.parametrize(("actual", "target", "axis", "placed"), [
    # the plan's last year, the last 実績値 at the final target's point:
    ([0.24, None, 0.31], [0.24, None, 0.30], (0.0, 0.4, 0.1), (0.0, "above", "above", "below")),  # the higher above
    ([0.28, None, 0.33], [0.28, None, 0.40], (0.0, 0.5, 0.1), (0.0, "below", "below", "above")),  # far apart: as before
    ([0.20, None, 0.45], [0.20, None, 0.40], (0.0, 0.6, 0.2), (0.0, "above", "above", "below")),
    # the baseline at the bottom: the axis a step lower, so the 実績値 go below and the target above
    ([0.50, None, 0.59], [0.50, None, 0.60], (0.5, 0.65, 0.05), (0.45, "below", "below", "above")),
    ([0.79, None, 0.90], [0.79, None, 0.90], (0.75, 0.95, 0.05), (0.75, "above", "above", "below")),  # equal: apart
    ([6290, None, 5650], [6290, None, 5600], (5600, 6400, 200), (5400, "above", "above", "below")),   # target at the bottom
    ([0.0, None, 0.30], [0.0, None, 0.30], (0.0, 0.4, 0.1), (0.0, "above", "above", "below")),
    ([2, None, 0], [2, None, 0], (0, 3, 1), (0, "above", "above", "left")),  # both at 0 of an axis from 0: beside it
    # not the last year: the latest 実績値 is elsewhere, the target's label above as ever
    ([0.50, 0.59, None], [0.50, 0.55, 0.60], (0.5, 0.65, 0.05), (0.5, "above", "above", "above")),
])
def test_final_labels_are_placed_apart(actual, target, axis, placed):
    assert final_label_positions(actual, target, *axis, PLOT_PT) == pytest.approx(placed)


def _final_year_packet(plan, out, finals: dict[str, float], pdf: bool = False):
    """The plan's last year's packet, each KPI's last 実績値 at its final target but ``finals``."""
    final = {k.id: k.target for k in plan.kpis} | finals
    answers = sample_answers(plan, (2026,)).assign(year=2030)
    kpi_rows = (answers["kind"] == "kpi") & (answers["field"] == "actual")
    answers.loc[kpi_rows, "value"] = answers.loc[kpi_rows, "id"].map(final)
    return write_reports(plan, 2030, answers, sample_status(plan, (2026,)).assign(year=2030), out, pdf=pdf,
                         created=dt.datetime(2031, 5, 1, 10, 0))


def test_the_final_years_labels_of_actual_and_target_do_not_print_on_each_other(plan, tmp_path):
    """In the plan's last year each KPI's last 実績値 at (or next to) its final target: the two labels at
    that point are written on different sides of it (the repro: 60.0 % over 59.0 %)."""
    result = _final_year_packet(plan, tmp_path, {"K02": 0.59, "K12": 5_650_000, "K01": 0.31})
    with zipfile.ZipFile(result.workbook) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    trend = [c for c in charts if "<c:v>実績値</c:v>" in c]
    assert len(trend) == len(plan.kpis)
    sides = set()
    for xml in trend:
        target = next(s for s in re.findall(r"<c:ser>.*?</c:ser>", xml, re.S) if "<c:v>年度目標値" in s)
        target_at = re.search(r'<c:dLbls>.*?<c:dLblPos val="(\w+)"/>', target, re.S).group(1)
        actual_at = re.search(r'<c:dLbls>.*?<c:dLblPos val="(\w+)"/>', _series(xml, "実績値"), re.S).group(1)
        assert target_at != actual_at
        sides.add((actual_at, target_at))
    assert {("t", "b"), ("b", "t")} <= sides  # the higher value's label above (K02: 60 % over 59 %)


def test_the_last_actual_under_the_target_on_an_axis_from_zero_is_labelled_below_by_a_series_of_its_own(plan, tmp_path):
    """電子申告（市県民税） 0 % → 30 %, 25.1 % in the last year: the series' labels stay above (its first point is at the
    bottom), the last one is drawn by a third series that shows only that label, below its point, the target's above,
    and the legend leaves that series out (two entries, as every chart)."""
    result = _final_year_packet(plan, tmp_path, {"K08": 0.251})
    with zipfile.ZipFile(result.workbook) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    trend = [c for c in charts if "<c:v>実績値</c:v>" in c]
    split = [c for c in trend if "<c:v>実績値（最新）</c:v>" in c]
    assert len(split) == 1 and "電子申告（市県民税）" in split[0]
    xml = split[0]
    assert re.search(r'<c:dLbls>.*?<c:dLblPos val="(\w+)"/>', _series(xml, "実績値"), re.S).group(1) == "t"
    last = _series(xml, "実績値（最新）")
    assert re.search(r'<c:dLbls>.*?<c:dLblPos val="(\w+)"/>', last, re.S).group(1) == "b"
    assert "<c:marker><c:symbol val=\"none\"/></c:marker>" in last and "<a:ln><a:noFill/></a:ln>" in last
    assert re.search(r"<c:legendEntry><c:idx val=\"2\"/><c:delete val=\"1\"/></c:legendEntry>", xml)
    assert all(c.count("<c:ser>") == 2 for c in trend if c not in split)  # elsewhere as before


def test_the_last_actual_and_the_final_target_print_apart_in_their_order(plan, soffice, tmp_path):
    """As LibreOffice prints it: 「30.0%」 (the final target) above 「25.1%」 (the last 実績値), neither over the other."""
    result = _final_year_packet(plan, tmp_path, {"K08": 0.251, "K01": 0.35}, pdf=True)
    pairs = [(a, t) for _, _, page in read_words(result.pdf) for a in page if a.text == "25.1%" for t in page
             if t.text == "30.0%" and abs(t.x0 - a.x0) < 30 and 3 < abs(t.y0 - a.y0) < 30]  # a chart's two labels
    assert len(pairs) == 1, pairs  # (not a table's row: side by side)
    actual, target = pairs[0]
    assert target.y1 <= actual.y0 + 0.5  # above it, apart


def test_the_progress_labels_are_not_crossed_by_the_expected_progress_frame(sample_report):
    """A bar at 90–99 % with 期待進捗 100 %: the dashed frame's edge runs where the bar's label stands. The
    labels have a white ground, drawn over the frame, so 「93%」 stays legible."""
    with zipfile.ZipFile(sample_report) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    (progress,) = [c for c in charts if "<c:barDir val=\"bar\"/>" in c]
    labels = re.search(r"<c:dLbls>.*?</c:dLbls>", _series(progress, "進捗率"), re.S).group(0)
    assert re.search(r'<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>', labels)


def _final_boxes(actual, target, axis, plot_pt):
    """The final labels as :func:`final_label_positions` places them: (bottom, 実績値's box, target's box,
    the lowest 実績値 label's bottom edge), in points from the plot's bottom."""
    bottom, a_at, last_at, t_at = final_label_positions(actual, target, *axis, plot_pt)
    top = axis[1]

    def box(v, where):
        p = (v - bottom) / (top - bottom) * plot_pt
        if where == "above":
            return p + LABEL_GAP_PT, p + LABEL_GAP_PT + LABEL_HEIGHT_PT
        if where == "below":
            return p - LABEL_GAP_PT - LABEL_HEIGHT_PT, p - LABEL_GAP_PT
        return p - LABEL_HEIGHT_PT / 2, p + LABEL_HEIGHT_PT / 2

    lowest = min([box(v, a_at)[0] for v in actual[:-1] if v is not None] + [box(actual[-1], last_at)[0]])
    return bottom, box(actual[-1], last_at), box(target[-1], t_at), lowest


def _last(baseline, target, past):
    return target + past * abs(target - baseline)


FINAL_CASES = [  # (baseline, final target, last 実績値 as a share of the way past the target): axes not from 0
    (b, t, d) for b, t in [(48, 40), (50, 60), (79, 90), (6290, 5600), (90, 79), (100, 115), (95, 115), (400, 350),
                           (1000, 1100), (60, 50)]
    for d in (-0.1, -0.03, -0.01, 0.0, 0.01, 0.03, 0.1)
    if value_axis([b, t, _last(b, t, d), (b + t) / 2], 1)[0] > 0]


@pytest.mark.parametrize("plot_pt", [53.0, PLOT_PT])
@pytest.mark.parametrize(("baseline", "target", "past"), FINAL_CASES)
def test_final_labels_never_overlap_cross_or_leave_the_plot(baseline, target, past, plot_pt):
    """An axis not from 0, the last 実績値 at, a little under or over the final target: the two labels
    apart, the higher value's label the higher, none under the plot's bottom — the axis goes as many
    steps lower as that needs (a falling KPI ending on its target: 48 → 40, axis from 40, then 36)."""
    last = _last(baseline, target, past)
    actual, line = [baseline, None, last], [baseline, (baseline + target) / 2, target]
    axis = value_axis([baseline, last, target, line[1]], 1)
    assert axis[0] > 0  # the cases the axis may be lowered for
    bottom, (a0, a1), (t0, t1), lowest = _final_boxes(actual, line, axis, plot_pt)
    assert 0 <= bottom <= axis[0]
    assert a1 <= t0 or t1 <= a0  # apart
    assert not (last > target and a1 <= t0) and not (last < target and t1 <= a0)  # never crossed
    assert min(t0, lowest) >= -BELOW_PLOT_PT  # inside the plot (the years' labels are below it)


@pytest.mark.parametrize(("actual", "target"), [
    ([0, None, 0.297], [0, 0.15, 0.30]),     # 電子申告（市県民税） 0 → 30 %
    ([0, 0.09, 0.14, 0.2, 0.24, 0.25], [0, 0.06, 0.12, 0.18, 0.24, 0.30]),  # the same, 25 % against 30 % (a review)
    ([5, 23, 41, 59], [5, 20, 40, 60]),      # オンライン手続数 5 → 60
])
def test_final_labels_on_an_axis_from_zero_with_a_point_at_the_bottom(actual, target):
    """The first 実績値 at the bottom of an axis from 0 keeps the series' labels above; the last 実績値 a little under
    the final target has its own label below its point, the target's above: apart, uncrossed, inside the plot (its
    label had gone below the target's point, onto the 実績値's line and marker)."""
    least = 0.01 if target[-1] < 1 else 1
    axis = value_axis([v for v in actual + target if v is not None], least)
    bottom, (a0, a1), (t0, t1), lowest = _final_boxes(actual, target, axis, PLOT_PT)
    assert (a1 <= t0 or t1 <= a0) and not t1 <= a0
    assert min(t0, lowest) >= -BELOW_PLOT_PT
    assert final_label_positions(actual, target, *axis, PLOT_PT)[1:] == ("above", "below", "above")


@pytest.mark.parametrize(("unit", "values", "scale"), [
    ("円", [50_000, 99_999], ("#,##0", "円")),
    ("円", [85_000, 150_000], ("#,##0,", "千円")),
    ("円", [12_000_000, 15_000_000], ("#,##0,,", "百万円")),
    ("千円", [85_000, 150_000], ("#,##0,", "百万円")),        # never 「千千円」
    ("千円", [12_000_000, 15_000_000], ("#,##0,,", "十億円")),
    ("万円", [85_000, 150_000], ("#,##0,", "千万円")),
    ("万円", [12_000_000, 15_000_000], ("#,##0,,", "百億円")),
    ("百万円", [85_000, 150_000], ("#,##0,", "十億円")),
    ("百万円", [12_000_000, 15_000_000], ("#,##0,,", "兆円")),
    ("千人", [120_000, 130_000], ("#,##0,", "百万人")),
    ("人", [120_000, 130_000], ("#,##0,", "千人")),
])
def test_a_chart_in_thousands_names_its_unit_once(unit, values, scale):
    """The small chart's title 「（千円）」 for figures shown in thousands: the unit's own prefix counts
    (a KPI in 千円 at 150,000 is drawn in 百万円, never titled 「千千円」)."""
    kpi = Kpi("K01", "1", "寄附額", "yen", unit, "増加", False, values[0], values[-1], "財政課")
    assert _axis_scale(kpi) == scale


def test_a_year_the_ledger_has_no_record_of_says_so_in_the_trend_table(plan, tmp_path):
    """KPI推移's 「実績値の推移」 shows a year the ledger knows nothing of as 「記録なし」 — as the other sheets
    do — in the packet and in 公表用, not as a blank the note calls 未報告; the charts still draw it blank
    (a chart reads text as 0)."""
    answers = sample_answers(plan, (2027,))
    result = write_reports(plan, 2027, answers, sample_status(plan, (2027,)), tmp_path, public=True,
                           unrecorded=(2026,), created=dt.datetime(2027, 5, 1, 10, 0))
    for path in (result.workbook, result.public):
        ws = openpyxl.load_workbook(path)["KPI推移"]
        rows = list(ws.iter_rows(values_only=True))
        header = next(n for n, r in enumerate(rows) if r[0] == "KPI ID")
        r8 = rows[header].index("令和8年度")
        kpi_rows = [r for r in rows[header + 1:header + 1 + len(plan.kpis)]]
        assert [r[r8] for r in kpi_rows] == ["記録なし"] * len(plan.kpis)
        assert all(isinstance(r[r8 + 1], (int, float)) for r in kpi_rows)  # 令和9年度, answered
        heading = next(n for n, r in enumerate(rows) if str(r[0]).startswith("実績値の推移"))
        assert "「記録なし」は台帳に照会・回答の記録がない年度" in "".join(r[0] for r in rows[heading + 1:header])
        with zipfile.ZipFile(path) as z:
            charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        for xml in (c for c in charts if "<c:v>実績値</c:v>" in c):
            ref = re.search(r"<c:val><c:numRef><c:f>(.*?)</c:f>", _series(xml, "実績値")).group(1)
            cells = [c.value for row in ws[ref.rsplit("!", 1)[1].replace("$", "")] for c in row]
            assert all(v is None or isinstance(v, (int, float)) for v in cells) and cells[r8 - 6] is None


@pytest.mark.parametrize("n_years", [4, 5, 6, 8])  # a 3-year plan and its baseline year … a 7-year plan
def test_the_legend_holds_the_reference_line_name_on_one_line(n_years):
    """「年度目標値（参考）」 on one line in the legend of every small chart from a 3-year plan up: wrapped,
    LibreOffice drops the 「実績値」 entry (seen in a 3-year plan's charts, 194 px wide, with a legend of
    92 % of it). 8 pt text: 4 pt, 5.44 px, a half-width unit (measured: the name is 73.5 pt wide)."""
    needed = LEGEND_SYMBOL_PX + text_units("年度目標値（参考）") * 5.44
    assert LEGEND_LAYOUT["width"] * chart_width_px(n_years) >= needed
    assert 0 <= LEGEND_LAYOUT["x"] and LEGEND_LAYOUT["x"] + LEGEND_LAYOUT["width"] <= 1


def test_the_years_are_printed_under_the_plot_when_a_value_is_negative(plan, soffice, tmp_path):
    """ネーミングライツ施設数 at -2 in the last year (a 実績値 below 0: an axis from -2): the years' labels were written
    where the category axis crosses 0, inside the plot — over the lines and the points' labels under 0. They go under
    the plot, as on every other chart."""
    result = _final_year_packet(plan, tmp_path, {"K09": -2}, pdf=True)
    for _, _, page in read_words(result.pdf):
        titles = [w for w in page if w.text.startswith("ネーミングライツ施設数（")]  # the small chart's title
        if not titles:
            continue
        title = titles[0]
        chart = [w for w in page if title.x0 - 40 < w.x0 < title.x1 + 40 and title.y1 < w.y0 < title.y1 + 160]
        years = [w for w in chart if w.text == "令和"]
        values = [w for w in chart if w.text in ("1", "3", "-2") and w.x0 > min(y.x0 for y in years) + 5]  # the
        assert years and len(values) == 3, values  # points' labels (not the axis' numbers left of the years)
        assert min(y.y0 for y in years) >= max(v.y1 for v in values) - 0.5, (years, values)  # under every label
        return
    pytest.fail("no small chart of ネーミングライツ施設数")
