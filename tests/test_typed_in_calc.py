"""What a section typed into the forms in LibreOffice Calc, as Calc saved it, read back as the section saw it."""

from __future__ import annotations

import pytest

from reform_xlsx.intake import normalise as norm
from reform_xlsx.messages import Msg


@pytest.mark.parametrize(("kpi_id", "example"), [("K09", "3"), ("K13", "3"), ("K01", "30%")])
def test_not_a_number_gives_an_example_the_cell_accepts(plan, kpi_id, example):
    """V003 for a count KPI said 「例: 3施設」 while the cell's input message says 「数字だけを入力します（単位は不要）」."""
    outcome = norm.normalise_kpi("未確定", plan.kpi(kpi_id))
    assert outcome.msg is Msg.INTAKE_NOT_A_NUMBER
    assert outcome.params["example"] == example

