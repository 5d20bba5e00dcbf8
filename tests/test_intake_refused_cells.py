"""Cells python-calamine refuses — the error values of newer Excel (#SPILL!, #CALC! …), a number cell whose value is
no number, a shared string that is not there — are read at their cell (V012, V026); the rest of the sheet is read
and the 差し戻し copy is filled, as for any other return."""

import datetime as dt
import hashlib
import re

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.workbook_reader import NEWER_ERRORS, UNPLACED, refused_cells
from reform_xlsx.ledger.feedback import write_feedback
from reform_xlsx.records import FileStatus

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SECTION = "財政課"


def sheet(cells: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{cells}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize("cell, found", [
    *[(f'<c r="B2" t="e"><v>{e}</v></c>', ("error", e)) for e in sorted(NEWER_ERRORS)],
    ('<c r="B2" t="e"><v>#FOO!</v></c>', ("malformed", "エラー値として知られていない「#FOO!」")),
    ('<c r="B2" t="n"><v>abc</v></c>', ("malformed", "数値のセルに数値でない「abc」")),
    ('<c r="B2" t="n"><v> 5</v></c>', ("malformed", "数値のセルに数値でない「 5」")),
    ('<c r="B2" t="s"><v>7</v></c>', ("malformed", "共有文字列の 7 番がない（2 個だけ）")),
    ('<c r="B2" t="b"><v>7</v></c>', ("malformed", "真偽値のセルに「7」")),
    ('<c r="B2" t="zz"><v>1</v></c>', ("malformed", "セルの種類「zz」が正しくない")),
    # read apart by the readers (LibreOffice 7.4 shows 「true」「TRUE」 FALSE and a blank for a shared string 「-1」;
    # calamine reads TRUE, or refuses the whole sheet): named at the cell, never read as calamine reads it
    *[(f'<c r="B2" t="b"><v>{v}</v></c>', ("malformed", f"真偽値のセルに「{v}」"))
      for v in ("true", "TRUE", "False", "false", " 1")],
    *[(f'<c r="B2" t="s"><v>{v}</v></c>', ("malformed", f"共有文字列の番号が「{v}」"))
      for v in ("-1", "+0", " 0", "0.0", "０", "abc")],
    ('<c r="B2" t="n"><v>１２</v></c>', ("malformed", "数値のセルに数値でない「１２」")),  # full-width digits
    ('<c r="B2" t="n"><v>٣</v></c>', ("malformed", "数値のセルに数値でない「٣」")),
    ('<x:c r="B2" t="e" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:v>#CALC!</x:v></x:c>',
     ("error", "#CALC!")),
    # read by calamine as they are: nothing to rewrite
    ('<c r="B2" t="e"><v>#N/A</v></c>', None), ('<c r="B2" t="n"><v>-1.5E+3</v></c>', None),
    ('<c r="B2" t="s"><v>1</v></c>', None), ('<c r="B2" t="b"><v>1</v></c>', None), ('<c r="B2" t="e"/>', None),
    ('<c r="B2" t="b"><v>0</v></c>', None), ('<c r="B2" t="b"/>', None), ('<c r="B2"><v>1e5</v></c>', None),
    # a cell of no type is a number's: calamine reads 「abc」 as a text, LibreOffice shows 0 (「12abc」 12)
    ('<c r="B2"><v>abc</v></c>', ("malformed", "数値のセルに数値でない「abc」")),
    ('<c r="B2" s="3"><v>12abc</v></c>', ("malformed", "数値のセルに数値でない「12abc」")),
])
def test_refused_cells_are_made_blank_and_named(cell, found):
    xml = sheet(f'<row r="2"><c r="A2" t="inlineStr"><is><t>ok</t></is></c>{cell}<c r="C2"><v>3</v></c></row>')
    fixed, refused = refused_cells(xml, 2)
    assert refused == ({"B2": found} if found else {})
    if found:
        assert b"<v>" not in fixed[fixed.index(b'r="B2"'):fixed.index(b'r="C2"')]
        assert re.search(rb'<(?:x:)?c r="B2"[^>]*/>', fixed) and b' t="' not in fixed[fixed.index(b'r="B2"') - 8:][:20]
        assert fixed.replace(fixed[fixed.index(b'r="B2"') - 1:fixed.index(b'<c r="C2"')], b"") == \
            xml.replace(xml[xml.index(b'r="B2"') - 1:xml.index(b'<c r="C2"')], b"")  # the rest as it was
    else:
        assert fixed == xml


@pytest.mark.parametrize("cell, why", [
    ('<c t="e"><v>#SPILL!</v></c>', ("error", "#SPILL!")),
    ('<c s="3"><v>hello</v></c>', ("malformed", "数値のセルに数値でない「hello」")),
    ('<c r="R2C2"><v>12abc</v></c>', ("malformed", "数値のセルに数値でない「12abc」")),
    ('<c t="n"><v>inf</v></c>', ("malformed", "数値のセルに「inf」があり、LibreOffice では「0」と表示されます")),
])
def test_a_refused_cell_without_a_place_of_its_own_is_named_by_that(cell, why):
    """The sheet is left as it is (a rewritten part must hold every other cell as it was) and the cell named by
    UNPLACED: calamine refuses the sheet over 「#SPILL!」, but reads 「hello」 and 「inf」 (as ∞) — the reader then does
    not read the sheet (F041) instead of recording what LibreOffice shows as 0."""
    xml = sheet(f'<row r="2"><c r="A2"><v>1</v></c>{cell}</row>')
    assert refused_cells(xml, 0) == (xml, {UNPLACED: why})


def test_a_formula_whose_cached_value_is_refused_is_blanked_but_left_to_the_formula_check():
    xml = sheet('<row r="2"><c r="B2" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c></row>')
    fixed, refused = refused_cells(xml, 0)
    assert refused == {} and b"SEQUENCE" not in fixed


@pytest.fixture(scope="module")
def returned(plan, tmp_path_factory):
    """財政課's return with a #SPILL! in a KPI 実績値, #CALC! in a 財政効果額, a number cell holding 「abc」 and a
    shared string index past the table, everything else valid."""
    folder = tmp_path_factory.mktemp("in")
    source = craft.filled(plan, 2026, SECTION, folder, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    items, kpis = plan.items_for(SECTION), plan.kpis_for(SECTION)
    cells = {"spill": craft.cell_of(wb, layout.SHEET_KPI, kpis[0].id, "実績値"),
             "calc": craft.cell_of(wb, layout.SHEET_ITEMS, items[0].id, "財政効果額（円）"),
             "abc": craft.cell_of(wb, layout.SHEET_ITEMS, items[1].id, "財政効果額（円）"),
             "string": craft.cell_of(wb, layout.SHEET_ITEMS, items[1].id, "取組実績")}

    def put(ref: str, inner: str, t: str):
        def change(xml: bytes) -> bytes:
            m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
            style = re.search(rb's="(\d+)"', m["attrs"])
            tag = f'<c r="{ref}"' + (f' s="{style[1].decode()}"' if style else "") + f' t="{t}">{inner}</c>'
            return xml[:m.start()] + tag.encode() + xml[m.end():]
        return change

    kpi_part, items_part = craft.sheet_part(source, layout.SHEET_KPI), craft.sheet_part(source, layout.SHEET_ITEMS)
    path = folder / "kpi.xlsx"
    craft.rezip(source, path, {kpi_part: put(cells["spill"], "<v>#SPILL!</v>", "e")})
    edits = [put(cells["calc"], "<v>#CALC!</v>", "e"), put(cells["abc"], "<v>abc</v>", "n"),
             put(cells["string"], "<v>999</v>", "s")]

    def all_items(xml: bytes) -> bytes:
        for edit in edits:
            xml = edit(xml)
        return xml
    target = folder / f"{SECTION}.xlsx"
    craft.rezip(path, target, {items_part: all_items})
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = read_return(target, plan, 2026)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before  # the input file is never changed
    return target, result, cells


def test_the_return_is_read_with_each_refused_cell_named(returned, plan):
    _path, result, cells = returned
    assert result.status == FileStatus.REJECTED
    found = {(p.code, p.sheet, p.cell): p.message for p in result.problems}
    assert "F016" not in {p.code for p in result.problems}
    items, kpi = layout.SHEET_ITEMS, layout.SHEET_KPI
    assert "#SPILL!" in found[("V012", kpi, cells["spill"])] and "#CALC!" in found[("V012", items, cells["calc"])]
    assert "「abc」" in found[("V026", items, cells["abc"])] and "999" in found[("V026", items, cells["string"])]
    assert {p.code for p in result.problems} == {"V012", "V026"}  # nothing else: the rest was read, and is valid
    answered = {(a.id, a.field): a.value for a in result.answers}
    items = plan.items_for(SECTION)
    assert answered[(items[1].id, "grade")] and answered[(items[2].id, "effect_yen")] == 100000


def test_the_copy_sent_back_holds_what_was_read(returned, plan, tmp_path):
    path, result, cells = returned
    target = write_feedback(plan, 2026, SECTION, result.problems, result.answers, tmp_path / "copy.xlsx",
                            source_name=path.name, resubmit_by=dt.date(2027, 6, 4))
    wb = openpyxl.load_workbook(target)
    items = plan.items_for(SECTION)
    ws = wb[layout.SHEET_ITEMS]
    assert ws[craft.cell_of(wb, layout.SHEET_ITEMS, items[2].id, "取組実績")].value == f"{items[2].id} を実施した。"
    assert "V026" in ws[cells["abc"]].comment.text and "V012" in ws[cells["calc"]].comment.text
    assert wb[layout.SHEET_KPI][cells["spill"]].value == "#SPILL!"


# cells whose type says one thing and whose value another, in a real return: what LibreOffice 7.4 shows, and what
# was read before (a truth value 「true」 in 取組実績 was recorded 「TRUE」, the others made the whole book unread: F016)
ODD_CELLS = [("取組実績", '<v>true</v>', "b", "真偽値のセルに「true」"),   # LibreOffice: FALSE; recorded TRUE
             ("取組実績", '<v>TRUE</v>', "b", "真偽値のセルに「TRUE」"),   # LibreOffice: FALSE; recorded TRUE
             ("取組実績", '<v>-1</v>', "s", "共有文字列の番号が「-1」"),    # LibreOffice: blank; F016
             ("財政効果額（円）", '<v>１２</v>', "n", "「１２」")]           # LibreOffice: 0; F016


@pytest.mark.parametrize("label, inner, t, said", ODD_CELLS)
def test_a_cell_read_apart_is_named_and_the_rest_read(plan, tmp_path, label, inner, t, said):
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    ref = craft.cell_of(openpyxl.load_workbook(source), layout.SHEET_ITEMS, items[0].id, label)

    def change(xml: bytes) -> bytes:
        m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
        return xml[:m.start()] + f'<c r="{ref}" t="{t}">{inner}</c>'.encode() + xml[m.end():]
    target = craft.rezip(source, tmp_path / f"{SECTION}.xlsx", {craft.sheet_part(source, layout.SHEET_ITEMS): change})
    result = read_return(target, plan, 2026)
    assert [(p.code, p.sheet, p.cell) for p in result.problems] == [("V026", layout.SHEET_ITEMS, ref)]
    assert said in result.problems[0].message
    answered = {(a.id, a.field): a.value for a in result.answers}
    assert answered[(items[0].id, "grade")] == "A" and answered[(items[1].id, "effect_yen")] == 100000
    assert "TRUE" not in {a.value for a in result.answers}


def test_truth_values_as_excel_openpyxl_xlsxwriter_and_gnumeric_write_them_are_read(plan, tmp_path):
    """A truth value typed into a text cell is written 1 or 0 by every spreadsheet (gnumeric on a line of its own):
    read as before, TRUE and FALSE."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    ref = craft.cell_of(openpyxl.load_workbook(source), layout.SHEET_ITEMS, items[0].id, "取組実績")
    other = craft.cell_of(openpyxl.load_workbook(source), layout.SHEET_ITEMS, items[1].id, "取組実績")

    def change(xml: bytes) -> bytes:
        for cell, inner in ((ref, "<v>1</v>"), (other, "\n        <v>0</v>\n      ")):
            m = re.search(rb'<c r="' + cell.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
            xml = xml[:m.start()] + f'<c r="{cell}" t="b">{inner}</c>'.encode() + xml[m.end():]
        return xml
    target = craft.rezip(source, tmp_path / f"{SECTION}.xlsx", {craft.sheet_part(source, layout.SHEET_ITEMS): change})
    result = read_return(target, plan, 2026)
    assert result.problems == [] and result.status == FileStatus.ACCEPTED
    answered = {(a.id, a.field): a.value for a in result.answers}
    assert answered[(items[0].id, "result")] == "TRUE" and answered[(items[1].id, "result")] == "FALSE"


@pytest.mark.parametrize("index", ["-1", "1.0", " 0", "x", "０"])
def test_a_shared_string_index_that_is_no_number_is_not_read_as_the_first_string(plan, tmp_path, index):
    """calamine reads such an index as 0 — the workbook's first string, another cell's text — where LibreOffice 7.4 shows
    a blank: it is named at its cell (V026), not recorded as the other cell's answer."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    odd, other = (craft.cell_of(wb, layout.SHEET_ITEMS, item.id, "取組実績") for item in items[:2])
    shared = craft.shared_string(source, tmp_path / "shared.xlsx", layout.SHEET_ITEMS, other, "<t>別のセルの文</t>")

    def change(xml: bytes) -> bytes:
        m = re.search(rb'<c r="' + odd.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
        return xml[:m.start()] + f'<c r="{odd}" s="2" t="s"><v>{index}</v></c>'.encode() + xml[m.end():]
    target = craft.rezip(shared, tmp_path / f"{SECTION}.xlsx", {craft.sheet_part(source, layout.SHEET_ITEMS): change})
    result = read_return(target, plan, 2026)
    assert [(p.code, p.cell) for p in result.problems] == [("V026", odd)]
    assert f"共有文字列の番号が「{index}」" in result.problems[0].message
    answered = {(a.id, a.field): a.value for a in result.answers}
    assert answered[(items[0].id, "result")] is None and answered[(items[1].id, "result")] == "別のセルの文"
