"""Where the printed packet breaks its lines and pages, as a meeting member reads it on A4.

- A table header breaks where a reader would (before 「※」 or 「（」, after 「／」), never inside a
  bracketed word: 「年度目標値」「※は参考（按」「分）」 printed in the KPI header of a plan that gives some
  KPIs their own yearly targets.
- A plan of 43 KPIs (``_many_kpis(30)``, long texts): 「KPI推移」's 「実績値の推移」 started on a page of its own
  after charts that took a third of a page (69 % blank) and went on over two pages without its header row;
  「改革項目一覧」 moved an item whole to the next page after a short one, leaving 43 % of a page blank.
- 「担当課別」 of a plan of 40 sections was fitted to one page and printed at 5 pt.
- 「KPI推移」 of a plan of a longer period (8 or 12 years' columns with the baseline) was wider than a page at
  100 %: its charts' 8 pt text printed at 7.6 and 5.7 pt; its final 計画期間の総括 printed at 7.7 pt.
- The final packet of a ten-year plan: 総括 (ten rows of 年度別の推移 and the charts on one page) printed at 7.7 pt;
  概要 moved its last block whole to a page of its own, leaving 41 % of the page before it blank.
- Headers outside the packet's tables broken the same way: 事務局用 算出根拠 「実績値を報告した」「課」, 受付結果
  ファイル別 「課名（調査票」「の記録）」 and 「調査票の年」「度」.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.utils import get_column_letter

from pdf_measure import measure_pdf, page_problems, read_words
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.kpi_trend import table_breaks
from reform_xlsx.report.model import (
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_KPI_TREND,
    SHEET_OVERVIEW,
    SHEET_PERIOD,
    SHEET_SECTIONS,
    SHEET_SUMMARY,
)
from reform_xlsx.report.writer import write_reports
from reform_xlsx.textwidth import text_units
from reform_xlsx.xlsx.sizing import header_label, line_capacity
from reform_xlsx.xlsx.style import HEADER_FILL, keep_last_rows
from report_sample import all_submitted_status, sample_answers, sample_status, stress_answers
from test_period_pages import _many_kpis
from test_print import check_items_pages

HEADER_CASES = [
    ("年度目標値\n※は参考（按分）", 14, "年度目標値\n※は参考\n（按分）"),  # the mixed KPI header: never 「（按」「分）」
    ("年度目標値\n参考（按分）", 14, "年度目標値\n参考（按分）"),  # fits: as it is
    ("年度目標値／※は参考（按分）", 14, "年度目標値／\n※は参考\n（按分）"),  # after 「／」, before 「※」
    ("課名（調査票の記録）", 13, "課名\n（調査票の記録）"),  # before the bracket, never inside it
    ("内容のハッシュ（先頭12桁）", 14, "内容のハッシュ\n（先頭12桁）"),
    ("KPI ID", 5.5, "KPI ID"),  # at a space the cell breaks the line itself
    ("進捗率", 8, "進捗率"),
    ("実績値を報告した課", 10, "実績値を\n報告した課"),  # too long for a piece: where a word starts (after kana)
    ("推進室コメント", 12.7, "推進室\nコメント"),  # between kanji and katakana, never 「推進室コメン」「ト」
    ("本部会議での意見", 12.7, "本部会議での\n意見"),
    ("推進委員会意見", 12.7, "推進委員会\n意見"),  # all kanji: before its last word
    ("推進室コメント", 16, "推進室コメント"),  # fits: as it is
    ("ユーザー意見", 5, "ユーザー\n意見"),  # (「ー」 is katakana)
    ("意見（推進委員会意見）", 8, "意見\n（推進委員会意見）"),  # never inside brackets
    ("実施状況", 3, "実施状況"),  # no word starts inside: left to the cell
    ("（参考（按分）の値）", 8, "（参考（按分）の値）"),  # nested brackets: one piece
    # a word longer than the column: broken by the cell all the same, so no break of its own before the next word
    # where that takes more lines (「アクション」「プラン」「名」, 「ワーキンググ」「ループ」「意見」)
    ("アクションプラン名", 11, "アクションプラン名"),
    ("ワーキンググループ意見", 13, "ワーキンググループ意見"),
    ("パブリックコメント意見", 9, "パブリックコメント意見"),
    ("アドバイザー会議意見", 11, "アドバイザー会議意見"),
]

# labels of other plans' words (committee names in katakana, ASCII, long) with no bracket, 「／」「・」「、」: broken
# where a word starts only, at every width
OTHER_LABELS = ["アクションプラン名", "アドバイザー会議意見", "チェックリスト項目", "パブリックコメント意見",
                "ワーキンググループ意見", "外部評価委員の意見", "ＤＸ推進委員会意見", "行政改革推進本部会議での意見",
                "推進室コメント", "本部会議での意見", "KPI達成状況", "令和9年度目標値", "R9実績",
                "市民のマイナンバーカード保有率", "証明書等のコンビニ交付による交付率"]  # (計画期間の総括's names narrowed)


@pytest.mark.parametrize("label, width, expected", HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_a_header_breaks_where_a_reader_would(label, width, expected):
    assert header_label(label, width) == expected
    assert header_label(label, width).replace("\n", "") == label.replace("\n", "")


def _edge_lines(label: str, width: float) -> int:
    """Lines ``label`` takes in a cell ``width`` wide that breaks each of its lines at the column's edge."""
    capacity, lines = line_capacity(width), 0
    for line in label.split("\n"):
        used, lines = 0, lines + 1
        for ch in line:
            if used and used + text_units(ch) > capacity:
                used, lines = 0, lines + 1
            used += text_units(ch)
    return lines


