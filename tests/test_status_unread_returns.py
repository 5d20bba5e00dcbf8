"""A section's return can sit in the inbox unread for reasons that are not the section's fault — the file open in Excel on
another PC (F019, WinError 32), still being copied (F006 cut short, F024 changed while read), a shortcut saved in place
of the file (F037), a workbook unpacked into a folder (F038), a file over the size cap (F008). ``status --remind`` counted
that section 未提出 and drafted a 督促 telling it nothing came. Now, as for a return in a zip or a saved mail (M010), a
file whose name (an .url's target's name) names a section keeps that section from the 督促: the status table says so,
the 「注意:」 names the file once with its code and what to do (M013), and merge's message says not to send one.
Through the real command line: merge, then status."""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.intake import files, read_returns, reader
from reform_xlsx.intake.limits import Limits
from reform_xlsx.ledger import store
from reform_xlsx.records import FileStatus

FORM = "令和8年度_市政改革取組状況調査票_{}.xlsx"
NO_REMINDER = "督促を送らないでください"


@pytest.fixture(scope="module")
def forms(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    return {s: craft.filled(plan, 2026, s, folder) for s in ("観光課", "税務課", "市民課", "財政課", "DX推進課",
                                                             "土木課")}


def _held(monkeypatch, *names: str) -> None:
    """The files ``names`` open in Excel on another PC: Windows refuses even reading them (WinError 32), at the one
    open the parent reads a file's bytes with."""
    real_open = files.os.open

    def held(path, flags, *args):
        if os.path.basename(os.fspath(path)) in names:
            exc = PermissionError(13, "The process cannot access the file because it is being used by another process",
                                  os.fspath(path))
            exc.winerror = 32  # ERROR_SHARING_VIOLATION, as Python on Windows sets it
            raise exc
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", held)


def _merge(inbox: Path, out: Path, capsys) -> str:
    main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(out / "reform.db")])
    said = capsys.readouterr()
    return said.out + said.err


def _status(out: Path, capsys, *more: str) -> tuple[str, str]:
    main(["status", "--year", "R8", "--db", str(out / "reform.db"), *more])
    said = capsys.readouterr()
    return said.out, said.err


def _drafts(out: Path) -> set[str]:
    folder = out / outputs.MAIL_FOLDER
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _row(text: str, section: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(section + " "))


def _issue(said: str, code: str, file: str) -> str:
    return next(line for line in said.splitlines() if line.startswith(f"  [{code} ") and f"] {file}:" in line)


def _unpack(source: Path, folder: Path) -> None:
    with zipfile.ZipFile(source) as z:
        z.extractall(folder)


