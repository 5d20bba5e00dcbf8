"""Every generated template read back with openpyxl: sheets, labels, rows, locks, validations,
metadata, print settings."""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.form import layout
from reform_xlsx.form.content import fingerprint, locked_rows, section_content
from reform_xlsx.messages import Msg, Severity
from reform_xlsx.templates import UnknownSectionError, write_templates
from reform_xlsx.templates.guide import error_rules
from reform_xlsx.xlsx.style import ANY_PAGES_TALL, INPUT_FILL, LOCKED_FILL, fitted_scale
from reform_xlsx.xlsx.workbook import FONT as FONT_NAME
from template_readback import header_and_rows, locked_from_workbook, read_table, validations

DEADLINE, CONTACT = "2026-05-29", "人事行政課 行政改革係（内線 1234）"
ITEM_INPUTS = ["進捗状況", "取組実績", "課題・今後の方針", "財政効果額（円）"]
KPI_INPUTS = ["実績値", "算出根拠・備考"]


@pytest.fixture(scope="module")
def books(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("templates")
    paths = write_templates(plan, 2026, out, deadline=DEADLINE, contact=CONTACT)
    return {p.name.rsplit("_", 1)[1].removesuffix(".xlsx"): openpyxl.load_workbook(p) for p in paths}


def data_sheets(plan, section):
    return [layout.SHEET_ITEMS] + ([layout.SHEET_KPI] if plan.kpis_for(section) else [])


def test_one_workbook_per_section_named_by_year_and_section(plan, books, tmp_path):
    assert sorted(books) == sorted(plan.sections) and len(books) == 11
    paths = write_templates(plan, 2026, tmp_path, ["観光課"])
    assert [p.name for p in paths] == ["令和8年度_市政改革取組状況調査票_観光課.xlsx"]


def test_sheets_in_order_meta_and_lists_hidden(plan, books):
    for section, wb in books.items():
        visible = [layout.SHEET_GUIDE] + data_sheets(plan, section)
        assert wb.sheetnames == visible + [layout.SHEET_LISTS, layout.SHEET_META], section
        assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible"] * len(visible) + ["hidden", "hidden"]
        assert wb.active.title == layout.SHEET_GUIDE


def test_exact_header_labels(plan, books):
    for section, wb in books.items():
        for content in section_content(plan, 2026, section):
            _, header, _ = header_and_rows(wb[content.name])
            # as the reader compares them (a long label may break before its 「（」 in the cell)
            assert [layout.normalise_label(h) for h in header] == [layout.normalise_label(c.label)
                                                                   for c in content.columns]
            assert "財政効果額\n（円）" in header or content.name == layout.SHEET_KPI
        _, header, _ = header_and_rows(wb[layout.SHEET_ITEMS])
        header = [h.replace("\n", "") for h in header]
        assert header[:5] == ["ID", "改革項目", "推進内容・主な取組", "実施時期", "担当課"]
        assert header[-4:] == ITEM_INPUTS
        if layout.SHEET_KPI in wb.sheetnames:
            _, header, _ = header_and_rows(wb[layout.SHEET_KPI])
            assert [layout.normalise_label(h) for h in header] == [layout.normalise_label(h) for h in ["KPI ID", "改革項目", "指標名", "単位", "方向", "基準値(R6)", "目標値(R12)",
                              "年度目標値\n※は参考（按分）"] + KPI_INPUTS]


@pytest.mark.parametrize("section, ids", [
    ("人事行政課", 10), ("財政課", 10), ("観光課", 1), ("市民課", 4), ("DX推進課", 4),
])
def test_id_rows_per_section(plan, books, section, ids):
    table = read_table(books[section][layout.SHEET_ITEMS])
    assert list(table) == [i.id for i in plan.items_for(section)] and len(table) == ids


def test_every_kpi_in_exactly_one_template(plan, books):
    seen = [k for wb in books.values() if layout.SHEET_KPI in wb.sheetnames for k in read_table(wb[layout.SHEET_KPI])]
    assert sorted(seen) == sorted(k.id for k in plan.kpis) and len(seen) == len(set(seen)) == 13


def test_locked_grey_and_unlocked_yellow(plan, books):
    for section, wb in books.items():
        for content in section_content(plan, 2026, section):
            ws = wb[content.name]
            _, _, rows = header_and_rows(ws)
            assert len(rows) == len(content.rows)
            for row in rows:
                for column, cell in zip(content.columns, row):
                    assert cell.protection.locked is (not column.input), (section, cell.coordinate)
                    assert cell.fill.fgColor.rgb == "FF" + (INPUT_FILL if column.input else LOCKED_FILL)[1:]
                    assert cell.font.name == FONT_NAME
                    assert bool(cell.alignment.wrap_text) is column.wrap, cell.coordinate


def test_values_as_planned_and_text_stays_text(plan, books):
    table = read_table(books["財政課"][layout.SHEET_ITEMS])
    assert table["2-2-1"]["担当課"] == "秘書政策課\n生活環境課\n観光課\n関係課"
    assert table["1-1-4"]["担当課"] == "（単独）"
    assert table["2-2-5"]["実施時期"] == "令和8年度～\n令和12年度"  # in words; the plan's 「①」 marks left out
    item = plan.item("1-1-2")  # two numbered actions
    hr = read_table(books["人事行政課"][layout.SHEET_ITEMS])
    assert hr["1-1-2"]["推進内容・主な取組"] == (f"{item.content}\n【主な取組】\n①{item.actions[0]}\n②{item.actions[1]}")
    kpi = books["市民課"][layout.SHEET_KPI]
    values = read_table(kpi)["K04"]
    assert (values["基準値(R6)"], values["目標値(R12)"], values["単位"]) == (0.79, 0.9, "%")
    _, header, rows = header_and_rows(kpi)
    target_label = "年度目標値\n※は参考（按分）"
    target = rows[[r[0].value for r in rows].index("K04")][header.index(target_label)]
    assert target.value == pytest.approx(0.826667) and target.number_format == '"※"0.0%'
    shown = {r[0].value: r[header.index(target_label)] for r in header_and_rows(books["財政課"][layout.SHEET_KPI])[2]}
    assert shown["K12"].value == 6060000 and shown["K12"].number_format == '"※"#,##0'
    # K09 (1 → 3 施設): the cell keeps 1.666667, shows 「※2」 like the meeting workbook
    assert shown["K09"].value == pytest.approx(5 / 3, abs=1e-6) and shown["K09"].number_format == '"※"#,##0'


def test_validations_on_every_input_cell(plan, books):
    grades = [g.display for g in plan.grades]
    for section, wb in books.items():
        assert wb.defined_names[layout.GRADE_LIST_NAME].attr_text == f"'{layout.SHEET_LISTS}'!$A$1:$A$5"
        assert [wb[layout.SHEET_LISTS].cell(r, 1).value for r in range(1, 6)] == grades
        for content in section_content(plan, 2026, section):
            ws = wb[content.name]
            found = validations(ws)
            header_row, header, rows = header_and_rows(ws)
            for row in rows:
                r = row[0].row
                for c, column in enumerate(content.columns, start=1):
                    dv = found.get((r, c))
                    if not column.input:
                        assert dv is None
                        continue
                    assert dv is not None and dv.showInputMessage and dv.promptTitle and dv.prompt
                    assert re.search(r"[ぁ-ん]", dv.prompt), dv.prompt  # Japanese
                    if column.key == "grade":
                        assert (dv.type, dv.formula1, dv.showErrorMessage) == ("list", layout.GRADE_LIST_NAME, True)
                        assert dv.errorTitle and "一覧" in dv.error
                    elif column.key == "effect_yen":
                        assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
                        assert row[c - 1].number_format == "#,##0"
                    elif column.key == "actual":
                        kpi = plan.kpi(row[0].value)
                        if kpi.is_rate:
                            # impossible rates are stopped at entry (「120%」 is refused by Excel)
                            assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "1")
                            assert dv.errorStyle in (None, "stop")
                            assert row[c - 1].number_format == "0.0%"
                        else:
                            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
                            assert row[c - 1].number_format == "#,##0"
                        assert dv.showErrorMessage and dv.error
                    else:
                        assert dv.type is None  # "any": input message only


