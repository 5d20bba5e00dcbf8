"""The pure pieces of the reader: sheet XML scans, metadata, file classification, caps."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reform_xlsx.form import layout
from reform_xlsx.intake import walk as walk_module
from reform_xlsx.intake.cells import a1, column_letters, column_number, is_a1
from reform_xlsx.intake.identify import combine, meta_sheet_values
from reform_xlsx.intake.limits import human_bytes
from reform_xlsx.intake.parts import application, core_modified, custom_properties
from reform_xlsx.intake.reader import read_error_detail
from reform_xlsx.intake.walk import (
    CLOSED,
    LOCK,
    MISSING,
    OTHER,
    SYSTEM,
    WORKBOOK,
    classify,
    path_text,
    root_labels,
    shown_name,
    walk,
)
from reform_xlsx.intake.workbook_reader import long_texts, sheet_extent, special_cells
from reform_xlsx.os_reasons import os_reason

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(cells: str) -> bytes:
    return f'<worksheet {NS}><sheetData>{cells}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize("cells, extent", [
    ('<row r="1"><c r="A1"><v>1</v></c></row>', (1, 1)),
    ('<row r="3"><c r="B3"><v>1</v></c><c r="M3"><v>1</v></c></row>', (3, 13)),
    ('<row r="1"><c r="A1"/></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    ('<row r="500"/>', (0, 0)),  # a row without cells holds nothing (calamine reads no cell there)
    # LibreOffice after a row was deleted: an empty last row, the cells where they are (was F012)
    ('<row r="5"><c r="I5"><v>1</v></c></row><row r="1048576" customFormat="false" ht="12.8"></row>', (5, 9)),
    # a cell without its own reference in that last row: placed there, so counted there
    ('<row r="5"><c r="I5"><v>1</v></c></row><row r="1048576"><c t="n"><v>1</v></c></row>', (1048578, 11)),
    ('<row r="5"><c a=">" r="I5"><v>1</v></c></row><row r="1048576"></row>', (5, 9)),  # a quoted '>' taken whole
    # a cell whose own place is in doubt: the rows count (calamine would put it in its row, or far)
    ('<row r="5"><c r="I5"><v>1</v></c></row><row r="1048576"><c foo=" r=\'A1\'" r="P1048576"><v>1</v></c></row>',
     (1048576, 16)),  # a fake r inside another attribute's value
    ('<row r="5"><c r="I5"><v>1</v></c></row><row r="1048576"><c x:r="A1"><v>1</v></c></row>', (1048576, 9)),
    ('<row r="5"><c r="I5"><v>1</v></c></row><row r="1048576"><c r="A1" r="XFD1048576"><v>1</v></c></row>',
     (1048576, 16384)),  # the attribute twice
    ('<row r="5"><c r="I5"><v>1</v></c></row><row r="1048576"><c r=" A1"><v>1</v></c></row>', (1048576, 9)),
    ("", (0, 0)),
    # prefixed tags, r after other attributes or after a tab or a line break
    ('<x:row r="2"><x:c s="1" r="D2"><x:v>1</x:v></x:c><c\tt="n"\nr="F7"/></x:row>', (7, 6)),
    # other attributes ending in r, a formula's ref, a view's top-left cell: not cells
    ('<row r="2" spans="1:9"><c r="B2"><f t="shared" ref="A1:Z900" si="0">A1</f></c>'
     '<c r="C2" s="1" customFormat="1" autoFilter="1"/></row>', (2, 3)),
    # however a hostile sender writes the reference, calamine reads it: so does the extent
    ('<row r="1"><c r="A1"><v>1</v></c></row><row spans="1:1"r="1048576"><c s="0"r="XFD1048576"><v>1</v></c></row>',
     (1048576, 16384)),  # no space before r
    ("<row r='1'><c r='XFD1048576'><v>1</v></c></row>", (1048576, 16384)),  # single quotes
    ('<row r = "30"><c r = "E30"><v>1</v></c></row>', (30, 5)),  # spaces around =
    ('<row r="30"><c r="e30"><v>1</v></c></row>', (30, 5)),  # lower case
    ('<row r="00000030"><c r="E00000030"><v>1</v></c></row>', (30, 5)),  # leading zeros
    ('<row r="1"><c r="ABCDE1"><v>1</v></c></row>', (1, 494265)),  # past XFD
    # cells and rows without a reference of their own are counted on from the last one (never less)
    ('<row r="2"><c r="B2"><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>', (3, 5)),
    ('<row><c><v>1</v></c></row><row><c><v>1</v></c></row>', (2, 2)),
])
def test_sheet_extent(cells, extent):
    assert sheet_extent(sheet(cells)) == extent


def test_sheet_extent_ignores_the_views_and_the_declared_dimension():
    xml = (f'<worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetViews><sheetView><pane topLeftCell="Q500"/>'
           '<selection activeCell="R600" sqref="R600"/></sheetView></sheetViews>'
           '<sheetData><row r="4"><c r="C4"><v>1</v></c></row></sheetData></worksheet>').encode()
    assert sheet_extent(xml) == (4, 3)


@pytest.mark.parametrize("cells, special", [
    ('<row r="1"><c r="A1"><f>SUM(B1:B3)</f><v>6</v></c></row>', True),
    ('<row r="1"><c r="A1"><f t="shared" si="0"/><v>6</v></c></row>', True),
    ('<row r="1"><c r="A1"><f/></c></row>', True),
    ('<x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c></x:row>', True),
    ('<row r="1"><c r="A1"><f\nt="shared" si="0"/></c></row>', True),
    ('<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c></row>', True),
    ("<row r='1'><c r='A1' t='e'><v>#N/A</v></c></row>", True),
    ('<row r="1"><c r="A1" t = "e"><v>#N/A</v></c></row>', True),
    # text and attributes full of f: no formula
    ('<row r="1" customFormat="1"><c r="F1" t="inlineStr"><is><t>of &lt;fine&gt; stuff: f</t></is></c></row>', False),
    ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', False),
])
def test_a_sheet_that_may_hold_formulas_or_errors(cells, special):
    from reform_xlsx.intake.workbook_reader import _may_have_special

    assert _may_have_special(sheet(cells)) is special


def test_special_cells_finds_formulas_and_errors():
    xml = sheet('<row r="4"><c r="J4"><f>SUM(A1:A3)</f><v>6</v></c><c r="K4" t="e"><v>#REF!</v></c>'
                '<c r="L4" t="s"><v>0</v></c><c r="M4"><f t="shared" si="0"/><v>1</v></c></row>')
    assert special_cells(xml) == {"J4": ("formula", "=SUM(A1:A3)"), "K4": ("error", "#REF!"),
                                  "M4": ("formula", "共有の数式")}


def test_long_texts_measures_shared_and_inline_strings():
    shared = f'<sst {NS}><si><t>short</t></si><si><r><t>{"x" * 20000}</t></r><r><t>{"y" * 20000}</t></r></si></sst>'
    xml = sheet(f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                f'<c r="C1" t="inlineStr"><is><t>{"z" * 32768}</t></is></c></row>')
    assert long_texts(xml, shared.encode()) == {"B1": ("too_long", 40000), "C1": ("too_long", 32768)}


_RUBY = "".join(f'<rPh sb="{i}" eb="{i + 1}"><t>{"デンシ" * 100}</t></rPh>' for i in range(20))  # 6,000 kana
_PHONETIC = '<phoneticPr fontId="1" type="noConversion"/>'


@pytest.mark.parametrize("body, length", [
    (f'<t>{"x" * 30000}</t>{_RUBY}{_PHONETIC}', None),  # IME-typed text: its furigana are not its text
    (f'<r><t>{"x" * 15000}</t></r><r><t>{"y" * 15000}</t></r>{_RUBY}', None),  # runs of two fonts, with furigana
    (f'<t>{"x" * 32767}</t>{_RUBY}', None),  # the limit itself (V022 is the validator's, on the text read)
    (f'<t>{"x" * 32768}</t>{_RUBY}{_PHONETIC}', 32768),  # over the limit, furigana or not
    (f'<r><t>{"x" * 20000}</t></r>{_RUBY}<r><t>{"y" * 20000}</t></r>', 40000),
    (f'<t>{"𠮷" * 16384}</t>{_RUBY}', 32768),  # counted as Excel counts: a surrogate pair is two
    (f'<t>{"x" * 100}</t><rPh sb="0" eb="1"><t>{"ア" * 40000}</t></rPh>', None),  # furigana alone over the limit
])
@pytest.mark.parametrize("where", ["shared", "inline"])
def test_long_texts_count_the_text_not_its_furigana(body, length, where):
    """Japanese Excel keeps furigana (<rPh>) beside text typed through the IME; they are not the cell's text (Excel
    and calamine leave them out), so they do not make a text of 30,000 characters too long (V010)."""
    if where == "shared":
        shared, cell = f'<sst {NS}><si>{body}</si></sst>'.encode(), '<c r="G5" t="s"><v>0</v></c>'
    else:
        shared, cell = b"", f'<c r="G5" t="inlineStr"><is>{body}</is></c>'
    expected = {} if length is None else {"G5": ("too_long", length)}
    assert long_texts(sheet(f'<row r="5">{cell}</row>'), shared) == expected


def test_meta_sheet_values_and_properties_combine():
    rows = [[layout.META_SECTION, "市民課"], ["", ""], ["メモ", layout.META_FISCAL_YEAR, "R8"],
            [layout.META_PLAN_ID, None, "nihonmatsu"], [layout.META_FORMAT_VERSION, 1.0]]
    sheet_values = meta_sheet_values(rows)
    assert sheet_values == {layout.META_SECTION: "市民課", layout.META_FISCAL_YEAR: "R8",
                            layout.META_PLAN_ID: "nihonmatsu", layout.META_FORMAT_VERSION: "1"}
    values, conflicts = combine({layout.META_SECTION: "税務課", "Company": "x"}, sheet_values, "a.xlsx")
    assert values[layout.META_SECTION] == "税務課" and "Company" not in values
    assert [(p.code, p.sheet) for p in conflicts] == [("M008", layout.SHEET_META)]
    assert "「課名」" in conflicts[0].message and "reform_xlsx." not in conflicts[0].message


def test_custom_properties_and_save_time():
    custom = (b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="reform_xlsx.section">'
              b'<vt:lpwstr>\xe5\xb8\x82\xe6\xb0\x91\xe8\xaa\xb2</vt:lpwstr></property></Properties>')
    assert custom_properties(custom) == {"reform_xlsx.section": "市民課"}
    core = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            b'xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:modified>2026-05-01T00:00:00Z</dcterms:modified>'
            b'</cp:coreProperties>')
    assert core_modified(core) == 1777593600.0


@pytest.mark.parametrize("name, kind", [
    ("~$令和8年度_市民課.xlsx", LOCK), (".~lock.令和8年度_市民課.xlsx#", LOCK), ("._市民課.xlsx", SYSTEM),
    (".DS_Store", SYSTEM), ("Thumbs.db", SYSTEM), ("desktop.ini", SYSTEM), ("市民課.XLSX", WORKBOOK),
    ("市民課.xlsm", WORKBOOK), ("市民課.xls", OTHER), ("市民課.csv", OTHER), ("__MACOSX/市民課.xlsx", SYSTEM),
    (".~reform-xlsx-k2j4_x.xlsx", SYSTEM),  # a killed run's half-written output: never a return
])
def test_classify(name, kind):
    assert classify(Path("inbox") / name)[0] == kind


def _posix_name(raw: bytes) -> str:
    """A name as Python gives it for these bytes on Linux (undecodable bytes as lone surrogates)."""
    return raw.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("name, shown, text", [
    ("市民課.xlsx", "市民課.xlsx", "市民課.xlsx"),                              # valid names stay as they are
    (_posix_name("市民課.xlsx".encode("cp932")), "市民課.xlsx", r"\x8es\x96\xaf\x89\xdb.xlsx"),  # Shift_JIS
    (_posix_name("再提出".encode("cp932")) + "/税務課.xlsx", "再提出/税務課.xlsx",  # per folder and file
     r"\x8dĒ\xf1\x8fo/税務課.xlsx"),
    (_posix_name(b"\xff\xfe.xlsx"), r"\xff\xfe.xlsx", r"\xff\xfe.xlsx"),  # not Shift_JIS either
    (_posix_name(b"\xfd\xfe\xff.xlsx"), r"\xfd\xfe\xff.xlsx", r"\xfd\xfe\xff.xlsx"),  # cp932 private use: no
    ("a\ud800b.xlsx", r"a\ud800b.xlsx", r"a\ud800b.xlsx"),  # Windows: a surrogate that stands for no byte
    # control characters a share or a zip can give: an ESC would colour the console, a newline break the table
    ("\x1b[31m市民課\n.xlsx", r"\x1b[31m市民課\x0a.xlsx", "\x1b[31m市民課\n.xlsx"), ("鈴\x07.xlsx", r"鈴\x07.xlsx", "鈴\x07.xlsx"),
    # format characters that reorder a line (shows 「xslx.exe」 as 「exe.xlsx」) or break it: named, never obeyed
    ("市民課\u202exslx.exe", r"市民課\u202exslx.exe", "市民課\u202exslx.exe"),
    ("a\u2028b\u2066c\u200f.xlsx", r"a\u2028b\u2066c\u200f.xlsx", "a\u2028b\u2066c\u200f.xlsx"),
    ("絵文字\U0001f468\u200d\U0001f469.xlsx", "絵文字\U0001f468\u200d\U0001f469.xlsx",  # a joiner in an emoji stays
     "絵文字\U0001f468\u200d\U0001f469.xlsx"),
])
def test_names_that_are_not_unicode(name, shown, text):
    assert shown_name(name) == shown
    assert path_text(name) == text
    for out in (shown_name(name), path_text(name)):
        out.encode("utf-8")  # writable anywhere


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="POSIX links")
def test_a_link_loop_is_named_for_what_it_is(tmp_path):
    os.symlink("b.xlsx", tmp_path / "a.xlsx")
    os.symlink("a.xlsx", tmp_path / "b.xlsx")
    found = walk([tmp_path])
    assert [(f.name, f.kind, f.detail) for f in found] == [
        ("a.xlsx", MISSING, "リンクが循環しています"), ("b.xlsx", MISSING, "リンクが循環しています")]


def _closed(folder: Path, monkeypatch) -> None:
    """``folder`` cannot be listed, as for a user without the right to read it (the tests run as root)."""
    real = os.scandir

    def scandir(path="."):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_named_not_passed_over(tmp_path, monkeypatch):
    (tmp_path / "鍵付き").mkdir()
    (tmp_path / "鍵付き" / "市民課（再送）.xlsx").write_bytes(b"PK")
    (tmp_path / "税務課.xlsx").write_bytes(b"PK")
    _closed(tmp_path / "鍵付き", monkeypatch)
    found = walk([tmp_path])
    assert [(f.name, f.kind, f.detail) for f in found] == [
        ("税務課.xlsx", WORKBOOK, ""), ("鍵付き/", CLOSED, "読む権限がありません")]


def _deep(top: Path, levels: int, name: str) -> list[Path]:
    """``levels`` nested folders of ``name`` under ``top``, each holding 「課.xlsx」 — made through folder handles,
    as the path soon passes what the system takes (PATH_MAX, 4096 bytes on Linux)."""
    made, fd = [], os.open(top, os.O_RDONLY)
    try:
        for n in range(levels):
            os.mkdir(f"{name}{n}", dir_fd=fd)
            inner = os.open(f"{name}{n}", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            os.close(os.open("課.xlsx", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
            made.append((made[-1] if made else top) / f"{name}{n}")
    finally:
        os.close(fd)
    return made


@pytest.mark.skipif(sys.platform == "win32", reason="dir_fd, PATH_MAX")
def test_a_folder_too_deep_to_open_is_named_and_everything_else_read(tmp_path):
    (tmp_path / "税務課.xlsx").write_bytes(b"PK")
    folders = _deep(tmp_path, 25, "深" * 60)  # 180 bytes a level: past 4096 bytes well before the 25th
    found = walk([tmp_path])
    fits = [f for f in folders if len(os.fsencode(f)) < 4096]  # what the system opens (4096 with the final NUL)
    assert 5 < len(fits) < len(folders)
    too_long = "パスが長すぎます。フォルダが深すぎるか、名前が長すぎます"
    expected = {(tmp_path / "税務課.xlsx", WORKBOOK, ""), (folders[len(fits)], CLOSED, too_long)}
    expected |= {(f / "課.xlsx", WORKBOOK if len(os.fsencode(f / "課.xlsx")) < 4096 else MISSING,
                  "" if len(os.fsencode(f / "課.xlsx")) < 4096 else too_long) for f in fits}
    assert {(f.path, f.kind, f.detail) for f in found} == expected and len(found) == len(expected)
    closed = next(f for f in found if f.kind == CLOSED)
    assert closed.name == folders[len(fits)].relative_to(tmp_path).as_posix() + "/"


@pytest.mark.parametrize("broken", ["folder", "file"])
def test_an_entry_the_system_cannot_look_at_stops_nothing_else(tmp_path, monkeypatch, broken):
    """An I/O error (a share gone away, a bad sector) on one entry: that entry is named, the others read."""
    (tmp_path / "支所").mkdir()
    (tmp_path / "支所" / "市民課.xlsx").write_bytes(b"PK")
    (tmp_path / "税務課.xlsx").write_bytes(b"PK")
    bad = tmp_path / "支所" if broken == "folder" else tmp_path / "支所" / "市民課.xlsx"
    real_lstat, real_realpath = os.lstat, os.path.realpath

    def lstat(path, *args, **kwargs):
        if Path(path) == bad:
            raise OSError(5, "Input/output error", os.fspath(path))
        return real_lstat(path, *args, **kwargs)

    def realpath(path, *args, **kwargs):
        if Path(path) == bad:
            raise OSError(5, "Input/output error", os.fspath(path))
        return real_realpath(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os.path, "realpath", realpath)
    found = walk([tmp_path])
    if broken == "folder":
        assert [(f.name, f.kind, f.detail) for f in found] == [("税務課.xlsx", WORKBOOK, ""), ("支所/", CLOSED, os_reason(OSError(5, "")))]
    else:
        assert [(f.name, f.kind) for f in found] == [("支所/市民課.xlsx", MISSING), ("税務課.xlsx", WORKBOOK)]


def _winerror(code: int, path: str) -> OSError:
    exc = FileNotFoundError(2, "ファイル名または拡張子が長すぎます。", path)
    exc.winerror = code  # as Python on Windows sets it (POSIX has no such attribute)
    return exc


LONG = "/受信/" + "各課からの返送分_メール添付を保存したもの/" * 12 + "課.xlsx"  # past 260 characters


@pytest.mark.parametrize("windows, exc, path, says", [
    (False, OSError(36, "File name too long", "/a/x.xlsx"), None, walk_module.TOO_LONG),
    (True, OSError(36, "File name too long", "/a/x.xlsx"), None, walk_module.WINDOWS_TOO_LONG),
    (False, _winerror(206, "C:/a/x.xlsx"), None, walk_module.WINDOWS_TOO_LONG),  # ERROR_FILENAME_EXCED_RANGE
    (True, _winerror(206, "C:/a/x.xlsx"), None, walk_module.WINDOWS_TOO_LONG),
    (True, _winerror(3, LONG), None, walk_module.WINDOWS_TOO_LONG),  # ERROR_PATH_NOT_FOUND on a path past 259
    (True, FileNotFoundError(2, "not found", LONG), None, walk_module.WINDOWS_TOO_LONG),
    (True, FileNotFoundError(2, "not found"), LONG, walk_module.WINDOWS_TOO_LONG),  # the path given
    (True, FileNotFoundError(2, "not found", "/受信/課.xlsx"), None, ""),  # short: really not found
    (False, FileNotFoundError(2, "not found", LONG), None, ""),  # elsewhere a long path is no cause of ENOENT
    (True, PermissionError(13, "denied", LONG), None, ""),
])
def test_a_path_too_long_is_known_also_on_windows(monkeypatch, windows, exc, path, says):
    """Windows without long-path support refuses a path of 260 characters or more as not found (WinError 206 or 3,
    a FileNotFoundError), never ENAMETOOLONG: still said to be too long, with Windows' limit and what to do."""
    monkeypatch.setattr(walk_module, "ON_WINDOWS", windows)
    assert len(LONG) >= walk_module.WINDOWS_MAX_PATH
    assert walk_module.too_long(exc, path) == says


