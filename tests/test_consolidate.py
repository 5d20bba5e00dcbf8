"""Joining answers to the plan and rolling them up (pandas)."""

from __future__ import annotations

import pandas as pd
import pytest

from reform_xlsx.records import SectionStatus
from reform_xlsx.report import consolidate
from report_sample import DUPLICATE_KPI, LONG_TEXT, MISSING_SECTION, sample_answers, sample_status


@pytest.fixture(scope="module")
def answers(plan):
    return sample_answers(plan, (2026, 2027))


def test_every_item_with_each_of_its_sections_in_plan_order(plan, answers):
    items = consolidate.item_answers(plan, answers, 2026)
    expected = [(i.id, s) for i in plan.items for s in i.sections]
    assert list(zip(items["item_id"], items["section"])) == expected
    assert items["item_id"].nunique() == 36
    shared = items[items["item_id"] == "1-1-1"][["section", "grade", "result"]].values.tolist()
    assert shared == [["DX推進課", "B", LONG_TEXT], ["市民課", "A", "行政手続の簡素化、オンライン化の推進について、市民課で計画どおり取組を進めた。"]]
    missing = items[items["section"] == MISSING_SECTION]
    assert missing[["item_id", "answered", "grade", "result"]].values.tolist() == [["3-2-1", False, None, None]]


def test_an_answer_from_a_section_not_named_on_the_item_is_kept(plan, answers):
    extra = pd.DataFrame([{"year": 2026, "section": "市民課", "kind": "item", "id": "1-1-2",
                           "field": "grade", "value": "C"}])
    items = consolidate.item_answers(plan, pd.concat([answers, extra], ignore_index=True), 2026)
    rows = items[items["item_id"] == "1-1-2"][["section", "named", "grade"]].values.tolist()
    assert [r[:2] for r in rows] == [["人事行政課", True], ["市民課", False]]
    assert rows[1][2] == "C" and len(items) == 47


def test_kpi_uses_the_owners_actual_and_flags_a_different_value(plan, answers):
    kpis, problems = consolidate.kpi_results(plan, answers, 2026)
    k03 = kpis.set_index("kpi_id").loc["K03"]
    assert k03["actual"] == pytest.approx(0.13)
    assert k03["reported_by"] == "市民課、DX推進課"
    assert [(p.code, p.extra["kpi"]) for p in problems] == [("R001", "K03")]
    assert "13.0%" in k03["check"] and "14.0%" in k03["check"]
    assert kpis.set_index("kpi_id").loc["K01", "check"] == ""


@pytest.mark.parametrize("others,code,actual,verdict", [
    ([("DX推進課", 0.14)], "R002", 0.14, "順調"),
    ([("DX推進課", 0.14), ("税務課", 0.18)], "R003", None, "未報告"),
])
def test_kpi_without_the_owners_value(plan, answers, others, code, actual, verdict):
    rest = answers[~((answers["id"] == "K03") & (answers["field"] == "actual"))]
    extra = pd.DataFrame([{"year": 2026, "section": s, "kind": "kpi", "id": "K03", "field": "actual",
                           "value": v} for s, v in others])
    kpis, problems = consolidate.kpi_results(plan, pd.concat([rest, extra], ignore_index=True), 2026)
    k03 = kpis.set_index("kpi_id").loc["K03"]
    assert [p.code for p in problems] == [code]
    assert (k03["actual"] == pytest.approx(actual)) if actual else pd.isna(k03["actual"])
    assert k03["judgement"] == verdict


def test_kpi_judgements_for_the_worked_examples(plan, answers):
    kpis, _ = consolidate.kpi_results(plan, answers, 2026)
    got = kpis.set_index("kpi_id")["judgement"].to_dict()
    assert {k: got[k] for k in ("K10", "K11", "K12", "K13")} == {
        "K10": "概ね順調", "K11": "順調", "K12": "概ね順調", "K13": "遅れ"}


def test_rollup_counts_add_up_to_the_answers(plan, answers):
    items = consolidate.item_answers(plan, answers, 2026)
    kpis, _ = consolidate.kpi_results(plan, answers, 2026)
    roll = consolidate.rollup(plan, items, kpis).set_index("label")
    total = roll.loc[consolidate.TOTAL]
    r8 = answers[(answers["year"] == 2026) & (answers["kind"] == "item")]
    grades = r8[r8["field"] == "grade"]["value"].value_counts().to_dict()
    assert {g: total[g] for g in "ABCDE"} == {g: grades.get(g, 0) for g in "ABCDE"}
    assert total["effect_yen"] == r8[r8["field"] == "effect_yen"]["value"].sum()
    assert (total["rows"], total["answered"], total["unanswered"]) == (46, 45, 1)
    assert total["completeness"] == pytest.approx(45 / 46)
    assert total["kpis"] == 13 and sum(total[j] for j in ("達成", "順調", "概ね順調", "遅れ", "未報告")) == 13
    areas = roll.drop(index=consolidate.TOTAL)
    for col in ["A", "B", "C", "D", "E", "rows", "effect_yen", "kpis", "遅れ"]:
        assert areas[col].sum() == total[col], col
    assert areas["kpis"].tolist() == [8, 5, 0]


def test_trend_has_every_year_up_to_the_report_year(plan, answers):
    trend = consolidate.trend(plan, answers, 2027)
    assert trend["year"].tolist() == [2026, 2027]
    r8_items = consolidate.item_answers(plan, answers, 2026)
    r8_kpis, _ = consolidate.kpi_results(plan, answers, 2026)
    r8 = consolidate.rollup(plan, r8_items, r8_kpis).iloc[-1]
    assert trend.iloc[0]["A"] == r8["A"] and trend.iloc[0]["遅れ"] == r8["遅れ"]
    assert trend.iloc[1]["A"] != trend.iloc[0]["A"]  # R8 of a two-year sample is all 「A」
    assert consolidate.trend(plan, answers, 2026)["year"].tolist() == [2026]


def test_section_status_lists_every_section(plan):
    status = consolidate.section_status(plan, sample_status(plan), 2026)
    assert status["section"].tolist() == list(plan.sections)
    assert status.set_index("section")["status"].to_dict()[MISSING_SECTION] == SectionStatus.MISSING
    assert (status["status"] == SectionStatus.SUBMITTED).sum() == 10
    empty = consolidate.section_status(plan, sample_status(plan).iloc[0:0], 2026)
    assert set(empty["status"]) == {SectionStatus.MISSING}


def test_duplicate_kpi_constant_is_not_the_owner(plan):
    kpi_id, section, _ = DUPLICATE_KPI
    assert plan.kpi(kpi_id).owner != section


def test_unreported_kpis_stay_none_beside_reported_ones(plan, answers):
    # A KPI-owning section (財政課: K09, K12) that has not answered, while the others have.
    partial = answers[answers["section"] != "財政課"]
    kpis = consolidate.kpi_results(plan, partial, 2026)[0].set_index("kpi_id")
    assert kpis.loc["K09", "actual"] is None and kpis.loc["K09", "progress"] is None
    assert kpis.loc["K09", "judgement"] == "未報告"
    assert kpis.loc["K11", "actual"] == pytest.approx(70)
