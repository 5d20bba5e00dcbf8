"""run_merge as a library: what gets a 差し戻し copy, and what is never opened."""

import datetime as dt
import gc
import hashlib
import json
import os
from pathlib import Path

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx import merge as merge_module
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.intake.result import FileResult
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import NoInputError, WrongYearError, rebuild_report, run_merge
from reform_xlsx.messages import Msg, problem
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from sheet_reader import columns, header_row


def rejected(path, section, unsafe):
    data = path.read_bytes()
    return FileResult(path=path, name=path.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      mtime=path.stat().st_mtime, status=FileStatus.REJECTED, real_format="xlsx", section=section, year=2026,
                      unsafe=unsafe,
                      problems=[problem(Msg.PLAN_NOT_FOUND, file=path.name, sheet="取組状況", cell="J4", detail="x")])


def test_every_rejection_of_a_plan_section_gets_a_copy_built_not_copied(tmp_path, plan, monkeypatch):
    inbox = tmp_path / "inbox"
    safe, unsafe = write_templates(plan, 2026, inbox, sections=["観光課", "土木課"])
    stranger = inbox / "x.xlsx"
    stranger.write_bytes(safe.read_bytes() + b"other")
    # Even a file that crashed the reader gets a copy: a fresh template with the list of problems.
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [
        rejected(safe, "観光課", unsafe=False), rejected(unsafe, "土木課", unsafe=True),
        rejected(stranger, "../../x/evil", unsafe=False)])
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert sorted(p.name for p in result.feedback.values()) == ["令和8年度_土木課_要修正.xlsx", "令和8年度_観光課_要修正.xlsx"]
    assert all(p.parent == tmp_path / "out" / "差し戻し" for p in result.feedback.values())
    for copy in result.feedback.values():
        wb = openpyxl.load_workbook(copy)
        assert wb.sheetnames[0] == "エラー一覧" and "取組状況" in wb.sheetnames
    assert not (tmp_path / "x").exists() and not (tmp_path / "out" / "evil_要修正.xlsx").exists()
    assert not result.complete and {f.result.name for f in result.open_rejections} == {safe.name, unsafe.name,
                                                                                       stranger.name}


def test_stale_feedback_of_the_year_is_replaced(tmp_path, plan, monkeypatch):
    inbox = tmp_path / "inbox"
    (path,) = write_templates(plan, 2026, inbox, sections=["観光課"])
    old = tmp_path / "out" / "差し戻し" / "令和8年度_土木課_要修正.xlsx"
    other_year = old.with_name("令和7年度_土木課_要修正.xlsx")
    not_ours = old.with_name("令和8年度_財政課_要修正.xlsx")  # saved there by someone: a section's corrected copy
    old.parent.mkdir(parents=True)
    old.write_bytes(b"x")
    other_year.write_bytes(b"x")
    not_ours.write_bytes(b"corrected by the section")
    with Ledger(tmp_path / "r.db") as ledger:  # last run's copy: merge wrote it
        ledger.remember_outputs(2026, "last run", {"feedback": {"土木課.xlsx": old}}, tmp_path / "out")
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [rejected(path, "観光課", unsafe=False)])
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert sorted(p.name for p in old.parent.iterdir()) == [
        "令和7年度_土木課_要修正.xlsx", "令和8年度_観光課_要修正.xlsx", "令和8年度_財政課_要修正.xlsx"]
    assert not_ours.read_bytes() == b"corrected by the section"
    assert any(str(not_ours) in note and "消さず、上書きもしていません" in note for note in result.notes)


