"""``plan import`` of an edited plan master against the ledger's revisions: a master edited from a copy
exported before the latest revision is refused (it would undo that revision), the ledger's refusals name the
master's cells, a unit changed is warned about, an older revision imported again is said to be recorded."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import five_years as fy
from five_years import Master, apply_with_openpyxl
from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import revisions
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.plan.master_export import write_master
from reform_xlsx.plan_import import PlanImportError, import_plan


@pytest.fixture
def office(workdir):
    """A ledger that keeps the bundled plan (版 2026-02) and its revision 2027-03 (税務課 → 収納課 from R9),
    and masters exported from each."""
    first = load_plan()[0]
    (workdir / "first.yaml").write_text(first.text, encoding="utf-8")
    (workdir / "r2027.yaml").write_text(fy.revised_yaml(2027), encoding="utf-8")
    db = workdir / "reform.db"
    assert import_plan(workdir / "first.yaml", db).stored
    write_master(first, workdir / "old.xlsx")  # the clerk's copy, kept from before the revision
    assert import_plan(workdir / "r2027.yaml", db).stored
    write_master(load_plan(workdir / "r2027.yaml")[0], workdir / "latest.xlsx")
    return workdir


def _edit(office: Path, source: str, target: str, edits: dict[tuple[str, str, str, str], object]) -> Path:
    """``edits``: (sheet key, id label, row id, column label) → value."""
    m = Master(office / source)
    cells: dict[str, dict[str, object]] = {}
    for (key, id_label, row_id, label), value in edits.items():
        cells.setdefault(m.sheet(key), {})[m.cell(key, id_label, row_id, label)] = value
    return apply_with_openpyxl(office / source, cells, office / target)


def _revision(version: str, year: str) -> dict:
    return {(ml.INFO, "項目", "版", "値"): version, (ml.INFO, "項目", "適用年度", "値"): year,
            (ml.INFO, "項目", "改訂日", "値"): "2027-09-01", (ml.INFO, "項目", "改訂の理由", "値"): "目標の見直し"}


def _versions(office: Path) -> list[str]:
    with Ledger(office / "reform.db") as ledger:
        return [p.version for p in revisions(ledger).plans]


def test_a_master_edited_from_a_copy_older_than_the_latest_revision_is_refused(office, capsys):
    edits = _revision("2027-09", "R9") | {(ml.KPIS, "KPI ID", "K10", "目標値"): 300_000_000}
    stale = _edit(office, "old.xlsx", "stale.xlsx", edits)
    moves = Master(stale).sheet(ml.MOVES)
    with pytest.raises(PlanImportError) as caught:
        import_plan(stale, office / "reform.db")
    found = caught.value.problems
    assert [(p.code, p.sheet) for p in found] == [("L019", None), ("L020", moves)]
    assert "版 2026-02 から書き出したもの" in found[0].message and "版 2027-03" in found[0].message
    assert "税務課 → 収納課" in found[1].message
    assert found[1].cell == f"A{Master(stale).blank_rows(ml.MOVES, '適用年度')[0]}"  # where the row goes back
    assert main(["plan", "import", str(stale)]) == 2
    err = capsys.readouterr().err
    assert "[L019 エラー]" in err and "reform-xlsx plan export" in err
    assert _versions(office) == ["2026-02", "2027-03"]  # nothing stored, the revision stands
    # undoing the revision on purpose
    assert main(["plan", "import", str(stale), "--force"]) == 0
    assert _versions(office) == ["2026-02", "2027-03", "2027-09"]


def test_a_master_from_the_latest_revision_or_from_the_copy_that_made_it_is_taken(office):
    edits = _revision("2027-09", "R9") | {(ml.KPIS, "KPI ID", "K10", "目標値"): 300_000_000}
    assert import_plan(_edit(office, "latest.xlsx", "edited.xlsx", edits), office / "reform.db").stored
    # the copy exported from 2026-02 that the 2027-03 revision was made from, edited again: nothing of 2027-03 undone
    m = Master(office / "old.xlsx")
    row = m.blank_rows(ml.MOVES, "適用年度")[0]
    again = apply_with_openpyxl(office / "old.xlsx", {
        m.sheet(ml.SECTIONS): {m.cell(ml.SECTIONS, "課名", fy.RENAMED, "課名"): fy.NEW_NAME},
        m.sheet(ml.MOVES): {f"A{row}": "R9", f"B{row}": fy.RENAMED, f"C{row}": fy.NEW_NAME},
        m.sheet(ml.ITEMS): {m.cell(ml.ITEMS, "ID", fy.ENDED_ITEM, "終了年度"): "R8"},
        m.sheet(ml.KPIS): {m.cell(ml.KPIS, "KPI ID", "K10", "目標値"): 290_000_000},
        m.sheet(ml.INFO): {m.cell(ml.INFO, "項目", "版", "値"): "2027-10", m.cell(ml.INFO, "項目", "適用年度", "値"): "R9"},
    }, office / "again.xlsx")
    result = import_plan(again, office / "reform.db")
    assert result.stored and [c.kind for c in result.changes] == ["目標値の変更", "版の変更"]
    # and once more, renaming the item and the KPI the 2027-03 revision changed (names are not what was changed)
    m = Master(again)
    renamed = apply_with_openpyxl(again, {
        m.sheet(ml.ITEMS): {m.cell(ml.ITEMS, "ID", fy.ENDED_ITEM, "名称"): "名称を直した項目"},
        m.sheet(ml.KPIS): {m.cell(ml.KPIS, "KPI ID", "K10", "指標名"): "名称を直した指標"},
        m.sheet(ml.INFO): {m.cell(ml.INFO, "項目", "版", "値"): "2027-11"},
    }, office / "renamed.xlsx")
    result = import_plan(renamed, office / "reform.db")
    assert result.stored and not [w for w in result.warnings if w.code == "L019"]
    assert _versions(office)[-1] == "2027-11"


def test_a_dropped_reorganisation_row_is_named_at_its_sheet(office):
    m = Master(office / "latest.xlsx")
    row = m.cell(ml.MOVES, "適用年度", "R9", "適用年度")
    moves = m.sheet(ml.MOVES)
    edited = apply_with_openpyxl(office / "latest.xlsx", {
        moves: {row: None, row.replace("A", "B"): None, row.replace("A", "C"): None},
        **{m.sheet(ml.INFO): {m.cell(ml.INFO, "項目", k, "値"): v for k, v in (("版", "2027-09"), ("適用年度", "R9"))}}},
        office / "dropped.xlsx")
    with pytest.raises(PlanImportError) as caught:
        import_plan(edited, office / "reform.db")
    assert [(p.code, p.sheet, p.cell) for p in caught.value.problems] == [("L020", moves, row)]


def test_a_refusal_with_json_is_one_document_on_stdout(office, capsys):
    same = _edit(office, "latest.xlsx", "same.xlsx", {(ml.KPIS, "KPI ID", "K10", "目標値"): 300_000_000})
    assert main(["plan", "import", str(same), "--json"]) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["exit_code"] == 2 and "記録できません" in doc["error"] and "[L013 エラー]" in captured.err
    assert [p["code"] for p in doc["problems"]] == ["L013"]


@pytest.mark.parametrize("edits, expected", [
    # the same 版 with new content: the 版 cell; no 適用年度: its cell
    ({(ml.KPIS, "KPI ID", "K10", "目標値"): 300_000_000}, [("L013", ml.INFO, ("項目", "版", "値"))]),
    (_revision("2027-09", "") | {(ml.KPIS, "KPI ID", "K10", "目標値"): 300_000_000},
     [("L017", ml.INFO, ("項目", "適用年度", "値"))]),
    # a 旧課名 no plan had (misspelt): its cell (and the 組織改正 it was, left out)
    (_revision("2027-09", "R9") | {(ml.MOVES, "適用年度", "R9", "旧課名"): "税務科"},
     [("L020", ml.MOVES, None), ("L018", ml.MOVES, ("適用年度", "R9", "旧課名"))]),
])
def test_the_ledgers_refusals_name_the_masters_cell(office, edits, expected):
    m = Master(office / "latest.xlsx")
    edited = _edit(office, "latest.xlsx", "edited.xlsx", edits)
    with pytest.raises(PlanImportError) as caught:
        import_plan(edited, office / "reform.db")
    found = [(p.code, p.sheet, p.cell) for p in caught.value.problems]
    assert [(code, sheet) for code, sheet, _ in found] == [(code, m.sheet(key)) for code, key, _ in expected]
    for (_, _, cell), (_, key, at) in zip(found, expected):
        if at is not None:
            assert cell == m.cell(key, *at)
    assert all(p.file == "edited.xlsx" for p in caught.value.problems)


def test_a_misspelt_former_section_is_named_at_its_cell_not_only_on_the_items(office):
    """財政課 renamed 財務課 from R10, its 旧課名 typed 財攻課: the items that still say 財政課 (which a rename
    moves) are P021, and the 組織改正 cell to fix is named (P049)."""
    from reform_xlsx.intake.master_plan import load_master
    from reform_xlsx.plan.loading import PlanError

    m = Master(office / "latest.xlsx")
    row = m.blank_rows(ml.MOVES, "適用年度")[0]
    edited = apply_with_openpyxl(office / "latest.xlsx", {
        m.sheet(ml.SECTIONS): {m.cell(ml.SECTIONS, "課名", "財政課", "課名"): "財務課"},
        m.sheet(ml.MOVES): {f"A{row}": "R10", f"B{row}": "財攻課", f"C{row}": "財務課"},
        m.sheet(ml.INFO): {m.cell(ml.INFO, "項目", "版", "値"): "2028-03", m.cell(ml.INFO, "項目", "適用年度", "値"): "R10"},
    }, office / "typo.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(edited)
    errors = [p for p in caught.value.problems if p.severity.value == "error"]
    named = [p for p in errors if p.code == "P049"]
    assert [(p.sheet, p.cell) for p in named] == [(m.sheet(ml.MOVES), f"B{row}")]
    assert "「財攻課」" in named[0].message and "「財政課」" in named[0].message
    unknown = [p for p in errors if p.code == "P021"]
    assert unknown and all("旧課名「財攻課」の書き間違いではありませんか" in p.message for p in unknown)


def test_a_kpi_unit_changed_is_warned_about_at_its_cell(office):
    edits = _revision("2027-09", "R10") | {(ml.KPIS, "KPI ID", "K12", "単位"): "千枚",
                                           (ml.KPIS, "KPI ID", "K12", "基準値"): 6290,
                                           (ml.KPIS, "KPI ID", "K12", "目標値"): 5600}
    result = import_plan(_edit(office, "latest.xlsx", "unit.xlsx", edits), office / "reform.db", dry_run=True)
    m = Master(office / "latest.xlsx")
    found = [p for p in result.warnings if p.code == "L021"]
    assert [(p.sheet, p.cell) for p in found] == [(m.sheet(ml.KPIS), m.cell(ml.KPIS, "KPI ID", "K12", "単位"))]
    assert "「枚」から「千枚」" in found[0].message and "令和8年度から令和9年度まで" in found[0].message
    # stored, then undone from a copy of before it (--force): the years before were reported in 枚 — nothing to warn
    assert import_plan(_edit(office, "latest.xlsx", "unit.xlsx", edits), office / "reform.db").stored
    undo = _edit(office, "latest.xlsx", "undo.xlsx", _revision("2027-10", "R10"))
    result = import_plan(undo, office / "reform.db", force=True)
    assert result.stored and not [p for p in result.warnings if p.code == "L021"]


def _in_thousands_from_r10(office: Path) -> None:
    """K12 counted in 千枚 from R10 (版 2027-09), stored; its master exported as r2027-09.xlsx."""
    edits = _revision("2027-09", "R10") | {(ml.KPIS, "KPI ID", "K12", "単位"): "千枚",
                                           (ml.KPIS, "KPI ID", "K12", "基準値"): 6290,
                                           (ml.KPIS, "KPI ID", "K12", "目標値"): 5600}
    assert import_plan(_edit(office, "latest.xlsx", "unit.xlsx", edits), office / "reform.db").stored
    with Ledger(office / "reform.db") as ledger:
        write_master(revisions(ledger).plans[-1], office / "r2027-09.xlsx")


def test_a_unit_changed_back_by_a_later_revision_names_only_the_years_reported_in_the_other_unit(office):
    """枚 → 千枚 from R10, back to 枚 from R11: only 令和10年度 was reported in 千枚 (令和8・9年度 were in 枚, the unit
    coming back), so L021 does not say 「令和8年度から令和10年度までの実績値は「千枚」で」."""
    _in_thousands_from_r10(office)
    back = _revision("2029-03", "R11") | {(ml.KPIS, "KPI ID", "K12", "単位"): "枚",
                                          (ml.KPIS, "KPI ID", "K12", "基準値"): 6290000,
                                          (ml.KPIS, "KPI ID", "K12", "目標値"): 5600000}
    result = import_plan(_edit(office, "r2027-09.xlsx", "back.xlsx", back), office / "reform.db", dry_run=True)
    (found,) = [p for p in result.warnings if p.code == "L021"]
    assert "「千枚」から「枚」" in found.message
    assert "令和10年度の実績値は「千枚」で報告されたまま" in found.message


def test_a_unit_a_revision_changed_is_not_warned_about_again_by_the_next_of_the_same_year(office):
    """枚 → 千枚 from R10 (L021 said it); another revision from R10 that changes only K11's target, made from the
    export of that one, keeps 千枚: nothing about K12's unit to say again."""
    _in_thousands_from_r10(office)
    again = _revision("2027-10", "R10") | {(ml.KPIS, "KPI ID", "K11", "目標値"): 30}
    result = import_plan(_edit(office, "r2027-09.xlsx", "again.xlsx", again), office / "reform.db", dry_run=True)
    assert [c.kind for c in result.changes if c.group == "KPI"] == ["目標値の変更"]
    assert [p for p in result.warnings if p.code == "L021"] == []


