"""An inbox as a Windows office has it: shortcuts saved where the file belongs, a workbook unpacked into a folder."""

from __future__ import annotations

import os
import shutil
import struct
import zipfile

import pytest

import intake_craft as craft
from reform_xlsx.intake import read_returns, shortcut, sniff
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus

LOCAL = "C:\\Users\\yamada\\Desktop\\観光課.xlsx"


def shell_link() -> bytes:
    """A Shell Link (.lnk) as MS-SHLLINK lays it out: the 76-byte header (size, CLSID, flags HasLinkTargetIDList |
    IsUnicode, attributes, times, size, icon, show command), an ID list of one item, the terminal block."""
    head = shortcut.LNK_MAGIC + struct.pack("<II", 0x1 | 0x80, 0x20) + b"\0" * 24 + struct.pack("<IIIH", 14619, 0, 1, 0)
    id_list = b"\x14\x00" + b"\x12\x00\x1f\x50" + b"\0" * 14 + b"\0\0"
    return head + b"\0" * 10 + id_list + b"\0\0\0\0"


@pytest.mark.parametrize("data, target", [
    (shell_link(), ""),  # a Shell Link: its target is not read (Explorer shows it)
    (shortcut.LNK_MAGIC + b"\xff" * 200, ""),
    (b"[InternetShortcut]\r\nURL=https://city.sharepoint.com/sites/a/Shared%20Documents/%E8%B2%A1%E6%94%BF%E8%AA%B2"
     b".xlsx?web=1\r\n", "https://city.sharepoint.com/sites/a/Shared Documents/財政課.xlsx?web=1"),
    (b"\xef\xbb\xbf\r\n[internetshortcut]\nIDList=\nurl = file:///C:/Users/yamada/%E8%A6%B3%E5%85%89%E8%AA%B2.xlsx\n",
     "C:\\Users\\yamada\\観光課.xlsx"),  # a BOM, blank line, any case; a file: URL as a path
    (b"[InternetShortcut]\r\nURL=file://fileserver/%E5%85%B1%E6%9C%89/a.xlsx\r\n", "\\\\fileserver\\共有\\a.xlsx"),
    ("[InternetShortcut]\r\nURL=file:///C:/受信/観光課.xlsx\r\n".encode("cp932"), "C:\\受信\\観光課.xlsx"),
    (b"[InternetShortcut]\r\nIconIndex=0\r\n", ""),
])
def test_where_a_shortcut_points(data, target):
    fmt = sniff.sniff(data)
    assert fmt in shortcut.FORMATS
    assert shortcut.target(fmt, data) == target


def test_shortcuts_are_known_by_their_bytes_not_their_name():
    assert sniff.sniff(shell_link()) == shortcut.LNK
    assert sniff.sniff(b"[InternetShortcut]\r\nURL=https://example.jp/\r\n") == shortcut.URL
    assert sniff.sniff(b"[Settings]\r\nURL=https://example.jp/\r\n") == "text"  # an INI file that is no shortcut
    assert sniff.sniff(b"L\0\0\0" + b"\0" * 100) == "unknown"  # the header size alone is no shortcut


@pytest.fixture
def inbox(plan, tmp_path):
    folder = tmp_path / "受信"
    folder.mkdir()
    path = craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx")
    shutil.copy(path, folder / "観光課.xlsx")
    return folder


