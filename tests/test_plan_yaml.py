"""The plan written as a plan file (``plan export 計画.yaml``, and the text the ledger keeps for a plan
from the plan master) reads back as the same plan — every part of it."""

from __future__ import annotations

import pytest
import yaml

from reform_xlsx.plan.export import plan_digest, plan_to_dict
from reform_xlsx.plan.loading import bundled_plan_text, load_plan, parse_plan
from reform_xlsx.plan.yaml_export import plan_yaml
from second_plan import PLAN_FILE


def revised_text() -> str:
    """The bundled plan with what a revision brings: the years of the 主な取組, a KPI added and one retired,
    a reorganisation, its 改訂日・適用年度・理由, and a date-like 版."""
    data = yaml.safe_load(bundled_plan_text())
    item = data["areas"][0]["categories"][0]["items"][1]  # 1-1-2
    item["actions"] = [{"text": item["actions"][0], "start": "R8", "end": "R9", "stage": "検討"},
                       {"text": item["actions"][1], "start": "R10"}]
    data["kpis"][8]["end"] = "R10"
    data["kpis"].append({**data["kpis"][9], "id": "K14", "name": "企業版ふるさと納税の件数", "kind": "count",
                         "unit": "件", "baseline": None, "target": 10, "direction": "増加", "start": "R10"})
    data["sections"][3] = "収納課"
    data["reorganisations"] = [{"year": "R9", "from": "税務課", "to": "収納課"}]
    data["revision"] = {"date": "令和9年3月10日", "effective_year": "R9", "reason": "組織改正"}
    data["plan"]["version"] = "2027-03-10"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("text, source", [(bundled_plan_text(), "bundled"), (PLAN_FILE.read_text("utf-8"), "minamiyama"),
                                          (revised_text(), "revised")])
def test_written_plan_reads_back_the_same(text, source):
    plan, _ = parse_plan(text, source)
    again, warnings = parse_plan(plan_yaml(plan), "written")
    assert warnings == []
    assert plan_digest(again) == plan_digest(plan)
    assert plan_to_dict(again) | {"plan": {}} == plan_to_dict(plan) | {"plan": {}}  # the revision's words too


def test_a_revision_in_the_plan_file():
    plan, _ = parse_plan(revised_text(), "revised")
    assert (plan.version, plan.revision.revised_on, plan.effective_year, plan.revision.reason) == (
        "2027-03-10", "2027-03-10", 2027, "組織改正")  # 版 stays text; 改訂日 read as a date
    assert [k.owner for k in plan.kpis if k.id in ("K02", "K05")] == ["収納課", "収納課"]  # moved with the rename
    assert plan.item("1-1-3").sections == ("DX推進課", "収納課", "市民課")
    assert [k.id for k in plan.kpis_in(2026)][-1] == "K13" and [k.id for k in plan.kpis_in(2029)][-2:] == ["K13", "K14"]
    assert plan.item("1-1-2").schedule_lines(2027, plan.end_year) == ("▶令和8～9年度 検討", "令和10年度～ ②")


def test_the_revision_is_not_the_plans_content():
    plan, _ = parse_plan(revised_text(), "revised")
    other, _ = parse_plan(revised_text().replace("組織改正", "組織の見直し"), "again")
    assert plan_digest(plan) == plan_digest(other)


def test_a_plan_file_in_the_round(tmp_path):
    path = tmp_path / "計画.yaml"
    plan, _ = load_plan()
    path.write_text(plan_yaml(plan), encoding="utf-8")
    assert plan_digest(load_plan(path)[0]) == plan_digest(plan)
