"""What a section typed into the forms in LibreOffice Calc, as Calc saved it, read back as the section saw it."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake import read_return
from reform_xlsx.messages import Msg

KPI = layout.SHEET_KPI


@pytest.mark.parametrize(("kpi_id", "example"), [("K09", "3"), ("K13", "3"), ("K01", "30%")])
def test_not_a_number_gives_an_example_the_cell_accepts(plan, kpi_id, example):
    """V003 for a count KPI said 「例: 3施設」 while the cell's input message says 「数字だけを入力します（単位は不要）」."""
    outcome = norm.normalise_kpi("未確定", plan.kpi(kpi_id))
    assert outcome.msg is Msg.INTAKE_NOT_A_NUMBER
    assert outcome.params["example"] == example


def test_a_changed_count_target_is_quoted_as_its_cell_shows_it(plan, tmp_path):
    """V011 quoted K09's 年度目標値 (1 → 3 施設 shared out over the years) as 「1.666667」, while its locked cell,
    formatted 「※#,##0」, shows 「※2」; the section overwrote the shown ※2 with 2 after removing protection."""
    source = craft.filled(plan, 2026, "財政課", tmp_path)
    wb = openpyxl.load_workbook(source)
    cell = craft.cell_of(wb, KPI, "K09", "年度目標値\n※は参考（按分）")
    assert wb[KPI][cell].number_format == '"※"#,##0' and not float(wb[KPI][cell].value).is_integer()
    wb[KPI][cell] = 2
    wb.save(tmp_path / "財政課_edited.xlsx")
    (p,) = [p for p in read_return(tmp_path / "財政課_edited.xlsx", plan, 2026).problems if p.code == "V011"]
    assert p.cell == cell
    assert p.message == "計画の内容（年度目標値 ※は参考（按分））が書き換えられています。この欄は計画の値「※2」を使います。"