def test_no_existing_input_path(tmp_path, plan):
    with pytest.raises(NoInputError):
        run_merge([tmp_path / "nothing"], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")


def test_own_outputs_are_never_read_back(tmp_path, plan):
    """``merge . --out .``: the outputs, 差し戻し copies, archive and ledger are not inputs."""
    inbox = tmp_path
    (good,) = write_templates(plan, 2026, inbox / "届いたもの", sections=["観光課"])
    fill_template(good, {"取組状況": {"2-2-1": {"進捗状況": "A"}}}, good)
    (blank,) = write_templates(plan, 2026, inbox / "届いたもの", sections=["土木課"])
    fill_template(blank, {}, blank)  # saved back unfilled (as written, never saved, it is no return: F027): 差し戻し
    first = run_merge([inbox], plan, 2026, db=inbox / "reform.db", out=inbox, pdf=False, public=True)
    second = run_merge([inbox], plan, 2026, db=inbox / "reform.db", out=inbox, pdf=False, public=True)
    names = sorted(["届いたもの/" + good.name, "届いたもの/" + blank.name])
    assert [f.result.name for f in first.batch.files] == [f.result.name for f in second.batch.files] == names
    assert (inbox / "reform_archive").is_dir() and (inbox / "差し戻し").is_dir()


def test_an_empty_inbox_still_gives_every_output(tmp_path, plan):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out", public=True)
    assert set(result.outputs) == {"receipt", "answers", "meeting", "office", "public", "public_csv_items",
                                   "public_csv_kpis", "review"}
    assert set(result.batch.status.status) == {"未提出"} and not result.complete
    cover = openpyxl.load_workbook(result.outputs["meeting"])["表紙"]
    made = [row for row in cover.iter_rows(values_only=True) if "作成日" in row][0]
    assert any(isinstance(v, str) and v.startswith("令和") and "-" not in v for v in made)


def test_every_template_of_another_year_is_said_with_its_code_at_year(tmp_path, plan, monkeypatch, capsys):
    """A clerk who merges last year's returns with this year's --year (or this year's answers typed on last year's
    form) is told with a code and a place, as every other refusal of an option (T001, T008)."""
    write_templates(plan, 2026, tmp_path / "受信", sections=["観光課"])
    monkeypatch.chdir(tmp_path)
    assert main(["merge", "受信", "--year", "R9", "--json"]) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    (found,) = doc["problems"]
    assert (found["code"], found["severity"], found["path"]) == ("T009", "error", "--year")
    assert "[T009 エラー] --year: 読み込んだ調査票はすべて令和8年度のものです（--year は令和9年度）" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["受信"]


def test_every_template_of_another_year_stops_before_anything_is_written(tmp_path, plan):
    write_templates(plan, 2027, tmp_path / "inbox", sections=["観光課", "土木課"])
    with pytest.raises(WrongYearError, match="令和9年度のもの.*--year"):
        run_merge([tmp_path / "inbox"], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    # nothing made: no output folder, no ledger, no archive (「何も記録・作成していません」)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]
    # folders made for the ledger and the outputs, however deep, go too
    with pytest.raises(WrongYearError):
        run_merge([tmp_path / "inbox"], plan, 2026, db=tmp_path / "台帳" / "2026" / "r.db", out=tmp_path / "a" / "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]
    # a ledger, folder and file that were there are kept, with nothing new in them
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "メモ.txt").write_text("推進室のメモ")
    Ledger(tmp_path / "r.db").close()
    with pytest.raises(WrongYearError):
        run_merge([tmp_path / "inbox"], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox", "out", "r.db"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["メモ.txt"]
    with Ledger(tmp_path / "r.db") as ledger:
        assert ledger.submissions(2026) == []  # nothing recorded either


def test_one_feedback_copy_per_section_for_its_newest_rejected_file(tmp_path, plan, monkeypatch):
    inbox = tmp_path / "inbox"
    (first,) = write_templates(plan, 2026, inbox / "a", sections=["観光課"])
    (second,) = write_templates(plan, 2026, inbox / "b", sections=["観光課"])
    old, new = rejected(first, "観光課", unsafe=False), rejected(second, "観光課", unsafe=False)
    old.saved_at, new.saved_at = 1000.0, 2000.0
    old.name, new.name = "a/" + old.name, "b/" + new.name
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [new, old])
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert list(result.feedback) == [new.name] and len(result.open_rejections) == 2
    assert [p.name for p in (tmp_path / "out" / "差し戻し").iterdir()] == ["令和8年度_観光課_要修正.xlsx"]


def test_two_sections_sending_files_of_one_name_on_two_days_keep_each_their_copy_up_to_date(tmp_path, plan, capsys):
    """観光課 and then 土木課 each send a rejected 「修正版.xlsx」, merged a day apart. Both copies are merge's: when
    土木課 sends another file with another error, its copy is that file's (before, the copies were known by the name
    of the file sent back, 土木課's copy was not recorded, never written again and its old errors went out again)."""
    def send(day, section, item, grade, name="修正版.xlsx"):
        craft.filled(plan, 2026, section, tmp_path / "work" / day, name,
                     changes={"取組状況": {plan.items_for(section)[item].id: {"進捗状況": grade}}})
        (tmp_path / day).mkdir()
        (tmp_path / "work" / day / name).rename(tmp_path / day / name)
        return tmp_path / day

    def merge(inbox):
        return run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")

    merge(send("0520", "観光課", 0, "たぶん"))
    second = merge(send("0521", "土木課", 0, "たぶん"))
    assert sorted(p.name for p in second.feedback.values()) == [outputs.feedback(2026, s) for s in ("土木課", "観光課")]
    third = merge(send("0522", "土木課", 1, "ゼンゼン", name="土木課_再提出.xlsx"))
    assert not [n for n in third.notes if "写しではない" in n]
    copy = tmp_path / "out" / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "土木課")
    errors = openpyxl.load_workbook(copy)["エラー一覧"]
    listed = " ".join(str(r[5]) for r in errors.iter_rows(values_only=True) if r[1] == "V001")
    assert "ゼンゼン" in listed and "たぶん" not in listed
    capsys.readouterr()
    main(["merge", str(send("0523", "財政課", 0, "A 計画どおり")), "--year", "R8", "--db", str(tmp_path / "r.db"),
          "--out", str(tmp_path / "out")])
    assert "差し戻しファイル 2 件（観光課、土木課）" in capsys.readouterr().out  # the sections, not 「修正版.xlsx」


def test_the_same_shared_amount_is_flagged_at_each_sections_cell_and_in_the_report(tmp_path, plan):
    """One rule (ledger.checks): 受付結果 marks both cells (R005), the packet's 確認事項 lists the same."""
    inbox = tmp_path / "inbox"
    for path in write_templates(plan, 2026, tmp_path / "t", sections=["財政課", "秘書政策課", "観光課"]):
        section = path.stem.rsplit("_", 1)[1]
        answers = craft.valid_answers(plan, section)
        for row in answers["取組状況"].values():
            row.pop("財政効果額（円）", None)
        answers["取組状況"]["2-2-1"]["財政効果額（円）"] = 1_250_000 if section != "観光課" else 300_000
        fill_template(path, answers, inbox / path.name)
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    flagged = {f.result.section: [p for p in f.problems if p.code == "R005"] for f in result.batch.files}
    assert {s for s, found in flagged.items() if found} == {"財政課", "秘書政策課"}
    for section in ("財政課", "秘書政策課"):
        (p,) = flagged[section]
        assert (p.sheet, p.row_id, p.column) == ("取組状況", "2-2-1", "effect_yen")
        assert p.cell == craft.cell_of(openpyxl.load_workbook(inbox / outputs.template(plan.words, 2026, section)), "取組状況",
                                       "2-2-1", "財政効果額（円）")
    (reported,) = [p for p in result.report_problems if p.code == "R005"]
    assert reported.message == flagged["財政課"][0].message  # the same words in 受付結果 and 確認事項
    status = result.batch.status.set_index("section")
    assert status.loc["財政課", "warnings"] == 1 and status.loc["観光課", "warnings"] == 0
    # `reform-xlsx report` rebuilt from the ledger counts the same warnings in 提出状況 as the merge did
    rebuilt = rebuild_report(plan, 2026, db=tmp_path / "r.db", out=tmp_path / "again")
    assert _status_sheet(rebuilt.outputs["office"]) == _status_sheet(result.outputs["office"])


def _status_sheet(path):
    return [[c for c in row] for row in openpyxl.load_workbook(path, data_only=True)["提出状況"].iter_rows(values_only=True)]


def test_the_heap_is_set_aside_only_while_the_outputs_are_written(tmp_path, plan, monkeypatch):
    """merge sets aside (gc.freeze) what exists before it writes its outputs, and always puts it back:
    a program that calls run_merge keeps a collector that sees everything, after a failure too."""
    inbox = tmp_path / "inbox"
    (path,) = write_templates(plan, 2026, inbox, sections=["観光課"])
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [rejected(path, "観光課", unsafe=False)])
    seen = []
    real = merge_module.write_meeting_outputs

    def watched(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(merge_module, "write_meeting_outputs", watched)
    assert gc.get_freeze_count() == 0
    run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    assert seen[0] > 1000 and gc.get_freeze_count() == 0  # set aside while writing, put back after

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(merge_module, "write_meeting_outputs", broken)
    (tmp_path / "out" / outputs.receipt(2026)).unlink()  # outputs to write again
    with pytest.raises(OSError):
        run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out", pdf=True)
    assert gc.get_freeze_count() == 0


def test_a_program_that_set_objects_aside_itself_keeps_them_so(tmp_path, plan, monkeypatch):
    inbox = tmp_path / "inbox"
    (path,) = write_templates(plan, 2026, inbox, sections=["観光課"])
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [rejected(path, "観光課", unsafe=False)])
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
        assert gc.get_freeze_count() > frozen // 2  # still set aside (less what was freed meanwhile), not put back
    finally:
        gc.unfreeze()


