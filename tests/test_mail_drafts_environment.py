"""Mail drafts that cannot be written because of the disk or the folder (full, read-only, not writable) stop the
run as every other output does (exit 2, the usual Japanese message); only a draft whose own file cannot be
replaced (open in a mail program on Windows, a folder of its name) is warning D006, said in Japanese."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.mail.drafts import UNWRITABLE, reminder_draft, remove_stale_drafts, save_draft

YEAR = 2026


def _draft(plan, section="財政課"):
    return reminder_draft(plan, YEAR, section, directory=None, deadline=None, contact=None)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _disk_full_after(monkeypatch, drafts: int) -> None:
    """The disk fills up while the draft after ``drafts`` drafts is written: half of it reaches the disk."""
    real = Path.write_bytes
    seen = []

    def write_bytes(self, data):
        if self.suffix == ".eml" and self.name.startswith(outputs.TEMPORARY_PREFIX):
            seen.append(self)
            if len(seen) > drafts:
                real(self, data[: len(data) // 2])
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def _folder_refuses(monkeypatch, code: int) -> None:
    """No file can be made in the drafts' folder (read-only file system, or no permission to write in it)."""
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):  # noqa: A002 - tempfile's own name
        if dir is not None and Path(dir).name == outputs.MAIL_FOLDER:
            raise (PermissionError if code == errno.EACCES else OSError)(code, os.strerror(code), str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_a_full_disk_raises_and_leaves_no_half_draft(plan, tmp_path, monkeypatch):
    """A full disk gave D006 「（No space left on device）…ほかの下書きは作りました」 and the run went on."""
    folder = tmp_path / outputs.MAIL_FOLDER
    _disk_full_after(monkeypatch, 0)
    with pytest.raises(OSError) as raised:
        save_draft(_draft(plan), folder, YEAR)
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(folder / outputs.mail_draft(YEAR, "reminder", "財政課"))
    assert _names(folder) == []  # neither the half draft under its name nor the temporary file


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_folder_that_cannot_be_written_in_raises(plan, tmp_path, monkeypatch, code):
    """A read-only folder gave D006 「（Read-only file system）」 (and a folder without permission D006 too)."""
    folder = tmp_path / outputs.MAIL_FOLDER
    _folder_refuses(monkeypatch, code)
    with pytest.raises(OSError) as raised:
        save_draft(_draft(plan), folder, YEAR)
    assert raised.value.errno == code


def test_a_draft_open_in_a_mail_program_is_d006_in_japanese(plan, tmp_path, monkeypatch):
    """Windows refuses to replace a draft open in a mail program: D006, its reason in Japanese, and no word of
    other drafts made (none were)."""
    folder = tmp_path / outputs.MAIL_FOLDER
    assert save_draft(_draft(plan), folder, YEAR)[0] == folder / outputs.mail_draft(YEAR, "reminder", "財政課")
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).suffix == ".eml":
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    saved, said = save_draft(_draft(plan), folder, YEAR)
    assert saved == UNWRITABLE and [p.code for p in said] == ["D006"]
    assert "（読み取り専用か、ほかのプログラムが開いています）" in said[0].message
    assert "Permission denied" not in said[0].message and "ほかの下書きは作りました" not in said[0].message


def test_a_stale_draft_on_a_read_only_disk_is_d009_in_japanese(plan, tmp_path, monkeypatch):
    folder = tmp_path / outputs.MAIL_FOLDER
    saved, _ = save_draft(_draft(plan), folder, YEAR)
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: (_ for _ in ()).throw(
        OSError(errno.EROFS, "Read-only file system", str(self))))
    removed, left = remove_stale_drafts(folder, YEAR, ("reminder",), ["財政課"], set())
    assert removed == [] and [p.code for p in left] == ["D009"]
    assert "（読み取り専用の場所にあります）" in left[0].message and "Read-only" not in left[0].message


