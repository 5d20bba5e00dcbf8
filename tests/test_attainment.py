"""Attainment maths (docs/report.md), table-driven, with the worked examples."""

from __future__ import annotations

import dataclasses

import pytest

from reform_xlsx.plan.attainment import judge, kpi_attainment, progress
from reform_xlsx.plan.model import Judgement

E8 = 1 / 3  # 期待進捗 in R8: (8 − 6)/(12 − 6)

# (case, baseline, target, direction, actual, expected e, progress p, 判定)
CASES = [
    ("PPC 629万→560万, a=610万", 6_290_000, 5_600_000, "減少", 6_100_000, E8, 0.27536, "概ね順調"),
    ("超過勤務 85→40, a=70", 85, 40, "減少", 70, E8, 0.33333, "順調"),
    ("LED(累計) 303→495, a=350", 303, 495, "増加", 350, E8, 0.24479, "遅れ"),
    ("ふるさと納税 1.5億→2.5億, a=1.8億", 150_000_000, 250_000_000, "増加", 180_000_000, E8, 0.30, "概ね順調"),
    ("rate 24%→30%, a=30% (達成)", 0.24, 0.30, "増加", 0.30, E8, 1.0, "達成"),
    ("rate beyond target", 0.24, 0.30, "増加", 0.35, E8, 1.83333, "達成"),
    ("decrease beyond target", 85, 40, "減少", 30, E8, 1.22222, "達成"),
    ("went the wrong way", 85, 40, "減少", 90, E8, -0.11111, "遅れ"),
    ("0.8·e exactly", 0, 300, "増加", 80, E8, 0.26667, "概ね順調"),
    ("just under 0.8·e", 0, 300, "増加", 79, E8, 0.26333, "遅れ"),
    ("R12, e = 1: on track needs 達成", 0.5, 0.6, "増加", 0.59, 1.0, 0.9, "概ね順調"),
    ("未報告", 85, 40, "減少", None, E8, None, "未報告"),
    ("維持目標 増加, a on side", 0.9, 0.9, "増加", 0.92, E8, None, "達成"),
    ("維持目標 増加, a equal", 0.9, 0.9, "増加", 0.9, E8, None, "達成"),
    ("維持目標 増加, a below", 0.9, 0.9, "増加", 0.88, E8, None, "遅れ"),
    ("維持目標 減少, a on side", 100, 100, "減少", 95, E8, None, "達成"),
    ("維持目標 減少, a above", 100, 100, "減少", 101, E8, None, "遅れ"),
    ("維持目標 未報告", 100, 100, "減少", None, E8, None, "未報告"),
]


@pytest.mark.parametrize("case,b,t,direction,a,e,p,verdict", CASES, ids=[c[0] for c in CASES])
def test_progress_and_judgement(case, b, t, direction, a, e, p, verdict):
    got = progress(a, b, t)
    if p is None:
        assert got is None
    else:
        assert got == pytest.approx(p, abs=5e-6)
    assert judge(a, b, t, direction, e) == verdict


def test_thresholds_come_from_the_plan():
    strict = Judgement(achieved=1.0, on_track=1.2, mostly_on_track=1.0)
    # p = 1/3 = e: 順調 with the defaults, only 概ね順調 when 順調 needs 1.2·e.
    assert judge(70, 85, 40, "減少", E8) == "順調"
    assert judge(70, 85, 40, "減少", E8, strict) == "概ね順調"


# The worked examples of docs/report.md against the bundled plan's KPIs (R8).
PLAN_CASES = [
    ("K12", 6_100_000, 6_060_000, 0.2754, "概ね順調"),
    ("K11", 70, 70, 0.3333, "順調"),
    ("K13", 350, 367, 0.2448, "遅れ"),
    ("K10", 180_000_000, 183_333_333.33, 0.30, "概ね順調"),
    ("K01", None, 0.26, None, "未報告"),
]


@pytest.mark.parametrize("kpi_id,actual,year_target,p,verdict", PLAN_CASES)
def test_kpi_attainment_with_the_bundled_plan(plan, kpi_id, actual, year_target, p, verdict):
    got = kpi_attainment(plan, plan.kpi(kpi_id), 2026, actual)
    assert got.expected == pytest.approx(E8)
    assert got.year_target == pytest.approx(year_target, rel=1e-6)
    assert got.planned_target is False
    assert got.judgement == verdict
    assert got.progress == (None if p is None else pytest.approx(p, abs=5e-5))


def test_the_plans_own_year_target_wins(plan):
    kpi = dataclasses.replace(plan.kpi("K11"), yearly_targets={2026: 75})
    got = kpi_attainment(plan, kpi, 2026, 70)
    assert (got.year_target, got.planned_target) == (75, True)
    assert kpi_attainment(plan, kpi, 2027, 70).year_target == pytest.approx(62.5)
