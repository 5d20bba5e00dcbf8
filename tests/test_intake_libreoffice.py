"""A template filled in and saved by LibreOffice Calc is accepted with every value.

The values are typed through UNO the way a person types them (tests/lo_fill.py), in the
forms sections use: grades with and without their label or in full-width, 「82.5%」,
「1,200,000」, 「150万円」, multi-line text.
"""

from __future__ import annotations

import pytest

from lo_fill import fill, fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates

ITEMS, KPI = layout.SHEET_ITEMS, layout.SHEET_KPI
# typed → expected normalised value, per (sheet, ID, header label)
TYPED = {
    (ITEMS, "1-1-1", "進捗状況"): ("B 概ね計画どおり", "B"),
    (ITEMS, "1-1-1", "取組実績"): ("コンビニ交付を拡大した\n（令和8年10月）", "コンビニ交付を拡大した\n（令和8年10月）"),
    (ITEMS, "1-1-1", "課題・今後の方針"): ("周知が課題", "周知が課題"),
    (ITEMS, "1-1-1", "財政効果額（円）"): ("1,200,000", 1_200_000),
    (ITEMS, "1-1-3", "進捗状況"): ("A", "A"),
    (ITEMS, "1-1-3", "取組実績"): ("キャッシュレス決済を導入", "キャッシュレス決済を導入"),
    (ITEMS, "1-1-3", "財政効果額（円）"): ("150万円", 1_500_000),
    (ITEMS, "1-1-5", "進捗状況"): ("Ｃ", "C"),
    (ITEMS, "1-1-5", "取組実績"): ("出張受付を3回実施", "出張受付を3回実施"),  # C 遅れ: the reason is given
    (ITEMS, "1-1-5", "課題・今後の方針"): ("職員の確保", "職員の確保"),
    (ITEMS, layout.RESPONDENT_ID, "担当者"): ("山田 花子", "山田 花子"),  # the 回答者欄
    (ITEMS, layout.RESPONDENT_ID, "内線"): ("1234", "1234"),  # read as text, even where Calc stored a number
    (ITEMS, "3-2-6", "進捗状況"): ("計画どおり", "A"),
    (ITEMS, "3-2-6", "課題・今後の方針"): ("ＡＢＣ（全角のまま）", "ＡＢＣ（全角のまま）"),
    (KPI, "K01", "実績値"): ("27%", 0.27),
    (KPI, "K01", "算出根拠・備考"): ("交付件数÷申請件数", "交付件数÷申請件数"),
    (KPI, "K03", "実績値"): (0.15, 0.15),
    (KPI, "K04", "実績値"): ("82.5%", 0.825),
}


def _typed_form(soffice, plan, folder, name: str, table: dict, keyboard: bool = False):
    """市民課's form with ``table``'s entries typed in LibreOffice and saved as ``name``; and what Calc stored."""
    require_uno()
    template, = write_templates(plan, 2026, folder, ["市民課"])
    answers: dict = {}
    for (sheet, row_id, label), (typed, _value) in table.items():
        answers.setdefault(sheet, {}).setdefault(row_id, {})[label] = typed
    out = folder / name
    return out, fill_by_id(template, out, answers, soffice=soffice, keyboard=keyboard)


@pytest.fixture(scope="module")
def saved(soffice, plan, tmp_path_factory):
    return _typed_form(soffice, plan, tmp_path_factory.mktemp("lo-intake"), "市民課_LibreOffice保存.xlsx", TYPED)[0]


def test_saved_by_libreoffice_is_accepted_with_every_value(plan, saved):
    result = read_return(saved, plan, 2026)
    assert (result.status, [p.code for p in result.problems]) == (FileStatus.ACCEPTED, [])
    assert (result.section, result.year) == ("市民課", 2026)
    labels = {c.key: c.label for c in layout.ITEM_COLUMNS + layout.kpi_columns(plan.baseline_year, plan.end_year)
              + layout.RESPONDENT_COLUMNS}
    got = {(a.sheet, a.id, labels[a.field]): a.value for a in result.answers}
    for key, (_typed, value) in TYPED.items():
        assert got[key] == pytest.approx(value) if isinstance(value, float) else got[key] == value, key
    typed_keys = set(TYPED)
    assert all(v is None for k, v in got.items() if k not in typed_keys)  # nothing invented