def test_a_merge_that_records_while_another_writes_is_in_the_outputs_written_last(tmp_path, plan, monkeypatch):
    """Two merges on one ledger: the second records its files while the first is writing its outputs.
    The first writes them again with the second's files, so that the outputs written last (the first's)
    are never a state without them."""
    a, b = tmp_path / "a", tmp_path / "b"
    craft.filled(plan, 2026, "財政課", a)
    craft.filled(plan, 2026, "市民課", b)
    db, out = tmp_path / "r.db", tmp_path / "out"
    real = merge_module._write_outputs
    calls = []

    def meanwhile(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # the other merge, on the same ledger, records 市民課 and writes its outputs
            run_merge([b], plan, 2026, db=db, out=tmp_path / "out_b")
        return real(*args, **kwargs)

    monkeypatch.setattr(merge_module, "_write_outputs", meanwhile)
    result = run_merge([a], plan, 2026, db=db, out=out)
    assert len(calls) == 3  # the first write, the other merge's, the first's again
    submitted = {r["section"] for r in result.batch.sections if r["status"] == "提出済"}
    assert submitted == {"財政課", "市民課"}
    receipt = openpyxl.load_workbook(out / outputs.receipt(2026), data_only=True)
    text = " ".join(str(c.value) for ws in receipt for row in ws.iter_rows() for c in row if c.value)
    assert "市民課.xlsx" in text and "財政課.xlsx" in text
    assert run_merge([a], plan, 2026, db=db, out=out).unchanged  # recorded with the state it was written from


def test_a_merge_that_records_just_after_another_recorded_is_in_the_others_outputs(tmp_path, plan, monkeypatch):
    """The other merge records between this one's recording and its writing (not during the writing): the
    outputs still show its sections as submitted (受付結果 and the packet said 未提出 for them while
    回答一覧 had their answers)."""
    a, b = tmp_path / "a", tmp_path / "b"
    craft.filled(plan, 2026, "財政課", a)
    craft.filled(plan, 2026, "市民課", b)
    db, out = tmp_path / "r.db", tmp_path / "out"
    real = merge_module.read_and_record

    def then_the_other(*args, **kwargs):
        batch = real(*args, **kwargs)
        if not calls:
            calls.append(1)
            run_merge([b], plan, 2026, db=db, out=tmp_path / "out_b")  # on another connection, right after
        return batch

    calls: list[int] = []
    monkeypatch.setattr(merge_module, "read_and_record", then_the_other)
    result = run_merge([a], plan, 2026, db=db, out=out)
    monkeypatch.undo()
    assert {r["section"] for r in result.batch.sections if r["status"] == "提出済"} == {"財政課", "市民課"}
    receipt = openpyxl.load_workbook(out / outputs.receipt(2026), data_only=True)
    text = " ".join(str(c.value) for ws in receipt for row in ws.iter_rows() for c in row if c.value)
    assert "市民課.xlsx" in text and "財政課.xlsx" in text


def test_each_output_folder_of_one_ledger_keeps_its_own_outputs(tmp_path, plan, monkeypatch):
    """One ledger, two --out folders: a merge into the second does not make the first folder's 推進室評価シート
    and 差し戻し copies strangers (「記入中の可能性」, copies of resolved sections never removed)."""
    inbox = tmp_path / "inbox"
    (template,) = write_templates(plan, 2026, tmp_path / "t", sections=["観光課"])
    sent = template.stat().st_mtime - 60  # the rejected file went a minute before the answer: never the same second,
    os.utime(template, (sent, sent))  # where the answer's whole-second save time would look older than it
    db, first, second = tmp_path / "r.db", tmp_path / "outA", tmp_path / "outB"
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [rejected(template, "観光課", unsafe=False)])
    run_merge([inbox.parent], plan, 2026, db=db, out=first)
    copy = first / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "観光課")
    assert copy.is_file()
    monkeypatch.undo()
    craft.filled(plan, 2026, "財政課", tmp_path / "x")
    run_merge([tmp_path / "x"], plan, 2026, db=db, out=second)
    answer = craft.filled(plan, 2026, "観光課", tmp_path / "y")  # the section answers: its copy in outA is resolved
    inbox.mkdir()
    answer.rename(inbox / answer.name)
    result = run_merge([inbox], plan, 2026, db=db, out=first)
    assert not copy.exists()
    assert "review" in result.outputs and not any("上書きしていません" in n or "写しではない" in n for n in result.notes)