def test_a_listed_file_windows_says_is_too_long_is_named_so(tmp_path, monkeypatch):
    """A file in a folder seven levels deep (seen in Explorer): listed, then refused as WinError 206 — F019 says the
    path is too long (it said 「見つかりません」) and how to shorten it; the other files are read."""
    (tmp_path / "税務課.xlsx").write_bytes(b"PK")
    (tmp_path / "深い").mkdir()
    deep = tmp_path / "深い" / "市民課.xlsx"
    deep.write_bytes(b"PK")
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        if Path(path) == deep:
            raise _winerror(206, os.fspath(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    found = walk([tmp_path])
    assert [(f.name, f.kind, f.detail) for f in found] == [
        ("深い/市民課.xlsx", MISSING, walk_module.WINDOWS_TOO_LONG), ("税務課.xlsx", WORKBOOK, "")]
    assert "260" in walk_module.WINDOWS_TOO_LONG or "259" in walk_module.WINDOWS_TOO_LONG
    assert "ドライブの直下" in walk_module.WINDOWS_TOO_LONG


@pytest.mark.parametrize("roots, labels", [
    (["/a/本庁/回答", "/a/支所/回答"], ["本庁/回答", "支所/回答"]),  # two folders of one name: told apart
    (["/a/回答", "/b/受信"], ["回答", "受信"]),
    (["/x/a/回答", "/y/a/回答", "/z/受信"], ["x/a/回答", "y/a/回答", "受信"]),
])
def test_files_of_several_folders_are_named_so_that_two_folders_of_one_name_differ(roots, labels):
    assert root_labels([Path(r) for r in roots]) == labels


def test_no_two_files_ever_share_a_name(tmp_path):
    """本庁/回答 and 支所/回答 and USB/本庁 (holding 回答/課.xlsx), and two x.xlsx given from two folders: each name
    stands for one file (--received-at dated both, 受付結果 showed two rows of one name)."""
    for place in ("本庁/回答", "支所/回答", "USB/本庁/回答", "a", "b"):
        (tmp_path / place).mkdir(parents=True)
    for place in ("本庁/回答", "支所/回答", "USB/本庁/回答"):
        (tmp_path / place / "課.xlsx").write_bytes(place.encode())
    (tmp_path / "a" / "x.xlsx").write_bytes(b"a")
    (tmp_path / "b" / "x.xlsx").write_bytes(b"b")
    found = walk([tmp_path / "本庁" / "回答", tmp_path / "支所" / "回答", tmp_path / "USB" / "本庁",
                  tmp_path / "a" / "x.xlsx", tmp_path / "b" / "x.xlsx"])
    names = [f.name for f in found]
    assert len(found) == 5 and len(set(names)) == 5
    assert "支所/回答/課.xlsx" in names  # a name of its own stays short


def test_two_inboxes_of_one_name_give_their_files_different_names(tmp_path):
    for place in ("本庁", "支所"):
        (tmp_path / place / "回答").mkdir(parents=True)
        (tmp_path / place / "回答" / "調査票.xlsx").write_bytes(b"PK")
    found = walk([tmp_path / "本庁" / "回答", tmp_path / "支所" / "回答"])
    assert [f.name for f in found] == ["本庁/回答/調査票.xlsx", "支所/回答/調査票.xlsx"]


@pytest.mark.parametrize("detail, text", [
    ("CalamineError: Unrecognized boolean cell value", "シートの中身が Excel の形式として正しくない"),
    ("ParseError: not well-formed (invalid token): line 1, column 5", "XML が壊れている"),
    ("XmlError: Xml error: Unexpected EOF", "XML が壊れている"),
    ("WorksheetNotFound: Worksheet 'x' not found", "シートの部品が見つからない"),
    ("ZipError: Zip error: unsupported compression method", "zip の中身を読めない（圧縮の方式が違うか、壊れている）"),
    ("LookupError: unknown encoding: s", "文字コードの指定が正しくない"),
    ("ZeroDivisionError: division by zero", "ブックの構造が正しくない"),
    ("", "ブックの構造が正しくない"), (None, "ブックの構造が正しくない"),
])
def test_read_errors_are_said_in_japanese_without_the_library_text(detail, text):
    assert read_error_detail(detail) == text
    assert not any("a" <= ch.lower() <= "z" for ch in text.replace("XML", "").replace("Excel", "").replace("zip", ""))


@pytest.mark.parametrize("letters, number", [("A", 1), ("Z", 26), ("AA", 27), ("AZ", 52), ("XFD", 16384)])
def test_column_letters_and_numbers(letters, number):
    assert column_number(letters) == number and column_letters(number) == letters


@pytest.mark.parametrize("ref, ok", [("A1", True), ("XFD1048576", True), ("XFE1", False), ("A1048577", False),
                                     ("A0", False), ("a1", False), ("", False), ("A1:B2", False)])
def test_is_a1(ref, ok):
    assert is_a1(ref) is ok


def test_a1_is_zero_based():
    assert (a1(0, 0), a1(3, 9)) == ("A1", "J4")


@pytest.mark.parametrize("size, text", [(512, "512 バイト"), (2048, "2 KB"), (20 << 20, "20 MB"), (1536 << 20, "1.5 GB")])
def test_human_bytes(size, text):
    assert human_bytes(size) == text


# --- percentage formats: the styles part is scanned, so it must agree with a tree parse ----------
def styles(num_fmts: str, cell_xfs: str, prefix: str = "", style_xfs: str = "<xf numFmtId='9'/>") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return (f'<{p}styleSheet {ns}><{p}numFmts>{num_fmts}</{p}numFmts>'
            f'<{p}cellStyleXfs>{style_xfs}</{p}cellStyleXfs>'
            f'<{p}cellXfs count="9">{cell_xfs}</{p}cellXfs></{p}styleSheet>').encode()


def tree_percent_styles(xml: bytes) -> set[int]:
    """The same question answered by a full parse (the oracle)."""
    from defusedxml import ElementTree

    from reform_xlsx.intake.workbook_reader import is_percent_format
    root = ElementTree.fromstring(xml)
    codes = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iter() if f.tag.endswith("}numFmt")}
    cell_xfs = next(e for e in root if e.tag.endswith("}cellXfs"))
    ids = [int(x.get("numFmtId", "0") or 0) for x in cell_xfs if x.tag.endswith("}xf")]
    return {n for n, i in enumerate(ids) if i in (9, 10) or is_percent_format(codes.get(i, ""))}


STYLES_CASES = [
    ("built-in 0% and 0.00%", styles("", '<xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/>'), {1, 2}),
    ("custom % format", styles('<numFmt numFmtId="164" formatCode="0.0%"/>', '<xf numFmtId="164"/>'), {0}),
    ("% in quotes is text", styles('<numFmt numFmtId="165" formatCode="0&quot;%&quot;"/>',
                                   '<xf numFmtId="165"/>'), set()),
    ("% as a character reference", styles('<numFmt numFmtId="166" formatCode="0&#37;"/>',
                                          '<xf numFmtId="1"/><xf numFmtId="166"/>'), {1}),
    ("escaped % is text", styles('<numFmt numFmtId="167" formatCode="0\\%"/>', '<xf numFmtId="167"/>'), set()),
    ("single quotes, spaces, other attributes first",
     styles("<numFmt formatCode='0%' numFmtId = '170'/>", "<xf fontId='2' numFmtId = '170' xfId='0'/>"), {0}),
    ("xf without numFmtId, children, self-closing", styles(
        "", '<xf fontId="1"><alignment wrapText="1"/></xf><xf numFmtId="9" applyNumberFormat="1"><protection/></xf>'),
     {1}),
    ("applyNumFmtId is not numFmtId", styles("", '<xf applyNumFmtId="9" numFmtId="0"/><xf numFmtId="9"/>'), {1}),
    ("a prefix (Strict files, other writers)",
     styles('<x:numFmt numFmtId="164" formatCode="0%"/>', '<x:xf numFmtId="0"/><x:xf numFmtId="164"/>', "x"), {1}),
    ("cellStyleXfs do not count", styles("", '<xf numFmtId="0"/>', style_xfs='<xf numFmtId="9"/><xf numFmtId="9"/>'),
     set()),
    ("a comment is not an xf", styles("", '<!-- <xf numFmtId="9"/> --><xf numFmtId="0"/><xf numFmtId="9"/>'), {1}),
]


@pytest.mark.parametrize("name, xml, expected", STYLES_CASES, ids=[c[0] for c in STYLES_CASES])
def test_percent_styles(name, xml, expected):
    from reform_xlsx.intake.workbook_reader import percent_styles

    assert percent_styles(xml) == expected
    if b"<!--" not in xml:
        assert tree_percent_styles(xml) == expected  # the oracle agrees with the table


def test_percent_styles_of_an_empty_or_formatless_part():
    from reform_xlsx.intake.workbook_reader import percent_styles

    assert percent_styles(b"") == set()
    assert percent_styles(f'<styleSheet {NS}><cellXfs count="0"/></styleSheet>'.encode()) == set()


@pytest.mark.parametrize("cells, styles_, expected", [
    ('<c r="A1" s="3"/><c r="B1" s="12"><v>1</v></c><c s="12" r="C1"/><c r="D1" s="120"/>', {12}, {"B1", "C1"}),
    ('<c r="A1" s="012"/><c r="B1" s="1"/>', {12, 1}, {"A1", "B1"}),
    ('<x:c r="E5" s="7" t="n"><x:v>0.5</x:v></x:c>', {7}, {"E5"}),
    ('<c r="A1" s="40"/><c r="B1" s="3"/><c s="99" r="C1"/>', set(range(40, 100)), {"A1", "C1"}),  # many formats
])
def test_percent_cells(cells, styles_, expected):
    from reform_xlsx.intake.workbook_reader import NumberStyles, formatted_cells

    found = formatted_cells(sheet(f"<row>{cells}</row>"), NumberStyles(percent=frozenset(styles_)))
    assert found == {"percent": expected, "era": {}, "numbers": {}, "dates": {}, "marked": set()}


def test_formatted_cells_sorts_each_cell_by_its_format_in_one_pass():
    from reform_xlsx.intake.workbook_reader import NumberStyles, formatted_cells

    styles_ = NumberStyles(percent=frozenset({2, 9}), era={5: '[$-ja-JP]ggge"年"m"月"d"日"'},
                           numbers={7: "#,##0", 9: "0.0%"},  # a percent format is also a number format
                           dates={11: 'm"月"d"日"'}, marked=frozenset({9}))
    xml = sheet('<row><c r="A1" s="2"/><c r="B1" s="5"/><c r="C1" s="7"/><c r="D1" s="9"/><c r="E1" s="3"/>'
                '<c r="F1" s="11"/></row>')
    assert formatted_cells(xml, styles_) == {
        "percent": {"A1", "D1"}, "era": {"B1": '[$-ja-JP]ggge"年"m"月"d"日"'}, "numbers": {"C1": "#,##0", "D1": "0.0%"},
        "dates": {"F1": 'm"月"d"日"'}, "marked": {"D1"}}
    assert formatted_cells(xml, NumberStyles()) == {"percent": set(), "era": {}, "numbers": {}, "dates": {}, "marked": set()}


# --- the small parts read with expat: the same answers as a tree parse (the oracle) -------------------
def tree_sheet_parts(workbook_xml: bytes, rels_xml: bytes):
    import posixpath

    from defusedxml import ElementTree

    from reform_xlsx.intake.parts import local
    targets = {}
    for rel in ElementTree.fromstring(rels_xml).iter():
        if local(rel.tag) == "Relationship":
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
    return [(s.get("name", ""), targets.get(next((v for k, v in s.attrib.items() if k.startswith("{")
                                                  and local(k) == "id"), None), ""), s.get("state", "visible"))
            for s in ElementTree.fromstring(workbook_xml).iter() if local(s.tag) == "sheet"]


def tree_custom_properties(custom_xml: bytes):
    from defusedxml import ElementTree
    props = {}
    for prop in ElementTree.fromstring(custom_xml):
        if prop.get("name") is not None:
            value = next(iter(prop), None)
            props[prop.get("name")] = "" if value is None or value.text is None else value.text.strip()
    return props


R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
STRICT_R = 'xmlns:q="http://purl.oclc.org/ooxml/officeDocument/relationships"'
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="t"/>'
        '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml" Type="t"/>'
        '<Relationship Id="rId3" Target="../xl/worksheets/./sheet3.xml" Type="t"/></Relationships>')
