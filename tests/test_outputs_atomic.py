"""Outputs appear whole or not at all, and a killed merge leaves the ledger usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.xlsx.workbook import new_workbook

WRITER = """
import sys
from reform_xlsx.xlsx.workbook import new_workbook
wb = new_workbook(sys.argv[1])
ws = wb.add_worksheet("新")
for r in range(20000):
    ws.write_string(r, 0, "新しい内容" * 5)
wb.close()
"""


def complete(path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    except zipfile.BadZipFile:
        return False


def test_a_failure_while_building_leaves_the_old_file(tmp_path):
    target = tmp_path / "受付結果.xlsx"
    target.write_bytes(b"old complete file")
    wb = new_workbook(target)
    wb.add_worksheet("x").write_string(0, 0, "new")
    wb.abandon()  # e.g. an exception before close
    assert target.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["受付結果.xlsx"]  # no temporary file left


def test_replacing_keeps_the_old_file_on_an_exception(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), outputs.replacing(target) as partial:
        partial.write_text("half")
        raise RuntimeError("stop")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.csv"]


@pytest.mark.parametrize("how", ["workbook", "replacing"])
def test_a_temporary_file_that_cannot_be_removed_does_not_hide_the_error(tmp_path, monkeypatch, how):
    """On Windows a scanner may hold the temporary file: the clerk still hears why the output could not
    be written, about the output (here: open in Excel, so it cannot be replaced)."""
    target = tmp_path / "受付結果.xlsx"
    target.write_bytes(b"old")

    def locked(*_args):
        raise PermissionError(13, "in use", str(target))

    def held(self, missing_ok=False):
        raise PermissionError(32, "held by another process", str(self))

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(type(target), "unlink", held)
    with pytest.raises(PermissionError) as raised:
        if how == "workbook":
            wb = new_workbook(target)
            wb.add_worksheet("x").write_string(0, 0, "new")
            wb.close()
        else:
            with outputs.replacing(target) as partial:
                partial.write_text("new")
    assert raised.value.filename == str(target) and raised.value.errno == 13
    monkeypatch.undo()
    assert target.read_bytes() == b"old"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_at_any_moment_leaves_the_old_or_the_new_complete_file(tmp_path):
    target = tmp_path / "会議資料.xlsx"
    wb = new_workbook(target)
    wb.add_worksheet("旧").write_string(0, 0, "前回の内容")
    wb.close()
    old = target.read_bytes()
    seen = set()
    for delay in (0.05, 0.15, 0.3, 0.5, 0.8, 1.2, 3.0):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = target.read_bytes()
        assert data == old or complete(target), delay  # never half a file
        seen.add("old" if data == old else "new")
        if data != old:
            old = data
    assert "old" in seen  # (and usually "new": the write got through before some kills)


KILLED_MERGE = """
import sys
from reform_xlsx.plan import load_plan
from reform_xlsx.merge import run_merge
if __name__ == "__main__":
    plan, _ = load_plan()
    run_merge([sys.argv[1]], plan, 2026, db=sys.argv[2], out=sys.argv[3])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_merge_killed_midway_leaves_a_usable_ledger(plan, tmp_path):
    inbox = tmp_path / "inbox"
    for section in plan.sections[:6]:
        craft.filled(plan, 2026, section, inbox, f"{section}.xlsx")
    script = tmp_path / "merge_script.py"
    script.write_text(KILLED_MERGE, encoding="utf-8")
    db, out = tmp_path / "r.db", tmp_path / "out"
    files = len(list(inbox.rglob("*.xlsx")))  # the returns and the blank templates they came from
    for delay in (0.5, 1.0, 1.5):
        proc = subprocess.Popen([sys.executable, str(script), str(inbox), str(db), str(out)],
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the merge and its workers, at once
        proc.wait()
        with Ledger(db) as ledger:  # opens, and holds either nothing of that run or all of it
            rows = ledger.submissions(2026)
            assert len(rows) in (0, files)
    result = run_merge([inbox], plan, 2026, db=db, out=out)
    assert sorted(r["section"] for r in result.batch.sections if r["status"] == "提出済") == sorted(plan.sections[:6])


def test_a_written_workbook_frees_its_cells_without_the_cycle_collector(tmp_path):
    """A merge writes several big workbooks in a row; each one's cells must be gone when it is
    written, not left for Python's cycle collector (10,000 files: ~80 MB more at the peak)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        wb = new_workbook(tmp_path / "大きい.xlsx")
        for name in ("一", "二"):
            ws = wb.add_worksheet(name)
            for r in range(2000):
                for c in range(5):
                    ws.write_string(r, c, f"{name}{r}-{c}")
        wb.close()
        del wb, ws
        left = gc.collect()  # what only the cycle collector could free
    finally:
        gc.enable()
    assert complete(tmp_path / "大きい.xlsx")
    assert left < 2000, left  # the 20,000 cells (and their strings) were freed at once


def test_a_killed_runs_temporary_files_are_cleared_but_never_a_running_ones(tmp_path):
    import os
    import time

    from reform_xlsx import outputs

    (tmp_path / outputs.FEEDBACK_FOLDER).mkdir()
    old = tmp_path / f"{outputs.TEMPORARY_PREFIX}abc.xlsx"
    old_copy = tmp_path / outputs.FEEDBACK_FOLDER / f"{outputs.TEMPORARY_PREFIX}def.xlsx"
    running = tmp_path / f"{outputs.TEMPORARY_PREFIX}ghi.xlsx"
    kept = tmp_path / "令和8年度_受付結果.xlsx"
    for path in (old, old_copy, running, kept):
        path.write_bytes(b"")
    long_ago = time.time() - 3600
    for path in (old, old_copy, kept):
        os.utime(path, (long_ago, long_ago))
    outputs.clear_stale_temporaries(tmp_path)
    assert not old.exists() and not old_copy.exists()
    assert running.exists() and kept.exists()  # a run may be writing it; not a temporary file
