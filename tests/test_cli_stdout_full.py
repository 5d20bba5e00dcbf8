"""Standard output that cannot be written (redirected to a full disk: a scheduled task's log on a full drive):
the command's work is done and its exit code is its own result, never 「ディスクがいっぱい…もう一度実行して
ください」 with exit code 2; one Japanese line on stderr says the printing was left out."""

from __future__ import annotations

import errno
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reform_xlsx.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "inbox"
NOTE = "標準出力（画面・ログのファイル）に書き込めませんでした（ディスクがいっぱいです）"


class FullDisk(io.TextIOBase):
    """A standard output on a full disk: every write fails with ENOSPC."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def recorded(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_merge_and_templates_with_stdout_on_a_full_disk_keep_their_result(tmp_path, monkeypatch, json_flag):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "受信")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", FullDisk())
    monkeypatch.setattr(sys, "stderr", err)
    # the samples: 都市計画課 is sent back, so merge's own result is 1 (finished, something rejected)
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db", *json_flag]) == 1
    assert main(["templates", "--year", "R8", "--out", "配布", "--db", "out/reform.db"]) == 0  # no --json
    assert main(["status", "--year", "R8", "--db", "out/reform.db", *json_flag]) == 1
    monkeypatch.undo()
    said = err.getvalue()
    assert "Traceback" not in said and "もう一度実行" not in said, said
    lines = [line for line in said.splitlines() if NOTE in line]
    assert len(lines) == 3, said
    assert "終了コード 1" in lines[0] and "終了コード 0" in lines[1], said
    assert recorded(tmp_path / "out" / "reform.db") >= len(list(SAMPLES.iterdir()))  # every file (a .zip: its parts)
    assert len(list((tmp_path / "out").glob("*.xlsx"))) >= 2
    assert len(list((tmp_path / "配布").glob("*.xlsx"))) == 11


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_redirected_to_dev_full(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "受信")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def run(*argv: str) -> subprocess.CompletedProcess:
        with open("/dev/full", "w") as full:
            return subprocess.run([sys.executable, "-m", "reform_xlsx", *argv], cwd=tmp_path, env=env, stdout=full,
                                  stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=300)

    merged = run("merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db")
    assert merged.returncode == 1, merged.stderr
    made = run("templates", "--year", "R8", "--out", "配布", "--db", "out/reform.db")
    assert made.returncode == 0, made.stderr
    for done in (merged, made):
        assert NOTE in done.stderr and "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert recorded(tmp_path / "out" / "reform.db") >= len(list(SAMPLES.iterdir()))  # every file (a .zip: its parts)
    assert len(list((tmp_path / "配布").glob("*.xlsx"))) == 11


def test_standard_error_that_cannot_be_written_neither_stops_a_command_nor_changes_its_exit_code(tmp_path, monkeypatch):
    """``2> err.log`` on a full disk: a warning said on the way (no 連絡先.xlsx) does not stop status --remind before
    its drafts, and a command that cannot go on (its ledger is a folder) still ends with 2 — not with 1 from the
    exception raised while saying why (1 would read as 「finished, something sent back」)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "受信")
    assert main(["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]) == 1
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", FullDisk())
    (tmp_path / "台帳").mkdir()
    assert main(["status", "--year", "R8", "--db", "out/reform.db", "--remind"]) == 1
    assert main(["merge", "受信", "--year", "R8", "--out", "out2", "--db", "台帳"]) == 2
    monkeypatch.undo()
    assert list((tmp_path / "out" / "メール下書き").glob("*.eml")), out.getvalue()
    assert not (tmp_path / "out2").exists()
