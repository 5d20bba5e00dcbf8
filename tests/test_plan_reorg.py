"""Reorganisations (組織改正): what a section became, the events people read, answers of earlier years
under the sections the plan has now (pure functions, table-driven)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from reform_xlsx.plan import reorg
from reform_xlsx.plan.model import SectionMove
from reform_xlsx.records import Answer, answers_frame

RENAMED = (SectionMove(2027, "税務課", "収納課"),)
MERGED = (SectionMove(2029, "DX推進課", "政策推進課"), SectionMove(2029, "秘書政策課", "政策推進課"))
SPLIT = (SectionMove(2028, "市民課", "窓口課"), SectionMove(2028, "市民課", "戸籍課"))
CHAIN = RENAMED + (SectionMove(2029, "収納課", "財務課"),)
MERGED_THEN_SPLIT = (SectionMove(2028, "収納課", "財源確保課"), SectionMove(2028, "特命担当", "財源確保課"),
                     SectionMove(2029, "財源確保課", "納税課"), SectionMove(2029, "財源確保課", "寄附推進課"))
# 市民課 split (R10), then one of its parts merged with another section (R12) or renamed (R11)
SPLIT_THEN_PART_MERGED = SPLIT + (SectionMove(2030, "戸籍課", "市民窓口課"), SectionMove(2030, "総務課", "市民窓口課"))
SPLIT_THEN_PART_RENAMED = SPLIT + (SectionMove(2029, "窓口課", "市民サービス課"),)


@pytest.mark.parametrize("moves, name, after, expected", [
    ((), "税務課", None, ("税務課",)),
    (RENAMED, "税務課", None, ("収納課",)),
    (RENAMED, "税務課", 2026, ("収納課",)),  # an R8 answer: renamed since
    (RENAMED, "税務課", 2027, ("税務課",)),  # nothing after R9
    (RENAMED, "財政課", None, ("財政課",)),
    (MERGED, "秘書政策課", None, ("政策推進課",)),
    (SPLIT, "市民課", None, ("窓口課", "戸籍課")),
    (CHAIN, "税務課", None, ("財務課",)),  # followed to the end
    (CHAIN, "税務課", 2027, ("税務課",)),  # in R9 it was 収納課 already: no 税務課 of R9 to follow
    (CHAIN, "収納課", 2027, ("財務課",)),
])
def test_successors(moves, name, after, expected):
    assert reorg.successors(moves, name, after) == expected


@pytest.mark.parametrize("moves, name, moved, split", [
    (RENAMED, "税務課", "収納課", ()),
    (MERGED, "DX推進課", "政策推進課", ()),
    (SPLIT, "市民課", "市民課", ("窓口課", "戸籍課")),  # a split has no one answer
    (CHAIN, "税務課", "財務課", ()),
])
def test_moved_name_and_split(moves, name, moved, split):
    assert (reorg.moved_name(moves, name), reorg.split_into(moves, name)) == (moved, split)


@pytest.mark.parametrize("moves, expected", [
    (RENAMED, [("税務課 → 収納課（令和9年度から名称変更）", reorg.RENAME)]),
    (MERGED, [("DX推進課・秘書政策課 → 政策推進課（令和11年度から統合）", reorg.MERGE)]),
    (SPLIT, [("市民課 → 窓口課・戸籍課（令和10年度から分割）", reorg.SPLIT)]),
    (RENAMED + MERGED, [("税務課 → 収納課（令和9年度から名称変更）", reorg.RENAME),
                        ("DX推進課・秘書政策課 → 政策推進課（令和11年度から統合）", reorg.MERGE)]),
])
def test_reorganisations_as_events(moves, expected):
    assert [(r.text, r.kind) for r in reorg.reorganisations(moves)] == expected


def _answer(year, section, kind, id_, value="A"):
    return Answer(year, section, kind, id_, "grade" if kind == "item" else "actual", value, None, "f", "s", "A1")


def test_earlier_answers_are_attributed_to_the_sections_of_now(plan):
    """税務課 → 収納課 (R9), 市民課 split into 窓口課 and 戸籍課 (R10): each earlier answer goes to the
    section that answers for its item (or owns its KPI) now; later answers and other sections stay."""
    items = {i.id: i for i in plan.items}
    moved_items = (replace(items["1-1-3"], sections=("DX推進課", "収納課", "窓口課")),
                   replace(items["1-1-5"], sections=("戸籍課",)))
    areas = tuple(replace(a, categories=tuple(replace(c, items=tuple(
        next((m for m in moved_items if m.id == i.id), i) for i in c.items)) for c in a.categories))
        for a in plan.areas)
    kpis = tuple(replace(k, owner="窓口課") if k.id == "K01" else k for k in plan.kpis)
    now = replace(plan, areas=areas, kpis=kpis, moves=RENAMED + SPLIT)
    answers = answers_frame([
        _answer(2026, "税務課", "item", "1-1-3"), _answer(2026, "市民課", "item", "1-1-3"),
        _answer(2026, "市民課", "item", "1-1-5"), _answer(2026, "市民課", "kpi", "K01", 0.1),
        _answer(2027, "税務課", "item", "1-1-3"),  # (a file of R9 on an old template: attributed on reading)
        _answer(2028, "窓口課", "item", "1-1-3"), _answer(2026, "財政課", "item", "1-1-4")])
    got = reorg.attribute(now, answers)
    assert list(zip(got["year"], got["section"], got["id"])) == [
        (2026, "収納課", "1-1-3"), (2026, "窓口課", "1-1-3"), (2026, "戸籍課", "1-1-5"), (2026, "窓口課", "K01"),
        (2027, "税務課", "1-1-3"), (2028, "窓口課", "1-1-3"), (2026, "財政課", "1-1-4")]
    assert list(answers["section"])[0] == "税務課"  # the table given is left as it was
    assert reorg.attribute(plan, answers) is answers  # no reorganisation: nothing to do
    assert reorg.attribute(now, None) is None
    assert reorg.attribute(now, pd.DataFrame(columns=answers.columns)).empty


@pytest.mark.parametrize("moves, section, expected", [
    (SPLIT, "市民課", "課名「市民課」は計画の担当課にありません。市民課は令和10年度から窓口課・戸籍課に分かれています。"
                      "窓口課・戸籍課に配布した調査票を使ってください。"),
    (MERGED, "秘書政策課", "課名「秘書政策課」は計画の担当課にありません。秘書政策課は令和11年度から政策推進課に"
                          "統合されています。政策推進課に配布した調査票を使ってください。"),
    (CHAIN, "税務課", "課名「税務課」は計画の担当課にありません。税務課は令和9年度から財務課になっています。"
                      "財務課に配布した調査票を使ってください。"),
    (SPLIT, "総務課", "課名「総務課」は計画の担当課にありません。配布した調査票を使ってください。"),  # no plan had it
    # a chain of different kinds says each step (it said 「令和10年度から納税課・寄附推進課に統合されています」)
    (MERGED_THEN_SPLIT, "特命担当", "課名「特命担当」は計画の担当課にありません。特命担当は令和10年度から財源確保課に統合され、"
                                    "令和11年度から納税課・寄附推進課に分かれています。納税課・寄附推進課に配布した調査票を使って"
                                    "ください。"),
    (RENAMED + MERGED_THEN_SPLIT, "税務課", "課名「税務課」は計画の担当課にありません。税務課は令和9年度から収納課になり、"
                                           "令和10年度から財源確保課に統合され、令和11年度から納税課・寄附推進課に分かれて"
                                           "います。納税課・寄附推進課に配布した調査票を使ってください。"),
    # a step that changed one part of what the section became names that part (it said 「令和12年度から窓口課・市民窓口課
    # に統合されています」: 窓口課 merged into nothing)
    (SPLIT_THEN_PART_MERGED, "市民課", "課名「市民課」は計画の担当課にありません。市民課は令和10年度から窓口課・戸籍課に分かれ、"
                                       "令和12年度から戸籍課が市民窓口課に統合されています。窓口課・市民窓口課に配布した調査票を"
                                       "使ってください。"),
    (SPLIT_THEN_PART_RENAMED, "市民課", "課名「市民課」は計画の担当課にありません。市民課は令和10年度から窓口課・戸籍課に分かれ、"
                                        "令和11年度から窓口課が市民サービス課になっています。市民サービス課・戸籍課に配布した"
                                        "調査票を使ってください。"),
])
def test_a_former_sections_form_names_the_sections_of_now(plan, moves, section, expected):
    """M005 on a form of a section a reorganisation replaced (one M009 does not take: another year's form, say)."""
    from reform_xlsx.form import layout
    from reform_xlsx.intake.identify import check

    gone = {m.old for m in moves}
    now = replace(plan, sections=tuple(dict.fromkeys(s for s in (*plan.sections, *(m.new for m in moves))
                                                     if s not in gone)), moves=moves)
    values = {layout.META_FORMAT_VERSION: layout.FORMAT_VERSION, layout.META_PLAN_ID: plan.id,
              layout.META_PLAN_VERSION: plan.version, layout.META_FISCAL_YEAR: "R11", layout.META_SECTION: section}
    _, problems = check(values, now, 2029, "f.xlsx")
    assert [(p.code, p.message) for p in problems] == [("M005", expected)]
