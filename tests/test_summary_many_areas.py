"""A plan of twelve 重点項目 of long names (up to six lines of 「名称」): 総括's 「重点項目別」 is longer than a page.
The writer planned it on one page and its charts on the next; LibreOffice broke the table itself and printed the
twelfth 重点項目 and 合計 alone on a page, without the table's header, and the packet had a page more than planned.
The table now breaks between rows with its header rows again on the next page, which keeps three rows or more."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import yaml
from openpyxl.utils import get_column_letter

from pdf_measure import measure_pdf, read_words
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.report.model import SHEET_SUMMARY
from reform_xlsx.report.summary import _trend_height
from reform_xlsx.report.writer import write_reports
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.style import page_rows_height
from report_sample import all_submitted_status, stress_answers

LONG = "持続可能な行財政運営の確立と将来世代に負担を先送りしない財政基盤の強化"


def _plan_data(monkeypatch, areas: int) -> dict:
    """The benchmarks' large plan of 24 sections with ``areas`` 重点項目."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import large_plan
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(large_plan, "AREAS", areas)
    return large_plan.large_plan_data(24)


def _twelve_areas(monkeypatch):
    data = _plan_data(monkeypatch, 12)
    for area in data["areas"]:
        # 15 to 70 characters: up to six lines (names of 13 to 35 characters now fit one page, 名称 made wider:
        # test_a_summary_of_long_names_keeps_its_table_on_one_page)
        area["name"] = (LONG * 2)[:10 + area["number"] * 5]
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"] and len(plan.areas) == 12
    return plan


def test_the_summary_of_twelve_long_areas_breaks_between_rows_under_its_header(soffice, monkeypatch, tmp_path):
    plan = _twelve_areas(monkeypatch)
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measure_pdf(result.pdf, result.workbook)
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    pages = read_words(result.pdf)
    summary = [p for p in doc.pages if p.sheet == SHEET_SUMMARY]
    areas, tables = [], 0
    for p in summary:
        words = pages[p.number - 1][2]
        rows = [w for w in words if w.text.startswith(plan.words.area) and w.text[len(plan.words.area):].isdigit()]
        totals = [w for w in words if w.text == "合計" and w.x0 < 60]
        if not rows and not totals:
            continue  # the charts' page
        tables += 1
        header = [w for w in words if w.text == "名称"]
        assert header and header[0].y1 < min(w.y0 for w in rows + totals), p.number  # the header above its rows
        assert len(rows + totals) >= 3, (p.number, [w.text for w in rows + totals])  # never a row or two alone
        assert p.min_pt >= 9.0
        areas += [w.text for w in rows]
    assert tables == 2
    assert areas == [f"{plan.words.area}{a.number}" for a in plan.areas]  # every 重点項目 once, in order
    ws_text = "".join(w.text for _, _, words in pages for w in words)
    assert "グラフの値" not in ws_text  # the charts' copy of the rows is not printed


def _areas_of(monkeypatch, count: int, length: int, end: str | None = None):
    """A plan of ``count`` 重点項目, each named with ``length`` characters (two or three lines of 「名称」; its period to
    ``end``)."""
    data = _plan_data(monkeypatch, count)
    if end:
        data["plan"]["period"]["end"] = end
    for area in data["areas"]:
        area["name"] = (LONG * 5)[:length]
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"] and len(plan.areas) == count
    return plan


@pytest.mark.parametrize(("count", "length"), [(10, 35), (14, 20)])
def test_a_summary_table_a_little_over_a_page_breaks_under_its_header_too(soffice, monkeypatch, tmp_path, count,
                                                                          length):
    """10 重点項目 of 35 characters (the table 1.08 pages) and 14 of 20 (1.08): the table was taken for one fitted to its
    page (up to 12 % over), but its charts go on to a page of their own and the sheet is then fitted to the page's
    width only — LibreOffice printed 合計 alone on a page, without the header, a page more than planned. (10 of 35
    characters now fit one page, 「名称」 wide enough for each name on a line; 14 of 20 still break.)"""
    plan = _areas_of(monkeypatch, count, length)
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measure_pdf(result.pdf, result.workbook)
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    pages = read_words(result.pdf)
    for _, _, words in pages:
        if not any(w.text.endswith("総括") and w.y0 < 50 for w in words):  # the running header names the sheet
            continue
        rows = [w for w in words if w.text.startswith(plan.words.area) and w.text[len(plan.words.area):].isdigit()
                and w.x0 < 60]
        totals = [w for w in words if w.text == "合計" and w.x0 < 60]
        if totals:
            header = [w for w in words if w.text == "名称"]
            assert header and header[0].y1 < min(w.y0 for w in rows + totals)  # the header above 合計
            assert len(rows + totals) >= 3, [w.text for w in rows + totals]  # never 合計 alone



