"""A revision that changes a KPI's unit (枚 → 千枚): last year's actual stays in the unit it was reported in
(L021, never converted), so the year of the change does not compare it with this year's — no 増減 of
6,000,000枚 → 5,900千枚 = ▲5,994,100 coloured as a step towards the target, no 「目標の方向に進んだ」 in 概要."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import time

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.plan.model import Revision
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.report.consolidate import with_previous_actuals
from reform_xlsx.report.model import SHEET_KPI, SHEET_OVERVIEW, SHEET_PERIOD
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status
from sheet_reader import Table


def _kpis(rows) -> pd.DataFrame:
    return pd.DataFrame([{"kpi_id": k, "actual": a, "unit": u, "kind": kind, "direction": d}
                         for k, a, u, kind, d in rows])


def _k12_in_thousands(plan, target: int, actual: int):
    """A revision from 令和9年度 that counts K12 PPC用紙 in 千枚 (基準値 6,290, ``target``), and two years of answers
    with ``actual`` 千枚 in 令和9年度 (6,100,000枚 in 令和8年度)."""
    in_thousands = dataclasses.replace(plan.kpi("K12"), unit="千枚", baseline=6290, target=target)
    revised = dataclasses.replace(plan, version="2027-03", revision=Revision(2027),
                                  kpis=tuple(in_thousands if k.id == "K12" else k for k in plan.kpis))
    years = (2026, 2027)
    answers = sample_answers(plan, years)
    answers.loc[(answers["year"] == 2027) & (answers["id"] == "K12") & (answers["field"] == "actual"),
                ["value", "raw"]] = [float(actual), str(actual)]
    return revised, years, answers


@pytest.mark.parametrize("case, before, now, prev_actual, change, better, prev_unit", [
    ("same unit, a fall towards a 減少 target", (6_000_000, "枚", "count"), (5_900_000, "枚", "count"),
     6_000_000, -100_000, 1, None),
    ("same unit, a rise of a 増加 KPI", (0.26, "%", "rate"), (0.27, "%", "rate"), 0.26, pytest.approx(0.01), 1, None),
    ("unit 枚 → 千枚: not compared", (6_000_000, "枚", "count"), (5_900, "千枚", "count"), None, None, None, "枚"),
    ("unit 円 → 千円: not compared", (180_000_000, "円", "yen"), (200_000, "千円", "count"), None, None, None, "円"),
    ("kind 件数 → 割合 under one unit word", (30, "%", "count"), (0.3, "%", "rate"), None, None, None, "%"),
    ("unit changed, nothing reported last year", (None, "枚", "count"), (5_900, "千枚", "count"), None, None, None,
     None),
    ("not reported this year", (6_000_000, "枚", "count"), (None, "枚", "count"), 6_000_000, None, None, None),
])
def test_last_years_actual_is_compared_only_in_the_same_unit(case, before, now, prev_actual, change, better,
                                                             prev_unit):
    direction = "増加" if now[2] == "rate" else "減少"
    out = with_previous_actuals(_kpis([("K1", *now, direction)]), _kpis([("K1", *before, direction)]))
    row = out.iloc[0]
    assert (row["prev_actual"], row["change"], row["better"], row["prev_unit"]) == (
        prev_actual, change, better, prev_unit), case


def test_the_packet_does_not_compare_a_kpi_across_its_revised_unit(plan, tmp_path):
    """令和9年度 from a revision that counts K12 PPC用紙 in 千枚 (5,950千枚 reported, 6,100,000枚 the year before)."""
    revised, years, answers = _k12_in_thousands(plan, 5600, 5950)
    result = write_reports(revised, 2027, answers, sample_status(plan, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=Revisions((plan, revised)), public=True, final=True)
    book = openpyxl.load_workbook(result.workbook, data_only=True)
    kpis = Table(book[SHEET_KPI], "KPI ID")
    assert kpis.value("K12", "実績値") == 5950
    assert kpis.value("K12", "前年度") is None and kpis.value("K12", "増減") in (None, "")
    assert kpis.value("K11", "前年度") == 70 and kpis.value("K11", "増減") == -10  # the others as before
    notes = " ".join(str(c.value) for row in book[SHEET_KPI].iter_rows(max_row=kpis.header) for c in row if c.value)
    assert "単位を改めた指標（K12 枚 → 千枚）" in notes
    overview = " ".join(str(c.value) for row in book[SHEET_OVERVIEW].iter_rows() for c in row if c.value)
    assert "前年度と今年度の両方に実績値がある 12 指標。単位を改めた K12 枚 → 千枚 は比べていません）" in overview
    assert "6,100,000千枚" not in overview
    rows = {r["KPI ID"]: r for r in csv.DictReader(result.public_csv[1].read_text(encoding="utf-8-sig").splitlines())}
    assert rows["K12"]["前年度の実績値"] == "" and rows["K12"]["単位"] == "千枚"
    assert rows["K11"]["前年度の実績値"] == "70"
    # 当初の目標値 is in the unit the plan first set: 「5,600,000枚」 beside this year's 千枚, never 5,600,000千枚
    formats = openpyxl.load_workbook(result.workbook)
    for sheet in (SHEET_KPI, SHEET_PERIOD):
        table = Table(formats[sheet], "KPI ID")
        assert table.value("K12", "当初の目標値") == 5_600_000
        assert table.cell("K12", "当初の目標値").number_format == '#,##0"枚"', sheet
        assert table.cell("K12", "目標値").number_format == "#,##0", sheet


@pytest.mark.parametrize("case, unit_before, typed, codes", [
    ("the unit unchanged: a fall of a thousandfold is questioned against last year", "千枚", 5.9, ["V016"]),
    ("枚 → 千枚, typed right in 千枚: nothing to question", "枚", 5_900, []),
    ("枚 → 千枚, typed in the old 枚 the form's earlier years show: off the plan's scale", "枚", 5_900_000, ["V015"]),
])
def test_last_years_actual_in_another_unit_is_no_measure_for_this_years(plan, case, unit_before, typed, codes):
    """The officer's checks (V015–V017) compare an actual with last year's only in the same unit: 5,900千枚 against
    last year's 6,000,000枚 was 「6,000,000千枚 の約1017分の1」 (V016), and 5,900,000 typed in 枚 passed."""
    from reform_xlsx.intake.officer import check, prior_from_answers
    from reform_xlsx.records import Answer, answers_frame

    k12 = plan.kpi("K12")
    now = dataclasses.replace(plan, kpis=tuple(dataclasses.replace(k, unit="千枚", baseline=6290, target=5600)
                                               if k.id == "K12" else k for k in plan.kpis))
    before = dataclasses.replace(plan, kpis=tuple(dataclasses.replace(k, unit=unit_before) if k.id == "K12" else k
                                                  for k in plan.kpis))
    last = 6_000_000 if unit_before == "枚" else 6_000
    ledger = answers_frame([Answer(2027, k12.owner, "kpi", "K12", "actual", last, str(last), "a", "KPI", "I6")])
    prior = prior_from_answers(now, ledger, 2028, before)
    answer = Answer(2028, k12.owner, "kpi", "K12", "actual", typed, str(typed), "b", "KPI", "K6")
    assert [p.code for p in check([answer], now, prior, "b")] == codes, case


