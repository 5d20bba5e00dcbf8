"""What colours a cell besides its own format, for F043/F044 (a value hidden by a conditional format, by a font the
colour of its background): a conditional format's dark fill under a white font, an Excel table's style (its dark
header row), the workbook's own theme (「背景1」 is the theme's lt1, not always white), a dxf fill of 「none」 (it paints
nothing) and the rules' priority and 「条件を満たす場合は停止」. A white text a person reads on a dark fill was refused
(F044); it is read. White on white, and a rule that really hides a value, are still refused. In the 連絡先 workbook a
cell is refused only where the directory reads: an unused column far from the table hides nothing that is used."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.rule import CellIsRule, FormulaRule, Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.colors import Color
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.table import Table, TableStyleInfo

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.safety import inspect_zip
from reform_xlsx.intake.workbook_reader import read_cells, unseen_cells
from reform_xlsx.mail import DirectoryError, read_directory, write_directory
from reform_xlsx.records import FileStatus
from sheet_reader import Table as FormTable

WHITE, DARK, NO_FILL = Font(color="FFFFFF"), PatternFill(bgColor="1F4E78", fill_type="solid"), PatternFill(fill_type=None)
ON_WHITE = PatternFill(bgColor="FFFFFF", fill_type="solid")
SECTION = "財政課"


def _masked(path: Path, sheet: str = "Sheet") -> dict:
    """The cells the reader finds hidden (A1 → (what hides it, what is shown, how)), the file read as a return is."""
    data = path.read_bytes()
    inspection = inspect_zip(data, path.name, Limits(), (sheet,))
    assert inspection.ok
    return read_cells(data, inspection, (sheet,), Limits().max_cells)["sheets"][sheet]["masked"]


def _book(tmp_path: Path, fill, name: str = "book.xlsx") -> Path:
    wb = openpyxl.Workbook()
    fill(wb.active)
    path = tmp_path / name
    wb.save(path)
    return path


def _white(ws, ref, value="見える"):
    ws[ref].value, ws[ref].font, ws[ref].fill = value, Font(color="FFFFFF"), NO_FILL


def test_a_white_font_on_a_conditional_dark_fill_is_read_and_white_on_white_still_refused(tmp_path):
    """White text on a fill a conditional format gives, dark: seen. A rule whose comparison the value does not meet
    gives no fill (F044 stands); nor does one whose condition is not evaluated (「MOD(A2,2)=1」): the fill that would
    show a white text is taken only from a rule known to apply (a rule that hides is taken as met: F043)."""
    def fill(ws):
        for ref in ("A1", "A2", "A3", "A4"):
            _white(ws, ref, 5)
        ws.conditional_formatting.add("A1", CellIsRule(operator="greaterThan", formula=["0"], fill=DARK))
        ws.conditional_formatting.add("A2", FormulaRule(formula=["MOD(A2,2)=1"], fill=DARK))  # not evaluated
        ws.conditional_formatting.add("A3", CellIsRule(operator="equal", formula=["0"], fill=DARK))  # 5 ≠ 0: no fill
        ws.conditional_formatting.add("A4", CellIsRule(operator="greaterThan", formula=["0"], fill=ON_WHITE))
    found = _masked(_book(tmp_path, fill))
    assert {ref: how for ref, (_code, _shown, how) in found.items()} == {"A2": "font", "A3": "font", "A4": "conditional"}


def test_a_white_header_in_an_excel_tables_dark_style_is_read(tmp_path):
    """An Excel table (TableStyleMedium2: a dark blue header row, pale bands): its header's white text is seen; the
    same white text in its pale rows, in a Light1 table (no header fill) and beside the table is not (F044)."""
    def fill(ws):
        for c, label in enumerate(("課名", "担当者", "メール"), start=1):
            _white(ws, ws.cell(1, c).coordinate, label)
            _white(ws, ws.cell(1, c + 4).coordinate, label)
            ws.cell(2, c).value = ws.cell(2, c + 4).value = "x"
        _white(ws, "B3", "白い行")
        _white(ws, "D1", "表の外")
        ws.add_table(Table(displayName="Dark", ref="A1:C3",
                           tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)))
        ws.add_table(Table(displayName="Light", ref="E1:G2",
                           tableStyleInfo=TableStyleInfo(name="TableStyleLight1", showRowStripes=True)))
    found = _masked(_book(tmp_path, fill))
    assert set(found) == {"B3", "D1", "E1", "F1", "G1"}


def test_a_dark_tables_rows_are_dark_too(tmp_path):
    """TableStyleDark2 fills its rows dark as well: white text anywhere in it is seen; with no header row
    (headerRowCount 0) the first row is a row of the table."""
    def fill(ws):
        for ref in ("A1", "A2", "A3", "C1", "C2"):
            _white(ws, ref)
        ws["B1"].value = "見出し"  # (a table's header is text)
        ws.add_table(Table(displayName="T1", ref="A1:B3", tableStyleInfo=TableStyleInfo(name="TableStyleDark2")))
        ws.add_table(Table(displayName="T2", ref="C1:C2", headerRowCount=0,
                           tableStyleInfo=TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)))
    found = _masked(_book(tmp_path, fill))
    assert set(found) == {"C1", "C2"}  # Medium9's rows are pale, and with no header its first row is one of them


def test_the_workbooks_own_theme_colours_are_used(tmp_path):
    """A theme whose dk1 and lt1 are swapped (「背景1」 black, 「テキスト1」 white, each its own colour 「srgbClr」): a font
    「背景1」 on no fill is black and seen, a font 「テキスト1」 is white and hidden (F044)."""
    def fill(ws):
        ws["A1"].value, ws["A1"].font = "背景1", Font(color=Color(theme=0))
        ws["A2"].value, ws["A2"].font = "テキスト1", Font(color=Color(theme=1))
    path = _book(tmp_path, fill)
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    theme = members["xl/theme/theme1.xml"]
    assert theme.count(b'lastClr="000000"') == theme.count(b'lastClr="FFFFFF"') == 1  # dk1 windowText, lt1 window
    members["xl/theme/theme1.xml"] = re.sub(rb'<a:sysClr val="(window|windowText)" lastClr="[0-9A-F]{6}"/>', lambda m: (
        b'<a:srgbClr val="000000"/>' if m[1] == b"window" else b'<a:srgbClr val="FFFFFF"/>'), theme)
    swapped = tmp_path / "swapped.xlsx"
    swapped.write_bytes(craft.zip_bytes(members))
    assert set(_masked(path)) == {"A1"}  # the Office theme: 「背景1」 is white
    assert {ref: code for ref, (code, _s, _h) in _masked(swapped).items()} == {"A2": "文字の色「白」と背景「白」"}


def test_a_dxf_fill_of_pattern_none_paints_nothing(tmp_path):
    """A conditional format's fill 「patternType="none"」 (a font-only rule writing its no fill out, with a colour
    beside it): the cell's own fill stays. White text on the cell's own dark fill is seen; on no fill it is not."""
    def fill(ws):
        ws["A1"].value, ws["A1"].fill = 5, PatternFill("solid", fgColor="1F4E78")
        ws["A2"].value = 5
        ws.conditional_formatting.add("A1:A2", CellIsRule(operator="greaterThan", formula=["0"], font=WHITE))
    path = _book(tmp_path, fill)
    excel = (b'<dxfs count="1"><dxf><font><color rgb="FFFFFFFF"/></font><fill><patternFill patternType="none">'
             b'<bgColor rgb="FF1F4E78"/></patternFill></fill></dxf></dxfs>')  # (openpyxl leaves 「none」 out)
    target = craft.rezip(path, tmp_path / "none.xlsx", {"xl/styles.xml": lambda xml: re.sub(
        rb"<dxfs\b.*?</dxfs>", lambda _m: excel, xml, flags=re.S)})
    with zipfile.ZipFile(target) as zf:
        assert excel in zf.read("xl/styles.xml")
    assert set(_masked(target)) == {"A2"}


def test_the_rule_of_higher_priority_decides_each_colour(tmp_path):
    """Two rules on one cell: the one of higher priority (the smaller number) gives each colour it sets, a later one
    only what it leaves; a rule that 「stops if true」 leaves none to the later ones. The order of the rules in the
    file is not their priority."""
    black = Font(color="000000")

    def fill(ws):
        for ref in ("A1", "A2", "A3", "A4"):
            ws[ref].value = 5
        hide = DifferentialStyle(font=WHITE, fill=ON_WHITE)
        # A1: black text first, then white on white: black on white, seen
        ws.conditional_formatting.add("A1", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=1,
                                                 dxf=DifferentialStyle(font=black)))
        ws.conditional_formatting.add("A1", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=2, dxf=hide))
        # A2: a pale fill that stops if true, then white on white: seen
        ws.conditional_formatting.add("A2", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=3,
                                                 stopIfTrue=True, dxf=DifferentialStyle(fill=PatternFill(bgColor="FFF2CC"))))
        ws.conditional_formatting.add("A2", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=4,
                                                 dxf=DifferentialStyle(font=WHITE)))
        # A3: written first but of lower priority (6): the white-on-white rule (5) wins, hidden
        ws.conditional_formatting.add("A3", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=6,
                                                 dxf=DifferentialStyle(font=black)))
        ws.conditional_formatting.add("A3", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=5, dxf=hide))
        # A4: the black rule's condition is not met (5 = 0): white on white, hidden
        ws.conditional_formatting.add("A4", Rule(type="cellIs", operator="equal", formula=["0"], priority=7,
                                                 stopIfTrue=True, dxf=DifferentialStyle(font=black)))
        ws.conditional_formatting.add("A4", Rule(type="cellIs", operator="greaterThan", formula=["0"], priority=8, dxf=hide))
    found = _masked(_book(tmp_path, fill))
    assert {ref: how for ref, (_c, _s, how) in found.items()} == {"A3": "conditional", "A4": "conditional"}


def test_a_white_font_on_a_conditional_dark_fill_in_a_returned_form_is_read(plan, tmp_path):
    """The same in a returned form: a 取組実績 in white on a rule's dark fill is read; one in white where the rule's
    condition is not met is refused (F044)."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_ITEMS]
    seen, hidden = (craft.cell_of(wb, layout.SHEET_ITEMS, items[i].id, "取組実績") for i in (0, 1))
    for ref in (seen, hidden):
        ws[ref].font, ws[ref].fill = WHITE, NO_FILL
    ws.conditional_formatting.add(seen, FormulaRule(formula=[f'{seen}<>""'], fill=DARK))  # (a condition evaluated)
    ws.conditional_formatting.add(hidden, CellIsRule(operator="equal", formula=['"廃止"'], fill=DARK))
    path = tmp_path / "sent" / f"{SECTION}.xlsx"
    path.parent.mkdir()
    wb.save(path)
    result = read_return(path, plan, 2026)
    assert [(p.code, p.cell) for p in result.problems] == [("F044", hidden)]
    assert result.status == FileStatus.REJECTED
    assert {a.cell: a.value for a in result.answers if a.sheet == layout.SHEET_ITEMS}[seen] == f"{items[0].id} を実施した。"


