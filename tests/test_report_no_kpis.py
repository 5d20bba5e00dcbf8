"""A plan of no KPIs for the year (none in the plan, or every one retired by a revision before it): the packet
failed with KeyError 'kpi_id' (the KPIs' frame of no row had no column either). It is written, its KPI sheets with
their headers and no row; KPI推移 draws no 進捗率 chart (one of no KPI read the table's header 「指標（略称）」 as
its one KPI), and its note says so — it said 「上: KPI ごとの進捗率…下: KPI ごとの推移…」 over no chart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile

import openpyxl
import pytest
import yaml

from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.consolidate import kpi_results
from reform_xlsx.report.model import SHEET_KPI_TREND
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status


def _no_kpis():
    data = yaml.safe_load(bundled_plan_text())
    data["kpis"] = []
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert [p for p in problems if p.severity == "error"] == []
    return plan


def _retired(plan):
    """The bundled plan with every KPI ended the year before 令和8年度."""
    return dataclasses.replace(plan, kpis=tuple(dataclasses.replace(k, end=2025) for k in plan.kpis))


@pytest.mark.parametrize("make", [lambda plan: _no_kpis(), _retired], ids=["none", "all-retired"])
def test_a_plan_of_no_kpis_for_the_year_writes_its_packet(plan, tmp_path, make):
    shown = make(plan)
    assert shown.kpis_in(2026) == ()
    frame, _ = kpi_results(shown, sample_answers(shown, (2026,)), 2026)
    assert len(frame) == 0 and {"kpi_id", "progress", "judgement"} <= set(frame.columns)
    result = write_reports(shown, 2026, sample_answers(shown, (2026,)), sample_status(shown, (2026,)), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    assert result.workbook.exists() and result.public.exists()
    for book in (result.workbook, result.public):
        with zipfile.ZipFile(book) as z:
            charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
        drawn = [f for c in charts if 'barDir val="bar"' in c for f in re.findall(r"<c:f>([^<]*)</c:f>", c)]
        assert not [f for f in drawn if f.startswith(SHEET_KPI_TREND)], drawn  # no 進捗率 chart of no KPI
        texts = [str(c.value) for row in openpyxl.load_workbook(book)[SHEET_KPI_TREND].iter_rows(max_row=3) for c in row
                 if c.value is not None]
        assert not [t for t in texts if "上:" in t or "下:" in t], texts  # (before: the charts' key, over no chart)
        assert "令和8年度の計画に KPI はありません（グラフなし）。" in texts, texts
