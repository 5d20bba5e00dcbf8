"""The note on years the ledger has no record of names the sheets as the workbook names them — in the
plan's words (南山市's items are 取組: 「計画期間の取組」, not the bundled plan's 「計画期間の改革項目」)."""

from __future__ import annotations

import re

import openpyxl

from reform_xlsx.merge import rebuild_report, run_merge
from reform_xlsx.templates import write_templates
from second_plan import fill_year, second_plan


def test_the_final_reports_note_on_unrecorded_years_names_the_plans_own_sheets(tmp_path):
    plan = second_plan()
    fill_year(plan, write_templates(plan, 2018, tmp_path / "t30"), tmp_path / "inbox", 2018)
    run_merge([tmp_path / "inbox"], plan, 2018, db=tmp_path / "reform.db", out=tmp_path / "out30")

    final = rebuild_report(plan, 2021, db=tmp_path / "reform.db", out=tmp_path / "final", final=True)
    (note,) = [n for n in final.notes if "記録なし" in n]
    assert "令和元年度・令和2年度の記録" in note
    sheets = openpyxl.load_workbook(final.outputs["meeting"]).sheetnames
    assert "計画期間の取組" in sheets and "計画期間の改革項目" not in sheets
    where = re.search(r"。(.+)では、これらの年度を「記録なし」", note).group(1)
    assert where == "計画期間の総括・計画期間の取組と総括の年度別の推移"
    named = re.split("[・と]", where.removesuffix("の年度別の推移"))
    assert named == ["計画期間の総括", "計画期間の取組", "総括"] and all(n in sheets for n in named)
