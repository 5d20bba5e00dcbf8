"""Real files in the formats sections send by mistake, made by LibreOffice from a template:
.xls (Excel 97-2003), .ods, .csv — each named by its real format, also when renamed .xlsx."""

from __future__ import annotations

import io
import shutil
import struct
import uuid
import zipfile

import olefile
import pytest

from intake_craft import ods_bytes
from reform_xlsx.form import layout
from reform_xlsx.intake import ole_properties, read_returns
from reform_xlsx.intake.limits import Limits
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.xlsx.libreoffice import convert

FILTERS = {"xls": "xls", "ods": "ods", "csv": "csv"}


@pytest.fixture(scope="module")
def converted(soffice, plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    template, = write_templates(plan, 2026, folder / "src", ["観光課"])
    inbox = folder / "inbox"
    inbox.mkdir()
    for fmt, spec in FILTERS.items():
        made = convert(template, spec, folder / "out")
        shutil.copy(made, inbox / f"{fmt}の調査票.{fmt}")
        shutil.copy(made, inbox / f"{fmt}を改名した調査票.xlsx")
    return read_returns([inbox], plan, 2026)


def test_each_real_format_is_named(converted):
    """An .ods (meta.xml) and an .xls (its user-defined properties) keep the template's properties: each is that
    section's file, sent back (差し戻し, so status asks for it again rather than reminding the section that nothing
    came); a .csv is not."""
    found = {(r.name, r.real_format, r.status, r.section, tuple(p.code for p in r.problems)) for r in converted}
    says = ("ods", "xls")
    assert found == {(f"{fmt}{suffix}", fmt, FileStatus.REJECTED if fmt in says else FileStatus.SKIPPED,
                      "観光課" if fmt in says else None, ("F002",))
                     for fmt in FILTERS for suffix in ("の調査票." + fmt, "を改名した調査票.xlsx")}


@pytest.fixture(scope="module")
def xls(soffice, plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("xls")
    template, = write_templates(plan, 2026, folder / "src", ["観光課"])
    return convert(template, "xls", folder / "out").read_bytes()


def _with_stream(data: bytes, edit) -> bytes:
    """``data`` (an .xls) with its DocumentSummaryInformation stream edited in place (same size)."""
    path = io.BytesIO(data)
    with olefile.OleFileIO(path, write_mode=True) as ole:
        stream = bytearray(ole.openstream(ole_properties.STREAM).read())
        edit(stream)
        ole.write_stream(ole_properties.STREAM, bytes(stream))
    return path.getvalue()


def _section(stream: bytearray) -> int:
    at = stream.find(ole_properties.USER_DEFINED)
    return struct.unpack_from("<I", stream, at + 16)[0]


def _count(stream: bytearray) -> None:
    struct.pack_into("<I", stream, _section(stream) + 4, 10**6)


def _first_offset(stream: bytearray) -> None:
    struct.pack_into("<I", stream, _section(stream) + 12, 10**6)


def _name_length(stream: bytearray) -> None:
    section = _section(stream)
    dictionary = next(struct.unpack_from("<I", stream, section + 12 + 8 * n)[0]
                      for n in range(struct.unpack_from("<I", stream, section + 4)[0])
                      if struct.unpack_from("<I", stream, section + 8 + 8 * n)[0] == 0)
    struct.pack_into("<I", stream, section + dictionary + 8, 10**6)


def _no_user_section(stream: bytearray) -> None:
    at = stream.find(ole_properties.USER_DEFINED)
    stream[at:at + 16] = bytes(16)


@pytest.mark.parametrize("edit", [_count, _first_offset, _name_length, _no_user_section])
def test_an_xls_says_whose_it_is_only_when_its_properties_read_cleanly(plan, xls, tmp_path, edit):
    assert ole_properties.user_defined(xls, Limits().max_meta_bytes)["reform_xlsx.section"] == "観光課"
    (tmp_path / "調査票.xls").write_bytes(_with_stream(xls, edit))
    (result,) = read_returns([tmp_path], plan, 2026)
    assert (result.real_format, [p.code for p in result.problems], result.section, result.status) == \
        ("xls", ["F002"], None, FileStatus.SKIPPED)


def _property_stream(props: dict[str, str], codepage: int, vt: int) -> bytes:
    """A DocumentSummaryInformation stream whose second section holds ``props`` in ``codepage``, the values as
    ``vt`` (0x1E CodePageString: size in bytes; 0x1F UnicodeString: length in characters), per [MS-OLEPS]."""
    def pad4(b: bytes) -> bytes:
        return b + b"\0" * (-len(b) % 4)
    enc = {1200: "utf-16-le", 932: "cp932", 65001: "utf-8"}[codepage]
    items = [(1, struct.pack("<HHhH", 2, 0, codepage if codepage < 32768 else codepage - 65536, 0))]
    names = struct.pack("<I", len(props))
    for pid, name in enumerate(props, start=2):
        data = (name + "\0").encode(enc)
        entry = struct.pack("<II", pid, len(name) + 1 if codepage == 1200 else len(data)) + data
        names += pad4(entry) if codepage == 1200 else entry
    items.append((0, pad4(names)))
    for pid, value in enumerate(props.values(), start=2):
        if vt == 0x1E:
            data = (value + "\0").encode(enc)
            items.append((pid, pad4(struct.pack("<HHI", vt, 0, len(data)) + data)))
        else:
            items.append((pid, pad4(struct.pack("<HHI", vt, 0, len(value) + 1) + (value + "\0").encode("utf-16-le"))))
    head = 8 + 8 * len(items)
    offsets, at = [], head
    for pid, data in items:
        offsets.append(struct.pack("<II", pid, at))
        at += len(data)
    user = struct.pack("<II", at, len(items)) + b"".join(offsets) + b"".join(d for _, d in items)
    first = struct.pack("<II", 16, 1) + struct.pack("<II", 1, 16) + items[0][1]
    header = struct.pack("<HHI", 0xFFFE, 0, 0x00020006) + bytes(16) + struct.pack("<I", 2)
    start = len(header) + 40
    summary = uuid.UUID("d5cdd502-2e9c-101b-9397-08002b2cf9ae").bytes_le
    header += summary + struct.pack("<I", start) + ole_properties.USER_DEFINED + struct.pack("<I", start + len(first))
    return header + first + user


@pytest.mark.parametrize("codepage, vt", [(932, 0x1E), (65001, 0x1E), (65001, 0x1F), (1200, 0x1F), (1200, 0x1E)])
def test_user_defined_properties_in_each_code_page(codepage, vt):
    """Code page 1200 with CodePageString values (their size in bytes) lost every property: the size was read as
    characters, running past the string."""
    props = {"reform_xlsx.section": "財政課", "reform_xlsx.fiscal_year": "R8"}
    assert ole_properties._parse(_property_stream(props, codepage, vt)) == props


META = ('<?xml version="1.0" encoding="UTF-8"?>{dtd}<office:document-meta '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
        '<meta:user-defined meta:name="reform_xlsx.section" meta:value-type="string">{section}</meta:user-defined>'
        '<meta:user-defined meta:name="reform_xlsx.fiscal_year">R8</meta:user-defined>'
        '</office:meta></office:document-meta>')
ENTITY = '<!DOCTYPE m [<!ENTITY s "市民課">]>'


@pytest.mark.parametrize("name, data, section", [
    ("ods", ods_bytes(META.format(dtd="", section="市民課").encode()), "市民課"),
    ("dtd", ods_bytes(META.format(dtd=ENTITY, section="&s;").encode()), None),  # never expanded
    ("large", ods_bytes(META.format(dtd="", section="市民課" + " " * (Limits().max_meta_bytes + 1)).encode()), None),
    ("parts", ods_bytes(META.format(dtd="", section="市民課").encode(), extra=Limits().max_members), None),
    ("broken", ods_bytes(b'<office:document-meta><meta:user-defined meta:name="reform_xlsx.section">'), None),
])
def test_an_ods_says_whose_it_is_only_when_that_is_safe_to_read(plan, tmp_path, name, data, section):
    (tmp_path / f"{name}.ods").write_bytes(data)
    (result,) = read_returns([tmp_path], plan, 2026)
    assert (result.real_format, [p.code for p in result.problems], result.section) == ("ods", ["F002"], section)
    assert result.status == (FileStatus.REJECTED if section else FileStatus.SKIPPED)


def test_an_ods_named_like_a_lock_file_is_still_its_sections(plan, tmp_path):
    """「~$市民課.ods」 of 38 KB was a lock file (F017): the section 未提出, sent a 督促. Only a file as small as an
    owner file (~165 bytes) is one."""
    buffer = io.BytesIO(ods_bytes(META.format(dtd="", section="市民課").encode()))
    with zipfile.ZipFile(buffer, "a") as zf:
        zf.writestr("Thumbnails/thumbnail.png", bytes(range(256)) * 40, zipfile.ZIP_STORED)  # an .ods's usual bulk
    (tmp_path / "~$市民課.ods").write_bytes(buffer.getvalue())
    (tmp_path / "~$owner.ods").write_bytes(b"\0" * 165)
    found = {r.name: (r.real_format, [p.code for p in r.problems], r.section) for r in read_returns([tmp_path], plan, 2026)}
    assert found == {"~$市民課.ods": ("ods", ["F002"], "市民課"), "~$owner.ods": (None, ["F017"], None)}


def test_the_message_says_save_as_xlsx(converted):
    xls = next(r for r in converted if r.name == "xlsを改名した調査票.xlsx")
    assert "古い形式の Excel ブック" in xls.problems[0].message
    assert "「Excel ブック (*.xlsx)」形式で保存し直して" in xls.problems[0].message
    assert layout.SHEET_ITEMS not in xls.problems[0].message
