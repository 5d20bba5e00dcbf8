"""The conditional formats people use to hide what is no value — an error (「エラーを白文字に」: a rule of the type
「エラー」, or the formula 「=ISERROR(A1)」), a zero (「=A1=0」) or a word (「セルの値が "廃止" に等しい」) — hide nothing in a
cell holding a value that does not meet them: a return pasted with them is read, not refused as F043. The same rule
on a cell of 0 still hides it. And a rule's odd attributes (a range of row 0, an index in other digits) neither name a
cell that is not there nor stop the file from being read."""

from __future__ import annotations

import shutil

import openpyxl
from openpyxl.formatting.rule import CellIsRule, FormulaRule, Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.workbook_reader import unseen_cells
from reform_xlsx.records import FileStatus
from reform_xlsx.xlsx.libreoffice import convert

SECTION = "財政課"
WHITE, ON_WHITE = Font(color="FFFFFF"), PatternFill(bgColor="FFFFFF", fill_type="solid")  # (an input is pale yellow)
RESULT, EFFECT, NEXT = "取組実績", "財政効果額（円）", "課題・今後の方針"


def _pasted_idioms(plan, tmp_path):
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_ITEMS]

    def at(i, label):
        return craft.cell_of(wb, layout.SHEET_ITEMS, items[i].id, label)

    # errors in white: a rule of the type 「エラー」, and the formula 「=ISERROR(…)」 written for the first of two cells
    ws.conditional_formatting.add(at(0, RESULT), Rule(type="containsErrors", formula=[f"ISERROR({at(0, RESULT)})"],
                                                      dxf=DifferentialStyle(font=WHITE, fill=ON_WHITE)))
    ws.conditional_formatting.add(f"{at(1, RESULT)} {at(2, RESULT)}", FormulaRule(formula=[f"ISERROR({at(1, RESULT)})"],
                                                                                  font=WHITE, fill=ON_WHITE))
    # zeros in white, written for the first cell: its 5 is seen, the second cell's 0 is not (F043)
    ws[at(1, EFFECT)].value, ws[at(2, EFFECT)].value = 5, 0
    ws.conditional_formatting.add(f"{at(1, EFFECT)} {at(2, EFFECT)}", FormulaRule(formula=[f"{at(1, EFFECT)}=0"],
                                                                                  font=WHITE, fill=ON_WHITE))
    # a word in white: 「廃止」 is not the text typed
    ws.conditional_formatting.add(at(0, NEXT), CellIsRule(operator="equal", formula=['"廃止"'], font=WHITE, fill=ON_WHITE))
    path = tmp_path / "sent" / f"{SECTION}.xlsx"
    path.parent.mkdir()
    wb.save(path)
    seen = [at(0, RESULT), at(1, RESULT), at(2, RESULT), at(1, EFFECT), at(0, NEXT)]
    return path, seen, at(2, EFFECT)


def _assert_read(result, seen, hidden):
    assert [(p.code, p.cell) for p in result.problems] == [("F043", hidden)]
    assert result.status == FileStatus.REJECTED
    answered = {a.cell: a.value for a in result.answers if a.sheet == layout.SHEET_ITEMS}
    assert all(answered[ref] not in (None, "") for ref in seen)
    assert answered[hidden] is None


def test_a_rule_that_hides_errors_zeros_or_a_word_hides_no_other_value(plan, tmp_path):
    path, seen, hidden = _pasted_idioms(plan, tmp_path)
    _assert_read(read_return(path, plan, 2026), seen, hidden)


def test_the_same_rules_saved_by_libreoffice_are_read_alike(soffice, plan, tmp_path):
    """LibreOffice writes the rules again (its own dxfs, the formula for the range's first cell): the same cells."""
    path, seen, hidden = _pasted_idioms(plan, tmp_path)
    target = tmp_path / "lo_sent" / f"{SECTION}.xlsx"
    target.parent.mkdir()
    shutil.copyfile(convert(path, "xlsx", tmp_path / "lo"), target)
    _assert_read(read_return(target, plan, 2026), seen, hidden)


STYLES = (b'<styleSheet><fonts><font><color theme="1"/></font><font><color rgb="FFFFFFFF"/></font></fonts>'
          b'<fills><fill><patternFill patternType="none"/></fill></fills>'
          b'<cellXfs><xf fontId="0" fillId="0"/><xf fontId="\xc2\xb2" fillId="0"/><xf fontId="1" fillId="0"/></cellXfs>'
          b'<dxfs><dxf><numFmt numFmtId="200" formatCode=";;;"/></dxf></dxfs></styleSheet>')


def _sheet(cells: bytes, rules: bytes) -> bytes:
    return b"<worksheet><sheetData>" + cells + b"</sheetData>" + rules + b"</worksheet>"


def test_a_range_of_row_0_is_no_cell():
    """「A0」 is no cell: it was read as the last row (index -1), and the plan master's reader then named a cell 「A0」 and
    blanked the last row's value in its place."""
    rows, styles = [[1, 2], [3, 4]], STYLES.replace(b"\xc2\xb2", b"0")
    rule = b'<conditionalFormatting sqref="%s"><cfRule type="expression" dxfId="0" priority="1"/></conditionalFormatting>'
    assert unseen_cells(_sheet(b"", rule % b"A0:B0"), rows, styles) == {}
    assert set(unseen_cells(_sheet(b"", rule % b"A1:B1"), rows, styles)) == {"A1", "B1"}


def test_an_index_in_other_digits_neither_stops_the_reading_nor_loses_the_other_colours():
    """A font index or a rule's dxf index 「²」 (a digit to ``isdigit``, not to ``int``): the sheet's reading stopped
    (F016 for the whole file) and the styles' colours were all lost; now that one index is taken as no index."""
    rows = [["x", "y"]]
    cells = b'<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>x</t></is></c><c r="B1" s="2" t="inlineStr"><is><t>y</t></is></c></row>'
    rule = b'<conditionalFormatting sqref="A1"><cfRule type="expression" dxfId="\xc2\xb2" priority="1"/></conditionalFormatting>'
    assert unseen_cells(_sheet(cells, rule), rows, STYLES) == {"B1": ("文字の色「白」と背景「白」", "", "font")}


def test_a_rule_that_cannot_hide_text_on_the_sheets_formats_looks_at_no_cell(monkeypatch):
    """A rule whose look leaves the text readable on every cell format the sheet uses (black text, a pale fill: the
    meeting workbook's 判定 colours) is not taken cell by cell: a sheet of a thousand such rules over its whole grid
    took each cell a thousand times (10,000 cells: 40 seconds). A rule that can hide is still looked at."""
    from reform_xlsx.intake import workbook_reader

    looked = []
    monkeypatch.setattr(workbook_reader, "_cells_in", lambda refs, rows: looked.append(refs) or iter(()))
    styles = (b'<styleSheet><fonts><font><color theme="1"/></font></fonts><fills><fill><patternFill patternType="none"/>'
              b'</fill></fills><cellXfs><xf fontId="0" fillId="0"/></cellXfs><dxfs><dxf><font><color rgb="FF000000"/>'
              b'</font><fill><patternFill><bgColor rgb="FFC6EFCE"/></patternFill></fill></dxf><dxf><font>'
              b'<color rgb="FFFFFFFF"/></font></dxf></dxfs></styleSheet>')
    rule = b'<conditionalFormatting sqref="A1:Z100"><cfRule type="expression" dxfId="%d" priority="1"/></conditionalFormatting>'
    unseen_cells(_sheet(b"", rule % 0 * 1000 + rule % 1), [[1] * 26] * 100, styles)
    assert looked == [["A1:Z100"]]
