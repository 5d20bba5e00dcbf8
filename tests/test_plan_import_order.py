"""A plan master sorted in Excel is the same plan: the 改革項目 come in the order of their IDs, the KPIs in the
order of the plan in force (the ones added after them), so sorting a sheet by 担当課 or 報告課 is 「変更なし」 — and
an order the import does keep (the 主な取組 of an item, the order of a plan file's lists) is shown as a change of
order, never a bare 「内容が違います」 with nothing listed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from five_years import Master
from master_sample import BUNDLED, office_with_master
from reform_xlsx.cli import main
from reform_xlsx.form.layout import find_header_row
from reform_xlsx.plan import diff as plan_diff
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.diff import diff_plans
from reform_xlsx.plan.loading import load_plan, parse_plan
from reform_xlsx.plan_import import PlanImportError, import_plan


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """A ledger that keeps the bundled plan (版 2026-02), and the master exported from it."""
    return office_with_master(tmp_path_factory.mktemp("office"))


def _sorted(office: Path, target: str, sheet: str, id_label: str, by: str, *, revision: bool = False,
            add: dict[str, object] | None = None) -> Path:
    """The master with the table of ``sheet`` sorted by the column ``by`` (as Excel's 並べ替え does: whole rows, the
    blank input rows below left where they are); ``add``: a row typed first, at the top of the rows sorted;
    ``revision``: a new 版 from R9."""
    m = Master(office / "計画.xlsx")
    ws = m.wb[m.sheet(sheet)]
    rows = [[(c.value, c.number_format) for c in r] for r in ws.iter_rows()]  # a row's cells move with their formats
    first = find_header_row([[v for v, _ in r] for r in rows], id_label, search_rows=len(rows)) + 1
    column = [v for v, _ in rows[first - 1]].index(by)
    data = [r for r in rows[first:] if any(v not in (None, "") for v, _ in r)]
    if add:
        header = rows[first - 1]
        data.insert(0, [(add.get(h), f) for (h, _), (_, f) in zip(header, rows[first + len(data)])])
    data.sort(key=lambda r: str(r[column][0] or ""))
    for n, row in enumerate(data):
        for c, (value, number_format) in enumerate(row):
            ws.cell(row=first + 1 + n, column=c + 1).value = value
            ws.cell(row=first + 1 + n, column=c + 1).number_format = number_format
    if revision:
        for label, value in (("版", "2027-03"), ("適用年度", "R9"), ("改訂日", "2027-03-10"), ("改訂の理由", "見直し")):
            ws_info = m.wb[m.sheet(ml.INFO)]
            ws_info[m.cell(ml.INFO, "項目", label, "値")] = value
    m.wb.save(office / target)
    return office / target


def test_items_sorted_by_their_section_are_the_same_plan(office, capsys):
    """It was L013 「内容が違います」 with no difference listed; with a new 版, a revision that put 1-1-3 before 1-1-1."""
    same = _sorted(office, "items.xlsx", ml.ITEMS, "ID", "担当課1")
    ids = [r[0].value for r in openpyxl.load_workbook(same)[Master(same).sheet(ml.ITEMS)].iter_rows()]
    assert ids.index("1-1-3") < ids.index("1-1-2")  # (the rows are in another order: DX推進課 before 人事行政課)
    result = import_plan(same, office / "reform.db", dry_run=True)
    assert result.unchanged and result.changes == []
    assert main(["plan", "import", str(same), "--db", str(office / "reform.db"), "--dry-run"]) == 0
    assert "変更なし" in capsys.readouterr().out
    revised = _sorted(office, "items_r.xlsx", ml.ITEMS, "ID", "担当課1", revision=True)
    result = import_plan(revised, office / "reform.db", dry_run=True)
    assert [c.kind for c in result.changes] == ["版の変更"]
    assert [i.id for i in result.plan.items] == [i.id for i in load_plan()[0].items]


def test_levels_sorted_by_their_name_are_the_same_plan(office):
    same = _sorted(office, "levels.xlsx", ml.LEVELS, "ID", "名称")
    assert import_plan(same, office / "reform.db", dry_run=True).unchanged


def test_kpis_sorted_by_their_owner_keep_the_order_of_the_plan_and_a_new_one_comes_last(office, capsys):
    same = _sorted(office, "kpis.xlsx", ml.KPIS, "KPI ID", "報告課")
    assert import_plan(same, office / "reform.db", dry_run=True).unchanged
    new = {"KPI ID": "K14", "項目ID": "2-2-1", "指標名": "新しい指標", "種類": "件数", "単位": "件", "方向": "増加",
           "基準値": 1, "目標値": 5, "報告課": "財政課", "開始年度": "R9"}
    revised = _sorted(office, "kpis_r.xlsx", ml.KPIS, "KPI ID", "報告課", revision=True, add=new)
    result = import_plan(revised, office / "reform.db", dry_run=True)
    assert [c.kind for c in result.changes] == ["KPI の追加", "版の変更"]
    assert [k.id for k in result.plan.kpis] == [f"K{n:02d}" for n in range(1, 15)]
    assert "- id: K13" in result.plan.text.split("- id: K14")[0]  # the plan the ledger would keep, in that order
    assert main(["plan", "import", str(revised), "--db", str(office / "reform.db"), "--dry-run"]) == 0
    assert "[KPI の追加] K14 新しい指標" in capsys.readouterr().out
    # a KPI's cell is still its row's in the sorted sheet: L021 (a unit changed) names the 単位 of K11's row
    m = Master(revised)
    cell = m.cell(ml.KPIS, "KPI ID", "K11", "単位")
    m.wb[m.sheet(ml.KPIS)][cell] = "名"
    m.wb.save(office / "unit.xlsx")
    result = import_plan(office / "unit.xlsx", office / "reform.db", dry_run=True)
    (found,) = [w for w in result.warnings if w.code == "L021"]
    assert (found.sheet, found.cell) == (m.sheet(ml.KPIS), cell)


def test_main_actions_sorted_are_said_as_a_change_of_their_order(office, capsys):
    """The 主な取組 are in the order of their rows (①②③): a sorted sheet changes it. It was 「[主な取組の変更]
    …: A／B… → B／A…」 cut at 40 characters; with the same 版 it was L013 with no difference listed."""
    same = _sorted(office, "actions.xlsx", ml.ACTIONS, "項目ID", "主な取組")
    with pytest.raises(PlanImportError) as caught:
        import_plan(same, office / "reform.db", dry_run=True)
    assert [p.code for p in caught.value.problems] == ["L013", "L017"]
    changes = caught.value.changes
    assert changes and {c.kind for c in changes} == {"主な取組の並び順の変更"}
    assert f"（{len(changes)} 件。[主な取組の並び順の変更] 1-1-2 " in caught.value.problems[0].message
    rpa = next(c for c in changes if c.subject.startswith("1-2-1 "))
    assert rpa.text == ("[主な取組の並び順の変更] 1-2-1 RPA・AI等の活用による業務効率化: "
                        "①RPA活用事務の拡大、②AI活用による効率化業務の拡大 → ②、① の順")
    assert main(["plan", "import", str(same), "--db", str(office / "reform.db"), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "[L013 エラー]" in err and f"台帳の計画との違い {len(changes)} 件:" in err
    assert rpa.text in err and "「項目ID」と「番号」の列で並べ替えると元の順に戻ります" in err


def _plan(text: str):
    return parse_plan(text, "plan.yaml")[0]


def test_every_order_a_plan_file_keeps_is_a_change_of_order():
    before = _plan(BUNDLED)
    kpis = list(before.kpis)
    after = replace(before, kpis=(kpis[1], kpis[0], *kpis[2:]))
    (change,) = diff_plans(before, after)
    assert (change.kind, change.before.split("、")[:2], change.after.split("、")[:2]) == (
        "KPI の並び順の変更", ["K01", "K02"], ["K02", "K01"])
    area = before.areas[0]
    after = replace(before, areas=(replace(area, categories=area.categories[::-1]), *before.areas[1:]))
    assert [(c.kind, c.subject) for c in diff_plans(before, after)] == [("取組区分の並び順の変更", "重点項目1")]
    after = replace(before, areas=before.areas[::-1])
    assert [c.kind for c in diff_plans(before, after)] == ["重点項目の並び順の変更"]
    category = area.categories[0]
    after = replace(before, areas=(replace(area, categories=(replace(category, items=category.items[::-1]),
                                                             *area.categories[1:])), *before.areas[1:]))
    assert [(c.kind, c.subject) for c in diff_plans(before, after)] == [("改革項目の並び順の変更", "取組区分 1-1")]
    after = replace(before, grades=before.grades[::-1], glossary=before.glossary[::-1])
    assert [c.kind for c in diff_plans(before, after)] == ["進捗状況の区分の並び順の変更", "用語の並び順の変更"]


def test_the_owner_marked_as_assumed_is_a_change():
    before = _plan(BUNDLED)
    kpis = list(before.kpis)
    after = replace(before, kpis=(replace(kpis[0], owner_assumed=not kpis[0].owner_assumed), *kpis[1:]))
    (change,) = diff_plans(before, after)
    assert change.kind == "報告課は仮の変更" and change.subject.startswith("K01 ")


def test_a_difference_no_rule_names_is_still_listed(monkeypatch):
    """Whatever makes two plans differ, the list is never empty (L013 would say 「内容が違います」 of nothing)."""
    before = _plan(BUNDLED)
    after = replace(before, glossary=(replace(before.glossary[0], text="別の説明"), *before.glossary[1:]))
    monkeypatch.setattr(plan_diff, "_glossary", lambda old, new: [])
    assert [c.kind for c in diff_plans(before, after)] == ["その他の変更"]
    assert diff_plans(before, before) == []
    newer = replace(before, version="2027-03")
    assert [c.kind for c in diff_plans(before, newer)] == ["版の変更"]


def test_a_name_with_a_line_break_keeps_the_change_on_one_line():
    before = _plan(BUNDLED)
    item = before.areas[0].categories[0].items[0]
    renamed = replace(item, name="新しい\n名前")
    area, category = before.areas[0], before.areas[0].categories[0]
    after = replace(before, areas=(replace(area, categories=(replace(category, items=(renamed, *category.items[1:])),
                                                             *area.categories[1:])), *before.areas[1:]))
    (change,) = diff_plans(before, after)
    assert "\n" not in change.text and "新しい 名前" in change.text
