"""The office's own files in a folder that is merged (the work folder, an old output folder): never a section's return."""

from __future__ import annotations

import shutil

import openpyxl

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


def test_blank_forms_templates_wrote_are_not_returns_when_the_work_folder_is_merged(plan, tmp_path, monkeypatch):
    """README's flow: templates --out out/調査票 --db out/reform.db, then merge . — the 11 blank forms were read as
    差し戻し returns of every section (提出日時 now, 期限内 for good, 再提出のお願い instead of 督促). A form as templates
    wrote it is F027 (ignored); one a section opened and saved back unfilled is its return, read as before."""
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "out/調査票", "--db", "out/reform.db",
                 "--deadline", "2027-05-28", "--mail"]) == 0
    drafts = tmp_path / "out" / "調査票" / outputs.MAIL_FOLDER
    edited = drafts / outputs.mail_draft(2026, "request", "市民課")  # the clerk added a line at the top
    edited.write_bytes(b"X-Note: \xe9\x9b\xbb\xe8\xa9\xb1\xe6\xb8\x88\r\n" + edited.read_bytes())
    inbox = tmp_path / "受信"
    craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx").rename(inbox.mkdir() or inbox / "観光課.xlsx")
    blank = tmp_path / "out" / "調査票" / outputs.template(plan.words, 2026, "市民課")
    craft.edit(blank, inbox / "市民課.xlsx", lambda wb: None)  # opened and saved unfilled: other bytes
    shutil.rmtree(tmp_path / "work")
    result = run_merge([tmp_path], plan, 2026, db=tmp_path / "out" / "reform.db", out=tmp_path / "out")
    files = {f.result.name: f for f in result.batch.files}
    forms = {n: f for n, f in files.items() if n.startswith("out/調査票/") and n.endswith(".xlsx")}
    assert len(forms) == len(plan.sections)
    assert all(f.status == FileStatus.IGNORED and [p.code for p in f.problems] == ["F027"] for f in forms.values())
    drafts = [f for n, f in files.items() if n.endswith(".eml")]  # templates --mail's 照会 drafts: the tool's own
    assert len(drafts) == len(plan.sections) - 1  # every section's but the office's own (no 照会 to itself)
    assert all(f.status == FileStatus.IGNORED and [p.code for p in f.problems] == ["F028"] for f in drafts)
    said = forms["out/調査票/" + blank.name].problems[0].message
    assert "市民課" in said and "令和8年度" in said
    assert files["受信/市民課.xlsx"].status == FileStatus.REJECTED
    sections = {r["section"]: r["status"] for r in result.batch.sections}
    assert sections["観光課"] == "提出済" and sections["市民課"] == "差し戻し"
    assert {s for s, status in sections.items() if status == "未提出"} == set(plan.sections) - {"観光課", "市民課"}
    again = run_merge([tmp_path], plan, 2026, db=tmp_path / "out" / "reform.db", out=tmp_path / "out")
    forms = [f for f in again.batch.files  # not read again: no 課名
             if f.result.name.startswith("out/調査票/") and f.result.name.endswith(".xlsx")]
    assert [(f.status, f.result.section, [p.code for p in f.problems]) for f in forms] == \
        [(FileStatus.IGNORED, None, ["F027"])] * len(plan.sections)