WORKBOOKS = [
    f'<workbook {NS} {R}><sheets><sheet name="取組状況" sheetId="1" r:id="rId1"/>'
    f'<sheet name="A&amp;B &#x4E00;" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
    f'<x:workbook xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" {STRICT_R}><x:sheets>'
    f'<x:sheet name="KPI" sheetId="1" q:id="rId3"/><x:sheet name="無" sheetId="2" q:id="rId9"/></x:sheets></x:workbook>',
    f'<workbook {NS} {R}><sheets><sheet name="id なし" sheetId="1" id="rId1"/></sheets></workbook>',
]


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_sheet_parts_agree_with_a_tree_parse(workbook):
    from reform_xlsx.intake.parts import sheet_parts

    found = sheet_parts(workbook.encode(), RELS.encode())
    assert list(found) == tree_sheet_parts(workbook.encode(), RELS.encode()) and found


CUSTOM = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{}</Properties>')
PROPERTY_CASES = [
    '<property pid="2" name="a"><vt:lpwstr> 市民課 </vt:lpwstr></property>',
    '<property pid="2" name="a"><vt:lpwstr>x &amp; &#x3042; <![CDATA[<y>]]></vt:lpwstr></property>',
    '<property pid="2" name="empty"><vt:lpwstr/></property><property name="none"/>',
    '<property name="first"><vt:lpwstr>one</vt:lpwstr><vt:lpwstr>two</vt:lpwstr></property>',
    '<property name="nested"><vt:vector>before<vt:lpwstr>inner</vt:lpwstr>after</vt:vector></property>',
    '<property pid="3"><vt:lpwstr>no name</vt:lpwstr></property><property name="dup"><vt:i4>1</vt:i4></property>'
    '<property name="dup"><vt:i4>2</vt:i4></property>',
]


