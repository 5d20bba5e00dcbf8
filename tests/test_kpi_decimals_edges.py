"""Edges of a KPI's decimals (:attr:`Kpi.decimals`) the first cases did not reach.

- A plan figure of eight or more digits with a fraction (98,765,432.1千円) read as three decimals: its float carries
  noise past the ninth decimal (98765432.099999994), where the figure was read; a spreadsheet reads 15 digits.
- The chart's value axis of a KPI whose plotted figures are all one (a 維持目標 of 100% met each year, a count
  of 50.5時間 kept) or all below zero went to the KPI's decimals (「0.0%」「20.0%」 … 「100.0%」) though its steps
  are whole: the axis decided its decimals on other bounds than the ones :func:`value_axis` draws.
- The form's input message of a count the plan gives in hundredths or thousandths said 「小数第1位まで表示します」; a
  yen KPI below zero took fractions in the cell's rule that the intake then refused (V004 「円の整数で」).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from reform_xlsx.form.content import Row
from reform_xlsx.report.kpi_trend import _axis_scale, axis_step, value_axis
from reform_xlsx.templates.validation import actual_validation


@pytest.mark.parametrize("kind, baseline, target, decimals", [
    ("count", 98_765_432.1, 99_000_000, 1),
    ("count", 123_456_789.25, 130_000_000, 2),
    ("count", 1_234_567_890.5, 1_300_000_000, 1),
    ("count", 0.1 + 0.2, 1, 1),  # 0.30000000000000004
    ("rate", 0.1 + 0.2, 0.5, 1),
    ("rate", 0.8250000000000001, 0.9, 1),
    ("count", 0.0001, 1, 3),  # four decimals: at most three
])
def test_float_noise_never_adds_decimals(plan, kind, baseline, target, decimals):
    kpi = replace(plan.kpi("K09"), kind=kind, baseline=baseline, target=target, yearly_targets={},
                  unit="%" if kind == "rate" else "千円")
    assert kpi.decimals == decimals


@pytest.mark.parametrize("kind, plotted, fmt", [
    ("rate", [1.0, 1.0, 1.0], "0%"),  # 100% kept: the axis runs 0%–100% in whole steps
    ("rate", [0.8, 0.8], "0%"),
    ("count", [50.5, 50.5], "#,##0"),
    ("count", [-3.0, -1.5], "#,##0"),  # drawn from -3 to 0, as [1.5, 3] from 0 to 3
    ("count", [1.5, 3.0], "#,##0"),
    ("count", [-0.005, -0.001], "#,##0.000"),  # tiny: the KPI's own decimals
    ("rate", [0.82, 0.83], "0.0%"),
])
def test_the_axis_decimals_follow_the_axis_drawn(plan, kind, plotted, fmt):
    kpi = replace(plan.kpi("K09"), kind=kind, baseline=-0.005 if kind == "count" else 0.825, target=0.001,
                  yearly_targets={}, unit="%" if kind == "rate" else "件")
    assert _axis_scale(kpi, 1, plotted)[0] == fmt
    bottom, top, step = value_axis(plotted, axis_step(fmt))
    assert bottom <= min(plotted) and top >= max(plotted)


@pytest.mark.parametrize("baseline, target, said", [
    (180.5, 200, "小数第1位"), (12.25, 20, "小数第2位"), (0.005, 0.001, "小数第3位"),
])
def test_the_input_message_names_the_decimals_the_cell_shows(plan, baseline, target, said):
    kpi = replace(plan.kpi("K09"), kind="count", baseline=baseline, target=target, yearly_targets={}, unit="件")
    fine = replace(plan, kpis=tuple(kpi if k.id == kpi.id else k for k in plan.kpis))
    rule = actual_validation(fine, 2026, Row(id=kpi.id, values={}, kind="count"))
    assert said in rule["input_message"]


def test_a_yen_kpi_below_zero_takes_whole_yen_only(plan):
    kpi = replace(plan.kpi("K09"), kind="yen", unit="円", baseline=-50_000_000, target=0, yearly_targets={})
    assert kpi.below_zero
    fine = replace(plan, kpis=tuple(kpi if k.id == kpi.id else k for k in plan.kpis))
    rule = actual_validation(fine, 2026, Row(id=kpi.id, values={}, kind="yen"))
    assert rule["validate"] == "integer" and rule["minimum"] < 0
