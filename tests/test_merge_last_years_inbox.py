"""Last year's 受信 folder used again: the returns the ledger accepted for 令和8年度, left in the folder, are that
year's answers or its rejections — never 令和9年度's 差し戻し (F029, not read). A file of another year the ledger never
recorded is still M004."""

from __future__ import annotations

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from review_sample import review_row


def test_last_years_accepted_returns_left_in_the_inbox_are_not_this_years_rejections(plan, tmp_path):
    """R8's returns and the R8 推進室評価シート, accepted for R8, stay in 受信; the first R9 return arrives and merge
    --year R9 reads the same folder: every R8 file was M004 — each section's R9 差し戻し (「期限内」 by last year's
    save date, a 再提出のお願い for last year's file), the old review sheet a rejection keeping exit 1."""
    inbox, db = tmp_path / "受信", tmp_path / "reform.db"
    inbox.mkdir()
    craft.filled(plan, 2026, "観光課", tmp_path / "w", "観光課.xlsx").rename(inbox / "観光課.xlsx")
    craft.filled(plan, 2026, "市民課", tmp_path / "w", "市民課.xlsx").rename(inbox / "市民課.xlsx")
    item = plan.items_for("税務課", 2026)[0].id  # rejected for R8 (a blank 進捗状況): R8's business
    craft.filled(plan, 2026, "税務課", tmp_path / "w", "税務課.xlsx",
                 changes={layout.SHEET_ITEMS: {item: {"進捗状況": None}}}).rename(inbox / "税務課.xlsx")
    early = craft.filled(plan, 2027, "土木課", tmp_path / "w", "土木課_R9.xlsx")  # R9's form sent in R8: M004 there
    early.rename(inbox / early.name)
    r8 = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out")
    assert {f.result.name: f.status for f in r8.batch.files} == {
        "観光課.xlsx": FileStatus.ACCEPTED, "市民課.xlsx": FileStatus.ACCEPTED, "税務課.xlsx": FileStatus.REJECTED,
        "土木課_R9.xlsx": FileStatus.REJECTED}

    def reviewed(wb):
        ws = wb[layout.SHEET_REVIEW]
        cells = review_row(ws, plan.items_for("観光課", 2026)[0].id, "観光課")
        ws[cells["推進室評価"]] = ws[cells["進捗状況（課）"]].value
        ws[cells["推進室コメント"]] = "計画どおり進んでいる。"
    craft.edit(r8.outputs["review"], inbox / "評価_R8.xlsx", reviewed)
    again = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out")
    assert next(f for f in again.batch.files if f.result.name == "評価_R8.xlsx").status == FileStatus.ACCEPTED

    craft.filled(plan, 2027, "観光課", tmp_path / "w", "観光課_R9.xlsx").rename(inbox / "観光課_R9.xlsx")
    craft.filled(plan, 2026, "財政課", tmp_path / "w", "財政課_R8.xlsx").rename(inbox / "財政課_R8.xlsx")  # never seen
    r9 = run_merge([inbox], plan, 2027, db=db, out=tmp_path / "out")
    files = {f.result.name: f for f in r9.batch.files}
    for name in ("観光課.xlsx", "市民課.xlsx", "評価_R8.xlsx", "税務課.xlsx"):
        assert (files[name].status, [p.code for p in files[name].problems]) == (FileStatus.IGNORED, ["F029"]), name
        said = files[name].problems[0].message
        verdict = "差し戻した" if name == "税務課.xlsx" else "受け付けた"
        assert said.startswith(f"令和8年度に{verdict}") and "です（令和9年度の提出ではありません）" in said, said
    assert "推進室評価シート" in files["評価_R8.xlsx"].problems[0].message
    assert files["市民課.xlsx"].problems[0].message.startswith("令和8年度に受け付けた調査票（市民課）です")
    name = "財政課_R8.xlsx"  # of another year, never recorded: this year's M004 as before
    assert files[name].status == FileStatus.REJECTED and "M004" in [p.code for p in files[name].problems], name
    assert files["観光課_R9.xlsx"].status == FileStatus.ACCEPTED
    assert files["土木課_R9.xlsx"].status == FileStatus.ACCEPTED  # sent early, rejected in R8: R9's answer now
    sections = {r["section"]: r["status"] for r in r9.batch.sections}
    assert (sections["観光課"], sections["市民課"], sections["税務課"], sections["財政課"], sections["土木課"]) == \
        ("提出済", "未提出", "未提出", "差し戻し", "提出済")
    assert r9.rejected_reviews == []
    assert sorted(f.result.name for f in r9.open_rejections) == ["財政課_R8.xlsx"]

    rerun = run_merge([inbox], plan, 2027, db=db, out=tmp_path / "out")  # known now: the same, not read again
    files = {f.result.name: f for f in rerun.batch.files}
    assert [(files[n].status, [p.code for p in files[n].problems]) for n in ("観光課.xlsx", "評価_R8.xlsx")] == \
        [(FileStatus.IGNORED, ["F029"])] * 2
    assert {r["section"]: r["status"] for r in rerun.batch.sections}["市民課"] == "未提出"
    # the R8 year itself is untouched: its files are still its answers
    r8_again = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out8")
    assert {r["section"]: r["status"] for r in r8_again.batch.sections}["市民課"] == "提出済"


