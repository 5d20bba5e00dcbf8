"""File-level cases: what the bytes really are, broken and hostile files, the caps, lock files.

Each case crafts one file and asserts the code, severity, status and (where there is one)
the sheet and cell reported.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import replace

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import Limits, read_return, walk
from reform_xlsx.intake.normalise import text_shown
from reform_xlsx.intake.sniff import sniff
from reform_xlsx.messages import Severity
from reform_xlsx.records import FileStatus

SECTION = "市民課"
UNSAFE = {"F006", "F007", "F008", "F009", "F010", "F011", "F012"}
E, W = Severity.ERROR, Severity.WARNING


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory):
    """A fully and validly filled 市民課 template."""
    return craft.filled(plan, 2026, SECTION, tmp_path_factory.mktemp("good"))


def _body(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def _billion_laughs(xml: bytes) -> bytes:
    dtd = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    return dtd + _body(xml).replace(b"<sheetData>", b"<sheetData>&lol2;", 1)


def _xxe(xml: bytes) -> bytes:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return dtd + _body(xml)


def _lying_dimension(xml: bytes) -> bytes:
    """A sheet that declares a small range but has a cell at XFD1048576."""
    return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')


def _far_cell(wb):
    wb[layout.SHEET_ITEMS]["XFD1048576"] = 1


def _flip_crc(data: bytes) -> bytes:
    """Corrupt one byte inside the compressed data of the first member."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        info = zf.infolist()[0]
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 2
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1:]


