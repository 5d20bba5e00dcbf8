"""The meeting workbook and the 公表用 workbook, read back with openpyxl."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.records import STATUS_COLUMNS, empty_answers
from reform_xlsx.report import consolidate
from reform_xlsx.report.model import KPI_COLUMNS, MEETING_SHEETS, PUBLIC_SHEETS, SHEET_ITEMS, SHEET_KPI, SHEET_SUMMARY
from reform_xlsx.report.writer import write_reports
from report_sample import FORMULA_TEXT, LONG_TEXT, sample_answers, sample_status

KPI_HEADERS = ["KPI ID", "項目ID", "指標名", "単位", "方向", "基準値", "目標値", "年度目標値", "実績値",
               "進捗率", "期待進捗", "判定", "報告課", "算出根拠・備考", "確認事項"]
ITEM_HEADERS = ["ID", "改革項目", "担当課", "進捗状況", "取組実績", "課題・今後の方針", "財政効果額（円）"]
KPI_HEADER_ROW = 6  # 1-based


@pytest.fixture(scope="module")
def written(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    answers, status = sample_answers(plan, (2026,)), sample_status(plan, (2026,))
    result = write_reports(plan, 2026, answers, status, out, meeting_date=dt.date(2026, 5, 25),
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    kpis, _ = consolidate.kpi_results(plan, answers, 2026)
    items = consolidate.item_answers(plan, answers, 2026)
    return result, kpis, consolidate.rollup(plan, items, kpis)


@pytest.fixture(scope="module")
def formulas(written):
    return openpyxl.load_workbook(written[0].workbook)


@pytest.fixture(scope="module")
def cached(written):
    return openpyxl.load_workbook(written[0].workbook, data_only=True)


def _row(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def test_file_names_and_sheets(written, formulas):
    result = written[0]
    assert result.workbook.name == "令和8年度_市政改革推進本部会議資料.xlsx"
    assert result.public.name == "令和8年度_市政改革取組状況_公表用.xlsx"
    assert result.pdf is None and result.notes == ()
    assert formulas.sheetnames == list(MEETING_SHEETS) == [
        "表紙", "総括", "改革項目一覧", "KPI達成状況", "担当課別", "提出状況", "データ"]
    assert [p.code for p in result.problems] == ["R001"]


def test_headers(formulas):
    assert _row(formulas[SHEET_KPI], KPI_HEADER_ROW)[:len(KPI_HEADERS)] == KPI_HEADERS
    assert _row(formulas[SHEET_ITEMS], 3)[:len(ITEM_HEADERS)] == ITEM_HEADERS
    assert _row(formulas["データ"], 1)[:11] == ["年度", "課名", "区分", "ID", "項目", "値", "値の種類", "入力値（原文）",
                                              "ファイル", "シート", "セル"]
    assert formulas["データ"].auto_filter.ref.startswith("A1:K")


def test_cover_has_plan_year_meeting_and_created_dates(cached):
    text = " ".join(str(c.value) for row in cached["表紙"].iter_rows() for c in row if c.value)
    for expected in ("第2次二本松市市政改革推進行動計画", "令和8年度", "令和8年5月25日", "令和8年5月1日"):
        assert expected in text


def test_every_kpi_formula_has_the_pandas_value_cached(written, formulas, cached):
    _, kpis, _ = written
    ws_f, ws_v = formulas[SHEET_KPI], cached[SHEET_KPI]
    col = {c.key: n + 1 for n, c in enumerate(KPI_COLUMNS)}
    for offset, k in enumerate(kpis.to_dict("records")):
        row = KPI_HEADER_ROW + 1 + offset
        assert ws_v.cell(row, col["kpi_id"]).value == k["kpi_id"]
        for key in ("year_target", "progress", "expected", "judgement"):
            assert str(ws_f.cell(row, col[key]).value).startswith("="), (k["kpi_id"], key)
            got = ws_v.cell(row, col[key]).value
            want = k[key]
            if want is None or want == "":
                assert got in (None, "")
            elif isinstance(want, str):
                assert got == want
            else:
                assert got == pytest.approx(want, rel=1e-12), (k["kpi_id"], key)
    assert "ROUND" in ws_f.cell(KPI_HEADER_ROW + 1, col["judgement"]).value
    # DESIGN §6 worked examples, as a reader sees them.
    shown = {ws_v.cell(r, 1).value: (ws_v.cell(r, col["progress"]).value, ws_v.cell(r, col["judgement"]).value)
             for r in range(KPI_HEADER_ROW + 1, KPI_HEADER_ROW + 14)}
    assert shown["K12"][0] == pytest.approx(0.2754, abs=5e-5) and shown["K12"][1] == "概ね順調"
    assert shown["K11"][0] == pytest.approx(1 / 3) and shown["K11"][1] == "順調"
    assert shown["K13"][0] == pytest.approx(0.2448, abs=5e-5) and shown["K13"][1] == "遅れ"
    assert shown["K10"][0] == pytest.approx(0.30) and shown["K10"][1] == "概ね順調"


def test_summary_counts_are_countifs_with_the_rollup_cached(written, formulas, cached):
    _, _, roll = written
    ws_f, ws_v = formulas[SHEET_SUMMARY], cached[SHEET_SUMMARY]
    header = [c.value for c in ws_f[5]]
    col = {label.split("\n")[0]: n + 1 for n, label in enumerate(header) if label}
    for offset, r in enumerate(roll.to_dict("records")):
        row = 6 + offset
        for key in ("A", "B", "C", "D", "E", "達成", "順調", "概ね順調", "遅れ", "未報告"):
            formula = ws_f.cell(row, col[key]).value
            assert formula.startswith("=COUNTIFS(" if r["area"] else "=SUM("), (row, key, formula)
            assert ws_v.cell(row, col[key]).value == r[key], (row, key)
        assert ws_v.cell(row, col["合計（円）"]).value == r["effect_yen"]
        assert ws_v.cell(row, col["回答率"]).value == pytest.approx(r["completeness"])
    assert 'COUNTIFS(改革項目一覧!$A$4:' in ws_f.cell(6, col["A"]).value


def test_items_list_all_36_items_with_each_sections_answer(formulas):
    ws = formulas[SHEET_ITEMS]
    rows = [_row(ws, r) for r in range(4, ws.max_row + 1)]
    ids = [r[0] for r in rows if r[0] and r[0][0].isdigit() and "-" in r[0]]
    assert len(set(ids)) == 36 and len(ids) == 46
    shared = [(r[2], r[3], r[4]) for r in rows if r[0] == "1-1-1"]
    assert shared == [("DX推進課", "B 概ね計画どおり", LONG_TEXT),
                      ("市民課", "A 計画どおり", shared[1][2])]
    assert ("都市計画課", "未回答") in [(r[2], r[3]) for r in rows if r[0] == "3-2-1"]
    assert len(ws.row_breaks.brk) >= 2  # a page break before 重点項目2 and 3 at least


def test_text_starting_with_equals_stays_text(formulas):
    ws = formulas[SHEET_ITEMS]
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA_TEXT]
    assert len(cells) == 1 and cells[0].data_type == "s"
    data = [c for row in formulas["データ"].iter_rows() for c in row if c.value == FORMULA_TEXT]
    assert data and all(c.data_type == "s" for c in data)


def test_print_setup(formulas, plan):
    for name in MEETING_SHEETS:
        ws = formulas[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.paperSize == 9, name
        # fitToWidth 1 is the OOXML default, which xlsxwriter leaves out
        assert ws.page_setup.fitToWidth in (None, 1) and ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert plan.name in ws.oddHeader.left.text and "令和8年度" in ws.oddHeader.right.text, name
        assert ws.oddFooter.center.text == "&P / &N ページ", name
    assert formulas[SHEET_ITEMS].print_title_rows == "$3:$3"
    assert formulas[SHEET_SUMMARY].page_setup.fitToHeight in (None, 1)  # one page tall
    assert formulas[SHEET_ITEMS].page_setup.fitToHeight == 0  # as many pages as it takes


def test_conditional_formatting_colours_judgements_and_grades(formulas):
    def rules(ws):
        return {str(rng): [r.formula or r.text for r in cf.rules]
                for rng, cf in ((cf.sqref, cf) for cf in ws.conditional_formatting)}
    kpi = rules(formulas[SHEET_KPI])
    assert any('"遅れ"' in str(v) for v in kpi.values())
    items = rules(formulas[SHEET_ITEMS])
    assert any("A " in str(v) for v in items.values())


def test_public_workbook_has_no_internal_sheets_notes_files_or_people(written):
    pub = openpyxl.load_workbook(written[0].public)
    assert pub.sheetnames == list(PUBLIC_SHEETS) == ["表紙", "総括", "改革項目一覧", "KPI達成状況", "担当課別"]
    text = [str(c.value) for ws in pub for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(text)
    for internal in ("提出状況", "データ", "算出根拠・備考", "確認事項", ".xlsx", "年度末実績", "未提出",
                     "回答率", "未回答", "会議日"):
        assert internal not in joined, internal
    assert "取組実績" in joined and "概ね順調" in joined
    kpi_header = [c.value for c in pub[SHEET_KPI][KPI_HEADER_ROW]]
    assert kpi_header[:13] == KPI_HEADERS[:13] and len([v for v in kpi_header if v]) == 13
    assert pub.properties.creator == "二本松市 人事行政課"


def test_no_answers_yet_gives_all_unanswered_and_missing(plan, tmp_path):
    status = pd.DataFrame({c: pd.Series(dtype="object") for c in STATUS_COLUMNS})
    result = write_reports(plan, 2026, empty_answers(), status, tmp_path)
    wb = openpyxl.load_workbook(result.workbook, data_only=True)
    total = _row(wb[SHEET_SUMMARY], 9)
    assert total[:3] == ["合計", "", 46] and total[8:10] == [46, 0.0] and total[14] == 13
    assert {c.value for c in wb["提出状況"]["B"][4:15]} == {"未提出"}


def test_trend_rows_for_every_year_up_to_the_report_year(plan, tmp_path):
    result = write_reports(plan, 2027, sample_answers(plan, (2026, 2027)), sample_status(plan, (2026, 2027)), tmp_path)
    ws = openpyxl.load_workbook(result.workbook, data_only=True)[SHEET_SUMMARY]
    labels = [c.value for c in ws["A"]]
    start = labels.index("年度")
    assert labels[start + 1:start + 3] == ["令和8年度", "令和9年度"]
    assert "令和9年度" in ws["A1"].value
