"""A ledger kept over a change of rule: a KPI that gives no years of its own now has its item's years (before: the
plan's period). A plan whose item starts in 令和10年度 (or ends in 令和8年度) had the older reform-xlsx ask its KPI on
every form; the ledger holds those 実績値, and KPI達成状況, KPI推移 and 計画期間の総括 left them out without a word
(found by merging 令和8年度 with the commit before the rule changed, then reporting with today's). They are said now
(R009: the KPI, the years, the sections, the sheets, what to revise), and the ledger's answers are not changed."""

from __future__ import annotations

import copy
import datetime as dt

import pandas as pd
import pytest

from reform_xlsx.plan.builders import build_plan
from reform_xlsx.records import STATUS_COLUMNS, Answer, answers_frame
from reform_xlsx.report import consolidate
from reform_xlsx.report.model import ReportData
from test_plan_checks import small_plan


def _plan(item: dict | None = None, kpi: dict | None = None, drop_k2: bool = False):
    data = small_plan()
    data["areas"][0]["categories"][0]["items"][1].update(item or {})
    data["kpis"][1].update(kpi or {})
    if drop_k2:
        data["kpis"] = data["kpis"][:1]
    return build_plan(copy.deepcopy(data), "test", lambda *a, **k: None).plan


def _answers(*years: int):
    return answers_frame([Answer(y, "財政課", "kpi", "K2", "actual", 70.0, "70", "f.xlsx", "KPI", "D5")
                          for y in years])


@pytest.mark.parametrize("item, kpi, drop, years, year, said", [
    ({"start": "R10"}, {}, False, (2026, 2027), 2027,                     # follows its item: the item's years to revise
     ("令和8年度・令和9年度", "改革項目 1-1-2 の実施年度（令和10年度～令和12年度）", "KPI達成状況・KPI推移",
      "改革項目 1-1-2 の開始年度・終了年度に令和8年度・令和9年度を含めます", "P033")),
    ({"end": "R8"}, {}, False, (2026, 2027), 2027,                        # the item ended: 令和9年度's is left out
     ("令和9年度", "改革項目 1-1-2 の実施年度（令和8年度）", "KPI達成状況・KPI推移", "（適用年度を令和9年度に）")),
    ({"start": "R10"}, {}, False, (2026,), 2027,                          # an earlier year only: not in KPI達成状況
     ("令和8年度の実績値", "KPI推移に載せていません")),
    ({}, {"start": "R10"}, False, (2026,), 2026,                          # the KPI's own years
     ("報告する年度は令和10年度～令和12年度", "KPI K2 の開始年度・終了年度に令和8年度を含めます")),
    ({}, {}, True, (2026,), 2026,                                         # a KPI no longer in the plan
     ("令和8年度の計画（版 1）にこの KPI がない", "KPI K2 を計画に戻します")),
])
def test_actuals_outside_the_kpis_years_are_said(item, kpi, drop, years, year, said):
    plan = _plan(item, kpi, drop)
    (found,) = consolidate.actuals_left_out(plan, _answers(*years), year)
    assert (found.code, found.extra["kpi"]) == ("R009", "K2")
    assert "財政課が報告し" in found.message
    for words in said:
        assert words in found.message
    if year not in years:
        assert "KPI達成状況" not in found.message


@pytest.mark.parametrize("item, years", [
    ({}, (2026, 2027)),                   # the plan's period
    ({"start": "R9"}, (2027, 2028)),      # inside its item's years
    ({"end": "R9"}, (2026, 2027)),
])
def test_actuals_in_the_kpis_years_are_not_said(item, years):
    assert consolidate.actuals_left_out(_plan(item), _answers(*years), max(years)) == []


def test_the_final_view_names_its_period_sheet_and_the_packet_carries_it():
    plan = _plan({"start": "R10"})
    answers = _answers(2026, 2028, 2030)
    data = ReportData.build(plan, 2030, answers, pd.DataFrame(columns=list(STATUS_COLUMNS)), created=dt.datetime(2031, 5, 1), final=True)
    (found,) = [p for p in data.problems if p.code == "R009"]
    assert "令和8年度の実績値" in found.message and "KPI推移・計画期間の総括に載せていません" in found.message
    assert "K2" in set(data.kpis["kpi_id"])  # its years' 実績値 are still reported
    assert len(answers) == 3  # nothing taken out of the answers given
