"""The plan ends and the next one begins (令和13年4月: 第3次 R13–R17 after 第2次 R8–R12).

The next plan is another plan: it goes into a ledger of its own, the old ledger stays for the old plan's
years (a late correction of 令和12年度, 計画期間の総括 reprinted). What the clerk is told when doing the
plausible wrong thing:

- ``templates``/``status``/``merge --year R13`` on the old ledger: T008 at --year (it was a message without a
  code, telling to check --plan — which the old ledger then refuses with L010), saying the next plan needs a
  new ledger and how to make it;
- ``plan import`` of the next plan written over the old one (the exported plan master keeps the old plan ID,
  so the next plan came in as a 「revision」 from 令和13年度, its period 令和13～17年度): P060, refused — the
  years the ledger holds would lie outside the plan, the new plan's 改革項目 under old IDs would read as
  revisions of the old ones, and its first packet would list the whole new plan as 「計画の見直し」.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from five_years import answers
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.loading import bundled_plan_text
from reform_xlsx.plan_import import PlanImportError, import_plan
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template

SECTION = "人事行政課"


def _next_plan(folder: Path, plan_id: str = "nihonmatsu-reform-3", start: str = "R13", end: str = "R17") -> Path:
    """The next plan as the office would write it from the old one: period 令和13～17年度, a new 版."""
    data = yaml.safe_load(bundled_plan_text())
    data["plan"].update(id=plan_id, version="2031-03", name="第3次二本松市市政改革推進行動計画",
                        short_name="第3次市政改革推進行動計画", period={"start": start, "end": end}, baseline_year="R11")
    for area in data["areas"]:
        for category in area["categories"]:
            for item in category["items"]:
                item.pop("marker", None)
    for kpi in data["kpis"]:
        kpi.pop("yearly_targets", None)
    if plan_id == "nihonmatsu-reform-2":  # a revision of the old plan, as plan import would take it
        data["revision"] = {"date": "2031-03-10", "effective_year": start, "reason": "第3次計画の策定"}
    path = folder / f"{plan_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def old_ledger(plan, workdir):
    """The old plan's ledger with 人事行政課's 令和12年度 return accepted."""
    (form,) = write_templates(plan, 2030, workdir / "forms", sections=[SECTION])
    fill_template(form, answers(plan, SECTION, 2030), workdir / "inbox" / form.name)
    run_merge([workdir / "inbox"], plan, 2030, db=workdir / "out" / "reform.db", out=workdir / "out")
    return workdir / "out" / "reform.db"


@pytest.mark.parametrize("command", [
    ["templates", "--year", "R13", "--out", "out/調査票R13"],
    ["status", "--year", "R13", "--remind"],
    ["merge", "inbox", "--year", "令和13年度", "--out", "out"],
    ["report", "--year", "R13", "--out", "out/R13"],
])
def test_a_year_after_the_plan_says_the_next_plan_needs_a_ledger_of_its_own(old_ledger, capsys, command):
    before = sorted(p.relative_to(old_ledger.parent) for p in old_ledger.parent.rglob("*"))
    assert main([*command, "--db", str(old_ledger)]) == 2
    err = capsys.readouterr().err
    assert "[T008 エラー] --year" in err
    assert "令和13年度は計画「第2次二本松市市政改革推進行動計画」" in err and "の期間（令和8年度～令和12年度）の外です" in err
    assert "この計画は令和12年度で終わりました" in err
    assert "次の計画は、この計画の台帳とは別の新しい台帳に取り込みます" in err and "plan import 次の計画.xlsx" in err
    assert "これまでどおりこの計画の台帳で --year R12" in err  # the old plan's years: still this ledger
    assert sorted(p.relative_to(old_ledger.parent) for p in old_ledger.parent.rglob("*")) == before


def test_a_year_after_the_plan_without_a_ledger_speaks_of_no_ledger_as_if_it_were_there(workdir, capsys):
    """templates without --db (no ledger anywhere): 「この台帳」 pointed at a ledger the clerk does not have."""
    assert main(["templates", "--year", "R13", "--out", "forms"]) == 2
    err = capsys.readouterr().err
    assert "[T008 エラー] --year" in err and "この計画は令和12年度で終わりました" in err
    assert "この台帳" not in err and "この計画の台帳" in err
    assert not (workdir / "forms").exists()


def test_t008_in_json(old_ledger, capsys):
    assert main(["status", "--year", "R13", "--db", str(old_ledger), "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["exit_code"] == 2 and [p["code"] for p in doc["problems"]] == ["T008"]
    assert doc["problems"][0]["path"] == "--year"


def test_a_year_before_the_plan_is_t008_without_the_next_plans_advice(workdir, capsys):
    assert main(["templates", "--year", "R5", "--out", "forms"]) == 2
    err = capsys.readouterr().err
    assert "[T008 エラー] --year" in err and "令和5年度は計画「第2次二本松市市政改革推進行動計画」" in err
    assert "次の計画" not in err and "--year と、使う計画" in err
    assert not (workdir / "forms").exists()


def test_the_next_plan_over_the_old_one_is_refused_as_a_revision(old_ledger, workdir, capsys):
    """Taken as a revision from 令和13年度 it was recorded (「変更点 … 計画期間の変更」), and the old ledger then
    ran the next plan's years as if they were the old plan's."""
    path = _next_plan(workdir, "nihonmatsu-reform-2")
    with pytest.raises(PlanImportError) as caught:
        import_plan(path, old_ledger)
    codes = [p.code for p in caught.value.problems]
    assert codes == ["P060"]
    found = caught.value.problems[0]
    assert found.path == "plan.period.start"
    assert "令和13年度～令和17年度" in found.message and "令和12年度" in found.message
    assert "新しい台帳" in found.message and "plan id" not in found.message
    with Ledger(old_ledger) as ledger:
        assert [r.version for r in ledger.plan_records()] == ["2026-02"]
    assert main(["plan", "import", str(path), "--db", str(old_ledger)]) == 2
    assert "[P060 エラー]" in capsys.readouterr().err
    assert main(["plan", "import", str(path), "--db", str(old_ledger), "--force"]) == 2  # not even with --force


def test_a_revision_that_extends_the_period_is_still_a_revision(old_ledger, workdir):
    path = _next_plan(workdir, "nihonmatsu-reform-2", start="R8", end="R13")
    result = import_plan(path, old_ledger, dry_run=True)
    assert not [p for p in result.warnings if p.code == "P060"]
    assert any(c.subject.startswith("計画期間") for c in result.changes)


def test_the_changeover_the_docs_describe(old_ledger, workdir, capsys):
    """A new ledger for the next plan beside the old one; the old one still takes a late 令和12年度 correction."""
    path = _next_plan(workdir)
    new_db = workdir / "第3次" / "reform.db"
    assert main(["plan", "import", str(path), "--db", str(new_db)]) == 0
    assert main(["templates", "--year", "R13", "--out", "第3次/調査票", "--db", str(new_db)]) == 0
    out = capsys.readouterr().out
    assert "第3次二本松市市政改革推進行動計画" in out and "前年度の列は付けていません" in out
    # the late correction of 令和12年度 goes to the old ledger, with the old plan
    assert main(["merge", "inbox", "--year", "R12", "--out", "out", "--db", str(old_ledger)]) in (0, 1)
    with Ledger(old_ledger) as ledger:
        assert {r.plan_id for r in ledger.plan_records()} == {"nihonmatsu-reform-2"}
    assert main(["report", "--year", "R12", "--final", "--out", "out/総括", "--db", str(old_ledger)]) == 0
    assert list((workdir / "out" / "総括").glob("令和12年度_*会議資料.xlsx"))
    with Ledger(new_db) as ledger:
        assert {r.plan_id for r in ledger.plan_records()} == {"nihonmatsu-reform-3"} and ledger.years() == []


def test_the_next_plan_under_the_old_plan_id_goes_into_a_new_ledger(old_ledger, workdir, capsys):
    """The plan master keeps the plan ID: the next plan written over the old one's master is taken by a new ledger."""
    path = _next_plan(workdir, "nihonmatsu-reform-2")
    new_db = workdir / "第3次" / "reform.db"
    assert main(["plan", "import", str(path), "--db", str(new_db)]) == 0
    assert main(["templates", "--year", "R13", "--out", "第3次/調査票", "--db", str(new_db)]) == 0
    assert "前年度の列は付けていません" in capsys.readouterr().out
    assert main(["status", "--year", "R12", "--db", str(old_ledger)]) in (0, 1)


@pytest.mark.parametrize("command", [
    ["plan", "import", "{plan}"],
    ["templates", "--year", "R13", "--out", "forms13", "--plan", "{plan}"],
    ["merge", "inbox", "--year", "R13", "--out", "out", "--plan", "{plan}"],
])
def test_the_next_plan_given_to_the_old_ledger_says_where_it_goes(old_ledger, workdir, capsys, command):
    """L010 told to drop --plan (then T008) or to export this ledger's plan to revise it: not what the next plan needs."""
    path = _next_plan(workdir)
    assert main([c.replace("{plan}", str(path)) for c in command] + ["--db", str(old_ledger)]) == 2
    err = capsys.readouterr().err
    assert "[L010" in err or "L010" in err
    assert "令和13年度から始まる次の計画は、新しい作業フォルダを作り" in err and "令和12年度の訂正" in err
    assert "--plan（または reform-xlsx.toml の plan）を外すと" not in err and "plan export" not in err
    with Ledger(old_ledger) as ledger:
        assert [r.version for r in ledger.plan_records()] == ["2026-02"]