def test_a_corrected_copy_saved_in_an_inbox_that_is_the_output_folder_is_read_and_the_note_says_so(plan, tmp_path):
    """`merge . --out .`: the section's corrected copy saved over its 差し戻し copy is read and accepted — the note
    no longer tells the office to put it in the inbox (it is there, and was just read)."""
    work = tmp_path / "work"
    bad = craft.filled(plan, 2026, "特命担当", tmp_path / "x", changes={"取組状況": {
        plan.items_for("特命担当", 2026)[0].id: {"進捗状況": "たぶん"}}})
    work.mkdir()
    bad.rename(work / bad.name)
    first = run_merge([work], plan, 2026, db=work / "reform.db", out=work)
    copy = work / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "特命担当")
    assert copy.is_file() and not first.complete
    craft.filled(plan, 2026, "特命担当", tmp_path / "y").replace(copy)  # the section's corrected copy, saved there
    again = run_merge([work], plan, 2026, db=work / "reform.db", out=work)
    by_name = {f.result.name: f.status for f in again.batch.files}
    assert by_name[f"{outputs.FEEDBACK_FOLDER}/{copy.name}"] == FileStatus.ACCEPTED
    (note,) = [n for n in again.notes if "差し戻しの写しではない" in n]
    assert note.endswith("（今回の merge で読みました）。") and "受信フォルダに入れて" not in note


