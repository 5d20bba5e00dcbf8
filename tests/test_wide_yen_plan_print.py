"""A plan that counts its KPIs in 円 with 12–13 digit figures (市税収入 150,000,000,000 → 200,000,000,000円, a
prefecture's 1,500,000,000,000円), long units (「件（累計）」「人/日」) and a revision that raised two targets: the
packet prints every sheet at 8 pt or more on A4, every unit whole and no figure as 「###」 — measured on the PDF
LibreOffice prints.

Before: KPI達成状況 (seven columns of 13-digit figures: 当初の目標値, 前年度 and 増減 beside them) printed at 7.6 pt,
「件（累計）」 was cut at its 5-wide cell's edge there and in 計画期間の総括, and 事務局用「算出根拠」 showed the
13-digit 実績値 as 「###」 in its fixed 12."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pytest

from pdf_measure import BBOX_HEIGHT_PER_PT, measure_pdf, read_words, render_pdf
from reform_xlsx.plan.model import Revision
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.report.model import SHEET_KPI, SHEET_NOTES, SHEET_PERIOD
from reform_xlsx.report.writer import write_reports
from reform_xlsx.xlsx.style import MIN_PT_PER_UNIT
from report_sample import sample_answers, sample_status
from sheet_reader import Table

pytestmark = pytest.mark.libreoffice

LONG_UNITS = ("件（累計）", "人/日")
ACTUALS = {"K10": (160_000_000_000, 171_234_567_890), "K12": (1_550_000_000_000, 1_612_345_678_901),
           "K11": (1_234, 1_300)}


def _wide_plans(plan):
    """The bundled plan with wide yen KPIs and long units, and its revision of 令和9年度 (higher targets)."""
    changes = {
        "K10": dict(name="市税収入（個人市民税・法人市民税・固定資産税・軽自動車税・市たばこ税・都市計画税の合計額）",
                    baseline=150_000_000_000, target=200_000_000_000),
        "K12": dict(name="県税収入（県民税・事業税・地方消費税・不動産取得税・自動車税等の合計額）", kind="yen", unit="円",
                    direction="増加", baseline=1_500_000_000_000, target=1_800_000_000_000),
        "K11": dict(unit="人/日", direction="増加", baseline=1_200, target=1_500),
        "K13": dict(unit="件（累計）", name="街路灯LED化更新数（市道・農道・公園内の街路灯を含む累計）"),
    }
    first = dataclasses.replace(plan, kpis=tuple(dataclasses.replace(k, **changes.get(k.id, {})) for k in plan.kpis))
    raised = {"K10": 210_000_000_000, "K12": 1_900_000_000_000}
    revised = dataclasses.replace(first, version="2027-03", revision=Revision(2027), kpis=tuple(
        dataclasses.replace(k, target=raised[k.id]) if k.id in raised else k for k in first.kpis))
    return first, revised


@pytest.fixture(scope="module")
def wide_packet(soffice, tmp_path_factory):
    from reform_xlsx.plan.loading import load_plan

    first, revised = _wide_plans(load_plan()[0])
    years = (2026, 2027)
    answers = sample_answers(first, years)
    for kpi_id, values in ACTUALS.items():
        for year, value in zip(years, values):
            rows = (answers["year"] == year) & (answers["id"] == kpi_id) & (answers["field"] == "actual")
            answers.loc[rows, ["value", "raw"]] = [value, str(value)]
    out = tmp_path_factory.mktemp("wide-yen")
    result = write_reports(revised, 2027, answers, sample_status(first, years), out / "out", final=True,
                           created=dt.datetime(2027, 5, 1, 10, 0), revisions=Revisions((first, revised)))
    return {book: (path, render_pdf(path, out / book)) for book, path in
            (("packet", result.workbook), ("office", result.office))}


def _sheet_pages(path, pdf, sheet):
    doc = measure_pdf(pdf, path, ink=False)
    numbers = [p.number for p in doc.pages if p.sheet == sheet]
    assert numbers, sheet
    pages = read_words(pdf)
    return [p for p in doc.pages if p.number in numbers], [pages[n - 1][2] for n in numbers]


@pytest.mark.parametrize("book, sheet", [("packet", SHEET_KPI), ("packet", SHEET_PERIOD), ("office", SHEET_KPI),
                                         ("office", SHEET_NOTES)])
def test_every_sheet_of_wide_yen_figures_prints_at_8_pt_with_no_hashes(wide_packet, book, sheet):
    path, pdf = wide_packet[book]
    measured, words = _sheet_pages(path, pdf, sheet)
    assert min(p.min_pt for p in measured) >= 7.95, [(p.number, p.min_pt) for p in measured]
    texts = [w.text for page in words for w in page]
    assert not any("###" in t for t in texts)
    assert "1,612,345,678,901" in texts  # the 13-digit 実績値 whole, on one line


@pytest.mark.parametrize("sheet", [SHEET_KPI, SHEET_PERIOD])
def test_a_long_unit_prints_inside_its_column(wide_packet, sheet):
    """The printed width of 「件（累計）」 (pdftotext gives the whole word even where LibreOffice clips it at the
    cell's edge) is within its column's printed width: the column's units × 5 pt × the page's scale."""
    path, pdf = wide_packet["packet"]
    table = Table(openpyxl.load_workbook(path)[sheet], "KPI ID")
    column = openpyxl.utils.get_column_letter(table.cell("K13", "単位").column)
    ws = openpyxl.load_workbook(path)[sheet]
    width = next(d.width for d in ws.column_dimensions.values()
                 if d.min <= openpyxl.utils.column_index_from_string(column) <= d.max)
    _, pages = _sheet_pages(path, pdf, sheet)
    for unit in LONG_UNITS:
        word = next(w for page in pages for w in page if w.text == unit)
        scale = (word.y1 - word.y0) / BBOX_HEIGHT_PER_PT / 10  # the 10 pt cell as printed
        assert word.x1 - word.x0 <= width * MIN_PT_PER_UNIT * scale, (sheet, unit, width)
