"""A KPI that gives no years of its own is reported in its item's years: a revision that ends an item (``end``) and
writes nothing on the item's KPI stopped nothing — the section was still asked for the KPI of an ended item, on every
later form, and the import said nothing. The KPI now ends (and starts) with its item, and ``plan import`` says so
naming both; a KPI's own ``start``/``end`` is kept (outside its item's years it is still P033)."""

from __future__ import annotations

import copy

import openpyxl
import pytest

from reform_xlsx.plan import checks
from reform_xlsx.plan.builders import build_plan
from reform_xlsx.plan.diff import diff_plans
from test_plan_checks import small_plan


def _built(change=None):
    data = small_plan()
    if change:
        change(data)
    return build_plan(copy.deepcopy(data), "test", lambda *a, **k: None)


def _items(data) -> list[dict]:
    return data["areas"][0]["categories"][0]["items"]


def _set(item: dict | None = None, kpi: dict | None = None):
    def change(data):
        _items(data)[1].update(item or {})
        data["kpis"][1].update(kpi or {})
    return change


@pytest.mark.parametrize("item, kpi, years", [
    ({}, {}, (2026, 2030)),                                   # neither gives years: the plan's period
    ({"end": "R9"}, {}, (2026, 2027)),                        # the item ends: its KPI with it
    ({"start": "R10"}, {}, (2028, 2030)),                     # an item added later: its KPI from then
    ({"start": "R9", "end": "R11"}, {}, (2027, 2029)),
    ({"end": "R11"}, {"end": "R9"}, (2026, 2027)),            # the KPI's own end is kept
    ({"start": "R9"}, {"start": "R10"}, (2028, 2030)),        # and its own start
])
def test_a_kpi_without_years_follows_its_item(item, kpi, years):
    plan = _built(_set(item, kpi)).plan
    k2 = plan.kpi("K2")
    assert (k2.start, k2.end) == years
    assert [k.id for k in plan.kpis_for("財政課", years[1] + 1)] == []
    assert (plan.kpi("K1").start, plan.kpi("K1").end) == (2026, 2030)  # the other item's KPI is untouched


def test_the_kpi_of_an_ended_item_is_not_asked_for_afterwards():
    plan = _built(_set({"end": "R9"})).plan
    assert [k.id for k in plan.kpis_for("財政課", 2027)] == ["K2"]
    assert [k.id for k in plan.kpis_for("財政課", 2028)] == []
    assert "K2" not in {k.id for k in plan.kpis_in(2028)}


def test_a_kpi_written_past_its_item_is_still_an_error():
    draft = _built(_set({"end": "R9"}, {"end": "R11"}))
    assert [(f.msg.value.code, checks.format_path(f.path)) for f in checks.check_kpi_years(draft)] == [
        ("P033", "kpis[1].end")]


def test_the_import_names_the_item_the_kpi_ends_with():
    old, new = _built().plan, _built(_set({"end": "R9"})).plan
    said = [c.text for c in diff_plans(old, new)]
    kpi_lines = [c for c in diff_plans(old, new) if c.subject.startswith("K2")]
    assert len(kpi_lines) == 1, said
    assert kpi_lines[0].kind == "KPI の廃止"
    assert kpi_lines[0].after == "令和9年度まで（改革項目 1-1-2 の終了とともに）"


def test_a_kpi_ended_on_its_own_is_said_as_before():
    old, new = _built().plan, _built(_set({}, {"end": "R9"})).plan
    (line,) = [c for c in diff_plans(old, new) if c.subject.startswith("K2")]
    assert (line.kind, line.after) == ("KPI の廃止", "令和9年度まで")


def test_a_kpi_that_ends_with_its_item_is_told_where_its_end_is_written(workdir, capsys):
    """A revision ends 2-2-1 in 令和8年度 after 令和9年度's answers; K09 writes no 終了年度 of its own and ends with it.
    Both are refused (L024), and K09's advice said only 「KPI K09 の終了年度を…」: the office, writing one on the
    KPI's row, was then told the KPI runs past its item (P033). It now says where a KPI without one has it."""
    from reform_xlsx.plan_import import PlanImportError, import_plan
    from test_plan_revisions import _correction, _end, _year

    assert _year(workdir, 2026, capsys) == 0
    assert _year(workdir, 2027, capsys) == 0
    path = workdir / "ended.yaml"
    path.write_text(_correction(_end(("2-2-1",), "R8")), encoding="utf-8")
    with pytest.raises(PlanImportError) as caught:
        import_plan(path, workdir / "reform.db")
    said = {p.extra["what"]: p.message for p in caught.value.problems if p.code == "L024"}
    assert "（KPI に終了年度を書いていないときは、改革項目 2-2-1 の終了年度です）" in said["KPI K09"]
    assert "書いていないとき" not in said["改革項目 2-2-1"]


@pytest.mark.parametrize("item, kpi, written", [
    ({"end": "R9"}, {}, {}),                                  # follows its item: nothing written on the KPI
    ({"start": "R9", "end": "R11"}, {}, {}),
    ({"end": "R11"}, {"end": "R9"}, {"end": "R9"}),           # its own end, apart from its item's: kept
    ({"end": "R9"}, {"end": "R9"}, {}),                       # its own, the same as its item's: follows it from now
])
def test_an_exported_plan_lets_a_kpi_still_follow_its_item(item, kpi, written):
    """plan export wrote a KPI's years wherever they differed from the plan's period: a KPI that ended with its item
    came back from an exported plan (YAML or 計画マスター) with 「end: R9」 of its own, and a later revision that moved
    the item's end on left the KPI ended — the section no longer asked for it, without a word."""
    import yaml

    from reform_xlsx.plan.yaml_export import plan_data

    data = plan_data(_built(_set(item, kpi)).plan)
    (k2,) = [k for k in data["kpis"] if k["id"] == "K2"]
    assert {key: k2[key] for key in ("start", "end") if key in k2} == written
    again = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    _items(again)[1]["end"] = "R12"  # the next revision: the item runs to the plan's end
    moved = build_plan(again, "test", lambda *a, **k: None).plan.kpi("K2")
    assert moved.end == (2027 if "end" in written else 2030)


def test_a_kpi_that_follows_its_item_has_blank_years_in_the_master_and_still_follows_it(tmp_path):
    """The plan master wrote the plan's period into a KPI's blank 開始年度・終了年度: a KPI of an item added later (K14
    of 2-2-11, 令和10〜12年度) exported, then imported again, was told it starts before its item (P033 「K14 の年度 R8
    が…の外」), and a KPI that followed its item would have been pinned to the plan's period."""
    from reform_xlsx.intake.master_plan import load_master
    from reform_xlsx.plan import master_layout as ml
    from reform_xlsx.plan.master_export import write_master

    plan = _built(_set({"start": "R10"}, {})).plan
    path = write_master(plan, tmp_path / "master.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[ml.FIXED_NAMES[ml.KPIS]]
    header_row = next(r for r in ws.iter_rows() if any(c.value == "開始年度" for c in r))
    col = {c.value: c.column - 1 for c in header_row if c.value}
    rows = {r[col["KPI ID"]].value: r for r in ws.iter_rows(min_row=header_row[0].row + 1)}
    assert (rows["K2"][col["開始年度"]].value, rows["K2"][col["終了年度"]].value) == (None, None)
    again, problems = load_master(path)
    assert [p.code for p in problems if p.severity.name == "ERROR"] == []
    assert (again.kpi("K2").start, again.kpi("K2").end) == (2028, 2030)