@pytest.mark.parametrize("label", OTHER_LABELS)
def test_a_header_broken_where_a_word_starts_never_takes_more_lines(label):
    """…than the cell breaking it at the column's edge."""
    for width in [w / 2 for w in range(6, 60)]:
        assert _edge_lines(header_label(label, width), width) <= _edge_lines(label, width), (label, width)


def _mixed_plan():
    """The bundled plan with K01 given its own yearly targets: the other KPIs' 年度目標値 are marked 「※」."""
    data = yaml.safe_load(bundled_plan_text())
    data["kpis"][0]["yearly_targets"] = {"R8": 0.3, "R9": 0.4}
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    return plan


def _header_lines_too_long(workbook) -> list[str]:
    """Bold wrapped header cells with a line longer than its column holds (the cell would break it anywhere)."""
    out = []
    wb = openpyxl.load_workbook(workbook)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for c in row:
                if not (isinstance(c.value, str) and c.font.b and c.alignment.wrap_text and c.fill.fgColor.rgb
                        and str(c.fill.fgColor.rgb).upper().endswith(HEADER_FILL.lstrip("#"))):
                    continue
                width = ws.column_dimensions[get_column_letter(c.column)].width - 0.71  # xlsxwriter's padding
                for line in c.value.split("\n"):
                    if " " not in line and text_units(line) > line_capacity(width, c.font.sz or 10):
                        out.append(f"{ws.title}!{c.coordinate}: {c.value!r}")
    return out


@pytest.fixture(scope="module")
def mixed(soffice, tmp_path_factory):
    plan = _mixed_plan()
    years = (2026, 2027)
    return write_reports(plan, 2027, sample_answers(plan, years), sample_status(plan, years),
                         tmp_path_factory.mktemp("mixed"), created=dt.datetime(2027, 5, 1, 10, 0), pdf=True,
                         public=True)


def test_the_kpi_header_of_a_plan_with_some_yearly_targets_prints_its_words_whole(mixed):
    for workbook in (mixed.workbook, mixed.public, mixed.office):  # 事務局用: 「実績値を報告した」「課」 in 算出根拠
        assert _header_lines_too_long(workbook) == []
    header = openpyxl.load_workbook(mixed.workbook)[SHEET_KPI]
    assert any(c.value == "年度目標値\n※は参考\n（按分）" for row in header.iter_rows() for c in row)
    for pdf in (mixed.pdf, mixed.public_pdf):
        words = [w.text for _, _, ws in read_words(pdf) for w in ws]
        assert "（按分）" in words and "※は参考" in words
        assert not any(w.endswith("（按") for w in words)


