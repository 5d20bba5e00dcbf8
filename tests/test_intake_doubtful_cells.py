"""Cells that Excel or LibreOffice show one way and python-calamine reads another (a hostile sender, an odd tool): the
same cell written twice (F040), a value written two ways or so that calamine reads less than is shown (F041). The
sheet is not read and the file is rejected, naming the cell — never is a value recorded that no person saw.

What LibreOffice 7.4 shows for each construct was checked by converting such files to CSV: it keeps the last of a
cell written twice, reads a second <sheetData>, reads 「1234」 from <v>12<!-- -->34</v> and 「777」 from a CDATA
section, the <v> of a number cell beside an <is>, and no <t> inside a run's properties; calamine read 「12」, a blank,
the <is>, and glued the hidden <t> into the text."""

import hashlib
import re

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.cells import AMBIGUOUS, DUPLICATED
from reform_xlsx.intake.workbook_reader import doubtful_cells, hidden_text_strings
from reform_xlsx.records import FileStatus

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SECTION = "財政課"


def sheet(rows: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'.encode()


def row(cells: str, r: int = 5) -> str:
    """Row ``r`` of a form: its ID, ``cells``, and empty cells with a style (most of a form's cells have no value)."""
    empty = "".join(f'<c r="{c}{r}" s="2"/>' for c in "JKLMN")
    return f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>1-1</t></is></c>{cells}{empty}</row>'


@pytest.mark.parametrize("xml, found", [
    # what Excel, LibreOffice and openpyxl write: nothing doubtful
    (sheet(row('<c r="G5" t="s"><v>0</v></c><c r="I5" s="3"><v>104000</v></c>')), {}),
    (sheet(row('<c r="G5" t="inlineStr"><is><r><t>AB</t></r><r><rPr><b/></rPr><t>CD</t></r></is></c>')), {}),
    (sheet(row('<c r="G5" t="inlineStr"><is><t>電子入札</t><rPh sb="0" eb="2"><t>デンシ</t></rPh></is></c>')), {}),
    (sheet(row('<c r="G5" t="str"><f>A1&amp;"x"</f><v>A&amp;B&#10;</v></c>')), {}),  # a formula's text: references
    (sheet(row('<c r="G5" t="e"><v>#N/A</v></c><c r="H5" t="b"><v>1</v></c><c r="I5"/>')), {}),
    (sheet(row('<c r="G5" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c>')), {}),  # CDATA in a text: read whole
    (sheet('<row r="6"><c r="A6"><v>1</v></c></row><row r="5"><c r="B5"><v>2</v></c><c r="A5"><v>3</v></c></row>'), {}),
    (sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>'), {}),  # places implied
    (sheet(row('<c r="G5"><v>1</v></c>', 5) + row('<c r="G6"><v>1</v></c>', 6)), {}),
    # a text that reads like a cell's place (xlsxwriter's constant_memory writes texts inline; a formula's text is in
    # its <v>): not a cell
    (sheet(row('<c r="G5" t="inlineStr"><is><t>&lt;td r="G5"&gt; r=\'a5\'</t></is></c>')), {}),
    (sheet(row('<c r="G5" t="str"><f>"r=""A5"""</f><v>r="A5"</v></c>')), {}),
    # the same cell twice, however its place is written
    (sheet(row('<c r="G5"><v>1</v></c><c r="G5"><v>2</v></c>')), {"G5": (DUPLICATED, "")}),
    (sheet(row('<c r="I5"><v>1</v></c><c r=\'i05\'><v>2</v></c>')), {"I5": (DUPLICATED, "")}),
    (sheet(row('<c r="G5"><v>1</v></c>') + row('<c r="G5"><v>2</v></c>')),  # the row twice: five cells named
     {ref: (DUPLICATED, "") for ref in ("A5", "G5", "J5", "K5", "L5")}),
    (sheet(row('<c r="G5"><v>1</v></c><o:c xmlns:o="urn:x" r="G5"><o:v>2</o:v></o:c>')), {"G5": (DUPLICATED, "")}),
    # a value written two ways
    (sheet(row('<c r="G5"><v>42</v><is><t>x</t></is></c>')), {"G5": (AMBIGUOUS, "値（<v>）と文字列（<is>）の両方がある")}),
    (sheet(row('<c r="G5" t="inlineStr"><is><t>x</t></is><v>y</v></c>')),
     {"G5": (AMBIGUOUS, "値（<v>）と文字列（<is>）の両方がある")}),
    (sheet(row('<c r="G5" t="str"><is><t>x</t></is></c>')), {"G5": (AMBIGUOUS, "種類「str」のセルに文字列（<is>）がある")}),
    # … beside a text reading 「inlineStr」, or a type written inside another attribute's value: no inline text cell
    (sheet(row('<c r="G5" t="inlineStr"><is><t>inlineStr</t></is></c><c r="H5" t="n"><is><t>x</t></is></c>')),
     {"H5": (AMBIGUOUS, "種類「n」のセルに文字列（<is>）がある")}),
    (sheet(row('<c r="H5" x=\' t="inlineStr"\' t="n"><is><t>x</t></is></c>')),
     {"H5": (AMBIGUOUS, "種類「n」のセルに文字列（<is>）がある")}),
    (sheet(row('<c r="I5"><v>111</v><v>222</v></c>')), {"I5": (AMBIGUOUS, "値（<v>）が2つある")}),
    (sheet(row('<c r="I5"><v>111</v><!-- --><v>222</v></c>')), {"I5": (AMBIGUOUS, "値（<v>）が2つある")}),
    # a value calamine reads less of than is shown
    *[(sheet(row(f'<c r="I5"><v>{v}</v></c>')), {"I5": (AMBIGUOUS, "値（<v>）の中にコメント・CDATA・要素などがある")})
      for v in ("12<!-- c -->34", "<![CDATA[777]]>", "12<?pi x?>34", "1<x/>2")],
    (sheet(row('<c r="G5" t="str"><v><![CDATA[text]]></v></c>')),
     {"G5": (AMBIGUOUS, "値（<v>）の中にコメント・CDATA・要素などがある")}),
    (sheet(row('<c r="I5"><v>&#x31;23</v></c>')), {"I5": (AMBIGUOUS, "値（<v>）の中に文字参照がある")}),
    (sheet(row('<c r="G5" t="s"><v>&#x30;</v></c>')), {"G5": (AMBIGUOUS, "値（<v>）の中に文字参照がある")}),
    (sheet(row('<c t="inlineStr"><v>1</v><is><t>x</t></is></c>')),
     {"（位置のないセル）": (AMBIGUOUS, "値（<v>）と文字列（<is>）の両方がある")}),
    # a second <sheetData>: calamine reads the first, LibreOffice both
    (sheet(row('<c r="G5"><v>1</v></c>')).replace(b"</sheetData>", b'</sheetData><sheetData><row r="7"><c r="G7">'
                                                  b'<v>2</v></c><c r="H7"><v>3</v></c></row></sheetData>'),
     {"G7": (AMBIGUOUS, "2つめのシートのデータ（<sheetData>）にある")}),
])
def test_cells_readers_may_read_apart_are_found(xml, found):
    assert doubtful_cells(xml) == found


def test_a_cell_showing_a_shared_string_with_hidden_text_is_found():
    xml = sheet(row('<c r="G5" t="s"><v>1</v></c><c r="H5" t="s"><v>0</v></c>'))
    assert doubtful_cells(xml, hidden=frozenset({1})) == {"G5": (AMBIGUOUS, "共有文字列に、表示されない文字（<t>）がある")}
    assert doubtful_cells(xml) == {}


SST = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>{{}}</sst>'


@pytest.mark.parametrize("strings, hidden", [
    ("<si><t>plain</t></si><si><r><rPr><b/><sz val='11'/><rFont val='游ゴシック'/></rPr><t>AB</t></r><r><t>CD</t></r>"
     "</si><si><t>電子入札</t><rPh sb='0' eb='2'><t>デンシ</t></rPh><phoneticPr fontId='1'/></si>", set()),
    ("<si><t>ok</t></si><si><r><rPr><b/><t>HIDDEN</t></rPr><t>X</t></r></si>", {1}),
    ("<si><foo><t>HIDDEN</t></foo><t>SHOWN</t></si><si><t>ok</t></si>", {0}),
    ("<si><t>ok</t></si><si><r><r><t>nested</t></r></r><foo/></si>", {1}),
    ("<si><t>ok</t><bar/></si>", set()),  # an unknown element, but no text in it
])
def test_shared_strings_with_text_no_spreadsheet_shows(strings, hidden):
    assert hidden_text_strings(SST.format(strings).encode()) == hidden


@pytest.fixture(scope="module")
def source(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    path = craft.filled(plan, 2026, SECTION, folder, "filled.xlsx")
    wb = openpyxl.load_workbook(path)
    item = plan.items_for(SECTION)[0].id
    cells = {"text": craft.cell_of(wb, layout.SHEET_ITEMS, item, "取組実績"),
             "yen": craft.cell_of(wb, layout.SHEET_ITEMS, item, "財政効果額（円）")}
    return folder, path, cells


def _replace(ref: str, new: str):
    def change(xml: bytes) -> bytes:
        m = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml, flags=re.S)
        return xml[:m.start()] + new.format(ref=ref).encode() + xml[m.end():]
    return change


@pytest.mark.parametrize("cell, new, code", [
    ("text", '<c r="{ref}" t="inlineStr"><is><t>FIRST</t></is></c><c r="{ref}" t="inlineStr"><is><t>SECOND</t></is></c>',
     "F040"),
    ("text", '<c r="{ref}" t="inlineStr"><is><t>SHOWN</t></is></c>'
             '<o:c xmlns:o="urn:other" r="{ref}" t="inlineStr"><o:is><o:t>FOREIGN</o:t></o:is></o:c>', "F040"),
    ("text", '<c r="{ref}"><v>42</v><is><t>NOT SHOWN</t></is></c>', "F041"),
    ("text", '<c r="{ref}" t="inlineStr"><is><t>SHOWN</t></is><v>NOT SHOWN</v></c>', "F041"),
    ("yen", '<c r="{ref}"><v>111</v><v>222</v></c>', "F041"),
    ("yen", '<c r="{ref}"><v>12<!-- -->34</v></c>', "F041"),
    ("yen", '<c r="{ref}"><v><![CDATA[777]]></v></c>', "F041"),
])
def test_the_return_is_rejected_at_the_cell(source, plan, cell, new, code):
    folder, path, cells = source
    target = folder / f"{code}_{cell}_{hashlib.sha256(new.encode()).hexdigest()[:8]}.xlsx"
    craft.rezip(path, target, {craft.sheet_part(path, layout.SHEET_ITEMS): _replace(cells[cell], new)})
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = read_return(target, plan, 2026)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before  # the input file is never changed
    assert result.status == FileStatus.REJECTED
    found = [(p.code, p.sheet, p.cell) for p in result.problems]
    assert found == [(code, layout.SHEET_ITEMS, cells[cell])]
    assert "このシートは読みませんでした" in result.problems[0].message
    assert not [a for a in result.answers if a.sheet == layout.SHEET_ITEMS]  # no value of the sheet is recorded
    assert [a for a in result.answers if a.sheet == layout.SHEET_KPI]  # the other sheets are read


def test_a_shared_string_with_hidden_text_rejects_the_return(source, plan):
    folder, path, cells = source
    target = craft.shared_string(path, folder / "hidden.xlsx", layout.SHEET_ITEMS, cells["text"],
                                 "<r><rPr><b/><t>HIDDEN</t></rPr><t>SHOWN</t></r>")
    result = read_return(target, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert [(p.code, p.cell) for p in result.problems] == [("F041", cells["text"])]
    assert "表示されない文字" in result.problems[0].message


def test_rich_text_and_furigana_in_shared_strings_are_read_as_shown(source, plan):
    folder, path, cells = source
    target = craft.shared_string(path, folder / "ruby.xlsx", layout.SHEET_ITEMS, cells["text"],
                                 '<r><rPr><b/><sz val="11"/></rPr><t>電子</t></r><r><t>入札</t></r>'
                                 '<rPh sb="0" eb="2"><t>デンシニュウサツ</t></rPh><phoneticPr fontId="1"/>')
    result = read_return(target, plan, 2026)
    assert result.status == FileStatus.ACCEPTED, result.problems
    assert {a.cell: a.value for a in result.answers if a.sheet == layout.SHEET_ITEMS}[cells["text"]] == "電子入札"


def test_a_meta_sheet_with_a_cell_written_twice_is_said(source, plan):
    """「_meta」 holds what the form (or a 差し戻し copy) recorded — read apart, the copy's records would be lost or
    misread: said (F040 on 「_meta」), never left out without a word."""
    folder, path, _cells = source
    target = folder / "meta_twice.xlsx"
    craft.rezip(path, target, {craft.sheet_part(path, layout.SHEET_META): _twice("B1")})
    result = read_return(target, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert [(p.code, p.sheet, p.cell) for p in result.problems] == [("F040", layout.SHEET_META, "B1")]


def _twice(ref: str):
    def change(xml: bytes) -> bytes:
        m = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml, flags=re.S)
        return xml[:m.end()] + m.group(0) + xml[m.end():]
    return change


@pytest.mark.parametrize("sheet, ref", [("_meta", "B1"), ("_meta", "A3"), ("計画情報", "A1")])
def test_a_plan_master_with_a_cell_written_twice_is_said_at_that_sheet(tmp_path, sheet, ref):
    """The plan master is read as a return is: a cell written twice in its 「_meta」 was said 「_meta シートがありません」
    (P040), as if the sheet were gone; it is F040 at that cell, like one in a data sheet."""
    from master_sample import office_with_master, refused

    office = office_with_master(tmp_path)
    path = office / "計画.xlsx"
    target = craft.rezip(path, office / "twice.xlsx", {craft.sheet_part(path, sheet): _twice(ref)})
    assert [(p.code, p.sheet, p.cell) for p in refused(target, office)] == [("F040", sheet, ref)]