def test_a_shortcut_in_the_inbox_says_where_the_file_is(plan, inbox, tmp_path):
    """The clerk made a shortcut to 財政課's return on the share (Explorer hides 「.lnk」: it looks like the file) and
    saved a link to 土木課's on SharePoint: they were F001 「Excel ブックではない…配布した .xlsx に記入して送ってください」
    — as if the section had sent a wrong file. Now F037 names where each points and how to bring in the file."""
    (inbox / "財政課.xlsx.lnk").write_bytes(shell_link())
    (inbox / "土木課.url").write_bytes(b"[InternetShortcut]\r\nURL=https://city.sharepoint.com/sites/doboku/"
                                      b"Shared%20Documents/%E5%9C%9F%E6%9C%A8%E8%AA%B2.xlsx\r\n")
    (inbox / "観光課.xlsx - コピー.lnk").write_bytes(shell_link())
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    by_name = {f.result.name: f for f in first.batch.files}
    lnk = by_name["財政課.xlsx.lnk"]
    assert (lnk.status, [p.code for p in lnk.problems]) == (FileStatus.SKIPPED, ["F037"])
    said = lnk.problems[0].message
    assert "Windows のショートカット（.lnk）で、調査票のファイルそのものではありません。" in said and "（リンク先:" not in said
    assert "［ファイルの場所を開く］" in said and "配布した .xlsx に記入して" not in said
    url = by_name["土木課.url"].problems[0]
    assert url.code == "F037" and "https://city.sharepoint.com/sites/doboku/Shared Documents/土木課.xlsx" in url.message
    assert "ダウンロード" in url.message
    assert by_name["観光課.xlsx - コピー.lnk"].problems[0].code == "F037"
    assert by_name["観光課.xlsx"].status == FileStatus.ACCEPTED  # the file itself beside its shortcut: read
    sections = {r["section"]: r["status"] for r in first.batch.sections}
    assert (sections["財政課"], sections["土木課"], sections["観光課"]) == ("未提出", "未提出", "提出済")
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before  # nothing in the inbox touched
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert again.unchanged  # the rerun: the same, nothing read or written again
    assert [p.code for p in {f.result.name: f for f in again.batch.files}["財政課.xlsx.lnk"].problems] == ["F037"]


def test_a_shortcut_named_as_a_workbook_is_a_shortcut(plan, tmp_path):
    (tmp_path / "観光課.xlsx").write_bytes(shell_link())
    result = read_returns([tmp_path], plan, 2026)[0]
    assert (result.status, [p.code for p in result.problems]) == (FileStatus.SKIPPED, ["F037"])
    assert "Windows のショートカット（.lnk）" in result.problems[0].message


def test_a_workbook_unpacked_into_a_folder_is_one_entry_not_one_per_part(plan, inbox, tmp_path):
    """人事行政課's return was unpacked as a zip (7-Zip's 「ここに展開」, a renamed copy 「すべて展開」) into a folder
    「人事行政課.xlsx」: each of its 14 parts was an F001 「Excel ブックではない…配布した .xlsx に記入して送ってください」.
    Now the folder is one F038 that says what it is and what to do; a folder merely named like a workbook is entered."""
    source = craft.filled(plan, 2026, "人事行政課", tmp_path / "work", "人事行政課.xlsx")
    with zipfile.ZipFile(source) as z:
        parts = len(z.namelist())
        z.extractall(inbox / "人事行政課.xlsx")
    (inbox / "財政課.xlsx").mkdir()  # a folder the clerk named for the section: the file in it is read
    shutil.copy(craft.filled(plan, 2026, "財政課", tmp_path / "work", "財政課.xlsx"), inbox / "財政課.xlsx" / "回答.xlsx")
    before = sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*"))
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    by_name = {f.result.name: f for f in first.batch.files}
    assert sorted(by_name) == ["人事行政課.xlsx/", "観光課.xlsx", "財政課.xlsx/回答.xlsx"]
    unpacked = by_name["人事行政課.xlsx/"]
    assert (unpacked.status, [p.code for p in unpacked.problems]) == (FileStatus.SKIPPED, ["F038"])
    assert f"中の部品 {parts} 個" in unpacked.problems[0].message
    assert by_name["財政課.xlsx/回答.xlsx"].status == FileStatus.ACCEPTED
    assert sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*")) == before
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert again.unchanged
    assert [p.code for p in {f.result.name: f for f in again.batch.files}["人事行政課.xlsx/"].problems] == ["F038"]
    # the unpacked folder given itself: the same one entry
    results = read_returns([inbox / "人事行政課.xlsx"], plan, 2026)
    assert [(r.name, [p.code for p in r.problems]) for r in results] == [("人事行政課.xlsx/", ["F038"])]