ROOM = 450.0  # a page's points under the repeated header row
TABLE_CASES = [
    # (rows' heights, points the charts take of the page, heading) -> (new page, KPI rows starting a page)
    ("after a third of a page of charts", [20.0] * 43, 183.0, 48.0, (False, [10, 32])),
    ("after a full page of charts", [20.0] * 13, 519.0, 48.0, (True, [])),
    ("three rows do not fit under the charts", [20.0] * 10, 350.0, 48.0, (True, [])),
    ("a lone last row is given company", [20.0] * 33, 183.0, 48.0, (False, [10, 30])),
    ("a page of its own", [20.0] * 25, None, 48.0, (True, [19])),
]


@pytest.mark.parametrize("heights, used, heading, expected", [c[1:] for c in TABLE_CASES],
                         ids=[c[0] for c in TABLE_CASES])
def test_where_the_trend_table_breaks(heights, used, heading, expected):
    new_page, at = table_breaks(heights, used, heading, ROOM)
    assert (new_page, at) == expected
    starts = [0, *at]
    for n, (a, b) in enumerate(zip(starts, [*at, len(heights)])):
        top = heading + (15.0 if new_page else used) if n == 0 else 0.0
        assert top + sum(heights[a:b]) <= ROOM  # every page fits
        assert b - a >= 3  # no page of a lone row


LAST_ROWS_CASES = [
    # (breaks, rows' heights, points above the first row, least fill of the page before) -> breaks
    ("the last page keeps its rows", [5], [60.0] * 9, 0.0, 0.0, [5]),
    ("moved back to keep three rows", [5, 9], [60.0] * 10, 0.0, 0.0, [5, 7]),
    # 総括 of ten 重点項目 of 100 characters: moved to 8 (three rows last), 重点項目8 was alone on its page
    ("the page before keeps two rows", [3, 7, 10], [70.0] * 10 + [160.0], 0.0, 0.0, [3, 7, 9]),
    ("a page before of one row stays", [3, 4], [60.0] * 5, 0.0, 0.0, [3, 4]),
    ("the page before stays 60 % full", [8], [50.0] * 9, 0.0, 0.6, [6]),
    ("not moved below 60 %", [6], [50.0] * 7, 0.0, 0.6, [6]),
    ("the rows above count on the first page", [6], [50.0] * 7, 300.0, 0.6, [4]),
]


@pytest.mark.parametrize("breaks, heights, used, least, expected", [c[1:] for c in LAST_ROWS_CASES],
                         ids=[c[0] for c in LAST_ROWS_CASES])
def test_where_the_last_break_goes(breaks, heights, used, least, expected):
    assert keep_last_rows(breaks, heights, used, 500.0, 3, least=least) == expected


@pytest.fixture(scope="module")
def many(soffice, tmp_path_factory):
    plan = _many_kpis(30)
    assert len(plan.kpis) == 43
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path_factory.mktemp("many"),
                           created=dt.datetime(2026, 5, 1, 10, 0), pdf=True)
    return result, measure_pdf(result.pdf, result.workbook)


