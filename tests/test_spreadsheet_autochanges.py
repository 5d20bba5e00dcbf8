"""What Excel and LibreOffice Calc change on their own as a section chief types, and how merge takes it.

Each case stores a cell the way the spreadsheet stores what was typed (openpyxl writes the stored value): 「(120)」
becomes the number -120 (the accounting way of writing minus, in Excel and in Calc), 「'0123」 the text 「0123」, a
number typed into a text-formatted cell stays text (Excel's green triangle), 「1e3」 the number 1000. Each arrives as
the chief meant it or is refused with a message that says what the spreadsheet did.
"""

from __future__ import annotations

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return

ITEMS, KPI = layout.SHEET_ITEMS, layout.SHEET_KPI
EFFECT, ACTUAL = "財政効果額（円）", "実績値"


@pytest.mark.parametrize(("case", "sheet", "row", "label", "stored", "value", "codes", "words"), [
    ("「(120)」 in a count KPI: Excel and Calc store -120 — refused, saying the parentheses made it minus",
     KPI, "K09", ACTUAL, -120, None, ["V004"], ["「-120」", "マイナスは使えません", "「(120)」のようにかっこで囲んで", "120 なら数字だけで"]),
    ("「(120000)」 in 財政効果額: -120000 — refused, the parentheses said and how a cost is written",
     ITEMS, "1-1-4", EFFECT, -120000, None, ["V006"], ["「-120,000」", "「(120,000)」", "空欄にし", "120,000 なら数字だけで入力します。"]),
    ("「(120)」 kept as text (a text cell, 「'(120)」): the chief's own parentheses quoted, nothing more to explain",
     KPI, "K09", ACTUAL, "(120)", None, ["V004"], ["実績値「(120)」は"]),
    ("「'0123」: the text 「0123」 is 123", ITEMS, "1-1-4", EFFECT, "0123", 123, [], []),
    ("a number stored as text (the green triangle)", ITEMS, "1-1-4", EFFECT, "150000", 150000, [], []),
    ("… in a KPI", KPI, "K09", ACTUAL, "2", 2, [], []),
    ("「1e3」: Excel and Calc store 1000", KPI, "K09", ACTUAL, 1000, None, ["V015"], ["「1,000」"]),
    ("「1e3」 kept as text: not a number a section writes", ITEMS, "1-1-4", EFFECT, "1e3", None, ["V006"], ["「1e3」"]),
    ("「1 1/2」: Calc stores 1.5 — not whole yen", ITEMS, "1-1-4", EFFECT, 1.5, None, ["V006"], ["「1.5」"]),
])
def test_what_the_spreadsheet_stored_arrives_as_meant_or_is_said(plan, tmp_path, case, sheet, row, label, stored,
                                                                   value, codes, words):
    path = craft.filled(plan, 2026, "財政課", tmp_path, changes={sheet: {row: {label: stored}}})
    result = read_return(path, plan, 2026)
    found = [p for p in result.problems if p.row_id == row]
    assert [p.code for p in found] == codes, case
    for word in words:
        assert word in found[0].message, (case, word, found[0].message)
    if not codes:
        field = "effect_yen" if label == EFFECT else "actual"
        assert next(a.value for a in result.answers if (a.id, a.field) == (row, field)) == value, case


def test_typed_in_calc_in_the_japanese_locale(soffice, plan, tmp_path):
    """The same inputs typed through Calc's view in ja-JP (tests/lo_fill.py, ``keyboard``): 「(120)」 in 実績値 becomes
    -120 and is refused saying the parentheses did it; 「'0123」 and 「1e3」 in 財政効果額 arrive as 123 and 1000;
    「(c)」 and 「A--B」 in 取組実績 stay as typed (Calc's AutoCorrect does not rewrite what is entered whole)."""
    from lo_fill import fill, require_uno

    require_uno()
    import openpyxl

    from reform_xlsx.templates.fill import cell_map

    form = craft.template(plan, 2026, "財政課", tmp_path / "forms")
    book = openpyxl.load_workbook(form)
    items = cell_map(book[ITEMS], layout.ID_LABEL_ITEMS)
    kpis = cell_map(book[KPI], layout.ID_LABEL_KPI)
    label = layout.normalise_label
    ids = [i.id for i in plan.items_for("財政課")]
    cells = {items[(i, label("進捗状況"))]: "A" for i in ids} | {items[(layout.RESPONDENT_ID, label("担当者"))]: "山田 花子"}
    cells |= {items[(ids[0], label(EFFECT))]: "'0123", items[(ids[1], label(EFFECT))]: "1e3",
              items[(ids[0], label("取組実績"))]: "(c)2026 市", items[(ids[1], label("取組実績"))]: "A--B を実施"}
    path = tmp_path / "財政課.xlsx"
    fill(form, path, {ITEMS: cells, KPI: {kpis[("K09", label(ACTUAL))]: "(120)", kpis[("K12", label(ACTUAL))]: "6,000,000"}},
         soffice=soffice, keyboard=True)
    result = read_return(path, plan, 2026)
    assert [(p.code, p.row_id) for p in result.problems] == [("V004", "K09")]
    assert "「-120」" in result.problems[0].message and "「(120)」のようにかっこで囲んで" in result.problems[0].message
    read = {(a.id, a.field): a.value for a in result.answers}
    assert (read[(ids[0], "effect_yen")], read[(ids[1], "effect_yen")]) == (123, 1000)
    assert (read[(ids[0], "result")], read[(ids[1], "result")]) == ("(c)2026 市", "A--B を実施")