def test_metadata_in_meta_sheet_and_document_properties(plan, books):
    template_ids = set()
    for section, wb in books.items():
        meta = {r[0]: r[1] for r in wb[layout.SHEET_META].iter_rows(values_only=True)}
        props = {p.name: p.value for p in wb.custom_doc_props.props}
        assert list(meta) == list(layout.META_KEYS)
        assert {k: props[k] for k in layout.META_KEYS} == meta
        assert meta[layout.META_FISCAL_YEAR] == "R8" and meta[layout.META_SECTION] == section
        assert (meta[layout.META_PLAN_ID], meta[layout.META_PLAN_VERSION]) == (plan.id, plan.version)
        assert meta[layout.META_FORMAT_VERSION] == layout.FORMAT_VERSION
        assert re.fullmatch(r"[0-9a-f]{32}", meta[layout.META_TEMPLATE_ID])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", meta[layout.META_CREATED])
        template_ids.add(meta[layout.META_TEMPLATE_ID])
        expected = locked_rows(plan, 2026, section)
        assert meta[layout.META_FINGERPRINT] == fingerprint(expected)
        columns = {c.name: c.columns for c in section_content(plan, 2026, section)}
        read_back = locked_from_workbook(wb, columns)
        assert read_back == expected
        assert fingerprint(read_back) == meta[layout.META_FINGERPRINT]
    assert len(template_ids) == len(books)