def test_the_trend_table_of_43_kpis_follows_the_charts_with_its_header_on_every_page(many):
    result, doc = many
    pages = read_words(result.pdf)
    trend = [p for p in doc.pages if p.sheet == SHEET_KPI_TREND]
    # (the 進捗率 chart is in three parts of 15 KPIs, each topping a page: the bare-title-band heuristic takes the
    # parts' titles and axes, at the same place on each, for a repeated table header — the names under them fill too
    # little of the width to count as its rows)
    parts = {p.number for p in trend if re.search(r"（[23]/3）", "".join(w.text for w in pages[p.number - 1][2]))}
    assert len(parts) == 2
    assert [(p.number, m) for p in trend for m in page_problems(p)
            if not (p.number in parts and "repeated table header" in m)] == []  # none mostly blank, none sparse
    table = [p for p in trend if any(w.text.startswith(("K0", "K1", "K2", "K3", "K4")) and w.x0 < 80
                                     for w in pages[p.number - 1][2])]
    assert len(table) >= 3
    ids = set()
    for p in table:
        words = pages[p.number - 1][2]
        rows = [w for w in words if w.x0 < 80 and w.text.startswith("K") and w.text[1:].isdigit()]
        header = [w for w in words if w.text == "指標（略称）"]
        assert header and header[0].y1 < min(w.y0 for w in rows), p.number  # the header row above its rows
        ids |= {w.text for w in rows}
    assert ids == {k.id for k in _many_kpis(30).kpis}  # every KPI once in the table
    # the last charts above the table, or on a page of their own at least half full (31 % before the table went on
    # under the charts; with the 進捗率 chart in three parts the last two rows of charts fill 55 %, and the table's
    # heading and first rows do not fit under them)
    above = any(w.text.startswith("光熱水費の削減額") for w in pages[table[0].number - 1][2] if w.y0 < 200)
    assert above or doc.pages[table[0].number - 2].fill >= 0.5
    assert result.pdf_pages == len(doc.pages)  # the pages the writer planned: LibreOffice added none


def test_no_page_of_the_items_of_43_kpis_is_left_mostly_blank(many):
    result, doc = many
    items = [p for p in doc.pages if p.sheet == SHEET_ITEMS]
    # mostly blank: more than half of it. (Each 重点項目 begins a page, and these answers make rows of up to ~40 % of
    # a page that no printer splits: a page inside a 重点項目 can end at 55–60 % when its next row is that tall.)
    assert [(p.number, m) for p in items for m in page_problems(p, min_fill=0.5)] == []
    check_items_pages(result.pdf, doc)  # no heading at a page's foot; a continued page starts with a heading
    ws = openpyxl.load_workbook(result.workbook)[SHEET_ITEMS]
    assert sum(1 for row in ws.iter_rows(values_only=True) if str(row[0] or "").endswith("（続き）")) >= 1


def test_the_receipt_headers_print_their_words_whole(plan, soffice, tmp_path):
    """受付結果 ファイル別 printed 「課名（調査票」「の記録）」 and 「調査票の年」「度」."""
    from pdf_measure import render_pdf
    from reform_xlsx.merge import run_merge
    from test_print import SAMPLES

    result = run_merge([SAMPLES], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    receipt = result.outputs["receipt"]
    assert _header_lines_too_long(receipt) == []
    words = {w.text for _, _, ws in read_words(render_pdf(receipt, tmp_path)) for w in ws}
    assert {"課名", "（調査票の記録）", "調査票の", "内容のハッシュ", "（先頭12桁）"} <= words


@pytest.fixture(scope="module")
def forty_sections(soffice, tmp_path_factory):
    """The benchmark's plan of the bundled plan's shape for 40 sections (120 items, 20 KPIs)."""
    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from large_plan import large_plan_text
    finally:
        sys.path.remove(benchmarks)
    plan, problems = parse_plan(large_plan_text(40))
    assert not [p for p in problems if p.severity == "error"]
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan),
                           tmp_path_factory.mktemp("forty"), created=dt.datetime(2026, 5, 1, 10, 0), pdf=True)
    return plan, result, measure_pdf(result.pdf, result.workbook)


def test_the_sections_sheet_of_forty_sections_breaks_its_pages_instead_of_shrinking_to_5_pt(forty_sections):
    plan, result, doc = forty_sections
    pages = read_words(result.pdf)
    sections = [p for p in doc.pages if p.sheet == SHEET_SECTIONS]
    assert len(sections) >= 2
    assert min(p.min_pt for p in sections) >= 9.0  # fitted to one page it printed at 5.0 pt
    seen = []
    for p in sections:
        words = pages[p.number - 1][2]
        rows = [w for w in words if w.text in plan.sections]
        header = [w for w in words if w.text == "担当課"]
        assert header and header[0].y1 < min(w.y0 for w in rows), p.number  # the header rows on every page
        seen += [w.text for w in rows]
    assert sorted(seen) == sorted(plan.sections)  # every section once
    last = pages[sections[-1].number - 1][2]
    assert "合計" in {w.text for w in last} and sum(w.text in plan.sections for w in last) >= 5  # never a lone total
    assert result.pdf_pages == len(doc.pages)  # the pages the writer planned


