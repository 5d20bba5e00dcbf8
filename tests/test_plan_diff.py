"""What changed between two plans, as the office reads it (``plan import`` and 「計画の見直し」)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reform_xlsx.plan.diff import diff_plans, revised_kpis
from reform_xlsx.plan.model import Phase, SectionMove


def _item(plan, item_id, _remove=False, **changes):
    """``plan`` with one item changed (or removed)."""
    def fix(items):
        return tuple(replace(i, **changes) if i.id == item_id else i for i in items
                     if not (_remove and i.id == item_id))
    areas = tuple(replace(a, categories=tuple(replace(c, items=fix(c.items)) for c in a.categories))
                  for a in plan.areas)
    return replace(plan, areas=areas)


def _kpi(plan, kpi_id, **changes):
    return replace(plan, kpis=tuple(replace(k, **changes) if k.id == kpi_id else k for k in plan.kpis))


def _added_item(plan):
    new = replace(plan.item("2-2-10"), id="2-2-11", number=11, name="公用車の削減", start=2028, sections=("財政課",))
    areas = tuple(replace(a, categories=tuple(replace(c, items=c.items + ((new,) if c.key == "2-2" else ()))
                                               for c in a.categories)) for a in plan.areas)
    return replace(plan, areas=areas)


def _renamed(plan):
    kpis = tuple(replace(k, owner="収納課") if k.owner == "税務課" else k for k in plan.kpis)
    return replace(plan, sections=tuple("収納課" if s == "税務課" else s for s in plan.sections), kpis=kpis,
                   moves=(SectionMove(2027, "税務課", "収納課"),))


@pytest.mark.parametrize("change, expected", [
    (lambda p: _kpi(p, "K10", target=300_000_000),
     ["[目標値の変更] K10 ふるさと納税による寄附額: 250,000,000円 → 300,000,000円"]),
    (lambda p: _kpi(p, "K02", yearly_targets={2028: 0.3}),
     ["[年度目標値の変更] K02 市税等のキャッシュレス決済による納付率: （なし: 参考（按分）） → R10 30.0%"]),
    (lambda p: _kpi(p, "K09", end=2028), ["[KPI の廃止] K09 ネーミングライツ付与施設数: 令和12年度まで → 令和10年度まで"]),
    (lambda p: _item(p, "1-1-4", end=2027), ["[改革項目の終了] 1-1-4 電子入札制度の運用拡大: 令和12年度まで → 令和9年度まで"]),
    (lambda p: _item(p, "1-1-4", start=2027), ["[実施年度の変更] 1-1-4 電子入札制度の運用拡大: 令和8～12年度 → 令和9～12年度"]),
    (_added_item, ["[改革項目の追加] 2-2-11 公用車の削減: 令和10年度から（財政課）"]),
    (lambda p: _item(p, "1-1-4", sections=("財政課", "DX推進課")),
     ["[担当課の変更] 1-1-4 電子入札制度の運用拡大: 財政課 → 財政課、DX推進課"]),
    (lambda p: _item(p, "1-1-2", phases=(Phase(2026, 2027, "検討"), Phase(2028, 2030, "実施"))),
     ["[実施時期の変更] 1-1-2 アナログ規制改革の推進（押印の見直し）: （年度なし） → 令和8～9年度 検討、令和10年度～ 実施"]),
    (lambda p: _item(p, "1-1-4", _remove=True),
     ["[改革項目の削除] 1-1-4 電子入札制度の運用拡大: 令和8～12年度 → （削除）"]),  # advice only on the console
    (lambda p: replace(p, version="2028-04"), ["[版の変更] 版: 2026-02 → 2028-04"]),
])
def test_one_change(plan, change, expected):
    assert [c.text for c in diff_plans(plan, change(plan))] == expected


def test_nothing_changed(plan):
    assert diff_plans(plan, plan) == []
    assert diff_plans(plan, replace(plan, source="elsewhere", text="# other words")) == []


def test_a_rename_moves_the_kpi_owners_and_reads_as_one_reorganisation(plan):
    changes = diff_plans(plan, _renamed(plan))
    assert [c.text for c in changes if c.group == "組織"] == ["[組織改正] 税務課 → 収納課（令和9年度から名称変更）"]
    assert [c.subject.split()[0] for c in changes if c.kind == "報告課の変更"] == ["K02", "K05", "K06", "K07", "K08"]
    assert "担当課の追加" not in {c.kind for c in changes}  # 収納課 is the reorganisation, not a new section
    # withdrawn again (plan import --force): said as such, not as 収納課 removed and 税務課 added
    back = diff_plans(_renamed(plan), plan)
    assert [c.text for c in back if c.group == "組織"] == ["[組織改正の取消] 税務課 → 収納課（令和9年度から名称変更）"]


def _citizen_renamed(plan, year, *, ended):
    """市民課 renamed 市民窓口課 from ``year``; 1-1-5 and K04 (市民課's) end in ``ended``."""
    moved = replace(plan, sections=tuple("市民窓口課" if s == "市民課" else s for s in plan.sections),
                    kpis=tuple(replace(k, owner="市民窓口課") if k.owner == "市民課" else k for k in plan.kpis),
                    moves=(SectionMove(year, "市民課", "市民窓口課"),))
    moved = _kpi(moved, "K04", end=ended)
    for item in plan.items:
        if "市民課" in item.sections:
            moved = _item(moved, item.id, sections=tuple("市民窓口課" if s == "市民課" else s for s in item.sections))
    return _item(moved, "1-1-5", end=ended)


@pytest.mark.parametrize("year, ended, listed", [
    (2028, 2027, False),  # ended in R9, renamed from R10: never under the new name
    (2028, 2028, True),   # in force in R10 under the new name
    (2027, 2027, True),   # renamed from R9, its last year
])
def test_an_item_or_kpi_that_ended_before_a_renaming_does_not_change_section(plan, year, ended, listed):
    changes = diff_plans(plan, _citizen_renamed(plan, year, ended=ended))
    moved = {c.subject.split()[0] for c in changes if c.kind in ("担当課の変更", "報告課の変更")}
    assert {"1-1-5" in moved, "K04" in moved} == {listed}
    assert {"1-1-1", "K01", "K03"} <= moved  # still in force: said under the new name
    assert {c.subject.split()[0] for c in changes if c.kind in ("改革項目の終了", "KPI の廃止")} == {"1-1-5", "K04"}


def test_revised_kpis(plan):
    assert revised_kpis(plan, _kpi(_kpi(plan, "K10", target=3e8), "K01", owner="DX推進課")) == {"K10"}


def _levels(plan, area_name=None, category_intro=None):
    areas = tuple(replace(a, name=area_name or a.name,
                          categories=tuple(replace(c, intro=category_intro if category_intro is not None and c.key == "1-2"
                                                   else c.intro) for c in a.categories)) if a.number == 1 else a
                  for a in plan.areas)
    return replace(plan, areas=areas)


@pytest.mark.parametrize("change, expected", [
    (lambda p: _levels(p, area_name="デジタル化の推進"),
     ["[重点項目の名称の変更] 重点項目1: 行政のデジタル化推進、制度・慣行の抜本的見直し → デジタル化の推進"]),
    (lambda p: _levels(p, category_intro="説明を書き換えた"),
     ["[取組区分の説明の変更] 取組区分 1-2: 発展するICT技術を有効に活用し、大幅な業務の効率化（定型作業に費やす時間、移動… → 説明を書き換えた"]),
    (lambda p: replace(p, sections=(p.sections[1], p.sections[0], *p.sections[2:])),
     ["[担当課の並び順の変更] 担当課: DX推進課、市民課、人事行政課、税務課、財政課、秘書政策課、生活環境課、観光課、特命担当、土木課、都市計画課"
      " → 市民課、DX推進課、人事行政課、税務課、財政課、秘書政策課、生活環境課、観光課、特命担当、土木課、都市計画課"]),
    (lambda p: _kpi(p, "K10", kind="count"), ["[種類の変更] K10 ふるさと納税による寄附額: 金額 → 件数"]),
    (lambda p: _kpi(p, "K10", cumulative=True), ["[累計の変更] K10 ふるさと納税による寄附額: 累計でない → 累計"]),
])
def test_the_levels_the_order_and_a_kpis_kind_in_the_offices_words(plan, change, expected):
    """Renamed 重点項目 and 区分 and their 説明, the sections' order (each refused without a new 版 as a change,
    so each must be listed), a KPI's 種類 as the master says it (金額, not yen)."""
    assert [c.text for c in diff_plans(plan, change(plan))] == expected