def test_a_hidden_cell_outside_what_the_directory_reads_refuses_nothing(plan, tmp_path):
    """連絡先: white text in an unlabelled column far from the table, or in a row with no 課名, is not read and refuses
    nothing; a white mail address in the table still refuses the directory (D014)."""
    path = write_directory(plan, tmp_path / "連絡先.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    table = FormTable(ws, "課名")
    mail = ws.cell(table.rows[SECTION], table.cols["メール"])
    mail.value = "zaisei@city.example.lg.jp"
    _white(ws, "M40", "メモ")
    _white(ws, ws.cell(ws.max_row + 3, table.cols["メール"]).coordinate, "下書き")
    wb.save(path)
    assert read_directory(path, plan).get(SECTION).mail == "zaisei@city.example.lg.jp"
    mail.font, mail.fill = Font(color="FFFFFF"), NO_FILL
    wb.save(path)
    with pytest.raises(DirectoryError) as caught:
        read_directory(path, plan)
    assert str(caught.value).startswith("[D014") and mail.coordinate in str(caught.value)
    assert "M40" not in str(caught.value)


def test_a_theme_part_that_is_no_xml_keeps_the_office_colours(tmp_path):
    """A theme part that does not parse (or none at all): the Office theme's colours, the sheet read as before."""
    path = _book(tmp_path, lambda ws: _white(ws, "A1"))
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["xl/theme/theme1.xml"] = b"<a:theme"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(craft.zip_bytes(members))
    assert set(_masked(broken)) == {"A1"}


def test_a_rule_of_no_such_look_is_no_rule():
    """A rule whose dxfId names no dxf of the styles part (or one that sets nothing) changes no colour: the rule of
    lower priority after it still decides (it stopped the reading with an IndexError once rules were put in order)."""
    styles = (b'<styleSheet><fonts><font><color theme="1"/></font></fonts><fills><fill><patternFill patternType="none"/>'
              b'</fill></fills><cellXfs><xf fontId="0" fillId="0"/></cellXfs><dxfs><dxf><font><color rgb="FFFFFFFF"/>'
              b'</font></dxf><dxf/></dxfs></styleSheet>')
    rules = (b'<conditionalFormatting sqref="A1"><cfRule type="expression" dxfId="7" priority="1" stopIfTrue="1"/>'
             b'<cfRule type="expression" dxfId="1" priority="2" stopIfTrue="1"/>'
             b'<cfRule type="expression" dxfId="0" priority="3"/></conditionalFormatting>')
    xml = b'<worksheet><sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData>' + rules + b"</worksheet>"
    assert unseen_cells(xml, [[5]], styles) == {"A1": ("文字の色「白」と背景「白」", "", "conditional")}


# --- a review of the above: what Excel shows, not what a file merely claims --------------------------------------------

def _theme(path: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    change(members)
    target.write_bytes(craft.zip_bytes(members))
    return target


def _text1(ws):
    """A cell in 「テキスト1」 (the theme's dk1), bold (a cell format of its own, as every cell of a form has)."""
    ws["A1"].value, ws["A1"].font = "テキスト1", Font(color=Color(theme=1), bold=True)


WHITE_DK1 = b'<a:srgbClr val="FFFFFF"/>'
DK1 = re.compile(rb'<a:sysClr val="windowText" lastClr="000000"/>')


def test_a_theme_saved_under_high_contrast_keeps_its_system_colours_black_on_white(plan, tmp_path):
    """A book saved on a screen of Windows' high contrast has the theme's system colours as that screen had them
    (``lastClr``: windowText 「FFFFFF」, window 「000000」); Excel shows 「テキスト1」 (windowText) black on the office's
    screen. The 連絡先 the office edits and a cell of 「テキスト1」 are read (every cell was white on white: D014)."""
    def high_contrast(members):
        members["xl/theme/theme1.xml"] = members["xl/theme/theme1.xml"].replace(
            b'windowText" lastClr="000000"', b'windowText" lastClr="FFFFFF"').replace(
            b'window" lastClr="FFFFFF"', b'window" lastClr="000000"')
    path = _theme(_book(tmp_path, _text1), tmp_path / "hc.xlsx", high_contrast)
    assert b'windowText" lastClr="FFFFFF"' in zipfile.ZipFile(path).read("xl/theme/theme1.xml")
    assert _masked(path) == {}
    directory = write_directory(plan, tmp_path / "連絡先.xlsx")
    wb = openpyxl.load_workbook(directory)
    ws = wb["連絡先"]
    ws.cell(FormTable(ws, "課名").rows[SECTION], FormTable(ws, "課名").cols["メール"]).value = "zaisei@city.example.lg.jp"
    wb.save(directory)
    saved = _theme(directory, tmp_path / "連絡先_hc.xlsx", high_contrast)
    assert read_directory(saved, plan).get(SECTION).mail == "zaisei@city.example.lg.jp"


def test_a_theme_is_read_wherever_its_relationship_names_it_and_past_its_first_mib(tmp_path):
    """A theme of 「テキスト1」 white (F044 for a cell of it) is the theme Excel shows, kept anywhere its relationship
    names it (xl/media/look.xml) or followed by more than a MiB (a comment): its colours are read all the same."""
    path = _book(tmp_path, _text1)

    def moved(members):
        members["xl/media/look.xml"] = DK1.sub(WHITE_DK1, members.pop("xl/theme/theme1.xml"))
        members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
            b"theme/theme1.xml", b"media/look.xml")

    def padded(members):
        theme = DK1.sub(WHITE_DK1, members["xl/theme/theme1.xml"])
        members["xl/theme/theme1.xml"] = theme.replace(
            b"</a:clrScheme>", b"</a:clrScheme><!--" + os.urandom(600 * 1024).hex().encode() + b"-->", 1)

    for change in (moved, padded):
        changed = _theme(path, tmp_path / f"{change.__name__}.xlsx", change)
        assert set(_masked(changed)) == {"A1"}, change.__name__


def _tables_book(tmp_path: Path, name: str, style: str = "TableStyleMedium2") -> Path:
    def fill(ws):
        for c, label in enumerate(("課名", "担当者"), start=1):
            _white(ws, ws.cell(1, c).coordinate, label)
            ws.cell(2, c).value = "x"
        ws.add_table(Table(displayName="T", ref="A1:B2", tableStyleInfo=TableStyleInfo(name=style)))
    return _book(tmp_path, fill, name)


def test_a_table_part_the_sheet_does_not_list_colours_nothing(tmp_path):
    """A table part a relationship names but the sheet's <tableParts> does not list (or lists in a comment) is no
    table Excel shows: white text where its dark header would be is white on white (F044)."""
    path = _tables_book(tmp_path, "listed.xlsx")
    assert _masked(path) == {}
    part = "xl/worksheets/sheet1.xml"

    def unlisted(members):
        members[part] = re.sub(rb"<tableParts\b.*?</tableParts>", b"", members[part], flags=re.S)

    def in_a_comment(members):
        members[part] = re.sub(rb"(<tableParts\b.*?</tableParts>)", rb"<!--\1-->", members[part], flags=re.S)

    for change in (unlisted, in_a_comment):
        assert set(_masked(_theme(path, tmp_path / f"{change.__name__}.xlsx", change))) == {"A1", "B1"}, change.__name__


def test_an_empty_cell_on_a_dark_table_row_is_not_refused(tmp_path):
    """TableStyleDark1's rows are dark: an empty cell there with a dark font of its own hides nothing (it was F044)."""
    def fill(ws):
        ws["A1"].value, ws["B1"].value, ws["A2"].value = "見出し", "列", "x"
        ws["B2"].font = Font(color="404040")
        ws["A3"].value, ws["A3"].font = "暗い", Font(color="404040")
        ws.add_table(Table(displayName="T", ref="A1:B3", tableStyleInfo=TableStyleInfo(name="TableStyleDark1")))
    assert set(_masked(_book(tmp_path, fill))) == {"A3"}


def test_a_rule_never_met_excuses_no_white_text(tmp_path):
    """A white text under a rule that would fill it dark but whose condition Excel never meets (「=FALSE」, 「1=0」, a
    word it does not contain) is white on white: F044 — the rule known to apply (「> 0」 of 5) still shows it."""
    def fill(ws):
        for ref in ("A1", "A2", "A3", "A4"):
            _white(ws, ref, 5)
        ws.conditional_formatting.add("A1", FormulaRule(formula=["FALSE"], fill=DARK))
        ws.conditional_formatting.add("A2", FormulaRule(formula=["1=0"], fill=DARK))
        ws.conditional_formatting.add("A3", Rule(type="containsText", operator="containsText", text="zzz",
                                                 formula=['NOT(ISERROR(SEARCH("zzz",A3)))'],
                                                 dxf=DifferentialStyle(fill=DARK)))
        ws.conditional_formatting.add("A4", CellIsRule(operator="greaterThan", formula=["0"], fill=DARK))
    found = _masked(_book(tmp_path, fill))
    assert {ref: how for ref, (_c, _s, how) in found.items()} == {"A1": "font", "A2": "font", "A3": "font"}


def test_a_table_range_written_backwards_has_its_header_at_the_top(tmp_path):
    """A table's range 「B2:A1」 is the table A1:B2: its header (row 1) is dark, white text in its pale row 2 is not
    seen (F044; the whole range was taken as its header)."""
    def fill(ws):
        for c, label in enumerate(("課名", "担当者"), start=1):
            _white(ws, ws.cell(1, c).coordinate, label)
        _white(ws, "A2", "白い行")
        ws["B2"].value = "x"
        ws.add_table(Table(displayName="T", ref="A1:B2", tableStyleInfo=TableStyleInfo(name="TableStyleMedium2")))
    book = _book(tmp_path, fill, "white_row.xlsx")
    assert set(_masked(book)) == {"A2"}
    turned = _theme(book, tmp_path / "white_row_backwards.xlsx", lambda m: m.update({"xl/tables/table1.xml": m[
        "xl/tables/table1.xml"].replace(b'ref="A1:B2"', b'ref="B2:A1"')}))
    assert set(_masked(turned)) == {"A2"}


def _many_rules(n: int) -> tuple[bytes, list[list[object]], bytes]:
    """A sheet of ``n`` cells in white on no fill, under ``n`` rules over all of them, each a dark fill with a condition
    of its own not evaluated (「MOD(A1,k)=1」: no two the same, none dropped as a repeat)."""
    styles = (b'<styleSheet><fonts><font><color theme="1"/></font><font><color rgb="FFFFFFFF"/></font></fonts><fills>'
              b'<fill><patternFill patternType="none"/></fill></fills><cellXfs><xf fontId="0" fillId="0"/>'
              b'<xf fontId="1" fillId="0"/></cellXfs><dxfs><dxf><fill><patternFill patternType="solid">'
              b'<bgColor rgb="FF1F4E78"/></patternFill></fill></dxf></dxfs></styleSheet>')
    cells = b"".join(b'<row r="%d"><c r="A%d" s="1"><v>5</v></c></row>' % (r, r) for r in range(1, n + 1))
    rules = b"".join(b'<conditionalFormatting sqref="A1:A%d"><cfRule type="expression" dxfId="0" priority="%d">'
                     b'<formula>MOD(A1,%d)=1</formula></cfRule></conditionalFormatting>' % (n, k, k + 2) for k in range(n))
    return b"<worksheet><sheetData>" + cells + b"</sheetData>" + rules + b"</worksheet>", [[5] for _ in range(n)], styles


def test_a_sheet_of_more_rules_than_are_checked_is_refused_where_they_lie_without_evaluating_them(monkeypatch):
    """Each cell's check costs the rules on it: 2,000 rules over 2,000 cells (a 200 KB sheet) took 10 s, 4,000 the
    file's time (F013). Past RULE_CELLS pairs no condition is evaluated and every cell under the rules is refused
    (F043, saying why); below it the rules are judged one by one as before (F044: a dark fill not known to apply)."""
    from reform_xlsx.intake import workbook_reader

    evaluated = []
    may_apply = workbook_reader._may_apply
    monkeypatch.setattr(workbook_reader, "_may_apply", lambda *a: evaluated.append(1) or may_apply(*a))
    n = int(workbook_reader.RULE_CELLS ** 0.5) + 1  # n rules × n cells: just past the pairs checked
    found = unseen_cells(*_many_rules(n))
    assert evaluated == []
    assert set(found) == {f"A{r}" for r in range(1, n + 1)}
    assert {how for _what, _shown, how in found.values()} == {"conditional"}
    assert found["A1"][0] == f"ルールが {n} 個あり、多すぎてどのセルの値が見えなくなるかを確かめていません"
    few = unseen_cells(*_many_rules(20))
    assert evaluated and set(few) == {f"A{r}" for r in range(1, 21)}
    assert {how for _what, _shown, how in few.values()} == {"font"}


def test_the_cell_formats_that_hide_their_text_are_worked_out_once_per_look_and_cannot_be_changed():
    """Every return of one form shares its styles part, so :func:`looks` gives one object for all of them; which of
    its cell formats hide their text is worked out once for it (it was once per sheet), and the answer, shared by every
    file of the batch, is read-only."""
    from reform_xlsx.intake.workbook_reader import looks

    styles = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<fonts count="2"><font><color rgb="FF000000"/></font><font><color rgb="FFFFFFFF"/></font></fonts>'
              b'<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
              b'</fill><fill><patternFill patternType="solid"><fgColor rgb="FFFAFAFA"/></patternFill></fill></fills>'
              b'<cellXfs count="3"><xf fontId="0" fillId="0"/><xf fontId="1" fillId="0"/><xf fontId="1" fillId="2"/>'
              b'</cellXfs></styleSheet>')
    first, again = looks(styles), looks(bytes(styles))
    assert first is again
    assert dict(first.invisible) == {1: ("FFFFFF", "FFFFFF"), 2: ("FFFFFF", "FAFAFA")}
    assert first.invisible is again.invisible
    with pytest.raises(TypeError):
        first.invisible[0] = ("000000", "FFFFFF")  # type: ignore[index]
