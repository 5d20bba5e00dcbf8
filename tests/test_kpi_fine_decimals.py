"""A KPI the plan gives in finer figures than one decimal — 未収金の割合 0.001% → 0%, 電子申請の利用率 90% → 99.99%,
不具合発生率 0.005 → 0.001 件/千件 — is shown with as many decimals as the plan's own figures need (up to 3). Every
figure of such a KPI printed 「0.0%」 or 「0.0」 (target 99.99% printed 「100.0%」), its change 「▲0.0pt 改善」: a
table the meeting could not read, though the 進捗率 (50.0%) and 判定 were right."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from reform_xlsx.report.writer import write_reports
from reform_xlsx.xlsx.style import kpi_change_format, kpi_number_format
from report_sample import sample_answers, sample_status


@pytest.mark.parametrize("kind, baseline, target, yearly, decimals", [
    ("rate", 0.24, 0.3, {}, 1),  # 24% → 30%: one decimal, as before
    ("rate", 0.00001, 0.0, {}, 3),  # 0.001%
    ("rate", 0.9, 0.9999, {}, 2),  # 99.99%
    ("rate", 0.9, 0.95, {2027: 0.9125}, 2),  # a yearly target of 91.25%
    ("rate", 0.1, 0.2, {}, 1),
    ("rate", 0.0000001, 0.0, {}, 3),  # 0.00001%: at most three decimals
    ("count", 180.5, 200, {}, 1),  # a count the plan gives in tenths, as before
    ("count", 0.005, 0.001, {}, 3),
    ("count", 12.25, 20, {}, 2),
    ("count", 1, 3, {}, 0),
    ("count", 0.9999999, 2, {}, 3),
    ("yen", 150_000_000, 250_000_000, {}, 0),
])
def test_a_kpi_shows_the_decimals_its_plan_figures_need(plan, kind, baseline, target, yearly, decimals):
    kpi = replace(plan.kpi("K09"), kind=kind, baseline=baseline, target=target, yearly_targets=yearly,
                  unit="%" if kind == "rate" else "件")
    assert kpi.decimals == decimals


def test_the_figures_and_changes_print_as_the_plan_gives_them(plan):
    rate = replace(plan.kpi("K01"), baseline=0.00001, target=0.0, direction="減少", yearly_targets={})
    assert rate.display(0.000005) == "0.001%" and rate.display(0.00001) == "0.001%" and rate.display(0.9999) == "99.990%"
    assert kpi_number_format(rate) == "0.000%"
    assert kpi_change_format(rate).split(";")[1].startswith('▲0.000"pt"')
    count = replace(plan.kpi("K09"), baseline=0.005, target=0.001, unit="件/千件", direction="減少", yearly_targets={})
    assert count.display(0.003) == "0.003件/千件" and kpi_number_format(count) == "#,##0.000"
    assert kpi_change_format(count).split(";")[0].startswith("+#,##0.000")


def test_the_packet_prints_a_fine_kpi_readably(plan, tmp_path):
    fine = replace(plan.kpi("K04"), baseline=0.9, target=0.9999, yearly_targets={})
    fine_plan = replace(plan, kpis=tuple(fine if k.id == "K04" else k for k in plan.kpis))
    answers = sample_answers(fine_plan, (2026,))
    rows = (answers["kind"] == "kpi") & (answers["field"] == "actual") & (answers["id"] == "K04")
    answers.loc[rows, "value"] = 0.9525
    book = write_reports(fine_plan, 2026, answers, sample_status(fine_plan, (2026,)), tmp_path / "out",
                         created=dt.datetime(2026, 5, 1, 10, 0)).workbook
    ws = openpyxl.load_workbook(book)["KPI達成状況"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    col = {str(c.value).split("\n")[0]: c.column - 1 for c in header if c.value}
    row = next(r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value == "K04")
    for name in ("目標値", "実績値"):
        assert row[col[name]].number_format == "0.00%", name  # 99.99% and 95.25%, not 「100.0%」「95.3%」