def test_no_reminder_to_a_section_whose_return_is_in_the_inbox_unread(forms, tmp_path, workdir, capsys, monkeypatch):
    inbox, out = tmp_path / "受信", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(forms["市民課"], inbox / FORM.format("市民課"))
    _merge(inbox, out, capsys)
    _status(out, capsys, "--remind")
    assert {f"令和8年度_督促_{s}.eml" for s in ("観光課", "税務課", "財政課", "DX推進課")} <= _drafts(out)
    # their returns come, none readable yet
    shutil.copy(forms["観光課"], inbox / FORM.format("観光課"))  # open in Excel on another PC
    whole = forms["税務課"].read_bytes()
    (inbox / FORM.format("税務課")).write_bytes(whole[:len(whole) // 2])  # still being copied
    url = "https://city.sharepoint.com/sites/zaisei/Shared%20Documents/" + FORM.format("財政課")
    (inbox / "リンク.url").write_text(f"[InternetShortcut]\r\nURL={url}\r\n", encoding="utf-8")
    _unpack(forms["DX推進課"], inbox / "ＤＸ推進課.xlsx")  # full width, as a clerk may type it
    shutil.copy(forms["土木課"], inbox / "回答.xlsx")  # no section's name: reminders as before
    _held(monkeypatch, FORM.format("観光課"), "回答.xlsx")
    said = _merge(inbox, out, capsys)
    for code, file in (("F019", FORM.format("観光課")), ("F006", FORM.format("税務課")), ("F037", "リンク.url"),
                       ("F038", "ＤＸ推進課.xlsx/")):
        assert NO_REMINDER in _issue(said, code, file), (code, said)
    assert "名前からは観光課の調査票と見られます" in _issue(said, "F019", FORM.format("観光課"))
    assert "名前からは財政課の調査票と見られます" in _issue(said, "F037", "リンク.url")
    assert NO_REMINDER not in _issue(said, "F019", "回答.xlsx")
    text, err = _status(out, capsys, "--remind")
    drafts = _drafts(out)
    for section in ("観光課", "税務課", "財政課", "DX推進課"):
        assert f"令和8年度_督促_{section}.eml" not in drafts, (section, drafts)  # the one written before: removed
    assert "令和8年度_督促_土木課.eml" in drafts and "令和8年度_督促_生活環境課.eml" in drafts
    table = text.split("督促の一覧:")[0]
    assert _row(table, "観光課").split()[1] == "未提出（受信フォルダにあり・未読・F019）"
    assert _row(table, "税務課").split()[1] == "未提出（受信フォルダにあり・未読・F006）"
    assert _row(table, "土木課").split()[1] == "未提出"
    reminders = text.split("督促の一覧:")[1]
    assert f"受信フォルダの「{FORM.format('観光課')}」を読めていません（F019）" in _row(reminders, "観光課")
    assert "下書きは作りません" in _row(reminders, "観光課")
    assert "（F037）: ファイルそのものを保存して merge" in _row(reminders, "財政課")
    assert _row(reminders, "土木課").split()[-1] == "令和8年度_督促_土木課.eml"
    notes = [line for line in err.split("注意:")[1].splitlines() if line.startswith("  [M013")]
    assert [line.split(":")[0] for line in notes] == [f"  [M013 警告] {n}" for n in sorted(
        [FORM.format("観光課"), FORM.format("税務課"), "リンク.url", "ＤＸ推進課.xlsx/"])], notes
    held = _issue(err, "M013", FORM.format("観光課"))
    assert "名前から観光課の調査票と見られるファイル" in held and "（F019 ファイルを開けない）" in held
    assert "督促・再提出のお願いは送らないでください" in held
    assert "ほかの PC などで開いていれば閉じて" in held  # what to do
    assert "回答.xlsx" not in err.split("注意:")[1]

    # readable now: closed in Excel, copied whole, the file itself saved in place of the shortcut and the folder
    monkeypatch.undo()
    shutil.copy(forms["税務課"], inbox / FORM.format("税務課"))
    (inbox / "リンク.url").unlink()
    shutil.copy(forms["財政課"], inbox / FORM.format("財政課"))
    shutil.rmtree(inbox / "ＤＸ推進課.xlsx")
    shutil.copy(forms["DX推進課"], inbox / FORM.format("DX推進課"))
    _merge(inbox, out, capsys)
    text, err = _status(out, capsys, "--remind")
    for section in ("観光課", "税務課", "財政課", "DX推進課", "土木課"):
        assert _row(text, section).split()[1] == "提出済", section
    assert "M013" not in err
    assert not {f"令和8年度_督促_{s}.eml" for s in ("観光課", "税務課", "財政課", "DX推進課")} & _drafts(out)


def test_a_section_whose_accepted_file_is_open_in_excel_now_is_unaffected(forms, tmp_path, workdir, capsys,
                                                                           monkeypatch):
    """Accepted, then opened in Excel on another PC while the clerk merges again: F019 for the same file. The section
    stays 提出済 as it was, nothing added to its row nor to the 「注意:」."""
    inbox, out = tmp_path / "受信", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(forms["観光課"], inbox / FORM.format("観光課"))
    _merge(inbox, out, capsys)
    _held(monkeypatch, FORM.format("観光課"))
    _merge(inbox, out, capsys)
    text, err = _status(out, capsys, "--remind")
    assert _row(text, "観光課").split()[1] == "提出済"
    assert "M013" not in err and "令和8年度_督促_観光課.eml" not in _drafts(out)


class _OneSecond(datetime):
    """A clock that stays in one second (:attr:`at`, the second the test began in): every merge of a test runs within
    the same second, as on a fast PC — on whatever day the tests run (a fixed day would fall behind the real time of
    the returns the test makes)."""

    at: datetime

    @classmethod
    def now(cls, tz=None):
        return cls.at.replace(tzinfo=tz)


@pytest.mark.parametrize("same_second", [False, True])
def test_a_sent_back_section_whose_correction_is_unread_gets_no_request_to_resubmit(plan, forms, tmp_path, workdir,
                                                                                    capsys, monkeypatch, same_second):
    """Also when the merge that meets the correction runs within the same second as the one that sent the return
    back: its files are recorded as come after (it had read the correction as come with the return it corrects)."""
    if same_second:
        monkeypatch.setattr(_OneSecond, "at", datetime.now().replace(microsecond=500_000), raising=False)
        monkeypatch.setattr(store, "datetime", _OneSecond)
    inbox, out = tmp_path / "受信", tmp_path / "out"
    inbox.mkdir()
    bad = craft.filled(plan, 2026, "観光課", tmp_path / "bad", changes={"取組状況": {
        plan.items_for("観光課")[0].id: {"進捗状況": None}}})
    shutil.copy(bad, inbox / "観光課.xlsx")
    _merge(inbox, out, capsys)
    _status(out, capsys, "--remind")
    assert "令和8年度_再提出のお願い_観光課.eml" in _drafts(out)
    _held(monkeypatch, "観光課（修正）.xlsx")  # the correction came, and is open on another PC
    shutil.copy(forms["観光課"], inbox / "観光課（修正）.xlsx")
    _merge(inbox, out, capsys)
    text, err = _status(out, capsys, "--remind")
    assert "令和8年度_再提出のお願い_観光課.eml" not in _drafts(out)
    assert "受信フォルダの「観光課（修正）.xlsx」を読めていません（F019）" in _row(text.split("督促の一覧:")[1], "観光課")


def test_a_file_rewritten_while_read_names_its_section(forms, tmp_path, workdir, capsys, monkeypatch):
    """F024: the worker found other bytes than the parent hashed (a copy still going on)."""
    inbox, out = tmp_path / "受信", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(forms["税務課"], inbox / "税務課.xlsx")
    real = reader.read_bytes

    def copying(path, cap):
        data, sha, size, mtime, kind = real(path, cap)
        return data, "0" * 64, size, mtime, kind  # the parent saw other bytes than the worker will

    monkeypatch.setattr(reader, "read_bytes", copying)
    said = _merge(inbox, out, capsys)
    assert NO_REMINDER in _issue(said, "F024", "税務課.xlsx")
    monkeypatch.undo()
    text, err = _status(out, capsys, "--remind")
    assert _row(text, "税務課").split()[1] == "未提出（受信フォルダにあり・未読・F024）"
    assert "令和8年度_督促_税務課.eml" not in _drafts(out) and "[M013 警告] 税務課.xlsx" in err


@pytest.mark.parametrize("case, name, expected", [
    ("a section's form", FORM.format("観光課"), ("観光課",)),
    ("half-width and spaces", "dx 推進課.xlsx", ("DX推進課",)),
    ("the longest name only", "生活環境課.xlsx", ("生活環境課",)),
    ("no section", "回答.xlsx", ()),
    ("a folder is no name of the file", "観光課/回答.xlsx", ()),
])
def test_a_file_over_the_size_cap_names_the_section_of_its_name(plan, forms, tmp_path, case, name, expected):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(forms["観光課"], path)
    (result,) = read_returns([tmp_path], plan, 2026, limits=Limits(max_file_bytes=1024), workers=1)
    assert (result.status, [p.code for p in result.problems]) == (FileStatus.SKIPPED, ["F008"]), case
    assert result.inside == expected, case
    assert (NO_REMINDER in result.problems[0].message) is bool(expected), case