SHINONOME_AREAS = ("誰もが手続を迷わず済ませられる、町民目線のデジタル行政サービスへの転換",
                   "将来世代に負担を先送りしない、持続可能で健全な財政基盤の確立",
                   "人口減少時代にふさわしい公共施設とインフラの最適な配置と長寿命化",
                   "子ども・子育て世代と高齢者が安心して暮らせる支援体制の再構築",
                   "町民・事業者・大学との協働による、開かれた町政と組織の変革")
LONG_GRADES = ("計画を上回って進捗", "計画どおり進捗", "おおむね計画どおり", "計画より遅れ", "未着手・休止")


def _five_long_areas(monkeypatch):
    """Five 基本方針 of 29 to 35 characters and five grades of long names (a town's plan): the grade columns take the
    width, and 「名称」 at its least (16 units) wrapped each name on four or five lines."""
    return _long_grades_plan(monkeypatch, SHINONOME_AREAS)


def _long_grades_plan(monkeypatch, names: tuple[str, ...], end: str | None = None):
    """The large plan with a 重点項目 of each of ``names``, the grades of :data:`LONG_GRADES` (its period to ``end``)."""
    data = _plan_data(monkeypatch, len(names))
    if end:
        data["plan"]["period"]["end"] = end
    for area, name in zip(data["areas"], names):
        area["name"] = name
    for grade, label in zip(data["grades"], LONG_GRADES):
        grade["label"] = label
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"] and len(plan.areas) == len(names)
    return plan


def _years_report(plan, year: int, out: Path, pdf: bool):
    years = range(plan.start_year, year + 1)
    answers = pd.concat([stress_answers(plan, y) for y in years], ignore_index=True)
    status = pd.concat([all_submitted_status(plan, y) for y in years], ignore_index=True)
    return write_reports(plan, year, answers, status, out, pdf=pdf, created=dt.datetime(year + 1, 5, 1, 10, 0))


@pytest.mark.parametrize("year", [2027, 2029])
def test_a_summary_of_long_names_keeps_its_table_on_one_page(monkeypatch, tmp_path, year):
    """The second year (増減, two years of 年度別の推移) and the fourth (four years): the table was 5 % over its page
    and broke 3 + 2 rows over two pages each ~42 % empty. 「名称」 is made wider (the page printed a little smaller)
    until the table fits one page: one break only, before the charts' page."""
    plan = _five_long_areas(monkeypatch)
    result = _years_report(plan, year, tmp_path, pdf=False)
    ws = openpyxl.load_workbook(result.workbook)[SHEET_SUMMARY]
    charts = next(c.row for c in ws["A"] if str(c.value or "").startswith("進捗状況・KPI 判定のグラフ"))
    assert [b.id for b in ws.row_breaks.brk] == [charts - 1]  # the table and its rows below on the first page
    assert ws.column_dimensions["B"].width > 16.71  # 「名称」 wider than its least


@pytest.mark.parametrize("year", [2027, 2029])
def test_the_printed_summary_of_long_names_is_its_table_and_its_charts(soffice, monkeypatch, tmp_path, year):
    plan = _five_long_areas(monkeypatch)
    result = _years_report(plan, year, tmp_path, pdf=True)
    doc = measure_pdf(result.pdf, result.workbook)
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    pages = read_words(result.pdf)
    summary = [p for p in doc.pages if p.sheet == SHEET_SUMMARY]
    assert len(summary) == 2  # the table; the charts
    words = {w.text for w in pages[summary[0].number - 1][2]}
    assert {f"{plan.words.area}{a.number}" for a in plan.areas} | {"合計", "増減"} <= words
    assert {format_fiscal_year(y) for y in range(plan.start_year, year + 1)} <= words  # 年度別の推移, every year
    assert min(p.min_pt for p in summary) >= 8.0


SHORT_AREAS = ("行政手続のデジタル", "財政基盤の健全化策", "公共施設の最適配置", "人材育成と組織改革",
               "協働による地域創り", "窓口サービスの向上", "行政評価の仕組改善", "広域連携の推進強化",
               "情報発信と広聴強化", "公有財産の有効活用")


def _ten_short_areas(monkeypatch):
    """Ten 重点項目 of 9 characters (18 units) and grades of long names: 「名称」 at its least (16 units) wraps each
    name on two lines; at 19 units, one over the names, they still wrap (a cell holds fewer characters than its
    width in units, and the line breaking rules take ~8 %); at 20 each is on one line."""
    return _long_grades_plan(monkeypatch, SHORT_AREAS)