def test_protection_without_password(books):
    for wb in books.values():
        for ws in wb.worksheets:
            assert ws.protection.sheet is True and ws.protection.password is None, ws.title
            # attributes say what is *forbidden*: selecting cells and resizing rows stay allowed
            assert not ws.protection.selectLockedCells and not ws.protection.selectUnlockedCells
            assert not ws.protection.formatRows
            assert ws.protection.insertRows and ws.protection.deleteRows and ws.protection.formatCells


def test_print_settings_freeze_panes_and_header_footer(plan, books):
    for section, wb in books.items():
        for name in [layout.SHEET_GUIDE] + data_sheets(plan, section):
            ws = wb[name]
            setup = ws.page_setup
            assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), name
            assert ws.sheet_properties.pageSetUpPr.fitToPage is True
            tall = 0 if name == layout.SHEET_GUIDE else ANY_PAGES_TALL  # the data sheets: the width decides
            assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, tall)  # absent fitToWidth means 1
            assert ws.oddHeader.left.text == "令和8年度 市政改革取組状況調査票"
            assert ws.oddHeader.right.text == section and ws.oddHeader.center.text == name
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
            if name == layout.SHEET_GUIDE:  # page 2 starts at the grade definitions
                breaks = [b.id for b in ws.row_breaks.brk]
                assert len(breaks) == 1 and ws.cell(breaks[0] + 1, 2).value == "進捗状況の区分"
            else:
                header_row, _, _ = header_and_rows(ws)
                assert ws.print_title_rows == f"${header_row}:${header_row}"
                assert ws.freeze_panes == f"B{header_row + 1}"


def test_row_heights_follow_the_text(books):
    ws = books["財政課"][layout.SHEET_ITEMS]
    _, _, rows = header_and_rows(ws)
    heights = {r[0].value: ws.row_dimensions[r[0].row].height for r in rows}
    assert heights["2-2-1"] > heights["1-1-4"] >= 5 * 10.5  # 2-2-1 has five 主な取組 lines


def test_guide_has_purpose_steps_grades_example_deadline_contact_glossary(plan, books):
    for section, wb in books.items():
        text = "\n".join(str(v) for row in wb[layout.SHEET_GUIDE].iter_rows(values_only=True) for v in row if v)
        wanted = (["目的", "記入の手順", "進捗状況の区分", "記入例（取組状況）", "令和8年5月29日（金）", CONTACT,
                   section, "Ctrl+Enter（LibreOffice）", "Alt+Enter（Excel）", "令和8年度に実施した内容"]
                  + [g.display for g in plan.grades]
                  + [g.definition.replace("今年度", "令和8年度") for g in plan.grades])
        for needed in wanted:
            assert needed in text, (section, needed)
        assert "今年度" not in text, section  # the year is said: 「令和8年度」
        data = "\n".join(str(v) for name in data_sheets(plan, section)
                         for row in wb[name].iter_rows(values_only=True) for v in row if v)
        assert "今年度" not in data, section
        assert ("記入例（KPI）" in text) is bool(plan.kpis_for(section))
        terms = plan.glossary_for(plan.items_for(section))
        for term in plan.glossary:
            assert (term.text in text) is (term in terms), (section, term.term)
    assert any(t.term == "ネーミングライツ" for t in plan.glossary_for(plan.items_for("財政課")))


