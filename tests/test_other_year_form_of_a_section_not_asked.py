"""A late form of last year from a section the plan's revision left with nothing to answer this year.

都市計画課 owed its 令和8年度 form (未提出); the revision of 令和9年度 ended its only item 3-2-1, so 令和9年度 asked it for
nothing. Its late 令和8年度 form came with the 令和9年度 returns: merge --year R9 made it 令和9年度's 差し戻し (M003
「現在の版の調査票で送り直して」 and M004 「令和9年度の調査票に記入して送って」 — a form it was never sent) and wrote
差し戻し/令和9年度_都市計画課_要修正.xlsx, a 令和9年度 form with no row to fill; the office, moving the file to be merged
for 令和8年度 as it should, then met F031 (「令和9年度の報告に令和8年度の調査票を使ったものとして」): the answer it
waited for was never read. M015: passed over (no 差し戻し), the office told which --year reads it.
"""

from __future__ import annotations

import json

from office_word import answers, form_of, revise, run_cli
from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.templates.fill import fill_template

ITEM, SECTION, PARTNER = "3-2-1", "都市計画課", "土木課"  # 3-2-1 is 都市計画課's only item (with 土木課)


def test_last_years_late_form_of_a_section_asked_nothing_this_year_is_not_this_years_rejection(workdir, capsys):
    db = "reform.db"
    assert run_cli(["templates", "--year", "R8", "--section", SECTION, PARTNER, "--out", "t8", "--db", db,
                    "--deadline", "2027-05-28"], capsys) == 0
    plan8 = ledger_plan(workdir / db, None, 2026)
    fill_template(form_of(workdir / "t8", PARTNER), answers(plan8, PARTNER, 2026), workdir / "in8" / "土木課.xlsx")
    assert run_cli(["merge", "in8", "--year", "R8", "--out", "o8", "--db", db], capsys) == 1  # 都市計画課: 未提出
    revise(workdir, capsys, db, "ボランティア協働は令和8年度で終了", lambda m: {m.cell(ml.ITEMS, "ID", ITEM, "終了年度"): "R8"})
    assert run_cli(["templates", "--year", "R9", "--out", "t9", "--db", db, "--deadline", "2028-05-26"], capsys) == 0
    assert not list((workdir / "t9").glob(f"*_{SECTION}.xlsx"))  # asked nothing in 令和9年度

    plan9 = ledger_plan(workdir / db, None, 2027)
    inbox = workdir / "in9"
    fill_template(form_of(workdir / "t9", PARTNER), answers(plan9, PARTNER, 2027), inbox / "土木課.xlsx")
    late = fill_template(form_of(workdir / "t8", SECTION), answers(plan8, SECTION, 2026), inbox / "都市計画課.xlsx")

    assert main(["merge", "in9", "--year", "R9", "--out", "o9", "--db", db, "--json"]) in (0, 1)
    said = json.loads(capsys.readouterr().out)
    (row,) = [f for f in said["files"] if f["name"] == "都市計画課.xlsx"]
    assert row["status"] == "ignored" and [p["code"] for p in row["issues"]] == ["M015"]
    message = row["issues"][0]["message"]
    assert message.startswith("令和8年度の調査票（都市計画課）です（今回集計するのは令和9年度）。")
    assert "都市計画課には令和9年度の調査票はありません" in message and "--year R8 で merge してください" in message
    assert not any(SECTION in p.name for p in (workdir / "o9").rglob("*"))  # no 令和9年度 差し戻し copy for it
    assert SECTION not in {s["section"] for s in said["sections"]}

    # the office does as told: the file merged for 令和8年度 is 都市計画課's answer of that year
    (workdir / "late8").mkdir()
    late.rename(workdir / "late8" / late.name)
    code = main(["merge", "late8", "--year", "R8", "--out", "o8", "--db", db, "--json"])
    said = json.loads(capsys.readouterr().out)
    assert code == 1  # the sections never sent a form of 令和8年度 (--section) are 未提出
    (row,) = said["files"]
    assert row["status"] == "accepted", row["issues"]
    assert {s["section"]: s["status"] for s in said["sections"]}[SECTION] == "提出済"