def test_an_old_output_folder_in_the_inbox_merged_with_another_ledger_keeps_the_real_files(plan, tmp_path):
    """An earlier run's output folder with its ledger and archive lies inside the inbox; a merge with another
    ledger read the archive's copies (「r_archive/77/77159c….xlsx」) as the sections' returns — adopted as their
    files, the real ones 重複. A copy named by its own content in 「<ledger>_archive/<2 hex>/」 is the duplicate of the
    file it copies, never its original (and F025, not read, for the ledger that kept it)."""
    inbox = tmp_path / "in"
    for section in ("観光課", "市民課"):
        craft.filled(plan, 2026, section, tmp_path / "work", f"{section}.xlsx").rename(
            inbox.mkdir(exist_ok=True) or inbox / f"{section}.xlsx")
    run_merge([inbox], plan, 2026, db=inbox / "out" / "r.db", out=inbox / "out")
    copies = sorted((inbox / "out" / "r_archive").glob("*/*.xlsx"))
    assert len(copies) == 2
    impostor = inbox / "x_archive" / copies[0].parent.name / copies[0].name  # archive-like, other content
    impostor.parent.mkdir(parents=True)
    craft.filled(plan, 2026, "土木課", tmp_path / "work", "土木課.xlsx").rename(impostor)
    result = run_merge([inbox], plan, 2026, db=inbox / "r.db", out=inbox)
    files = {f.result.name: f for f in result.batch.files}
    for copy in copies:
        assert files[copy.relative_to(inbox).as_posix()].status == FileStatus.DUPLICATE
    assert files["観光課.xlsx"].status == files["市民課.xlsx"].status == FileStatus.ACCEPTED
    assert files["観光課.xlsx"].current and files["市民課.xlsx"].current
    assert files[impostor.relative_to(inbox).as_posix()].status == FileStatus.ACCEPTED  # not named by its content
    # copies of the ledger that kept them (a backup of its archive put in the inbox): its own, not read
    shutil.copytree(inbox / "out" / "r_archive", inbox / "控え" / "r_archive")
    again = run_merge([inbox], plan, 2026, db=inbox / "out" / "r.db", out=inbox / "out")
    files = {f.result.name: f for f in again.batch.files}
    for copy in copies:
        kept = files["控え/" + copy.relative_to(inbox / "out").as_posix()]
        assert (kept.status, [p.code for p in kept.problems]) == (FileStatus.IGNORED, ["F025"])
        assert "原本の保管庫（r_archive）の写し" in kept.problems[0].message


def test_the_archive_merged_into_a_new_ledger_gives_back_every_return(plan, tmp_path):
    """The ledger was damaged, and the message says the originals are in its archive: merging the archive into a new
    ledger ignored every copy (F025) — every section 未提出, a 督促 for all."""
    inbox = tmp_path / "in"
    for section in ("観光課", "市民課"):
        craft.filled(plan, 2026, section, tmp_path / "work", f"{section}.xlsx").rename(
            inbox.mkdir(exist_ok=True) or inbox / f"{section}.xlsx")
    run_merge([inbox], plan, 2026, db=tmp_path / "old" / "reform.db", out=tmp_path / "old")
    shutil.rmtree(inbox)
    result = run_merge([tmp_path / "old" / "reform_archive"], plan, 2026, db=tmp_path / "new" / "reform.db",
                       out=tmp_path / "new")
    assert sorted(f.status for f in result.batch.files) == [FileStatus.ACCEPTED] * 2
    sections = {r["section"]: r["status"] for r in result.batch.sections}
    assert sections["観光課"] == sections["市民課"] == "提出済"


def test_the_plan_master_and_the_contacts_book_in_the_merged_folder_are_not_bad_returns(plan, tmp_path, monkeypatch):
    """連絡先.xlsx (contacts) and 計画.xlsx (plan export) in the work folder that is merged were errors (M001/M007)
    telling someone to fill in a distributed form, error rows in 受付結果: they are the office's books (F028)."""
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "in"
    craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx").rename(inbox.mkdir() or inbox / "観光課.xlsx")
    assert main(["contacts", "--out", str(inbox / "連絡先.xlsx")]) == 0
    assert main(["plan", "export", str(inbox / "計画.xlsx")]) == 0
    stranger = openpyxl.Workbook()
    stranger.active.title = "連絡先"
    stranger.create_sheet("メモ")
    stranger.save(inbox / "まとめ.xlsx")  # not the tool's: still said to be no distributed form
    marked = craft.edit(craft.filled(plan, 2026, "市民課", tmp_path / "work", "市民課.xlsx"), inbox / "市民課.xlsx",
                        lambda wb: wb[layout.SHEET_META].append(["reform_xlsx.plan_master", "1"]))
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    files = {f.result.name: f for f in result.batch.files}
    for name, what in (("連絡先.xlsx", "連絡先ファイル（contacts）"), ("計画.xlsx", "計画マスター（plan export）")):
        assert (files[name].status, [p.code for p in files[name].problems]) == (FileStatus.IGNORED, ["F028"])
        assert what in files[name].problems[0].message
    assert [p.code for p in files["まとめ.xlsx"].problems] == ["M001"]
    assert files["観光課.xlsx"].status == FileStatus.ACCEPTED
    # a section's return that happens to hold the plan master's mark: read, never passed over with its answers
    assert (files[marked.name].status, files[marked.name].result.section) == (FileStatus.ACCEPTED, "市民課")


