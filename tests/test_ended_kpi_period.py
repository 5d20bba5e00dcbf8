"""A KPI without a baseline in the plan (measured from its first actual) that a revision retired before the plan's
last year: 計画期間の総括 shows its 判定 of the last year it was reported, and so the base that 判定 was judged from —
it showed a blank 基準値 (the base came only from the year's KPIs, which no longer have it) beside a 判定."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from reform_xlsx.report.model import ReportData
from reform_xlsx.report.period import period_kpis
from report_sample import ACTUALS, sample_answers, sample_status


def test_a_retired_measured_kpi_keeps_its_base_in_the_period_view(plan):
    measured = replace(plan, kpis=tuple(replace(k, baseline=None, end=2026) if k.id == "K05" else
                                        replace(k, baseline=None) if k.id == "K06" else k for k in plan.kpis))
    years = (2026, 2027)
    data = ReportData.build(measured, 2027, sample_answers(measured, years), sample_status(measured, years),
                            created=dt.datetime(2028, 5, 1), final=True)
    rows = {r["kpi_id"]: r for r in period_kpis(data).to_dict("records")}
    retired, kept = rows["K05"], rows["K06"]
    assert retired["last_year"] == 2026 and retired["judgement"] is not None
    assert (retired["baseline"], int(retired["base_year"])) == (ACTUALS[2026]["K05"], 2026)
    assert (kept["baseline"], int(kept["base_year"])) == (ACTUALS[2026]["K06"], 2026)  # as before: still reported
