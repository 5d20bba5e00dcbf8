"""A KPI the plan gives below zero (a facility's 収支 of −50,000千円 → 0, a balance −5,000 → +5,000千円): its 実績値 may
be below zero too. The plan loads such a KPI without a word, but every return that reported an honest deficit was
sent back with V004 「0 以上で入力してください（マイナスは使えません）」, and the form's input rule refused the minus
before it was typed — a KPI no section could ever report until it reached 0. Other KPIs still refuse a minus."""

from __future__ import annotations

import json
from dataclasses import replace

import openpyxl
import pytest

from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake.normalise import normalise_kpi
from reform_xlsx.messages import Msg
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.templates.fill import fill_template
from reform_xlsx.templates.validation import actual_validation

PLAN = """\
format: 1
plan:
  id: minus-test
  version: "R8-01"
  name: 北南市行政改革推進計画
  city: 北南市
  reform: 行政改革
  published: 令和8年3月
  period: {start: R8, end: R10}
  baseline_year: R7
  headquarters: 北南市行政改革推進本部会議
  office: 行革課
sections: [市民課]
grades:
  - {code: A, label: 計画どおり, definition: 予定どおり, rank: 1}
  - {code: B, label: 遅れ, definition: 遅れている, rank: 2, behind: true}
judgement: {achieved: 1.0, on_track: 1.0, mostly_on_track: 0.8}
areas:
  - number: 1
    name: 施設
    categories:
      - number: 1
        name: 収支
        items:
          - {number: 1, name: 施設の収支改善, content: 収支を改善する。, actions: [改善], sections: [市民課]}
kpis:
  - {id: X01, item: 1-1-1, name: 窓口収支, kind: count, unit: 千円, baseline: -50000, target: 0, owner: 市民課}
  - {id: X02, item: 1-1-1, name: 施設収支差, kind: count, unit: 千円, baseline: -5000, target: 5000, owner: 市民課}
  - {id: X03, item: 1-1-1, name: 利用件数, kind: count, unit: 件, baseline: 100, target: 200, owner: 市民課}
"""


@pytest.fixture
def minus_plan(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    loaded, warnings = load_plan(path)
    assert warnings == []
    return path, loaded


@pytest.mark.parametrize("kpi_id, typed, value, msg", [
    ("X01", -30000, -30000, None),
    ("X01", "-30,000", -30000, None),
    ("X01", "▲30,000", -30000, None),
    ("X01", "△30,000千円", -30000, None),
    ("X01", 0, 0, None),
    ("X02", -2000, -2000, None),
    ("X02", 3000, 3000, None),  # crossing zero
    ("X03", -5, None, Msg.INTAKE_OUT_OF_RANGE),  # a KPI the plan keeps above zero still refuses a minus
])
def test_a_kpi_the_plan_gives_below_zero_takes_a_minus(minus_plan, kpi_id, typed, value, msg):
    _, plan = minus_plan
    outcome = normalise_kpi(typed, plan.kpi(kpi_id))
    assert (outcome.value, outcome.msg) == (value, msg)


def test_only_a_figure_below_zero_lets_a_minus_in(plan):
    kpi = plan.kpi("K09")
    assert normalise_kpi(-1, kpi).msg == Msg.INTAKE_OUT_OF_RANGE
    assert normalise_kpi(-1, replace(kpi, yearly_targets={2026: -1.0})).value == -1  # a yearly target below zero too


def test_the_form_lets_the_minus_be_typed(minus_plan):
    _, plan = minus_plan
    from reform_xlsx.form.content import Row
    signed = actual_validation(plan, 2026, Row("X01", {}))
    assert not (signed.get("criteria") == ">=" and signed.get("value") == 0)
    assert signed.get("minimum", 0) < 0 and "マイナス" in signed["input_message"]
    plain = actual_validation(plan, 2026, Row("X03", {}))
    assert (plain["criteria"], plain["value"]) == (">=", 0)


def test_a_deficit_reported_is_accepted_and_judged(minus_plan, workdir, capsys):
    tmp_path = workdir
    path, plan = minus_plan
    assert main(["templates", "--year", "R8", "--out", str(tmp_path / "t"), "--plan", str(path)]) == 0
    template = next((tmp_path / "t").glob("*市民課.xlsx"))
    inbox = tmp_path / "in"
    inbox.mkdir()
    fill_template(template, {
        layout.SHEET_ITEMS: {"1-1-1": {"進捗状況": "A 計画どおり", "取組実績": "赤字を減らした。"}},
        layout.SHEET_KPI: {"X01": {"実績値": -30000}, "X02": {"実績値": "▲2,000"}, "X03": {"実績値": 150}},
    }, inbox / template.name)
    capsys.readouterr()
    main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--plan", str(path), "--json"])
    result = json.loads(capsys.readouterr().out)
    civic = next(s for s in result["sections"] if s["section"] == "市民課")
    assert civic["accepted"], [i["message"] for f in result["files"] for i in f["issues"]]
    book = next((tmp_path / "out").glob("*推進本部会議資料.xlsx"))
    ws = openpyxl.load_workbook(book, data_only=True)["KPI達成状況"]
    header = next(r for r in ws.iter_rows() if r[0].value == "KPI ID")
    col = {c.value.split("\n")[0]: c.column - 1 for c in header if c.value}
    rows = {r[0].value: r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value in ("X01", "X02")}
    # e = 1/3 (令和7年度 → 令和10年度); p = (a − b) ÷ (t − b): 20,000 ÷ 50,000 and 3,000 ÷ 10,000 (× 0.8 = 0.267)
    for kpi_id, actual, progress, grade in (("X01", -30000, 0.4, "順調"), ("X02", -2000, 0.3, "概ね順調")):
        assert rows[kpi_id][col["実績値"]].value == actual
        assert rows[kpi_id][col["進捗率"]].value == pytest.approx(progress)
        assert rows[kpi_id][col["判定"]].value == grade


def test_only_the_guide_of_a_section_reporting_such_a_kpi_says_a_minus_is_allowed(plan, tmp_path):
    """The note 「マイナスも」 is for the section that reports the KPI; every other section's minus is still V004."""
    from reform_xlsx.templates import write_templates

    k10 = plan.kpi("K10")
    minus = replace(plan, kpis=tuple(replace(k, kind="count", unit="千円", baseline=-50_000, target=0,
                                             yearly_targets={}) if k.id == "K10" else k for k in plan.kpis))
    other = next(s for s in plan.sections if s != k10.owner and plan.kpis_for(s, 2026))
    said = {}
    for section in (k10.owner, other):
        (path,) = write_templates(minus, 2026, tmp_path / section, [section])
        ws = openpyxl.load_workbook(path)[layout.SHEET_GUIDE]
        said[section] = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "件数・金額は 0 以上です（基準値・目標値がマイナスの指標はマイナスも）。" in said[k10.owner]
    assert "件数・金額は 0 以上です。" in said[other] and "マイナスも" not in said[other]
