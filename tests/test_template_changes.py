"""A later year's 調査票 says what changed on it since last year's (the 記入要領's 「計画の見直し」): an item
or KPI added, ended, or moved to or from another section, a 目標値 revised. The form used to show the new row,
drop the ended one and print the new 目標値 without a word — the section could not tell a revision from an
error, and answered last year's target."""

from __future__ import annotations

import openpyxl
import pytest
import yaml

import five_years as fy
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.templates.changes import year_changes

ENDED = "1-1-4 電子入札制度の運用拡大: 令和8年度で終了しました（この調査票にはありません）"
ADDED = "2-2-11 公用車の削減: 令和10年度から始まる改革項目です（追加）"
KPI_ADDED = "K14 公用車の保有台数: 令和10年度から報告する KPI です（追加）"
RENAMED = "組織改正: 令和9年度から税務課は収納課になりました（令和8年度の回答は税務課のものです）"
MERGED = "組織改正: 令和11年度からDX推進課・秘書政策課は政策推進課に統合されました（令和10年度の回答はそれぞれの課のものです）"
RETARGETED = "K10 ふるさと納税による寄附額: 目標値 250,000,000円 → 300,000,000円、年度目標値は新しい値から按分"


def _moved_yaml() -> str:
    """The bundled plan revised from 令和9年度: 3-2-1 goes from 土木課・都市計画課 to 都市計画課・観光課, K13 reported by
    財政課."""
    data = yaml.safe_load(bundled_plan_text())
    for area in data["areas"]:
        for category in area["categories"]:
            for item in category["items"]:
                if f"{area['number']}-{category['number']}-{item['number']}" == "3-2-1":
                    item["sections"] = ["都市計画課", "観光課"]
    for kpi in data["kpis"]:
        if kpi["id"] == "K13":
            kpi["owner"] = "財政課"
    data["plan"]["version"] = "2027-04"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "担当の見直し"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _retimed_yaml() -> str:
    """The bundled plan revised from 令和9年度: 1-1-2 (人事行政課) ends in 令和10年度 with its 主な取組 reworded,
    2-2-9's first 主な取組 (財政課) is done in 令和9～10年度, 1-1-3 renamed."""
    data = yaml.safe_load(bundled_plan_text())
    items = {f"{a['number']}-{c['number']}-{i['number']}": i
             for a in data["areas"] for c in a["categories"] for i in c["items"]}
    items["1-1-2"]["end"] = "R10"
    items["1-1-2"]["actions"][1] = "公印押印事務の簡略化の実施"
    items["2-2-9"]["actions"][0] = {"text": items["2-2-9"]["actions"][0], "start": "R9", "end": "R10", "stage": "見直し"}
    items["1-1-3"]["name"] = "キャッシュレス決済の拡大"
    data["plan"]["version"] = "2027-05"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "実施時期の見直し"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _reopened_yaml() -> str:
    """The plan of 令和9年度 (1-1-4 ended after 令和8年度) revised from 令和11年度: 1-1-4 runs again to the end, K09 (ended
    after 令和9年度 with its item 2-2-1 there) too."""
    data = yaml.safe_load(fy.revised_yaml(2027))
    items = {f"{a['number']}-{c['number']}-{i['number']}": i
             for a in data["areas"] for c in a["categories"] for i in c["items"]}
    del items[fy.ENDED_ITEM]["end"]
    data["plan"]["version"] = "2029-04"
    data["revision"] = {"date": "2029-03-10", "effective_year": "R11", "reason": "電子入札の再開"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _retired_kpi_yaml(reopened: bool) -> str:
    """The bundled plan with K09 retired after 令和9年度 (版 2027-06, from R9) — or, ``reopened``, reported again from
    令和11年度 (版 2029-06)."""
    data = yaml.safe_load(bundled_plan_text())
    kpi = next(k for k in data["kpis"] if k["id"] == "K09")
    kpi["end"] = "R9"
    data["plan"]["version"] = "2027-06"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "K09 をやめる"}
    if reopened:
        del kpi["end"]
        data["plan"]["version"] = "2029-06"
        data["revision"] = {"date": "2029-03-10", "effective_year": "R11", "reason": "K09 を再開"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _plan(text: str):
    plan, problems = parse_plan(text, "test.yaml")
    assert not [p for p in problems if p.severity.label == "エラー"]
    return plan


@pytest.fixture(scope="module")
def plans(plan):
    return {"bundled": plan, "r2027": _plan(fy.revised_yaml(2027)), "r2028": _plan(fy.revised_yaml(2028)),
            "r2029": _plan(fy.revised_yaml(2029)), "retimed": _plan(_retimed_yaml()),
            "moved": _plan(_moved_yaml()), "reopened": _plan(_reopened_yaml()),
            "kpi_retired": _plan(_retired_kpi_yaml(False)), "kpi_reopened": _plan(_retired_kpi_yaml(True))}


ITEM, K13 = "3-2-1 市民ボランティアとの協働、活動支援", "K13 街路灯LED化更新数（累計）"


@pytest.mark.parametrize("before, after, year, section, expected", [
    ("bundled", "bundled", 2026, "財政課", []),  # the plan's first year: nothing before it
    ("bundled", "bundled", 2027, "財政課", []),  # no revision, every item runs on
    ("bundled", "r2027", 2027, "財政課", [ENDED]),
    ("bundled", "r2027", 2027, fy.NEW_NAME, [RENAMED]),  # 税務課 renamed 収納課: its 前年度 columns are 税務課's
    ("r2027", "r2027", 2028, fy.NEW_NAME, []),  # the year after: nothing new
    ("r2028", "r2029", 2029, fy.MERGED_INTO, [MERGED]),  # DX推進課・秘書政策課 merged
    ("r2027", "r2028", 2028, "財政課", [ADDED, KPI_ADDED]),
    ("r2027", "r2028", 2028, "特命担当", [RETARGETED]),
    ("r2028", "r2028", 2029, "財政課", []),  # 2-2-11 began in 令和10年度: not new in 令和11年度
    ("bundled", "moved", 2027, "観光課", [f"{ITEM}: 令和9年度からこの課も担当します（令和8年度は土木課、都市計画課）"]),
    ("bundled", "moved", 2027, "都市計画課", []),  # it keeps the item
    ("bundled", "moved", 2027, "土木課",
     [f"{ITEM}: 令和9年度から都市計画課、観光課の担当です（この調査票にはありません）",
      f"{K13}: 令和9年度から財政課が報告します（この調査票にはありません）"]),
    ("bundled", "moved", 2027, "財政課", [f"{K13}: 令和9年度からこの課が報告します（令和8年度は土木課）"]),
    # a revision's 実施時期, end year, name, 主な取組 of an item the section answered last year too (said nothing)
    ("bundled", "retimed", 2027, "人事行政課",
     ["1-1-2 アナログ規制改革の推進（押印の見直し）: 終了年度 令和12年度まで → 令和10年度まで",
      "1-1-2 アナログ規制改革の推進（押印の見直し）: 主な取組が変わりました（取組状況シートの「推進内容・主な取組」の欄のとおり）"]),
    ("bundled", "retimed", 2027, "財政課",
     ["2-2-9 公共施設等総合管理推進事業: 実施時期 令和9～10年度 見直し（主な取組ごとの年度を示しました）"]),
    ("retimed", "bundled", 2027, "財政課",
     ["2-2-9 公共施設等総合管理推進事業: 実施時期 主な取組ごとの年度はなくなりました（前は 令和9～10年度 見直し）"]),
    ("bundled", "retimed", 2027, "DX推進課",
     ["1-1-3 キャッシュレス決済の拡大: 名称 キャッシュレス決済の利用拡大 → キャッシュレス決済の拡大"]),
    ("retimed", "retimed", 2028, "財政課", []),  # the year after: nothing new
    # an item (a KPI) ended by one revision and taken up again by a later one is not said to begin
    ("r2027", "reopened", 2029, "財政課", ["1-1-4 電子入札制度の運用拡大: 令和11年度から再び取り組む改革項目です（令和8年度で終了していました）"]),
    ("kpi_retired", "kpi_reopened", 2029, "財政課",
     ["K09 ネーミングライツ付与施設数: 令和11年度から再び報告する KPI です（令和9年度で報告を終了していました）"]),
])
def test_what_changed_for_a_section(plans, before, after, year, section, expected):
    assert year_changes(plans[before], plans[after], year, section) == expected


@pytest.fixture
def office(workdir):
    for year in (2027, 2028):
        (workdir / f"r{year}.yaml").write_text(fy.revised_yaml(year), encoding="utf-8")
    return workdir


def _guide_change(folder, plan, year: int, section: str) -> str | None:
    ws = openpyxl.load_workbook(folder / outputs.template(plan.words, year, section))[layout.SHEET_GUIDE]
    return next((r[2] for r in ws.iter_rows(values_only=True) if r[1] == "計画の見直し"), None)


def test_templates_of_the_year_after_a_revision_say_what_changed(office, capsys):
    assert main(["templates", "--year", "R8", "--out", "t8"]) == 0
    plan8 = ledger_plan(office / "x.db", None) or _plan(bundled_plan_text())
    fy.fill_all(plan8, office / "t8", office / "in8", 2026)
    assert main(["merge", "in8", "--year", "R8", "--out", "out8"]) == 0
    assert _guide_change(office / "t8", plan8, 2026, "財政課") is None
    assert main(["plan", "import", "r2027.yaml"]) == 0
    assert main(["plan", "import", "r2028.yaml"]) == 0
    assert main(["templates", "--year", "R9", "--out", "t9"]) == 0
    assert main(["templates", "--year", "R10", "--out", "t10"]) == 0
    capsys.readouterr()
    plan9, plan10 = (ledger_plan(office / "reform.db", None, y) for y in (2027, 2028))
    nine = _guide_change(office / "t9", plan9, 2027, "財政課")
    assert nine == f"令和8年度の調査票から、次の点が変わりました（計画の見直し: 版 2027-03、令和9年度から）。\n・{ENDED}"
    assert _guide_change(office / "t9", plan9, 2027, fy.NEW_NAME).endswith(f"\n・{RENAMED}")
    ten = _guide_change(office / "t10", plan10, 2028, "財政課")
    assert ten.endswith(f"\n・{ADDED}\n・{KPI_ADDED}") and "版 2028-03、令和10年度から" in ten
    assert _guide_change(office / "t10", plan10, 2028, "特命担当").endswith(f"\n・{RETARGETED}")


@pytest.mark.parametrize("moves, sections, section, first", [
    ([(2027, "市民課", "窓口課"), (2027, "市民課", "戸籍課")], ["窓口課", "戸籍課"], "戸籍課",
     "組織改正: 令和9年度から市民課は窓口課・戸籍課に分かれました（令和8年度の回答は市民課のものです）"),
    ([(2027, "税務課", "財政課")], [], "財政課",  # into a section that was there: merged, not renamed
     "組織改正: 令和9年度から税務課は財政課に統合されました（令和8年度の回答はそれぞれの課のものです）"),
    ([(2027, "税務課", "財政課")], [], "市民課", None),  # not this section's
    ([(2028, "税務課", "収納課")], ["収納課"], "収納課", None),  # not this year's
])
def test_a_reorganisation_of_the_year_is_said_first(plan, moves, sections, section, first):
    import dataclasses

    from reform_xlsx.plan.model import SectionMove

    gone = {m[1] for m in moves}
    after = dataclasses.replace(plan, moves=tuple(SectionMove(*m) for m in moves),
                                sections=tuple(s for s in plan.sections if s not in gone) + tuple(sections))
    lines = year_changes(plan, after, 2027, section)
    assert (lines[0] if lines and lines[0].startswith("組織改正") else None) == first


def _large_plan(sections: int):
    import sys
    from pathlib import Path

    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from large_plan import large_plan_text
    finally:
        sys.path.remove(benchmarks)
    return _plan(large_plan_text(sections))


def test_each_sections_changes_look_at_its_own_rows_not_the_whole_plan(monkeypatch):
    """year_changes walked every item and KPI of the plan, and followed every section through the moves, for each
    section's form: ``templates`` of a 1,000-section plan grew with its square. Counted, not timed."""
    from reform_xlsx.plan.model import Item, Kpi
    from reform_xlsx.templates import changes

    plan = _large_plan(80)
    calls = {"active": 0, "successors": 0}

    def counted(original, key):
        def call(*args, **kwargs):
            calls[key] += 1
            return original(*args, **kwargs)
        return call

    monkeypatch.setattr(Item, "active_in", counted(Item.active_in, "active"))
    monkeypatch.setattr(Kpi, "active_in", counted(Kpi.active_in, "active"))
    monkeypatch.setattr(changes, "successors", counted(changes.successors, "successors"))
    for section in plan.sections:
        assert year_changes(plan, plan, plan.start_year + 1, section) == []
    own = sum(len(plan.items_for(s)) + len(plan.kpis_for(s)) for s in plan.sections)
    assert calls["active"] <= 3 * own  # (each section's own rows; the whole plan per section was 80 × 280)
    assert calls["successors"] == 0  # a plan without moves follows no section


def test_a_reorganised_section_is_still_told_with_its_former_sections_rows(plans):
    """The same lines as before the look-ups were made per section: a rename and a merge (five_years' revisions)."""
    assert RENAMED in year_changes(plans["bundled"], plans["r2027"], 2027, "収納課")
    assert MERGED in year_changes(plans["r2029"], plans["r2029"], 2029, "政策推進課")
