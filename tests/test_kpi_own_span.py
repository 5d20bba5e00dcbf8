"""KPIs whose own years are not the plan's (docs/plan-format.md: a KPI's start/end, yearly targets, baseline null; a
revision retiring or deleting a KPI), their attainment worked out by hand for every year of the bundled plan
(令和8～12年度, 基準年度 令和6年度, 達成 1.0・順調 1.0·e・概ね順調 0.8·e), and what each year's packet and the
計画期間の総括 show for the years a KPI was not in the plan.

- K03 ends in 令和10年度 (its own span, as first planned); K05 is retired by the revision of 令和10年度 after
  reporting that year; K09 is retired by it from 令和10年度 on (last reported 令和9年度); K04 is deleted by it.
- K06 starts in 令和10年度 with the plan's baseline (令和6年度); K02 starts then without one (its first actual is it).
- K07 has no baseline and is never reported; K08 has yearly targets for 令和9・11年度 only.
- K14 is added by the revision of 令和10年度 without a start year of its own (its row says the plan's whole period).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import replace
from itertools import takewhile

import openpyxl
import pandas as pd
import pytest

from reform_xlsx import records as ans
from reform_xlsx.plan.model import Revision
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.report import write_reports
from reform_xlsx.report.model import ReportData
from reform_xlsx.report.period import period_kpis
from reform_xlsx.wareki import format_fiscal_year
from report_sample import _row

YEARS = (2026, 2027, 2028, 2029, 2030)
N = None
ACTUALS = {  # what the owner reports each year (None: not asked or not reported)
    "K01": (0.26, 0.27, 0.28, 0.29, 0.30), "K02": (N, N, 0.55, 0.57, 0.60), "K03": (0.13, 0.15, 0.17, N, N),
    "K04": (0.83, 0.85, N, N, N), "K05": (0.66, 0.70, 0.74, N, N), "K06": (N, N, 0.35, 0.37, 0.40),
    "K07": (N, N, N, N, N), "K08": (0.05, 0.10, 0.15, 0.20, 0.30), "K09": (3, 4, N, N, N),
    "K10": (180e6, 200e6, 220e6, 240e6, 260e6), "K11": (70, 60, 55, 50, 40),
    "K12": (6.1e6, 5.95e6, 5.8e6, 5.7e6, 5.5e6), "K13": (350, 400, 430, 470, 500), "K14": (N, N, 50, 45, 40)}


def _kpis(plan, **changes):
    return replace(plan, kpis=tuple(replace(k, **changes[k.id]) if k.id in changes else k for k in plan.kpis))


@pytest.fixture(scope="module")
def revisions(plan) -> Revisions:
    first = _kpis(plan, K03=dict(end=2028), K06=dict(start=2028), K07=dict(baseline=None),
                  K08=dict(yearly_targets={2027: 0.15, 2029: 0.25}), K02=dict(baseline=None, start=2028))
    revised = _kpis(first, K05=dict(end=2028), K09=dict(end=2027))
    added = replace(plan.kpi("K11"), id="K14", name="年間超過勤務時間が100時間超の職員数", short_name="",
                    start=plan.start_year)
    revised = replace(revised, kpis=(*(k for k in revised.kpis if k.id != "K04"), added), version="2028-03",
                      revision=Revision(effective_year=2028, revised_on="2028-03-10", reason="KPI の見直し"))
    return Revisions((first, revised))


def _answers(revisions: Revisions, upto: int) -> pd.DataFrame:
    rows = []
    for year in range(YEARS[0], upto + 1):
        plan = revisions.for_year(year)
        for section in plan.sections:
            rows += [_row(year, section, "item", i.id, "grade", "A") for i in plan.items_for(section, year)]
            rows += [_row(year, section, "kpi", k.id, "actual", ACTUALS[k.id][year - YEARS[0]])
                     for k in plan.kpis_for(section, year) if ACTUALS[k.id][year - YEARS[0]] is not None]
    return pd.DataFrame(rows, columns=list(ans.ANSWER_COLUMNS))


def _status(revisions: Revisions, upto: int) -> pd.DataFrame:
    rows = [{"year": y, "section": s, "status": ans.SectionStatus.SUBMITTED, "file": f"{y}_{s}.xlsx",
             "received_at": dt.datetime(y + 1, 4, 20, 9, n), "errors": 0, "warnings": 0}
            for y in range(YEARS[0], upto + 1) for n, s in enumerate(revisions.for_year(y).sections)]
    return pd.DataFrame(rows, columns=list(ans.STATUS_COLUMNS))


def _data(revisions: Revisions, year: int, final: bool = False) -> ReportData:
    return ReportData.build(revisions.for_year(year), year, _answers(revisions, year), _status(revisions, year),
                            created=dt.datetime(year + 1, 5, 1), revisions=revisions, final=final)


# (KPI, year, 年度目標値 and whether the plan gives it, 期待進捗 e, 進捗率 p, 判定) — worked out by hand:
# p = (a − b)/(t − b), e = (Y − 6)/6 from the plan's baseline (from the first reported year for a KPI without one)
E = {2026: 1 / 3, 2027: 1 / 2, 2028: 2 / 3, 2029: 5 / 6, 2030: 1.0}
CASES = [
    # K03 0.10 → 0.20, its own last year 令和10年度: judged against the plan's 目標値 and span like every KPI
    ("K03", 2026, 0.10 + 0.10 / 3, False, E[2026], 0.3, "概ね順調"),  # 0.8·e = 0.2667 ≤ 0.3 < e
    ("K03", 2027, 0.15, False, E[2027], 0.5, "順調"),
    ("K03", 2028, 0.10 + 0.10 * 2 / 3, False, E[2028], 0.7, "順調"),
    # K05 0.59 → 0.80, retired by the revision after reporting 令和10年度
    ("K05", 2026, 0.66, False, E[2026], 1 / 3, "順調"),
    ("K05", 2027, 0.695, False, E[2027], 0.11 / 0.21, "順調"),
    ("K05", 2028, 0.73, False, E[2028], 0.15 / 0.21, "順調"),
    # K09 1 → 3 施設, retired from 令和10年度
    ("K09", 2026, 1 + 2 / 3, False, E[2026], 1.0, "達成"),
    ("K09", 2027, 2.0, False, E[2027], 1.5, "達成"),
    # K04 0.79 → 0.90, deleted from 令和10年度
    ("K04", 2026, 0.79 + 0.11 / 3, False, E[2026], 0.04 / 0.11, "順調"),
    ("K04", 2027, 0.845, False, E[2027], 0.06 / 0.11, "順調"),
    # K06 0.28 → 0.40 from 令和10年度, its baseline the plan's (令和6年度): e from then
    ("K06", 2028, 0.36, False, E[2028], 0.07 / 0.12, "概ね順調"),  # 0.5333 ≤ 0.5833 < 0.6667
    ("K06", 2029, 0.38, False, E[2029], 0.75, "概ね順調"),  # 0.6667 ≤ 0.75 < 0.8333
    ("K06", 2030, 0.40, True, E[2030], 1.0, "達成"),
    # K02 no baseline, → 0.60 from 令和10年度: b = 0.55 (令和10年度), e = (Y − 10)/(12 − 10)
    ("K02", 2028, 0.55, False, 0.0, 0.0, "順調"),
    ("K02", 2029, 0.575, False, 0.5, 0.4, "概ね順調"),  # p = 0.8·e exactly
    ("K02", 2030, 0.60, True, 1.0, 1.0, "達成"),
    # K14 85 → 40 人, added by the revision without a start year: in force from 令和10年度, e from the plan's baseline
    ("K14", 2028, 55.0, False, E[2028], 35 / 45, "順調"),
    ("K14", 2029, 47.5, False, E[2029], 40 / 45, "順調"),
    ("K14", 2030, 40.0, True, E[2030], 1.0, "達成"),
    # K07 no baseline, never reported: no base, so no 年度目標値 and no 期待進捗 before the plan's last year
    ("K07", 2026, None, False, None, None, "未報告"),
    ("K07", 2028, None, False, None, None, "未報告"),
    ("K07", 2030, 0.40, True, None, None, "未報告"),
    # K08 0 → 0.30, yearly targets 令和9年度 0.15 and 令和11年度 0.25 only; 判定 on p and e as every KPI
    ("K08", 2026, 0.10, False, E[2026], 1 / 6, "遅れ"),
    ("K08", 2027, 0.15, True, E[2027], 1 / 3, "遅れ"),  # 0.3333 < 0.8·e = 0.4
    ("K08", 2028, 0.20, False, E[2028], 0.5, "遅れ"),  # 0.5 < 0.5333
    ("K08", 2029, 0.25, True, E[2029], 2 / 3, "概ね順調"),  # p = 0.8·e exactly
    ("K08", 2030, 0.30, True, E[2030], 1.0, "達成"),
]


@pytest.fixture(scope="module")
def yearly(revisions) -> dict[int, ReportData]:
    return {y: _data(revisions, y, final=y in (2029, 2030)) for y in YEARS}


@pytest.mark.parametrize("kpi_id,year,year_target,planned,e,p,verdict", CASES,
                         ids=[f"{c[0]}-{format_fiscal_year(c[1])}" for c in CASES])
def test_each_years_attainment_by_hand(yearly, kpi_id, year, year_target, planned, e, p, verdict):
    row = yearly[year].kpis.set_index("kpi_id").loc[kpi_id]
    assert row["judgement"] == verdict
    assert row["planned_target"] is planned or row["planned_target"] == planned
    assert row["year_target"] == (None if year_target is None else pytest.approx(year_target, abs=1e-9))
    assert row["expected"] == (None if e is None else pytest.approx(e, abs=1e-9))
    assert row["progress"] == (None if p is None else pytest.approx(p, abs=1e-9))


SHOWN = {  # the KPIs each year's packet lists (KPI達成状況, KPI推移): a KPI not in that year's plan is not 未報告
    2026: {"K01", "K03", "K04", "K05", "K07", "K08", "K09", "K10", "K11", "K12", "K13"},
    2027: {"K01", "K03", "K04", "K05", "K07", "K08", "K09", "K10", "K11", "K12", "K13"},
    2028: {"K01", "K02", "K03", "K05", "K06", "K07", "K08", "K10", "K11", "K12", "K13", "K14"},
    2029: {"K01", "K02", "K06", "K07", "K08", "K10", "K11", "K12", "K13", "K14"},
    2030: {"K01", "K02", "K06", "K07", "K08", "K10", "K11", "K12", "K13", "K14"},
}


@pytest.mark.parametrize("year", YEARS)
def test_a_kpi_outside_its_years_is_left_out_not_unreported(yearly, year):
    kpis = yearly[year].kpis
    assert set(kpis["kpi_id"]) == SHOWN[year]
    assert set(kpis.loc[kpis["judgement"] == "未報告", "kpi_id"]) == {"K07"}


# 計画期間の総括: each year's actual, 「－」 where the KPI was not in that year's plan, and the 判定 of its last reported year
NA = "－"
PERIOD = {
    "K02": ((NA, NA, 0.55, 0.57, 0.60), "達成", (0.55, 2028)),
    "K03": ((0.13, 0.15, 0.17, NA, NA), "順調", (0.10, None)),
    "K04": ((0.83, 0.85, NA, NA, NA), "順調", (0.79, None)),  # deleted by the revision: not 未報告 after it
    "K05": ((0.66, 0.70, 0.74, NA, NA), "順調", (0.59, None)),
    "K06": ((NA, NA, 0.35, 0.37, 0.40), "達成", (0.28, None)),
    "K07": ((N, N, N, N, N), None, (None, None)),
    "K08": ((0.05, 0.10, 0.15, 0.20, 0.30), "達成", (0.0, None)),
    "K09": ((3, 4, NA, NA, NA), "達成", (1, None)),
    "K14": ((NA, NA, 50, 45, 40), "達成", (85, None)),  # added from 令和10年度: not 未報告 before
}


@pytest.fixture(scope="module")
def final_packet(revisions, tmp_path_factory):
    out = tmp_path_factory.mktemp("final")
    result = write_reports(revisions.latest, 2030, _answers(revisions, 2030), _status(revisions, 2030), out,
                           public=True, revisions=revisions, created=dt.datetime(2031, 5, 1))
    return result


def _sheet_rows(path, sheet: str) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True)]


@pytest.mark.parametrize("kpi_id", sorted(PERIOD))
def test_the_period_view_of_each_kpi(yearly, final_packet, kpi_id):
    years, verdict, (baseline, base_year) = PERIOD[kpi_id]
    row = period_kpis(yearly[2030]).set_index("kpi_id").loc[kpi_id]
    assert (row["judgement"], row["baseline"], row["base_year"]) == (verdict, baseline, base_year)
    rows = _sheet_rows(final_packet.workbook, "計画期間の総括")
    header = next(r for r in rows if r[0] == "KPI ID")
    shown = dict(zip(header, next(r for r in rows if r[0] == kpi_id)))
    assert [shown[format_fiscal_year(y)] for y in YEARS] == [v if v in (N, NA) else pytest.approx(v) for v in years]
    assert shown["判定"] == (verdict or "未報告")


def test_the_kpi_trend_of_a_kpi_added_later_and_of_one_never_reported(revisions, tmp_path):
    """KPI推移 of 令和11年度: a KPI added in 令和10年度 shows 「－」 for the years before it was in the plan (its blank
    read 「未報告」 by the sheet's own note); a KPI without a baseline, never reported, has no 期待進捗 (it showed
    0.0%: there is no year to count it from)."""
    result = write_reports(revisions.for_year(2029), 2029, _answers(revisions, 2029), _status(revisions, 2029), tmp_path,
                           revisions=revisions, created=dt.datetime(2030, 5, 1))
    rows = _sheet_rows(result.workbook, "KPI推移")
    header = next(r for r in rows if r[0] == "KPI ID")
    table = {r[0]: dict(zip(header, r)) for r in takewhile(lambda r: r[0], rows[rows.index(header) + 1:])}
    assert set(table) == SHOWN[2029]
    note = "".join(str(r[0]) for r in rows[:rows.index(header)] if r[0])
    years = [format_fiscal_year(y) for y in (2026, 2027, 2028, 2029)]
    assert [table["K06"][y] for y in years] == [NA, NA, pytest.approx(0.35), pytest.approx(0.37)]
    assert [table["K02"][y] for y in years] == [NA, NA, pytest.approx(0.55), pytest.approx(0.57)]
    assert [table["K14"][y] for y in years] == [NA, NA, 50, 45]
    assert [table["K01"][y] for y in years] == pytest.approx([0.26, 0.27, 0.28, 0.29])
    assert f"「{NA}」はその指標が計画になかった年度" in note
    assert table["K07"]["期待進捗"] in (None, "") and table["K07"]["進捗率"] in (None, "")
    assert table["K02"]["期待進捗"] == pytest.approx(0.5) and table["K06"]["期待進捗"] == pytest.approx(5 / 6)
    drawn = openpyxl.load_workbook(result.workbook)["KPI推移"]  # the chart's frame for K07: blank, not 0 %
    bars = next(r for r in drawn.iter_rows() if r[0].value == "K07" and r[2].value is None and r[5].value is not None)
    assert "ISNUMBER" in str(bars[5].value)


def test_the_public_csv_agrees_with_the_packet(final_packet):
    kpi_csv = next(p for p in final_packet.public_csv if p.name.endswith("_KPI.csv"))
    with kpi_csv.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["KPI ID"]: r for r in csv.DictReader(f)}
    assert set(rows) == SHOWN[2030]
    assert (rows["K07"]["基準値"], rows["K07"]["基準値の種別"], rows["K07"]["判定"]) == ("", "", "未報告")
    assert (rows["K07"]["年度目標値"], rows["K07"]["年度目標値の種別"]) == ("40", "計画")
    assert (rows["K02"]["基準値"], rows["K02"]["基準年度（西暦）"], rows["K02"]["基準値の種別"]) == ("55", "2028", "初回の実績")
    assert (rows["K02"]["前年度の実績値"], rows["K02"]["判定"]) == ("57", "達成")
    packet = _sheet_rows(final_packet.workbook, "KPI達成状況")
    header = next(r for r in packet if r[0] == "KPI ID")
    judged = {r[0]: r[header.index("判定")] for r in packet[packet.index(header) + 1:] if r[0] in rows}
    assert judged == {k: r["判定"] for k, r in rows.items()}


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl on Gnumeric's file
def test_the_final_packet_recalculates_to_the_same_values(final_packet, soffice, tmp_path):
    from recalc import formulas_that_differ, recalculated

    checked, differ = formulas_that_differ(final_packet.workbook, recalculated(soffice, final_packet.workbook, tmp_path))
    assert checked > 100 and differ == []
    ssconvert = shutil.which("ssconvert")
    if ssconvert is not None:  # and Gnumeric, when it is there
        import subprocess

        again = tmp_path / "gnumeric.xlsx"
        subprocess.run([ssconvert, "--recalc", str(final_packet.workbook), str(again)], check=True,
                       capture_output=True, timeout=300)
        checked, differ = formulas_that_differ(final_packet.workbook, again)
        assert differ == []


def test_the_period_view_in_mid_plan(revisions, tmp_path):
    """`report --final` in 令和11年度: the same view up to that year (K03 and K05 ended, K06 and K14 from 令和10年度)."""
    result = write_reports(revisions.for_year(2029), 2029, _answers(revisions, 2029), _status(revisions, 2029), tmp_path,
                           revisions=revisions, created=dt.datetime(2030, 5, 1), final=True)
    rows = _sheet_rows(result.workbook, "計画期間の総括")
    header = next(r for r in rows if r[0] == "KPI ID")
    for kpi_id in ("K03", "K04", "K05", "K06", "K09", "K14"):
        shown = dict(zip(header, next(r for r in rows if r[0] == kpi_id)))
        years, verdict, _ = PERIOD[kpi_id]
        want = [v if v in (N, NA) else pytest.approx(v) for v in years[:4]]
        assert [shown[format_fiscal_year(y)] for y in YEARS[:4]] == want, kpi_id
        assert shown["判定"] == {"K06": "概ね順調", "K14": "順調"}.get(kpi_id, verdict), kpi_id
