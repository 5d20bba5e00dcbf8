"""A count KPI the plan gives in fractions (a baseline of 180.5時間, a target of 12,500.5億円) is typed and shown in
tenths in the form: 172.5 typed into its 実績値 is let in and shows 「172.5」 — the cell's validation allowed whole
numbers only and its format was 「#,##0」 for every count (Excel refused 172.5; typed anyway it showed 「173」) — and a
差し戻し copy shows the figure sent the same way. A count the plan gives in whole numbers keeps both."""

from __future__ import annotations

import openpyxl
import pytest

from reform_xlsx.form import layout
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.writer import Fill, write_template
from template_readback import header_and_rows
from test_kpi_multiple_units import PLAN

SECTION = "総務部 財政課"


@pytest.fixture(scope="module")
def plan():
    found, _ = parse_plan(PLAN, "plan.yaml")
    return found


def _rows(path) -> dict[str, str]:
    """Each KPI's 実績値 cell (「J7」)."""
    ws = openpyxl.load_workbook(path)[layout.SHEET_KPI]
    _, header, rows = header_and_rows(ws)
    column = layout.column_index(header)[layout.normalise_label(layout.kpi_label("actual"))]
    return {str(r[0].value): r[column].coordinate for r in rows}


def _actual_formats(path) -> dict[str, tuple[str, object]]:
    ws = openpyxl.load_workbook(path)[layout.SHEET_KPI]
    _, header, rows = header_and_rows(ws)
    column = layout.column_index(header)[layout.normalise_label(layout.kpi_label("actual"))]
    return {str(r[0].value): (r[column].number_format, r[column].value) for r in rows}


@pytest.mark.parametrize(("kpi", "decimals", "expected"), [
    ("K04", 1, "#,##0.0"),  # 時間, baseline 180.5
    ("K05", 0, "#,##0"),  # 件, whole numbers
    ("K01", 0, "#,##0"),  # 億円, whole numbers
])
def test_the_actual_cell_shows_the_kpis_own_decimals(plan, tmp_path, kpi, decimals, expected):
    assert plan.kpi(kpi).decimals == decimals
    form, = write_templates(plan, 2025, tmp_path, [SECTION])
    assert _actual_formats(form)[kpi] == (expected, None)
    cell = _rows(form)[kpi]
    rules = [(dv.type, dv.operator, dv.formula1)
             for dv in openpyxl.load_workbook(form)[layout.SHEET_KPI].data_validations.dataValidation if cell in dv.sqref]
    assert rules == [("decimal" if decimals else "whole", "greaterThanOrEqual", "0")]


def test_a_copy_sent_back_shows_the_tenths_sent(plan, tmp_path):
    sent = {(layout.SHEET_KPI, "K04", "actual"): 172.5, (layout.SHEET_KPI, "K05", "actual"): 640}
    form = write_template(plan, 2025, SECTION, tmp_path / "copy.xlsx", fill=Fill(values=sent))
    found = _actual_formats(form)
    assert found["K04"] == ("#,##0.0", 172.5) and found["K05"] == ("#,##0", 640)
