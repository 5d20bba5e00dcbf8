"""土木課's late 令和8年度 return lands in the 令和9年度 受信 after its 令和9年度 form was accepted: F030, 「令和8年度の提出で
あれば、受信フォルダから移して --year R8 で merge してください」. The clerk does so (merge of that folder with --year
R8 accepts it); every later 令和9年度 merge still said F030 and asked again to merge it for 令和8年度 — although the
ledger had accepted it there. It is said as what it is now: F029, accepted for 令和8年度."""

from __future__ import annotations

import intake_craft as craft
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


def test_a_passed_over_late_form_accepted_for_its_year_is_said_so_in_the_later_year(plan, tmp_path):
    inbox8, inbox9, db, out = tmp_path / "受信R8", tmp_path / "受信R9", tmp_path / "reform.db", tmp_path / "out"
    inbox8.mkdir()
    inbox9.mkdir()
    craft.filled(plan, 2026, "観光課", tmp_path / "w8", "観光課.xlsx").rename(inbox8 / "観光課.xlsx")
    run_merge([inbox8], plan, 2026, db=db, out=out)
    craft.filled(plan, 2027, "土木課", tmp_path / "w9", "土木課.xlsx").rename(inbox9 / "土木課.xlsx")
    craft.filled(plan, 2026, "土木課", tmp_path / "w8", "土木課_R8.xlsx").rename(inbox9 / "土木課_R8.xlsx")
    r9 = run_merge([inbox9], plan, 2027, db=db, out=out)
    late = next(f for f in r9.batch.files if f.result.name == "土木課_R8.xlsx")
    assert (late.status, [p.code for p in late.problems]) == (FileStatus.IGNORED, ["F030"])

    r8 = run_merge([inbox9], plan, 2026, db=db, out=out)  # as F030 asks: that file for 令和8年度
    assert next(f for f in r8.batch.files if f.result.name == "土木課_R8.xlsx").status == FileStatus.ACCEPTED

    again = run_merge([inbox9], plan, 2027, db=db, out=out)
    late = next(f for f in again.batch.files if f.result.name == "土木課_R8.xlsx")
    assert (late.status, [p.code for p in late.problems]) == (FileStatus.IGNORED, ["F029"])
    assert late.problems[0].message.startswith("令和8年度に受け付けた調査票（土木課）です")
    assert {r["section"]: r["status"] for r in again.batch.sections}["土木課"] == "提出済"
