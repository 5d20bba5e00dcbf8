"""A section's return saved by Excel (or another program) in a variant of the format the section chief takes for
「an Excel file」: 「Strict Open XML スプレッドシート」, a macro-enabled workbook, a template, an Excel binary workbook,
an export of Google スプレッドシート or Numbers, a save that drops the custom document properties. Each is read value
for value, or named precisely with what to do — never misread, never 「壊れたファイル」 or 「別のブック」."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx.intake import read_returns
from reform_xlsx.intake.limits import Limits
from reform_xlsx.records import FileStatus

SECTION = "観光課"


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory) -> Path:
    return craft.filled(plan, 2026, SECTION, tmp_path_factory.mktemp("saved-as"))


def xlsb_bytes(source: Path) -> bytes:
    """The form saved by Excel as 「Excel バイナリ ブック (*.xlsb)」: the workbook and its sheets binary (xl/workbook.bin
    …), the document properties — the custom ones that say whose file it is among them — still XML parts, as Excel
    writes them in every package."""
    with zipfile.ZipFile(source) as zf:
        props = {name: zf.read(name) for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")}
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    return craft.zip_bytes({
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
                               b'openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType='
                               b'"application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" '
                               b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override '
                               b'PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
                               b'officedocument.custom-properties+xml"/></Types>',
        "_rels/.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel +
                        'officeDocument" Target="xl/workbook.bin"/><Relationship Id="rId4" Type="' + rel +
                        'custom-properties" Target="docProps/custom.xml"/></Relationships>').encode(),
        "xl/workbook.bin": b"\x83\x01\x00\x80\x01\x00" * 20, "xl/_rels/workbook.bin.rels": b"<Relationships/>",
        "xl/worksheets/sheet1.bin": b"\x81\x01\x00" * 50, "xl/styles.bin": b"\x96\x02\x00", **props})


@pytest.mark.parametrize("name", ["観光課.xlsb", "観光課.xlsx"])
def test_an_excel_binary_workbook_is_its_sections_to_save_again(plan, good, tmp_path, name):
    """An .xlsb is not read (F002: save it as .xlsx), but its custom document properties are the form's, in the same
    XML part as in an .xlsx: it is the section's file, sent back (差し戻し: status asks for it again), not a file of no
    one's that leaves the section 未提出 and reminded that nothing came — as for an .ods or an .xls."""
    (tmp_path / name).write_bytes(xlsb_bytes(good))
    (result,) = read_returns([tmp_path], plan, 2026)
    assert (result.real_format, [p.code for p in result.problems], result.section, result.year, result.status) == \
        ("xlsb", ["F002"], SECTION, 2026, FileStatus.REJECTED)
    assert "Excel バイナリブック（.xlsb）" in result.problems[0].message
    assert "「Excel ブック (*.xlsx)」形式で保存し直して" in result.problems[0].message


def test_an_excel_binary_workbook_of_too_many_parts_is_not_searched_for_whose_it_is(plan, good, tmp_path):
    """No check counts an .xlsb's parts before its properties are looked for: past the cap they are not (F009's
    guard, as for an .ods)."""
    with zipfile.ZipFile(io.BytesIO(xlsb_bytes(good))) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members |= {f"x/{n}.bin": b"" for n in range(Limits().max_members)}
    (tmp_path / "観光課.xlsb").write_bytes(craft.zip_bytes(members))
    (result,) = read_returns([tmp_path], plan, 2026)
    assert (result.real_format, [p.code for p in result.problems], result.section, result.status) == \
        ("xlsb", ["F002"], None, FileStatus.SKIPPED)