def test_an_earlier_revision_imported_again_is_said_to_be_recorded_with_no_changes_listed(office, capsys):
    assert main(["plan", "import", str(office / "old.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "版 2026-02（令和8年度から適用）として既に記録されています。何も記録していません" in out
    assert "変更点" not in out
    assert main(["plan", "import", str(office / "old.xlsx"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["changes"], doc["stored"], doc["recorded_version"]) == ([], False, "2026-02")
    assert _versions(office) == ["2026-02", "2027-03"]


def test_a_stale_copy_renaming_another_category_still_undoes_the_revision(office):
    """With changes matched by ID, every 取組区分 change looked alike (「取組区分 1-2」 → 「取組区分」): a copy exported
    before the revision that renamed 1-2, renaming 2-1 only, took 1-2's old name back without L019."""
    renamed = _edit(office, "latest.xlsx", "a.xlsx", _revision("2027-05", "R9") | {(ml.LEVELS, "ID", "1-2", "名称"): "新しい区分名"})
    assert import_plan(renamed, office / "reform.db").stored
    stale = _edit(office, "latest.xlsx", "b.xlsx", _revision("2027-09", "R9") | {(ml.LEVELS, "ID", "2-1", "名称"): "別の区分名"})
    with pytest.raises(PlanImportError) as caught:
        import_plan(stale, office / "reform.db")
    assert [p.code for p in caught.value.problems] == ["L019"] and "1-2" in caught.value.problems[0].message


@pytest.mark.parametrize("later, kept", [
    (lambda item: item, True),  # the revision's own item
    (lambda item: replace(item, name="正式な名称"), True),  # the file that made it, the new item's name fixed
    (lambda item: replace(item, name="窓口のキャッシュレス化", content="別の推進内容"), False),  # another item, same ID
])
def test_an_added_item_is_kept_only_as_itself(later, kept):
    from reform_xlsx.plan.diff import diff_plans
    from reform_xlsx.plan_import import _kept

    base = load_plan()[0]
    first = base.areas[1].categories[1]

    def with_item(item):
        category = replace(first, items=(*first.items, item))
        area = replace(base.areas[1], categories=(base.areas[1].categories[0], category, *base.areas[1].categories[2:]))
        return replace(base, areas=(base.areas[0], area, *base.areas[2:]))

    added = replace(first.items[0], id="2-2-99", name="公用車の削減", content="公用車を減らす")
    latest, plan = with_item(added), with_item(later(added))
    (change,) = [c for c in diff_plans(base, latest) if c.kind.endswith("の追加")]
    made = diff_plans(base, plan)
    by_subject = {(c.group, c.kind, c.subject) for c in made}
    assert _kept(change, by_subject, set(), latest, plan) is kept


@pytest.mark.parametrize("versions, now, example", [
    (["2026-02"], "2026-12", "2026-12"), (["2026-02", "2027-03"], "2026-12", "2027-04"),
    (["2026-02", "2027-12"], "2026-12", "2028-01"), (["2026-02", "第3版"], "2026-12", "第3版-2"),
])
def test_the_version_l013_suggests_is_after_every_kept_one(versions, now, example):
    from types import SimpleNamespace

    from reform_xlsx.plan_import import _next_version

    assert _next_version(SimpleNamespace(plans=[SimpleNamespace(version=v) for v in versions]), now) == example


def test_a_kpi_counted_as_another_kind_under_the_same_unit_is_warned_about_too(office):
    """K01 (%, 割合) counted as 件数 of 「%」 from 令和10年度: its earlier 実績値 are no measure for the new ones either
    (the packet and the forms do not compare them), so L021 says it — with the kinds, not 「「%」から「%」」."""
    edits = _revision("2027-09", "R10") | {(ml.KPIS, "KPI ID", "K01", "種類"): "件数",
                                           (ml.KPIS, "KPI ID", "K01", "基準値"): 24,
                                           (ml.KPIS, "KPI ID", "K01", "目標値"): 30}
    result = import_plan(_edit(office, "latest.xlsx", "kind.xlsx", edits), office / "reform.db", dry_run=True)
    found = [p for p in result.warnings if p.code == "L021"]
    assert [p.message.count("「%（割合）」から「%（件数）」") for p in found] == [1], [p.message for p in found]
    m = Master(office / "latest.xlsx")
    assert [(p.sheet, p.cell) for p in found] == [(m.sheet(ml.KPIS), m.cell(ml.KPIS, "KPI ID", "K01", "種類"))]
