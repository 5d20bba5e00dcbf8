"""A section typed with another width, spacing or case than the list's — 「企画部 DX推進課」 for the list's 「企画部
ＤＸ推進課」, 「総務部　行政経営課」 with a full-width space — looks the same in a Japanese font: P021 (and P023 of a
KPI's 報告課) names the listed section it differs from and how, where it said only 「一覧にありません」 beside a list
that seems to hold it."""

from __future__ import annotations

import pytest

from five_years import Master
from prefecture_plan import prefecture_plan_text
from reform_xlsx.intake.master_plan import load_master
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.loading import PlanError, parse_plan
from reform_xlsx.plan.master_export import write_master

PLAN = prefecture_plan_text("[総務部 行政経営課, 企画部 ＤＸ推進課, 知事室]", """
areas:
  - number: 1
    name: デジタル化
    categories:
      - number: 1
        name: 手続の見直し
        items:
          - {number: 1, name: 行政手続のオンライン化, content: 手続をオンラインにする。, actions: [対象の拡大],
             sections: [SECTION, 総務部 行政経営課, 知事室]}
kpis:
  - {id: K01, item: 1-1-1, name: オンライン化率, kind: rate, unit: "%", baseline: 0.45, target: 1.0, owner: OWNER}
""")


def _problems(section: str, owner: str = "知事室"):
    with pytest.raises(PlanError) as caught:
        parse_plan(PLAN.replace("SECTION", section).replace("OWNER", owner), "plan.yaml")
    return caught.value.problems


@pytest.mark.parametrize("typed, listed", [
    ("企画部 DX推進課", "企画部 ＤＸ推進課"),
    ("企画部　ＤＸ推進課", "企画部 ＤＸ推進課"),  # a full-width space
    ("企画部ＤＸ推進課", "企画部 ＤＸ推進課"),
    ("企画部 dx推進課", "企画部 ＤＸ推進課"),
    ("企画部 ＤＸ推進室", None),  # another name: nothing to point at
])
def test_an_unknown_section_that_differs_only_in_width_names_the_listed_one(typed, listed):
    (found,) = [p for p in _problems(typed) if p.code == "P021"]
    assert found.path == "areas[0].categories[0].items[0].sections[0]"
    if listed is None:
        assert "全角・半角" not in found.message
    else:
        assert f"一覧の「{listed}」と、全角・半角（または空白、大文字・小文字）だけが違います" in found.message


def test_a_kpi_owner_that_differs_from_the_items_section_only_in_width_names_it():
    (found,) = [p for p in _problems("企画部 ＤＸ推進課", owner="企画部 DX推進課") if p.code == "P023"]
    assert "担当課の「企画部 ＤＸ推進課」と、全角・半角" in found.message


def test_a_section_typed_in_half_width_in_the_plan_master_names_the_listed_one_at_its_cell(tmp_path):
    plan, _ = parse_plan(PLAN.replace("SECTION", "企画部 ＤＸ推進課").replace("OWNER", "知事室"), "plan.yaml")
    write_master(plan, tmp_path / "計画.xlsx")
    m = Master(tmp_path / "計画.xlsx")
    cell = m.cell(ml.ITEMS, "ID", "1-1-1", "担当課1")
    m.wb[m.sheet(ml.ITEMS)][cell] = "企画部 DX推進課"
    m.wb.save(tmp_path / "typed.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(tmp_path / "typed.xlsx")
    problems = caught.value.problems
    (found,) = [p for p in problems if p.code == "P021"]
    assert found.cell == cell
    assert "一覧の「企画部 ＤＸ推進課」と、全角・半角" in found.message