def test_unknown_section_raises_japanese_error_before_writing(plan, tmp_path):
    with pytest.raises(UnknownSectionError, match="「観光」（「観光課」のことですか？）"):
        write_templates(plan, 2026, tmp_path, ["観光課", "観光"])
    assert list(tmp_path.iterdir()) == []


def with_item(plan, item_id, **changes):
    """The plan with one item's fields replaced."""
    areas = tuple(replace(a, categories=tuple(
        replace(c, items=tuple(replace(i, **changes) if i.id == item_id else i for i in c.items))
        for c in a.categories)) for a in plan.areas)
    return replace(plan, areas=areas)


def test_formula_looking_plan_text_is_written_as_text(plan, tmp_path):
    text = '=HYPERLINK("http://example.com","x")'
    changed = with_item(plan, "1-1-4", content=text, name="http://example.com/")
    path, = write_templates(changed, 2026, tmp_path, ["財政課"])
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet2.xml").decode()
        assert "<f>" not in sheet_xml and "hyperlink" not in sheet_xml.lower()
    ws = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
    table = read_table(ws)
    assert table["1-1-4"]["推進内容・主な取組"].startswith(text + "\n") and table["1-1-4"]["改革項目"] == "http://example.com/"


def test_history_columns_locked_grey_between_facts_and_inputs(plan, tmp_path):
    history = pd.DataFrame([
        {"year": 2026, "section": "財政課", "kind": "item", "id": "1-1-4", "field": "grade", "value": "A"},
        {"year": 2026, "section": "財政課", "kind": "item", "id": "1-1-4", "field": "result", "value": "要領改正"},
        {"year": 2026, "section": "財政課", "kind": "kpi", "id": "K12", "field": "actual", "value": 6100000},
    ])
    path, = write_templates(plan, 2027, tmp_path, ["財政課"], history=history)
    wb = openpyxl.load_workbook(path)
    items = wb[layout.SHEET_ITEMS]
    _, header, rows = header_and_rows(items)
    assert header[5:7] == ["令和8年度\n進捗状況", "令和8年度\n取組実績"]  # the year on a line of its own
    assert [h.replace("\n", "") for h in header[7:]] == ITEM_INPUTS
    row = next(r for r in rows if r[0].value == "1-1-4")
    assert (row[5].value, row[6].value) == ("A 計画どおり", "要領改正")
    assert row[5].protection.locked and row[5].fill.fgColor.rgb == "FF" + LOCKED_FILL[1:]
    # wide enough for 「B 概ね計画どおり」 on one line (16 half-width characters)
    assert items.column_dimensions[row[5].column_letter].width >= 16
    assert read_table(wb[layout.SHEET_KPI])["K12"]["令和8年度実績値"] == 6100000
    # with the year before beside the inputs the text columns give way: A4 at 8 pt or more
    assert fitted_scale(tuple(items.column_dimensions[c.column_letter].width - 0.71 for c in rows[0])) >= 0.8
    meta = {r[0]: r[1] for r in wb[layout.SHEET_META].iter_rows(values_only=True)}
    assert meta[layout.META_FINGERPRINT] == fingerprint(locked_rows(plan, 2027, "財政課", history))
    assert meta[layout.META_FINGERPRINT] != fingerprint(locked_rows(plan, 2027, "財政課"))


