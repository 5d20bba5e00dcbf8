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
    # p half a millionth under the threshold: ROUND(p, 6) of Excel and LibreOffice rounds it up onto the threshold
    # (Python's round gave 0.499999 from the binary 0.49999949…: 概ね順調 cached, 順調 once the sheet recalculates)
    ("ROUND as the sheet: p = e − 0.0000005", 150_000_000, 250_000_000, "増加", 199_999_950, 0.5, 0.4999995, "順調"),
    ("ROUND as the sheet: p = 0.8·e − 0.0000005", 0, 2_000_000, "増加", 533_333, E8, 0.2666665, "概ね順調"),
    ("ROUND as the sheet: p = 0.8 − 0.0000005 (R12)", 0, 2_000_000, "増加", 1_599_999, 1.0, 0.7999995, "概ね順調"),
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


# A KPI without a baseline in the plan, measured from its first report (docs/report.md 「基準値のない KPI」):
# (case, first reported actual b, target, direction, actual, e, progress, 判定)
MEASURED = [
    ("its first year: p = e = 0", 3, 12, "増加", 3, 0.0, 0.0, "順調"),
    ("its first year, target already met", 14, 12, "増加", 14, 0.0, None, "達成"),
    ("later, on track (p = e = 1/3)", 3, 12, "増加", 6, 1 / 3, 1 / 3, "順調"),
    ("later, 概ね順調 (p = 0.8·e)", 3, 12, "増加", 5.4, 1 / 3, 0.26667, "概ね順調"),
    ("later, behind", 3, 12, "増加", 4, 1 / 3, 0.11111, "遅れ"),
    ("later, target reached", 3, 12, "増加", 12, 1 / 3, 1.0, "達成"),
    ("a decrease, reached", 50, 40, "減少", 39, 2 / 3, 1.1, "達成"),
    ("was at the target, fell back", 14, 12, "増加", 11, 1 / 3, None, "遅れ"),
    ("not reported this year", 3, 12, "増加", None, 1 / 3, None, "未報告"),
]


@pytest.mark.parametrize("case,b,t,direction,a,e,p,verdict", MEASURED, ids=[c[0] for c in MEASURED])
def test_a_kpi_measured_from_its_first_report(case, b, t, direction, a, e, p, verdict):
    from reform_xlsx.plan.attainment import judge_measured, progress_measured

    got = progress_measured(a, b, t, direction)
    assert got == (None if p is None or a is None else pytest.approx(p, abs=5e-6))
    assert judge_measured(a, b, t, direction, e) == verdict


def test_attainment_without_a_baseline_runs_from_the_first_reported_year(plan):
    kpi = dataclasses.replace(plan.kpi("K11"), baseline=None, target=40)  # 減少, plan R8–R12
    nothing = kpi_attainment(plan, kpi, 2026, None)  # never reported: no baseline, no 年度目標値
    assert (nothing.judgement, nothing.baseline, nothing.year_target) == ("未報告", None, None)
    first = kpi_attainment(plan, kpi, 2027, 80)  # first reported in R9: its baseline year
    assert (first.baseline, first.base_year, first.expected, first.progress, first.judgement) == (80, 2027, 0, 0, "順調")
    later = kpi_attainment(plan, kpi, 2029, 55, first=(2027, 80))  # e = (11 − 9)/(12 − 9)
    assert later.expected == pytest.approx(2 / 3) and later.progress == pytest.approx(25 / 40)
    assert later.year_target == pytest.approx(80 - 40 * 2 / 3) and later.judgement == "概ね順調"  # 0.8·e ≤ p < e
    assert kpi_attainment(plan, kpi, 2029, 60, first=(2027, 80)).judgement == "遅れ"  # p = 0.5 < 0.8·e
    assert kpi_attainment(plan, kpi, 2030, 60, first=(2030, 60)).expected == 1.0  # first in the final year


def test_the_last_years_target_is_the_plans_own_not_a_reference(plan):
    """令和12年度's 年度目標値 is the plan's 目標値 itself: it was labelled 「参考（按分）」 in the packet and CSV."""
    kpi = next(k for k in plan.kpis if not k.yearly_targets and k.baseline is not None)
    last = kpi_attainment(plan, kpi, plan.end_year, kpi.target)
    assert (last.planned_target, last.year_target) == (True, kpi.target)
    assert kpi_attainment(plan, kpi, plan.end_year - 1, kpi.target).planned_target is False


def test_the_last_years_target_stands_for_a_kpi_without_a_baseline_never_reported(plan):
    """A KPI without a plan baseline, never reported: its last year's 年度目標値 is still the plan's 目標値 (it was
    None, labelled the plan's own, and the final-year packet stopped with 「must be real number, not NoneType」)."""
    kpi = dataclasses.replace(plan.kpi("K11"), baseline=None, target=40)
    last = kpi_attainment(plan, kpi, plan.end_year, None)
    assert (last.year_target, last.planned_target, last.judgement) == (40, True, "未報告")
    assert kpi_attainment(plan, kpi, plan.end_year - 1, None).year_target is None  # no base yet: nothing to work out


def test_the_final_packet_of_a_plan_with_a_kpi_never_reported_and_without_a_baseline(tmp_path):
    """南山市's M4 (no baseline) never reported, its section's only file rejected: `report --final` crashed."""
    import openpyxl

    from reform_xlsx.merge import rebuild_report, run_merge
    from reform_xlsx.templates import write_templates
    from second_plan import second_plan

    plan = second_plan()
    assert plan.kpi("M4").baseline is None
    (form,) = write_templates(plan, plan.start_year, tmp_path / "t", ["財政課"])
    run_merge([form], plan, plan.start_year, db=tmp_path / "r.db", out=tmp_path / "o")  # blank: rejected
    report = rebuild_report(plan, plan.end_year, db=tmp_path / "r.db", out=tmp_path / "final", final=True)
    ws = openpyxl.load_workbook(report.outputs["meeting"])["KPI達成状況"]
    row = next(r for r in ws.iter_rows(values_only=True) if "M4" in r)
    assert 12 in row and any("未報告" in str(v) for v in row), row