def test_a_summary_of_names_a_little_over_名称_widens_it_until_no_name_wraps(monkeypatch, tmp_path):
    """The second year: the table broke 8 + 2 rows (and 合計) over two pages — 「名称」 was tried only up to the
    longest name's units + 1 (19), where every name still wrapped on two lines; at 20 the table fits its page."""
    plan = _ten_short_areas(monkeypatch)
    result = _years_report(plan, 2027, tmp_path, pdf=False)
    ws = openpyxl.load_workbook(result.workbook)[SHEET_SUMMARY]
    charts = next(c.row for c in ws["A"] if str(c.value or "").startswith("進捗状況・KPI 判定のグラフ"))
    assert [b.id for b in ws.row_breaks.brk] == [charts - 1]  # the table and its rows below on the first page
    assert ws.column_dimensions["B"].width > 16.71  # 「名称」 wider than its least


def test_the_printed_summary_of_names_a_little_over_名称_is_its_table_and_its_charts(soffice, monkeypatch, tmp_path):
    plan = _ten_short_areas(monkeypatch)
    result = _years_report(plan, 2027, tmp_path, pdf=True)
    doc = measure_pdf(result.pdf, result.workbook)
    pages = read_words(result.pdf)
    summary = [p for p in doc.pages if p.sheet == SHEET_SUMMARY]
    assert len(summary) == 2  # the table; the charts
    words = {w.text for w in pages[summary[0].number - 1][2]}
    assert {f"{plan.words.area}{a.number}" for a in plan.areas} | {"合計", "増減"} <= words
    assert set(SHORT_AREAS) <= words  # each name on one line
    assert summary[0].min_pt >= 8.0  # (the charts' page: a rotated 「重点項目10」 measures small, as before)


def test_a_summary_of_short_names_keeps_名称_at_its_least_when_the_years_break_the_table(monkeypatch, tmp_path):
    """Eight 重点項目 of short names (「施策01」, on one line at 16 units), grades of long names, 令和15年度 of a plan of
    ten years: 年度別の推移 breaks the table over two pages. A wider 「名称」 (20 units, the page at 94 %) would fit
    it by printing smaller alone — no name is shorter for it, and 名称 stays at its least."""
    plan = _long_grades_plan(monkeypatch, tuple(f"施策{n:02d}" for n in range(1, 9)), end="R17")
    result = _years_report(plan, 2033, tmp_path, pdf=False)
    ws = openpyxl.load_workbook(result.workbook)[SHEET_SUMMARY]
    assert ws.column_dimensions["B"].width < 16.72  # 16 units (xlsxwriter adds 0.71)
    assert len(ws.row_breaks.brk) == 2  # the table over two pages (its header again), then the charts



def test_a_summary_breaking_over_many_pages_leaves_no_重点項目_alone_on_a_page(monkeypatch, tmp_path):
    """10 重点項目 of 100 characters, the fourth year: the table broke after 重点項目3, 7 and 8 — its last break moved
    back for the last page to keep three rows (重点項目9, 10 and 合計) left 重点項目8 alone on a page ~30 % full. The
    last two pages now share their rows (重点項目8 and 9, then 重点項目10 and 合計): each page two rows or more."""
    data = _plan_data(monkeypatch, 10)
    for area in data["areas"]:
        area["name"] = (LONG * 3)[:100]
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"] and len(plan.areas) == 10
    result = _years_report(plan, 2029, tmp_path, pdf=False)
    ws = openpyxl.load_workbook(result.workbook)[SHEET_SUMMARY]
    column = [str(c.value or "") for c in ws["A"]]  # (index n: row n + 1, a break of id n starts a page at it)
    pages = [[v for v in column[a:b] if v == "合計" or v.removeprefix(plan.words.area).isdigit()]
             for a, b in zip([0, *(b.id for b in ws.row_breaks.brk)], [*(b.id for b in ws.row_breaks.brk), None])]
    tables = [rows for rows in pages if rows]  # (the charts' page: none)
    assert len(tables) == 4 and sum(tables, []) == [f"{plan.words.area}{n}" for n in range(1, 11)] + ["合計"]
    assert all(len(rows) >= 2 for rows in tables), tables  # no 重点項目 alone on a page
    assert tables[-1][-2:] == [f"{plan.words.area}10", "合計"]  # 合計 with a 重点項目 at least



def _rows_of_pages(ws) -> list[list[int]]:
    """The rows (indexes of column A) of 総括 page by page, by its manual breaks."""
    ids = [b.id for b in ws.row_breaks.brk]  # (a break of id n starts a page at index n: row n + 1)
    return [list(range(a, b)) for a, b in zip([0, *ids], [*ids, ws.max_row])]