def test_an_earlier_answer_too_long_to_print_is_cut_and_says_so_this_years_never(plan, tmp_path):
    """Last year's 取組実績 beside the inputs: a row is at most 409 pt high, so a text longer than that
    holds ends 「…（以下略、全 n 字。全文はこのセルのメモに）」 within the row (the whole text is the cell's note); the
    section's own answer stays whole."""
    from reform_xlsx.intake import read_return
    from reform_xlsx.templates.fill import fill_template
    from reform_xlsx.xlsx.sizing import LINE_HEIGHT, MAX_ROW_HEIGHT, ROW_PADDING, line_count

    long = "".join(f"第{i}回の検討会で手続の見直し案を協議し、関係課と調整した。" for i in range(1, 60))
    history = pd.DataFrame([
        {"year": 2026, "section": "財政課", "kind": "item", "id": "1-1-4", "field": "grade", "value": "A"},
        {"year": 2026, "section": "財政課", "kind": "item", "id": "1-1-4", "field": "result", "value": long},
        {"year": 2026, "section": "財政課", "kind": "item", "id": "2-1-3", "field": "result", "value": "要領改正"},
    ])
    path, = write_templates(plan, 2027, tmp_path / "form", ["財政課"], history=history)
    ws = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
    _, header, rows = header_and_rows(ws)
    c = header.index("令和8年度\n取組実績")
    row = next(r for r in rows if r[0].value == "1-1-4")
    shown = row[c].value
    marker = f"…（以下略、全 {len(long):,} 字。全文はこのセルのメモに）"
    assert shown.endswith(marker) and long.startswith(shown.removesuffix(marker)) and len(shown) < len(long)
    assert row[c].comment.text == long  # the whole text, where the marker says
    width = ws.column_dimensions[row[c].column_letter].width - 0.71  # xlsxwriter adds the padding
    height = ws.row_dimensions[row[c].row].height
    assert line_count(shown, width) * LINE_HEIGHT + 2 * ROW_PADDING <= height <= MAX_ROW_HEIGHT  # prints whole
    assert next(r for r in rows if r[0].value == "2-1-3")[c].value == "要領改正"  # a short one: as it was
    filled = tmp_path / "filled.xlsx"
    fill_template(path, {layout.SHEET_ITEMS: {"1-1-4": {"進捗状況": "A 計画どおり", "取組実績": long}}}, filled)
    result = read_return(filled, plan, 2027)
    answers = {(a.id, a.field): a.value for a in result.answers if a.kind == "item"}
    assert answers[("1-1-4", "result")] == long  # this year's answer: whole
    assert not [a for a in result.answers if "." in a.field]  # the grey column is not read, nor compared
    assert not [p for p in result.problems if p.code == Msg.INTAKE_LOCKED_CHANGED.value.code]



def column_width(ws, column: int) -> float:
    """A column's width as saved: openpyxl keeps a run of columns of one width under its first letter."""
    return next(d.width for d in ws.column_dimensions.values() if d.min <= column <= d.max)

@pytest.mark.parametrize("value", [1_234_567_890, 999_999_999_999_999])  # 12億円; the most merge takes
def test_an_earlier_years_yen_figure_fits_its_grey_column(plan, tmp_path, value):
    """「令和8年度 実績値」 of ふるさと納税の寄附額 (K10, 円) printed 「###」 in a column 12 wide."""
    section = plan.kpi("K10").owner
    history = pd.DataFrame([{"year": 2026, "section": section, "kind": "kpi", "id": "K10", "field": "actual",
                             "value": value}])
    path, = write_templates(plan, 2027, tmp_path, [section], history=history)
    ws = openpyxl.load_workbook(path)[layout.SHEET_KPI]
    _, header, rows = header_and_rows(ws)
    c = header.index("令和8年度\n実績値")
    cell = next(r for r in rows if r[0].value == "K10")[c]
    assert cell.value == value and cell.number_format == "#,##0"
    width = column_width(ws, cell.column) - 0.71  # xlsxwriter adds the padding
    assert width >= len(f"{value:,}") + 1