def _bad_deflate(data: bytes, member: str = "[Content_Types].xml") -> bytes:
    """An invalid deflate block type at the start of one member's data (zlib.error, not a CRC error)."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        info = zf.getinfo(member)
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:offset] + b"\x07" + data[offset + 1:]


def _utf16_xxe(xml: bytes) -> bytes:
    dtd = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return dtd.encode("utf-16") + _body(xml).replace("市民課".encode(), b"&xxe;").decode().encode("utf-16-le")


# A workbook a sensitivity label (Microsoft Purview Information Protection) or IRM's 「アクセスの制限」 encrypted, as
# Excel 365 saves it: the package sealed in EncryptedPackage, its data space the DRM one (MS-OFFCRYPTO 2.2), no password
RIGHTS_MANAGED = {"\x06DataSpaces/DataSpaceMap": b"\x08\0\0\0\x01\0\0\0",
                  "\x06DataSpaces/DataSpaceInfo/DRMEncryptedDataSpace": b"\x08\0\0\0\x01\0\0\0",
                  "\x06DataSpaces/TransformInfo/DRMEncryptedTransform/\x06Primary": b"\0" * 16,
                  "EncryptedPackage": b"\0" * 64}


def make(case: str, good, folder):
    """Write the file for ``case``; return (path, limits)."""
    limits = Limits()
    raw = good.read_bytes()
    items_part = craft.sheet_part(good, layout.SHEET_ITEMS)
    bomb = craft.zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * (3 << 20)})
    files = {
        "empty": ("調査票.xlsx", b""),
        "csv renamed": ("調査票.xlsx", "ID,進捗状況\n1-1-1,A\n1-1-2,B\n".encode("cp932")),
        "text renamed": ("調査票.xlsx", "よろしくお願いします。".encode()),
        "pdf renamed": ("調査票.xlsx", b"%PDF-1.7\n..."),
        "plain zip renamed": ("調査票.xlsx", craft.zip_bytes({"readme.txt": b"hello"})),
        "docx renamed": ("調査票.xlsx", craft.zip_bytes({"word/document.xml": b"<w/>"})),
        "xls": ("調査票.xls", craft.cfb({"Workbook": b"\x09\x08" + b"\0" * 100})),
        "xls renamed": ("調査票.xlsx", craft.cfb({"Workbook": b"\x09\x08" + b"\0" * 100})),
        "encrypted": ("調査票.xlsx", craft.cfb({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"\0" * 64})),
        "rights managed": ("調査票.xlsx", craft.cfb(RIGHTS_MANAGED)),
        "ods": ("調査票.ods", craft.zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        "ods renamed": ("調査票.xlsx", craft.zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        "xlsb renamed": ("調査票.xlsx", craft.zip_bytes({"xl/workbook.bin": b"\0" * 64})),
        "pptx renamed": ("調査票.xlsx", craft.zip_bytes({"ppt/presentation.xml": b"<p/>"})),
        "odt renamed": ("調査票.xlsx", craft.zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"})),
        "pdf": ("説明.pdf", b"%PDF-1.7\n..."),
        "memo": ("メモ.txt", "提出状況のメモ".encode()),
        "empty memo": ("メモ.txt", b""),
        "encrypted docx": ("議事録.docx", craft.cfb({"EncryptedPackage": b"\0" * 64})),
        "rights managed docx": ("議事録.docx", craft.cfb(RIGHTS_MANAGED)),
        "truncated": ("調査票.xlsx", raw[: len(raw) // 2]),
        "crc": ("調査票.xlsx", _flip_crc(raw)),
        "corrupt deflate": ("調査票.xlsx", _bad_deflate(raw)),
        "bomb": ("調査票.xlsx", bomb),
        "lock excel": ("~$調査票.xlsx", b"\0" * 165),
        "lock libreoffice": (".~lock.調査票.xlsx#", b"x,host,user;"),
        "ds_store": (".DS_Store", b"\0\0\0\1Bud1"),
        "zone identifier": ("調査票.xlsx:Zone.Identifier", b"[ZoneTransfer]\r\nZoneId=3\r\n"),
        "appledouble": ("._調査票.xlsx", b"\0\5\26\7"),
    }
    if case in files:
        name, data = files[case]
        path = folder / name
        path.write_bytes(data)
        return path, limits
    path = folder / "調査票.xlsx"
    if case == "billion laughs":
        craft.rezip(good, path, {items_part: _billion_laughs})
    elif case == "xxe":
        craft.rezip(good, path, {items_part: _xxe})
    elif case == "utf-16 xxe":
        craft.rezip(good, path, {"docProps/custom.xml": _utf16_xxe})
    elif case == "far cell":
        craft.edit(good, path, _far_cell)
    elif case == "lying dimension":
        craft.rezip(good, path, {items_part: _lying_dimension})
    elif case == "far cell without spaces":  # calamine reads attributes with no space between them
        craft.rezip(good, path, {items_part: lambda xml: xml.replace(
            b"</sheetData>", b'<row spans="1:1"r="1048576"><c s="0"r="XFD1048576"><v>1</v></c></row></sheetData>')})
    elif case in FAR_CELLS_IN_DISGUISE:  # a place in doubt: a fake r in a value, a prefixed r, r twice
        craft.rezip(good, path, {items_part: lambda xml: xml.replace(
            b"</sheetData>", b'<row r="1048576">' + FAR_CELLS_IN_DISGUISE[case] + b'<v>1</v></c></row></sheetData>')})
    elif case == "not our template":
        wb = openpyxl.Workbook()
        wb.active["A1"] = "ID"
        wb.save(path)
    elif case in ("file cap", "members cap", "uncompressed cap"):
        path.write_bytes(raw)
        limits = {"file cap": replace(limits, max_file_bytes=1000),
                  "members cap": replace(limits, max_members=5),
                  "uncompressed cap": replace(limits, max_uncompressed_bytes=10_000)}[case]
    else:
        raise KeyError(case)
    return path, limits


FAR_CELLS_IN_DISGUISE = {
    "far cell behind a quoted r": b"""<c foo=" r='A1'" r="XFD1048576">""",
    "far cell with r twice": b'<c r="A1" r="XFD1048576">',
}
CASES = [
    # case, code, severity, status, real format, sheet, cell
    ("empty", "F004", E, FileStatus.SKIPPED, "empty", None, None),
    ("csv renamed", "F002", E, FileStatus.SKIPPED, "csv", None, None),
    ("text renamed", "F003", E, FileStatus.SKIPPED, "text", None, None),
    ("pdf renamed", "F003", E, FileStatus.SKIPPED, "pdf", None, None),
    ("plain zip renamed", "F003", E, FileStatus.SKIPPED, "zip", None, None),
    ("docx renamed", "F003", E, FileStatus.SKIPPED, "docx", None, None),
    ("xls", "F002", E, FileStatus.SKIPPED, "xls", None, None),
    ("xls renamed", "F002", E, FileStatus.SKIPPED, "xls", None, None),
    ("encrypted", "F005", E, FileStatus.SKIPPED, "encrypted", None, None),
    ("rights managed", "F033", E, FileStatus.SKIPPED, "rights", None, None),  # was F005: 「パスワードを消して」
    ("ods", "F002", E, FileStatus.SKIPPED, "ods", None, None),
    ("ods renamed", "F002", E, FileStatus.SKIPPED, "ods", None, None),
    ("xlsb renamed", "F002", E, FileStatus.SKIPPED, "xlsb", None, None),
    ("pptx renamed", "F003", E, FileStatus.SKIPPED, "pptx", None, None),
    ("odt renamed", "F003", E, FileStatus.SKIPPED, "odf", None, None),
    ("pdf", "F001", W, FileStatus.SKIPPED, "pdf", None, None),
    ("memo", "F001", W, FileStatus.SKIPPED, "text", None, None),
    ("empty memo", "F001", W, FileStatus.SKIPPED, "empty", None, None),
    ("encrypted docx", "F001", W, FileStatus.SKIPPED, "encrypted", None, None),
    ("rights managed docx", "F001", W, FileStatus.SKIPPED, "rights", None, None),
    ("truncated", "F006", E, FileStatus.SKIPPED, "zip", None, None),
    ("crc", "F006", E, FileStatus.REJECTED, "xlsx", None, None),  # whose it is: sent back
    ("corrupt deflate", "F006", E, FileStatus.REJECTED, "xlsx", None, None),  # whose it is: sent back
    ("bomb", "F011", E, FileStatus.SKIPPED, "xlsx", None, None),
    ("billion laughs", "F007", E, FileStatus.REJECTED, "xlsx", None, None),  # whose it is: sent back
    ("xxe", "F007", E, FileStatus.REJECTED, "xlsx", None, None),  # whose it is: sent back
    ("utf-16 xxe", "F007", E, FileStatus.SKIPPED, "xlsx", None, None),
    ("far cell", "F012", E, FileStatus.REJECTED, "xlsx", layout.SHEET_ITEMS, "XFD1048576"),
    ("lying dimension", "F012", E, FileStatus.REJECTED, "xlsx", layout.SHEET_ITEMS, "XFD1048576"),
    ("far cell without spaces", "F012", E, FileStatus.REJECTED, "xlsx", layout.SHEET_ITEMS, "XFD1048576"),
    ("far cell behind a quoted r", "F012", E, FileStatus.REJECTED, "xlsx", layout.SHEET_ITEMS, "XFD1048576"),
    ("far cell with r twice", "F012", E, FileStatus.REJECTED, "xlsx", layout.SHEET_ITEMS, "XFD1048576"),
    ("not our template", "M001", E, FileStatus.SKIPPED, "xlsx", None, None),
    ("file cap", "F008", E, FileStatus.SKIPPED, "xlsx", None, None),
    ("members cap", "F009", E, FileStatus.SKIPPED, "xlsx", None, None),
    ("uncompressed cap", "F010", E, FileStatus.REJECTED, "xlsx", None, None),  # whose it is: sent back
    ("lock excel", "F017", W, FileStatus.IGNORED, None, None, None),
    ("lock libreoffice", "F017", W, FileStatus.IGNORED, None, None, None),
    ("ds_store", "F018", W, FileStatus.IGNORED, None, None, None),
    ("zone identifier", "F018", W, FileStatus.IGNORED, None, None, None),  # was F001, 「…配布した .xlsx に記入して」
    ("appledouble", "F018", W, FileStatus.IGNORED, None, None, None),
]


@pytest.mark.parametrize("case, code, severity, status, real_format, sheet, cell", CASES,
                         ids=[c[0] for c in CASES])
def test_file_case(plan, good, tmp_path, case, code, severity, status, real_format, sheet, cell):
    path, limits = make(case, good, tmp_path)
    result = read_return(path, plan, 2026, limits=limits)
    assert [(p.code, p.severity, p.sheet, p.cell) for p in result.problems] == [(code, severity, sheet, cell)]
    assert (result.status, result.real_format) == (status, real_format)
    assert result.problems[0].file == path.name
    assert result.unsafe == (code in UNSAFE), "no other parser may open a file that failed the checks"
    assert result.answers == [] or status == FileStatus.REJECTED


def test_the_good_file_is_accepted(plan, good):
    result = read_return(good, plan, 2026)
    assert (result.status, result.problems, result.unsafe) == (FileStatus.ACCEPTED, [], False)
    assert (result.section, result.year, result.real_format) == (SECTION, 2026, "xlsx")


@pytest.mark.parametrize("case", ["far cell", "billion laughs", "xxe", "crc", "corrupt deflate", "uncompressed cap"])
def test_reject_keeps_identity_from_properties(plan, good, tmp_path, case):
    """A file that cannot be parsed still says whose it is when its properties are readable — also when
    the check stopped at a part before them: the section gets it back, not a reminder (it was 未提出)."""
    path, limits = make(case, good, tmp_path)
    result = read_return(path, plan, 2026, limits=limits)
    assert (result.section, result.year, result.plan_id, result.status) == (SECTION, 2026, plan.id,
                                                                            FileStatus.REJECTED)


def test_a_directory_of_too_many_parts_is_not_read_for_its_properties(plan, good, tmp_path):
    path, limits = make("members cap", good, tmp_path)
    result = read_return(path, plan, 2026, limits=limits)
    assert (result.section, result.status) == (None, FileStatus.SKIPPED)


def test_messages_name_the_real_format(plan, tmp_path):
    path = tmp_path / "市民課.xlsx"
    path.write_bytes(craft.cfb({"Workbook": b"\x09\x08"}))
    message = read_return(path, plan, 2026).problems[0].message
    assert "古い形式の Excel ブック（.xls" in message and "保存し直して" in message
    path.write_bytes(craft.cfb({"EncryptedPackage": b"\0"}))
    assert "パスワードで保護（暗号化）されています" in read_return(path, plan, 2026).problems[0].message


def test_missing_path_is_reported(plan, tmp_path):
    result = read_return(tmp_path / "ない.xlsx", plan, 2026)
    assert ([p.code for p in result.problems], result.status) == (["F019"], FileStatus.SKIPPED)


SNIFF = [
    (b"", "empty"), (b"%PDF-1.4", "pdf"), (b"\x89PNG\r\n", "image"), (b"a,b\n1,2\n", "csv"),
    ("年度\t課名\nR8\t市民課\n".encode(), "csv"), ("こんにちは".encode("cp932"), "text"),
    (b"<html><body>x</body></html>", "html"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "xml-spreadsheet"),
    (b"PK\x03\x04broken", "zip"), (b"\x00\x01\x02\x03binary", "unknown"),
]


@pytest.mark.parametrize("data, fmt", SNIFF)
def test_sniff(data, fmt):
    assert sniff(data) == fmt


def test_macro_enabled_workbook_is_read(plan, good, tmp_path):
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    path = craft.rezip(good, tmp_path / "調査票.xlsm", {"[Content_Types].xml": lambda xml: xml.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", macro)})
    result = read_return(path, plan, 2026)
    assert (result.status, result.real_format, result.problems) == (FileStatus.ACCEPTED, "xlsm", [])


def test_a_workbook_under_another_name_is_read_by_its_content(plan, good, tmp_path):
    path = tmp_path / "添付ファイル.dat"
    path.write_bytes(good.read_bytes())
    result = read_return(path, plan, 2026)
    assert (result.status, result.section, result.real_format) == (FileStatus.ACCEPTED, SECTION, "xlsx")


def test_the_parent_never_reads_the_directory_of_a_zip_named_as_a_workbook(plan, good, tmp_path, monkeypatch):
    """What a zip named .xlsx really is, the worker finds out (its directory may be hostile: a million
    parts); the parent only reads, hashes and looks at the first bytes. Files of other names are still
    told apart in the parent (a .docx memo, an .ods)."""
    import zipfile

    from reform_xlsx.intake import sniff

    def refuse(data):
        raise AssertionError("the parent read a zip's directory")

    monkeypatch.setattr(sniff, "_sniff_zip", refuse)
    xlsm = tmp_path / "調査票.xlsm"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            out.writestr(info, body)
    for path, real in ((good, "xlsx"), (xlsm, "xlsm")):
        result = read_return(path, plan, 2026)
        assert (result.status, result.real_format) == (FileStatus.ACCEPTED, real)


def test_a_workbook_that_runs_out_of_time_is_still_named_by_its_real_format(plan, tmp_path):
    """The worker that finds out what a zip is did not finish: the short look that follows a failed read
    (whose file is it?) also says what the file is — an .xlsx, a macro workbook — not just "a zip"."""
    wb = openpyxl.Workbook()
    for r in range(1, 2000):
        for c in range(1, 40):
            wb.active.cell(r, c, r * c)
    slow = replace(Limits(), timeout_seconds=0.001)
    for name, real in (("大きい.xlsx", "xlsx"), ("大きい.xlsm", "xlsm")):
        wb.save(tmp_path / name)
        if real == "xlsm":  # the content type that makes it a macro workbook
            craft.rezip(tmp_path / name, tmp_path / "x.xlsm", {"[Content_Types].xml": lambda x: x.replace(
                b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")})
            (tmp_path / "x.xlsm").replace(tmp_path / name)
        result = read_return(tmp_path / name, plan, 2026, limits=slow)
        assert [p.code for p in result.problems] == ["F013"]
        assert (result.status, result.real_format) == (FileStatus.SKIPPED, real)


def test_text_cells_say_what_the_section_saw_when_the_spreadsheet_made_a_number_or_a_date(plan, good, tmp_path):
    """「100%」 typed into 取組実績 is stored as 1 shown 100%; 「3月31日」 as a date: the answer says what
    was seen (it said 「1」 and 「2027-03-31」 in 回答一覧, the packet and the public CSV; then 「2027年3月31日」, a year
    the spreadsheet assumed when it was typed and the section never saw)."""
    wb = openpyxl.load_workbook(good)
    item = next(r[0] for r in wb[layout.SHEET_ITEMS].iter_rows(min_row=layout.HEADER_ROW + 2, values_only=True) if r[0])
    cells = {label: craft.cell_of(wb, layout.SHEET_ITEMS, item, label) for label in ("取組実績", "課題・今後の方針")}

    def typed(wb):
        ws = wb[layout.SHEET_ITEMS]
        ws[cells["取組実績"]].value, ws[cells["取組実績"]].number_format = 1, "0%"
        ws[cells["課題・今後の方針"]].value = dt.datetime(2027, 3, 31)
        ws[cells["課題・今後の方針"]].number_format = 'm"月"d"日"'

    result = read_return(craft.edit(good, tmp_path / "typed.xlsx", typed), plan, 2026)
    assert result.status == FileStatus.ACCEPTED
    values = {a.field: a.value for a in result.answers if a.id == item and a.kind == "item"}
    assert (values["result"], values["plan_next"]) == ("100%", "3月31日")


@pytest.mark.parametrize("value, percent, shown", [
    (1, True, "100%"), (0.5, True, "50%"), (0.125, True, "12.5%"), (0.07, True, "7%"), (1, False, 1),
    (dt.datetime(2027, 3, 31, 12, 30), False, "2027年3月31日 12:30"), (dt.date(2027, 4, 1), False, "2027年4月1日"),
    (dt.time(9, 5), False, "9:05"),
    ("そのまま", True, "そのまま"), (True, True, True),
    (1e20, True, "1E+22%"), (-3e300, True, "-3E+302%"),  # as a percentage cell shows them
    (1e307, True, "1E+309%"), (-1.7976931348623157e308, True, "-1.79769313486232E+310%"),  # never 「inf%」
])
def test_text_shown(value, percent, shown):
    assert text_shown(value, percent) == shown


@pytest.mark.parametrize("code, shown", [
    ('[$-411]ge.m.d', "R9.3.31"),  # 「R9.3.31」 typed in Japanese Excel
    ('[$-411]ggge"年"m"月"d"日"', "令和9年3月31日"),  # 「令和9年3月31日」 typed
    ('[$-ja-JP-x-gannen]ggge"年"m"月"d"日"', "令和9年3月31日"),
    ('gge"年"mm"月"dd"日"', "令9年03月31日"),
    ('yyyy"年"m"月"d"日"', "2027年3月31日"),  # not an era: as it shows
    ('m"月"d"日"', "3月31日"),  # 「3/31」 typed in Excel or Calc: no year shown, none said (the year the spreadsheet
    ("m\\月d\\日", "3月31日"),  # assumed when it was typed: 2027 for 令和8年度's 4月1日 typed in May 2027)
    ("yyyy/m/d", "2027/3/31"),
    ("yyyy-mm-dd h:mm:ss", "2027年3月31日"),  # a format this does not render: the day in full
])
def test_a_date_in_a_text_cell_is_read_as_it_shows(plan, good, tmp_path, code, shown):
    """Japanese Excel turns 「R9.3.31」 typed into a free-text cell into a date shown in 和暦, 「3/31」 into one shown
    「3月31日」: the answer says what the section saw, not 「2027年3月31日」."""
    wb = openpyxl.load_workbook(good)
    item = next(r[0] for r in wb[layout.SHEET_ITEMS].iter_rows(min_row=layout.HEADER_ROW + 2, values_only=True) if r[0])
    cell = craft.cell_of(wb, layout.SHEET_ITEMS, item, "課題・今後の方針")

    def typed(wb):
        wb[layout.SHEET_ITEMS][cell].value = dt.datetime(2027, 3, 31)
        wb[layout.SHEET_ITEMS][cell].number_format = code

    result = read_return(craft.edit(good, tmp_path / "wareki.xlsx", typed), plan, 2026)
    assert result.status == FileStatus.ACCEPTED
    assert {a.field: a.value for a in result.answers if a.id == item and a.kind == "item"}["plan_next"] == shown


@pytest.mark.parametrize("code, day, shown", [
    ("[$-411]ge.m.d", dt.date(2019, 5, 1), "R1.5.1"), ("[$-411]ggge\"年\"m\"月\"d\"日\"", dt.date(2019, 4, 30), "平成31年4月30日"),
    ("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"", dt.date(2019, 5, 1), "令和元年5月1日"),
    ("ggge\\年m\\月d\\日", dt.date(2026, 4, 1), "令和8年4月1日"),
    ("[$-411]ge.m.d h:mm", dt.date(2026, 4, 1), None),  # a time too: left to the plain rendering
    ("[$-411]ggge\"年\"m\"月\"d\"日\";@", dt.date(2027, 3, 31), "令和9年3月31日"),  # Excel's dialog writes ;@
    ("[$-1030411]ggge\\年m\\月d\\日;@", dt.date(2027, 3, 31), "令和9年3月31日"),  # LibreOffice's
    ("[$-411]ge.m.d;\";\"", dt.date(2026, 4, 1), "R8.4.1"),
])
def test_era_text(code, day, shown):
    from reform_xlsx.intake.date_format import era_text

    assert era_text(code, day) == shown


def test_japanese_excels_built_in_era_formats_are_known_by_their_id():
    """Japanese Excel writes 和暦 as built-in formats (57, 58 …) without a numFmt entry."""
    from reform_xlsx.intake.workbook_reader import number_styles

    styles = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="4">'
              b'<xf numFmtId="0"/><xf numFmtId="57"/><xf numFmtId="58"/><xf numFmtId="9"/></cellXfs></styleSheet>')
    found = number_styles(styles)
    assert found.percent == {3} and set(found.era) == {1, 2}
    assert found.era[1] == "[$-411]ge.m.d"


def test_a_date_with_a_time_in_a_cell_that_shows_the_day_in_wareki_is_the_day():
    assert text_shown(dt.datetime(2027, 3, 31, 12, 0), False, "[$-411]ge.m.d") == "R9.3.31"  # as the cell shows it
    assert text_shown(dt.datetime(2027, 3, 31, 12, 0), False, None) == "2027年3月31日 12:00"


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")
def test_a_link_in_the_inbox_to_a_file_in_it_keeps_the_files_own_name(tmp_path):
    """A link and the file it points to are one file (read once); the name kept was the link's (「a_link.xlsx」,
    sorted first), the real file gone from the list. The real file's name is kept, wherever the link sorts."""
    real = tmp_path / "観光課.xlsx"
    real.write_bytes(b"PK\3\4")
    os.symlink(real.name, tmp_path / "a_link.xlsx")
    os.symlink(real.name, tmp_path / "zz_link.xlsx")
    (tmp_path / "sub").mkdir()
    os.symlink(real, tmp_path / "sub" / "0.xlsx")
    assert [(f.name, f.path) for f in walk.walk([tmp_path])] == [("観光課.xlsx", real.resolve())]