def test_a_late_old_form_sent_back_one_year_stays_that_years_business(plan, tmp_path):
    """市民課 sends an edited R8 form during R9 (M004 there, then its R9 form). The same inbox in R10 made the old form
    R10's 差し戻し again, and `merge --year R8` run again took it as R8's answer, replacing what R8 accepted."""
    inbox, db = tmp_path / "受信", tmp_path / "reform.db"
    inbox.mkdir()
    craft.filled(plan, 2026, "市民課", tmp_path / "w", "市民課.xlsx").rename(inbox / "市民課.xlsx")
    r8 = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out8")
    accepted_r8 = r8.batch.answers.query("section == '市民課'")[["id", "field", "value"]].to_dict("records")
    item = plan.items_for("市民課", 2026)[0].id
    craft.filled(plan, 2026, "市民課", tmp_path / "w", "市民課_遅れ.xlsx",
                 changes={layout.SHEET_ITEMS: {item: {"取組実績": "翌年度に書き直した実績"}}}).rename(inbox / "市民課_遅れ.xlsx")
    craft.filled(plan, 2027, "財政課", tmp_path / "w", "財政課_R9.xlsx").rename(inbox / "財政課_R9.xlsx")
    r9 = run_merge([inbox], plan, 2027, db=db, out=tmp_path / "out9")
    late = next(f for f in r9.batch.files if f.result.name == "市民課_遅れ.xlsx")
    assert late.status == FileStatus.REJECTED and "M004" in [p.code for p in late.problems]

    craft.filled(plan, 2028, "財政課", tmp_path / "w", "財政課_R10.xlsx").rename(inbox / "財政課_R10.xlsx")
    r10 = run_merge([inbox], plan, 2028, db=db, out=tmp_path / "out10")
    late = next(f for f in r10.batch.files if f.result.name == "市民課_遅れ.xlsx")
    assert (late.status, [p.code for p in late.problems]) == (FileStatus.IGNORED, ["F029"])
    assert late.problems[0].message.startswith("令和9年度に差し戻した調査票（市民課）です（令和10年度の提出ではありません）")
    assert {r["section"]: r["status"] for r in r10.batch.sections}["市民課"] == "未提出"

    again = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out8")
    late = next(f for f in again.batch.files if f.result.name == "市民課_遅れ.xlsx")
    assert (late.status, [p.code for p in late.problems]) == (FileStatus.IGNORED, ["F031"])
    said = late.problems[0].message  # what it is: R8's own form, sent back in R9 as R9's report — not "not R8's"
    assert said.startswith("令和8年度の調査票（市民課）ですが、令和9年度の merge で、令和9年度の提出として差し戻した")
    assert "令和8年度の訂正であれば、市民課に確かめてから令和8年度の調査票で送り直して" in said
    assert again.batch.answers.query("section == '市民課'")[["id", "field", "value"]].to_dict("records") == accepted_r8
    assert "翌年度に書き直した実績" not in str(accepted_r8)