def test_merge_questions_an_actual_by_the_unit_the_plan_now_counts_it_in(tmp_path, monkeypatch, capsys):
    """令和9年度 from a revision that counts K12 in 千枚: 財政課's right 5,950 is not questioned against last year's
    6,100,000枚 (V016 quoted it as 「6,100,000千枚」); 5,950,000 typed in 枚 is (V015)."""
    import yaml

    import five_years as fy
    from reform_xlsx.cli import main
    from reform_xlsx.ledger.plans import ledger_plan
    from reform_xlsx.plan.loading import bundled_plan_text

    monkeypatch.chdir(tmp_path)
    for name in ("REFORM_XLSX_PLAN", "REFORM_XLSX_DB", "REFORM_XLSX_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    data = yaml.safe_load(bundled_plan_text())
    next(k for k in data["kpis"] if k["id"] == "K12").update(unit="千枚", baseline=6290, target=5600)
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "PPC用紙を千枚で数える"}
    (tmp_path / "r9.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    section = "財政課"
    assert main(["templates", "--year", "R8", "--section", section, "--out", "t8"]) == 0
    fy.fill_all(_bundled(), tmp_path / "t8", tmp_path / "in8", 2026)
    assert main(["merge", "in8", "--year", "R8", "--out", "out8", "--db", "reform.db"]) == 1  # the others: 未提出
    assert main(["plan", "import", "r9.yaml", "--db", "reform.db"]) == 0
    assert main(["templates", "--year", "R9", "--section", section, "--out", "t9", "--db", "reform.db"]) == 0
    plan9 = ledger_plan(tmp_path / "reform.db", None, 2027)
    for typed, codes in ((5_950, set()), (5_950_000, {"V015"})):
        monkeypatch.setitem(fy.ACTUALS, "K12", (6_100_000, typed, 0, 0, 0))
        inbox = tmp_path / f"in9_{typed}"
        fy.fill_all(plan9, tmp_path / "t9", inbox, 2027)
        capsys.readouterr()
        main(["merge", str(inbox), "--year", "R9", "--out", f"out9_{typed}", "--db", "reform.db", "--json"])
        found = {c for c in ("V015", "V016", "V017") if f'"{c}"' in capsys.readouterr().out}
        assert found == codes, typed


def _bundled():
    from reform_xlsx.plan.loading import load_plan

    return load_plan()[0]


def test_a_13_digit_target_in_its_first_unit_fits_its_column(plan, tmp_path):
    """A prefecture's ふるさと納税 counted in 千円 from 令和9年度: its 当初の目標値 「2,500,000,000,000円」 (19 units, with
    its unit) is as wide as its column lets it print, in KPI達成状況 and 計画期間の総括 (never 「###」)."""
    from reform_xlsx.textwidth import text_units

    k10 = dataclasses.replace(plan.kpi("K10"), baseline=1_500_000_000_000, target=2_500_000_000_000)
    first = dataclasses.replace(plan, kpis=tuple(k10 if k.id == "K10" else k for k in plan.kpis))
    in_thousands = dataclasses.replace(k10, kind="count", unit="千円", baseline=1_500_000_000, target=3_000_000_000)
    revised = dataclasses.replace(first, version="2027-03", revision=Revision(2027),
                                  kpis=tuple(in_thousands if k.id == "K10" else k for k in first.kpis))
    years = (2026, 2027)
    answers = sample_answers(first, years)
    answers.loc[(answers["id"] == "K10") & (answers["field"] == "actual"), "value"] = 1_800_000_000
    result = write_reports(revised, 2027, answers, sample_status(first, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=Revisions((first, revised)), final=True)
    book = openpyxl.load_workbook(result.workbook)
    for sheet in (SHEET_KPI, SHEET_PERIOD):
        ws = book[sheet]
        table = Table(ws, "KPI ID")
        c = table.cols["当初の目標値"]
        assert table.cell("K10", "当初の目標値").number_format == '#,##0"円"'
        width = next(d.width for d in ws.column_dimensions.values() if d.min <= c <= d.max)
        assert width >= text_units("2,500,000,000,000円"), sheet


# --- a KPI the plan gives no baseline (``baseline: null``), its unit changed by a revision ---------------------------

def _measured_k12(plan, unit_from_r9: str, kind_from_r9: str = "count"):
    """The bundled plan with K12 (PPC用紙, 枚) given no baseline, and a revision from 令和9年度 that counts it in
    ``unit_from_r9`` (its target 5,600 then)."""
    k12 = dataclasses.replace(plan.kpi("K12"), baseline=None)
    first = dataclasses.replace(plan, kpis=tuple(k12 if k.id == "K12" else k for k in plan.kpis))
    target = k12.target if unit_from_r9 == k12.unit else 5600
    now = dataclasses.replace(k12, unit=unit_from_r9, kind=kind_from_r9, target=target)
    revised = dataclasses.replace(first, version="2027-03", revision=Revision(2027),
                                  kpis=tuple(now if k.id == "K12" else k for k in first.kpis))
    return first, revised


def _k12_actuals(first, actuals: dict[int, float | None]) -> pd.DataFrame:
    from reform_xlsx.records import Answer, answers_frame

    return answers_frame([Answer(y, first.kpi("K12").owner, "kpi", "K12", "actual", v, None if v is None else str(v),
                                 "f", "KPI", "I6") for y, v in actuals.items()])


@pytest.mark.parametrize("case, unit, kind, actuals, year, with_revisions, base", [
    ("枚 → 千枚: measurement restarts, the first actual in 千枚 is the base", "千枚", "count",
     {2026: 6_100_000, 2027: 5_950, 2028: 5_800}, 2028, True, (2027, 5_950)),
    ("枚 → 千枚, the year of the change: its own actual", "千枚", "count", {2026: 6_100_000, 2027: 5_950}, 2027, True,
     (2027, 5_950)),
    ("枚 → 千枚, nothing reported in 千枚 yet: no base (never the 枚 one)", "千枚", "count",
     {2026: 6_100_000, 2027: None}, 2027, True, None),
    ("kind count → rate under one unit word: restarts too", "%", "rate", {2026: 30, 2027: 0.3}, 2027, True,
     (2027, 0.3)),
    ("the unit unchanged: the first actual of the plan", "枚", "count", {2026: 6_100_000, 2027: 5_950_000}, 2027, True,
     (2026, 6_100_000)),
    ("one plan for every year (no revisions known): as before", "千枚", "count", {2026: 6_100_000, 2027: 5_950},
     2027, False, (2026, 6_100_000)),
])
def test_a_measured_kpis_base_is_its_first_actual_in_the_unit_it_is_counted_in(plan, case, unit, kind, actuals, year,
                                                                                with_revisions, base):
    from reform_xlsx.report.consolidate import first_actuals

    first, revised = _measured_k12(plan, unit, kind)
    kept = Revisions((first, revised))
    found = first_actuals(revised, _k12_actuals(first, actuals), year, kept.for_year if with_revisions else None)
    assert found.get("K12") == base, case


def test_the_packet_measures_a_kpi_without_a_baseline_from_its_first_actual_in_the_new_unit(plan, tmp_path):
    """K12 without a baseline in the plan, 6,100,000枚 in 令和8年度, counted in 千枚 from 令和9年度 (5,950): its base is
    5,950千枚 of 令和9年度 — not 6,100,000 (進捗率 99.99 %, 順調 on a fall from 6,100,000 to 5,950) — in KPI達成状況, the
    public CSV, 計画期間の総括 and KPI推移; 令和8年度's 6,100,000 is shown with its 枚 and drawn on no chart."""
    from reform_xlsx.report.model import SHEET_KPI_TREND, ReportData

    first, revised = _measured_k12(plan, "千枚")
    years = (2026, 2027)
    answers = sample_answers(first, years)
    answers.loc[(answers["year"] == 2027) & (answers["id"] == "K12") & (answers["field"] == "actual"),
                ["value", "raw"]] = [5950.0, "5950"]
    kept = Revisions((first, revised))
    data = ReportData.build(revised, 2027, answers, sample_status(first, years), created=dt.datetime(2028, 5, 1),
                            revisions=kept, final=True)
    k12 = data.kpis.set_index("kpi_id").loc["K12"]
    assert (k12["baseline"], k12["base_year"], k12["progress"], k12["judgement"]) == (5950, 2027, 0, "順調")
    assert k12["year_target"] == 5950
    result = write_reports(revised, 2027, answers, sample_status(first, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=kept, public=True, final=True)
    values = openpyxl.load_workbook(result.workbook, data_only=True)
    formats = openpyxl.load_workbook(result.workbook)
    kpis = Table(values[SHEET_KPI], "KPI ID")
    assert kpis.value("K12", "基準値") == 5950
    said = "".join(str(c.value).replace(" ", "").replace("\n", "")
                   for row in values[SHEET_KPI].iter_rows(max_row=kpis.header) for c in row if c.value)
    assert "単位を改めた指標（K12枚→千枚）は、今の単位で最初に報告された年度の実績値が基準値です" in said
    period = Table(formats[SHEET_PERIOD], "KPI ID")
    assert period.value("K12", "基準値") == 5950
    r8, r9 = (period.cell("K12", label) for label in ("令和8年度", "令和9年度"))
    assert (r8.value, r8.number_format) == (6_100_000, '#,##0"枚"')
    assert (r9.value, r9.number_format) == (5950, "#,##0")
    note = "".join(str(c.value).replace(" ", "").replace("\n", "")
                   for row in formats[SHEET_PERIOD].iter_rows(max_row=period.header) for c in row if c.value)
    assert "単位を改めた指標（K12枚→千枚）" in note and "今の単位で最初に報告された年度の実績値が基準値" in note
    trend = formats[SHEET_KPI_TREND]
    table = Table(trend, "KPI ID")  # 「実績値の推移」, the first table under the charts
    r8 = table.cell("K12", "令和8年度")
    assert (r8.value, r8.number_format) == (6_100_000, '#,##0"枚"')
    assert table.value("K12", "令和9年度") == 5950
    _, targets, drawn = [r for r in trend.iter_rows() if r[0].value == "K12"][:3]  # the charts' hidden tables
    assert [c.value for c in drawn if isinstance(c.value, (int, float))] == [5950]  # 6,100,000枚 is no point on it
    assert 6_100_000 not in [c.value for c in targets]  # nor 令和8年度's target in 枚
    rows = {r["KPI ID"]: r for r in csv.DictReader(result.public_csv[1].read_text(encoding="utf-8-sig").splitlines())}
    assert (rows["K12"]["基準値"], rows["K12"]["基準年度（西暦）"], rows["K12"]["判定"]) == ("5950", "2027", "順調")


def test_next_years_form_shows_earlier_actuals_in_their_unit_and_the_base_in_the_new(tmp_path, monkeypatch, capsys):
    """K12 without a baseline in the plan, 6,100,000枚 in 令和8年度, counted in 千枚 from 令和9年度 (5,950): 財政課's
    令和10年度 form has 基準値 「5,950＊」 (not 「6,100,000＊」, and its 年度目標値 measured from it), and 令和8年度's
    実績値 shown 「6,100,000枚」 beside 千枚 (令和9年度's plain 「5,950」). The return is read as before: no problem
    about K12's locked cells, 5,800 taken as 令和10年度's actual."""
    import yaml

    import five_years as fy
    from reform_xlsx.cli import main
    from reform_xlsx.form import layout
    from reform_xlsx.ledger.plans import ledger_plan
    from reform_xlsx.ledger.store import Ledger
    from reform_xlsx.plan.loading import bundled_plan_text
    from reform_xlsx.templates.fill import fill_template

    monkeypatch.chdir(tmp_path)
    for name in ("REFORM_XLSX_PLAN", "REFORM_XLSX_DB", "REFORM_XLSX_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    data = yaml.safe_load(bundled_plan_text())
    next(k for k in data["kpis"] if k["id"] == "K12")["baseline"] = None
    (tmp_path / "r8.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    next(k for k in data["kpis"] if k["id"] == "K12").update(unit="千枚", target=5600)
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "PPC用紙を千枚で数える"}
    (tmp_path / "r9.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    section = "財政課"
    monkeypatch.setitem(fy.ACTUALS, "K12", (6_100_000, 5_950, 5_800, 0, 0))
    assert main(["templates", "--year", "R8", "--section", section, "--out", "t8", "--plan", "r8.yaml"]) == 0
    fy.fill_all(_plan_file(tmp_path / "r8.yaml"), tmp_path / "t8", tmp_path / "in8", 2026)
    assert main(["merge", "in8", "--year", "R8", "--out", "out8", "--db", "reform.db", "--plan", "r8.yaml"]) == 1
    assert main(["plan", "import", "r9.yaml", "--db", "reform.db"]) == 0
    for year, label in ((2027, "R9"), (2028, "R10")):
        assert main(["templates", "--year", label, "--section", section, "--out", f"t{year}", "--db", "reform.db"]) == 0
        fy.fill_all(ledger_plan(tmp_path / "reform.db", None, year), tmp_path / f"t{year}", tmp_path / f"in{year}",
                    year)
        capsys.readouterr()
        main(["merge", f"in{year}", "--year", label, "--out", f"out{year}", "--db", "reform.db", "--json"])
        said = capsys.readouterr().out
        assert '"K12"' not in said, (year, said)  # nothing said about K12 (no S/V code on its row)
    form = next((tmp_path / "t2028").glob("*.xlsx"))
    table = Table(openpyxl.load_workbook(form)[layout.SHEET_KPI], "KPI ID")
    base, r8, r9 = (table.cell("K12", label) for label in ("基準値(R6)", "令和8年度\n実績値", "令和9年度\n実績値"))
    assert (base.value, base.number_format) == (5950, '#,##0"＊"')
    assert table.value("K12", "年度目標値\n※は参考（按分）") == pytest.approx(5950 + (5600 - 5950) / 3)
    assert (r8.value, r8.number_format) == (6_100_000, '#,##0"枚"')
    assert (r9.value, r9.number_format) == (5950, "#,##0")
    guide = " ".join(str(c.value) for row in openpyxl.load_workbook(form)[layout.SHEET_GUIDE].iter_rows()
                     for c in row if c.value)
    assert "前年度までの実績値に単位が付いている KPI（K12 枚 → 千枚）" in guide
    with Ledger(tmp_path / "reform.db") as ledger:
        answers = ledger.answers([2028])
    k12 = answers[(answers["id"] == "K12") & (answers["field"] == "actual")]
    assert list(k12["value"]) == [5800]
    # a return sent back (K12's 実績値 left blank: V001): merge's 差し戻し copy shows the same 「6,100,000枚」
    typed = fy.answers(ledger_plan(tmp_path / "reform.db", None, 2028), section, 2028)
    typed[layout.SHEET_KPI]["K12"]["実績値"] = None
    time.sleep(1.1)  # saved in a later second than the accepted return (a file as new as it counts as settled by it)
    fill_template(form, typed, tmp_path / "back" / form.name)
    main(["merge", "back", "--year", "R10", "--out", "out_back", "--db", "reform.db"])
    (copy,) = (tmp_path / "out_back").rglob(f"*{section}_要修正.xlsx")
    table = Table(openpyxl.load_workbook(copy)[layout.SHEET_KPI], "KPI ID")
    assert table.cell("K12", "令和8年度\n実績値").number_format == '#,##0"枚"'
    assert table.value("K12", "基準値(R6)") == 5950


def _plan_file(path):
    from reform_xlsx.plan.loading import load_plan

    return load_plan(path)[0]


@pytest.mark.parametrize("writer", ["form", "差し戻しの写し"])
def test_every_form_shows_an_earlier_actual_in_the_unit_it_was_reported_in(plan, tmp_path, writer):
    """The R10 form and merge's 差し戻し copy of it (written from the revisions the ledger keeps) both show R8's
    6,100,000 as 「6,100,000枚」 in K12's 千枚 row, and measure K12 from R9's 5,950; without the revisions
    (plan_for None) every year is taken as counted in today's unit, as before."""
    from reform_xlsx.form import layout
    from reform_xlsx.ledger.feedback import write_feedback
    from reform_xlsx.templates import write_template

    first, revised = _measured_k12(plan, "千枚")
    history = sample_answers(first, (2026, 2027))
    history.loc[(history["year"] == 2027) & (history["id"] == "K12") & (history["field"] == "actual"),
                ["value", "raw"]] = [5950.0, "5950"]
    for_year = Revisions((first, revised)).for_year
    target = tmp_path / "form.xlsx"
    if writer == "form":
        write_template(revised, 2028, "財政課", target, history=history, plan_for=for_year)
    else:
        write_feedback(revised, 2028, "財政課", [], [], target, source_name="返送.xlsx", history=history,
                       plan_for=for_year)
    table = Table(openpyxl.load_workbook(target)[layout.SHEET_KPI], "KPI ID")
    r8 = table.cell("K12", "令和8年度\n実績値")
    assert (r8.value, r8.number_format) == (6_100_000, '#,##0"枚"')
    assert table.value("K12", "基準値(R6)") == 5950
    assert table.cell("K09", "令和8年度\n実績値").number_format == "#,##0"  # a KPI whose unit stayed: as it was


def test_a_kind_changed_under_one_unit_word_is_said_with_its_kinds_not_as_the_same_unit_twice(plan, tmp_path):
    """K01 reported as a count of 「%」 (24 for 24 %) in 令和8年度, counted as a rate from 令和9年度 (0.25): the notes that
    say why its earlier figure is not compared name the change 「%（件数）→ %（割合）」, never 「K01 % → %」 (a unit
    changed into itself)."""
    from reform_xlsx.form.content import Row, SheetContent
    from reform_xlsx.templates.guide import other_units_text

    k01 = plan.kpi("K01")
    as_count = dataclasses.replace(k01, kind="count", baseline=24, target=30)
    first = dataclasses.replace(plan, kpis=tuple(as_count if k.id == "K01" else k for k in plan.kpis))
    revised = dataclasses.replace(plan, version="2027-03", revision=Revision(2027))
    years = (2026, 2027)
    answers = sample_answers(first, years)
    for year, value in ((2026, 24.0), (2027, 0.25)):
        answers.loc[(answers["year"] == year) & (answers["id"] == "K01") & (answers["field"] == "actual"),
                    ["value", "raw"]] = [value, str(value)]
    result = write_reports(revised, 2027, answers, sample_status(first, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=Revisions((first, revised)), final=True)
    book = openpyxl.load_workbook(result.workbook, data_only=True)
    for sheet in (SHEET_KPI, SHEET_OVERVIEW, SHEET_PERIOD):
        said = " ".join(str(c.value) for row in book[sheet].iter_rows() for c in row if isinstance(c.value, str))
        assert "K01 % → %" not in said, sheet
        assert "K01 %（件数）→ %（割合）" in said, sheet
    form = SheetContent("KPI", (), (Row("K01", {}, "rate", measures={"R8.actual": as_count}),))
    assert other_units_text(revised, (form,)) == "K01 %（件数）→ %（割合）"


def test_no_chart_line_in_a_unit_since_changed_before_the_plans_first_year(plan, tmp_path):
    """K12 counted in 千枚 from 令和9年度 (基準値 6,290, 目標値 5,400): 令和7年度, between the base and the plan's first
    year, has no 年度目標値 of the first plan drawn in 枚 (6,175,000) on the chart of 千枚 — it set the axis to
    8,000,000 and pressed 6,290 → 5,400 onto its floor."""
    from reform_xlsx.report.model import SHEET_KPI_TREND

    revised, years, answers = _k12_in_thousands(plan, 5400, 5750)
    result = write_reports(revised, 2027, answers, sample_status(plan, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=Revisions((plan, revised)))
    trend = openpyxl.load_workbook(result.workbook)[SHEET_KPI_TREND]
    shown, targets, drawn = [r for r in trend.iter_rows() if r[0].value == "K12"][:3]
    header = next(r for r in trend.iter_rows(max_row=targets[0].row) if r[0].value == "KPI ID"
                  and r[0].row > shown[0].row)  # the hidden table's own header
    target = {c.value: t.value for c, t in zip(header, targets) if isinstance(c.value, str) and "年度" in c.value}
    assert target["令和6年度"] == 6290 and target["令和9年度"] == 5845
    assert [target[f"令和{n}年度"] for n in (7, 8)] == [None, None]  # none in 枚
    assert [c.value for c in drawn if isinstance(c.value, (int, float))] == [6290, 5750]
