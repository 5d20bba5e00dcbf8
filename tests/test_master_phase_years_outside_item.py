"""An item ended early in the plan master, its 主な取組's ○ left in the years after: told once, with all those years.

The clerk of a town ends an item (終了年度 R2 of a plan to R6) as docs/plan-format.md says, and leaves the ○ of its
主な取組 「実施」 in R3…R6. plan import said P033 at the first and the last ○ — 「年度 R3 が…」「年度 R6 が…実施年度
（R1～R2）の外」; the clerk took those two ○ away and imported again to be told R4 and R5: an import more for each pair.
It now says 「R3～R6」 once, at the last ○.
"""

from __future__ import annotations

import openpyxl

import fourth_plan as fp
from office_word import run_cli
from reform_xlsx.cli import main

ITEM = "1-1-9"  # 健診予約のオンライン化: 「実施」 marked R3…R6 (fourth_plan.fill_master)


def test_an_item_ended_early_is_told_every_year_its_action_runs_past_it_at_once(workdir, capsys):
    (workdir / "骨組み.yaml").write_text(fp.SKELETON, encoding="utf-8")
    assert run_cli(["plan", "export", "骨組み.xlsx", "--plan", "骨組み.yaml"], capsys) == 0
    fp.fill_master(workdir / "骨組み.xlsx", workdir / "計画.xlsx")
    wb = openpyxl.load_workbook(workdir / "計画.xlsx")
    ws = wb["実施事項"]
    end = next(c.column for c in ws[3] if c.value == "終了年度")
    row = next(r[0].row for r in ws.iter_rows(min_row=4) if r[0].value == ITEM)
    ws.cell(row, end).value = "R2"
    wb.save(workdir / "計画.xlsx")

    assert main(["plan", "import", "計画.xlsx", "--db", "reform.db", "--dry-run"]) == 2
    said = [line for line in capsys.readouterr().err.splitlines() if "[P033" in line]
    assert len(said) == 1, said
    assert f"{ITEM} の主な取組② の年度 R3～R6 が実施事項 {ITEM} の実施年度（R1～R2）の外です" in said[0]
    assert "/ 主な取組 / J" in said[0]  # at the last ○ (R6's column), as before
