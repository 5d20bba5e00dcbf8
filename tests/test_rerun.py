"""A rerun with nothing new is nearly free: known files are not read again, outputs not rewritten."""

import os
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx.intake.worker import Pool
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


@pytest.fixture
def inbox(plan, tmp_path):
    folder = tmp_path / "inbox"
    craft.filled(plan, 2026, "観光課", folder, "観光課.xlsx")
    craft.filled(plan, 2026, "土木課", folder, "土木課.xlsx", changes={"取組状況": {"3-2-1": {"進捗状況": "たぶん"}}})
    return folder


def mtimes(paths) -> dict:
    return {p: os.stat(p).st_mtime_ns for p in paths}


def test_second_run_reads_nothing_again_and_writes_nothing(plan, inbox, tmp_path, monkeypatch):
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    started = []
    real_start = Pool._start
    monkeypatch.setattr(Pool, "_start", lambda pool: started.append(1) or real_start(pool))
    assert not first.unchanged and first.feedback  # 土木課 is rejected: a 差し戻し copy
    written = [*first.outputs.values(), *first.feedback.values()]
    before = mtimes(written)
    second = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert second.unchanged and second.outputs == first.outputs and second.feedback == first.feedback
    assert mtimes(written) == before
    by_name = {f.result.name: f for f in second.batch.files}
    # the accepted file and the file rejected by this same tool and plan are not read again
    assert all(f.result.from_ledger for f in by_name.values())
    assert [f.status for f in second.batch.files] == [f.status for f in first.batch.files]
    first_by_name = {f.result.name: f for f in first.batch.files}
    assert [p.code for p in by_name["土木課.xlsx"].problems] == [p.code for p in first_by_name["土木課.xlsx"].problems]
    assert "V001" in [p.code for p in by_name["土木課.xlsx"].problems]
    assert started == []  # not even a worker process was started: there was nothing to read


@pytest.mark.parametrize("change", ["deleted output", "new option", "new file"])
def test_outputs_are_written_again_when_something_changed(plan, inbox, tmp_path, change):
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    options = {}
    if change == "deleted output":
        first.outputs["meeting"].unlink()
    elif change == "new option":
        options["public"] = True
    else:
        craft.filled(plan, 2026, "市民課", inbox, "市民課.xlsx")
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out", **options)
    assert not again.unchanged and again.outputs["meeting"].is_file()
    if change == "new option":
        assert "public" in again.outputs
    if change == "new file":
        assert {r["section"]: r["status"] for r in again.batch.sections}["市民課"] == "提出済"


def test_a_file_rejected_by_another_reader_or_by_a_passing_fault_is_read_again(plan, inbox, tmp_path):
    run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    with Ledger(tmp_path / "r.db") as ledger:
        rows = {r["name"]: r for r in ledger.submissions(2026)}
        assert rows["土木課.xlsx"]["reader"].startswith("reform_xlsx ")
        path, sha = rows["土木課.xlsx"]["path"], rows["土木課.xlsx"]["sha256"]
        assert ledger.known(Path(path), sha, 2026, rows["土木課.xlsx"]["reader"]) is not None
        assert ledger.known(Path(path), sha, 2026, "a newer tool or plan") is None
        ledger.db.execute("UPDATE submissions SET issues = ? WHERE id = ?",
                          ('[{"code": "F013", "severity": "error", "message": "時間切れ"}]', rows["土木課.xlsx"]["id"]))
        assert ledger.known(Path(path), sha, 2026, rows["土木課.xlsx"]["reader"]) is None
        accepted = rows["観光課.xlsx"]
        assert accepted["status"] == FileStatus.ACCEPTED
        assert ledger.known(Path(accepted["path"]), accepted["sha256"], 2026, "any reader") is not None
