"""The office's whole working folder over five years: copied to a new PC or a file server (another drive, another
user's path), its ledger restored from a backup a few days old, its archive left behind by the copy."""

import json
import os
import shutil
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx.cli import main
from reform_xlsx.intake.worker import Pool
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


@pytest.fixture
def work(plan, tmp_path):
    """「C:/Users/tanaka/行政改革」: the inbox 受信 and out/ with the ledger out/reform.db and its archive in it."""
    folder = tmp_path / "Users" / "tanaka" / "行政改革"
    (folder / "受信").mkdir(parents=True)
    for section, changes in (("観光課", None), ("土木課", {"取組状況": {"3-2-1": {"進捗状況": "たぶん"}}})):
        craft.filled(plan, 2026, section, tmp_path / "forms", f"{section}.xlsx", changes).rename(
            folder / "受信" / f"{section}.xlsx")
    return folder


def merge(folder: Path, plan, **options):
    return run_merge([folder / "受信"], plan, 2026, db=folder / "out" / "reform.db", out=folder / "out", **options)


def moved(folder: Path, to: Path) -> Path:
    """The working folder copied whole to ``to`` (another drive, a file server, another user's folder) and the old one
    gone (the old PC)."""
    to.parent.mkdir(parents=True)
    shutil.copytree(folder, to)
    shutil.rmtree(folder)
    return to


def test_the_first_merge_after_the_folder_moved_writes_nothing_again(plan, work, tmp_path, monkeypatch):
    """Nothing new since the move: 「変わったところがない」, no output written again (the packet's PDF is not made
    again by LibreOffice, no new 差し戻し copy), not a byte of the ledger's outputs changed — the run recorded the
    absolute path of the output folder in what the outputs are made from, and the move changed it."""
    merge(work, plan)
    new = moved(work, tmp_path / "server" / "share" / "行政改革")
    written = {p: p.read_bytes() for p in (new / "out").rglob("*.xlsx") if "reform_archive" not in p.parts}
    times = {p: os.stat(p).st_mtime_ns for p in written}
    started = []
    real_start = Pool._start
    monkeypatch.setattr(Pool, "_start", lambda pool: started.append(1) or real_start(pool))
    again = merge(new, plan)
    assert again.unchanged
    assert {p: os.stat(p).st_mtime_ns for p in written} == times
    assert set(again.feedback.values()) == {new / "out" / "差し戻し" / "令和8年度_土木課_要修正.xlsx"}
    assert started == []  # nothing read again either
    with Ledger(new / "out" / "reform.db") as ledger:
        assert all(Path(r["path"]).is_relative_to(new) for r in ledger.submissions(2026))


def test_a_ledger_restored_from_a_backup_says_the_originals_it_does_not_know(plan, work, tmp_path):
    """The disk failed; the ledger is restored from a copy taken before the last merge. 税務課's file, accepted by
    that merge, is no longer in the inbox (moved away after it was merged): its answers are only in the archive. The
    merge said nothing — 税務課 was 未提出 as if it never answered. Now L026 names the archive's originals the ledger
    does not know and how to read them again; once read, it is not said again."""
    merge(work, plan)
    backup = (work / "out" / "reform.db").read_bytes()
    craft.filled(plan, 2026, "税務課", tmp_path / "forms", "税務課.xlsx").rename(work / "受信" / "税務課.xlsx")
    last = merge(work, plan)
    assert {r["section"]: r["status"] for r in last.batch.sections}["税務課"] == "提出済"
    (work / "受信" / "税務課.xlsx").rename(tmp_path / "税務課_済.xlsx")  # the clerk tidied the inbox
    (work / "out" / "reform.db").write_bytes(backup)  # the ledger restored
    restored = merge(work, plan)
    assert {r["section"]: r["status"] for r in restored.batch.sections}["税務課"] == "未提出"
    (said,) = [p for p in restored.ledger_problems if p.code == "L026"]
    assert "1 件" in said.message and "reform_archive" in said.message and "merge" in said.message
    # read as the message says: the answers are back, and nothing more is said
    archive = work / "out" / "reform_archive"
    back = run_merge([work / "受信", archive], plan, 2026, db=work / "out" / "reform.db", out=work / "out")
    assert {r["section"]: r["status"] for r in back.batch.sections}["税務課"] == "提出済"
    assert not [p for p in back.ledger_problems if p.code == "L026"]
    assert not [p for p in merge(work, plan).ledger_problems if p.code == "L026"]


def test_an_archive_left_behind_by_the_move_is_said(plan, work, tmp_path, capsys):
    """The folder was copied without out/reform_archive (a sync that left it out): the originals of the accepted files
    are gone, and merge went on without a word. L027 says how many are missing and where they belong."""
    first = merge(work, plan)
    assert not first.ledger_problems
    new = moved(work, tmp_path / "D" / "行政改革")
    shutil.rmtree(new / "out" / "reform_archive")
    again = merge(new, plan)
    (said,) = [p for p in again.ledger_problems if p.code == "L027"]
    assert "1 件" in said.message and "reform_archive" in said.message
    assert [f.status for f in again.batch.files if f.result.name == "観光課.xlsx"] == [FileStatus.ACCEPTED]
    # the command line shows it, and --json has it under ledger_issues
    argv = ["merge", str(new / "受信"), "--year", "R8", "--out", str(new / "out"), "--db", str(new / "out" / "reform.db")]
    assert main(argv) == 1
    assert "受付台帳の確認事項:\n  [L027 警告] 受付台帳 " in capsys.readouterr().out
    assert main([*argv, "--json"]) == 1
    assert [p["code"] for p in json.loads(capsys.readouterr().out)["ledger_issues"]] == ["L027"]


@pytest.mark.parametrize("unlistable", ["the archive", "one of its folders"])
def test_an_archive_that_cannot_be_listed_is_not_said_to_have_lost_its_originals(plan, work, monkeypatch, unlistable):
    """The file server refuses the listing for a moment (a share reconnecting, a permission being changed): the
    originals are not said to be missing (L027) — merge cannot tell, and says nothing of the archive."""
    from reform_xlsx.ledger import archive as archive_module

    merge(work, plan)
    folder = work / "out" / "reform_archive"
    (sub,) = [p for p in folder.iterdir() if p.is_dir()]
    refused = folder if unlistable == "the archive" else sub
    real = os.scandir

    def scandir(path="."):
        if Path(path) == refused:
            raise PermissionError(13, "アクセスが拒否されました。", str(path))
        return real(path)

    monkeypatch.setattr(archive_module.os, "scandir", scandir)
    with Ledger(work / "out" / "reform.db") as ledger:
        assert ledger.archive_problems() == []
    assert not merge(work, plan).ledger_problems
