"""The meeting packet, the office's copy and the 公表用 workbook, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.records import STATUS_COLUMNS, empty_answers
from reform_xlsx.report.model import (
    OFFICE_SHEETS,
    PACKET_SHEETS,
    PUBLIC_SHEETS,
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_OVERVIEW,
    SHEET_SECTIONS,
    SHEET_SUMMARY,
)
from reform_xlsx.report.writer import write_reports
from reform_xlsx.xlsx.style import fitted_scale
from report_sample import (
    ACTUALS,
    FORMULA_TEXT,
    LONG_TEXT,
    MISSING_SECTION,
    SHARED_AMOUNT,
    sample_answers,
    sample_status,
)
from sheet_reader import Table, columns, header_row

KPI_HEADERS = ["KPIID", "項目ID", "指標名", "単位", "基準値令和6年度", "目標値令和12年度", "年度目標値参考（按分）",
               "実績値令和8年度", "進捗率", "判定", "報告課"]
ITEM_HEADERS = ["ID", "改革項目", "担当課", "進捗状況", "取組実績", "課題・今後の方針", "財政効果額（円）"]


@pytest.fixture(scope="module")
def written(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    answers, status = sample_answers(plan, (2026,)), sample_status(plan, (2026,))
    return write_reports(plan, 2026, answers, status, out, meeting_date=dt.date(2026, 5, 25),
                         created=dt.datetime(2026, 5, 1, 10, 0), public=True)


@pytest.fixture(scope="module")
def formulas(written):
    return openpyxl.load_workbook(written.workbook)


@pytest.fixture(scope="module")
def cached(written):
    return openpyxl.load_workbook(written.workbook, data_only=True)


@pytest.fixture(scope="module")
def office(written):
    return openpyxl.load_workbook(written.office)


def _row(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def _label(value) -> str:
    return "".join(str(value).split()) if value is not None else ""


def _texts(wb) -> str:
    return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def test_file_names_and_sheets(written, formulas, office):
    result = written
    assert result.workbook.name == "令和8年度_市政改革推進本部会議資料.xlsx"
    assert result.office.name == "令和8年度_市政改革推進本部会議資料_事務局用.xlsx"
    assert result.public.name == "令和8年度_市政改革取組状況_公表用.xlsx"
    assert [p.name for p in result.public_csv] == ["令和8年度_市政改革取組状況_公表用_改革項目.csv",
                                                   "令和8年度_市政改革取組状況_公表用_KPI.csv"]
    assert result.pdf is None and result.public_pdf is None and result.notes == ()
    # the opening page comes first after the cover
    assert formulas.sheetnames == list(PACKET_SHEETS) == [
        "表紙", "概要", "総括", "改革項目一覧", "KPI達成状況", "KPI推移", "担当課別"]
    assert office.sheetnames == list(OFFICE_SHEETS) == list(PACKET_SHEETS) + ["確認事項", "算出根拠", "提出状況", "データ"]
    assert [p.code for p in result.problems] == ["R001", "R005"]


def test_headers(formulas, office):
    kpi = formulas[SHEET_KPI]
    assert [_label(v) for v in _row(kpi, header_row(kpi, "KPI ID")) if v] == KPI_HEADERS
    items = formulas[SHEET_ITEMS]
    assert [_label(v) for v in _row(items, header_row(items, "改革項目")) if v] == ITEM_HEADERS
    assert _row(office["データ"], 1)[:11] == ["年度", "課名", "区分", "ID", "項目", "値", "値の種類", "入力値（原文）",
                                             "ファイル", "シート", "セル"]
    assert office["データ"].auto_filter.ref.startswith("A1:K")


def test_packet_has_no_file_names_hashes_or_submission_internals(written, formulas, office):
    text = _texts(formulas)
    for internal in (".xlsx", "受付日時", "算出根拠・備考", "確認事項", "年度末実績", "エラー", "警告", "J5"):
        assert internal not in text, internal
    assert not re.search(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b", text)  # no hashes
    office_text = _texts(office)
    assert "令和8年度_市政改革取組状況調査票_市民課.xlsx" in office_text  # 提出状況 and データ keep them
    assert "市民課の2026年度末実績" in office_text or "年度末実績" in office_text  # 算出根拠


def test_cover_has_plan_year_meeting_and_created_dates(cached):
    text = " ".join(str(c.value) for row in cached["表紙"].iter_rows() for c in row if c.value)
    for expected in ("第2次二本松市市政改革推進行動計画", "令和8年度", "令和8年5月25日", "令和8年5月1日", "概要"):
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
        for label in ("年度目標値", "進捗率", "判定"):
            assert str(f.value(kpi.id, label)).startswith("="), (kpi.id, label)
        actual = ACTUALS[2026][kpi.id]
        assert v.value(kpi.id, "実績値") == pytest.approx(actual)
        assert v.value(kpi.id, "進捗率") == pytest.approx((actual - kpi.baseline) / (kpi.target - kpi.baseline))
        assert v.value(kpi.id, "判定") == expected_judgement(kpi, actual), kpi.id
    assert "ROUND" in f.value("K01", "判定")
    shown = {k: (v.value(k, "進捗率"), v.value(k, "判定")) for k in ("K10", "K11", "K12", "K13")}
    assert shown["K12"][0] == pytest.approx(0.2754, abs=5e-5) and shown["K12"][1] == "概ね順調"
    assert shown["K11"][0] == pytest.approx(1 / 3) and shown["K11"][1] == "順調"
    assert shown["K13"][0] == pytest.approx(0.2448, abs=5e-5) and shown["K13"][1] == "遅れ"
    assert shown["K10"][0] == pytest.approx(0.30) and shown["K10"][1] == "概ね順調"
    assert v.value("K12", "年度目標値") == pytest.approx(6_060_000)


def test_reference_targets_keep_full_precision_and_show_the_unit(cached):
    v = Table(cached[SHEET_KPI], "KPI ID")
    k09 = v.cell("K09", "年度目標値")  # 1 → 3 施設: 1.667 kept, 「2」 shown
    assert k09.value == pytest.approx(5 / 3) and k09.number_format == "#,##0"
    assert v.cell("K04", "年度目標値").number_format == "0.0%"
    assert v.cell("K11", "年度目標値").value == pytest.approx(70)


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
                      "未回答": rows - len(mine),
                      "合計（円）": int(yen[yen["id"].str.startswith(prefix)]["value"].sum()),
                      **{j: judgements.count(j) for j in ("達成", "順調", "概ね順調", "遅れ", "未報告")}}
    return out


def test_summary_counts_are_formulas_with_the_counts_cached(plan, formulas, cached):
    f, v = Table(formulas[SHEET_SUMMARY], "重点項目"), Table(cached[SHEET_SUMMARY], "重点項目")
    expected = expected_counts(plan, sample_answers(plan, (2026,)))
    assert expected["合計"]["未回答"] == 1
    for label, counts in expected.items():
        for key, want in counts.items():
            assert v.value(label, key) == want, (label, key)
            assert str(f.value(label, key)).startswith("=COUNTIFS(" if label != "合計" and key != "合計（円）"
                                                       else "=SUM" if label != "合計" else "=SUM("), (label, key)
    assert "COUNTIFS(改革項目一覧!$A$" in f.value("重点項目1", "A")
    assert "増減" not in [c.value for c in formulas[SHEET_SUMMARY]["A"]]  # no year before R8


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


def test_shared_effect_per_section_subtotal_flag_and_a_total_with_every_amount(plan, written, formulas, cached, office):
    ws, values = formulas[SHEET_ITEMS], cached[SHEET_ITEMS]
    header = header_row(ws, "改革項目")
    col = columns(ws, header)
    effect = col["財政効果額"]
    rows = {r: (ws.cell(r, col["ID"]).value, ws.cell(r, col["担当課"]).value) for r in range(header + 1, ws.max_row + 1)}
    own = [r for r, (i, s) in rows.items() if i == "2-2-1" and s in ("秘書政策課", "財政課")]
    assert [values.cell(r, effect).value for r in own] == [SHARED_AMOUNT, SHARED_AMOUNT]
    subtotal = next(r for r in range(max(own) + 1, ws.max_row + 1) if str(rows[r][1]).startswith("小計"))
    assert ws.cell(subtotal, col["ID"]).value is None  # never counted as an item by COUNTIFS/SUMIFS
    assert ws.cell(subtotal, effect).value.startswith("=SUBTOTAL(9,")
    assert values.cell(subtotal, effect).value == 2 * SHARED_AMOUNT
    assert "※同額" in " ".join(str(c.value) for c in ws[subtotal] if c.value)
    total_row = next(r for r, (i, _) in rows.items() if i == "財政効果額 合計")
    assert ws.cell(total_row, effect).value.startswith("=SUBTOTAL(9,")
    answers = sample_answers(plan, (2026,))
    all_amounts = int(answers[answers["field"] == "effect_yen"]["value"].sum())
    assert values.cell(total_row, effect).value == all_amounts  # both amounts in, the 小計 not twice
    notes = " ".join(str(ws.cell(r, 1).value) for r in range(total_row + 1, ws.max_row + 1))
    assert "2-2-1" in notes and "重ねて計上" in notes
    checks = Table(office["確認事項"], "コード")
    assert "R005" in checks.rows and checks.value("R005", "ID") == "2-2-1"
    assert "R005" in [p.code for p in written.problems]


def test_text_starting_with_equals_stays_text(formulas, office):
    ws = formulas[SHEET_ITEMS]
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA_TEXT]
    assert len(cells) == 1 and cells[0].data_type == "s"
    data = [c for row in office["データ"].iter_rows() for c in row if c.value == FORMULA_TEXT]
    assert data and all(c.data_type == "s" for c in data)


def test_print_setup(formulas, office, plan):
    for wb in (formulas, office):
        for ws in wb:
            assert ws.page_setup.orientation == "landscape", ws.title
            assert ws.page_setup.paperSize == 9, ws.title
            # fitToWidth 1 is the OOXML default, which xlsxwriter leaves out
            assert ws.page_setup.fitToWidth in (None, 1) and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            assert plan.words.title in ws.oddHeader.left.text and "令和8年度" in ws.oddHeader.right.text, ws.title
            assert ws.oddFooter.center.text == "&P / &N ページ", ws.title
    header = header_row(formulas[SHEET_ITEMS], "改革項目")
    assert formulas[SHEET_ITEMS].print_title_rows == f"${header}:${header}"
    assert formulas[SHEET_SUMMARY].page_setup.fitToHeight in (None, 1)  # one page tall
    assert formulas[SHEET_ITEMS].page_setup.fitToHeight == 0  # as many pages as it takes


def test_printed_tables_are_narrow_enough_for_9_pt(formulas):
    """Column widths that LibreOffice prints at 9 pt or more on A4 (measured on paper by test_print)."""
    for name in (SHEET_SUMMARY, SHEET_ITEMS, SHEET_KPI, SHEET_SECTIONS, SHEET_OVERVIEW):
        ws = formulas[name]
        last = max(c.column for row in ws.iter_rows() for c in row if c.value is not None)
        widths = tuple((ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width or 8.43) - 0.71
                       for n in range(1, last + 1))
        assert fitted_scale(widths) >= 0.9, (name, fitted_scale(widths))


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


def test_overview_sentences_come_from_the_numbers(plan, cached):
    text = "\n".join(str(c.value) for row in cached[SHEET_OVERVIEW].iter_rows() for c in row if c.value)
    answers = sample_answers(plan, (2026,))
    grades = answers[answers["field"] == "grade"]["value"]
    assert "令和8年度の概要" in text
    for g in plan.grades:
        assert f"{g.display} {int((grades == g.code).sum())} 件" in text, g.code
    judged = {k.id: expected_judgement(k, ACTUALS[2026][k.id]) for k in plan.kpis}
    behind = [k for k, j in judged.items() if j == "遅れ"]
    assert f"遅れ: {len(behind)} 指標" in text
    for k in behind:  # each 遅れ KPI by its name, with its figures
        assert f"・{plan.kpi(k).label}: 実績値" in text, k
    c_items = answers[(answers["field"] == "grade") & (answers["value"] == "C")]
    for r in c_items.itertuples():
        assert f"・{r.id} {plan.item(r.id).name}（{r.section}）" in text
    yen = int(answers[answers["field"] == "effect_yen"]["value"].sum())
    assert f"財政効果額の合計は {yen:,} 円" in text
    assert f"未提出: {MISSING_SECTION}" in text


def test_public_workbook_has_no_internals_no_merged_cells_and_says_what_is_missing(written):
    pub = openpyxl.load_workbook(written.public)
    assert pub.sheetnames == list(PUBLIC_SHEETS)
    joined = _texts(pub)
    for internal in ("提出状況シート", "データ", "算出根拠・備考", "確認事項", ".xlsx", "年度末実績", "会議日", "差し戻し"):
        assert internal not in joined, internal
    assert "取組実績" in joined and "概ね順調" in joined
    for ws in pub:  # one value per cell: nothing merged
        assert not ws.merged_cells.ranges, ws.title
    sections = Table(pub[SHEET_SECTIONS], "担当課")
    assert sections.value(MISSING_SECTION, "提出状況") == "未提出"  # in words, not a blank row
    items = pub[SHEET_ITEMS]
    col = columns(items, header_row(items, "改革項目"))
    assert ("3-2-1", "未回答") in [(items.cell(r, col["ID"]).value, items.cell(r, col["進捗状況"]).value)
                                   for r in range(1, items.max_row + 1)]
    assert pub.properties.creator == "二本松市 人事行政課"


def test_no_answers_yet_gives_all_unanswered_and_missing(plan, tmp_path):
    status = pd.DataFrame({c: pd.Series(dtype="object") for c in STATUS_COLUMNS})
    result = write_reports(plan, 2026, empty_answers(), status, tmp_path)
    wb = openpyxl.load_workbook(result.workbook, data_only=True)
    total = Table(wb[SHEET_SUMMARY], "重点項目")
    assert [total.value("合計", k) for k in ("未回答", "未報告")] == [46, 13]
    assert [total.value("合計", g) for g in "ABCDE"] == [0] * 5
    office = openpyxl.load_workbook(result.office)
    assert set(Table(office["提出状況"], "課名").column("状況").values()) == {"未提出"}


@pytest.mark.parametrize("name", [
    "令和8年度_市政改革推進本部会議資料.xlsx", "令和8年度_市政改革推進本部会議資料.pdf",
    "令和8年度_市政改革推進本部会議資料_事務局用.xlsx", "令和8年度_市政改革取組状況_公表用.pdf",
    "令和8年度_市政改革取組状況_公表用_改革項目.csv", "令和8年度_市政改革取組状況_公表用_KPI.csv",
])
def test_every_report_file_is_known_as_merges_own_output(plan, written, name):
    """merge never reads its own outputs back as returns (the names come from outputs.py)."""
    from reform_xlsx import outputs

    assert outputs.is_own_output(name, plan.words)
    assert not outputs.is_own_output("令和8年度_市政改革推進本部会議資料_コピー.xlsx", plan.words)


def test_the_cover_names_the_city_once(cached, plan):
    """The plan's name starts with the city: the cover does not put the city before it again."""
    cover = [c.value for row in cached["表紙"].iter_rows() for c in row if isinstance(c.value, str)]
    assert cover[0] == plan.name == "第2次二本松市市政改革推進行動計画"
    assert not any(v.startswith("二本松市　") for v in cover)
    assert plan.words.with_city("行政改革大綱") == "二本松市　行政改革大綱"