def test_a_yen_kpi_in_the_billions_shows_its_plan_figures_whole(plan, tmp_path):
    """ふるさと納税 of a larger city (基準値 1,234,567,890 円, 目標値 2,500,000,000 円): the 年度目標値 shared out,
    「※1,867,283,945」, printed 「###」 in its 13-wide column."""
    kpi = replace(plan.kpi("K10"), baseline=1_234_567_890, target=2_500_000_000)
    big = replace(plan, kpis=tuple(kpi if k.id == kpi.id else k for k in plan.kpis))
    path, = write_templates(big, 2027, tmp_path, [kpi.owner])
    ws = openpyxl.load_workbook(path)[layout.SHEET_KPI]
    _, header, rows = header_and_rows(ws)
    labels = [h.split("\n")[0] for h in header]
    row = next(r for r in rows if r[0].value == "K10")
    for label in ("基準値", "目標値", "年度目標値"):
        cell = row[next(n for n, h in enumerate(labels) if h.startswith(label))]
        assert isinstance(cell.value, int | float) and cell.value >= 1_000_000_000, label
        width = column_width(ws, cell.column) - 0.71  # xlsxwriter adds the padding
        assert width >= len(("※" if label == "年度目標値" else "") + f"{int(cell.value):,}") + 1, (label, width)


def test_a_kpi_measured_from_its_first_actual_shows_that_base_and_its_year_target(plan, tmp_path):
    """A KPI without a plan baseline, first reported in 令和8年度 (85): the 令和10年度 form shows 基準値 「85＊」
    and the 年度目標値 measured from it — what the meeting packet judges it by — and merge reads the
    return without 「計画の内容が書き換えられています」 (V011)."""
    from reform_xlsx.intake import read_return
    from reform_xlsx.report.consolidate import kpi_results
    from reform_xlsx.templates.fill import fill_template

    kpi = replace(plan.kpi("K11"), baseline=None)
    measured = replace(plan, kpis=tuple(kpi if k.id == kpi.id else k for k in plan.kpis))
    history = pd.DataFrame([{"year": 2026, "section": kpi.owner, "kind": "kpi", "id": kpi.id, "field": "actual",
                             "value": 85}])
    packet = kpi_results(measured, history, 2028)[0].set_index("kpi_id").loc[kpi.id]
    path, = write_templates(measured, 2028, tmp_path / "form", [kpi.owner], history=history)
    ws = openpyxl.load_workbook(path)[layout.SHEET_KPI]
    _, header, rows = header_and_rows(ws)
    labels = [h.replace("\n", "") for h in header]
    row = next(r for r in rows if r[0].value == kpi.id)
    base, target = row[labels.index("基準値(R6)")], row[labels.index("年度目標値※は参考（按分）")]
    assert (base.value, packet["baseline"]) == (85, 85) and base.number_format == '#,##0"＊"'
    assert target.value == packet["year_target"] == 62.5 and target.number_format == '"※"#,##0'
    guide = " ".join(str(c) for r in openpyxl.load_workbook(path)[layout.SHEET_GUIDE].iter_rows(values_only=True)
                     for c in r if c)
    assert "「118＊」のように ＊ を付けて" in guide
    first, = write_templates(measured, 2026, tmp_path / "first", [kpi.owner], history=history[:0])
    first_row = next(r for r in header_and_rows(openpyxl.load_workbook(first)[layout.SHEET_KPI])[2]
                     if r[0].value == kpi.id)
    assert first_row[labels.index("基準値(R6)")].value is None  # not reported yet: blank
    filled = tmp_path / "filled.xlsx"
    fill_template(path, {layout.SHEET_KPI: {kpi.id: {"実績値": 72}}}, filled)
    result = read_return(filled, measured, 2028)
    assert ("kpi", kpi.id, "actual", 72) in {(a.kind, a.id, a.field, a.value) for a in result.answers}
    assert not [p for p in result.problems if p.code == Msg.INTAKE_LOCKED_CHANGED.value.code]


