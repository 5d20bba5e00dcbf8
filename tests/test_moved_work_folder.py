"""The office's whole working folder over five years: copied to a new PC or a file server (another drive, another
user's path), its ledger restored from a backup a few days old, its archive left behind by the copy."""

import os
import shutil
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx.intake.worker import Pool
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge


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
