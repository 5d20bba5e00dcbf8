"""An input cell whose value no one sees on the screen or on paper — hidden by a conditional format (its number format
「;;;」, or its font the colour of the background: F043) or by its own font colour (white on no fill, 「背景1」 with a tint,
the colour of its fill: F044) — is named at the cell and not read, as a number format's 「;;;」 is (F042). A rule whose
comparison the value does not meet, white text on a dark fill and a blank cell stay silent."""

from __future__ import annotations

import shutil

import openpyxl
from openpyxl.formatting.rule import CellIsRule, FormulaRule, Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.records import FileStatus
from reform_xlsx.xlsx.libreoffice import convert

SECTION = "財政課"
NO_FILL = PatternFill(fill_type=None)


def _hide(ws, at):
    """The cells hidden (ref → code, words the message says) and the silent ones, by (item, label) → ref."""
    hidden, silent = {}, []
    # a conditional format whose number format shows nothing, on a condition that is met (500 > 0) …
    rule = Rule(type="cellIs", operator="greaterThan", formula=["0"], dxf=DifferentialStyle(numFmt=NumberFormat(500, ";;;")))
    ws.conditional_formatting.add(f"{at(1, '財政効果額（円）')}:{at(2, '財政効果額（円）')}", rule)
    ws[at(1, "財政効果額（円）")].value = 500
    hidden[at(1, "財政効果額（円）")] = ("F043", "表示形式「;;;」")
    ws[at(2, "財政効果額（円）")].value = 0  # …and one it is not (0 > 0): silent
    silent.append(at(2, "財政効果額（円）"))
    # a rule of any other condition is taken as met: its font white on a white fill
    ws.conditional_formatting.add(at(0, "取組実績"), FormulaRule(formula=["LEN(A1)>0"], font=Font(color="FFFFFF"),
                                                                 fill=PatternFill(bgColor="FFFFFF", fill_type="solid")))
    hidden[at(0, "取組実績")] = ("F043", "文字の色「白」と背景「白」")
    # a comparison the number does not meet hides nothing (= 0, over 5)
    ws.conditional_formatting.add(at(3, "財政効果額（円）"), CellIsRule(operator="equal", formula=["0"],
                                                                    font=Font(color="FFFFFF"), fill=NO_FILL))
    ws[at(3, "財政効果額（円）")].value = 5
    silent.append(at(3, "財政効果額（円）"))
    # the cell's own font: white on no fill, 「背景1、黒+基本色5%」 on no fill, the colour of its fill
    ws[at(1, "取組実績")].font, ws[at(1, "取組実績")].fill = Font(color="FFFFFF"), NO_FILL
    hidden[at(1, "取組実績")] = ("F044", "文字の色「白」と背景「白」")
    ws[at(2, "取組実績")].font, ws[at(2, "取組実績")].fill = Font(color=openpyxl.styles.colors.Color(theme=0, tint=-0.05)), NO_FILL
    hidden[at(2, "取組実績")] = ("F044", "文字の色「#F2F2F2」と背景「白」")
    ws[at(1, "課題・今後の方針")].font = Font(color="FFF2CC")
    ws[at(1, "課題・今後の方針")].fill = PatternFill("solid", fgColor="FFF2CC")
    hidden[at(1, "課題・今後の方針")] = ("F044", "文字の色「#FFF2CC」と背景「#FFF2CC」")
    # white on a dark fill, and a blank cell in white: silent
    ws[at(3, "取組実績")].font = Font(color="FFFFFF")
    ws[at(3, "取組実績")].fill = PatternFill("solid", fgColor="1F4E78")
    silent.append(at(3, "取組実績"))
    ws[at(2, "課題・今後の方針")].font, ws[at(2, "課題・今後の方針")].fill = Font(color="FFFFFF"), NO_FILL
    ws[at(2, "課題・今後の方針")].value = None
    return hidden, silent


def _hidden_form(plan, tmp_path):
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_ITEMS]
    hidden, silent = _hide(ws, lambda i, label: craft.cell_of(wb, layout.SHEET_ITEMS, items[i].id, label))
    values = {ref: ws[ref].value for ref in hidden}
    path = tmp_path / "sent" / f"{SECTION}.xlsx"
    path.parent.mkdir()
    wb.save(path)
    return path, hidden, silent, values


def _assert_named(result, hidden, silent, values):
    assert result.status == FileStatus.REJECTED
    found = {p.cell: p for p in result.problems if p.sheet == layout.SHEET_ITEMS}
    assert {(p.code, p.cell) for p in result.problems} == {(code, ref) for ref, (code, _what) in hidden.items()}
    answered = {a.cell: a for a in result.answers if a.sheet == layout.SHEET_ITEMS}
    for ref, (_code, what) in hidden.items():
        assert what in found[ref].message and f"「{values[ref]}」" in found[ref].message
        assert answered[ref].value is None  # never recorded as what no one saw
    assert answered[silent[0]].value == 0 and answered[silent[1]].value == 5
    assert answered[silent[2]].value not in (None, "")


def test_a_value_hidden_by_a_conditional_format_or_its_font_colour_is_named_and_not_read(plan, tmp_path):
    path, hidden, silent, values = _hidden_form(plan, tmp_path)
    _assert_named(read_return(path, plan, 2026), hidden, silent, values)


def test_the_same_cells_saved_by_libreoffice_are_named_alike(soffice, plan, tmp_path):
    """LibreOffice writes its own styles (a font's colour as rgb, a conditional format's dxf of its own): the same cells."""
    path, hidden, silent, values = _hidden_form(plan, tmp_path)
    resaved = convert(path, "xlsx", tmp_path / "lo")
    target = tmp_path / "lo_sent" / f"{SECTION}.xlsx"
    target.parent.mkdir()
    shutil.copyfile(resaved, target)
    _assert_named(read_return(target, plan, 2026), hidden, silent, values)
