"""KPI attainment (docs/report.md, 「判定のしかた」): 進捗率, 期待進捗, 判定. Pure functions, no I/O.

- 進捗率 p = (a − b) / (t − b); one formula for both directions.
- 期待進捗 e and 年度目標値 come from :class:`reform_xlsx.plan.model.Plan` (the plan's own yearly
  target when it gives one, else b + (t − b)·e).
- 判定: 達成 if p ≥ achieved; 順調 if p ≥ on_track·e; 概ね順調 if p ≥ mostly_on_track·e;
  遅れ otherwise; 未報告 without an actual. 維持目標 (t = b): 達成 when a is on the target's
  side for the KPI's direction (増加: a ≥ t, 減少: a ≤ t), else 遅れ.
- A KPI the plan gives no baseline (``baseline: null``) is measured from the first year it is
  reported: that year's actual is its baseline b and that year its base, so e = (Y − Y₀)/(end − Y₀)
  (0 in the first year). 達成 when a is on the target's side; 遅れ when b already was but a is not;
  otherwise graded on p as above — in its first year p = e = 0, so 順調 (:func:`judge_measured`). Before its
  first report it has no 期待進捗 (None), as it has no baseline and no 年度目標値.

Comparisons are made on values rounded to :data:`COMPARE_DIGITS` decimals, the same as the
meeting workbook's 判定 formula (``ROUND(p, 6) >= ROUND(k*e, 6)``), so that Python, Excel and
LibreOffice agree when p lands exactly on a threshold (85→40, a = 70: p = e = 1/3). They are rounded as the
spreadsheet's ROUND rounds (:func:`reform_xlsx.rounding.as_shown`: half away from zero on 15 digits), never with
Python's ``round`` (half to even on the binary value: 1.5億→2.5億, a = 199,999,950 has p = 0.4999995, which ROUND makes
0.5 = e in 令和9年度 (順調) and ``round`` 0.499999 (概ね順調)).
"""

from __future__ import annotations

from dataclasses import dataclass

from reform_xlsx.plan.model import DECREASE, Judgement, Kpi, Plan
from reform_xlsx.rounding import as_shown

ACHIEVED, ON_TRACK, MOSTLY_ON_TRACK, BEHIND, NOT_REPORTED = "達成", "順調", "概ね順調", "遅れ", "未報告"
JUDGEMENTS = (ACHIEVED, ON_TRACK, MOSTLY_ON_TRACK, BEHIND, NOT_REPORTED)
COMPARE_DIGITS = 6


def progress(actual: float | None, baseline: float, target: float) -> float | None:
    """進捗率 p = (a − b)/(t − b); None without an actual or for a 維持目標 (t = b)."""
    if actual is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def judge(actual: float | None, baseline: float, target: float, direction: str,
          expected: float, thresholds: Judgement = Judgement()) -> str:
    """判定 for one KPI given its actual and the year's 期待進捗 ``expected``."""
    if actual is None:
        return NOT_REPORTED
    if target == baseline:
        on_side = actual <= target if direction == DECREASE else actual >= target
        return ACHIEVED if on_side else BEHIND
    p = as_shown(progress(actual, baseline, target), COMPARE_DIGITS)
    if p >= as_shown(thresholds.achieved, COMPARE_DIGITS):
        return ACHIEVED
    if p >= as_shown(thresholds.on_track * expected, COMPARE_DIGITS):
        return ON_TRACK
    if p >= as_shown(thresholds.mostly_on_track * expected, COMPARE_DIGITS):
        return MOSTLY_ON_TRACK
    return BEHIND


def judge_measured(actual: float | None, baseline: float, target: float, direction: str,
                   expected: float, thresholds: Judgement = Judgement()) -> str:
    """判定 for a KPI measured from its first reported year (``baseline``: that year's actual)."""
    if actual is None:
        return NOT_REPORTED
    if _reaches(actual, target, direction):
        return ACHIEVED
    if _reaches(baseline, target, direction):
        return BEHIND
    return judge(actual, baseline, target, direction, expected, thresholds)


def progress_measured(actual: float | None, baseline: float | None, target: float, direction: str) -> float | None:
    """進捗率 of a KPI measured from its first reported year; None when its baseline already
    reached the target (there is no way left to go)."""
    if baseline is None or _reaches(baseline, target, direction):
        return None
    return progress(actual, baseline, target)


def _reaches(value: float, target: float, direction: str) -> bool:
    return value <= target if direction == DECREASE else value >= target


@dataclass(frozen=True)
class Attainment:
    """One KPI's attainment in one year."""

    kpi_id: str
    year: int
    year_target: float  # 年度目標値
    planned_target: bool  # True when the plan file gives the year's target itself
    expected: float | None  # 期待進捗 e; None for a KPI without a baseline never reported (no year to count from)
    actual: float | None
    progress: float | None  # 進捗率 p
    judgement: str  # 判定
    baseline: float | None = None  # the baseline used (a KPI without one in the plan: its first actual)
    base_year: int | None = None  # the baseline's year (the plan's baseline_year, or the first reported)


def kpi_attainment(plan: Plan, kpi: Kpi, year: int, actual: float | None,
                   first: tuple[int, float] | None = None) -> Attainment:
    """Attainment of ``kpi`` in ``year`` with the plan's yearly target and thresholds.

    ``first``: for a KPI without a baseline in the plan, the first year it was reported (up to
    ``year``) and that year's actual; None when it has not been reported yet."""
    if kpi.baseline is not None:
        expected = plan.expected_progress(year)
        return Attainment(
            kpi_id=kpi.id, year=year, year_target=plan.year_target(kpi, year),
            planned_target=plan.gives_target(kpi, year), expected=expected, actual=actual,
            progress=progress(actual, kpi.baseline, kpi.target),
            judgement=judge(actual, kpi.baseline, kpi.target, kpi.direction, expected, plan.judgement),
            baseline=kpi.baseline, base_year=plan.baseline_year)
    if first is None and actual is not None:
        first = (year, actual)
    base_year, baseline = first if first is not None else (None, None)
    expected = plan.expected_progress(year, base_year) if base_year is not None else None
    return Attainment(
        kpi_id=kpi.id, year=year, year_target=plan.year_target(kpi, year, first),
        planned_target=plan.gives_target(kpi, year), expected=expected, actual=actual,
        progress=progress_measured(actual, baseline, kpi.target, kpi.direction),
        judgement=(NOT_REPORTED if baseline is None else
                   judge_measured(actual, baseline, kpi.target, kpi.direction, expected, plan.judgement)),
        baseline=baseline, base_year=base_year)
