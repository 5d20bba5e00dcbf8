"""What a zip (F032) or a saved mail (F034) in the inbox and the ledger's record of it (``unopened``) meet on Windows,
simulated here where the code or the library branches on it:

- the inbox on a share (``\\\\server\\share`` or a mapped drive) that is not reachable when another folder is merged:
  Windows says the file is not found, and the record must stay (no 督促 to a section whose return waits there);
- an attachment's or a zip member's name ending in a dot or a space, which Windows drops when it saves the file;
- a Shift_JIS zip member name whose second bytes are 0x5C (「表」), which ``zipfile`` on Windows turns into 「/」.
"""

from __future__ import annotations

import io
import ntpath
import os
import sqlite3
import zipfile
from email.message import EmailMessage
from types import SimpleNamespace

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.intake import read_return
from reform_xlsx.intake.sniff import zipped_returns
from reform_xlsx.ledger import unopened

FORM = "令和8年度_市政改革取組状況調査票_{}.xlsx"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class _Windows:
    """``os.path`` as Windows answers it, with the files and folders in ``there`` present (nothing else is)."""

    sep = "\\"
    splitdrive = staticmethod(ntpath.splitdrive)

    def __init__(self, there: set[str]) -> None:
        self.there = {p.lower() for p in there}  # its file systems: any case

    def lexists(self, path: str) -> bool:
        return path.lower() in self.there

    def isdir(self, path: str) -> bool:
        return path.lower() in self.there


@pytest.mark.parametrize("case, path, there, gone", [
    ("still in the inbox", r"\\fs01\gyokaku\受信\提出.eml", {r"\\fs01\gyokaku\受信\提出.eml"}, False),
    ("moved out, the share there", r"\\fs01\gyokaku\受信\提出.eml", {"\\\\fs01\\gyokaku\\"}, True),
    ("the share not reachable", r"\\fs01\gyokaku\受信\提出.eml", set(), False),
    ("a mapped drive there, the file moved", r"Z:\受信\提出.eml", {"z:\\"}, True),
    ("a mapped drive disconnected", r"Z:\受信\提出.eml", set(), False),
    ("the drive letter in another case", r"z:\受信\提出.eml", {r"Z:\受信\提出.eml"}, False),
])
def test_a_file_has_left_the_inbox_only_when_its_drive_or_share_is_there(monkeypatch, case, path, there, gone):
    monkeypatch.setattr(unopened, "os", SimpleNamespace(path=_Windows(there)))
    assert unopened.left_the_inbox(path) is gone, case


def test_a_posix_path_gone_has_left(tmp_path):
    assert unopened.left_the_inbox(str(tmp_path / "提出.eml")) is True
    (tmp_path / "提出.eml").write_bytes(b"x")
    assert unopened.left_the_inbox(str(tmp_path / "提出.eml")) is False


def _mail(name: str, data: bytes) -> bytes:
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = "提出", "kanko@city.example.lg.jp", "gyokaku@city.example.lg.jp"
    m.set_content("提出します。")
    m.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return bytes(m)


@pytest.fixture(scope="module")
def forms(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    return {s: craft.filled(plan, 2026, s, folder).read_bytes() for s in ("観光課", "税務課")}


def test_merging_another_folder_while_the_inbox_share_is_offline_keeps_the_mail_held(forms, tmp_path, workdir,
                                                                                     monkeypatch, capsys):
    """The mail was merged from the inbox on a share (recorded as 「\\\\fs01\\…」); the share is offline when the clerk
    merges another folder: Windows' ``os.path`` finds neither the mail nor the share. 観光課 gets no 督促."""
    inbox, out = tmp_path / "受信", tmp_path / "out"
    inbox.mkdir()
    (inbox / "提出.eml").write_bytes(_mail(FORM.format("観光課"), forms["観光課"]))
    main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(out / "reform.db")])
    with sqlite3.connect(out / "reform.db") as db:  # where a merge on Windows recorded it
        db.execute("UPDATE submissions SET path = ? WHERE name = ?", (r"\\fs01\gyokaku\受信\提出.eml", "提出.eml"))
    other = tmp_path / "追加"
    other.mkdir()
    (other / FORM.format("税務課")).write_bytes(forms["税務課"])
    monkeypatch.setattr(unopened, "os", SimpleNamespace(path=ntpath))  # the share: not found, as offline
    main(["merge", str(other), "--year", "R8", "--out", str(out), "--db", str(out / "reform.db")])
    capsys.readouterr()
    main(["status", "--year", "R8", "--db", str(out / "reform.db"), "--remind"])
    said = capsys.readouterr()
    drafts = {p.name for p in (out / outputs.MAIL_FOLDER).iterdir()}
    assert "令和8年度_督促_観光課.eml" not in drafts and "令和8年度_督促_生活環境課.eml" in drafts
    assert "[M010 警告] 提出.eml" in said.err


@pytest.mark.parametrize("attached", [FORM.format("観光課") + ".", FORM.format("観光課") + " . ", "観光課.XLSX."])
def test_an_attachment_whose_name_ends_in_a_dot_is_a_workbook(plan, forms, tmp_path, attached):
    """Windows saves 「….xlsx.」 as 「….xlsx」: a workbook attached (F034, 観光課's), not a mail without one (F035)."""
    path = tmp_path / "提出.eml"
    path.write_bytes(_mail(attached, forms["観光課"]))
    result = read_return(path, plan, 2026)
    assert [p.code for p in result.problems] == ["F034"], attached
    assert result.inside == ("観光課",)


def _raw_name_zip(raw: bytes, data: bytes) -> bytes:
    """A zip whose one member's name is the bytes ``raw``, without the UTF-8 flag (Windows' 「圧縮 (zip 形式)
    フォルダー」 writes Shift_JIS so)."""
    stand_in = "x" * len(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(stand_in, data)
    return out.getvalue().replace(stand_in.encode(), raw)


@pytest.mark.parametrize("windows", [False, True])
@pytest.mark.parametrize("name", ["調査表_税務課.xlsx", "予算_申請_税務課.xlsx", "税務課\\回答.xlsx", "税務課.xlsx."])
def test_a_shift_jis_member_name_with_0x5c_in_it_reads_as_written(monkeypatch, name, windows):
    """On Windows ``zipfile`` replaces each 0x5C of an unflagged name (「表」「予」「申」's second byte) with 「/」."""
    data = _raw_name_zip(name.encode("cp932"), b"PK")
    if windows:
        monkeypatch.setattr(zipfile.os, "sep", "\\")  # what zipfile branches on
    found = zipped_returns(data)
    monkeypatch.setattr(zipfile.os, "sep", os.sep)
    assert found == [name], (name, found)
