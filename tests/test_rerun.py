"""A rerun with nothing new is nearly free: known files are not read again, outputs not rewritten."""

import hashlib
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.intake import reader as reader_module
from reform_xlsx.intake.worker import Pool
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


@pytest.fixture
def inbox(plan, tmp_path):
    folder, work = tmp_path / "inbox", tmp_path / "work"  # the blank templates stay out of the inbox
    folder.mkdir()
    for path in (craft.filled(plan, 2026, "観光課", work, "観光課.xlsx"),
                 craft.filled(plan, 2026, "土木課", work, "土木課.xlsx",
                              changes={"取組状況": {"3-2-1": {"進捗状況": "たぶん"}}})):
        path.rename(folder / path.name)
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
    ledger_bytes = (tmp_path / "r.db").read_bytes()
    second = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert second.unchanged and second.outputs == first.outputs and second.feedback == first.feedback
    assert mtimes(written) == before
    assert (tmp_path / "r.db").read_bytes() == ledger_bytes  # 「台帳も出力も変わりません」: not a byte of the ledger
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


def _cut_once_hashed(monkeypatch, target: Path) -> bytes:
    """``target``'s bytes; from now on, right after merge hashes it, it is cut in half — the rewrite is under way
    when the worker reads it."""
    content = target.read_bytes()
    real = reader_module.read_bytes

    def hashed_then_cut(path, cap):
        got = real(path, cap)
        if Path(path).name == target.name:
            Path(path).write_bytes(content[: len(content) // 2])
        return got

    monkeypatch.setattr(reader_module, "read_bytes", hashed_then_cut)
    return content


def test_a_file_rewritten_while_it_is_read_is_read_again_next_time(plan, inbox, tmp_path, monkeypatch):
    """The office saves the same attachment over the old copy (or a sync client rewrites it) while merge reads it:
    F024, a fault of the moment — the next merge reads the file again and accepts it (it was kept as skipped for
    good, and a resend of the same bytes became a duplicate of a file never read)."""
    target = inbox / "観光課.xlsx"
    content = _cut_once_hashed(monkeypatch, target)
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    monkeypatch.undo()
    by_name = {f.result.name: f for f in first.batch.files}
    assert [p.code for p in by_name["観光課.xlsx"].problems] == ["F024"]
    assert "merge は次の実行で読み直します" in by_name["観光課.xlsx"].problems[0].message
    target.write_bytes(content)  # the rewrite is over: the same bytes as before
    shutil.copy(target, inbox / "観光課（再送）.xlsx")
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    by_name = {f.result.name: f for f in again.batch.files}
    assert (by_name["観光課.xlsx"].status, by_name["観光課（再送）.xlsx"].status) == (FileStatus.ACCEPTED,
                                                                                 FileStatus.DUPLICATE)
    assert {r["section"]: r["status"] for r in again.batch.sections}["観光課"] == "提出済"


def test_a_resend_of_a_file_cut_while_it_was_read_is_read_not_a_duplicate_of_it(plan, inbox, tmp_path, monkeypatch):
    """The save over 観光課.xlsx was cut off while merge read it (F024) and stays cut (F006); the section resends the
    same bytes under another name: they are read and accepted — not 「重複…送り直しは不要です」 of a file never read."""
    target = inbox / "観光課.xlsx"
    content = _cut_once_hashed(monkeypatch, target)
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    monkeypatch.undo()
    assert [p.code for f in first.batch.files if f.result.name == target.name for p in f.problems] == ["F024"]
    (inbox / "観光課（再送）.xlsx").write_bytes(content)  # 観光課.xlsx stays cut
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    by_name = {f.result.name: f for f in again.batch.files}
    assert by_name["観光課（再送）.xlsx"].status == FileStatus.ACCEPTED, by_name["観光課（再送）.xlsx"].problems
    assert by_name["観光課.xlsx"].status in (FileStatus.REJECTED, FileStatus.SKIPPED)  # cut: F006
    assert {r["section"]: r["status"] for r in again.batch.sections}["観光課"] == "提出済"


def test_a_moved_inbox_is_the_same_files_not_duplicates_of_themselves(plan, inbox, tmp_path):
    """The office renames its inbox (or copies it to another drive and deletes the old one): each
    file's record follows it — no L001 「内容がまったく同じ」 about itself, nothing read again."""
    (inbox / "再送").mkdir()
    (inbox / "再送" / "観光課（再送）.xlsx").write_bytes((inbox / "観光課.xlsx").read_bytes())
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    with Ledger(tmp_path / "r.db") as ledger:
        before = {r["name"]: (r["id"], r["status"], r["duplicate_of"]) for r in ledger.submissions(2026)}
    moved = inbox.rename(tmp_path / "受信_令和8年度")
    again = run_merge([moved], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert all(f.result.from_ledger for f in again.batch.files)
    def verdicts(outcome):
        return {f.result.name: (f.status, sorted(p.code for p in f.problems)) for f in outcome.batch.files}
    assert verdicts(again) == verdicts(first)
    assert verdicts(first)["土木課.xlsx"][0] == FileStatus.REJECTED
    # one of the two identical files is the duplicate of the other, as in the first run, and only that one
    assert sorted(codes for _, codes in (verdicts(again)[n] for n in ("観光課.xlsx", "再送/観光課（再送）.xlsx"))) \
        == [[], ["L001"]]
    with Ledger(tmp_path / "r.db") as ledger:
        rows = ledger.submissions(2026)
        assert {r["name"]: (r["id"], r["status"], r["duplicate_of"]) for r in rows} == before
        assert all(Path(r["path"]).is_relative_to(moved) for r in rows if r["sha256"])


def test_a_copy_of_a_file_still_in_place_is_a_duplicate(plan, inbox, tmp_path):
    run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    other = tmp_path / "もう一つの受信"
    other.mkdir()
    (other / "観光課.xlsx").write_bytes((inbox / "観光課.xlsx").read_bytes())
    again = run_merge([inbox, other], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    copy = next(f for f in again.batch.files if f.result.path.parent == other)
    assert copy.status == FileStatus.DUPLICATE and "L001" in [p.code for p in copy.problems]


def _copy_values(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row
            if c.value is not None and not c.protection.locked}


@pytest.mark.parametrize("change", ["new option", "another out folder", "another folder"])
def test_a_sent_back_copy_written_again_still_holds_what_the_section_sent(plan, inbox, tmp_path, change):
    """The rejected file is not read again (the ledger knows it), yet its 差し戻し copy, written again
    because something else changed, shows what the section sent — it came back blank; and a merge of
    another folder (the next day's mail) deleted it."""
    out = tmp_path / "out"
    first = run_merge([inbox], plan, 2026, db=out / "r.db", out=out)
    (copy,) = [p for name, p in first.feedback.items() if name == "土木課.xlsx"]
    sent = _copy_values(copy)
    assert "たぶん" in sent.values() and sum(isinstance(v, str) for v in sent.values()) > 5
    options, folder, db = {}, inbox, out / "r.db"
    if change == "new option":
        options["public"] = True
    elif change == "another out folder":  # (the out folder moved with its ledger is the same outputs: test_moved_work_folder)
        out = tmp_path / "出力2"
    else:
        folder = tmp_path / "翌日の受信"
        craft.filled(plan, 2026, "市民課", folder, "市民課.xlsx")
    again = run_merge([folder], plan, 2026, db=db, out=out, **options)
    assert not again.unchanged and not again.complete
    (redone,) = [f for f in again.open_rejections if f.result.name == "土木課.xlsx"]
    assert redone.result.from_ledger and "V001" in [p.code for p in redone.problems]
    assert _copy_values(again.feedback["土木課.xlsx"]) == sent


def test_a_version_6_ledger_reads_its_rejected_files_once_more_to_keep_what_they_sent(plan, inbox, tmp_path):
    out = tmp_path / "out"
    run_merge([inbox], plan, 2026, db=out / "r.db", out=out)
    with Ledger(out / "r.db") as ledger, ledger.db:  # as version 6 left it: nothing kept of a rejected file
        (rejected,) = [r for r in ledger.submissions(2026) if r["name"] == "土木課.xlsx"]
        ledger.db.execute("DELETE FROM answers WHERE submission_id = ?", (rejected["id"],))
        ledger.db.execute("PRAGMA user_version = 6")
    again = run_merge([inbox], plan, 2026, db=out / "r.db", out=out, public=True)
    by_name = {f.result.name: f for f in again.batch.files}
    assert not by_name["土木課.xlsx"].result.from_ledger and by_name["観光課.xlsx"].result.from_ledger
    assert "たぶん" in _copy_values(again.feedback["土木課.xlsx"]).values()
    with Ledger(out / "r.db") as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == 8
        assert any(a.raw == "たぶん" for a in ledger.sent_answers(rejected["id"]))
        assert ledger.answers([2026]).section.unique().tolist() == ["観光課"]  # a rejected file's answers are not answers


def test_a_corrected_copy_saved_over_the_old_one_is_read_never_deleted(plan, inbox, tmp_path):
    """The inbox is the output folder (merge . --out .): 土木課 corrects its 差し戻し copy and the clerk
    saves it back under the same name in 差し戻し/. It was never read, then deleted with last run's copies."""
    from reform_xlsx.templates.fill import fill_template

    first = run_merge([inbox], plan, 2026, db=inbox / "r.db", out=inbox)
    copy = first.feedback["土木課.xlsx"]
    fill_template(copy, {"取組状況": {"3-2-1": {"進捗状況": "A 計画どおり"}}}, tmp_path / "corrected.xlsx")
    copy.write_bytes((tmp_path / "corrected.xlsx").read_bytes())  # saved over the copy, same name
    corrected = copy.read_bytes()
    again = run_merge([inbox], plan, 2026, db=inbox / "r.db", out=inbox)
    read = {f.result.name: f for f in again.batch.files}
    name = f"差し戻し/{copy.name}"
    assert read[name].status == FileStatus.ACCEPTED and read[name].current
    assert {r["section"]: r["status"] for r in again.batch.sections}["土木課"] == "提出済"
    assert copy.read_bytes() == corrected  # the section's file: neither deleted nor overwritten


def test_outputs_of_an_earlier_out_folder_left_in_the_inbox_are_not_read_as_returns(plan, inbox, tmp_path):
    """--out changed and the old output folder stays inside the inbox: its 受付結果, 会議資料 and 差し戻し copy are
    merge's own (F025, ignored) — the copy was read as the section's new return (差し戻し again, a new 要修正 copy
    saying 「…の調査票です」) and the workbooks as M001. The year's own 推進室評価シート as merge wrote it (nothing
    typed in it) is merge's own too: read, it was one more submission every time the sheet was written again."""
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "outA", public=True)
    shutil.copytree(tmp_path / "outA", inbox / "R8出力", ignore=shutil.ignore_patterns("*.db", "reform_archive"))
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "outB")
    old = {f.result.name: f for f in again.batch.files if f.result.name.startswith("R8出力/")}
    review = "R8出力/" + first.outputs["review"].name
    assert {n for n, f in old.items() if [p.code for p in f.problems] == ["F025"]} == set(old)
    assert all(f.status == FileStatus.IGNORED for f in old.values())
    assert "推進室評価シート「" in old[review].problems[0].message
    assert "R8出力/差し戻し/" + first.feedback["土木課.xlsx"].name in old
    assert {f.result.real_format for n, f in old.items() if n.endswith(".csv")} == {"csv"}  # as it is, not 「xlsx」
    sections = {r["section"]: r["status"] for r in again.batch.sections}
    assert sections == {r["section"]: r["status"] for r in first.batch.sections}
    with Ledger(tmp_path / "r.db") as ledger:  # last year's 推進室評価シート in this year's inbox is merge's too
        path = inbox / review
        earlier = ledger.known(path, hashlib.sha256(path.read_bytes()).hexdigest(), 2027)
        assert earlier is not None and [p.code for p in earlier.problems] == ["F025"] and "令和8年度" in \
            earlier.problems[0].message


def test_a_sent_back_copy_written_over_since_is_still_merges_own(plan, inbox, tmp_path):
    """The 差し戻し copy mailed to 土木課 was written again by later merges (new content each time); the section
    sends the one it got back unchanged, or it lies in next year's inbox: still merge's own (F025), never read as
    a return — only the copy of the last merge was known."""
    first = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    mailed = tmp_path / "mailed.xlsx"
    shutil.copy(first.feedback["土木課.xlsx"], mailed)  # what the section received
    craft.filled(plan, 2026, "市民課", tmp_path / "x", "市民課.xlsx").rename(inbox / "市民課.xlsx")
    second = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")  # the copy is written again
    assert second.feedback["土木課.xlsx"].read_bytes() != mailed.read_bytes()
    shutil.copy(mailed, inbox / "土木課_返信.xlsx")
    third = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    (back,) = [f for f in third.batch.files if f.result.name == "土木課_返信.xlsx"]
    assert (back.status, [p.code for p in back.problems]) == (FileStatus.IGNORED, ["F025"])
    assert "差し戻しの写し" in back.problems[0].message


def test_a_known_file_is_shown_from_the_folder_given_now(plan, inbox, tmp_path):
    """merge 受信 then merge . (the work folder): the known files were listed by their old names (「観光課.xlsx」
    next to the work folder's own files), the problems and the ledger too."""
    run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    shutil.rmtree(tmp_path / "work")  # the blank templates the fixture filled from
    again = run_merge([tmp_path], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    shown = {f.result.name: f for f in again.batch.files}
    assert {"inbox/観光課.xlsx", "inbox/土木課.xlsx"} <= set(shown) and "観光課.xlsx" not in shown
    assert all(f.result.from_ledger for n, f in shown.items() if n.startswith("inbox/"))
    assert {p.file for p in shown["inbox/土木課.xlsx"].problems} == {"inbox/土木課.xlsx"}
    with Ledger(tmp_path / "r.db") as ledger:
        rows = {r["section"]: r["file"] for r in ledger.section_rows(2026, plan.sections)}
        answers = ledger.answers([2026])  # 回答一覧's ファイル column, R005's file
    assert rows["観光課"] == "inbox/観光課.xlsx" and rows["土木課"] == "inbox/土木課.xlsx"
    assert set(answers["file"]) == {"inbox/観光課.xlsx"}
