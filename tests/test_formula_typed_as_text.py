"""A sentence a section began with 「=」 (or, in Excel, with 「+」 or 「-」) is taken by the spreadsheet for a formula
(「=次年度は30手続」 becomes the formula 次年度は30手続, #NAME?). The form refuses it (V009) as it refuses any formula,
but the section typed a sentence, not a formula: 「数式ではなく値を直接入力してください」 told it to type again what it
had typed, so it sent the same formula back. The message says which sign made it a formula and to drop it."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.templates.fill import cell_map, fill_template

SECTION = "財政課"
ITEMS = layout.SHEET_ITEMS
FORMULA = "数式ではなく値を直接入力し直してください。"


@pytest.mark.parametrize(("formula", "sign"), [
    ("=次年度は30手続", "="),  # Calc keeps what was typed after 「=」
    ("=SUM(1,2) ではなく文章", "="),
    ("=+FAQを公開", "+"),  # Excel keeps 「+FAQを公開」 as the formula +FAQを公開
    ("=-問合せの分析", "-"),
    ("=＝全角で始めた文", "="),
    ("=SUM(A1:A3)", None),  # formulas
    ("=A1*2", None),
    ('=IF(A1>0,"済","未")', None),  # Japanese only in its strings
    ("='取組状況'!H5", None),
    ("=取組状況!H5", None),  # a sheet of a Japanese name
    ("共有の数式", None),  # what the reader says of a shared formula's other cells
])
def test_the_advice_says_which_sign_made_a_sentence_a_formula(formula, sign):
    from reform_xlsx.intake.normalise import formula_advice

    advice = formula_advice(formula)
    assert ("数式ではなく値を直接" in advice) == (sign is None)
    assert sign is None or f"「{sign}」で始めた文章" in advice and f"先頭の「{sign}」を除いて" in advice


def test_a_sentence_excel_took_for_a_formula_is_said_so(plan, tmp_path):
    """Excel keeps 「+FAQを公開」 typed into a text cell as the formula +FAQを公開; a real formula is said as before."""
    source = craft.template(plan, 2026, SECTION, tmp_path / "t")
    filled = tmp_path / "in" / f"{SECTION}.xlsx"
    filled.parent.mkdir()
    fill_template(source, craft.valid_answers(plan, SECTION), filled)
    wb = openpyxl.load_workbook(filled)
    ws = wb[ITEMS]
    cells = cell_map(ws, layout.ID_LABEL_ITEMS)
    item = plan.items_for(SECTION)[0].id
    result_cell = cells[(item, layout.normalise_label("取組実績"))]
    plan_cell = cells[(item, layout.normalise_label("課題・今後の方針"))]
    ws[result_cell] = "=+FAQを公開"
    ws[plan_cell] = "=SUM(1,2)"
    wb.save(filled)
    said = {p.cell: p.message for p in read_return(filled, plan, 2026).problems if p.code == "V009"}
    assert "先頭の「+」を除いて" in said[result_cell] and FORMULA not in said[result_cell]
    assert said[plan_cell].endswith(FORMULA)


def test_a_sentence_typed_in_calc_beginning_with_equals_is_said_so(soffice, plan, tmp_path):
    """Typed through Calc's view (Japanese locale), 「=次年度は30手続」 is stored as a formula (#NAME?)."""
    require_uno()
    source = craft.template(plan, 2026, SECTION, tmp_path / "t")
    item = plan.items_for(SECTION)[0].id
    (tmp_path / "inbox").mkdir()
    typed = tmp_path / "inbox" / f"{SECTION}.xlsx"
    stored = fill_by_id(source, typed, {ITEMS: {item: {"進捗状況": "A", "課題・今後の方針": "=次年度は30手続"}}},
                        keyboard=True)
    cell = cell_map(openpyxl.load_workbook(source)[ITEMS], layout.ID_LABEL_ITEMS)[
        (item, layout.normalise_label("課題・今後の方針"))]
    assert stored[ITEMS][cell][0] == "FORMULA"
    said = [p for p in read_return(typed, plan, 2026).problems if p.code == "V009"]
    assert [(p.sheet, p.cell) for p in said] == [(ITEMS, cell)]
    assert "先頭の「=」を除いて" in said[0].message and FORMULA not in said[0].message
