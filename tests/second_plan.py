"""The second plan of the tests (tests/plans/minamiyama.yaml), deliberately unlike the bundled one,
and a year of returns for it.

南山市's 行財政改革実施計画 (fictional): 柱 → 施策 → 取組, five 柱, 推進本部 without 「会議」, long
grade labels, a period 平成30年度～令和3年度 (written 平成30年度 … 2021), an item without a
section yet (3-1-2), a KPI without a baseline (M4) and one with yearly targets in both eras (M1).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reform_xlsx.form import layout
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.plan.model import Plan
from reform_xlsx.templates.fill import fill_template

PLAN_FILE = Path(__file__).parent / "plans" / "minamiyama.yaml"
BUNDLED_WORDS = ("二本松市", "市政改革")  # no output made from the second plan may say these
MISSING = "健康福祉課"  # sends nothing in the first year
UNASSIGNED_ITEM = "3-1-2"
GRADES = ("A 実施（取組開始）", "B 一部実施（遅れあり）", "D 完了（目標達成）", "C 未実施（検討中）")
# What each KPI's owner types, per year: (text typed, value read).
ACTUALS = {
    2018: {"M1": ("4%", 0.04), "M2": ("95.5%", 0.955), "M3": (119000, 119000), "M4": (3, 3), "M5": ("1億円", 100_000_000)},
    2019: {"M1": ("13%", 0.13), "M2": ("95.6%", 0.956), "M3": (118500, 118500), "M4": (6, 6), "M5": (0, 0)},
}


@cache
def second_plan() -> Plan:
    plan, warnings = load_plan(PLAN_FILE)
    assert warnings == []
    return plan


def answers(plan: Plan, section: str, year: int, offset: int = 0) -> dict:
    """A section's answers for ``year``: grades in turn, a text per item, the KPIs it owns."""
    items = plan.items_for(section, year)
    found = {layout.SHEET_ITEMS: {i.id: {"進捗状況": GRADES[(n + offset) % len(GRADES)],
                                         "取組実績": f"{i.name}を進めた（{section}）。",
                                         "課題・今後の方針": "次の年度も続ける。"}
                                  for n, i in enumerate(items)}}
    if plan.kpis_for(section):
        found[layout.SHEET_KPI] = {k.id: {"実績値": ACTUALS[year][k.id][0], "算出根拠・備考": "年度末の実数"}
                                   for k in plan.kpis_for(section)}
    return found


def fill_year(plan: Plan, templates: list[Path], inbox: Path, year: int, skip: tuple[str, ...] = ()) -> list[Path]:
    """Every section's template filled (but ``skip``), in ``inbox``; returns the files."""
    inbox.mkdir(parents=True, exist_ok=True)
    written = []
    for n, path in enumerate(templates):
        section = path.stem.rsplit("_", 1)[1]
        if section not in skip:
            written.append(fill_template(path, answers(plan, section, year, n), inbox / path.name))
    return written