# Typed as on a section's PC: Calc in Japanese, each entry through the view as the keyboard enters it, so Calc's
# automatic formats apply (a percent format, a date, a thousands separator) — what setFormula in the default
# locale does not do. The same table and more that a hurried section types.
TYPED_IN_JAPANESE = {
    **TYPED,
    (ITEMS, "3-2-6", "財政効果額（円）"): ("１，０００", 1_000),
    (KPI, "K03", "実績値"): ("８５％", 0.85),
    (KPI, "K03", "算出根拠・備考"): ("2027/3/31 時点", "2027/3/31 時点"),
    # Calc made it a date shown 「3月31日」 (its format m月d日): read as it shows
    (KPI, "K04", "算出根拠・備考"): ("2027/3/31", "3月31日"),
    # what Japanese Excel turns into a number or a date (tests/test_intake_japanese_excel.py) Calc keeps as text
    (ITEMS, "1-1-5", "財政効果額（円）"): ("¥1,000", 1_000),
    (ITEMS, "1-1-3", "課題・今後の方針"): ("令和8年4月1日", "令和8年4月1日"),
    (ITEMS, "3-2-6", "取組実績"): ("R8.4.1", "R8.4.1"),
}


@pytest.fixture(scope="module")
def saved_in_japanese(soffice, plan, tmp_path_factory):
    return _typed_form(soffice, plan, tmp_path_factory.mktemp("lo-intake-ja"), "市民課_日本語のCalc.xlsx",
                       TYPED_IN_JAPANESE, keyboard=True)


def test_typed_in_japanese_calc_through_the_view_is_accepted_with_every_value(plan, saved_in_japanese):
    path, stored = saved_in_japanese
    kinds = {kind for cells in stored.values() for kind, *_ in cells.values()}
    assert "VALUE" in kinds and "TEXT" in kinds  # Calc made numbers of 「27%」 and 「1,200,000」, kept the text
    result = read_return(path, plan, 2026)
    assert (result.status, [p.code for p in result.problems]) == (FileStatus.ACCEPTED, [])
    labels = {c.key: c.label for c in layout.ITEM_COLUMNS + layout.kpi_columns(plan.baseline_year, plan.end_year)
              + layout.RESPONDENT_COLUMNS}
    got = {(a.sheet, a.id, labels[a.field]): a.value for a in result.answers}
    for key, (_typed, value) in TYPED_IN_JAPANESE.items():
        assert got[key] == pytest.approx(value) if isinstance(value, float) else got[key] == value, key


def test_raw_text_is_kept_beside_the_value(plan, saved):
    result = read_return(saved, plan, 2026)
    raw = {(a.id, a.field): a.raw for a in result.answers}
    assert raw[("1-1-5", "grade")] == "Ｃ"
    assert raw[("1-1-3", "effect_yen")] == "150万円"


def test_120_percent_typed_in_calc_is_an_error_quoting_what_the_section_sees(soffice, plan, tmp_path):
    """The issue's case, typed as a person types it: 「120%」 into a rate cell is stored 1.2 (and Calc shows
    「120.0%」). It is read as 120 %, an error quoting 「120.0%」 — never 1.2 % with a warning quoting 「1.2」."""
    require_uno()
    template, = write_templates(plan, 2026, tmp_path, ["市民課"])
    stored = fill_by_id(template, tmp_path / "120.xlsx", {KPI: {"K04": {"実績値": "120%"}}}, soffice=soffice)
    assert list(stored[KPI].values()) == [["VALUE", 1.2]]
    result = read_return(tmp_path / "120.xlsx", plan, 2026)
    (over,) = [p for p in result.problems if p.row_id == "K04"]
    assert (over.code, over.severity.value, over.sheet) == ("V004", "error", KPI)
    assert "「120.0%」は100% を超えています" in over.message and "1.2" not in over.message


