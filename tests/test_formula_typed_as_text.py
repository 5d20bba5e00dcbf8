"""A sentence a section began with 「=」 (or, in Excel, with 「+」 or 「-」) is taken by the spreadsheet for a formula
(「=次年度は30手続」 becomes the formula 次年度は30手続, #NAME?). The form refuses it (V009) as it refuses any formula,
but the section typed a sentence, not a formula: 「数式ではなく値を直接入力してください」 told it to type again what it
had typed, so it sent the same formula back. The message says which sign made it a formula and to drop it, and the
記入要領 says beforehand not to begin a sentence with one (「@」 too: Excel takes it for the start of a formula, though
Calc keeps 「@メールで周知」 as text)."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import cell_map, fill_template
from reform_xlsx.templates.guide import error_rules

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


@pytest.fixture(scope="module")
def guide_text(plan, tmp_path_factory):
    (path,) = write_templates(plan, 2026, tmp_path_factory.mktemp("guide-signs"), [SECTION])
    ws = openpyxl.load_workbook(path)[layout.SHEET_GUIDE]
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)


@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
def test_the_guide_says_a_sentence_begun_with_a_sign_becomes_a_formula(plan, guide_text, sign):
    """Said up front, in 「差し戻しになる入力」 beside the rule on formulas (V009), so that the file is not sent back."""
    (rule,) = [r for r in error_rules(plan, has_kpi=True) if "V009" in r.codes]
    said = next(s for s in rule.text.split("。") if f"「{sign}」" in s)
    assert "始まる文章は数式になります" in said, rule.text
    assert rule.text in guide_text
