"""「計画期間の総括」 of a plan with many KPIs prints at 8 pt or more: it breaks its pages (the KPI header
row again on each, 財政効果額 on a page of its own when it does not fit under the KPIs) instead of being
shrunk to one page for its height. The bundled plan with a 【改訂】 KPI name on two lines and a KPI added
mid-plan (14 KPIs) printed its notes and running header at 7.9 pt."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
import yaml

from pdf_measure import measure_pdf, page_problems
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.final import _period_breaks
from reform_xlsx.report.model import SHEET_PERIOD
from reform_xlsx.report.writer import write_reports
from report_sample import all_submitted_status, stress_answers

WIDTHS = (6, 30, 6, 11, *(13,) * 5, 13, 13, 9)  # the bundled plan's, a KPI in 円 and a revised target


@pytest.mark.parametrize(("kpis", "effects", "breaks", "effects_break"), [
    ([20.0] * 13, [27.0, 20.0, 20.0, 20.0], set(), False),  # the bundled plan: one page
    ([20.0] * 13 + [27.0, 20.0], [27.0, 20.0, 20.0, 20.0], set(), True),  # 15 KPIs: 財政効果額 on page 2
    ([20.0] * 20, [20.0] * 4, {18}, False),  # 20 KPIs: the last two and 財政効果額 on page 2
    ([20.0] * 40, [20.0] * 4, {18}, True),  # 40 KPIs: two pages of KPIs, 財政効果額 on a third
])
def test_where_the_period_sheet_breaks(kpis, effects, breaks, effects_break):
    assert _period_breaks(WIDTHS, 26 + 13 * 3 + 22, kpis, effects) == (breaks, effects_break)


def _many_kpis(count: int):
    """The bundled plan with ``count`` more KPIs on 2-2-10 (long names: two lines each)."""
    data = yaml.safe_load(bundled_plan_text())
    for n in range(count):
        data["kpis"].append({"id": f"K{20 + n}", "item": "2-2-10", "name": f"公用施設の光熱水費の削減額（第{n + 1}区分の施設分）",
                             "short_name": f"光熱水費の削減額（第{n + 1}区分の施設分、年度合計）", "kind": "count",
                             "unit": "円", "direction": "増加", "baseline": 0, "target": 1_000_000_000, "owner": "財政課"})
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    return plan


@pytest.mark.libreoffice
@pytest.mark.parametrize("count", [4, 30])
def test_the_period_sheet_of_many_kpis_prints_at_8pt(soffice, tmp_path, count):
    plan = _many_kpis(count)
    result = write_reports(plan, 2030, stress_answers(plan, 2030), all_submitted_status(plan, 2030), tmp_path,
                           created=dt.datetime(2031, 5, 1, 10, 0), pdf=True, final=True)
    assert result.pdf is not None, result.notes
    period = [p for p in measure_pdf(result.pdf, result.workbook).pages if p.sheet == SHEET_PERIOD]
    assert [(p.number, m) for p in period for m in page_problems(p, 8.0)] == []
    ws = openpyxl.load_workbook(result.workbook)[SHEET_PERIOD]
    assert len(period) == len(ws.row_breaks.brk) + 1 >= 2  # the breaks the writer set: LibreOffice added none
    starts = {ws.cell(b.id + 1, 1).value for b in ws.row_breaks.brk}  # each page starts with a header row
    assert starts <= {"KPI ID", "財政効果額（年度別、円）"} and "KPI ID" in starts


def _long_area_plan():
    """The bundled plan with a first 重点項目 of a name that does not fit on one line over the three columns."""
    data = yaml.safe_load(bundled_plan_text())
    data["areas"][0]["name"] = "行政のデジタル化の推進と制度・慣行の抜本的な見直しによる市民サービスの向上と業務の効率化"
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    return plan


def _five_years(plan):
    """Every year answered: a name that overflowed into the figures beside it would be cut there."""
    return pd.concat([stress_answers(plan, year) for year in range(2026, 2031)], ignore_index=True)


def _effects_rows(workbook):
    ws = openpyxl.load_workbook(workbook)[SHEET_PERIOD]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "財政効果額（年度別、円）") + 1
    return ws, top


@pytest.mark.parametrize("long_name", [False, True])
def test_a_financial_effects_name_uses_the_columns_beside_it_without_merged_cells(plan, tmp_path, long_name):
    """財政効果額 of 計画期間の総括: the 重点項目's number under KPI ID, its name over 指標・単位・基準値 on one line
    (it wrapped in the 30-wide column, beside two empty bordered columns); a name too long for one line wraps
    in its row sized for it."""
    from reform_xlsx.xlsx.sizing import row_height

    plan = _long_area_plan() if long_name else plan
    result = write_reports(plan, 2030, _five_years(plan), all_submitted_status(plan, 2030), tmp_path,
                           created=dt.datetime(2031, 5, 1, 10, 0), final=True)
    ws, header = _effects_rows(result.workbook)
    assert ws.cell(header, 1).value == "重点項目" and ws.cell(header, 1).alignment.horizontal == "centerContinuous"
    assert [ws.cell(header, c).alignment.horizontal for c in (2, 3, 4)] == ["centerContinuous"] * 3
    assert not ws.merged_cells.ranges
    for n, area in enumerate(plan.areas, start=1):
        r = header + n
        assert [ws.cell(r, c).value for c in (1, 2, 3, 4)] == [str(area.number), area.name, None, None]
        wrapped = long_name and n == 1
        assert bool(ws.cell(r, 2).alignment.wrap_text) == wrapped
        height = row_height([(area.name, 30)], minimum=20) if wrapped else 20
        assert ws.row_dimensions[r].height == pytest.approx(height, abs=0.5) and (height > 21) == wrapped
        assert ws.cell(r, 2).border.right.style is None and ws.cell(r, 4).border.right.style == "thin"
    total = header + len(plan.areas) + 1
    assert [ws.cell(total, c).value for c in (1, 2, 3, 4)] in (["", "合計", None, None], [None, "合計", None, None])


@pytest.mark.libreoffice
@pytest.mark.parametrize("long_name", [False, True])
def test_a_financial_effects_name_prints_whole_at_8pt(soffice, plan, tmp_path, long_name):
    plan = _long_area_plan() if long_name else plan
    result = write_reports(plan, 2030, _five_years(plan), all_submitted_status(plan, 2030), tmp_path,
                           created=dt.datetime(2031, 5, 1, 10, 0), pdf=True, final=True)
    doc = measure_pdf(result.pdf, result.workbook)
    pages = [p for p in doc.pages if p.sheet == SHEET_PERIOD]
    assert pages and [m for p in pages for m in page_problems(p, 8.0)] == []
    assert [c for c in doc.clipped if c.sheet == SHEET_PERIOD] == []  # names whole (one overflowing the figures is cut)
    if not long_name:  # one line: every word of the name on the same baseline
        from pdf_measure import read_words

        period = {p.number for p in pages}
        words = [w for n, (_w, _h, ws) in enumerate(read_words(result.pdf), start=1) if n in period for w in ws]
        name = plan.areas[0].name
        lines = {round(w.y0) for w in words if w.text in name and len(w.text) > 1}
        assert len(lines) == 1