@pytest.mark.parametrize("delete", ["empty row under the table", "an item's row"])
def test_a_row_deleted_in_calc_is_not_a_too_wide_sheet(soffice, plan, tmp_path, delete):
    """The section unprotects the sheet (no password) and deletes a row. Calc then writes an empty
    ``<row r="1048576"/>``: it holds no cell and is not the sheet's used range (it was F012 「使用範囲が
    広すぎます」, an unsafe file whose 差し戻し copy kept nothing). An empty row deleted: accepted; an
    item's row deleted: that row is missing (S005), what was typed is kept."""
    import openpyxl

    from reform_xlsx.templates.fill import cell_map

    require_uno()
    template, = write_templates(plan, 2026, tmp_path, ["観光課"])
    ws = openpyxl.load_workbook(template)[ITEMS]
    cells = cell_map(ws, layout.ID_LABEL_ITEMS)
    items = plan.items_for("観光課", 2026)
    typed = {cells[(i.id, "進捗状況")]: "A" for i in items} | {cells[(i.id, "取組実績")]: "実施した" for i in items}
    rows = sorted({int("".join(ch for ch in a if ch.isdigit())) for a in cells.values()})
    row = rows[-1] + 3 if delete.startswith("empty") else int(cells[(items[-1].id, "進捗状況")][1:])
    path = tmp_path / "観光課.xlsx"
    fill(template, path, {ITEMS: typed}, soffice=soffice, delete_rows={ITEMS: [row]})
    result = read_return(path, plan, 2026)
    codes = [p.code for p in result.problems]
    assert "F012" not in codes and not result.unsafe
    if delete.startswith("empty"):
        assert result.status == FileStatus.ACCEPTED and not [p for p in result.problems if p.severity.value == "error"]
    else:
        assert "S005" in codes and {a.id for a in result.answers if a.field == "result" and a.value} == \
            {i.id for i in items[:-1]}


def test_a_column_inserted_in_calc_keeps_the_respondent_it_pushed_aside(soffice, plan, tmp_path):
    """The section types the 回答者欄, unprotects 取組状況 (no password) and inserts a column in the table before
    課題・今後の方針 — the column of the mail address above, which moves one cell right. The mail was read from the
    blank cell the insertion left beside 「メール」: lost without a word (the 差し戻し mail had no address)."""
    import openpyxl

    from reform_xlsx.templates.fill import cell_map

    require_uno()
    template, = write_templates(plan, 2026, tmp_path, ["市民課"])
    cells = cell_map(openpyxl.load_workbook(template)[ITEMS], layout.ID_LABEL_ITEMS)
    typed = {(layout.RESPONDENT_ID, "担当者"): "山田 花子", (layout.RESPONDENT_ID, "メール"): "yamada@example.jp"}
    typed |= {(i.id, "進捗状況"): "A" for i in plan.items_for("市民課", 2026)}
    mail = cells[(layout.RESPONDENT_ID, "メール")]
    column = openpyxl.utils.column_index_from_string(mail.rstrip("0123456789"))
    kpi = cell_map(openpyxl.load_workbook(template)[KPI], layout.ID_LABEL_KPI)
    path = tmp_path / "市民課.xlsx"
    fill(template, path, {ITEMS: {cells[k]: v for k, v in typed.items()},
                          KPI: {kpi[(k.id, "実績値")]: "30%" for k in plan.kpis_for("市民課", 2026)}},
         soffice=soffice, insert_columns={ITEMS: [column]})
    assert openpyxl.load_workbook(path)[ITEMS][mail].value is None  # the mail moved right
    result = read_return(path, plan, 2026)
    assert result.respondent == {"person": "山田 花子", "mail": "yamada@example.jp"}
    assert (result.status, [p.code for p in result.problems]) == (FileStatus.ACCEPTED, [])


