"""Excel 365's rich values in input cells — a picture placed in a cell (挿入 → 画像 → セルに配置, IMAGE()), a data type
(株価・地理, an organisation's) — are said as what they are (V027), not as an error value the section never typed (V012);
the 差し戻し copy marks the cell with it; a picture outside the answers is not blamed; the sender's rich value parts,
however broken, never stop the file being read."""

import datetime as dt
import hashlib
import io
import random
import zipfile

import openpyxl
import pytest
import xlsxwriter

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.rich_values import RichValues
from reform_xlsx.intake.workbook_reader import special_cells
from reform_xlsx.ledger.feedback import write_feedback
from reform_xlsx.records import FileStatus

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SECTION = "財政課"


def sheet(cells: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData><row r="2">{cells}</row></sheetData>' \
           f"</worksheet>".encode()


def parts_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name.lower(): zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def kinds(tmp_path_factory):
    """The rich value parts of a workbook whose value metadata records 1–5 are a picture placed in a cell, IMAGE()'s
    picture, a linked data type, an organisation's data type and an error value with its details."""
    folder = tmp_path_factory.mktemp("rich")
    book = folder / "book.xlsx"
    workbook = xlsxwriter.Workbook(book)
    workbook.add_worksheet().write("A1", "x")
    workbook.close()
    cells = {("Sheet1", f"{column}1"): kind for column, kind in
             zip("BCDEF", ("picture", "web_picture", "data_type", "entity", "error"), strict=True)}
    return RichValues.of(parts_of(craft.rich_cells(book, folder / "rich.xlsx", cells)))


@pytest.mark.parametrize("cell, found", [
    ('<c r="B2" t="e" vm="1"><v>#VALUE!</v></c>', ("rich", "picture")),
    ('<c r="B2" t="e" vm="2"><f>_xlfn.IMAGE("https://example.jp/a.png")</f><v>#VALUE!</v></c>', ("rich", "picture")),
    ('<c r="B2" t="e" vm="3"><v>#VALUE!</v></c>', ("rich", "data_type")),
    ('<c r="B2" t="e" vm="4"><v>#VALUE!</v></c>', ("rich", "data_type")),
    ('<c r="B2" vm="1" cm="1"><v>0</v></c>', ("rich", "picture")),  # a variant Excel writes: a number cell
    ('<c r="B2" t="e" vm="3"><f>A1</f><v>#VALUE!</v></c>', ("formula", "=A1")),  # a data type a formula gives
    ('<c r="B2" t="e" vm="5"><f>SEQUENCE(3)</f><v>#SPILL!</v></c>', ("formula", "=SEQUENCE(3)")),
    ('<c r="B2" t="e" vm="5"><v>#SPILL!</v></c>', ("error", "#SPILL!")),  # an error value with its details
    ('<c r="B2" t="e" vm="9"><v>#VALUE!</v></c>', ("rich", "")),  # no such record: what it is is not known
    ('<c r="B2" t="e" vm="x"><v>#VALUE!</v></c>', ("rich", "")),
    ('<c r="B2" t="e"><v>#VALUE!</v></c>', ("error", "#VALUE!")),  # no rich value: the error it is (V012)
])
def test_a_cells_rich_value_is_found_by_its_value_metadata(kinds, cell, found):
    assert special_cells(sheet(cell), kinds) == {"B2": found}


@pytest.mark.parametrize("cell, found", [
    ('<c r="B2" t="e" vm="1"><v>#VALUE!</v></c>', ("rich", "")),
    ('<c r="B2" vm="1"><v>0</v></c>', ("rich", "")),
    ('<c r="B2" t="e" vm="1"><v>#CALC!</v></c>', ("error", "#CALC!")),
    ('<c r="B2" t="e" vm="1"><f>_xlfn.IMAGE("a")</f><v>#VALUE!</v></c>', ("formula", '=_xlfn.IMAGE("a")')),
])
def test_a_rich_value_whose_parts_cannot_be_followed_is_said_as_a_picture_or_a_data_type(cell, found):
    assert special_cells(sheet(cell), RichValues()) == {"B2": found}


def test_the_parts_xlsxwriter_writes_for_a_picture_placed_in_a_cell_are_followed(tmp_path):
    """``embed_image`` writes what Excel 365 writes for 挿入 → 画像 → セルに配置."""
    png = craft.png_bytes()
    book = tmp_path / "embedded.xlsx"
    workbook = xlsxwriter.Workbook(book)
    ws = workbook.add_worksheet()
    ws.write("A1", "x")
    ws.embed_image("B2", "p.png", {"image_data": io.BytesIO(png)})
    workbook.close()
    found = parts_of(book)
    assert b'vm="1"' in found["xl/worksheets/sheet1.xml"]
    rich = RichValues.of(found)
    assert rich.kinds == ("picture",)
    assert special_cells(found["xl/worksheets/sheet1.xml"], rich) == {"B2": ("rich", "picture")}


@pytest.mark.parametrize("metadata", [
    b"<metadata><valueMetadata><bk><rc t='1' v='0'/>",  # cut short
    b"\x00\x01 not xml",
    b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><metadataTypes>'
    + b'<metadataType name="XLRICHVALUE"/></metadataTypes><valueMetadata><bk><rc t="1" v="99999999999"/></bk>'
    + b'<bk><rc t="7" v="0"/></bk></valueMetadata></metadata>',
])
def test_broken_metadata_leaves_every_record_unknown(metadata):
    assert RichValues.of({"xl/metadata.xml": metadata}).kind(1) == ""


@pytest.fixture(scope="module")
def source(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    path = craft.filled(plan, 2026, SECTION, folder, "filled.xlsx")
    return path, folder, craft.cells_of(path, plan, SECTION, {
        "picture": (layout.SHEET_ITEMS, 0, "取組実績"), "data_type": (layout.SHEET_ITEMS, 1, "取組実績"),
        "kpi": (layout.SHEET_KPI, 0, "実績値")})


def rich_return(source, name: str, **options):
    path, folder, cells = source
    target = craft.rich_cells(path, folder / name, {
        (layout.SHEET_ITEMS, cells["picture"]): "picture", (layout.SHEET_ITEMS, cells["data_type"]): "data_type",
        (layout.SHEET_KPI, cells["kpi"]): "picture",
        (layout.SHEET_ITEMS, "A1"): "picture"},  # the title's cell: outside the answers
        **options)
    return target, cells


def test_a_picture_and_a_data_type_in_input_cells_are_said_as_what_they_are(source, plan):
    target, cells = rich_return(source, "returned.xlsx")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = read_return(target, plan, 2026)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before  # the input file is never changed
    assert result.status == FileStatus.REJECTED
    found = {(p.sheet, p.cell): p for p in result.problems}
    assert {p.code for p in result.problems} == {"V027"}  # not V012, and nothing for the picture in A1
    assert set(found) == {(layout.SHEET_ITEMS, cells["picture"]), (layout.SHEET_ITEMS, cells["data_type"]),
                          (layout.SHEET_KPI, cells["kpi"])}
    picture = found[(layout.SHEET_ITEMS, cells["picture"])].message
    assert "セルに配置" in picture and "画像は受け付けられないので送らず" in picture and "文章で入力" in picture
    assert "#VALUE!" not in picture
    data_type = found[(layout.SHEET_ITEMS, cells["data_type"])].message
    assert "データ型" in data_type and "「データ型」→「テキストに変換」" in data_type
    assert found[(layout.SHEET_ITEMS, cells["picture"])].row_id == plan.items_for(SECTION)[0].id
    answered = {(a.id, a.field): a.value for a in result.answers}
    assert answered[(plan.items_for(SECTION)[0].id, "result")] is None
    assert answered[(plan.items_for(SECTION)[2].id, "result")] == f"{plan.items_for(SECTION)[2].id} を実施した。"


def test_the_copy_sent_back_marks_the_cells_and_knows_them_when_sent_back_unchanged(source, plan, tmp_path):
    target, cells = rich_return(source, "for_copy.xlsx")
    result = read_return(target, plan, 2026)
    copy = write_feedback(plan, 2026, SECTION, result.problems, result.answers, tmp_path / f"{SECTION}.xlsx",
                          source_name=target.name, resubmit_by=dt.date(2027, 6, 4))
    wb = openpyxl.load_workbook(copy)
    items = wb[layout.SHEET_ITEMS]
    assert items[cells["picture"]].value == "（セルの画像）" and "【V027 エラー】" in items[cells["picture"]].comment.text
    assert "セルに配置" in items[cells["picture"]].comment.text
    assert items[cells["data_type"]].value == "（データ型）" and "テキストに変換" in items[cells["data_type"]].comment.text
    assert "V027" in wb[layout.SHEET_KPI][cells["kpi"]].comment.text
    again = read_return(copy, plan, 2026)
    assert {(p.code, p.sheet, p.cell) for p in again.problems} == {
        ("V027", layout.SHEET_ITEMS, cells["picture"]), ("V027", layout.SHEET_ITEMS, cells["data_type"]),
        ("V027", layout.SHEET_KPI, cells["kpi"])}
    said = {p.cell: p.message for p in again.problems}
    assert "セルに配置" in said[cells["picture"]] and "テキストに変換" in said[cells["data_type"]]


def test_a_picture_outside_the_answers_alone_is_not_blamed(source, plan):
    path, folder, _cells = source
    target = craft.rich_cells(path, folder / "outside.xlsx", {(layout.SHEET_ITEMS, "A1"): "picture",
                                                              (layout.SHEET_KPI, "A1"): "data_type"})
    result = read_return(target, plan, 2026)
    assert result.status == FileStatus.ACCEPTED and result.problems == []


@pytest.mark.parametrize("replace", [
    {"xl/metadata.xml": b"<metadata><valueMetadata><bk><rc t='1'"},  # malformed
    {"xl/metadata.xml": b"<metadata><!--" + random.Random(0).randbytes(2_200_000).hex().encode()
     + b"--></metadata>"},  # over the size read (and not squeezed: no zip bomb)
    {"xl/richData/rdrichvalue.xml": b"\xff\xfe<\x00r\x00"},  # not XML
    {"xl/richData/rdrichvaluestructure.xml": b'<rvStructures><s t="' + b"x" * 5000 + b'"/>'},
])
def test_broken_rich_value_parts_do_not_stop_the_file(source, plan, replace):
    target, cells = rich_return(source, "broken.xlsx", replace=replace)
    result = read_return(target, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert {(p.code, p.cell) for p in result.problems} == {("V027", c) for c in cells.values()}
    assert all("画像かデータ型" in p.message for p in result.problems)


def test_a_dtd_in_a_rich_value_part_is_refused_as_any_part_with_one(source, plan):
    target, _cells = rich_return(source, "dtd.xlsx", replace={"xl/metadata.xml": (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><metadata>&b;</metadata>')})
    result = read_return(target, plan, 2026)
    assert [p.code for p in result.problems] == ["F007"] and result.status == FileStatus.REJECTED


def test_a_picture_saved_as_the_number_0_is_not_read_as_0(source, plan):
    """Some Excel builds save a picture placed in a cell as ``<c vm="1" cm="1"><v>0</v></c>``: a KPI's 実績値 of 0 to
    any reader that does not look at ``vm``."""
    path, folder, cells = source
    target = craft.rich_cells(path, folder / "zero.xlsx", {(layout.SHEET_KPI, cells["kpi"]): "picture"},
                              cell_type=None, cell_xml="<v>0</v>")
    result = read_return(target, plan, 2026)
    assert [(p.code, p.cell) for p in result.problems] == [("V027", cells["kpi"])]
    kpi = plan.kpis_for(SECTION)[0].id
    assert {(a.id, a.field): a.value for a in result.answers}[(kpi, "actual")] is None