def _merge_one_section(plan, tmp_path, year):
    (path,) = write_templates(plan, year, tmp_path / f"templates{year}", sections=["観光課"])
    fill_template(path, {"取組状況": {"2-2-1": {"進捗状況": "A"}}}, tmp_path / f"inbox{year}" / path.name)
    run_merge([tmp_path / f"inbox{year}"], plan, year, db=tmp_path / "r.db", out=tmp_path / f"out{year}")


def test_years_never_merged_are_named_and_shown_as_no_record_not_as_unanswered(tmp_path, plan):
    """A ledger with 令和8年度 and 令和12年度 only: `report --final` says which years it has no record of,
    and both period sheets and 総括's 年度別の推移 show them as 記録なし (no survey was made: not 未回答)."""
    for year in (2026, 2030):
        _merge_one_section(plan, tmp_path, year)
    rebuilt = rebuild_report(plan, None, db=tmp_path / "r.db", out=tmp_path / "final", final=True)
    assert rebuilt.year == 2030
    (note,) = [n for n in rebuilt.notes if "記録" in n]
    assert "令和9年度・令和10年度・令和11年度の記録" in note and "記録なし" in note
    book = openpyxl.load_workbook(rebuilt.outputs["meeting"])
    period = [list(r) for r in book["計画期間の総括"].iter_rows(values_only=True)]
    header = next(r for r in period if r[0] == "KPI ID")
    k01 = next(r for r in period if r[0] == "K01")
    by_year = dict(zip(header, k01))
    assert [by_year[f"令和{n}年度"] for n in (9, 10, 11)] == ["記録なし"] * 3
    assert by_year["令和8年度"] is None  # asked, not reported: blank (未報告)
    assert "令和9年度・令和10年度・令和11年度は台帳に照会・回答の記録がない年度" in period[1][0] + period[2][0]
    items = [list(r) for r in book["計画期間の改革項目"].iter_rows(values_only=True)]
    row = next(r for r in items if r[0] == "2-2-1" and r[2] == "観光課")
    assert row[4:] == ["A", "記録なし", "記録なし", "記録なし", "A"]
    summary = [list(r) for r in book["総括"].iter_rows(values_only=True)]
    trend = {r[0]: r[1] for r in summary if isinstance(r[0], str) and r[0].startswith("令和") and r[0].endswith("年度")}
    assert trend == {"令和8年度": None, "令和9年度": "記録なし", "令和10年度": "記録なし", "令和11年度": "記録なし",
                     "令和12年度": None}
    # a year with no record at all, asked for on its own: said, not a silent packet of 0 sections
    alone = rebuild_report(plan, 2029, db=tmp_path / "r.db", out=tmp_path / "r11")
    assert any("令和11年度の記録（照会・受け付けた調査票）がありません" in n for n in alone.notes)
    recorded = rebuild_report(plan, 2026, db=tmp_path / "r.db", out=tmp_path / "r8")
    assert not [n for n in recorded.notes if "記録" in n]


