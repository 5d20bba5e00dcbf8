"""docs/adopting.md: the skeleton plan a town starts its plan master from reads, and its master has the
town's period as its year columns and reads back to the same plan."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from reform_xlsx.intake.master_plan import load_master
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.plan.master_export import write_master

DOC = Path(__file__).resolve().parent.parent / "docs" / "adopting.md"


def skeleton() -> str:
    text = DOC.read_text(encoding="utf-8")
    return re.search(r"<!-- skeleton:[^>]*-->\n```yaml\n(.*?)```", text, re.S).group(1)


def test_the_skeleton_exports_a_master_of_the_towns_period(tmp_path):
    plan, warnings = parse_plan(skeleton(), "骨組み.yaml")
    assert warnings == [] and (plan.start_year, plan.end_year) == (2027, 2032)
    path = write_master(plan, tmp_path / "計画.xlsx")
    wb = openpyxl.load_workbook(path)
    headers = {sheet: [c.value for c in row if c.value]
               for sheet in ("主な取組", "KPI") for row in wb[sheet].iter_rows() if row[0].value in ("項目ID", "KPI ID")}
    assert headers["主な取組"][-6:] == ["R9", "R10", "R11", "R12", "R13", "R14"]
    assert [h for h in headers["KPI"] if h.startswith("年度目標")] == [f"年度目標\nR{y}" for y in range(9, 15)]
    again, _ = load_master(path)
    assert plan_digest(again) == plan_digest(plan)


def test_the_towns_master_gives_its_own_headquarters_as_the_example(tmp_path):
    """計画情報's 推進本部 row said 「例 〇〇市行政改革推進本部会議」 to a 町: the example is the town's own words."""
    plan, _ = parse_plan(skeleton(), "骨組み.yaml")
    wb = openpyxl.load_workbook(write_master(plan, tmp_path / "計画.xlsx"))
    (note,) = [row[2] for row in wb["計画情報"].iter_rows(values_only=True) if row[0] == "推進本部"]
    assert note == "会議資料の宛先（例 北浦町町政改革推進本部会議）"
    assert "〇〇市" not in "".join(str(v) for row in wb["計画情報"].iter_rows(values_only=True) for v in row[2:] if v)
