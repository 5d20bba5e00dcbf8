"""A hurried clerk's command lines: the forms folder merged as the inbox, a path typed with a space at its end."""

from __future__ import annotations

import json

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main


def test_the_forms_folder_of_a_first_year_without_a_ledger_merged_as_the_inbox_holds_no_returns(plan, workdir,
                                                                                                capsys):
    """First year: `templates --out 調査票` (no ledger yet, so no record of the forms), then `merge 調査票` by
    mistake. Every blank form, as templates wrote it and never saved, was read as its section's 差し戻し return (11
    要修正 copies, 再提出のお願い instead of 督促). A form no one has saved since templates wrote it, with nothing
    typed in it, is F027 like one the ledger knows; one a section opened and saved unfilled is read as before."""
    assert main(["templates", "--year", "R8", "--out", "調査票"]) == 0
    forms = workdir / "調査票"
    craft.edit(forms / outputs.template(plan.words, 2026, "市民課"), forms / "市民課_保存.xlsx", lambda wb: None)
    craft.filled(plan, 2026, "観光課", workdir / "work", "観光課.xlsx").rename(forms / "観光課_記入.xlsx")
    capsys.readouterr()
    code = main(["merge", "調査票", "--year", "R8", "--out", "out", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    files = {f["name"]: f for f in doc["files"]}
    blank = [f for n, f in files.items() if n.startswith("令和8年度_")]
    assert len(blank) == len(plan.sections)
    assert all(f["status"] == "ignored" and [i["code"] for i in f["issues"]] == ["F027"] for f in blank)
    said = files[outputs.template(plan.words, 2026, "税務課")]["issues"][0]["message"]
    assert "税務課" in said and "令和8年度" in said
    assert files["市民課_保存.xlsx"]["status"] == "rejected"  # saved by someone: a return, as before
    assert files["観光課_記入.xlsx"]["status"] == "accepted"
    sections = {s["section"]: s["status"] for s in doc["sections"]}
    assert sections == {**{s: "未提出" for s in plan.sections}, "市民課": "差し戻し", "観光課": "提出済"}
    assert set(doc["feedback"]) == {"市民課_保存.xlsx"}
    again = main(["merge", "調査票", "--year", "R8", "--out", "out", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert again == 1 and {s["section"]: s["status"] for s in doc["sections"]} == sections