@pytest.mark.parametrize("body", PROPERTY_CASES)
def test_custom_properties_agree_with_a_tree_parse(body):
    xml = CUSTOM.format(body).encode()
    assert custom_properties(xml) == tree_custom_properties(xml)


@pytest.mark.parametrize("inside, expected", [
    ("<dcterms:modified>2026-05-01T00:00:00Z</dcterms:modified>", 1777593600.0),
    ("<dcterms:modified> 2026-05-01T09:00:00+09:00 </dcterms:modified>", 1777593600.0),
    ("<dcterms:modified/>", None),
    ("<x><dcterms:modified>2026-05-01T00:00:00Z</dcterms:modified></x>", None),  # not the root's child
    ("<dcterms:modified>yesterday</dcterms:modified>", None),
])
def test_core_modified(inside, expected):
    xml = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
           f'xmlns:dcterms="http://purl.org/dc/terms/">{inside}</cp:coreProperties>').encode()
    assert core_modified(xml) == expected


@pytest.mark.parametrize("doctype", ['<!DOCTYPE x [<!ENTITY e "boom">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">'])
def test_the_small_parts_refuse_a_dtd_even_past_the_zip_checks(doctype):
    from reform_xlsx.intake.parts import sheet_parts

    with pytest.raises(ValueError):
        custom_properties((doctype + CUSTOM.format('<property name="a"><vt:lpwstr>&e;</vt:lpwstr></property>')).encode())
    with pytest.raises(ValueError):
        sheet_parts((doctype + WORKBOOKS[0]).encode(), RELS.encode())


