"""The zip checks inflate each part straight from the file's bytes in the common case (stored or
deflated, unencrypted, local header naming the part) and leave anything else to zipfile: both
ways must give the same bytes, and a part whose CRC, size or local header is wrong is still a
broken file (F006), never a part read as something else."""

from __future__ import annotations

import io
import zipfile

import pytest

from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.safety import inflate_directly, inspect_zip

WORKBOOK = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" '
            b'r:id="rId1"/></sheets></workbook>')
RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        b'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'


def workbook_zip(compression: int = zipfile.ZIP_DEFLATED, prefix: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    buffer.write(prefix)
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", RELS)
        zf.writestr("xl/worksheets/sheet1.xml", SHEET * 50)
        zf.writestr("xl/名前.xml", b"<x/>")  # a UTF-8 name (flag bit 11)
        zf.writestr("empty.bin", b"")
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
@pytest.mark.parametrize("prefix", [b"", b"junk before the zip " * 10])
def test_direct_inflation_gives_what_zipfile_gives(compression, prefix):
    data = workbook_zip(compression, prefix)
    zf = zipfile.ZipFile(io.BytesIO(data))
    for info in zf.infolist():
        direct = inflate_directly(data, info)
        assert direct is not None or info.file_size == 0, info.filename  # the common case is taken
        assert (direct or b"") == zf.read(info)


def test_a_part_that_is_not_stored_or_deflated_is_left_to_zipfile():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("xl/workbook.xml", WORKBOOK)
    data = buffer.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert inflate_directly(data, info) is None


def _corrupt(data: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    assert data.count(old) >= count
    return data.replace(old, new, count)


def test_a_wrong_crc_is_a_broken_file():
    data = workbook_zip(zipfile.ZIP_STORED)
    data = _corrupt(data, b"<sheetData/>", b"<sheetDatX/>")  # stored: the bytes change, the CRC does not
    found = inspect_zip(data, "a.xlsx", Limits())
    assert [p.code for p in found.problems] == ["F006"]
    assert "CRC" in found.problems[0].message


def test_a_local_header_that_names_another_part_is_a_broken_file():
    """The central directory says one name, the part's own header another: zipfile refuses it."""
    data = workbook_zip()
    first = data.index(b"xl/worksheets/sheet1.xml")  # the local header's copy comes first
    data = data[:first] + b"xl/worksheets/sheetX.xml" + data[first + len(b"xl/worksheets/sheet1.xml"):]
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert inflate_directly(data, info) is None
    found = inspect_zip(data, "a.xlsx", Limits())
    assert [p.code for p in found.problems] == ["F006"]


def test_a_truncated_part_is_a_broken_file():
    data = workbook_zip()
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = data[:start + 5] + b"\x00" * (info.compress_size - 5) + data[start + info.compress_size:]
    assert inflate_directly(data, info) is None
    found = inspect_zip(data, "a.xlsx", Limits())
    assert [p.code for p in found.problems] == ["F006"]


def test_a_good_zip_passes_with_its_sheet_kept():
    found = inspect_zip(workbook_zip(), "a.xlsx", Limits(), wanted=("A",))
    assert found.ok and found.sheets == [("A", "xl/worksheets/sheet1.xml", "visible")]
    assert found.parts["xl/worksheets/sheet1.xml"] == SHEET * 50