def test_a_file_another_program_holds_is_said_so_and_read_on_the_next_merge(plan, inbox, tmp_path, monkeypatch):
    """On Windows a file being saved by Excel, synced by OneDrive or scanned by an antivirus can refuse even reading:
    a sharing violation (WinError 32), which Python gives as a PermissionError. It was 「読む権限がないか…パスと
    アクセス権を確認してください」: the clerk looked at permissions that were fine. Now it says the file is in use, to
    close it and run again — and the next merge reads it (F019 is a passing fault, not the file's verdict)."""
    from reform_xlsx.intake import files

    real_open = files.os.open

    def held(path, flags, *args):
        if os.fspath(path).endswith("観光課.xlsx"):
            exc = PermissionError(13, "The process cannot access the file because it is being used by another "
                                      "process", os.fspath(path))
            exc.winerror = 32  # as Windows sets it (ERROR_SHARING_VIOLATION)
            raise exc
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", held)  # the one open the parent reads a file's bytes with
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    monkeypatch.undo()
    (f,) = first.batch.files
    assert (f.status, [p.code for p in f.problems]) == (FileStatus.SKIPPED, ["F019"])
    said = f.problems[0].message
    assert "ほかのプログラム（Excel・同期アプリ・ウイルス対策ソフトなど）が使用中です" in said
    assert "権限" not in said.split("）。")[0] and "being used" not in said
    assert "閉じてから、もう一度実行してください（merge は次の実行で読み直します）" in said
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert [(g.result.name, g.status) for g in again.batch.files] == [("観光課.xlsx", FileStatus.ACCEPTED)]
    assert {r["section"]: r["status"] for r in again.batch.sections}["観光課"] == "提出済"


@pytest.mark.parametrize("where", ["", "観光課/"])
def test_a_workbook_unpacked_among_the_returns_leaves_the_returns_read(plan, tmp_path, where):
    """7-Zip's 「ここに展開」 on a renamed copy, in the inbox itself (or a section's folder of returns): its parts lie
    beside the returns. The folder holding them was taken for the unpacked workbook — every return in it went unread,
    its sections 未提出, and F038 told the clerk to move the inbox out of the inbox. Now the parts are one F038 at the
    package's 「[Content_Types].xml」, and the returns beside them are read."""
    inbox = tmp_path / "受信"
    (inbox / where).mkdir(parents=True, exist_ok=True)
    shutil.copy(craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx"), inbox / where / "観光課.xlsx")
    shutil.copy(craft.filled(plan, 2026, "財政課", tmp_path / "work", "財政課.xlsx"), inbox / "財政課.xlsx")
    (inbox / where / "資料").mkdir()  # a folder of the section's own beside the parts: entered
    shutil.copy(craft.filled(plan, 2026, "市民課", tmp_path / "work", "市民課.xlsx"), inbox / where / "資料" / "市民課.xlsx")
    with zipfile.ZipFile(craft.filled(plan, 2026, "人事行政課", tmp_path / "work", "人事行政課.xlsx")) as z:
        parts = len(z.namelist())
        z.extractall(inbox / where)
    results = {r.name: r for r in read_returns([inbox], plan, 2026)}
    assert sorted(results) == sorted([f"{where}[Content_Types].xml", f"{where}観光課.xlsx", "財政課.xlsx",
                                      f"{where}資料/市民課.xlsx"])
    assert {n: r.section for n, r in results.items() if r.section} == {
        f"{where}観光課.xlsx": "観光課", "財政課.xlsx": "財政課", f"{where}資料/市民課.xlsx": "市民課"}
    (said,) = results[f"{where}[Content_Types].xml"].problems
    assert said.code == "F038" and f"部品 {parts} 個" in said.message
    assert "フォルダです" not in said.message and "これらの部品は受信フォルダの外に移してください" in said.message