def test_parts_worked_out_once_by_their_bytes():
    """Small parts are remembered by their bytes (the returns of one template share them); a large
    part is worked out each time, and a part that fails fails every time."""
    from reform_xlsx.intake.parts import SAME_PARTS_BYTES, by_content

    calls = []

    @by_content
    def size(xml: bytes) -> int:
        calls.append(xml)
        if xml.startswith(b"bad"):
            raise ValueError("bad part")
        return len(xml)

    assert [size(b"<a/>"), size(bytearray(b"<a/>").decode().encode()), size(b"<b/>")] == [4, 4, 4]
    assert calls == [b"<a/>", b"<b/>"]  # equal bytes, a new object: not worked out again
    big = b"x" * (SAME_PARTS_BYTES + 1)
    assert size(big) == size(big) == len(big)
    assert calls.count(big) == 2  # never kept
    for _ in range(2):
        with pytest.raises(ValueError):
            size(b"bad")
    assert calls.count(b"bad") == 2


@pytest.mark.parametrize("xml, dtd", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', True),
    (b'<?xml version="1.0"?><!ENTITY e "boom"><x/>', True),
    (b'<?xml version="1.0"?><!-- a comment --><x><![CDATA[<!DOC]]></x>', False),
    (b"<x>no declaration at all</x>", False),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16"), True),  # with a BOM
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16-be"), True),  # without
    ('<?xml version="1.0" encoding="UTF-16"?><x/>'.encode("utf-16-le"), False),
])
def test_a_dtd_is_seen_in_any_encoding(xml, dtd):
    from reform_xlsx.intake.safety import has_dtd

    assert has_dtd(xml) is dtd