def test_templates_mail_on_a_full_disk_exits_2(tmp_path, monkeypatch, capsys):
    """templates --mail on a full disk exited 0, wrote 3 of 11 drafts and warned D006 in English."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "調査票"
    _disk_full_after(monkeypatch, 3)
    assert main(["templates", "--year", "R8", "--out", str(out), "--mail"]) == 2
    captured = capsys.readouterr()
    assert "D006" not in captured.err and "No space" not in captured.err
    assert "ディスクがいっぱいで「" in captured.err and "空きを作ってから、もう一度実行してください" in captured.err
    assert "この実行で作った調査票（11 件）と照会メールの下書き（3 件）は消しました。台帳には記録していません。" in captured.err
    assert _names(out) == []  # the run undone: its forms and drafts removed (the folder of drafts too)


def test_status_remind_into_a_read_only_folder_exits_2(tmp_path, monkeypatch, capsys):
    """status --remind into a read-only folder exited 1 with D006 「（Read-only file system）…ほかの下書きは作りました」."""
    inbox = Path(__file__).resolve().parents[1] / "samples" / "inbox"
    monkeypatch.chdir(tmp_path)
    assert main(["merge", str(inbox), "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    (tmp_path / "out" / outputs.MAIL_FOLDER).mkdir()
    _folder_refuses(monkeypatch, errno.EROFS)
    capsys.readouterr()
    assert main(["status", "--year", "R8", "--remind"]) == 2
    captured = capsys.readouterr()
    assert "D006" not in captured.err and "Read-only" not in captured.err
    assert "は読み取り専用の場所にあり、書き込めません" in captured.err
    assert _names(tmp_path / "out" / outputs.MAIL_FOLDER) == []


def _stopped_at_the_fourth_draft(monkeypatch, raised: BaseException) -> None:
    from reform_xlsx.cli import templates_cmd

    real, calls = templates_cmd.save_draft, []

    def save(draft, folder, year, **options):
        calls.append(draft.section)
        if len(calls) == 4:
            raise raised
        return real(draft, folder, year, **options)

    monkeypatch.setattr(templates_cmd, "save_draft", save)


@pytest.mark.parametrize("raised", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "ctrl-c"])
def test_templates_mail_stopped_in_its_drafts_is_undone_as_in_its_forms(tmp_path, monkeypatch, capsys, raised):
    """Stopped while writing the mail drafts, templates --mail left the 11 forms, 3 drafts and the 照会 recorded in the
    ledger, said only 「空きを作ってから、もう一度実行」 (or 「書きかけのファイルは残していません」), and the same command then
    refused: 「同じ名前のファイルが既にあります」. Now it is undone as a run stopped in its forms is."""
    from reform_xlsx.ledger.store import Ledger

    monkeypatch.chdir(tmp_path)
    out, db = tmp_path / "調査票", tmp_path / "台帳" / "reform.db"
    kept = out / "前からある.txt"
    out.mkdir()
    kept.write_bytes(b"not this run's")
    command = ["templates", "--year", "R8", "--out", str(out), "--mail", "--db", str(db), "--deadline", "2027-05-28"]
    with monkeypatch.context() as patch:
        _stopped_at_the_fourth_draft(patch, raised)
        code = main(command)
    err = capsys.readouterr().err
    if isinstance(raised, KeyboardInterrupt):
        assert code == 130 and err.strip().endswith("\n\nreform-xlsx: 中断しました（書きかけのファイルは残していません）。"), err
        assert "消せませんでした" not in err
    else:
        assert code == 2 and "[E003 エラー]" in err, err
        assert "この実行で作った調査票（11 件）と照会メールの下書き（3 件）は消しました。台帳には記録していません。" in err, err
    assert _names(out) == [kept.name] and kept.read_bytes() == b"not this run's"
    if db.exists():  # made for the 照会 (an empty ledger), but nothing recorded in it
        with Ledger(db) as ledger:
            assert ledger.asked(YEAR) == set()
    assert main(command) == 0  # the same command again, no --force
    assert "既にあります" not in capsys.readouterr().err
    # a draft for every section but the office's own (人事行政課: no 照会 from itself to itself)
    assert len(list(out.glob("*.xlsx"))) == 11 and len(_names(out / outputs.MAIL_FOLDER)) == 10
    with Ledger(db) as ledger:
        assert len(ledger.asked(YEAR)) == 11
