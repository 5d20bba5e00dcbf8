"""The meeting workbook and the 公表用 workbook, read back with openpyxl."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.records import STATUS_COLUMNS, empty_answers
from reform_xlsx.report.model import MEETING_SHEETS, PUBLIC_SHEETS, SHEET_ITEMS, SHEET_KPI, SHEET_SUMMARY
from reform_xlsx.report.writer import write_reports
from report_sample import ACTUALS, FORMULA_TEXT, LONG_TEXT, sample_answers, sample_status
from sheet_reader import Table, columns, header_row

KPI_HEADERS = ["KPI ID", "項目ID", "指標名", "単位", "方向", "基準値", "目標値", "年度目標値", "実績値",
               "進捗率", "期待進捗", "判定", "報告課", "算出根拠・備考", "確認事項"]
ITEM_HEADERS = ["ID", "改革項目", "担当課", "進捗状況", "取組実績", "課題・今後の方針", "財政効果額（円）"]


@pytest.fixture(scope="module")
def written(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    answers, status = sample_answers(plan, (2026,)), sample_status(plan, (2026,))
    result = write_reports(plan, 2026, answers, status, out, meeting_date=dt.date(2026, 5, 25),
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    return result


@pytest.fixture(scope="module")
def formulas(written):
    return openpyxl.load_workbook(written.workbook)


@pytest.fixture(scope="module")
def cached(written):
    return openpyxl.load_workbook(written.workbook, data_only=True)


def _row(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def test_file_names_and_sheets(written, formulas):
    result = written
    assert result.workbook.name == "令和8年度_市政改革推進本部会議資料.xlsx"
    assert result.public.name == "令和8年度_市政改革取組状況_公表用.xlsx"
    assert result.pdf is None and result.notes == ()
    assert formulas.sheetnames == list(MEETING_SHEETS) == [
        "表紙", "総括", "改革項目一覧", "KPI達成状況", "担当課別", "提出状況", "データ"]
    assert [p.code for p in result.problems] == ["R001"]


def test_headers(formulas):
    kpi = formulas[SHEET_KPI]
    assert _row(kpi, header_row(kpi, "KPI ID"))[:len(KPI_HEADERS)] == KPI_HEADERS
    items = formulas[SHEET_ITEMS]
    assert _row(items, header_row(items, "改革項目"))[:len(ITEM_HEADERS)] == ITEM_HEADERS
    assert _row(formulas["データ"], 1)[:11] == ["年度", "課名", "区分", "ID", "項目", "値", "値の種類", "入力値（原文）",
                                              "ファイル", "シート", "セル"]
    assert formulas["データ"].auto_filter.ref.startswith("A1:K")


def test_cover_has_plan_year_meeting_and_created_dates(cached):
    text = " ".join(str(c.value) for row in cached["表紙"].iter_rows() for c in row if c.value)
    for expected in ("第2次二本松市市政改革推進行動計画", "令和8年度", "令和8年5月25日", "令和8年5月1日"):
        assert expected in text


def expected_judgement(kpi, actual, year=2026):
    """判定 by hand (p = (a − b)/(t − b), e = (Y − base)/(end − base)), independent of the tool's code."""
    e = (year - 2024) / 6
    p = (actual - kpi.baseline) / (kpi.target - kpi.baseline)
    return "達成" if p >= 1 else "順調" if round(p, 6) >= round(e, 6) else "概ね順調" if p >= 0.8 * e else "遅れ"


def test_every_kpi_is_a_formula_with_the_right_value_cached(plan, formulas, cached):
    f, v = Table(formulas[SHEET_KPI], "KPI ID"), Table(cached[SHEET_KPI], "KPI ID")
    assert list(v.rows) == [k.id for k in plan.kpis]
    for kpi in plan.kpis:
        for label in ("年度目標値", "進捗率", "期待進捗", "判定"):
            assert str(f.value(kpi.id, label)).startswith("="), (kpi.id, label)
        actual = ACTUALS[2026][kpi.id]
        assert v.value(kpi.id, "実績値") == pytest.approx(actual)
        assert v.value(kpi.id, "進捗率") == pytest.approx((actual - kpi.baseline) / (kpi.target - kpi.baseline))
        assert v.value(kpi.id, "期待進捗") == pytest.approx(1 / 3)
        assert v.value(kpi.id, "判定") == expected_judgement(kpi, actual), kpi.id
    assert "ROUND" in f.value("K01", "判定")
    # The worked examples, as a reader sees them.
    shown = {k: (v.value(k, "進捗率"), v.value(k, "判定")) for k in ("K10", "K11", "K12", "K13")}
    assert shown["K12"][0] == pytest.approx(0.2754, abs=5e-5) and shown["K12"][1] == "概ね順調"
    assert shown["K11"][0] == pytest.approx(1 / 3) and shown["K11"][1] == "順調"
    assert shown["K13"][0] == pytest.approx(0.2448, abs=5e-5) and shown["K13"][1] == "遅れ"
    assert shown["K10"][0] == pytest.approx(0.30) and shown["K10"][1] == "概ね順調"
    assert v.value("K12", "年度目標値") == pytest.approx(6_060_000)