def test_a_sheet_of_notes_added_in_calc_is_said_not_to_be_read(soffice, plan, tmp_path):
    """The section adds a sheet 「メモ」 in Calc for the office — 「1-1-3 の効果額は3年分の合計です」 — and fills in the
    form: the form is read, and the notes, read nowhere, were said nowhere either (now S016, a warning, names the sheet)."""
    require_uno()
    template, = write_templates(plan, 2026, tmp_path, ["市民課"])
    answers = {ITEMS: {i.id: {"進捗状況": "A"} for i in plan.items_for("市民課", 2026)}
               | {layout.RESPONDENT_ID: {"担当者": "山田 花子"}},
               KPI: {k.id: {"実績値": "30%"} for k in plan.kpis_for("市民課", 2026)}}
    path = tmp_path / "市民課.xlsx"
    fill_by_id(template, path, answers, soffice=soffice,
               new_sheets={"メモ": {"A1": "1-1-3 の効果額は3年分の合計です", "A2": "担当: 山田"}})
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.ACCEPTED
    (said,) = result.problems
    assert (said.code, said.severity.value, said.sheet) == ("S016", "warning", "メモ")
    assert said.message.startswith("調査票にないシート「メモ」の入力（2 個のセル）は読んでいません。")


def _second_year_form(plan, folder, section: str, history: list[tuple[str, str, str, object]]):
    """``section``'s 令和9年度 form, with last year's answers (kind, ID, field, value) beside the inputs."""
    import openpyxl
    import pandas as pd

    from reform_xlsx.templates.fill import cell_map

    frame = pd.DataFrame([{"year": 2026, "section": section, "kind": kind, "id": id_, "field": field, "value": value}
                          for kind, id_, field, value in history])
    form, = write_templates(plan, 2027, folder, [section], history=frame)
    wb = openpyxl.load_workbook(form)
    return form, cell_map(wb[ITEMS], layout.ID_LABEL_ITEMS), cell_map(wb[KPI], layout.ID_LABEL_KPI)


@pytest.mark.parametrize(("section", "pasted", "shown"), [("財政課", "K09", "※2"), ("市民課", "K01", "※27.0%")])
def test_a_year_target_pasted_as_the_actual_in_calc_is_sent_back(soffice, plan, tmp_path, section, pasted, shown):
    """A hurried chief copies the grey 年度目標値 of the second-year form (a reference 「※2」) and pastes it with
    Ctrl+V into 実績値: Calc pastes the number and its 「※」 format, and the target was recorded as the year's
    actual without a word (the meeting then judged the KPI 順調). Now V028, at that cell. A KPI where the target was
    pasted and a measured value then typed over it (the 「※」 format stays) is read as typed."""
    require_uno()
    kpis = plan.kpis_for(section, 2027)
    form, items, kpi = _second_year_form(plan, tmp_path, section, [("kpi", k.id, "actual", 0.2 if k.kind == "rate" else 2)
                                                                  for k in kpis])
    label = layout.normalise_label
    actual = {k.id: kpi[(k.id, label("実績値"))] for k in kpis}
    target = [kpi[(k.id, label(layout.kpi_label("year_target")))] for k in kpis]
    other = next(k for k in kpis if k.id != pasted)
    typed = "30%" if other.kind == "rate" else "5,900,000"
    path = tmp_path / f"{section}.xlsx"
    cells = {ITEMS: {items[(i.id, label("進捗状況"))]: "A" for i in plan.items_for(section, 2027)}
             | {items[(layout.RESPONDENT_ID, label("担当者"))]: "山田 花子"},
             KPI: {actual[k.id]: typed for k in kpis if k.id != pasted}}
    stored = fill(form, path, cells, soffice=soffice,
                  copy_paste={KPI: [(f"{target[0]}:{target[-1]}", actual[kpis[0].id])]})
    assert stored[KPI][actual[pasted]][0] == "VALUE"  # what Calc pasted: the target's number
    result = read_return(path, plan, 2027)
    (sent_back,) = [p for p in result.problems if p.code == "V028"]
    assert (sent_back.severity.value, sent_back.sheet, sent_back.cell, sent_back.row_id) == (
        "error", KPI, actual[pasted], pasted)
    assert f"実績値「{shown}」は、この行の年度目標値" in sent_back.message and "Ctrl+Z" in sent_back.message
    assert result.status == FileStatus.REJECTED
    values = {a.id: a.value for a in result.answers if a.field == "actual"}
    assert values[pasted] is None
    assert values[other.id] == (0.3 if other.kind == "rate" else 5_900_000)  # typed over the pasted 「※」: as typed
    assert [p.code for p in result.problems if p.row_id == other.id] == []