@pytest.mark.parametrize("label, lines", [
    ("計画どおり", ["計画どおり"]),
    ("概ね計画どおり", ["概ね計画どおり"]),  # the bundled plan's: one line, as before
    ("実施（取組開始）", ["実施", "（取組開始）"]),
    ("一部実施（遅れあり）・要見直し", ["一部実施", "（遅れあり）・", "要見直し"]),
    ("未着手（計画の見直し）", ["未着手（計画の", "見直し）"]),  # never 「）」 or 「し）」 alone
    ("順調に進んでいる", ["順調に", "進んでいる"]),  # not 「順調に進んでい」「る」
    ("大幅に遅れている（未着手を含む）", ["大幅に", "遅れている", "（未着手を", "含む）"]),  # not 「る」「む）」
    ("やや遅れている（一部未実施）", ["やや遅れている", "（一部未実施）"]),
    ("たいへんながいくぶんのなまえでくぎりがない", ["たいへんながい", "くぶんのなまえ", "でくぎりがない"]),
])
def test_long_grade_labels_break_at_a_natural_point_in_count_headers(label, lines):
    from reform_xlsx.report.counts import GRADE_HEADER_UNITS, grade_header
    from reform_xlsx.textwidth import text_units

    header = grade_header("C", label)
    assert header.split("\n") == ["C", *lines]
    assert all(text_units(line) <= GRADE_HEADER_UNITS for line in lines)