def test_a_year_merged_with_no_answers_is_a_year_of_unanswered_in_the_trend_not_left_out(tmp_path, plan):
    """令和9年度 asked and merged but no section answered: 総括's 年度別の推移 of 令和10年度 shows it (every answer
    未回答, every KPI 未報告, 0 円) between 令和8年度 and 令和10年度 — a meeting member reading 令和8 → 令和10
    would not see that a year went unanswered."""
    _merge_one_section(plan, tmp_path, 2026)
    assert main(["templates", "--year", "R9", "--out", str(tmp_path / "t9"), "--db", str(tmp_path / "r.db")]) == 0
    (tmp_path / "inbox2027").mkdir()
    run_merge([tmp_path / "inbox2027"], plan, 2027, db=tmp_path / "r.db", out=tmp_path / "out2027")
    _merge_one_section(plan, tmp_path, 2028)
    rebuilt = rebuild_report(plan, 2028, db=tmp_path / "r.db", out=tmp_path / "r10")
    ws = openpyxl.load_workbook(rebuilt.outputs["meeting"], data_only=True)["総括"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = columns(ws, header_row(ws, "未回答"))
    trend = {r[0]: r for r in rows if isinstance(r[0], str) and r[0].startswith("令和") and r[0].endswith("年度")}
    assert list(trend) == ["令和8年度", "令和9年度", "令和10年度"]
    asked = sum(len(plan.items_for(s, 2027)) for s in plan.sections)
    r9 = trend["令和9年度"]
    assert r9[1] is None and r9[header["未回答"] - 1] == asked and r9[header["未報告"] - 1] == len(plan.kpis)
    assert r9[-1] == 0 and trend["令和8年度"][header["未回答"] - 1] == asked - 1


def test_a_feedback_copy_open_in_excel_loses_no_other_copy(tmp_path, plan, monkeypatch):
    """On Windows a 差し戻し copy open in Excel can be neither replaced nor deleted: merge still writes every other
    copy and output, keeps last run's copies until the new ones are in place, then says which one is open; a rerun
    after closing it writes them all."""
    import os

    inbox = tmp_path / "inbox"
    sections = ["観光課", "土木課", "財政課"]
    paths = write_templates(plan, 2026, inbox, sections=sections)
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [
        rejected(p, s, unsafe=False) for p, s in zip(paths, sections)])
    out = tmp_path / "out"
    run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=out)
    folder = out / outputs.FEEDBACK_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(outputs.feedback(2026, s) for s in sections)
    locked = folder / outputs.feedback(2026, "土木課")  # not the first copy written, nor the last
    before = locked.read_bytes()
    meeting = out / outputs.meeting(plan.words, 2026)
    meeting.unlink()
    real_replace, real_unlink = os.replace, os.unlink

    def held(path):
        if Path(path) == locked:
            raise PermissionError(13, "プロセスはファイルにアクセスできません。", str(path))

    def replace(src, dst, *args, **kwargs):
        held(dst)
        return real_replace(src, dst, *args, **kwargs)

    def unlink(path, *args, **kwargs):
        held(path)
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    with pytest.raises(PermissionError) as raised:
        run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=out, meeting_date=dt.date(2027, 7, 10))
    assert raised.value.filename == str(locked)
    assert locked.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(outputs.feedback(2026, s) for s in sections)
    assert meeting.is_file()  # the outputs after the copies are written too
    monkeypatch.setattr(os, "replace", real_replace)
    monkeypatch.setattr(os, "unlink", real_unlink)
    again = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=out, meeting_date=dt.date(2027, 7, 10))
    assert not again.unchanged
    assert sorted(p.name for p in folder.iterdir()) == sorted(outputs.feedback(2026, s) for s in sections)
    assert locked.read_bytes() != before  # written again (its 再提出期限 page is this run's)


