"""A late form of last year from a section a reorganisation has replaced since.

税務課 owed its 令和8年度 form (未提出); the revision of 令和9年度 renamed it 収納課. Its late 令和8年度 form came with the
令和9年度 returns, after 収納課's 令和9年度 form was accepted: merge --year R9 made it 令和9年度's 差し戻し (M004 「令和9年度の
調査票に記入して送って」 and M005 「税務課は計画の担当課にありません」 — a form of a section with nothing to answer again),
counted for no section (exit 1 while it stayed); the office, moving the file to be merged for 令和8年度 as it should, then
met F031 (「令和9年度の報告に令和8年度の調査票を使ったものとして… 読みませんでした」): the answer it waited for was never read.
F030, as for a section that kept its name: passed over, the office told which --year reads it.
"""

from __future__ import annotations

import json

import five_years as fy
from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.ledger.store import Ledger


def test_last_years_late_form_of_a_renamed_section_is_passed_over_and_read_for_its_year(workdir, capsys):
    (workdir / "r2027.yaml").write_text(fy.revised_yaml(2027), encoding="utf-8")
    assert main(["templates", "--year", "R8", "--out", "t8", "--db", "reform.db", "--deadline", "2027-05-28"]) == 0
    plan8 = ledger_plan(workdir / "reform.db", None, 2026)
    fy.fill_all(plan8, workdir / "t8", workdir / "in8", 2026, skip=(fy.RENAMED,))
    assert main(["merge", "in8", "--year", "R8", "--out", "o8"]) == 1  # 税務課: 未提出
    assert main(["plan", "import", "r2027.yaml"]) == 0
    assert main(["templates", "--year", "R9", "--out", "t9"]) == 0
    plan9 = ledger_plan(workdir / "reform.db", None, 2027)
    fy.fill_all(plan9, workdir / "t9", workdir / "in9", 2027)
    late = next((workdir / "t8").glob(f"*_{fy.RENAMED}.xlsx"))
    late = fy.fill_template(late, fy.answers(plan8, fy.RENAMED, 2026), workdir / "in9" / "税務課_令和8年度.xlsx")
    capsys.readouterr()

    assert main(["merge", "in9", "--year", "R9", "--out", "o9", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    (row,) = [f for f in said["files"] if f["name"] == late.name]
    assert row["status"] == "ignored" and [p["code"] for p in row["issues"]] == ["F030"], row["issues"]
    message = row["issues"][0]["message"]
    assert message.startswith(f"令和8年度の調査票（{fy.RENAMED}）です（今回集計するのは令和9年度）。")
    assert f"{fy.NEW_NAME}の令和9年度の提出は受け付け済み" in message and "--year R8 で merge してください" in message
    assert not any(fy.RENAMED in p.name for p in (workdir / "o9").rglob("*"))  # no 差し戻し copy for it

    # the office does as told: the file merged for 令和8年度 is 税務課's answer of that year
    (workdir / "late8").mkdir()
    late.rename(workdir / "late8" / late.name)
    assert main(["merge", "late8", "--year", "R8", "--out", "o8", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    (row,) = said["files"]
    assert row["status"] == "accepted", row["issues"]
    with Ledger(workdir / "reform.db") as ledger:
        answers = ledger.answers([2026])
    assert set(answers.loc[answers["file"] == late.name, "section"]) == {fy.RENAMED}