def test_grade_colours_follow_behind_not_letters():
    from reform_xlsx.plan.model import Grade
    from reform_xlsx.xlsx.style import BEHIND_COLOURS, ON_PLAN_COLOURS, grade_colours

    grades = [Grade("A", "実施", ""), Grade("B", "遅れ", "", behind=True), Grade("C", "未実施", "", behind=True),
              Grade("D", "完了", "")]
    assert grade_colours(grades) == {"A": ON_PLAN_COLOURS[0], "B": BEHIND_COLOURS[0], "C": BEHIND_COLOURS[1],
                                     "D": ON_PLAN_COLOURS[1]}


@pytest.mark.parametrize("value, axis_max, chart_px, font_pt, fits", [
    (1, 30, 270, 9, False),   # 1 of 30 in a 190-px plot: 6 px, a 15-px number would spill over its neighbours
    (2, 30, 270, 9, False),
    (3, 30, 270, 9, True),    # 19 px
    (1, 5, 270, 9, True),     # few answers: each one is tall
    (5, 30, 180, 9, True),    # a shorter chart (the page has the change and the years too): 16.7 px
    (4, 30, 180, 9, False),
    (0, 30, 270, 9, False),
])
def test_a_stacked_segment_carries_its_number_only_when_it_is_tall_enough(value, axis_max, chart_px, font_pt, fits):
    from reform_xlsx.report.summary import fits_label

    assert fits_label(value, axis_max, chart_px, font_pt) is fits


def test_the_grade_chart_leaves_small_segments_unlabelled(written):
    """Each small segment's number is deleted in the chart itself (the count table above has them all)."""
    import zipfile

    with zipfile.ZipFile(written.workbook) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    stacked = next(c for c in charts if 'c:grouping val="stacked"' in c)
    assert stacked.count('<c:delete val="1"/>') >= 1  # the sample has segments of 1 or 2 answers
    assert re.search(r'<c:dLbls>.*?<c:showVal val="1"/>', stacked, re.S)  # the others keep their numbers