def _long_plan(end: str):
    """The bundled plan over a longer period (令和8年度～``end``; baseline 令和6年度)."""
    data = yaml.safe_load(bundled_plan_text())
    data["plan"]["period"] = {"start": "R8", "end": end}
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    return plan


@pytest.mark.parametrize("end, shown", [
    ("R13", {"150,000,000"}),  # 8 years' columns (charts at 7.6 pt): the name column gives them room
    ("R17", {"150", "百万円"}),  # 12 (5.7 pt): narrower years, ふるさと納税 in 百万円 as its chart
])
def test_the_trend_pages_of_a_long_plan_print_at_8_pt(soffice, tmp_path, end, shown):
    plan = _long_plan(end)
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), pdf=True)
    doc = measure_pdf(result.pdf, result.workbook)
    trend = [p for p in doc.pages if p.sheet == SHEET_KPI_TREND]
    assert len(trend) == 3 and min(p.min_pt for p in trend) >= 8.0
    assert doc.clipped == []
    pages = read_words(result.pdf)
    words = {w.text for p in trend for w in pages[p.number - 1][2]}
    assert not any("###" in w for w in words)
    assert shown <= words
    assert _header_lines_too_long(result.workbook) == []  # 「令和10」「年度」, never 「令和10年」「度」


@pytest.fixture(scope="module")
def final_ten(soffice, tmp_path_factory):
    """The final packet (``--final``) of 令和8～17年度, every year answered."""
    import pandas as pd

    plan = _long_plan("R17")
    years = range(plan.start_year, plan.end_year + 1)
    result = write_reports(plan, plan.end_year, pd.concat([stress_answers(plan, y) for y in years], ignore_index=True),
                           pd.concat([all_submitted_status(plan, y) for y in years], ignore_index=True),
                           tmp_path_factory.mktemp("final_ten"), created=dt.datetime(plan.end_year + 1, 5, 1, 10, 0),
                           pdf=True, final=True)
    return result, measure_pdf(result.pdf, result.workbook)


def test_the_period_sheet_of_a_ten_year_plan_prints_at_8_pt(final_ten):
    """計画期間の総括 of 令和8～17年度: 12 columns of years and figures, fitted to the page, printed at 7.7 pt; the
    指標（略称） column narrows (its names wrap) to keep 8 pt."""
    result, doc = final_ten
    period = [p for p in doc.pages if p.sheet == SHEET_PERIOD]
    assert period and min(p.min_pt for p in period) >= 8.0
    assert [c for c in doc.clipped if c.sheet == SHEET_PERIOD] == []


def test_the_summary_of_a_ten_year_plan_prints_its_charts_on_a_page_of_their_own(final_ten):
    """総括 of the final packet of 令和8～17年度: the table, ten rows of 年度別の推移 and the two charts were fitted
    to one page and printed at 7.7 pt (header and footer too); the charts now go on to a second page."""
    result, doc = final_ten
    summary = [p for p in doc.pages if p.sheet == SHEET_SUMMARY]
    assert len(summary) == 2
    assert min(p.min_pt for p in summary) >= 9.0 and min(p.header_pt for p in summary) >= 8.4
    pages = read_words(result.pdf)
    first, second = ({w.text for w in pages[p.number - 1][2]} for p in summary)
    assert {"令和8年度", "令和17年度", "合計"} <= first  # the whole table on the first page
    assert "回答数）" in "".join(second) and "指標）" in "".join(second)  # both charts' titles on the second
    assert "令和17年度" not in {w.text for w in pages[summary[1].number - 1][2] if w.y0 > 60}  # no table rows there
    assert summary[1].ink_fill >= 0.5  # the charts fill their page
    assert result.pdf_pages == len(doc.pages)  # the pages the writer planned
    assert [c for c in doc.clipped if c.sheet == SHEET_SUMMARY] == []


