"""No standard output at all (a closed one: ``>&-``; on Windows ``pythonw`` or a scheduled task, where
``sys.stdout`` is None): every command does its work and gives its exit code as if it had printed, and
what it would have printed is dropped, never a traceback."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reform_xlsx.cli import main

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"
NOTE = "標準出力がないため、結果の表示は省きます"


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    """A ledger after merging the bundled samples (都市計画課 sent back: status and merge end with exit 1)."""
    folder = tmp_path_factory.mktemp("merged")
    shutil.copytree(SAMPLES, folder / "受信")
    db = folder / "out" / "reform.db"
    argv = ["merge", str(folder / "受信"), "--year", "R8", "--out", str(folder / "out"), "--db", str(db), "--json"]
    assert main(argv) == 1
    return db


def without_stdout(monkeypatch) -> io.StringIO:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", err)
    return err


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_every_command_works_and_keeps_its_exit_code_without_stdout(merged, tmp_path, monkeypatch, json_flag):
    db = str(merged)
    runs = [
        (["plan"], 0),
        (["plan", "--text"], 0),
        (["status", "--year", "R8", "--db", db], 1),
        (["merge", str(merged.parent.parent / "受信"), "--year", "R8", "--out", str(merged.parent), "--db", db], 1),
        (["plan", "--bogus"], 2),
        (["status", "--year", "R8", "--db", str(tmp_path / "ない.db")], 2),
    ]
    for argv, code in runs:
        err = without_stdout(monkeypatch)
        assert main(argv + json_flag) == code, (argv, err.getvalue())
        said = err.getvalue()
        assert "Traceback" not in said and "内部エラー" not in said and "AttributeError" not in said, said
        assert NOTE in said
        if code == 2:
            assert "reform-xlsx: " in said.replace(NOTE, "")  # why it could not go on, on stderr
        monkeypatch.undo()


def test_files_are_written_without_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    without_stdout(monkeypatch)
    assert main(["plan", "export", str(tmp_path / "計画.xlsx")]) == 0
    assert main(["contacts", "--out", str(tmp_path / "連絡先.xlsx")]) == 0
    assert main(["templates", "--year", "R8", "--out", str(tmp_path / "配布")]) == 0
    monkeypatch.undo()
    assert (tmp_path / "計画.xlsx").stat().st_size > 0 and (tmp_path / "連絡先.xlsx").stat().st_size > 0
    assert len(list((tmp_path / "配布").glob("*.xlsx"))) == 11


def test_no_stdout_and_no_stderr_is_still_no_traceback(merged, monkeypatch):
    """pythonw: neither stream — nothing to say anything on, the exit code is the whole answer."""
    for argv, code in ((["status", "--year", "R8", "--db", str(merged), "--json"], 1), (["plan", "--json"], 0),
                       (["plan", "--bogus", "--json"], 2)):
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
        assert main(argv) == code
        monkeypatch.undo()


@pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX file descriptor")
@pytest.mark.parametrize("closed", [(1,), (1, 2)])
def test_a_closed_stdout_descriptor(merged, tmp_path, closed):
    """``reform-xlsx status --json >&-`` (and ``2>&-`` too): as with no stdout in-process, in a real process."""
    def close():
        for fd in closed:
            os.close(fd)

    for argv, code in ((["status", "--year", "R8", "--db", str(merged), "--json"], 1), (["plan", "--json"], 0),
                       (["plan", "--text"], 0), (["plan", "export", str(tmp_path / "計画.yaml")], 0)):
        run = subprocess.run([sys.executable, "-m", "reform_xlsx", *argv], cwd=tmp_path, preexec_fn=close,  # noqa: PLW1509
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        said = run.stderr.decode("utf-8")
        assert run.returncode == code, (argv, said)
        assert "Traceback" not in said
        assert (NOTE in said) == (2 not in closed)
    assert (tmp_path / "計画.yaml").read_text(encoding="utf-8").strip()
