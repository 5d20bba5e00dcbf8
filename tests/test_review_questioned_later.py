"""A005 — a section's answer changed after the office wrote on its row of the 推進室評価シート — is said whenever it
holds: also when the sheet was read in an earlier merge and is not given again (受付結果, --json, the screen)."""

from __future__ import annotations

import json

import openpyxl

import intake_craft as craft
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from review_sample import review_row

OFFICE = "未提出のため評価保留"


def test_a_review_read_in_an_earlier_merge_is_questioned_when_the_section_answers_later(plan, tmp_path, monkeypatch,
                                                                                           capsys):
    """財政課 had not answered: its row showed 「未回答」 and the office wrote 「未提出のため評価保留」 on it, read with
    --review. 財政課 then sent 「C 遅れ」; the next merge without --review showed no A005 anywhere (only the same sheet
    given again did), though the ledger derived it."""
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "受信"
    inbox.mkdir()
    for section in ("市民課", "観光課"):
        craft.filled(plan, 2026, section, tmp_path / "w", f"{section}.xlsx").rename(inbox / f"{section}.xlsx")
    first = run_merge([inbox], plan, 2026, db="reform.db", out="out")
    item = plan.items_for("財政課", 2026)[0].id
    wb = openpyxl.load_workbook(first.outputs["review"])
    cells = review_row(wb[layout.SHEET_REVIEW], item, "財政課")
    assert wb[layout.SHEET_REVIEW][cells["進捗状況（課）"]].value == "未回答"
    wb[layout.SHEET_REVIEW][cells["推進室コメント"]] = OFFICE
    wb.save(tmp_path / "評価.xlsx")
    reviewed = run_merge([inbox], plan, 2026, db="reform.db", out="out", reviews=[tmp_path / "評価.xlsx"])
    sheet = next(f for f in reviewed.batch.files if f.result.name == "評価.xlsx")
    assert (sheet.status, sheet.current, [p.code for p in sheet.problems]) == (FileStatus.ACCEPTED, True, [])

    craft.filled(plan, 2026, "財政課", tmp_path / "w", "財政課.xlsx",
                 changes={layout.SHEET_ITEMS: {item: {"進捗状況": "C 遅れ"}}}).rename(inbox / "財政課.xlsx")
    later = run_merge([inbox], plan, 2026, db="reform.db", out="out")  # the sheet not given again
    sheet = next(f for f in later.batch.files if f.result.name == "評価.xlsx")
    assert (sheet.status, sheet.current, sheet.new) == (FileStatus.ACCEPTED, True, False)
    (stale,) = [p for p in sheet.problems if p.code == "A005"]
    assert (stale.sheet, stale.cell) == (layout.SHEET_REVIEW, cells["進捗状況（課）"])
    assert "「未回答」" in stale.message and "「C 遅れ」" in stale.message
    receipt = openpyxl.load_workbook(later.outputs["receipt"])
    shown = [[c.value for c in row] for ws in receipt for row in ws.iter_rows()]
    assert any("A005" in row and "評価.xlsx" in row for row in shown)

    assert main(["merge", "受信", "--year", "R8", "--db", "reform.db", "--out", "out", "--json"]) == 1  # 8 sections to come
    files = {f["name"]: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert [(i["code"], i["cell"]) for i in files["評価.xlsx"]["issues"]] == [("A005", cells["進捗状況（課）"])]
    assert main(["merge", "受信", "--year", "R8", "--db", "reform.db", "--out", "out"]) == 1
    assert "[A005 警告] 評価.xlsx" in capsys.readouterr().out
