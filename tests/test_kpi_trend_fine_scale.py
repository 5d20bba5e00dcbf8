"""A KPI chart of 「KPI推移」 for a KPI whose figures are all within one unit — 不具合発生率 0.005 → 0.001 件/千件,
未収金の割合 0.001 % → 0 % — gets a value axis in its figures' decimals (0.000, 0.001, 0.002), not 0 to 1 in whole
numbers with every point flat on the floor and their labels run together (「0.001%0.001%」). A KPI whose figures span
whole units keeps its whole-number axis, whatever decimals its figures have."""

from __future__ import annotations

import pytest

from reform_xlsx.plan.model import Kpi
from reform_xlsx.report.kpi_trend import _axis_scale, axis_step, value_axis


def _kpi(kind: str, unit: str, baseline: float, target: float) -> Kpi:
    return Kpi("X01", "1-1-1", "指標", kind, unit, "減少" if target < baseline else "増加", False, baseline, target, "財政課")


@pytest.mark.parametrize(("kind", "unit", "baseline", "target", "plotted", "fmt", "major"), [
    ("count", "件/千件", 0.005, 0.001, [0.005, 0.003, 0.002], "#,##0.000", 0.002),
    ("rate", "%", 0.00001, 0.0, [0.00001, 0.000005, 0.0], "0.000%", 0.00001),
    ("count", "件", 0.5, 0.2, [0.5, 0.4, 0.3], "#,##0.0", 0.2),
    ("count", "時間", 180.5, 150, [180.5, 170.5, 160], "#,##0", 10),  # spans whole units: as before
    ("rate", "%", 0.9, 0.9999, [0.9, 0.95, 0.9999], "0%", 0.05),  # 90% → 99.99%: whole percents
    ("rate", "%", 0.24, 0.3, [0.24, 0.26], "0%", 0.01),
    ("count", "件", 120, 0, [120, 60, 0], "#,##0", 50),
])
def test_a_fine_kpi_is_charted_on_an_axis_in_its_decimals(kind, unit, baseline, target, plotted, fmt, major):
    kpi = _kpi(kind, unit, baseline, target)
    found, _ = _axis_scale(kpi, 1, plotted)
    assert found == fmt
    bottom, top, step = value_axis(plotted, axis_step(found))
    assert step == pytest.approx(major)
    assert (top - bottom) / step <= 6  # a handful of gridlines, the points spread over them


def test_the_least_step_of_a_format_with_decimals():
    assert [axis_step(f) for f in ("0%", "#,##0", "#,##0,", "0.0%", "0.000%", "#,##0.0", "#,##0.000")] == \
        pytest.approx([0.01, 1, 1000, 0.001, 0.00001, 0.1, 0.001])
