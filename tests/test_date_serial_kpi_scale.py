"""V025 asks whether a KPI's 実績値 is a day's serial (「5/10」 typed, kept as 46,152 by Calc) — but not of a number
the KPI's own plan figures are the size of: a town's 滞納繰越額 of 52,300千円 → 30,000千円 reported as 47,200千円 in
令和10年度 is no day of 2028–2029, though its serial is (2029年3月23日), and was questioned every year it fell there."""

from __future__ import annotations

import pytest

import intake_craft as craft
from prefecture_plan import prefecture_plan_text
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.plan.loading import parse_plan

SECTION = "総務部 財政課"
PLAN = prefecture_plan_text(f"[{SECTION}]", f"""
areas:
  - number: 1
    name: 財政健全化
    categories:
      - number: 1
        name: 歳入の確保
        items:
          - {{number: 1, name: 滞納整理の強化, content: 滞納を減らす。, actions: [滞納整理], sections: [{SECTION}]}}
kpis:
  - {{id: K01, item: 1-1-1, name: 町税の滞納繰越額, kind: count, unit: 千円, baseline: 52300, target: 30000,
     owner: {SECTION}}}
  - {{id: K02, item: 1-1-1, name: 差押件数, kind: count, unit: 件, baseline: 40, target: 60, owner: {SECTION}}}
  - {{id: K03, item: 1-1-1, name: 延床面積, kind: count, unit: ㎡, baseline: 0, target: 150000, cumulative: true,
     owner: {SECTION}}}
""")
YEAR = 2028  # 令和10年度: serials 46753 (2028-01-01) … 47483 (2029-12-31)


@pytest.fixture(scope="module")
def plan():
    found, warnings = parse_plan(PLAN, "plan.yaml")
    assert [w.code for w in warnings] == []
    return found


@pytest.mark.parametrize(("kpi_id", "value", "questioned"), [
    ("K01", 47200, False),  # 2029-03-23's serial, in the KPI's own range (30,000 … 52,300千円)
    ("K01", 46800, False),
    ("K03", 47000, False),  # inside 0 … 150,000㎡
    ("K02", 47200, True),  # 件 of 40 → 60: a typed 「3/23」, as before
    ("K02", 46800, True),
    ("K02", 45, False),
])
def test_a_days_serial_is_questioned_only_outside_the_kpis_own_size(plan, tmp_path, kpi_id, value, questioned):
    path = craft.filled(plan, YEAR, SECTION, tmp_path, changes={layout.SHEET_KPI: {kpi_id: {"実績値": value}}})
    said = [p for p in read_return(path, plan, YEAR).problems if p.row_id == kpi_id and p.code == "V025"]
    assert bool(said) is questioned, said