def test_spec_names_every_sheet_label_and_metadata_key(plan):
    spec = (Path(__file__).parent.parent / "docs" / "template-spec.md").read_text(encoding="utf-8")
    names = [layout.SHEET_GUIDE, layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_LISTS, layout.SHEET_META,
             layout.SHEET_RESPONSES, layout.SHEET_REVIEW, layout.RESPONDENT_ID,
             layout.GRADE_LIST_NAME, f"FORMAT_VERSION`（いまは `{layout.FORMAT_VERSION}`）"]
    labels = [c.label for c in layout.ITEM_COLUMNS + layout.kpi_columns(plan.baseline_year, plan.end_year)
              + layout.RESPONDENT_COLUMNS + layout.RESPONSE_COLUMNS + layout.REVIEW_COLUMNS]
    for needed in names + labels + list(layout.META_KEYS) + [g.display for g in plan.grades]:
        assert needed.replace("\n", "（改行）") in spec, needed  # a label's line break written out


def test_files_get_the_usual_permissions_and_no_leftovers(plan, tmp_path):
    old = os.umask(0o022)
    try:
        path, = write_templates(plan, 2026, tmp_path, ["観光課"])
    finally:
        os.umask(old)
    # Windows keeps only a read-only flag, shown as the mode: a file anyone may write (not read-only) is 0o666 there
    assert path.stat().st_mode & 0o777 == (0o666 if os.name == "nt" else 0o644)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_data_rows_grow_with_the_text_typed_and_the_filled_copy_is_taller(plan, tmp_path):
    """Data rows carry a starting height without Excel's 'set by hand' mark, so Excel and LibreOffice
    make a row taller as a long answer is typed; a programmatic fill makes the row taller itself."""
    from reform_xlsx.templates.fill import fill_template

    path, = write_templates(plan, 2026, tmp_path, ["財政課"])
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet2.xml").decode()  # 取組状況
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r'<row r="(\d+)"[^>]*>', xml)}
    header = layout.HEADER_ROW + 1
    assert "customHeight" in rows[header]  # the header keeps its height
    data = [tag for r, tag in rows.items() if r > header]
    assert data and all('ht="' in tag and "customHeight" not in tag for tag in data)
    long = "電子入札の試行結果を取りまとめ、手順書を改訂して全課に周知した。" * 12
    filled = fill_template(path, {layout.SHEET_ITEMS: {"1-1-4": {"取組実績": long}}}, tmp_path / "filled.xlsx")
    before = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
    after = openpyxl.load_workbook(filled)[layout.SHEET_ITEMS]
    row = next(r[0].row for r in after.iter_rows() if r[0].value == "1-1-4")
    assert after.row_dimensions[row].height > 2 * before.row_dimensions[row].height


@pytest.mark.parametrize(("widths", "size"), [
    ((), 9),  # not shrunk: 9 pt
    ((40.0,) * 3, 9),  # fits at 100 %
    (tuple(c.width for c in layout.REVIEW_COLUMNS), 11),  # printed at 84 % (taken as 82 %: a one-page sheet may
    # shrink a little more for its height): 11 pt prints at 9.2
    ((20.0,) * 14, 16),  # printed at 55 %
])
def test_the_running_header_is_set_larger_on_a_shrunk_page(tmp_path, widths, size):
    import xlsxwriter

    from reform_xlsx.xlsx.style import HEADER_MIN_PT, setup_page

    path = tmp_path / "page.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    setup_page(wb.add_worksheet(), left="二本松市", right="令和8年度", widths=widths)
    wb.close()
    ws = openpyxl.load_workbook(path).active
    assert (ws.oddHeader.left.size, ws.oddFooter.center.size) == (size, size)
    assert size * fitted_scale(widths) >= HEADER_MIN_PT


def test_every_label_of_the_guide_fits_its_column(plan, tmp_path):
    """「提出先・問い合わせ」 ran past the label column into the text beside it."""
    from reform_xlsx.templates.guide import WIDTHS
    from reform_xlsx.textwidth import text_units

    (path,) = write_templates(plan, 2026, tmp_path, ["財政課"], deadline=dt.date(2027, 5, 28), contact="人事行政課")
    guide = openpyxl.load_workbook(path)[layout.SHEET_GUIDE]
    labels = [c.value for c in guide["B"] if isinstance(c.value, str) and guide.cell(c.row, 3).value]  # beside text
    assert "提出先・問い合わせ" in labels
    assert [label for label in labels if text_units(label) > WIDTHS[1] - 2] == []