def test_libreoffice_save_time_is_its_wall_clock(in_japan):
    """LibreOffice writes its local time marked Z: 18:41 saved in Japan is 09:41 UTC, not 18:41 UTC (03:41 the next
    day, which made a form saved on the deadline day 期限後). Excel's Z is UTC."""
    core = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            b'xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:modified>2026-12-03T18:41:00Z</dcterms:modified>'
            b'</cp:coreProperties>')
    jst_1841 = datetime(2026, 12, 3, 9, 41, tzinfo=UTC).timestamp()
    assert core_modified(core, local=True) == jst_1841
    assert core_modified(core) == jst_1841 + 9 * 3600


@pytest.mark.parametrize("xml, program", [
    (b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
     b'<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</Application></Properties>',
     "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"),
    (b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
     b'<Application>Microsoft Excel</Application></Properties>', "Microsoft Excel"),
    (b'<Properties/>', ""),
])
def test_application(xml, program):
    assert application(xml) == program


def test_the_reference_targets_mark_is_found_in_any_format():
    """The cell formats showing the form's 「※」 of a reference 年度目標値 — a count's and a rate's — are ``marked``
    (a 実績値 cell of that format was pasted from the target, V028); the form's own input formats are not."""
    from reform_xlsx.intake.workbook_reader import number_styles

    styles = number_styles(b'<styleSheet><numFmts><numFmt numFmtId="164" formatCode="&quot;\xe2\x80\xbb&quot;#,##0"/>'
                           b'<numFmt numFmtId="165" formatCode="&quot;\xe2\x80\xbb&quot;0.0%"/></numFmts>'
                           b'<cellXfs><xf numFmtId="3"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="10"/>'
                           b'</cellXfs></styleSheet>')
    assert styles.marked == frozenset({1, 2}) and 2 in styles.percent
