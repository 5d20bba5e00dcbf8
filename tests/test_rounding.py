"""Texts that repeat a cell's figure round it as the spreadsheet shows the cell: half away from zero on
15 significant digits (Excel, LibreOffice and Gnumeric show 0.0625 under 0.0% as 6.3%, 62.5 under #,##0
as 63), never Python's half-to-even on the binary value (6.2%, 62)."""

from __future__ import annotations

import pytest

from reform_xlsx.plan.model import Kpi
from reform_xlsx.report.public import _number
from reform_xlsx.rounding import as_shown, fixed, percent


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (62.5, 0, 63.0), (63.5, 0, 64.0), (-62.5, 0, -63.0), (0.0625, 3, 0.063), (2.675, 2, 2.68),  # 2.675 is 2.67499… in binary
    (1.005, 2, 1.01), (0.1 + 0.2, 1, 0.3), (999_999_999_999_999.0, 0, 999_999_999_999_999.0), (1e20, 0, 1e20),
    (12.345, 1, 12.3), (0.0, 1, 0.0),
])
def test_as_shown(value, digits, shown):
    assert as_shown(value, digits) == shown


@pytest.mark.parametrize(("value", "digits", "thousands", "text"), [
    (62.5, 0, True, "63"), (1_234_567.25, 1, True, "1,234,567.3"), (1_234_567.25, 1, False, "1234567.3"),
    (-0.04, 1, True, "0.0"), (-0.4, 0, True, "0"), (2_000_024_025_284_016.0, 0, True, "2,000,024,025,284,020"),  # 15 digits, as a sheet shows it
])
def test_fixed(value, digits, thousands, text):
    assert fixed(value, digits, thousands=thousands) == text


@pytest.mark.parametrize(("fraction", "digits", "text"), [
    (0.0625, 1, "6.3%"), (1 / 6, 1, "16.7%"), (-0.0625, 1, "-6.3%"), (0.125, 0, "13%"), (0.625, 0, "63%"),
    (0.3, 1, "30.0%"), (-0.0001, 1, "0.0%"), (1.0, 0, "100%"), (0.00125, 2, "0.13%"),
])
def test_percent(fraction, digits, text):
    assert percent(fraction, digits) == text


def kpi(kind: str, unit: str, baseline: float, target: float) -> Kpi:
    return Kpi(id="K1", item_id="1-1-1", name="指標", kind=kind, unit=unit, direction="増加" if target > baseline
               else "減少", cumulative=False, baseline=baseline, target=target, owner="財政課")


@pytest.mark.parametrize(("made", "value", "shown", "text"), [
    (("count", "人", 85, 40), 62.5, 63, "63人"),  # K11's 年度目標値 in 令和9年度: 85 − 45 × 3/6
    (("rate", "%", 0.2, 0.5), 0.0625, 0.063, "6.3%"),
    (("yen", "円", 0, 1_000_000), 1_250_000.5, 1_250_001, "1,250,001円"),
    (("count", "件", 1.5, 3.5), 2.25, 2.3, "2.3件"),  # a plan with fractions: one decimal
])
def test_a_kpi_figure_in_text_is_the_figure_its_cell_shows(made, value, shown, text):
    k = kpi(*made)
    assert k.shown(value) == shown and k.display(value) == text


def test_a_public_csv_figure_is_the_figure_its_cell_shows():
    assert _number(6.25, 1) == "6.3" and _number(62.5, 0) == "63" and _number(0.1 + 0.2) == "0.3"