def test_the_guide_and_the_input_prompts_say_every_rule_merge_sends_a_file_back_for(plan, books):
    """「差し戻しになる入力」 lists every error merge reports about what a section types (the catalogue's V and S
    errors, and the F errors on a value hidden or shown otherwise by its format), each required column and the rule on the plan's behind grades (V014) among them; the input prompt of
    every column a rule is about says it too, and so does the 取組状況 sheet's note."""
    errors = {m.value.code for m in Msg if m.value.code[0] in "VS" and m.value.severity is Severity.ERROR}
    errors |= {"F042", "F043", "F044"}  # a value a person cannot see as recorded (colour, number format, rule)
    rules = error_rules(plan, has_kpi=True)
    assert errors <= {code for rule in rules for code in rule.codes}
    required = {c.key for c in layout.item_columns(plan.words) + layout.kpi_columns(plan.baseline_year, plan.end_year)
                if c.input and c.required}
    assert required == {key for rule in rules if "V002" in rule.codes for key in rule.columns} == {"grade", "actual"}
    (v014,) = [rule for rule in rules if "V014" in rule.codes]
    assert set(v014.columns) == {"result", "plan_next"}
    behind = [f"「{g.display}」" for g in plan.grades if g.behind]
    assert behind == ["「C 遅れ」", "「D 未着手」"]
    for section, wb in books.items():
        text = "\n".join(str(v) for row in wb[layout.SHEET_GUIDE].iter_rows(values_only=True) for v in row if v)
        assert "差し戻しになる入力" in text
        for rule in error_rules(plan, bool(plan.kpis_for(section))):
            assert rule.term in text and rule.text in text, (section, rule.term)
        note = wb[layout.SHEET_ITEMS].cell(layout.NOTE_ROW + 1, 1).value
        assert all(g in note for g in behind) and "必須" in note, note
        for content in section_content(plan, 2026, section):
            found = validations(wb[content.name])
            _, _, rows = header_and_rows(wb[content.name])
            for c, column in enumerate(content.columns, start=1):
                prompts = [found[(row[0].row, c)].prompt for row in rows if column.input]
                if column.key in required:
                    assert all(p.startswith("必須です。") for p in prompts), (section, column.key)
                if column.key in {"grade", *v014.columns}:
                    assert all(all(g in p for g in behind) and "取組実績" in p and "課題・今後の方針" in p
                               for p in prompts), (section, column.key, prompts[:1])


def test_a_plan_without_behind_grades_has_no_rule_on_them(plan, tmp_path):
    """No grade marked ``behind``: no V014 (officer.py), so neither the guide nor a prompt speaks of it."""
    calm = replace(plan, grades=tuple(replace(g, behind=False) for g in plan.grades))
    assert [r for r in error_rules(calm, has_kpi=True) if "V014" in r.codes] == []
    (path,) = write_templates(calm, 2026, tmp_path, ["財政課"])
    wb = openpyxl.load_workbook(path)
    texts = [str(v) for row in wb[layout.SHEET_GUIDE].iter_rows(values_only=True) for v in row if v]
    texts += [dv.prompt for dv in validations(wb[layout.SHEET_ITEMS]).values()]
    texts.append(wb[layout.SHEET_ITEMS].cell(layout.NOTE_ROW + 1, 1).value)
    assert not any("のときは" in t for t in texts), [t for t in texts if "のときは" in t]


def test_the_respondent_prompt_names_the_plans_own_office(plan, tmp_path):
    """The 回答者欄's prompt says who will call the person named: the plan's reform office, in its words (it said
    「推進室」, a body that the bundled city and most others do not have)."""
    town = replace(plan, words=replace(plan.words, office="総務部 行政経営課"))
    (path,) = write_templates(town, 2026, tmp_path, sections=["観光課"])
    prompts = [dv.prompt for dv in validations(openpyxl.load_workbook(path)[layout.SHEET_ITEMS]).values()]
    person = [p for p in prompts if "問い合わせを受ける方" in p]
    assert person == ["この調査票について問い合わせを受ける方の氏名を入力してください（総務部 行政経営課からの確認の連絡先になります）。"]
    assert not [p for p in prompts if "推進室" in p]