def expected_counts(plan, answers) -> dict[str, dict[str, object]]:
    """Each 重点項目's and the total's counts, straight from the sample answers (not via the tool)."""
    grades = answers[(answers["field"] == "grade")]
    yen = answers[(answers["field"] == "effect_yen")]
    out = {}
    for label, prefix in [*((f"重点項目{a.number}", f"{a.number}-") for a in plan.areas), ("合計", "")]:
        mine = grades[grades["id"].str.startswith(prefix)]
        rows = sum(len(i.sections) for i in plan.items if i.id.startswith(prefix))
        judgements = [expected_judgement(k, ACTUALS[2026][k.id]) for k in plan.kpis if k.item_id.startswith(prefix)]
        out[label] = {**{g: int((mine["value"] == g).sum()) for g in "ABCDE"},
                      "未回答": rows - len(mine), "対象": rows,
                      "合計（円）": int(yen[yen["id"].str.startswith(prefix)]["value"].sum()),
                      **{j: judgements.count(j) for j in ("達成", "順調", "概ね順調", "遅れ", "未報告")}}
    return out


def test_summary_counts_are_formulas_with_the_counts_cached(plan, formulas, cached):
    f, v = Table(formulas[SHEET_SUMMARY], "重点項目", 2), Table(cached[SHEET_SUMMARY], "重点項目", 2)
    expected = expected_counts(plan, sample_answers(plan, (2026,)))
    assert expected["合計"]["対象"] == 46 and expected["合計"]["未回答"] == 1
    for label, counts in expected.items():
        for key, want in counts.items():
            assert v.value(label, key) == want, (label, key)
            assert str(f.value(label, key)).startswith("=COUNTIFS(" if label != "合計" and key != "合計（円）"
                                                       else "=SUM" if label != "合計" else "=SUM("), (label, key)
    assert v.value("合計", "回答率") == pytest.approx(45 / 46)
    assert "COUNTIFS(改革項目一覧!$A$" in f.value("重点項目1", "A")


def test_items_list_all_36_items_with_each_sections_answer(formulas):
    ws = formulas[SHEET_ITEMS]
    header = header_row(ws, "改革項目")
    col = columns(ws, header)
    rows = [[ws.cell(r, col[k]).value for k in ("ID", "担当課", "進捗状況", "取組実績")]
            for r in range(header + 1, ws.max_row + 1)]
    ids = [r[0] for r in rows if r[0] and r[0][0].isdigit() and "-" in r[0]]
    assert len(set(ids)) == 36 and len(ids) == 46
    shared = [tuple(r[1:]) for r in rows if r[0] == "1-1-1"]
    assert shared == [("DX推進課", "B 概ね計画どおり", LONG_TEXT),
                      ("市民課", "A 計画どおり", shared[1][2])]
    assert ("都市計画課", "未回答") in [(r[1], r[2]) for r in rows if r[0] == "3-2-1"]
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


def test_conditional_formatting_colours_every_judgement_and_grade(plan, formulas):
    def rules(ws):
        found = {}
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                found[rule.text or "".join(rule.formula or [])] = rule.dxf.fill.bgColor.rgb if rule.dxf and rule.dxf.fill else None
        return found
    kpi = rules(formulas[SHEET_KPI])
    assert {f'"{j}"' for j in ("達成", "順調", "概ね順調", "遅れ", "未報告")} <= set(kpi)
    assert kpi['"遅れ"'].endswith("FFC7CE") and kpi['"順調"'].endswith("C6EFCE")
    items = rules(formulas[SHEET_ITEMS])
    assert {f"{g.code} " for g in plan.grades} <= set(items)  # each of the plan's grades has its colour
    assert len({items[f"{g.code} "] for g in plan.grades}) == len(plan.grades)


def test_public_workbook_has_no_internal_sheets_notes_files_or_people(written):
    pub = openpyxl.load_workbook(written.public)
    assert pub.sheetnames == list(PUBLIC_SHEETS) == ["表紙", "総括", "改革項目一覧", "KPI達成状況", "担当課別"]
    text = [str(c.value) for ws in pub for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(text)
    for internal in ("提出状況", "データ", "算出根拠・備考", "確認事項", ".xlsx", "年度末実績", "未提出",
                     "回答率", "未回答", "会議日"):
        assert internal not in joined, internal
    assert "取組実績" in joined and "概ね順調" in joined
    kpi_header = [c.value for c in pub[SHEET_KPI][header_row(pub[SHEET_KPI], "KPI ID")]]
    assert kpi_header[:13] == KPI_HEADERS[:13] and len([v for v in kpi_header if v]) == 13
    assert pub.properties.creator == "二本松市 人事行政課"


def test_no_answers_yet_gives_all_unanswered_and_missing(plan, tmp_path):
    status = pd.DataFrame({c: pd.Series(dtype="object") for c in STATUS_COLUMNS})
    result = write_reports(plan, 2026, empty_answers(), status, tmp_path)
    wb = openpyxl.load_workbook(result.workbook, data_only=True)
    total = Table(wb[SHEET_SUMMARY], "重点項目", 2)
    assert [total.value("合計", k) for k in ("対象", "未回答", "回答率", "未報告")] == [46, 46, 0.0, 13]
    assert [total.value("合計", g) for g in "ABCDE"] == [0] * 5
    assert set(Table(wb["提出状況"], "課名").column("状況").values()) == {"未提出"}


def test_trend_rows_for_every_year_up_to_the_report_year(plan, tmp_path):
    result = write_reports(plan, 2027, sample_answers(plan, (2026, 2027)), sample_status(plan, (2026, 2027)), tmp_path)
    ws = openpyxl.load_workbook(result.workbook, data_only=True)[SHEET_SUMMARY]
    labels = [c.value for c in ws["A"]]
    start = labels.index("年度")
    assert labels[start + 1:start + 3] == ["令和8年度", "令和9年度"]
    assert "令和9年度" in ws["A1"].value