@pytest.mark.parametrize(("count", "length", "apart"), [(6, 140, False), (11, 100, True)])
def test_the_years_so_far_are_one_block_that_fits_the_page_it_is_on(monkeypatch, tmp_path, count, length, apart):
    """令和17年度 of a plan of ten years (令和8～17年度): 6 重点項目 of 140 characters broke the table 2 + 2 + 2 rows
    (合計, 増減 and the ten years of 年度別の推移 budgeted as rows under 合計 on the last page): the last break moved
    back for that page to keep three rows (重点項目5, 6 and 合計) took it over its height, and LibreOffice cut
    年度別の推移 across two pages (令和8～13年度, then 令和14～17年度 on a page more than planned). The break now
    stays (2 + 3 + 1 rows and 合計, the page before full). 11 重点項目 of 100 characters: kept where it was, 合計
    would be alone on the last page — 年度別の推移 starts a page of its own under the header rows again, 合計 and
    増減 with the last 重点項目."""
    plan = _areas_of(monkeypatch, count, length, end="R17")
    result = _years_report(plan, 2035, tmp_path, pdf=False)
    ws = openpyxl.load_workbook(result.workbook)[SHEET_SUMMARY]
    column = [str(c.value or "") for c in ws["A"]]
    widths = tuple(ws.column_dimensions[get_column_letter(n)].width - 0.71 for n in range(1, 15))
    pages = _rows_of_pages(ws)[:-1]  # (the last: the charts)
    for rows in pages:  # each page's rows fit it (a row's height as written: to the pixel, 20 pt as 20.25)
        assert sum(ws.row_dimensions[r + 1].height or 15 for r in rows) <= page_rows_height(widths) + 0.75 * len(rows)
    trend = next(rows for rows in pages if any(column[r].startswith("年度別の推移") for r in rows))
    years = [column[r] for r in trend if column[r].startswith("令和")]
    assert years == [format_fiscal_year(y) for y in range(2026, 2036)]  # every year on the heading's page
    total = next(rows for rows in pages if "合計" in [column[r] for r in rows])
    assert "増減" in [column[r] for r in total]
    assert any(column[r].removeprefix(plan.words.area).isdigit() for r in total)  # 合計 with a 重点項目
    assert (trend is not total) == apart
    if apart:
        assert column[trend[0]].startswith("年度別の推移") and column[trend[2]] == "年度"  # under the header again


@pytest.mark.parametrize(("count", "length"), [(6, 140), (11, 100)])
def test_the_printed_years_so_far_are_one_block_on_a_page(soffice, monkeypatch, tmp_path, count, length):
    plan = _areas_of(monkeypatch, count, length, end="R17")
    result = _years_report(plan, 2035, tmp_path, pdf=True)
    doc = measure_pdf(result.pdf, result.workbook)
    years = [format_fiscal_year(y) for y in range(2026, 2036)]
    summary, holding = [], []
    for n, (_, height, words) in enumerate(read_words(result.pdf)):
        if not any(w.text == SHEET_SUMMARY and w.y0 < 42 for w in words):  # the running header names the sheet
            continue
        summary.append(n)
        shown = [w for w in words if w.text in years and w.x0 < 60]
        heading = [w for w in words if w.text.startswith("年度別の推移")]
        if shown or heading:
            holding.append(n)
            assert heading and [w.text for w in shown] == years  # the heading and every year on one page
            assert heading[0].y1 < min(w.y0 for w in shown)
        if any(w.text == "合計" and w.x0 < 60 for w in words):
            assert any(w.text == "増減" for w in words)
    assert len(holding) == 1
    planned = openpyxl.load_workbook(result.workbook)[SHEET_SUMMARY].row_breaks.brk
    assert len(summary) == len(planned) + 1  # the pages the writer planned: LibreOffice added none
    assert min(doc.pages[n].min_pt for n in summary[:-1]) >= 8.0


class _TrendData(SimpleNamespace):
    def former_grades(self):
        return self.removed


@pytest.mark.parametrize(("years", "removed", "least", "most"), [
    ((2026,), (), 0, 0),  # the first year: no 年度別の推移
    ((2026, 2027, 2028), (), 18 + 3 * 18 + 13, 18 + 3 * 18 + 13),  # no note: a line of room still
    ((2026, 2027, 2028), (("D", "D 未着手"),), 18 + 3 * 18 + 13, 18 + 3 * 18 + 13),  # a short note: one line
    # three grades a revision removed, counted over ten years: the note wraps on to more lines, each budgeted
    (tuple(range(2026, 2036)), (("C", "C 遅れ"), ("D", "D 未着手（計画の見直し）"), ("E", "E 完了")),
     18 + 10 * 18 + 3 * 13, 18 + 10 * 18 + 5 * 13),
])
def test_the_height_of_the_years_so_far_counts_the_lines_of_its_note(years, removed, least, most):
    trend = pd.DataFrame([{"year": y, "C": 12, "D": 345, "E": 6} for y in years])
    data = _TrendData(trend=trend, removed=removed, unrecorded=(), year=years[-1], final=False)
    assert least <= _trend_height(data, 140) <= most