def test_another_years_form_of_a_section_that_is_done_is_the_offices_to_move_not_a_rejection(plan, tmp_path):
    """A late correction of 令和8年度 among the R9 returns of a section whose R9 form is accepted, and a R9 form in the
    folder merged for R8 by a section done with R8: each made a 差し戻し asking a section that is done to answer again
    (a 再提出のお願い, exit 1 until it sent yet another file). F030: passed over, the office told which --year reads it."""
    inbox, db = tmp_path / "受信", tmp_path / "reform.db"
    inbox.mkdir()
    craft.filled(plan, 2026, "市民課", tmp_path / "w", "市民課_R8.xlsx").rename(inbox / "市民課_R8.xlsx")
    craft.filled(plan, 2026, "財政課", tmp_path / "w", "財政課_R8.xlsx").rename(inbox / "財政課_R8.xlsx")
    r8 = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out8")
    assert {f.status for f in r8.batch.files} == {FileStatus.ACCEPTED}

    nine = tmp_path / "受信R9"
    nine.mkdir()
    craft.filled(plan, 2027, "市民課", tmp_path / "w", "市民課_R9.xlsx").rename(nine / "市民課_R9.xlsx")
    item = plan.items_for("市民課", 2026)[0].id
    craft.filled(plan, 2026, "市民課", tmp_path / "w", "市民課_R8訂正.xlsx",
                 changes={layout.SHEET_ITEMS: {item: {"取組実績": "令和8年度の実績の訂正"}}}).rename(nine / "市民課_R8訂正.xlsx")
    craft.filled(plan, 2026, "観光課", tmp_path / "w", "観光課_R8.xlsx").rename(nine / "観光課_R8.xlsx")  # not done: M004
    r9 = run_merge([nine], plan, 2027, db=db, out=tmp_path / "out9")
    files = {f.result.name: f for f in r9.batch.files}
    late = files["市民課_R8訂正.xlsx"]
    assert (late.status, [p.code for p in late.problems]) == (FileStatus.IGNORED, ["F030"])
    assert late.problems[0].message.startswith("令和8年度の調査票（市民課）です（今回集計するのは令和9年度）。")
    assert "--year R8 で merge してください" in late.problems[0].message
    assert files["観光課_R8.xlsx"].status == FileStatus.REJECTED  # still owes R9: asked to use the R9 form
    assert [f.result.name for f in r9.open_rejections] == ["観光課_R8.xlsx"]
    sections = {r["section"]: r["status"] for r in r9.batch.sections}
    assert sections["市民課"] == "提出済"
    assert not any("市民課" in p.name for p in (tmp_path / "out9" / "差し戻し").glob("*"))

    # the office moves the correction and merges it for its year: read as R8's answer, as the message says
    r8_again = run_merge([nine / "市民課_R8訂正.xlsx"], plan, 2026, db=db, out=tmp_path / "out8")
    (read,) = r8_again.batch.files
    assert read.status == FileStatus.ACCEPTED
    assert "令和8年度の実績の訂正" in set(r8_again.batch.answers.query("section == '市民課'")["value"])

    # next year's form put in the folder merged for R8, by a section done with R8: passed over the same way
    early = craft.filled(plan, 2027, "財政課", tmp_path / "w", "財政課_R9.xlsx")
    r8_mixed = run_merge([early, inbox / "財政課_R8.xlsx"], plan, 2026, db=db, out=tmp_path / "out8")
    got = {f.result.name: (f.status, [p.code for p in f.problems]) for f in r8_mixed.batch.files}
    assert got["財政課_R9.xlsx"] == (FileStatus.IGNORED, ["F030"])
    assert {r["section"]: r["status"] for r in r8_mixed.batch.sections}["財政課"] == "提出済"
    assert r8_mixed.open_rejections == []