def test_the_overview_of_a_ten_year_plan_leaves_no_page_mostly_blank_before_its_last(final_ten):
    """概要 of the final packet of 令和8～17年度: 財政効果額 moved whole to the last page left 41 % of the page
    before it blank; the block now fills that page and goes on under 「財政効果額（続き）」."""
    result, doc = final_ten
    overview = [p for p in doc.pages if p.sheet == SHEET_OVERVIEW]
    assert len(overview) >= 2
    assert all(p.ink_fill >= 0.75 for p in overview[:-1]), [(p.number, p.ink_fill) for p in overview]
    assert [problem for p in overview for problem in page_problems(p)] == []
    pages = read_words(result.pdf)
    text = "".join(w.text for p in overview for w in pages[p.number - 1][2])
    assert "財政効果額（続き）" in text


def test_the_narrowed_kpi_names_of_a_ten_year_plan_break_where_a_reader_would(final_ten):
    """計画期間の総括 of 令和8～17年度 narrows 指標（略称） to keep 8 pt: 「電子申告（市県民税）」 wrapped at the column's edge
    printed 「電子申告（市県民税」「）」; it breaks before the bracket."""
    result, doc = final_ten
    ws = openpyxl.load_workbook(result.workbook)[SHEET_PERIOD]
    names = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "K08"}
    assert names == {"K08": "電子申告\n（市県民税）"}
    pages = read_words(result.pdf)
    period = [p for p in doc.pages if p.sheet == SHEET_PERIOD]
    words = [w.text for p in period for w in pages[p.number - 1][2]]
    assert "（市県民税）" in words and "）" not in words


@pytest.mark.parametrize("end, pages", [("R12", 1), ("R14", 2)])
def test_the_summary_of_a_final_packet_is_fitted_to_one_page_only_a_little(soffice, tmp_path, end, pages):
    """総括 of the final packet of 令和8～14年度 (seven rows of 年度別の推移) was fitted to one page at 8.3 pt: the one-page
    check left out the rows the charts lie over. Five years still fit on one page; seven go on to a second."""
    import pandas as pd

    plan = _long_plan(end)
    years = range(plan.start_year, plan.end_year + 1)
    result = write_reports(plan, plan.end_year, pd.concat([stress_answers(plan, y) for y in years], ignore_index=True),
                           pd.concat([all_submitted_status(plan, y) for y in years], ignore_index=True), tmp_path,
                           created=dt.datetime(plan.end_year + 1, 5, 1, 10, 0), pdf=True, final=True)
    doc = measure_pdf(result.pdf, result.workbook)
    summary = [p for p in doc.pages if p.sheet == SHEET_SUMMARY]
    assert len(summary) == pages
    assert min(p.min_pt for p in summary) >= 8.5 and min(p.header_pt for p in summary) >= 8.4


@pytest.mark.parametrize("count", [17, 18])
def test_the_kpi_sheet_of_thirty_kpis_never_ends_on_a_page_of_a_lone_row(tmp_path, count):
    """KPI達成状況 of a plan of 30 KPIs broke after the 16th row of its second page: its last KPI printed alone on a
    page under the repeated header (a plan of 20 KPIs with long section names did the same on A4)."""
    plan = _many_kpis(count)
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    for workbook in (result.workbook, result.public):
        ws = openpyxl.load_workbook(workbook)[SHEET_KPI]
        ids = [r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("K")
               and str(ws.cell(r, 1).value)[1:].isdigit()]
        assert len(ids) == len(plan.kpis)
        breaks = sorted(b.id for b in ws.row_breaks.brk)  # a page starts at the row after each
        assert len(breaks) >= 1
        pages = [sum(1 for r in ids if a < r <= b) for a, b in zip([0, *breaks], [*breaks, ws.max_row])]
        assert min(pages) >= 3, (workbook.name, breaks, pages)