def test_an_archive_of_two_years_merged_into_a_new_ledger(plan, tmp_path):
    """Recovering a damaged ledger from its archive: the other year's copies were made this year's 差し戻し (M004),
    every section 「提出済（再提出を差し戻し）」; and when the inbox was merged after the archive, the real files were
    重複 of the copies, whose hash names stayed the sections' files."""
    for year in (2026, 2027):
        inbox = tmp_path / f"in{year}"
        for section in ("観光課", "市民課"):
            craft.filled(plan, year, section, tmp_path / "work", f"{section}.xlsx").rename(
                inbox.mkdir(exist_ok=True) or inbox / f"{section}.xlsx")
        run_merge([inbox], plan, year, db=tmp_path / "old" / "reform.db", out=tmp_path / "old")
    archive = tmp_path / "old" / "reform_archive"
    result = run_merge([archive], plan, 2026, db=tmp_path / "new" / "reform.db", out=tmp_path / "new")
    by_status = sorted((f.status, tuple(p.code for p in f.problems)) for f in result.batch.files)
    assert by_status == [(FileStatus.ACCEPTED, ())] * 2 + [(FileStatus.IGNORED, ("F025",))] * 2
    sections = {r["section"]: r for r in result.batch.sections}
    assert sections["観光課"]["status"] == "提出済" and not sections["観光課"]["returned"]
    # the inbox after the archive: the real file is the original, the copy its duplicate
    again = run_merge([tmp_path / "in2026"], plan, 2026, db=tmp_path / "new" / "reform.db", out=tmp_path / "new")
    files = {f.result.name: f for f in again.batch.files}
    assert files["観光課.xlsx"].status == FileStatus.ACCEPTED and files["観光課.xlsx"].current
    with Ledger(tmp_path / "new" / "reform.db") as ledger:
        rows = {r["section"]: r["file"] for r in ledger.section_rows(2026, plan.sections)}
        answers = ledger.answers([2026])
    assert rows["観光課"] == "観光課.xlsx" and rows["市民課"] == "市民課.xlsx"
    assert set(answers["file"]) == {"観光課.xlsx", "市民課.xlsx"}


def test_the_contacts_book_with_a_sheet_the_office_added_is_still_the_offices(plan, tmp_path, monkeypatch):
    """連絡先.xlsx with a 「メモ」 sheet the clerk added (before or after 連絡先) was M001 — 「配布した調査票の識別情報が
    ありません」, an error row in 受付結果 and exit code 1 for every merge of the work folder. A book whose 連絡先
    sheet holds no directory table is still no one's form (M001)."""
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, first in (("連絡先.xlsx", False), ("連絡先_先頭にメモ.xlsx", True)):
        assert main(["contacts", "--out", str(inbox / name)]) == 0
        wb = openpyxl.load_workbook(inbox / name)
        memo = wb.create_sheet("メモ", 0 if first else None)
        memo["A1"] = "4月の異動で市民課の担当が変わる"
        wb.save(inbox / name)
    stranger = openpyxl.Workbook()
    stranger.active.title = "メモ"
    stranger.create_sheet("連絡先")["A1"] = "課の一覧"
    stranger.save(inbox / "まとめ.xlsx")
    result = run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    files = {f.result.name: f for f in result.batch.files}
    for name in ("連絡先.xlsx", "連絡先_先頭にメモ.xlsx"):
        assert (files[name].status, [p.code for p in files[name].problems]) == (FileStatus.IGNORED, ["F028"])
    assert [p.code for p in files["まとめ.xlsx"].problems] == ["M001"]