def test_a_workbook_renamed_with_a_lock_files_prefix_is_read(plan, good, tmp_path):
    """A complete 調査票 someone named 「~$市民課.xlsx」 was ignored as a lock file (F017) and its answers lost:
    Excel's owner files are 162–165 bytes, so a 「~$…xlsx」 far larger is read as the workbook it is."""
    renamed = tmp_path / "~$市民課.xlsx"
    renamed.write_bytes(good.read_bytes())
    result = read_return(renamed, plan, 2026)
    assert (result.status, result.section, result.problems) == (FileStatus.ACCEPTED, SECTION, [])
    (tmp_path / "~$owner.xlsx").write_bytes(b"\0" * 165)
    assert [p.code for p in read_return(tmp_path / "~$owner.xlsx", plan, 2026).problems] == ["F017"]


def test_a_file_over_the_size_cap_is_not_read_past_it(tmp_path, monkeypatch):
    """A huge file dropped in the inbox (a meeting's video named .xlsx) is refused unread (F008) without being
    hashed to its end first: a 50 GB file would hold the whole batch for minutes. What stands for its hash is the
    same the next time (the ledger knows it), and differs for another file of that size and head."""
    import hashlib

    from reform_xlsx.intake import files

    fed: list[int] = []
    real = hashlib.sha256

    class Counting:
        def __init__(self):
            self._hash = real()

        def update(self, data: bytes) -> None:
            fed.append(len(data))
            self._hash.update(data)

        def hexdigest(self) -> str:
            return self._hash.hexdigest()

    big, other = tmp_path / "会議録画.xlsx", tmp_path / "別の録画.xlsx"
    for path, when in ((big, 1_700_000_000), (other, 1_700_000_100)):
        with open(path, "wb") as f:
            f.truncate(256 << 20)  # sparse: nothing is written
        os.utime(path, (when, when))
    monkeypatch.setattr(files.hashlib, "sha256", Counting)
    data, digest, size, _mtime, kind = files.read_bytes(big, 1 << 20)
    assert (size, kind, len(data)) == (256 << 20, None, 64 * 1024)
    assert sum(fed) <= 4 << 20
    assert files.read_bytes(big, 1 << 20)[1] == digest != files.read_bytes(other, 1 << 20)[1]
    small = tmp_path / "small.bin"
    small.write_bytes(b"x" * 1000)
    assert files.read_bytes(small, 1 << 20)[1] == real(b"x" * 1000).hexdigest()  # a file under the cap: its sha256



def test_a_workbook_a_sensitivity_label_encrypted_is_told_apart_from_a_password(plan, good, tmp_path):
    """A label that encrypts (or 「アクセスの制限」) sets no password: the section is told to choose a label that does not
    encrypt, not to remove a password it never set (F005)."""
    path, _limits = make("rights managed", good, tmp_path)
    said = read_return(path, plan, 2026).problems[0].message
    assert "秘密度ラベル" in said and "暗号化しないラベル" in said and "パスワードを消して" not in said