def test_a_feedback_copy_that_cannot_be_read_is_kept_and_said_once(tmp_path, plan, monkeypatch, capsys):
    """A 差し戻し copy held open so that it cannot even be read (an exclusive lock on Windows): merge cannot tell
    whether it wrote it, so it keeps it as it is and says so — merge and ``status --remind`` go on."""
    from reform_xlsx.ledger import output_records

    inbox = tmp_path / "inbox"
    sections = ["観光課", "土木課"]
    paths = write_templates(plan, 2026, inbox, sections=sections)
    monkeypatch.setattr(merge_module, "iter_returns", lambda *a, **k: [
        rejected(p, s, unsafe=False) for p, s in zip(paths, sections)])
    out, db = tmp_path / "out", tmp_path / "reform.db"
    run_merge([inbox], plan, 2026, db=db, out=out)
    locked = out / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "土木課")
    before = locked.read_bytes()
    real_sha256 = output_records.file_sha256

    def sha256(path):
        if Path(path) == locked:
            raise PermissionError(13, "プロセスはファイルにアクセスできません。", str(path))
        return real_sha256(path)

    monkeypatch.setattr(output_records, "file_sha256", sha256)
    again = run_merge([inbox], plan, 2026, db=db, out=out)  # nothing new
    (note,) = [n for n in again.notes if str(locked) in n]
    assert "読めない" in note and "消さず、上書きもしていません" in note
    assert locked.read_bytes() == before and locked not in again.feedback.values()
    assert (out / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "観光課")) in again.feedback.values()
    capsys.readouterr()
    code = main(["status", "--year", "R8", "--db", str(db), "--remind", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert code == 1
    assert f"要修正の写し {locked.name} を読めません" in printed
    assert (tmp_path / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "観光課")).is_file()
    assert not (tmp_path / outputs.MAIL_FOLDER / outputs.mail_draft(2026, "resubmit", "土木課")).exists()


def test_the_batch_answers_can_be_read_after_run_merge_returns(tmp_path, plan, monkeypatch):
    """README's library example reads result.batch.answers after run_merge has closed its ledger (and a
    relative --db keeps naming the same file after the caller changes folder)."""
    craft.filled(plan, 2026, "財政課", tmp_path / "受信")
    monkeypatch.chdir(tmp_path)
    result = run_merge(["受信"], plan, "R8", db="reform.db", out="出力")
    monkeypatch.chdir(tmp_path / "受信")
    answers = result.batch.answers
    assert set(answers.section) == {"財政課"} and set(answers.year) == {2026}
    own = {i.id for i in plan.items if "財政課" in i.sections}
    assert own <= set(answers[answers.kind == "item"].id)
    assert result.batch.status.set_index("section").status["財政課"] == "提出済"
